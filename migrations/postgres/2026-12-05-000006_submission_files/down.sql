DROP INDEX audit_log_period;
DROP INDEX audit_log_institution;
DROP TRIGGER submission_files_no_truncate ON submission_files;
DROP TRIGGER submission_files_no_update ON submission_files;
DROP TABLE submission_files;
