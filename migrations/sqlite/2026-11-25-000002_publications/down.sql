DROP TRIGGER publications_no_delete;
DROP TRIGGER publications_no_update;
DROP TABLE publication_submissions;
DROP TABLE publications;
