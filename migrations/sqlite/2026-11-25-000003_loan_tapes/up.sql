-- Loan tapes (framework bam-mfi, circular C N° 5/W/2023): one row per imported tape, a version of
-- (institution, period) like a submission, never overwritten (a re-import is a new version); and
-- the classification of every loan of a tape, stored in chunks of text lines.
--
-- Why chunks and not one row per loan: a tape holds up to a million loans per institution and
-- quarter; nothing ever queries one loan in SQL, and the platform reads a tape's results whole
-- (the next quarter-end's previous classification, `mizan export loans`). A row per loan would
-- cost a million inserts and index entries per tape (tens of seconds, gigabytes per year); a
-- chunk of 20,000 loans is one row of about a megabyte of text, written and read sequentially.
-- See migrations/README.md.
--
-- `metrics` is the portfolio outputs as CSV (`metric,value`, as `mizan export portfolio` writes
-- them); `items` the return items the tape feeds, as a JSON object item → exact decimal text;
-- `warnings` the non-blocking issues of the tape as a JSON array. `submission_id` is the version
-- of the institution's return that the tape fed (none when it changed no value).

CREATE TABLE loan_tapes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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

CREATE TRIGGER loan_tapes_no_update BEFORE UPDATE ON loan_tapes
BEGIN
    SELECT RAISE(ABORT, 'loan tapes are never overwritten');
END;

CREATE TRIGGER loan_tapes_no_delete BEFORE DELETE ON loan_tapes
BEGIN
    SELECT RAISE(ABORT, 'loan tapes are never overwritten');
END;

CREATE TRIGGER loan_results_no_update BEFORE UPDATE ON loan_results
BEGIN
    SELECT RAISE(ABORT, 'loan tapes are never overwritten');
END;

CREATE TRIGGER loan_results_no_delete BEFORE DELETE ON loan_results
BEGIN
    SELECT RAISE(ABORT, 'loan tapes are never overwritten');
END;
