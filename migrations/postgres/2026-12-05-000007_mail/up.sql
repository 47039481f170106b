-- E-mail: accounts carry an address and the language their messages are written in; the outbox
-- holds every message the platform owes someone, written in the same transaction as the event
-- that calls for it (a decision, a return's arrival, a reminder), then sent by whichever process
-- claims it first (a row is claimed by one UPDATE that only one process can win), so a message is
-- neither lost when a process stops nor sent twice by two app servers. A reminder's dedupe_key
-- makes the daily schedule idempotent: running it twice on one day sends nothing more.

ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'fr';

CREATE TABLE mail_outbox (
    id BIGSERIAL PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    dedupe_key TEXT UNIQUE,
    user_id BIGINT REFERENCES users (id),
    recipient TEXT NOT NULL,
    lang TEXT NOT NULL,
    institution TEXT,
    period TEXT,
    args TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_at TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX mail_outbox_status ON mail_outbox (status, id);
