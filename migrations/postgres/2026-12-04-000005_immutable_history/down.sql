DROP TRIGGER loan_results_no_truncate ON loan_results;
DROP TRIGGER loan_tapes_no_truncate ON loan_tapes;
DROP TRIGGER publication_submissions_no_truncate ON publication_submissions;
DROP TRIGGER publications_no_truncate ON publications;
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TRIGGER submission_decisions_no_truncate ON submission_decisions;
DROP TRIGGER submission_issues_no_truncate ON submission_issues;
DROP TRIGGER submission_values_no_truncate ON submission_values;
DROP TRIGGER submissions_no_truncate ON submissions;
DROP TRIGGER periods_no_truncate ON periods;
DROP TRIGGER institution_versions_no_truncate ON institution_versions;
DROP TRIGGER institutions_no_truncate ON institutions;
DROP TRIGGER publication_submissions_no_update ON publication_submissions;
DROP TRIGGER submission_decisions_no_update ON submission_decisions;
DROP TRIGGER submission_issues_no_update ON submission_issues;
DROP TRIGGER submission_values_no_update ON submission_values;
DROP TRIGGER submissions_no_update ON submissions;
DROP TRIGGER periods_no_update ON periods;
DROP TRIGGER institution_versions_no_update ON institution_versions;
DROP TRIGGER institutions_no_update ON institutions;
DROP FUNCTION history_immutable();
ALTER TABLE submissions ADD COLUMN status TEXT NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'accepted', 'rejected'));
ALTER TABLE submissions ADD COLUMN status_comment TEXT;
ALTER TABLE submissions ADD COLUMN decided_by TEXT;
ALTER TABLE submissions ADD COLUMN decided_at TIMESTAMP;
UPDATE submissions SET
    status = (SELECT d.status FROM submission_decisions d WHERE d.submission_id = submissions.id ORDER BY d.id DESC LIMIT 1),
    status_comment = (SELECT d.comment FROM submission_decisions d WHERE d.submission_id = submissions.id ORDER BY d.id DESC LIMIT 1),
    decided_by = (SELECT d.decided_by FROM submission_decisions d WHERE d.submission_id = submissions.id ORDER BY d.id DESC LIMIT 1),
    decided_at = (SELECT d.decided_at FROM submission_decisions d WHERE d.submission_id = submissions.id ORDER BY d.id DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM submission_decisions d WHERE d.submission_id = submissions.id);
DROP INDEX loan_tapes_same_file;
DROP INDEX submissions_same_file;
DROP TABLE submission_decisions;
