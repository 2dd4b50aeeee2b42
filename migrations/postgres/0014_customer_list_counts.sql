-- The customer list reads how many roles each customer has in force,
-- ended and removed from the relationship itself, rather than counting its
-- roles for every row shown (issue 33). Beside migration 0011's summary,
-- the triggers now keep:
--   roles_kept  how many roles are not removed (in force, or past their end).
-- With first_end_ms and last_end_ms it tells the counts at any time: every
-- role kept is in force while the first end is ahead of now, and ended once
-- the last end is past; only in between are the roles counted, by the list.
-- The summary is now read in one pass over the relationship's roles.
ALTER TABLE relationships ADD COLUMN roles_kept BIGINT NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION relationship_roles_summary(rel TEXT) RETURNS void LANGUAGE sql AS $$
    UPDATE relationships r SET (roles_kept, roles_removed, first_end_ms, last_end_ms) = (
        SELECT COUNT(*) FILTER (WHERE g.state = 'active'),
               COUNT(*) FILTER (WHERE g.state = 'removed'),
               COALESCE(MIN(g.ends_ms) FILTER (WHERE g.state = 'active' AND NOT g.auto_extend),
                        9223372036854775807),
               COALESCE(MAX(CASE WHEN g.auto_extend THEN 9223372036854775807 ELSE g.ends_ms END)
                        FILTER (WHERE g.state = 'active'), 0)
        FROM role_grants g WHERE g.relationship_id = r.id)
     WHERE r.id = rel;
$$;

UPDATE relationships r SET
    roles_kept = (SELECT COUNT(*) FROM role_grants g
                  WHERE g.relationship_id = r.id AND g.state = 'active');
