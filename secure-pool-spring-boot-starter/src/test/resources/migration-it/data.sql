INSERT INTO app.init_seed (id, name) VALUES (1, 'seed') ON CONFLICT (id) DO NOTHING;
