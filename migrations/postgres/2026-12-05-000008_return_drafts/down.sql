DROP TABLE return_drafts;
