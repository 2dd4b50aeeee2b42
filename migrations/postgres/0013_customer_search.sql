-- Name search on the relationship (issue 33). The customer list searches
-- customer_sort, the customer's name in lower case that migration 0011
-- keeps on the relationship, with LIKE: the same match as ILIKE on the
-- name (ILIKE lowers both sides just so), without a join per candidate.
-- A GIN index of the partner and the trigrams of that name finds a rare
-- name among the partner's customers only; btree_gin (shipped with
-- PostgreSQL, trusted like pg_trgm) lets GIN hold the partner's id. A
-- common name is found by walking the name index instead (see
-- customers/store.rs). The trigram index of every organization's name was
-- there for the search only.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX relationships_by_partner_and_name_trigrams
    ON relationships USING gin (partner_id, customer_sort gin_trgm_ops);
DROP INDEX organizations_by_name_trigrams;

-- The summaries of migration 0011, kept once per statement rather than
-- once per row: a statement that writes many grants (a relationship's
-- roles, a seed of many customers) updates each relationship once, and a
-- statement that writes many relationships counts them once. What they
-- keep is the same: relationship_roles_summary, as the latest migration
-- defines it, stays the one place that says what the summary is.
DROP TRIGGER role_grants_summary_insert ON role_grants;
CREATE FUNCTION role_grants_summary_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM relationship_roles_summary(relationship_id)
       FROM (SELECT DISTINCT relationship_id FROM inserted) i;
    RETURN NULL;
END;
$$;
CREATE TRIGGER role_grants_summary_insert AFTER INSERT ON role_grants
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION role_grants_summary_inserted();

DROP TRIGGER relationships_count_insert ON relationships;
DROP TRIGGER relationships_count_delete ON relationships;
CREATE FUNCTION relationships_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO customer_counts (partner_id, customers)
    SELECT partner_id, COUNT(*) FROM inserted GROUP BY partner_id
    ON CONFLICT (partner_id) DO UPDATE SET customers = customer_counts.customers + EXCLUDED.customers;
    RETURN NULL;
END;
$$;
CREATE FUNCTION relationships_uncounted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE customer_counts c SET customers = c.customers - d.customers
      FROM (SELECT partner_id, COUNT(*) AS customers FROM deleted GROUP BY partner_id) d
     WHERE c.partner_id = d.partner_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER relationships_count_insert AFTER INSERT ON relationships
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION relationships_counted();
CREATE TRIGGER relationships_count_delete AFTER DELETE ON relationships
    REFERENCING OLD TABLE AS deleted
    FOR EACH STATEMENT EXECUTE FUNCTION relationships_uncounted();
DROP FUNCTION relationships_count();
