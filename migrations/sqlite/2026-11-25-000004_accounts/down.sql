DROP INDEX grants_live;
DROP INDEX grants_user;
DROP TABLE grants;
DROP INDEX login_attempts_address;
DROP INDEX login_attempts_username;
DROP TABLE login_attempts;
DROP INDEX sessions_user;
DROP TABLE sessions;
