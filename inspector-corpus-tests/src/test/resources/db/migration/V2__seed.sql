INSERT INTO author (name, email) VALUES ('Ada Lovelace', 'ada@example.com');
INSERT INTO author (name, email) VALUES ('Alan Turing', 'alan@example.com');
INSERT INTO author (name, email) VALUES ('Grace Hopper', NULL);
INSERT INTO book (author_id, title, isbn, state, price) VALUES (1, 'Notes', '978-0000000001', 'PUBLISHED', 12.50);
INSERT INTO book (author_id, title, isbn, state, price) VALUES (2, 'Computable Numbers', '978-0000000002', 'PUBLISHED', 30);
INSERT INTO book (author_id, title, isbn, state, price) VALUES (3, 'Compilers', '978-0000000003', 'DRAFT', NULL);
UPDATE book SET state = 'ARCHIVED' WHERE isbn = '978-0000000003';
