CREATE TABLE own_connection_marker (id int);
