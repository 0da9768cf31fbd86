CREATE TABLE mig.orders (id bigint PRIMARY KEY, item text NOT NULL, version integer NOT NULL DEFAULT 0);
GRANT SELECT, INSERT, UPDATE, DELETE ON mig.orders TO sp_app;
