# Captured by inspector-corpus-tests/FrameworkCorpusIT: what mybatis emitted against the test kit's server (regenerate: run that IT, copy target/framework-corpus/mybatis.sql).
SELECT id, title, state FROM book WHERE id = ?
SELECT id, title FROM book WHERE id IN (  ? , ? )  ORDER BY id
SELECT id, title FROM book WHERE id IN (  ? , ? , ? )  ORDER BY id
SELECT id, title FROM book WHERE state = ?  ORDER BY title LIMIT ?
SELECT id, title FROM book WHERE  lower(title) LIKE lower(?)  ORDER BY title LIMIT ?
SELECT count(*) FROM book WHERE state = 'PUBLISHED' AND price IS NOT NULL
INSERT INTO book (author_id, title, isbn, state, price) VALUES (?, ?, ?, 'DRAFT', ?)
UPDATE book SET price = price * 1.1, version = version + 1 WHERE state = ?
DELETE FROM review WHERE stars < ?
