-- Each version of an institution's attributes says whether the institution is an SFD of
-- art. 44 of the BCEAO's uniform law, which reports monthly (Instruction n° 020-12-2010): 1 for
-- a monthly reporter, 0 for the others, who report quarterly.
--
-- The table refuses UPDATE (migration 000005). Unlike migration 000012, nothing is updated: the
-- versions recorded before are quarterly reporters, and the column's DEFAULT gives them 0 as it
-- is added, which neither backend runs as an UPDATE, so the history trigger stays as it is.
ALTER TABLE institution_versions ADD COLUMN art44 INTEGER NOT NULL DEFAULT 0
    CHECK (art44 IN (0, 1));
