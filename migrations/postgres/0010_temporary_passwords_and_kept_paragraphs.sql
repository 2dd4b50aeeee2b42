-- A password set by someone else (a partner resetting it on the customer's
-- behalf) is temporary: it signs in once, and that sign-in must choose a
-- new password before anything else. `temporary_password_used_ms` is when
-- that one sign-in happened; the password works no more after it.
ALTER TABLE users ADD COLUMN password_change_due BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN temporary_password_used_ms BIGINT;

-- The two editable paragraphs of a partner's invitation email (R2), kept
-- for the partner: they stay after a reload and go into "Copy email".
CREATE TABLE invitation_emails (
    partner_id       TEXT PRIMARY KEY REFERENCES organizations (id),
    first_paragraph  TEXT NOT NULL CHECK (length(first_paragraph) <= 2000),
    second_paragraph TEXT NOT NULL CHECK (length(second_paragraph) <= 2000),
    changed_at       TEXT NOT NULL
);

-- The address the server last started with announced itself at (its
-- public URL, else its listen address): `liaison create-operator`, run
-- beside it on the same database, prints links to it.
CREATE TABLE site_address (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    base_url    TEXT NOT NULL,
    recorded_ms BIGINT NOT NULL
);
