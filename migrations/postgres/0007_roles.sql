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
    high_risk  BOOLEAN NOT NULL,
    position   INTEGER NOT NULL
);

INSERT INTO roles (id, service_id, name, high_risk, position) VALUES
    ('global-administrator', 'microsoft-365', 'Global Administrator', TRUE, 1),
    ('user-administrator', 'microsoft-365', 'User Administrator', FALSE, 2),
    ('helpdesk-administrator', 'microsoft-365', 'Helpdesk Administrator', FALSE, 3),
    ('license-administrator', 'microsoft-365', 'License Administrator', FALSE, 4),
    ('security-reader', 'microsoft-365', 'Security Reader', FALSE, 5),
    ('owner', 'azure', 'Owner', TRUE, 6),
    ('contributor', 'azure', 'Contributor', FALSE, 7),
    ('reader', 'azure', 'Reader', FALSE, 8),
    ('dynamics-365-administrator', 'dynamics-365', 'Dynamics 365 Administrator', FALSE, 9),
    ('dynamics-365-reader', 'dynamics-365', 'Dynamics 365 Reader', FALSE, 10);

-- What a partner's links ask for. A partner without a row asks for the
-- default: every role but the high-risk ones, 730 days, no extension.
CREATE TABLE relationship_asks (
    partner_id    TEXT PRIMARY KEY REFERENCES organizations (id),
    duration_days INTEGER NOT NULL CHECK (duration_days BETWEEN 1 AND 730),
    auto_extend   BOOLEAN NOT NULL,
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
    ends_ms         BIGINT NOT NULL,
    auto_extend     BOOLEAN NOT NULL,
    removed_at      TEXT,
    last_used_at    TEXT,
    PRIMARY KEY (relationship_id, role_id)
);

CREATE INDEX role_grants_by_end ON role_grants (ends_ms) WHERE state = 'active';

-- Each grant becomes its service's full set of roles, for two years from now.
INSERT INTO role_grants (relationship_id, role_id, state, granted_at, ends_ms, auto_extend, removed_at)
SELECT g.relationship_id, r.id, g.state, g.granted_at,
       (extract(epoch FROM now()) * 1000)::BIGINT + 730 * 86400000::BIGINT, FALSE, g.removed_at
FROM dap_grants g JOIN roles r ON r.service_id = g.service_id;

INSERT INTO audit_events
    (id, occurred_at, action, actor_user_id, actor_email, actor_org_id,
     partner_id, customer_id, details, ip_address)
SELECT lpad(to_hex(((extract(epoch FROM now()) * 1000)::BIGINT) / 65536), 8, '0') || '-'
         || lpad(to_hex(((extract(epoch FROM now()) * 1000)::BIGINT) % 65536), 4, '0')
         || '-7000-8' || substr(md5(random()::TEXT), 1, 3) || '-' || substr(md5(random()::TEXT || rel.id), 1, 12),
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'roles_migrated', NULL, 'Liaison',
       rel.customer_id, rel.partner_id, rel.customer_id,
       (SELECT string_agg(ro.name, ', ' ORDER BY ro.position)
            FROM role_grants rg JOIN roles ro ON ro.id = rg.role_id
            WHERE rg.relationship_id = rel.id AND rg.state = 'active')
         || '; until ' || to_char((now() + INTERVAL '730 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
       ''
FROM relationships rel
WHERE EXISTS (SELECT 1 FROM role_grants rg WHERE rg.relationship_id = rel.id AND rg.state = 'active');

DROP TABLE dap_grants;

-- A warning sent once per grant end and threshold (30, 7, 1 days), by
-- whichever server process's scheduler gets there first.
CREATE TABLE grant_warnings (
    relationship_id TEXT NOT NULL REFERENCES relationships (id),
    ends_ms         BIGINT NOT NULL,
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
    expires_ms  BIGINT NOT NULL,
    decided_at  TEXT,
    customer_id TEXT REFERENCES organizations (id)
);

CREATE INDEX customer_invitations_by_partner ON customer_invitations (partner_id, created_at);
