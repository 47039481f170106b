-- Back to a row per item, every value as it was stored.
CREATE TABLE submission_values_rows (
    submission_id BIGINT NOT NULL REFERENCES submissions (id),
    item TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (submission_id, item)
);

INSERT INTO submission_values_rows (submission_id, item, value)
SELECT v.submission_id, e.key, e.value
FROM submission_values v, json_each(v.item_values) e;

DROP TABLE submission_values;
ALTER TABLE submission_values_rows RENAME TO submission_values;

CREATE TRIGGER submission_values_no_update BEFORE UPDATE ON submission_values
BEGIN
    SELECT RAISE(ABORT, 'submission_values is history: UPDATE refused');
END;

CREATE TRIGGER submission_values_no_delete BEFORE DELETE ON submission_values
BEGIN
    SELECT RAISE(ABORT, 'submission_values is history: DELETE refused');
END;
