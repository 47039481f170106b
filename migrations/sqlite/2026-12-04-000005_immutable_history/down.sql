DROP TRIGGER publication_submissions_no_delete;
DROP TRIGGER publication_submissions_no_update;
DROP TRIGGER submission_decisions_no_delete;
DROP TRIGGER submission_decisions_no_update;
DROP TRIGGER submission_issues_no_delete;
DROP TRIGGER submission_issues_no_update;
DROP TRIGGER submission_values_no_delete;
DROP TRIGGER submission_values_no_update;
DROP TRIGGER submissions_no_delete;
DROP TRIGGER submissions_no_update;
DROP TRIGGER periods_no_delete;
DROP TRIGGER periods_no_update;
DROP TRIGGER institution_versions_no_delete;
DROP TRIGGER institution_versions_no_update;
DROP TRIGGER institutions_no_delete;
DROP TRIGGER institutions_no_update;
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
