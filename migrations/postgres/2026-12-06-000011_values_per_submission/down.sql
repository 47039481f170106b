-- Back to a row per item, every value as it was stored.
CREATE TABLE submission_values_rows (
    submission_id BIGINT NOT NULL REFERENCES submissions (id),
    item TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (submission_id, item)
);

INSERT INTO submission_values_rows (submission_id, item, value)
SELECT v.submission_id, e.key, e.value
FROM submission_values v, json_each_text(v.item_values::json) e;

DROP TABLE submission_values;
ALTER TABLE submission_values_rows RENAME TO submission_values;
ALTER INDEX submission_values_rows_pkey RENAME TO submission_values_pkey;
ALTER TABLE submission_values
    RENAME CONSTRAINT submission_values_rows_submission_id_fkey TO submission_values_submission_id_fkey;

CREATE TRIGGER submission_values_no_update BEFORE UPDATE OR DELETE ON submission_values
    FOR EACH ROW EXECUTE FUNCTION history_immutable();
CREATE TRIGGER submission_values_no_truncate BEFORE TRUNCATE ON submission_values
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();

ALTER TABLE source_files ALTER COLUMN bytes SET COMPRESSION DEFAULT;
