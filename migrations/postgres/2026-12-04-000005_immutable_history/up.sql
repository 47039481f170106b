-- History is immutable in the database itself, not only in the code: staff decisions become
-- rows of their own (append-only; the current status of a submission is its latest decision),
-- and the registry, periods, submissions with their values and issues, decisions and the links
-- of publications refuse UPDATE and DELETE (the audit log, publications and loan tapes already
-- did, migrations 000001-000003).
-- The same file cannot be stored twice for an institution and quarter: a unique index backs the
-- check that import makes inside its transaction, so two simultaneous uploads of one file
-- cannot both become versions (creating it fails if the database already holds such a pair,
-- which then must be looked at by hand before migrating).

CREATE TABLE submission_decisions (
    id BIGSERIAL PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id),
    status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
    comment TEXT,
    decided_by TEXT NOT NULL,
    decided_at TIMESTAMP NOT NULL
);
CREATE INDEX submission_decisions_submission ON submission_decisions (submission_id);

INSERT INTO submission_decisions (submission_id, status, comment, decided_by, decided_at)
SELECT id, status, status_comment, COALESCE(decided_by, 'unknown'), COALESCE(decided_at, received_at)
FROM submissions
WHERE status <> 'received'
ORDER BY id;

ALTER TABLE submissions DROP COLUMN status;
ALTER TABLE submissions DROP COLUMN status_comment;
ALTER TABLE submissions DROP COLUMN decided_by;
ALTER TABLE submissions DROP COLUMN decided_at;

CREATE UNIQUE INDEX submissions_same_file ON submissions (institution_id, period, source_sha256);
CREATE UNIQUE INDEX loan_tapes_same_file ON loan_tapes (institution_id, period, source_sha256);

CREATE FUNCTION history_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is history: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER institutions_no_update BEFORE UPDATE OR DELETE ON institutions
    FOR EACH ROW EXECUTE FUNCTION history_immutable();
CREATE TRIGGER institution_versions_no_update BEFORE UPDATE OR DELETE ON institution_versions
    FOR EACH ROW EXECUTE FUNCTION history_immutable();
CREATE TRIGGER periods_no_update BEFORE UPDATE OR DELETE ON periods
    FOR EACH ROW EXECUTE FUNCTION history_immutable();
CREATE TRIGGER submissions_no_update BEFORE UPDATE OR DELETE ON submissions
    FOR EACH ROW EXECUTE FUNCTION history_immutable();
CREATE TRIGGER submission_values_no_update BEFORE UPDATE OR DELETE ON submission_values
    FOR EACH ROW EXECUTE FUNCTION history_immutable();
CREATE TRIGGER submission_issues_no_update BEFORE UPDATE OR DELETE ON submission_issues
    FOR EACH ROW EXECUTE FUNCTION history_immutable();
CREATE TRIGGER submission_decisions_no_update BEFORE UPDATE OR DELETE ON submission_decisions
    FOR EACH ROW EXECUTE FUNCTION history_immutable();
CREATE TRIGGER publication_submissions_no_update BEFORE UPDATE OR DELETE ON publication_submissions
    FOR EACH ROW EXECUTE FUNCTION history_immutable();

-- TRUNCATE fires no row trigger: a statement trigger on every table of history.
CREATE TRIGGER institutions_no_truncate BEFORE TRUNCATE ON institutions
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
CREATE TRIGGER institution_versions_no_truncate BEFORE TRUNCATE ON institution_versions
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
CREATE TRIGGER periods_no_truncate BEFORE TRUNCATE ON periods
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
CREATE TRIGGER submissions_no_truncate BEFORE TRUNCATE ON submissions
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
CREATE TRIGGER submission_values_no_truncate BEFORE TRUNCATE ON submission_values
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
CREATE TRIGGER submission_issues_no_truncate BEFORE TRUNCATE ON submission_issues
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
CREATE TRIGGER submission_decisions_no_truncate BEFORE TRUNCATE ON submission_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
CREATE TRIGGER publications_no_truncate BEFORE TRUNCATE ON publications
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
CREATE TRIGGER publication_submissions_no_truncate BEFORE TRUNCATE ON publication_submissions
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
CREATE TRIGGER loan_tapes_no_truncate BEFORE TRUNCATE ON loan_tapes
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
CREATE TRIGGER loan_results_no_truncate BEFORE TRUNCATE ON loan_results
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();
