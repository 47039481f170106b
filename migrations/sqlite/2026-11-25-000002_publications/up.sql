-- Publications: immutable snapshots of a quarter's consolidated tables. A republication is a new
-- revision; earlier revisions stay readable (the latest one supersedes them).
-- `public_table` is what the public may see (disclosure control applied, no institution's
-- figures); `staff_table` is the full consolidation, for staff and for the next revision's
-- disclosure control, never served publicly; `disclosure` is the suppression pattern with the
-- reason of every withheld figure (staff only), which the next revision carries forward.

CREATE TABLE publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    framework TEXT NOT NULL,
    period TEXT NOT NULL REFERENCES periods (code),
    revision INTEGER NOT NULL CHECK (revision >= 1),
    framework_version TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by TEXT NOT NULL,
    note TEXT,
    public_table TEXT NOT NULL,
    staff_table TEXT NOT NULL,
    disclosure TEXT NOT NULL,
    public_sha256 TEXT NOT NULL,
    UNIQUE (framework, period, revision)
);

CREATE TABLE publication_submissions (
    publication_id BIGINT NOT NULL REFERENCES publications (id),
    submission_id BIGINT NOT NULL REFERENCES submissions (id),
    PRIMARY KEY (publication_id, submission_id)
);

CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications
BEGIN
    SELECT RAISE(ABORT, 'publications are immutable');
END;

CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications
BEGIN
    SELECT RAISE(ABORT, 'publications are immutable');
END;
