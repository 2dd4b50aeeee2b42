-- Liaison core schema: organizations, people, invitation links, relationships,
-- delegated admin grants, the service catalog and the audit log.
-- Identifiers are UUIDs stored as text (v7 where order matters), times are
-- RFC 3339 text in UTC: both carry over to PostgreSQL unchanged.
-- The PostgreSQL twin of migrations/sqlite/0001_core.sql: the same tables,
-- columns and constraints; booleans are BOOLEAN, Unix milliseconds BIGINT.

CREATE TABLE clouds (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

INSERT INTO clouds (id, name) VALUES
    ('global', 'Microsoft Cloud'),
    ('germany', 'Microsoft Cloud Germany');

CREATE TABLE organizations (
    id              TEXT PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('partner_csp', 'partner_advisor', 'customer', 'operator')),
    cloud_id        TEXT NOT NULL REFERENCES clouds (id),
    -- What a customer checks before trusting a partner (partners only).
    legal_name      TEXT,
    verified_domain TEXT,
    partner_number  TEXT UNIQUE,
    created_at      TEXT NOT NULL,
    CHECK (kind NOT IN ('partner_csp', 'partner_advisor')
           OR (legal_name IS NOT NULL AND verified_domain IS NOT NULL AND partner_number IS NOT NULL))
);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    email           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN (
                        'admin_agent', 'sales_agent', 'helpdesk_agent',
                        'customer_admin', 'customer_user', 'operator')),
    password_hash   TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE INDEX users_by_organization ON users (organization_id);

CREATE TABLE services (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL
);

INSERT INTO services (id, name, position) VALUES
    ('microsoft-365', 'Microsoft 365', 1),
    ('azure', 'Azure', 2),
    ('dynamics-365', 'Dynamics 365', 3);

-- A partner has at most one active link of each kind (with and without
-- delegated admin privileges). Rotating revokes the active ones.
CREATE TABLE invitation_links (
    code        TEXT PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES organizations (id),
    include_dap BOOLEAN NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

CREATE UNIQUE INDEX invitation_links_one_active
    ON invitation_links (partner_id, include_dap) WHERE revoked_at IS NULL;

CREATE TABLE relationships (
    id          TEXT PRIMARY KEY,
    partner_id  TEXT NOT NULL REFERENCES organizations (id),
    customer_id TEXT NOT NULL REFERENCES organizations (id),
    kind        TEXT NOT NULL CHECK (kind IN ('reseller', 'advisor')),
    created_at  TEXT NOT NULL,
    UNIQUE (partner_id, customer_id)
);

CREATE INDEX relationships_by_customer ON relationships (customer_id);

-- Delegated admin privileges of one relationship for one service.
CREATE TABLE dap_grants (
    relationship_id TEXT NOT NULL REFERENCES relationships (id),
    service_id      TEXT NOT NULL REFERENCES services (id),
    state           TEXT NOT NULL CHECK (state IN ('active', 'removed')),
    granted_at      TEXT NOT NULL,
    removed_at      TEXT,
    PRIMARY KEY (relationship_id, service_id)
);

CREATE TABLE audit_events (
    id              TEXT PRIMARY KEY,
    occurred_at     TEXT NOT NULL,
    action          TEXT NOT NULL,
    actor_user_id   TEXT REFERENCES users (id),
    actor_email     TEXT NOT NULL,
    actor_org_id    TEXT NOT NULL REFERENCES organizations (id),
    partner_id      TEXT REFERENCES organizations (id),
    customer_id     TEXT REFERENCES organizations (id),
    details         TEXT NOT NULL DEFAULT '',
    ip_address      TEXT NOT NULL
);

CREATE INDEX audit_events_by_customer ON audit_events (customer_id, id);
CREATE INDEX audit_events_by_partner ON audit_events (partner_id, id);
