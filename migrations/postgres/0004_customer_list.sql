-- A partner's customer list pages through an index in the customer's slug
-- order, never by sorting every relationship: the slug (it never changes) is
-- kept on the relationship.
ALTER TABLE relationships ADD COLUMN customer_slug TEXT NOT NULL DEFAULT '';
UPDATE relationships
   SET customer_slug = (SELECT slug FROM organizations o WHERE o.id = relationships.customer_id);
CREATE UNIQUE INDEX relationships_by_partner_and_slug ON relationships (partner_id, customer_slug);

-- Name search finds any part of a name through a trigram index (pg_trgm,
-- shipped with PostgreSQL; SQLite uses FTS5's trigram tokenizer instead).
-- pg_trgm is a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX organizations_by_name_trigrams ON organizations USING gin (name gin_trgm_ops);
