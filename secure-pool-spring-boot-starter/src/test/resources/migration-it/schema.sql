CREATE TABLE IF NOT EXISTS app.init_seed (id bigint PRIMARY KEY, name text NOT NULL);
GRANT SELECT ON app.init_seed TO sp_app;
