# SELECT id, name, price FROM products WHERE category_id = <input>
SELECT id, name, price FROM products WHERE category_id = 3
! SELECT id, name, price FROM products WHERE category_id = 3 UNION SELECT usename, passwd, 0 FROM pg_shadow
! SELECT id, name, price FROM products WHERE category_id = -1 UNION ALL SELECT rolname, rolpassword, 1 FROM pg_authid
! SELECT id, name, price FROM products WHERE category_id = -1 UNION SELECT null, umoptions::text, null FROM pg_user_mappings
! SELECT id, name, price FROM products WHERE category_id = 3 UNION SELECT 1, srvname || ':' || array_to_string(umoptions, ','), 1 FROM pg_catalog.pg_user_mapping JOIN pg_foreign_server ON true
# SELECT title FROM articles WHERE slug = '<input>'
SELECT title FROM articles WHERE slug = 'hello-world'
! SELECT title FROM articles WHERE slug = 'x' UNION SELECT passwd FROM pg_shadow--'
! SELECT title FROM articles WHERE slug = 'x' UNION SELECT string_agg(usename || ':' || passwd, ',') FROM "pg_shadow" WHERE ''=''
! SELECT title FROM articles WHERE slug = 'x' UNION SELECT email || ':' || password_hash FROM users--'
! SELECT title FROM articles WHERE slug = 'x' UNION SELECT table_name FROM information_schema.tables WHERE 'a'='a'
! SELECT id, name, price FROM products WHERE category_id = -1 UNION SELECT 1, current_user, 1
! SELECT id, name, price FROM products WHERE category_id = -1 UNION SELECT NULL, version(), NULL
# SELECT id, name, price FROM products WHERE category_id = <input>: arms that are not SELECT
SELECT id, name, price FROM products WHERE category_id = 4
! SELECT id, name, price FROM products WHERE category_id = 4 UNION TABLE users
! SELECT id, name, price FROM products WHERE category_id = 4 UNION ALL VALUES (1, 'forged', 0)
! SELECT id, name, price FROM products WHERE category_id = 4 UNION (SELECT * FROM users)
! SELECT id, name, price FROM products WHERE category_id = 4 UNION DISTINCT (TABLE users)
# SELECT id, role FROM users WHERE username = '<input>' AND active = true: a forged row, quotes balanced
SELECT id, role FROM users WHERE username = 'alice' AND active = true
! SELECT id, role FROM users WHERE username = 'x' UNION SELECT 1, 'admin' WHERE ''='' AND active = true
! SELECT id, role FROM users WHERE username = 'x' UNION SELECT id, 'admin' FROM users WHERE 'a'='a' AND active = true
