# The same templates hit with benign values, then with values that keep the template's shape:
# only the variance rule can tell these from constants.
SELECT * FROM orders WHERE customer_id = 1001
SELECT * FROM orders WHERE customer_id = 1002
! SELECT * FROM orders WHERE customer_id = 1
! SELECT * FROM orders WHERE customer_id = 1003
SELECT name, email FROM customers WHERE email = 'gina@example.com'
SELECT name, email FROM customers WHERE email = 'hank@example.com'
! SELECT name, email FROM customers WHERE email = 'admin@example.com'
SELECT * FROM invoices WHERE tenant_id = 7 AND status = 'OPEN'
SELECT * FROM invoices WHERE tenant_id = 7 AND status = 'PAID'
! SELECT * FROM invoices WHERE tenant_id = 8 AND status = 'OPEN'
! SELECT * FROM invoices WHERE tenant_id = 7 AND status = 'OPEN' AND 1=CAST((SELECT current_user) AS int)
UPDATE profiles SET bio = 'Hello there' WHERE user_id = ?
UPDATE profiles SET bio = 'I like cats' WHERE user_id = ?
! UPDATE profiles SET bio = 'x', is_admin = true WHERE user_id = ?
! SELECT * FROM orders WHERE customer_id = 1001 AND total > (SELECT count(*) FROM users)
