-- Signed-in side of the platform: server-side sessions (the cookie holds only an encrypted random
-- token; the table holds its SHA-256, so a copy of the database cannot be used to sign in), login
-- attempts (throttling per account and per address, shared by every app server), and the periods
-- for which staff granted a partner access to peer detail.

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_sha256 TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    address TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    success INTEGER NOT NULL CHECK (success IN (0, 1))
);
CREATE INDEX login_attempts_username ON login_attempts (username, at);
CREATE INDEX login_attempts_address ON login_attempts (address, at);

CREATE TABLE grants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    framework TEXT NOT NULL,
    period TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    granted_at TIMESTAMP NOT NULL,
    revoked_by TEXT,
    revoked_at TIMESTAMP
);
CREATE INDEX grants_user ON grants (user_id);
-- At most one live grant per partner, framework and period (revoking one revokes the access).
CREATE UNIQUE INDEX grants_live ON grants (user_id, framework, period) WHERE revoked_at IS NULL;
