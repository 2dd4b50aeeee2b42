-- A partner's customer list pages through an index in the customer's slug
-- order, never by sorting every relationship: the slug (it never changes) is
-- kept on the relationship.
ALTER TABLE relationships ADD COLUMN customer_slug TEXT NOT NULL DEFAULT '';
UPDATE relationships
   SET customer_slug = (SELECT slug FROM organizations o WHERE o.id = relationships.customer_id);
CREATE UNIQUE INDEX relationships_by_partner_and_slug ON relationships (partner_id, customer_slug);

-- Name search finds any part of a name through a trigram index. The index
-- keeps its own copy of (id, name), kept in step by triggers, so it never
-- depends on the organizations' rowids (VACUUM may renumber those).
CREATE VIRTUAL TABLE organization_names USING fts5(id UNINDEXED, name, tokenize = 'trigram');
INSERT INTO organization_names (id, name) SELECT id, name FROM organizations;

CREATE TRIGGER organization_names_insert AFTER INSERT ON organizations BEGIN
    INSERT INTO organization_names (id, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER organization_names_update AFTER UPDATE OF name ON organizations BEGIN
    UPDATE organization_names SET name = new.name WHERE id = old.id;
END;
CREATE TRIGGER organization_names_delete AFTER DELETE ON organizations BEGIN
    DELETE FROM organization_names WHERE id = old.id;
END;
