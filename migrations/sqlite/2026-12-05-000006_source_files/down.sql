DROP INDEX audit_log_period;
DROP INDEX audit_log_institution;
DROP TRIGGER source_files_no_delete;
DROP TRIGGER source_files_no_update;
DROP TABLE source_files;
