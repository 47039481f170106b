DROP TRIGGER loan_results_no_update ON loan_results;
DROP TRIGGER loan_tapes_no_update ON loan_tapes;
DROP FUNCTION loan_tapes_immutable();
DROP TABLE loan_results;
DROP TABLE loan_tapes;
