-- Support requests that partners open on behalf of customers (R9), their
-- threads, the indexes the audit log pages need, and when a user's password
-- was last set by someone else (sessions signed in before it end).

CREATE TABLE support_requests (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES organizations (id),
    -- The partner that opened it on the customer's behalf.
    partner_id   TEXT NOT NULL REFERENCES organizations (id),
    opened_by    TEXT NOT NULL REFERENCES users (id),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    severity     TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    state        TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    created_at   TEXT NOT NULL,
    closed_at    TEXT
);

CREATE INDEX support_requests_by_customer ON support_requests (customer_id, id);
CREATE INDEX support_requests_by_partner ON support_requests (partner_id, customer_id, id);

CREATE TABLE support_replies (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES support_requests (id),
    author_id   TEXT NOT NULL REFERENCES users (id),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE INDEX support_replies_by_request ON support_replies (request_id, id);

-- The partner's view of one customer's log.
CREATE INDEX audit_events_by_partner_customer ON audit_events (partner_id, customer_id, id);

-- Unix milliseconds of the last password reset; sessions older than it are signed out.
ALTER TABLE users ADD COLUMN credentials_changed_ms INTEGER;
