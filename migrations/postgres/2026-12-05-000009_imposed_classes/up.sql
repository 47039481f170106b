-- Classes imposed by the supervisor (C N° 5/W/2023 art. 21), append-only (mirrors
-- migrations/sqlite/2026-12-05-000009_imposed_classes, which says why).

CREATE TABLE imposed_classes (
    id BIGSERIAL PRIMARY KEY,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    period TEXT NOT NULL,
    loan_id TEXT NOT NULL,
    class INTEGER NOT NULL CHECK (class >= 0),
    reason TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TIMESTAMP NOT NULL
);
CREATE INDEX imposed_classes_quarter ON imposed_classes (institution_id, period, id);

CREATE FUNCTION imposed_classes_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'imposed classes are never overwritten';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER imposed_classes_no_update BEFORE UPDATE OR DELETE ON imposed_classes
    FOR EACH ROW EXECUTE FUNCTION imposed_classes_immutable();
