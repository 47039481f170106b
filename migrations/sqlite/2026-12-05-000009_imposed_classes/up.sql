-- Classes imposed by the supervisor (C N° 5/W/2023 art. 21): staff set a loan's class for a
-- quarter with a reason; the latest row of (institution, period, loan) is in force and takes
-- precedence over the computed class when the quarter's tape is classified. Append-only: a new
-- decision is a new row, nothing is overwritten or deleted (the audit log says who and when too).

CREATE TABLE imposed_classes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    period TEXT NOT NULL,
    loan_id TEXT NOT NULL,
    class INTEGER NOT NULL CHECK (class >= 0),
    reason TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TIMESTAMP NOT NULL
);
CREATE INDEX imposed_classes_quarter ON imposed_classes (institution_id, period, id);

CREATE TRIGGER imposed_classes_no_update BEFORE UPDATE ON imposed_classes
BEGIN
    SELECT RAISE(ABORT, 'imposed classes are never overwritten');
END;

CREATE TRIGGER imposed_classes_no_delete BEFORE DELETE ON imposed_classes
BEGIN
    SELECT RAISE(ABORT, 'imposed classes are never overwritten');
END;
