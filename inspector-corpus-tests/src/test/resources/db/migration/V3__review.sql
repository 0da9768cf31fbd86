CREATE TABLE review (
  id bigserial PRIMARY KEY,
  book_id bigint NOT NULL REFERENCES book (id) ON DELETE CASCADE,
  stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  body text NOT NULL DEFAULT ''
);
CREATE VIEW book_rating AS
  SELECT b.id, b.title, coalesce(avg(r.stars), 0) AS rating
  FROM book b LEFT JOIN review r ON r.book_id = b.id
  GROUP BY b.id, b.title;
