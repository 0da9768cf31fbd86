# SELECT * FROM users WHERE email = '<input>' AND active = true
SELECT id, email, name FROM users WHERE email = 'alice@example.com' AND active = true
! SELECT id, email, name FROM users WHERE email = '' OR '1'='1' AND active = true
! SELECT id, email, name FROM users WHERE email = 'x' OR 'a'='a' AND active = true
! SELECT id, email, name FROM users WHERE email = '' OR ''='' AND active = true
# numeric id template: SELECT * FROM orders WHERE id = <input>
SELECT * FROM orders WHERE id = 42
! SELECT * FROM orders WHERE id = 42 OR 1=1
! SELECT * FROM orders WHERE id = 0 OR true
! SELECT * FROM orders WHERE id = 0 OR 2>1
! SELECT * FROM orders WHERE id = -1 OR 1<>2
! SELECT * FROM orders WHERE id = 1 OR NOT false
! SELECT * FROM orders WHERE id = 1 OR id=id
# login template: ... WHERE username = '<u>' AND password_hash = crypt('<p>', password_hash)
! SELECT id FROM accounts WHERE username = 'admin' AND password_hash = crypt('' OR 1=1) OR ('a'='a', password_hash)
! UPDATE accounts SET last_login = now() WHERE username = 'bob' OR 'x'='x'
! DELETE FROM sessions WHERE token = 'abc' OR 1=1
! SELECT * FROM products WHERE category = 'books' OR 3 BETWEEN 1 AND 5
! SELECT * FROM products WHERE name LIKE '%' OR 'a' LIKE 'a' AND visible
# SELECT id, name FROM products WHERE name LIKE '%<input>%'
SELECT id, name FROM products WHERE name LIKE '%lamp%'
! SELECT id, name FROM products WHERE name LIKE '%' OR name LIKE '%%'
! SELECT id, name FROM products WHERE name LIKE '%' OR name ILIKE '%%'
! SELECT id, name FROM products WHERE name LIKE '%' OR name ~~ '%%'
! SELECT id, name FROM products WHERE name LIKE '%x' OR name SIMILAR TO '%%'
# SELECT id, role FROM users WHERE username = '<input>' AND active = true: an OR beyond the empty text
SELECT id, role FROM users WHERE username = 'alice' AND active = true
! SELECT id, role FROM users WHERE username = 'x' OR username >= '' AND active = true
! SELECT id, role FROM users WHERE username = 'x' OR username <> '' AND active = true
! SELECT id, role FROM users WHERE username = 'x' OR COALESCE(username, '') != '' AND active = true
! SELECT id, role FROM users WHERE username = 'x' OR username NOT LIKE '' AND active = true
! SELECT id, role FROM users WHERE username = 'x' OR username::text > '' AND active = true
