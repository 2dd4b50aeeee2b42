-- Least privilege, time-bound (R13, R14): delegated admin privileges become
-- roles per service with an end date; a partner's link asks for chosen
-- roles, the customer grants those it keeps ticked; a partner may also
-- invite one customer, by domain.

-- The roles of each service. Their descriptions are the interface's (in
-- each language); the names are the cloud's.
CREATE TABLE roles (
    id         TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id),
    name       TEXT NOT NULL,
    high_risk  INTEGER NOT NULL CHECK (high_risk IN (0, 1)),
    position   INTEGER NOT NULL
);

INSERT INTO roles (id, service_id, name, high_risk, position) VALUES
    ('global-administrator', 'microsoft-365', 'Global Administrator', 1, 1),
    ('user-administrator', 'microsoft-365', 'User Administrator', 0, 2),
    ('helpdesk-administrator', 'microsoft-365', 'Helpdesk Administrator', 0, 3),
    ('license-administrator', 'microsoft-365', 'License Administrator', 0, 4),
    ('security-reader', 'microsoft-365', 'Security Reader', 0, 5),
    ('owner', 'azure', 'Owner', 1, 6),
    ('contributor', 'azure', 'Contributor', 0, 7),
    ('reader', 'azure', 'Reader', 0, 8),
    ('dynamics-365-administrator', 'dynamics-365', 'Dynamics 365 Administrator', 0, 9),
    ('dynamics-365-reader', 'dynamics-365', 'Dynamics 365 Reader', 0, 10);

-- What a partner's links ask for. A partner without a row asks for the
-- default: every role but the high-risk ones, 730 days, no extension.
CREATE TABLE relationship_asks (
    partner_id    TEXT PRIMARY KEY REFERENCES organizations (id),
    duration_days INTEGER NOT NULL CHECK (duration_days BETWEEN 1 AND 730),
    auto_extend   INTEGER NOT NULL CHECK (auto_extend IN (0, 1)),
    changed_at    TEXT NOT NULL
);

CREATE TABLE asked_roles (
    partner_id TEXT NOT NULL REFERENCES relationship_asks (partner_id),
    role_id    TEXT NOT NULL REFERENCES roles (id),
    PRIMARY KEY (partner_id, role_id)
);

-- One role of one relationship. It is in force while active and before
-- ends_ms (Unix milliseconds), or while it extends itself; every check
-- compares with the clock.
CREATE TABLE role_grants (
    relationship_id TEXT NOT NULL REFERENCES relationships (id),
    role_id         TEXT NOT NULL REFERENCES roles (id),
    state           TEXT NOT NULL CHECK (state IN ('active', 'removed')),
    granted_at      TEXT NOT NULL,
    ends_ms         INTEGER NOT NULL,
    auto_extend     INTEGER NOT NULL CHECK (auto_extend IN (0, 1)),
    removed_at      TEXT,
    last_used_at    TEXT,
    PRIMARY KEY (relationship_id, role_id)
);

CREATE INDEX role_grants_by_end ON role_grants (ends_ms) WHERE state = 'active';

-- Each grant becomes its service's full set of roles, for two years from now.
INSERT INTO role_grants (relationship_id, role_id, state, granted_at, ends_ms, auto_extend, removed_at)
SELECT g.relationship_id, r.id, g.state, g.granted_at,
       CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 730 * 86400000, 0, g.removed_at
FROM dap_grants g JOIN roles r ON r.service_id = g.service_id;

INSERT INTO audit_events
    (id, occurred_at, action, actor_user_id, actor_email, actor_org_id,
     partner_id, customer_id, details, ip_address)
SELECT printf('%08x-%04x-7000-8%03x-%012x',
              (CAST(strftime('%s', 'now') AS INTEGER) * 1000) / 65536,
              (CAST(strftime('%s', 'now') AS INTEGER) * 1000) % 65536,
              abs(random()) % 4096, abs(random()) % 281474976710656),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'roles_migrated', NULL, 'Liaison', rel.customer_id,
       rel.partner_id, rel.customer_id,
       (SELECT group_concat(name, ', ') FROM (
            SELECT ro.name FROM role_grants rg JOIN roles ro ON ro.id = rg.role_id
            WHERE rg.relationship_id = rel.id AND rg.state = 'active' ORDER BY ro.position))
         || '; until ' || date('now', '+730 days'),
       ''
FROM relationships rel
WHERE EXISTS (SELECT 1 FROM role_grants rg WHERE rg.relationship_id = rel.id AND rg.state = 'active');

DROP TABLE dap_grants;

-- A warning sent once per grant end and threshold (30, 7, 1 days), by
-- whichever server process's scheduler gets there first.
CREATE TABLE grant_warnings (
    relationship_id TEXT NOT NULL REFERENCES relationships (id),
    ends_ms         INTEGER NOT NULL,
    days            INTEGER NOT NULL,
    sent_at         TEXT NOT NULL,
    PRIMARY KEY (relationship_id, ends_ms, days)
);

-- R14: an invitation of one customer, by the domain of its organization;
-- accepted once, within 90 days, or declined, or cancelled by the partner.
-- Expired is a pending one past expires_ms.
CREATE TABLE customer_invitations (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    partner_id  TEXT NOT NULL REFERENCES organizations (id),
    domain      TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'cancelled')),
    created_at  TEXT NOT NULL,
    expires_ms  INTEGER NOT NULL,
    decided_at  TEXT,
    customer_id TEXT REFERENCES organizations (id)
);

CREATE INDEX customer_invitations_by_partner ON customer_invitations (partner_id, created_at);
