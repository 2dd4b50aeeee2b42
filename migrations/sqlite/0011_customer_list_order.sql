-- The partner's customer list in name order, filtered by the state of its
-- roles and sorted by their end, through indexes at any size (issue 31).
-- What the list filters and sorts on is kept on the relationship, in step
-- with its roles by triggers, whatever feature writes them:
--   customer_sort  the customer's name in lower case (the name order);
--   roles_removed  how many roles the customer removed;
--   first_end_ms   the earliest end of a role not removed that does not
--                  extend itself (9223372036854775807 when none ends);
--   last_end_ms    the latest end of a role not removed
--                  (9223372036854775807 when one extends itself, 0 when
--                  none is left): in force while it is ahead of now.
-- None of them depends on the clock; the list compares them with it.
ALTER TABLE relationships ADD COLUMN customer_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE relationships ADD COLUMN roles_removed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE relationships ADD COLUMN first_end_ms INTEGER NOT NULL DEFAULT 9223372036854775807;
ALTER TABLE relationships ADD COLUMN last_end_ms INTEGER NOT NULL DEFAULT 0;

UPDATE relationships SET
    customer_sort = (SELECT lower(o.name) FROM organizations o WHERE o.id = relationships.customer_id),
    roles_removed = (SELECT COUNT(*) FROM role_grants g
                     WHERE g.relationship_id = relationships.id AND g.state = 'removed'),
    first_end_ms = COALESCE((SELECT MIN(g.ends_ms) FROM role_grants g
                     WHERE g.relationship_id = relationships.id AND g.state = 'active' AND NOT g.auto_extend),
                     9223372036854775807),
    last_end_ms = COALESCE((SELECT MAX(CASE WHEN g.auto_extend THEN 9223372036854775807 ELSE g.ends_ms END)
                     FROM role_grants g
                     WHERE g.relationship_id = relationships.id AND g.state = 'active'), 0);

CREATE TRIGGER relationships_customer_sort AFTER INSERT ON relationships BEGIN
    UPDATE relationships
       SET customer_sort = (SELECT lower(o.name) FROM organizations o WHERE o.id = new.customer_id)
     WHERE id = new.id;
END;
CREATE TRIGGER organizations_customer_sort AFTER UPDATE OF name ON organizations BEGIN
    UPDATE relationships SET customer_sort = lower(new.name) WHERE customer_id = new.id;
END;

CREATE TRIGGER role_grants_summary_insert AFTER INSERT ON role_grants BEGIN
    UPDATE relationships SET
        roles_removed = (SELECT COUNT(*) FROM role_grants g
                         WHERE g.relationship_id = relationships.id AND g.state = 'removed'),
        first_end_ms = COALESCE((SELECT MIN(g.ends_ms) FROM role_grants g
                         WHERE g.relationship_id = relationships.id AND g.state = 'active' AND NOT g.auto_extend),
                         9223372036854775807),
        last_end_ms = COALESCE((SELECT MAX(CASE WHEN g.auto_extend THEN 9223372036854775807 ELSE g.ends_ms END)
                         FROM role_grants g
                         WHERE g.relationship_id = relationships.id AND g.state = 'active'), 0)
     WHERE id = new.relationship_id;
END;
-- Not on last_used_at: using a role changes nothing the list shows.
CREATE TRIGGER role_grants_summary_update AFTER UPDATE OF relationship_id, state, ends_ms, auto_extend ON role_grants BEGIN
    UPDATE relationships SET
        roles_removed = (SELECT COUNT(*) FROM role_grants g
                         WHERE g.relationship_id = relationships.id AND g.state = 'removed'),
        first_end_ms = COALESCE((SELECT MIN(g.ends_ms) FROM role_grants g
                         WHERE g.relationship_id = relationships.id AND g.state = 'active' AND NOT g.auto_extend),
                         9223372036854775807),
        last_end_ms = COALESCE((SELECT MAX(CASE WHEN g.auto_extend THEN 9223372036854775807 ELSE g.ends_ms END)
                         FROM role_grants g
                         WHERE g.relationship_id = relationships.id AND g.state = 'active'), 0)
     WHERE id IN (old.relationship_id, new.relationship_id);
END;
CREATE TRIGGER role_grants_summary_delete AFTER DELETE ON role_grants BEGIN
    UPDATE relationships SET
        roles_removed = (SELECT COUNT(*) FROM role_grants g
                         WHERE g.relationship_id = relationships.id AND g.state = 'removed'),
        first_end_ms = COALESCE((SELECT MIN(g.ends_ms) FROM role_grants g
                         WHERE g.relationship_id = relationships.id AND g.state = 'active' AND NOT g.auto_extend),
                         9223372036854775807),
        last_end_ms = COALESCE((SELECT MAX(CASE WHEN g.auto_extend THEN 9223372036854775807 ELSE g.ends_ms END)
                         FROM role_grants g
                         WHERE g.relationship_id = relationships.id AND g.state = 'active'), 0)
     WHERE id = old.relationship_id;
END;

-- How many customers each partner has, so the list's total is one row
-- rather than a count of every relationship.
CREATE TABLE customer_counts (
    partner_id TEXT PRIMARY KEY REFERENCES organizations (id),
    customers  INTEGER NOT NULL
);
INSERT INTO customer_counts (partner_id, customers)
SELECT partner_id, COUNT(*) FROM relationships GROUP BY partner_id;

CREATE TRIGGER relationships_count_insert AFTER INSERT ON relationships BEGIN
    INSERT INTO customer_counts (partner_id, customers) VALUES (new.partner_id, 1)
    ON CONFLICT (partner_id) DO UPDATE SET customers = customers + 1;
END;
CREATE TRIGGER relationships_count_delete AFTER DELETE ON relationships BEGIN
    UPDATE customer_counts SET customers = customers - 1 WHERE partner_id = old.partner_id;
END;

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
