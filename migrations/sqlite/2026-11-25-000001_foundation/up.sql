-- Foundation: registry with attribute history, periods, submissions (versioned, never
-- overwritten) with their values and issues, users, and the append-only audit log.
-- Portable column types only (see migrations/README.md): ids are 64-bit integers, decimals are
-- TEXT (exact, never REAL), booleans are INTEGER 0/1, timestamps are naive UTC.

CREATE TABLE institutions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE institution_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    valid_from TEXT,
    name TEXT NOT NULL,
    legal_form TEXT NOT NULL,
    structure TEXT NOT NULL,
    network_affiliated INTEGER NOT NULL CHECK (network_affiliated IN (0, 1)),
    collects_deposits INTEGER NOT NULL CHECK (collects_deposits IN (0, 1)),
    framework TEXT NOT NULL,
    owner_group TEXT,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX institution_versions_institution ON institution_versions (institution_id);

CREATE TABLE periods (
    code TEXT PRIMARY KEY NOT NULL,
    opened_at TIMESTAMP NOT NULL,
    opened_by TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('staff', 'member', 'partner')),
    institution_id BIGINT REFERENCES institutions (id),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TIMESTAMP NOT NULL,
    password_changed_at TIMESTAMP NOT NULL,
    CHECK ((role = 'member') = (institution_id IS NOT NULL))
);

CREATE TABLE submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    period TEXT NOT NULL REFERENCES periods (code),
    version INTEGER NOT NULL CHECK (version >= 1),
    framework TEXT NOT NULL,
    framework_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'accepted', 'rejected')),
    status_comment TEXT,
    decided_by TEXT,
    decided_at TIMESTAMP,
    received_at TIMESTAMP NOT NULL,
    submitted_by TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id),
    channel TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_format TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    UNIQUE (institution_id, period, version)
);
CREATE INDEX submissions_period ON submissions (period);

CREATE TABLE submission_values (
    submission_id BIGINT NOT NULL REFERENCES submissions (id),
    item TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (submission_id, item)
);

CREATE TABLE submission_issues (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id BIGINT NOT NULL REFERENCES submissions (id),
    severity TEXT NOT NULL,
    place TEXT NOT NULL,
    item TEXT,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX submission_issues_submission ON submission_issues (submission_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    submission_id BIGINT REFERENCES submissions (id),
    institution TEXT,
    period TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
