# Legitimate statements that earlier versions refused, as frameworks and people write them; '⏎'
# stands for a line break inside a statement. Each line is its own call site.
select c1_0.id,c1_0.clazz_,c1_0.version,c1_0.name,c1_0.breed from (select id, version, name, null as breed, 0 as clazz_ from animal union all select id, version, name, breed, 1 as clazz_ from dog) c1_0 where c1_0.id=?
select a1_0.id,a1_0.version from (select id, version, 0 as clazz_ from account union all select id, version, 1 as clazz_ from savings_account union all select id, version, 2 as clazz_ from credit_account) a1_0 where a1_0.version<?
SELECT table_name, 'table' AS kind FROM information_schema.tables WHERE table_schema = 'public' UNION ALL SELECT table_name, 'view' FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1
SELECT column_name FROM information_schema.columns WHERE table_name = ? UNION SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass
SELECT tablename FROM pg_tables WHERE schemaname = 'public' UNION SELECT viewname FROM pg_views WHERE schemaname = 'public'
select b1_0.id,b1_0.title from book b1_0 where (b1_0.title=? or 1=1) and b1_0.status=?
select b1_0.id from book b1_0 where (b1_0.author_id=? or 1=1) and (b1_0.published=? or 1=1)
SELECT balance -- customer's balance⏎FROM accounts WHERE id = ?
SELECT balance FROM accounts WHERE id = ? -- customer's balance
SELECT o.id, o.total⏎FROM orders o⏎WHERE o.status = 'OPEN'⏎-- AND o.created_at > now() - interval '1 day'
SELECT * FROM orders WHERE customer_id = ?⏎  -- AND status = 'OPEN'
UPDATE accounts SET balance = balance - ? WHERE id = ? -- don't touch frozen ones here
COPY (SELECT id, substring(code FROM '^[A-Z]+') AS prefix FROM products) TO STDOUT WITH (FORMAT csv)
COPY (SELECT id, name FROM customers WHERE region = 'EU') TO STDOUT WITH CSV HEADER
COPY products (id, name) FROM STDIN WITH (FORMAT csv)
SELECT id FROM docs WHERE meta ?? 'draft'
SELECT id FROM docs WHERE tags ??| array['a', 'b']
select o1_0.id from orders o1_0 where o1_0.status='OPEN' and exists(select 1 from items i1_0 where i1_0.order_id=o1_0.id)
select c1_0.id from customer c1_0 where c1_0.tier='GOLD' and c1_0.id in (select o1_0.customer_id from orders o1_0 where o1_0.total>?)
SELECT id FROM products WHERE category = 'garden' AND price > (SELECT avg(price) FROM products WHERE category = 'garden')
SELECT * FROM feature_flags WHERE name = 'beta' OR name = 'beta-eu'
SELECT id FROM tickets WHERE status = 'OPEN' OR assignee_id IS NULL
SELECT id, name FROM products ORDER BY name LIMIT 20 OFFSET 40
/* app=orders,route=/checkout */ SELECT id FROM carts WHERE owner_id = ?
SELECT id FROM carts WHERE owner_id = ? /*traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/
SELECT count(*) FROM events WHERE kind = 'LOGIN' AND at > now() - interval '1 hour'
SELECT n.nspname FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg\_%' ESCAPE '\' AND n.nspname <> 'information_schema'
select u1_0.id from users u1_0 where u1_0.deleted=false and u1_0.email=?
select p1_0.id from product p1_0 where p1_0.price between 10 and 20 and p1_0.category='TOOLS'
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10) SELECT n FROM t
SELECT generate_series(1, 31) AS day
