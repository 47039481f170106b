-- The original file of each submission, byte for byte, so that staff can download what the
-- institution sent (the review page). Written in the transaction that stores the submission;
-- submissions stored before this migration have none. A file holding several returns is kept
-- with each of them. History: never updated, deleted nor truncated.

CREATE TABLE submission_files (
    submission_id BIGINT PRIMARY KEY NOT NULL REFERENCES submissions (id),
    bytes BYTEA NOT NULL
);

CREATE TRIGGER submission_files_no_update BEFORE UPDATE OR DELETE ON submission_files
    FOR EACH ROW EXECUTE FUNCTION history_immutable();
CREATE TRIGGER submission_files_no_truncate BEFORE TRUNCATE ON submission_files
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();

-- The audit page is read a page at a time, filtered by action, institution or period.
CREATE INDEX audit_log_institution ON audit_log (institution, id);
CREATE INDEX audit_log_period ON audit_log (period, id);
