# SELECT id FROM users WHERE username = '<u>' AND password_hash = '<p>'
SELECT id FROM users WHERE username = 'dave' AND password_hash = '5f4dcc3b5aa765d61d8327deb882cf99'
! SELECT id FROM users WHERE username = 'admin'--' AND password_hash = 'x'
! SELECT id FROM users WHERE username = 'admin' --' AND password_hash = 'x'
! SELECT id FROM users WHERE username = 'admin'/*' AND password_hash = 'x'
! SELECT id FROM users WHERE username = 'admin')--' AND password_hash = 'x'
# SELECT * FROM documents WHERE owner_id = <input> AND deleted = false
SELECT * FROM documents WHERE owner_id = 5 AND deleted = false
! SELECT * FROM documents WHERE owner_id = 5-- AND deleted = false
! SELECT * FROM documents WHERE owner_id = 5 OR owner_id > 0-- AND deleted = false
! SELECT * FROM documents WHERE owner_id = 5 /* AND deleted = false
! UPDATE documents SET title = 'x' WHERE id = 9--' AND owner_id = 5
! DELETE FROM documents WHERE id = 9 -- AND owner_id = 5
# The attacker writes the start of the comment, the template its end
! SELECT id FROM users WHERE username = 'admin' -- x' AND password_hash = 'x'
! SELECT id FROM users WHERE username = 'admin';-- ' AND password_hash = 'x'
! DELETE FROM documents WHERE id = 9 -- x AND owner_id = 5
! DELETE FROM documents WHERE id = 9 -- /* x */ AND owner_id = 5
! DELETE FROM documents WHERE id = 9; -- AND owner_id = 5
