-- Liaison from an empty database (R17): accounts that people set up
-- themselves, single-use links, two-step verification, and the outbox of
-- email written in the transaction of the change that causes it.

-- A user invited (or signed up) has no password until they set one: an
-- empty hash, which no password matches. Deactivated users keep their
-- row (the audit log names them) and can no longer sign in.
ALTER TABLE users ADD COLUMN deactivated_at TEXT;
-- A person who signed up themselves has not yet proved the address is
-- theirs (the emailed link does). Everyone else was created by someone
-- who vouched for the address.
ALTER TABLE users ADD COLUMN email_unverified INTEGER NOT NULL DEFAULT 0 CHECK (email_unverified IN (0, 1));
-- The language the user's email is written in ('en' or 'fr').
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
-- Two-step verification (RFC 6238): the base32 secret once set up, when
-- it was turned on (NULL: set up but not confirmed, or off), and the last
-- time step a code was accepted for, so that a code works once.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;

-- An organization may require two-step verification of all its members.
ALTER TABLE organizations ADD COLUMN require_two_step INTEGER NOT NULL DEFAULT 0 CHECK (require_two_step IN (0, 1));
-- When an operator verified a partner's domain (onboarding); partners
-- that existed before were set up by the platform itself.
ALTER TABLE organizations ADD COLUMN domain_verified_at TEXT;
UPDATE organizations SET domain_verified_at = created_at
    WHERE kind IN ('partner_csp', 'partner_advisor');

-- Single-use links sent by email: only the SHA-256 of the token is kept.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('set_password', 'reset_password', 'verify_email')),
    user_id    TEXT NOT NULL REFERENCES users (id),
    -- Where a verified address goes back to (the invitation it signed up from).
    return_to  TEXT,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    used_ms    INTEGER
);

CREATE INDEX account_tokens_by_user ON account_tokens (user_id);

-- Recovery codes of two-step verification, each usable once (SHA-256).
CREATE TABLE recovery_codes (
    user_id   TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_ms   INTEGER,
    PRIMARY KEY (user_id, code_hash)
);

-- Email waiting to be sent, or sent. The id is also the Message-ID, so a
-- message delivered again after a crash is the same message. A worker of
-- any process claims due messages for a while (claimed_until_ms), sends
-- them and marks them sent, or gives them a later attempt.
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY,
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    text_body        TEXT NOT NULL,
    html_body        TEXT NOT NULL,
    created_ms       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms  INTEGER NOT NULL,
    claimed_until_ms INTEGER,
    sent_ms          INTEGER,
    failed_ms        INTEGER,
    last_error       TEXT
);

CREATE INDEX outbox_due ON outbox (next_attempt_ms) WHERE sent_ms IS NULL AND failed_ms IS NULL;
CREATE INDEX outbox_by_recipient ON outbox (recipient, created_ms);
