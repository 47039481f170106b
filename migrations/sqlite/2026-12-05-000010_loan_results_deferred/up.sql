-- Mirrors migrations/postgres/2026-12-05-000010_loan_results_deferred: a loan tape's results are
-- written before the tape row, in one transaction. SQLite defers any foreign key for one
-- transaction with `PRAGMA defer_foreign_keys = ON` (reset at its end), so nothing changes in
-- the schema here.
SELECT 1;
