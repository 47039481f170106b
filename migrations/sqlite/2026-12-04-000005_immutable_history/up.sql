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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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

CREATE TRIGGER institutions_no_update BEFORE UPDATE ON institutions
BEGIN
    SELECT RAISE(ABORT, 'institutions is history: UPDATE refused');
END;

CREATE TRIGGER institutions_no_delete BEFORE DELETE ON institutions
BEGIN
    SELECT RAISE(ABORT, 'institutions is history: DELETE refused');
END;

CREATE TRIGGER institution_versions_no_update BEFORE UPDATE ON institution_versions
BEGIN
    SELECT RAISE(ABORT, 'institution_versions is history: UPDATE refused');
END;

CREATE TRIGGER institution_versions_no_delete BEFORE DELETE ON institution_versions
BEGIN
    SELECT RAISE(ABORT, 'institution_versions is history: DELETE refused');
END;

CREATE TRIGGER periods_no_update BEFORE UPDATE ON periods
BEGIN
    SELECT RAISE(ABORT, 'periods is history: UPDATE refused');
END;

CREATE TRIGGER periods_no_delete BEFORE DELETE ON periods
BEGIN
    SELECT RAISE(ABORT, 'periods is history: DELETE refused');
END;

CREATE TRIGGER submissions_no_update BEFORE UPDATE ON submissions
BEGIN
    SELECT RAISE(ABORT, 'submissions is history: UPDATE refused');
END;

CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions
BEGIN
    SELECT RAISE(ABORT, 'submissions is history: DELETE refused');
END;

CREATE TRIGGER submission_values_no_update BEFORE UPDATE ON submission_values
BEGIN
    SELECT RAISE(ABORT, 'submission_values is history: UPDATE refused');
END;

CREATE TRIGGER submission_values_no_delete BEFORE DELETE ON submission_values
BEGIN
    SELECT RAISE(ABORT, 'submission_values is history: DELETE refused');
END;

CREATE TRIGGER submission_issues_no_update BEFORE UPDATE ON submission_issues
BEGIN
    SELECT RAISE(ABORT, 'submission_issues is history: UPDATE refused');
END;

CREATE TRIGGER submission_issues_no_delete BEFORE DELETE ON submission_issues
BEGIN
    SELECT RAISE(ABORT, 'submission_issues is history: DELETE refused');
END;

CREATE TRIGGER submission_decisions_no_update BEFORE UPDATE ON submission_decisions
BEGIN
    SELECT RAISE(ABORT, 'submission_decisions is history: UPDATE refused');
END;

CREATE TRIGGER submission_decisions_no_delete BEFORE DELETE ON submission_decisions
BEGIN
    SELECT RAISE(ABORT, 'submission_decisions is history: DELETE refused');
END;

CREATE TRIGGER publication_submissions_no_update BEFORE UPDATE ON publication_submissions
BEGIN
    SELECT RAISE(ABORT, 'publication_submissions is history: UPDATE refused');
END;

CREATE TRIGGER publication_submissions_no_delete BEFORE DELETE ON publication_submissions
BEGIN
    SELECT RAISE(ABORT, 'publication_submissions is history: DELETE refused');
END;
