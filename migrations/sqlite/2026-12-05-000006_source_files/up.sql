-- The original files of the submissions, byte for byte, so that staff can download what an
-- institution sent (the review page). One row per distinct file, found by its SHA-256 — the
-- `source_sha256` of every submission it holds (a federation's file of twenty returns is kept
-- once, not twenty times). Written in the transaction that stores the submissions; submissions
-- stored before this migration, and those fed by a loan tape, have none. History: never updated
-- nor deleted.

CREATE TABLE source_files (
    sha256 TEXT PRIMARY KEY NOT NULL,
    bytes BLOB NOT NULL
);

CREATE TRIGGER source_files_no_update BEFORE UPDATE ON source_files
BEGIN
    SELECT RAISE(ABORT, 'source_files is history: UPDATE refused');
END;

CREATE TRIGGER source_files_no_delete BEFORE DELETE ON source_files
BEGIN
    SELECT RAISE(ABORT, 'source_files is history: DELETE refused');
END;

-- The audit page is read a page at a time, filtered by institution or period.
CREATE INDEX audit_log_institution ON audit_log (institution, id);
CREATE INDEX audit_log_period ON audit_log (period, id);
