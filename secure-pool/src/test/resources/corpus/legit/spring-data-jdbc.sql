# Spring Data JDBC and JdbcTemplate / NamedParameterJdbcTemplate
SELECT "customer"."id" AS "id", "customer"."name" AS "name", "customer"."email" AS "email" FROM "customer" WHERE "customer"."id" = ?
SELECT "customer"."id" AS "id", "customer"."name" AS "name" FROM "customer" ORDER BY "customer"."name" ASC LIMIT 20 OFFSET 40
SELECT "customer"."id" AS "id", "customer"."name" AS "name" FROM "customer" ORDER BY "customer"."name" ASC LIMIT 20 OFFSET 0
SELECT COUNT(*) FROM "customer"
INSERT INTO "customer" ("name", "email") VALUES (?, ?)
UPDATE "customer" SET "name" = ?, "email" = ? WHERE "customer"."id" = ?
DELETE FROM "customer" WHERE "customer"."id" = ?
SELECT "orders"."id" AS "id" FROM "orders" WHERE "orders"."customer_id" IN (?, ?, ?)
SELECT id, name FROM customer WHERE name = ? AND status = 'ACTIVE'
SELECT id, name FROM customer WHERE status = 'ACTIVE' ORDER BY name LIMIT 50
SELECT count(*) FROM jobs WHERE status = 'FAILED' AND updated_at < now() - interval '1 hour'
SELECT count(*) FROM jobs WHERE status = 'RUNNING' AND started_at < now() - interval '15 minutes'
DELETE FROM sessions WHERE expires_at < now() - interval '7 days'
SELECT to_char(created_at, 'YYYY-MM') AS month, count(*) FROM orders GROUP BY 1 ORDER BY 1
SELECT date_trunc('day', created_at) AS day, sum(total) FROM orders WHERE created_at >= ? GROUP BY 1
SELECT id FROM outbox WHERE published = false ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED
UPDATE outbox SET published = true, published_at = now() WHERE id = ?
SELECT pg_advisory_xact_lock(?)
SELECT pg_try_advisory_lock(?)
SELECT pg_advisory_unlock(?)
SELECT set_config('app.tenant_id', ?, false)
SELECT set_config('app.tenant_id', ?, true)
SET statement_timeout = '5s'
SET statement_timeout TO 30000
SET TIME ZONE 'UTC'
SET search_path TO app, public
SET application_name = 'orders-api'
SELECT 1
SELECT version()
SELECT current_setting('server_version_num')
LISTEN order_events
SELECT pg_notify('order_events', ?)
SELECT id, payload FROM events WHERE created_at > now() - interval '1 day' AND payload ->> 'kind' = 'ORDER_PLACED'
SELECT * FROM orders WHERE id = ? /*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',controller='orders',action='show'*/
/*action='index',framework='spring'*/ SELECT id, name FROM products WHERE active ORDER BY name LIMIT ?
SELECT id FROM users WHERE lower(email) = lower(?) -- unique index on lower(email)
SELECT id FROM users WHERE email LIKE ? ESCAPE '\'
SELECT 'x'::regclass IS NOT NULL
SELECT pg_get_serial_sequence('orders', 'id')
SELECT setval('orders_id_seq', (SELECT max(id) FROM orders))
SELECT EXISTS (SELECT 1 FROM users WHERE email = ?)
SELECT id, created_at AT TIME ZONE 'Europe/Berlin' FROM orders WHERE id = ?
SELECT coalesce(sum(amount), 0) FROM payments WHERE order_id = ? AND state <> 'REFUNDED'
INSERT INTO events (kind, payload) VALUES ('USER_CREATED', ?::jsonb)
INSERT INTO users (email, name) VALUES (?, ?) ON CONFLICT (email) DO UPDATE SET name = excluded.name RETURNING id
WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval '30 days') SELECT customer_id, count(*) FROM recent GROUP BY customer_id HAVING count(*) > 5
SELECT format('%s-%s', prefix, number) FROM invoices WHERE id = ?
SELECT jsonb_build_object('id', id, 'name', name) FROM users WHERE id = ?
BEGIN
COMMIT
ROLLBACK
SAVEPOINT sp1
RELEASE SAVEPOINT sp1
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE
SET LOCAL lock_timeout = '2s'
