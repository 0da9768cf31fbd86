# SELECT * FROM invoices WHERE id = <input>
SELECT * FROM invoices WHERE id = 100
SELECT * FROM invoices WHERE id = 101
! SELECT * FROM invoices WHERE id = 100 AND 1=CAST((SELECT version()) AS int)
! SELECT * FROM invoices WHERE id = 100 AND 1=CAST((SELECT email FROM users LIMIT 1) AS int)
! SELECT * FROM invoices WHERE id = 100 AND 1=(SELECT password_hash FROM users LIMIT 1)::int
! SELECT * FROM invoices WHERE id = CAST(current_user AS int)
# SELECT * FROM invoices WHERE number = '<input>'
SELECT * FROM invoices WHERE number = 'INV-2026-001'
! SELECT * FROM invoices WHERE number = '' AND 1=CAST((SELECT string_agg(usename, ',') FROM pg_user) AS numeric)--'
! SELECT * FROM invoices WHERE number = '' || CAST(version() AS int) || ''
! SELECT * FROM invoices WHERE number = '' AND 1=(SELECT query_to_xml('select * from users', true, true, ''))::text::int AND ''=''
# SELECT * FROM invoices WHERE id = <input>: sub-queries that do not start with SELECT
SELECT * FROM invoices WHERE id = 12
! SELECT * FROM invoices WHERE id = 12 AND (WITH x AS (SELECT password_hash FROM users LIMIT 1) SELECT ascii(password_hash) FROM x)>64
! SELECT * FROM invoices WHERE id = 12 AND 1=(TABLE pins LIMIT 1)
! SELECT * FROM invoices WHERE id = 12 AND 1=CAST((WITH x AS (SELECT email FROM users) SELECT email FROM x LIMIT 1) AS int)
