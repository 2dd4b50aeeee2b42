-- The partner's customer list in name order, filtered by the state of its
-- roles and sorted by their end, through indexes at any size (issue 31).
-- What the list filters and sorts on is kept on the relationship, in step
-- with its roles by triggers, whatever feature writes them:
--   customer_sort  the customer's name in lower case (the name order; in
--                  byte order, as SQLite sorts it);
--   roles_removed  how many roles the customer removed;
--   first_end_ms   the earliest end of a role not removed that does not
--                  extend itself (9223372036854775807 when none ends);
--   last_end_ms    the latest end of a role not removed
--                  (9223372036854775807 when one extends itself, 0 when
--                  none is left): in force while it is ahead of now.
-- None of them depends on the clock; the list compares them with it.
ALTER TABLE relationships ADD COLUMN customer_sort TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE relationships ADD COLUMN roles_removed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE relationships ADD COLUMN first_end_ms BIGINT NOT NULL DEFAULT 9223372036854775807;
ALTER TABLE relationships ADD COLUMN last_end_ms BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION relationship_roles_summary(rel TEXT) RETURNS void LANGUAGE sql AS $$
    UPDATE relationships r SET
        roles_removed = (SELECT COUNT(*) FROM role_grants g
                         WHERE g.relationship_id = r.id AND g.state = 'removed'),
        first_end_ms = COALESCE((SELECT MIN(g.ends_ms) FROM role_grants g
                         WHERE g.relationship_id = r.id AND g.state = 'active' AND NOT g.auto_extend),
                         9223372036854775807),
        last_end_ms = COALESCE((SELECT MAX(CASE WHEN g.auto_extend THEN 9223372036854775807 ELSE g.ends_ms END)
                         FROM role_grants g
                         WHERE g.relationship_id = r.id AND g.state = 'active'), 0)
     WHERE r.id = rel;
$$;

UPDATE relationships r
   SET customer_sort = (SELECT lower(o.name) FROM organizations o WHERE o.id = r.customer_id);
SELECT relationship_roles_summary(id) FROM relationships;

CREATE FUNCTION role_grants_summary() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM relationship_roles_summary(OLD.relationship_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM relationship_roles_summary(NEW.relationship_id);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER role_grants_summary_insert AFTER INSERT ON role_grants
    FOR EACH ROW EXECUTE FUNCTION role_grants_summary();
-- Not on last_used_at: using a role changes nothing the list shows.
CREATE TRIGGER role_grants_summary_update
    AFTER UPDATE OF relationship_id, state, ends_ms, auto_extend ON role_grants
    FOR EACH ROW EXECUTE FUNCTION role_grants_summary();
CREATE TRIGGER role_grants_summary_delete AFTER DELETE ON role_grants
    FOR EACH ROW EXECUTE FUNCTION role_grants_summary();

CREATE FUNCTION relationships_customer_sort() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.customer_sort := (SELECT lower(o.name) FROM organizations o WHERE o.id = NEW.customer_id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER relationships_customer_sort BEFORE INSERT ON relationships
    FOR EACH ROW EXECUTE FUNCTION relationships_customer_sort();

CREATE FUNCTION organizations_customer_sort() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE relationships SET customer_sort = lower(NEW.name) WHERE customer_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER organizations_customer_sort AFTER UPDATE OF name ON organizations
    FOR EACH ROW EXECUTE FUNCTION organizations_customer_sort();

-- How many customers each partner has, so the list's total is one row
-- rather than a count of every relationship.
CREATE TABLE customer_counts (
    partner_id TEXT PRIMARY KEY REFERENCES organizations (id),
    customers  BIGINT NOT NULL
);
INSERT INTO customer_counts (partner_id, customers)
SELECT partner_id, COUNT(*) FROM relationships GROUP BY partner_id;

CREATE FUNCTION relationships_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO customer_counts (partner_id, customers) VALUES (NEW.partner_id, 1)
        ON CONFLICT (partner_id) DO UPDATE SET customers = customer_counts.customers + 1;
    ELSE
        UPDATE customer_counts SET customers = customers - 1 WHERE partner_id = OLD.partner_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER relationships_count_insert AFTER INSERT ON relationships
    FOR EACH ROW EXECUTE FUNCTION relationships_count();
CREATE TRIGGER relationships_count_delete AFTER DELETE ON relationships
    FOR EACH ROW EXECUTE FUNCTION relationships_count();

-- Name order; the end (the sort by expiry, and the expiring); the last end
-- (in force, ended); the removed in either order, and their count.
CREATE INDEX relationships_by_partner_and_name
    ON relationships (partner_id, customer_sort, customer_slug);
CREATE INDEX relationships_by_partner_and_end
    ON relationships (partner_id, first_end_ms, customer_sort, customer_slug);
CREATE INDEX relationships_by_partner_and_last_end
    ON relationships (partner_id, last_end_ms);
CREATE INDEX relationships_removed_by_partner_and_name
    ON relationships (partner_id, customer_sort, customer_slug) WHERE roles_removed > 0;
CREATE INDEX relationships_removed_by_partner_and_end
    ON relationships (partner_id, first_end_ms, customer_sort, customer_slug) WHERE roles_removed > 0;
