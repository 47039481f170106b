-- A loan tape's results are written as they are made, before the tape row itself (its loan
-- count, portfolio and return version are known only once every loan is read): the chunks of a
-- million loans then never sit in memory. The import reserves the tape's id from the sequence,
-- writes the chunks, then the tape, in one transaction that defers this foreign key to its commit
-- (`SET CONSTRAINTS loan_results_tape_id_fkey DEFERRED`); everywhere else it stays checked at
-- once. A transaction that would commit chunks without their tape is refused at the commit.
ALTER TABLE loan_results ALTER CONSTRAINT loan_results_tape_id_fkey DEFERRABLE INITIALLY IMMEDIATE;
