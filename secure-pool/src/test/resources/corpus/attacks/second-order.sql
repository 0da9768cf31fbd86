# a display name stored safely earlier, later concatenated into an update
INSERT INTO users (email, display_name) VALUES (?, ?)
UPDATE users SET password_hash = '$2a$10$abc' WHERE display_name = 'Alice'
! UPDATE users SET password_hash = '$2a$10$abc' WHERE display_name = 'admin'--'
! UPDATE users SET password_hash = '$2a$10$abc' WHERE display_name = 'x' OR 'a'='a'
! SELECT * FROM audit WHERE actor = 'x'; DELETE FROM audit--'
! SELECT * FROM audit WHERE actor = 'x' UNION SELECT usename FROM pg_shadow WHERE ''=''
! INSERT INTO notes (author, body) VALUES ('x', (SELECT passwd FROM pg_shadow LIMIT 1))--', 'hello')
