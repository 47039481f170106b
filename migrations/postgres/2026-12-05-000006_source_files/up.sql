-- The original files of the submissions, byte for byte, so that staff can download what an
-- institution sent (the review page). One row per distinct file, found by its SHA-256 — the
-- `source_sha256` of every submission it holds (a federation's file of twenty returns is kept
-- once, not twenty times). Written in the transaction that stores the submissions; submissions
-- stored before this migration, and those fed by a loan tape, have none. History: never updated,
-- deleted nor truncated.

CREATE TABLE source_files (
    sha256 TEXT PRIMARY KEY NOT NULL,
    bytes BYTEA NOT NULL
);

CREATE TRIGGER source_files_no_update BEFORE UPDATE OR DELETE ON source_files
    FOR EACH ROW EXECUTE FUNCTION history_immutable();
CREATE TRIGGER source_files_no_truncate BEFORE TRUNCATE ON source_files
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();

-- The audit page is read a page at a time, filtered by institution or period.
CREATE INDEX audit_log_institution ON audit_log (institution, id);
CREATE INDEX audit_log_period ON audit_log (period, id);
