CREATE TABLE author (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  email text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE book (
  id bigserial PRIMARY KEY,
  author_id bigint NOT NULL REFERENCES author (id),
  title text NOT NULL,
  isbn varchar(20) UNIQUE,
  state varchar(16) NOT NULL DEFAULT 'DRAFT',
  price numeric(10, 2),
  version integer NOT NULL DEFAULT 0
);

CREATE INDEX book_title_idx ON book (lower(title));

COMMENT ON TABLE book IS 'Books of the catalogue; the author''s own entries included';
