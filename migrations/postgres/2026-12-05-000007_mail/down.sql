DROP INDEX mail_outbox_status;
DROP TABLE mail_outbox;
ALTER TABLE users DROP COLUMN lang;
ALTER TABLE users DROP COLUMN email;
