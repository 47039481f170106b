-- Publications: immutable snapshots of a quarter's consolidated tables (mirrors
-- migrations/sqlite/2026-11-25-000002_publications).

CREATE TABLE publications (
    id BIGSERIAL PRIMARY KEY,
    framework TEXT NOT NULL,
    period TEXT NOT NULL REFERENCES periods (code),
    revision INTEGER NOT NULL CHECK (revision >= 1),
    framework_version TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by TEXT NOT NULL,
    note TEXT,
    public_table TEXT NOT NULL,
    staff_table TEXT NOT NULL,
    disclosure TEXT NOT NULL,
    public_sha256 TEXT NOT NULL,
    UNIQUE (framework, period, revision)
);

CREATE TABLE publication_submissions (
    publication_id BIGINT NOT NULL REFERENCES publications (id),
    submission_id BIGINT NOT NULL REFERENCES submissions (id),
    PRIMARY KEY (publication_id, submission_id)
);

CREATE FUNCTION publications_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'publications are immutable';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER publications_no_update BEFORE UPDATE OR DELETE ON publications
    FOR EACH ROW EXECUTE FUNCTION publications_immutable();
