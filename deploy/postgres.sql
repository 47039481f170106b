-- Creates Mizan's database and its owner. Run as the postgres superuser:
--   sudo -u postgres psql -f deploy/postgres.sql
-- then set the password: \password mizan
CREATE ROLE mizan LOGIN;
CREATE DATABASE mizan OWNER mizan ENCODING 'UTF8' TEMPLATE template0;
\connect mizan
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT ALL ON SCHEMA public TO mizan;
