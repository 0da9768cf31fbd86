--liquibase formatted sql

--changeset securepool:1
CREATE TABLE invoices (
  id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer TEXT NOT NULL,
  total    NUMERIC(12, 2) NOT NULL
);

--changeset securepool:2
INSERT INTO invoices (customer, total) VALUES ('ACME', 12.50);
