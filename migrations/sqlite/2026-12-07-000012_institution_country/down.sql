-- The countries go; every version stays as it was recorded otherwise.
ALTER TABLE institution_versions DROP COLUMN country;
