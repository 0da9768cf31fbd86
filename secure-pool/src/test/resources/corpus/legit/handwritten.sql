# Hand-written SQL in application code (JdbcTemplate, plain JDBC), multi-clause but constant
SELECT id, amount FROM payments WHERE status = 'PENDING' AND created_at < now() - interval '10 minutes' ORDER BY created_at LIMIT 200
SELECT u.id FROM users u WHERE u.role = 'ADMIN' OR u.role = 'OWNER'
SELECT id FROM tickets WHERE priority = 1 OR priority = 2
SELECT id FROM tickets WHERE assignee IS NULL OR assignee = ?
SELECT count(*) FILTER (WHERE status = 'DONE') AS done, count(*) AS total FROM tasks WHERE project_id = ?
SELECT * FROM feature_flags WHERE name = 'new-checkout' AND enabled
SELECT id FROM accounts WHERE balance < 0 OR frozen
SELECT id, name FROM products WHERE price > 100.00 AND stock = 0
SELECT * FROM shipments WHERE carrier = 'DHL' AND status <> 'DELIVERED'
SELECT * FROM shipments WHERE carrier = 'UPS' AND status <> 'DELIVERED'
SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = 'public'
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name
SELECT pid, state, query_start FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'
SELECT rolname FROM pg_roles WHERE pg_has_role(current_user, oid, 'member')
SELECT greatest(0, least(100, ?))
SELECT id FROM orders WHERE (status = 'PAID' OR status = 'SHIPPED') AND customer_id = ?
SELECT md5(random()::text)
SELECT now() AT TIME ZONE 'UTC'
SELECT * FROM prices WHERE valid_during @> now()::timestamp AND currency = 'USD'
CREATE TEMP TABLE import_batch (id bigint, payload jsonb) ON COMMIT DROP
DECLARE big_export CURSOR WITH HOLD FOR SELECT * FROM orders
PREPARE find_user (bigint) AS SELECT * FROM users WHERE id = $1
EXECUTE find_user(1)
DISCARD ALL
CALL archive_orders(?)
DO $$ BEGIN PERFORM refresh_materialized_views(); END $$
SELECT refresh_totals(?)
VALUES (1, 'one'), (2, 'two')
TABLE countries
SELECT * FROM users WHERE email = ? -- login lookup
SELECT E'line\nbreak' AS sample
SELECT U&'d\0061t\+000061' AS word
SELECT B'1010' | B'0101'
SELECT 0x1F, 1_000_000, .5, 1.5e3
