-- Every integer is 64-bit, as SQLite's are: the stores read each one as
-- i64 through PostgreSQL's own driver, which does not widen INT4 as the
-- engine-neutral one did (and a price above 21 474 836,47 fits).
ALTER TABLE billing_periods ALTER COLUMN quantity TYPE BIGINT,
                            ALTER COLUMN unit_price_cents TYPE BIGINT;
ALTER TABLE grant_warnings ALTER COLUMN days TYPE BIGINT;
ALTER TABLE offers ALTER COLUMN position TYPE BIGINT,
                   ALTER COLUMN unit_price_cents TYPE BIGINT;
ALTER TABLE outbox ALTER COLUMN attempts TYPE BIGINT;
ALTER TABLE relationship_asks ALTER COLUMN duration_days TYPE BIGINT;
ALTER TABLE roles ALTER COLUMN position TYPE BIGINT;
ALTER TABLE services ALTER COLUMN position TYPE BIGINT;
ALTER TABLE sign_in_failures ALTER COLUMN failures TYPE BIGINT;
ALTER TABLE site_address ALTER COLUMN id TYPE BIGINT;
ALTER TABLE subscription_addons ALTER COLUMN quantity TYPE BIGINT;
ALTER TABLE subscriptions ALTER COLUMN seats TYPE BIGINT,
                          ALTER COLUMN version TYPE BIGINT;
ALTER TABLE webhook_attempts ALTER COLUMN status TYPE BIGINT;
ALTER TABLE webhook_deliveries ALTER COLUMN attempts TYPE BIGINT,
                               ALTER COLUMN last_status TYPE BIGINT;
