# Captured by inspector-corpus-tests/FrameworkCorpusIT: what hibernate emitted against the test kit's server (regenerate: run that IT, copy target/framework-corpus/hibernate.sql).
set client_min_messages = WARNING
alter table if exists orm.Book drop constraint if exists FK5rb86hooa6jiw2cxsb2bkq8j5
drop table if exists orm.Book cascade
drop table if exists orm.Film cascade
drop table if exists orm.Writer cascade
drop sequence if exists orm.Writer_SEQ
create sequence orm.Writer_SEQ start with 1 increment by 50
create table orm.Book (version integer not null, id bigint not null, writer_id bigint, isbn varchar(255), state varchar(255), title varchar(255), primary key (id))
create table orm.Film (minutes integer not null, version integer not null, id bigint not null, state varchar(255), title varchar(255), primary key (id))
create table orm.Writer (id bigint not null, email varchar(255), name varchar(255), primary key (id))
alter table if exists orm.Book add constraint FK5rb86hooa6jiw2cxsb2bkq8j5 foreign key (writer_id) references orm.Writer
select nextval('orm.Writer_SEQ')
insert into orm.Writer (email,name,id) values (?,?,?)
insert into orm.Book (state,title,version,isbn,writer_id,id) values (?,?,?,?,?,?)
insert into orm.Film (state,title,version,minutes,id) values (?,?,?,?,?)
insert into orm.Book (state,title,version,isbn,writer_id,id) values (?,?,?,?,?,?)
insert into orm.Film (state,title,version,minutes,id) values (?,?,?,?,?)
insert into orm.Book (state,title,version,isbn,writer_id,id) values (?,?,?,?,?,?)
insert into orm.Film (state,title,version,minutes,id) values (?,?,?,?,?)
select b1_0.id,b1_0.state,b1_0.title,b1_0.version,b1_0.isbn,w1_0.id,w1_0.email,w1_0.name from orm.Book b1_0 left join orm.Writer w1_0 on w1_0.id=b1_0.writer_id where b1_0.id=?
update orm.Book set state=?,title=?,version=?,isbn=?,writer_id=? where id=? and version=?
select m1_0.id,m1_0.clazz_,m1_0.state,m1_0.title,m1_0.version,m1_0.isbn,m1_0.writer_id,m1_0.minutes from (select version, id, writer_id, isbn, state, title, cast(null as integer) as minutes, 1 as clazz_ from orm.Book union all select version, id, cast(null as bigint) as writer_id, cast(null as varchar(255)) as isbn, state, title, minutes, 2 as clazz_ from orm.Film) m1_0 where m1_0.state='ACTIVE' order by m1_0.title
select m1_0.id,m1_0.clazz_,m1_0.state,m1_0.title,m1_0.version,m1_0.isbn,m1_0.writer_id,m1_0.minutes from (select version, id, writer_id, isbn, state, title, cast(null as integer) as minutes, 1 as clazz_ from orm.Book union all select version, id, cast(null as bigint) as writer_id, cast(null as varchar(255)) as isbn, state, title, minutes, 2 as clazz_ from orm.Film) m1_0 where m1_0.title like ? escape ''
select b1_0.id,b1_0.state,b1_0.title,b1_0.version,b1_0.isbn,w1_0.id,w1_0.email,w1_0.name from orm.Book b1_0 join orm.Writer w1_0 on w1_0.id=b1_0.writer_id where w1_0.name=? and b1_0.id in (?,?,?)
select b1_0.id,b1_0.state,b1_0.title,b1_0.version,b1_0.isbn,b1_0.writer_id from orm.Book b1_0 where (? is null or b1_0.state=?)
select count(b1_0.id) from orm.Book b1_0 where b1_0.isbn is not null
select b1_0.id,b1_0.state,b1_0.title,b1_0.version,b1_0.isbn,b1_0.writer_id from orm.Book b1_0 order by b1_0.id offset ? rows fetch first ? rows only
update orm.Book b1_0 set state='ARCHIVED' where b1_0.state='DRAFT'
select title from orm.book where id = ?
select b1_0.id,b1_0.state,b1_0.title,b1_0.version,b1_0.isbn,b1_0.writer_id from orm.Book b1_0 where b1_0.state=? and b1_0.title like ? escape ''
select f1_0.id,f1_0.state,f1_0.title,f1_0.version,f1_0.minutes from orm.Film f1_0 where f1_0.id=?
delete from orm.Film where id=? and version=?
