-- The packed form goes. Chunks stored packed lose their results with it: reverting is for a
-- database whose tapes were all stored as text (a development database).
ALTER TABLE loan_results DROP COLUMN packed;
