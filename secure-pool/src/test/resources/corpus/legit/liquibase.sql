#! script-runner
# Liquibase changelogs and its own bookkeeping
SELECT COUNT(*) FROM public.databasechangeloglock
CREATE TABLE public.databasechangeloglock (ID INTEGER NOT NULL, LOCKED BOOLEAN NOT NULL, LOCKGRANTED TIMESTAMP WITHOUT TIME ZONE, LOCKEDBY VARCHAR(255), CONSTRAINT databasechangeloglock_pkey PRIMARY KEY (ID))
DELETE FROM public.databasechangeloglock
INSERT INTO public.databasechangeloglock (ID, LOCKED) VALUES (1, FALSE)
SELECT LOCKED FROM public.databasechangeloglock WHERE ID=1
UPDATE public.databasechangeloglock SET LOCKED = TRUE, LOCKEDBY = 'build-7f9c (10.0.3.17)', LOCKGRANTED = NOW() WHERE ID = 1 AND LOCKED = FALSE
SELECT MD5SUM FROM public.databasechangelog WHERE MD5SUM IS NOT NULL
SELECT * FROM public.databasechangelog ORDER BY DATEEXECUTED ASC, ORDEREXECUTED ASC
CREATE TABLE public.person (id SERIAL NOT NULL, name VARCHAR(50) NOT NULL, address1 VARCHAR(50), CONSTRAINT person_pkey PRIMARY KEY (id))
ALTER TABLE public.person ADD country VARCHAR(2) DEFAULT 'US'
INSERT INTO public.databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('1', 'nvoxland', 'db/changelog/db.changelog-master.yaml', NOW(), 1, '9:d41d8cd98f00b204e9800998ecf8427e', 'createTable tableName=person', '', 'EXECUTED', NULL, NULL, '4.29.2', '7512345678')
INSERT INTO public.databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) VALUES ('2', 'nvoxland', 'db/changelog/db.changelog-master.yaml', NOW(), 2, '9:0cc175b9c0f1b6a831c399e269772661', 'addColumn tableName=person', '', 'EXECUTED', NULL, NULL, '4.29.2', '7512345678')
INSERT INTO public.person (name, address1, country) VALUES ('Ada Lovelace', '12 St James Sq', 'GB')
INSERT INTO public.person (name, address1, country) VALUES ('Grace Hopper', '1 Navy Way', 'US')
UPDATE public.databasechangeloglock SET LOCKED = FALSE, LOCKEDBY = NULL, LOCKGRANTED = NULL WHERE ID = 1
