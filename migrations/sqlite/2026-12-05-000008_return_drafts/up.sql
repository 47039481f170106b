-- Returns entered in the web form: the draft of an institution's return for a period, kept
-- between visits until it is sent (then it is a submission like any file, and the draft is
-- removed). A draft is work in progress, not history: it is replaced at each save.
CREATE TABLE return_drafts (
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    period TEXT NOT NULL,
    form_values TEXT NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    saved_by TEXT NOT NULL,
    PRIMARY KEY (institution_id, period)
);
