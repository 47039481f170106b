DROP TRIGGER loan_results_no_delete;
DROP TRIGGER loan_results_no_update;
DROP TRIGGER loan_tapes_no_delete;
DROP TRIGGER loan_tapes_no_update;
DROP TABLE loan_results;
DROP INDEX loan_tapes_period;
DROP TABLE loan_tapes;
