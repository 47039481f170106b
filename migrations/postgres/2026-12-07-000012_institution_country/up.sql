-- Each version of an institution's attributes records the institution's country, as its
-- ISO 3166-1 alpha-2 code in upper case (CI, MA, SN): a supervisor of several countries
-- consolidates per country. A registry file gives it, or the institution's framework names it
-- (`[framework] country`).
ALTER TABLE institution_versions ADD COLUMN country TEXT CHECK (country ~ '^[A-Z]{2}$');

-- The versions recorded before get the country of their framework where this migration knows
-- it (apsfd-ci: Côte d'Ivoire, bam-mfi: Morocco); the others stay NULL until staff record
-- the institution again. The table refuses UPDATE (migration 000005): its row trigger is
-- disabled for this one statement, inside the migration's transaction, and enabled again.
ALTER TABLE institution_versions DISABLE TRIGGER institution_versions_no_update;

UPDATE institution_versions
SET country = CASE framework WHEN 'apsfd-ci' THEN 'CI' WHEN 'bam-mfi' THEN 'MA' END;

ALTER TABLE institution_versions ENABLE TRIGGER institution_versions_no_update;
