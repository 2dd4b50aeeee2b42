-- Nothing changes on SQLite (issue 33): its name search is FTS5's trigram
-- index (migration 0004), and a trigger there runs in the process that
-- writes, so once per row costs no round trip. PostgreSQL's half of this
-- migration moves its name search onto the relationship and keeps the
-- list's summaries once per statement.
SELECT 1;
