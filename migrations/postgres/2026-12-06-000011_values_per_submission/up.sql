-- A submission's values as one row: a JSON object, item code to exact decimal text
-- ({"A1":"1850679","B2":"12.50"}), instead of a row per item. The values of a return are one
-- document, written once and read whole; a row per item cost an index entry and a foreign-key
-- check per value (up to 78 a return of the association), most of PostgreSQL's time on an import.
-- Every value is moved as it was written (the same text); nothing is recomputed.
CREATE TABLE submission_values_one (
    submission_id BIGINT PRIMARY KEY REFERENCES submissions (id),
    item_values TEXT NOT NULL
);

INSERT INTO submission_values_one (submission_id, item_values)
SELECT submission_id, json_object_agg(item, value ORDER BY item)::text
FROM submission_values
GROUP BY submission_id;

-- Its row and statement triggers go with it.
DROP TABLE submission_values;
ALTER TABLE submission_values_one RENAME TO submission_values;
ALTER INDEX submission_values_one_pkey RENAME TO submission_values_pkey;
ALTER TABLE submission_values
    RENAME CONSTRAINT submission_values_one_submission_id_fkey TO submission_values_submission_id_fkey;

CREATE TRIGGER submission_values_no_update BEFORE UPDATE OR DELETE ON submission_values
    FOR EACH ROW EXECUTE FUNCTION history_immutable();
CREATE TRIGGER submission_values_no_truncate BEFORE TRUNCATE ON submission_values
    FOR EACH STATEMENT EXECUTE FUNCTION history_immutable();

-- The original files (a returns file of a thousand institutions is 3 MB) compressed with lz4
-- rather than the default pglz, as the loan results are (migration 000003): about half the
-- time to store one, and the bytes are the same. Files kept before stay as they are.
ALTER TABLE source_files ALTER COLUMN bytes SET COMPRESSION lz4;
