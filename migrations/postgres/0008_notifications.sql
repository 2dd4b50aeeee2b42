-- Telling people and machines: every change that matters is an event,
-- written in the change's own transaction (with the email it queues in
-- the outbox); a partner's webhook endpoints get each event of its
-- relationships, signed; a partner's API tokens script what its admin
-- agents may do.

-- One event of a partner's relationships, as webhooks carry it. `id` is
-- the Standard Webhooks message id (`webhook-id`), the same on every
-- attempt; `payload` the JSON body, exactly as signed.
CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES organizations (id),
    customer_id TEXT REFERENCES organizations (id),
    type        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_ms  BIGINT NOT NULL
);

CREATE INDEX events_by_partner ON events (partner_id, created_ms);

-- Where a partner's events are posted. The secret signs them (it must be
-- kept to sign; it is shown once, when the endpoint is added).
CREATE TABLE webhook_endpoints (
    id         TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL REFERENCES organizations (id),
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    removed_at TEXT
);

CREATE INDEX webhook_endpoints_by_partner ON webhook_endpoints (partner_id);

-- One event to one endpoint, tried until it is answered with a 2xx, with
-- backoff, as the outbox tries email. A redelivery is a new row of the
-- same event (same `webhook-id`).
CREATE TABLE webhook_deliveries (
    id               TEXT PRIMARY KEY,
    event_id         TEXT NOT NULL REFERENCES events (id),
    endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints (id),
    created_ms       BIGINT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms  BIGINT NOT NULL,
    claimed_until_ms BIGINT,
    delivered_ms     BIGINT,
    failed_ms        BIGINT,
    last_status      INTEGER,
    last_error       TEXT
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_ms)
    WHERE delivered_ms IS NULL AND failed_ms IS NULL;
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_ms);

-- Each attempt of a delivery: the HTTP status it got, or why it got none.
CREATE TABLE webhook_attempts (
    id           TEXT PRIMARY KEY,
    delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries (id),
    attempted_ms BIGINT NOT NULL,
    status       INTEGER,
    error        TEXT
);

CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempted_ms);

-- A partner's API tokens: only the SHA-256 of the token is kept. A token
-- acts as the admin agent who created it, while they are one.
CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    partner_id   TEXT NOT NULL REFERENCES organizations (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users (id),
    expires_ms   BIGINT,
    revoked_at   TEXT,
    last_used_ms BIGINT
);

CREATE INDEX api_tokens_by_partner ON api_tokens (partner_id);
