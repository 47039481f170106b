-- A submission's values as one row: a JSON object, item code to exact decimal text
-- ({"A1":"1850679","B2":"12.50"}), instead of a row per item (see the PostgreSQL migration of
-- the same name). Every value is moved as it was written (the same text).
CREATE TABLE submission_values_one (
    submission_id BIGINT PRIMARY KEY NOT NULL REFERENCES submissions (id),
    item_values TEXT NOT NULL
);

INSERT INTO submission_values_one (submission_id, item_values)
SELECT submission_id, json_group_object(item, value)
FROM (SELECT submission_id, item, value FROM submission_values ORDER BY submission_id, item)
GROUP BY submission_id;

-- Its triggers go with it.
DROP TABLE submission_values;
ALTER TABLE submission_values_one RENAME TO submission_values;

CREATE TRIGGER submission_values_no_update BEFORE UPDATE ON submission_values
BEGIN
    SELECT RAISE(ABORT, 'submission_values is history: UPDATE refused');
END;

CREATE TRIGGER submission_values_no_delete BEFORE DELETE ON submission_values
BEGIN
    SELECT RAISE(ABORT, 'submission_values is history: DELETE refused');
END;
