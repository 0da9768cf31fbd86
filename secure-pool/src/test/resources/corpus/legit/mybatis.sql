# MyBatis mappers (#{} becomes ?, static SQL fragments stay)
SELECT id, username, email FROM users WHERE 1=1 AND username LIKE CONCAT('%', ?, '%') ORDER BY created_at DESC LIMIT 10
SELECT id, username, email FROM users WHERE 1=1 AND email = ? AND status = 'ACTIVE'
SELECT id, username FROM users WHERE id IN ( ? , ? , ? )
INSERT INTO users ( username, email, status ) VALUES ( ?, ?, 'PENDING' )
UPDATE users SET status = 'LOCKED', locked_at = now() WHERE failed_logins >= 5
UPDATE users SET email = ? WHERE id = ?
SELECT u.id, u.username, r.name AS role_name FROM users u LEFT JOIN user_roles ur ON ur.user_id = u.id LEFT JOIN roles r ON r.id = ur.role_id WHERE u.id = ?
SELECT * FROM orders WHERE status = 'NEW' AND created_at > ? ORDER BY id LIMIT 500
SELECT * FROM orders WHERE total BETWEEN ? AND ? ORDER BY total DESC
DELETE FROM carts WHERE updated_at < now() - interval '14 days'
SELECT count(*) FROM users WHERE created_at >= date_trunc('month', now())
{call refresh_stats(?)}
{? = call next_invoice_number(?)}
SELECT {fn ucase(name)} FROM products WHERE id = ?
SELECT * FROM events WHERE occurred_on = {d '2026-01-01'}
