# Hibernate 6 (Spring Data JPA repositories, HQL, Criteria), with hibernate.use_sql_comments on some
select u1_0.id,u1_0.created_at,u1_0.email,u1_0.name,u1_0.version from users u1_0 where u1_0.id=?
select u1_0.id,u1_0.created_at,u1_0.email,u1_0.name,u1_0.version from users u1_0 where u1_0.email=?
insert into users (created_at,email,name,version,id) values (?,?,?,?,?)
update users set created_at=?,email=?,name=?,version=? where id=? and version=?
delete from users where id=? and version=?
select next value for users_seq
select nextval('users_seq')
select nextval('orders_seq')
select nextval('order_items_seq')
select o1_0.id,o1_0.customer_id,o1_0.status,o1_0.total from orders o1_0 where o1_0.customer_id=? order by o1_0.created_at desc offset ? rows fetch first ? rows only
select o1_0.id,o1_0.status from orders o1_0 where o1_0.status='PENDING' and o1_0.created_at<?
select o1_0.id,o1_0.status from orders o1_0 where o1_0.status='SHIPPED' and o1_0.updated_at>?
select count(o1_0.id) from orders o1_0 where o1_0.status in (?,?,?)
select o1_0.id from orders o1_0 where 1=0
select o1_0.id,o1_0.total from orders o1_0 where (o1_0.customer_id=? or ? is null) and (o1_0.status=? or ? is null)
/* <criteria> */ select p1_0.id,p1_0.name,p1_0.price from products p1_0 where lower(p1_0.name) like ? escape '\' order by p1_0.name
/* select p from Product p where p.active = true */ select p1_0.id,p1_0.name from products p1_0 where p1_0.active=true
select p1_0.id,p1_0.name from products p1_0 where p1_0.active and p1_0.deleted_at is null
select i1_0.order_id,i1_0.id,i1_0.product_id,i1_0.quantity from order_items i1_0 where i1_0.order_id=?
select c1_0.id,c1_0.name,a1_0.id,a1_0.city from customers c1_0 left join addresses a1_0 on c1_0.id=a1_0.customer_id where c1_0.id=?
select o1_0.id from orders o1_0 where o1_0.id=? for update
select o1_0.id from orders o1_0 where o1_0.id=? for no key update skip locked
update orders set status='CANCELLED' where status='PENDING' and created_at<?
select e1_0.id,case when e1_0.kind='INTERNAL' then 1 when e1_0.kind='EXTERNAL' then 2 end from employees e1_0
select a1_0.id,a1_0.amount from accounts a1_0 where a1_0.balance>0 and a1_0.currency='EUR'
select extract(year from o1_0.created_at),count(*) from orders o1_0 group by 1 order by 1
insert into audit_log (action,actor,at,details,id) values (?,?,?,?,?)
select t1_0.id,t1_0.payload from tasks t1_0 where t1_0.payload->>'type'=? and t1_0.state='READY' limit ?
select d1_0.id from documents d1_0 where d1_0.tags @> cast(? as jsonb)
