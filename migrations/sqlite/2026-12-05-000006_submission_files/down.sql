DROP INDEX audit_log_period;
DROP INDEX audit_log_institution;
DROP TRIGGER submission_files_no_delete;
DROP TRIGGER submission_files_no_update;
DROP TABLE submission_files;
