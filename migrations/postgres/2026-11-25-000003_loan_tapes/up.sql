-- Loan tapes and the classification of their loans, in chunks (mirrors
-- migrations/sqlite/2026-11-25-000003_loan_tapes, which says why).

CREATE TABLE loan_tapes (
    id BIGSERIAL PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    period TEXT NOT NULL REFERENCES periods (code),
    version INTEGER NOT NULL CHECK (version >= 1),
    as_of DATE NOT NULL,
    previous_tape_id BIGINT REFERENCES loan_tapes (id),
    framework TEXT NOT NULL,
    framework_version TEXT NOT NULL,
    licence TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    submitted_by TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id),
    channel TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_format TEXT NOT NULL CHECK (source_format IN ('csv', 'xlsx')),
    source_sha256 TEXT NOT NULL,
    loans BIGINT NOT NULL CHECK (loans >= 0),
    chunks INTEGER NOT NULL CHECK (chunks >= 0),
    metrics TEXT NOT NULL,
    items TEXT NOT NULL,
    warnings TEXT NOT NULL,
    submission_id BIGINT REFERENCES submissions (id),
    UNIQUE (institution_id, period, version)
);
CREATE INDEX loan_tapes_period ON loan_tapes (period);

CREATE TABLE loan_results (
    tape_id BIGINT NOT NULL REFERENCES loan_tapes (id),
    chunk INTEGER NOT NULL CHECK (chunk >= 0),
    loans INTEGER NOT NULL CHECK (loans >= 1),
    body TEXT NOT NULL,
    PRIMARY KEY (tape_id, chunk)
);

-- The chunks are large text values: compress them with lz4 (fast both ways) where the server
-- has it (PostgreSQL 14 and later, built with lz4, as the usual packages are); otherwise the
-- default compression stays.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE loan_results ALTER COLUMN body SET COMPRESSION lz4';
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'lz4 compression not available: loan results keep the default compression';
END;
$$;

CREATE FUNCTION loan_tapes_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'loan tapes are never overwritten';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER loan_tapes_no_update BEFORE UPDATE OR DELETE ON loan_tapes
    FOR EACH ROW EXECUTE FUNCTION loan_tapes_immutable();

CREATE TRIGGER loan_results_no_update BEFORE UPDATE OR DELETE ON loan_results
    FOR EACH ROW EXECUTE FUNCTION loan_tapes_immutable();
