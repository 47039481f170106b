ALTER TABLE loan_results ALTER CONSTRAINT loan_results_tape_id_fkey NOT DEFERRABLE;
