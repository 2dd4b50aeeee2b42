-- What one server process knows that another must see lives here, so that
-- any number of processes can serve one database.

-- Sessions. Before this migration the session library created the table
-- itself, with exactly these columns: a database that has it keeps its
-- sessions. `data` is the session's record (MessagePack).
CREATE TABLE IF NOT EXISTS sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BLOB NOT NULL,
    expiry_date INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expiry_date);

-- The sign-in throttle: failures per key ("account:<email>" or
-- "address:<ip>") in the window that began at window_started_ms.
CREATE TABLE sign_in_failures (
    key               TEXT PRIMARY KEY,
    window_started_ms INTEGER NOT NULL,
    failures          INTEGER NOT NULL CHECK (failures >= 0)
);

-- A password a partner set on a customer's behalf with a plain form post,
-- kept for the one page the browser is sent back to, then deleted (taken,
-- or after a minute).
CREATE TABLE passwords_to_show (
    session_id  TEXT NOT NULL,
    customer    TEXT NOT NULL,
    email       TEXT NOT NULL,
    password    TEXT NOT NULL,
    kept_at_ms  INTEGER NOT NULL,
    PRIMARY KEY (session_id, customer)
);

-- The session library stored expiry times as text; Liaison's store writes
-- Unix seconds. Sessions from before are ended once (their users sign in again).
DELETE FROM sessions WHERE typeof(expiry_date) <> 'integer';
