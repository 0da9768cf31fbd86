# a display name stored safely earlier, later concatenated into an update
INSERT INTO users (email, display_name) VALUES (?, ?)
UPDATE users SET password_hash = '$2a$10$abc' WHERE display_name = 'Alice'
! UPDATE users SET password_hash = '$2a$10$abc' WHERE display_name = 'admin'--'
! UPDATE users SET password_hash = '$2a$10$abc' WHERE display_name = 'x' OR 'a'='a'
! SELECT * FROM audit WHERE actor = 'x'; DELETE FROM audit--'
! SELECT * FROM audit WHERE actor = 'x' UNION SELECT usename FROM pg_shadow WHERE ''=''
! INSERT INTO notes (author, body) VALUES ('x', (SELECT passwd FROM pg_shadow LIMIT 1))--', 'hello')
# INSERT INTO comments (page_id, author, body) VALUES (3, 'guest', '<input>'): a sub-select wrapped in a call
INSERT INTO comments (page_id, author, body) VALUES (3, 'guest', 'nice')
! INSERT INTO comments (page_id, author, body) VALUES (3, 'guest', ''||concat((SELECT password_hash FROM users LIMIT 1))||'')
! INSERT INTO comments (page_id, author, body) VALUES (3, 'guest', ''||coalesce((SELECT password_hash FROM users LIMIT 1), '')||'')
! INSERT INTO comments (page_id, author, body) VALUES (3, 'guest', ''||pg_catalog.upper((SELECT password_hash FROM users LIMIT 1))||'')
! INSERT INTO comments (page_id, author, body) VALUES (3, 'guest', ''||{fn concat('', (SELECT password_hash FROM users LIMIT 1))}||'')
# SELECT * FROM orders WHERE id = <input>: arithmetic on a wrapped sub-select
SELECT * FROM orders WHERE id = 1001
! SELECT * FROM orders WHERE id = 1001+length((SELECT password_hash FROM users LIMIT 1))-40
! SELECT * FROM orders WHERE id = 1001-concat((SELECT count(*) FROM users))::int
