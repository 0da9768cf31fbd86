# SELECT * FROM orders WHERE id = <input>
SELECT * FROM orders WHERE id = 7
! SELECT * FROM orders WHERE id = 7; DROP TABLE orders
! SELECT * FROM orders WHERE id = 7; UPDATE users SET role = 'admin' WHERE email = 'mallory@example.com'
! SELECT * FROM orders WHERE id = 7;INSERT INTO users (email, role) VALUES ('m@x.io', 'admin')--
# UPDATE users SET display_name = '<input>' WHERE id = ?
UPDATE users SET display_name = 'Alice' WHERE id = ?
! UPDATE users SET display_name = 'x'; CREATE TABLE pwn (t text); --' WHERE id = ?
! UPDATE users SET display_name = 'x'; GRANT ALL ON ALL TABLES IN SCHEMA public TO public; --' WHERE id = ?
! SELECT * FROM orders WHERE id = 7; SELECT pg_sleep(10)
! SELECT * FROM orders WHERE id = 7; TRUNCATE audit_log
! SELECT * FROM orders WHERE id = 7;/**/DELETE/**/FROM/**/users
