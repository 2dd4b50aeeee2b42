-- Every integer is 64-bit, as PostgreSQL's now are: SQLite's INTEGER
-- already is, so nothing changes here (the pair keeps the numbers equal).
SELECT 1;
