-- A chunk of a loan tape's per-loan results may be stored packed (a compact binary form, about
-- a quarter of the text's size; its layout is in crates/service/src/loan_results.rs): `packed`
-- holds it and `body` is then empty. Chunks stored before keep their text in `body` and no
-- `packed`; both are read.
--
-- The table refuses UPDATE (migration 000005): the column is added without a default, so
-- nothing is updated and every chunk already stored stays exactly as it was.
ALTER TABLE loan_results ADD COLUMN packed BYTEA;
