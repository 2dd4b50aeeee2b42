-- The customer list reads how many roles each customer has in force,
-- ended and removed from the relationship itself, rather than counting its
-- roles for every row shown (issue 33). Beside migration 0011's summary,
-- the triggers now keep:
--   roles_kept  how many roles are not removed (in force, or past their end).
-- With first_end_ms and last_end_ms it tells the counts at any time: every
-- role kept is in force while the first end is ahead of now, and ended once
-- the last end is past; only in between are the roles counted, by the list.
-- The summary is now read in one pass over the relationship's roles.
ALTER TABLE relationships ADD COLUMN roles_kept INTEGER NOT NULL DEFAULT 0;

UPDATE relationships SET
    roles_kept = (SELECT COUNT(*) FROM role_grants g
                  WHERE g.relationship_id = relationships.id AND g.state = 'active');

DROP TRIGGER role_grants_summary_insert;
DROP TRIGGER role_grants_summary_update;
DROP TRIGGER role_grants_summary_delete;

CREATE TRIGGER role_grants_summary_insert AFTER INSERT ON role_grants BEGIN
    UPDATE relationships SET (roles_kept, roles_removed, first_end_ms, last_end_ms) = (
        SELECT COUNT(*) FILTER (WHERE g.state = 'active'),
               COUNT(*) FILTER (WHERE g.state = 'removed'),
               COALESCE(MIN(g.ends_ms) FILTER (WHERE g.state = 'active' AND NOT g.auto_extend),
                        9223372036854775807),
               COALESCE(MAX(CASE WHEN g.auto_extend THEN 9223372036854775807 ELSE g.ends_ms END)
                        FILTER (WHERE g.state = 'active'), 0)
        FROM role_grants g WHERE g.relationship_id = relationships.id)
     WHERE id = new.relationship_id;
END;
-- Not on last_used_at: using a role changes nothing the list shows.
CREATE TRIGGER role_grants_summary_update AFTER UPDATE OF relationship_id, state, ends_ms, auto_extend ON role_grants BEGIN
    UPDATE relationships SET (roles_kept, roles_removed, first_end_ms, last_end_ms) = (
        SELECT COUNT(*) FILTER (WHERE g.state = 'active'),
               COUNT(*) FILTER (WHERE g.state = 'removed'),
               COALESCE(MIN(g.ends_ms) FILTER (WHERE g.state = 'active' AND NOT g.auto_extend),
                        9223372036854775807),
               COALESCE(MAX(CASE WHEN g.auto_extend THEN 9223372036854775807 ELSE g.ends_ms END)
                        FILTER (WHERE g.state = 'active'), 0)
        FROM role_grants g WHERE g.relationship_id = relationships.id)
     WHERE id IN (old.relationship_id, new.relationship_id);
END;
CREATE TRIGGER role_grants_summary_delete AFTER DELETE ON role_grants BEGIN
    UPDATE relationships SET (roles_kept, roles_removed, first_end_ms, last_end_ms) = (
        SELECT COUNT(*) FILTER (WHERE g.state = 'active'),
               COUNT(*) FILTER (WHERE g.state = 'removed'),
               COALESCE(MIN(g.ends_ms) FILTER (WHERE g.state = 'active' AND NOT g.auto_extend),
                        9223372036854775807),
               COALESCE(MAX(CASE WHEN g.auto_extend THEN 9223372036854775807 ELSE g.ends_ms END)
                        FILTER (WHERE g.state = 'active'), 0)
        FROM role_grants g WHERE g.relationship_id = relationships.id)
     WHERE id = old.relationship_id;
END;
