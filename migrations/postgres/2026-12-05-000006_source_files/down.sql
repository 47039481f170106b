DROP INDEX audit_log_period;
DROP INDEX audit_log_institution;
DROP TRIGGER source_files_no_truncate ON source_files;
DROP TRIGGER source_files_no_update ON source_files;
DROP TABLE source_files;
