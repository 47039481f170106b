-- The flag goes; every version stays as it was recorded otherwise.
ALTER TABLE institution_versions DROP COLUMN art44;
