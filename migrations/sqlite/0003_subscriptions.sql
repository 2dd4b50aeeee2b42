-- Subscriptions (R5), the multichannel rule (R7), the partner of record
-- (R11) and what invoices are computed from.
-- Money is integer cents (USD); days are 'YYYY-MM-DD' text in UTC.

-- The catalog: per service, base offers and add-ons with a monthly unit price.
CREATE TABLE offers (
    id               TEXT PRIMARY KEY,
    service_id       TEXT NOT NULL REFERENCES services (id),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('base', 'addon')),
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    position         INTEGER NOT NULL,
    UNIQUE (service_id, id)
);

INSERT INTO offers (id, service_id, name, kind, unit_price_cents, position) VALUES
    ('m365-business-basic',    'microsoft-365', 'Microsoft 365 Business Basic',    'base',   600, 1),
    ('m365-business-standard', 'microsoft-365', 'Microsoft 365 Business Standard', 'base',  1250, 2),
    ('m365-e3',                'microsoft-365', 'Microsoft 365 E3',                'base',  3600, 3),
    ('m365-copilot',           'microsoft-365', 'Microsoft 365 Copilot',           'addon', 3000, 4),
    ('m365-teams-phone',       'microsoft-365', 'Teams Phone Standard',            'addon', 1000, 5),
    ('azure-developer',        'azure',         'Azure Developer support',         'base',  2900, 1),
    ('azure-standard',         'azure',         'Azure Standard support',          'base', 10000, 2),
    ('azure-devops-basic',     'azure',         'Azure DevOps Basic',              'addon',  600, 3),
    ('d365-sales-pro',         'dynamics-365',  'Dynamics 365 Sales Professional', 'base',  6500, 1),
    ('d365-sales-enterprise',  'dynamics-365',  'Dynamics 365 Sales Enterprise',   'base', 10500, 2),
    ('d365-storage',           'dynamics-365',  'Dynamics 365 additional storage', 'addon', 4000, 3);

-- R7: per customer and per service, the one CSP reseller that transacts. The
-- primary key makes a second one impossible, whatever the timing.
CREATE TABLE service_transactors (
    customer_id TEXT NOT NULL REFERENCES organizations (id),
    service_id  TEXT NOT NULL REFERENCES services (id),
    partner_id  TEXT NOT NULL REFERENCES organizations (id),
    since       TEXT NOT NULL,
    PRIMARY KEY (customer_id, service_id),
    UNIQUE (customer_id, service_id, partner_id)
);

CREATE INDEX service_transactors_by_partner ON service_transactors (partner_id);

-- A subscription's partner of record is the partner that transacts its
-- service for its customer: the foreign key ties the two together.
CREATE TABLE subscriptions (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    service_id  TEXT NOT NULL,
    partner_id  TEXT NOT NULL,
    offer_id    TEXT NOT NULL,
    seats       INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 10000),
    state       TEXT NOT NULL CHECK (state IN ('active', 'suspended')),
    -- Bumped by every change: an edit made on an older version is refused.
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    FOREIGN KEY (customer_id, service_id, partner_id)
        REFERENCES service_transactors (customer_id, service_id, partner_id)
        ON UPDATE CASCADE,
    FOREIGN KEY (service_id, offer_id) REFERENCES offers (service_id, id)
);

CREATE INDEX subscriptions_by_customer ON subscriptions (customer_id, created_at);

CREATE TABLE subscription_addons (
    id              TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES subscriptions (id),
    offer_id        TEXT NOT NULL REFERENCES offers (id),
    quantity        INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    created_at      TEXT NOT NULL
);

CREATE INDEX subscription_addons_by_subscription ON subscription_addons (subscription_id);

-- What invoices are computed from: one row per stretch of days during which
-- a subscription (or one of its add-ons) had the same partner of record,
-- offer, quantity and unit price. A change closes the open stretch and opens
-- the next, so a month is prorated by day.
CREATE TABLE billing_periods (
    id               INTEGER PRIMARY KEY,
    subscription_id  TEXT NOT NULL REFERENCES subscriptions (id),
    addon_id         TEXT REFERENCES subscription_addons (id),
    partner_id       TEXT NOT NULL REFERENCES organizations (id),
    customer_id      TEXT NOT NULL REFERENCES organizations (id),
    offer_id         TEXT NOT NULL REFERENCES offers (id),
    quantity         INTEGER NOT NULL CHECK (quantity >= 1),
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    -- First day billed, and the day after the last (NULL while it runs).
    starts_on        TEXT NOT NULL,
    ends_on          TEXT,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

CREATE INDEX billing_periods_by_partner ON billing_periods (partner_id, starts_on);
CREATE UNIQUE INDEX billing_periods_one_open
    ON billing_periods (subscription_id, IFNULL(addon_id, '')) WHERE ends_on IS NULL;

-- The customer moves a service (every subscription of it) to another CSP
-- reseller it has a relationship with; the new partner of record accepts.
CREATE TABLE service_transfers (
    id              TEXT PRIMARY KEY,
    customer_id     TEXT NOT NULL REFERENCES organizations (id),
    service_id      TEXT NOT NULL REFERENCES services (id),
    from_partner_id TEXT NOT NULL REFERENCES organizations (id),
    to_partner_id   TEXT NOT NULL REFERENCES organizations (id),
    state           TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'cancelled')),
    requested_at    TEXT NOT NULL,
    decided_at      TEXT,
    CHECK (from_partner_id <> to_partner_id)
);

CREATE UNIQUE INDEX service_transfers_one_pending
    ON service_transfers (customer_id, service_id) WHERE state = 'pending';
CREATE INDEX service_transfers_to_partner ON service_transfers (to_partner_id, state);
