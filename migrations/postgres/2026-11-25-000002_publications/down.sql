DROP TRIGGER publications_no_update ON publications;
DROP FUNCTION publications_immutable();
DROP TABLE publication_submissions;
DROP TABLE publications;
