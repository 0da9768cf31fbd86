# jOOQ with the POSTGRES dialect (bind values by default, some inlined constants)
select "public"."book"."id", "public"."book"."title" from "public"."book" where "public"."book"."author_id" = ?
select "public"."book"."id", "public"."book"."title" from "public"."book" where "public"."book"."title" like ? escape '!' order by "public"."book"."title" asc limit ?
insert into "public"."book" ("title", "author_id", "published") values (?, ?, ?) returning "public"."book"."id"
update "public"."book" set "title" = ? where "public"."book"."id" = ?
delete from "public"."book" where "public"."book"."id" = ?
select count(*) from "public"."book" where ("public"."book"."published" is null or "public"."book"."published" > ?)
select "alias_1"."author_id", count(*) from "public"."book" as "alias_1" group by "alias_1"."author_id" having count(*) > ?
select "public"."book"."id" from "public"."book" where "public"."book"."status" = 'DRAFT'
select "public"."author"."id" from "public"."author" where exists (select 1 as "one" from "public"."book" where "public"."book"."author_id" = "public"."author"."id")
select cast(? as varchar) as "v"
select "public"."book"."id" from "public"."book" where "public"."book"."id" in (select "public"."fav"."book_id" from "public"."fav" where "public"."fav"."user_id" = ?) fetch next ? rows only
with "t" as (select "public"."book"."id" from "public"."book") select "t"."id" from "t" offset ? rows
select "public"."book"."id" from "public"."book" where true and "public"."book"."title" is not null
merge into "public"."book" using (select 1 as "one") as "t" on "public"."book"."id" = ? when matched then update set "title" = ? when not matched then insert ("id", "title") values (?, ?)
