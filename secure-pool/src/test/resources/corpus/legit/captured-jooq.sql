# Captured by inspector-corpus-tests/FrameworkCorpusIT: what jooq emitted against the test kit's server (regenerate: run that IT, copy target/framework-corpus/jooq.sql).
select "book"."id", "book"."title" from "shop"."book" where "book"."state" = ? order by "book"."title"
select "author"."name", count(*) from "shop"."author" join "shop"."book" on "book"."author_id" = "author"."id" where "book"."state" in (?, ?) group by "author"."name" having count(*) > ?
select * from "shop"."book" where "book"."id" in (?, ?) offset ? rows fetch next ? rows only
insert into "shop"."book" ("author_id", "title", "isbn") values (?, ?, ?)
update "shop"."book" set "price" = ? where "book"."title" = ?
select "book"."id" from "shop"."book" where "book"."title" ilike ?
select "book"."id" from "shop"."book" where exists (select 1 as "one" from "shop"."author" where "author"."id" = "book"."author_id")
delete from "shop"."book" where "book"."title" = ?
