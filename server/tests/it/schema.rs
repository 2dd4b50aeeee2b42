//! The two schemas held together: an empty SQLite database and an empty
//! PostgreSQL database, each migrated by its own hand-kept files
//! (`migrations/sqlite`, `migrations/postgres`), must have the same tables,
//! columns (type family, nullability), primary keys, foreign keys, unique
//! constraints, indexes (with a partial index's condition) and triggers,
//! but for the differences listed in
//! [`INTENDED`]. PostgreSQL comes from `LIAISON_TEST_POSTGRES`, as for the
//! rest of the suite (the test command's second pass); without it the test
//! says it compared nothing.
use std::collections::{BTreeMap, BTreeSet};

use sqlx::{Connection, Row};

/// What differs between the engines on purpose, and why. Each entry is a
/// line of [`differences`]' output; one that no longer shows fails the
/// test too, so the list stays true.
const INTENDED: &[(&str, &str)] = &[
    // Name search: FTS5's trigram tokenizer on SQLite, a virtual table
    // kept in step with `organizations` by triggers (migration 0004); on
    // PostgreSQL a GIN index of the partner and `pg_trgm`'s trigrams of the
    // relationship's lower-case name (migration 0013).
    (
        "table organization_names: only on SQLite",
        "the FTS5 trigram name index (PostgreSQL: relationships_by_partner_and_name_trigrams)",
    ),
    (
        "trigger organization_names_insert on organizations: only on SQLite",
        "keeps the FTS5 name index in step",
    ),
    (
        "trigger organization_names_update on organizations: only on SQLite",
        "keeps the FTS5 name index in step",
    ),
    (
        "trigger organization_names_delete on organizations: only on SQLite",
        "keeps the FTS5 name index in step",
    ),
    (
        "index relationships_by_partner_and_name_trigrams on relationships (partner_id, customer_sort): only on PostgreSQL",
        "pg_trgm's GIN index for name search (SQLite: organization_names)",
    ),
];

/// A column as both engines can say it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    family: &'static str,
    nullable: bool,
}

/// An index made by `CREATE INDEX` (not one behind a key or a UNIQUE
/// constraint, compared as those).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Index {
    table: String,
    columns: Vec<String>,
    unique: bool,
    /// Its `WHERE`, as the engine writes it back (compared through
    /// [`condition_words`]: PostgreSQL adds parentheses and casts).
    predicate: Option<String>,
}

/// A foreign key: its columns, the table and columns it references, and
/// what deleting the referenced row does.
type ForeignKey = (Vec<String>, String, Vec<String>, String);

#[derive(Debug, Default)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    foreign_keys: BTreeSet<ForeignKey>,
    uniques: BTreeSet<Vec<String>>,
}

#[derive(Debug, Default)]
struct Schema {
    tables: BTreeMap<String, Table>,
    indexes: BTreeMap<String, Index>,
    /// Trigger name -> its table.
    triggers: BTreeMap<String, String>,
}

/// A temporary SQLite database, and the test PostgreSQL server's new
/// database when `LIAISON_TEST_POSTGRES` names one; both migrated by
/// `app::db::connect` and empty, by URL. The SQLite file lives as long as
/// this value.
pub struct Databases {
    pub sqlite: String,
    pub postgres: Option<String>,
    _dir: tempfile::TempDir,
}

impl Databases {
    pub async fn migrated() -> Databases {
        let dir = tempfile::tempdir().expect("temporary directory");
        let sqlite = format!("sqlite://{}/liaison.db", dir.path().display());
        crate::common::connect(&sqlite).await.close().await;
        let postgres = match std::env::var("LIAISON_TEST_POSTGRES") {
            Ok(server) if !server.is_empty() => {
                // The suite's own way to a new PostgreSQL database.
                Some(crate::common::fresh_database(dir.path()).await)
            }
            _ => None,
        };
        if let Some(url) = &postgres {
            crate::common::connect(url).await.close().await;
        }
        Databases {
            sqlite,
            postgres,
            _dir: dir,
        }
    }
}

#[tokio::test]
async fn both_migrations_make_the_same_schema_but_for_the_listed_differences() {
    let databases = Databases::migrated().await;
    let sqlite = sqlite_schema(&databases.sqlite).await;
    assert!(
        sqlite.tables.contains_key("organizations"),
        "the SQLite schema was read: {:?}",
        sqlite.tables.keys()
    );
    let Some(postgres_url) = &databases.postgres else {
        eprintln!(
            "schema: compared nothing: no PostgreSQL was given (LIAISON_TEST_POSTGRES; \
             the test command's PostgreSQL pass sets it)"
        );
        return;
    };
    let postgres = postgres_schema(postgres_url).await;
    let found = differences(&sqlite, &postgres);
    let intended: BTreeSet<&str> = INTENDED.iter().map(|(line, _)| *line).collect();
    let drifts: Vec<&String> = found
        .iter()
        .filter(|line| !intended.contains(line.as_str()))
        .collect();
    let stale: Vec<&&str> = intended
        .iter()
        .filter(|line| !found.iter().any(|found| found == **line))
        .collect();
    eprintln!(
        "schema: compared {} tables and {} indexes; {} intended differences:\n{}",
        sqlite.tables.len(),
        sqlite.indexes.len(),
        intended.len(),
        INTENDED
            .iter()
            .map(|(line, why)| format!("  {line} ({why})\n"))
            .collect::<String>()
    );
    assert!(
        drifts.is_empty() && stale.is_empty(),
        "the two migrations drifted apart (fix with a new migration pair, or list \
         the difference in INTENDED with why):\n{}{}",
        drifts
            .iter()
            .map(|line| format!("  {line}\n"))
            .collect::<String>(),
        stale
            .iter()
            .map(|line| format!("  listed as intended but not found: {line}\n"))
            .collect::<String>(),
    );
}

/// Every difference between the two schemas, one line each.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = sqlite.tables.keys().chain(postgres.tables.keys()).collect();
    for name in names {
        let (s, p) = match (sqlite.tables.get(name), postgres.tables.get(name)) {
            (Some(s), Some(p)) => (s, p),
            (Some(_), None) => {
                out.push(format!("table {name}: only on SQLite"));
                continue;
            }
            (None, _) => {
                out.push(format!("table {name}: only on PostgreSQL"));
                continue;
            }
        };
        let columns: BTreeSet<&String> = s.columns.keys().chain(p.columns.keys()).collect();
        for column in columns {
            match (s.columns.get(column), p.columns.get(column)) {
                (Some(sc), Some(pc)) => {
                    if !same_family(sc.family, pc.family) {
                        out.push(format!(
                            "column {name}.{column}: {} on SQLite, {} on PostgreSQL",
                            sc.family, pc.family
                        ));
                    }
                    if sc.nullable != pc.nullable {
                        out.push(format!(
                            "column {name}.{column}: {} on SQLite, {} on PostgreSQL",
                            null_word(sc.nullable),
                            null_word(pc.nullable)
                        ));
                    }
                }
                (Some(_), None) => out.push(format!("column {name}.{column}: only on SQLite")),
                (None, _) => out.push(format!("column {name}.{column}: only on PostgreSQL")),
            }
        }
        if s.primary_key != p.primary_key {
            out.push(format!(
                "primary key of {name}: ({}) on SQLite, ({}) on PostgreSQL",
                s.primary_key.join(", "),
                p.primary_key.join(", ")
            ));
        }
        for key in s.foreign_keys.difference(&p.foreign_keys) {
            out.push(format!(
                "foreign key {}: only on SQLite",
                key_text(name, key)
            ));
        }
        for key in p.foreign_keys.difference(&s.foreign_keys) {
            out.push(format!(
                "foreign key {}: only on PostgreSQL",
                key_text(name, key)
            ));
        }
        for unique in s.uniques.difference(&p.uniques) {
            out.push(format!(
                "unique ({}) on {name}: only on SQLite",
                unique.join(", ")
            ));
        }
        for unique in p.uniques.difference(&s.uniques) {
            out.push(format!(
                "unique ({}) on {name}: only on PostgreSQL",
                unique.join(", ")
            ));
        }
    }
    let indexes: BTreeSet<&String> = sqlite
        .indexes
        .keys()
        .chain(postgres.indexes.keys())
        .collect();
    for name in indexes {
        match (sqlite.indexes.get(name), postgres.indexes.get(name)) {
            (Some(s), Some(p)) => {
                let shape = |i: &Index| {
                    format!(
                        "{}on {} ({}){}",
                        if i.unique { "unique " } else { "" },
                        i.table,
                        i.columns.join(", "),
                        i.predicate
                            .as_deref()
                            .map(|p| format!(" where {}", condition_words(p)))
                            .unwrap_or_default()
                    )
                };
                if shape(s) != shape(p) {
                    out.push(format!(
                        "index {name}: {} on SQLite, {} on PostgreSQL",
                        shape(s),
                        shape(p)
                    ));
                }
            }
            (Some(s), None) => out.push(format!(
                "index {name} on {} ({}): only on SQLite",
                s.table,
                s.columns.join(", ")
            )),
            (None, Some(p)) => out.push(format!(
                "index {name} on {} ({}): only on PostgreSQL",
                p.table,
                p.columns.join(", ")
            )),
            (None, None) => {}
        }
    }
    let triggers: BTreeSet<&String> = sqlite
        .triggers
        .keys()
        .chain(postgres.triggers.keys())
        .collect();
    for name in triggers {
        match (sqlite.triggers.get(name), postgres.triggers.get(name)) {
            (Some(s), Some(p)) if s != p => out.push(format!(
                "trigger {name}: on {s} on SQLite, on {p} on PostgreSQL"
            )),
            (Some(s), None) => out.push(format!("trigger {name} on {s}: only on SQLite")),
            (None, Some(p)) => out.push(format!("trigger {name} on {p}: only on PostgreSQL")),
            _ => {}
        }
    }
    out
}

/// A partial index's condition without what PostgreSQL adds when it writes
/// one back (parentheses, `::text` casts) and in lower case, so that
/// `(state = 'active'::text)` reads as SQLite's `state = 'active'`.
fn condition_words(condition: &str) -> String {
    let mut out = String::new();
    let mut chars = condition.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ':' if chars.peek() == Some(&':') => {
                chars.next();
                while chars
                    .next_if(|c| c.is_alphanumeric() || *c == '_')
                    .is_some()
                {}
            }
            '(' | ')' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// SQLite has no boolean: a yes or no is an INTEGER 0 or 1 there (the
/// stores read both through `db::Flag`), so an INTEGER column is the same
/// as one that PostgreSQL declares BOOLEAN — and only then.
fn same_family(sqlite: &str, postgres: &str) -> bool {
    sqlite == postgres || (sqlite == "integer" && postgres == "boolean")
}

fn null_word(nullable: bool) -> &'static str {
    if nullable { "NULL" } else { "NOT NULL" }
}

fn key_text(table: &str, (columns, target, target_columns, on_delete): &ForeignKey) -> String {
    format!(
        "{table} ({}) -> {target} ({}) on delete {on_delete}",
        columns.join(", "),
        target_columns.join(", ")
    )
}

/// The family of a column SQLite declares, by its rules of affinity
/// (<https://www.sqlite.org/datatype3.html>, 3.1), BOOLEAN apart.
fn sqlite_family(declared: &str) -> &'static str {
    let declared = declared.to_ascii_uppercase();
    if declared.contains("INT") {
        "integer"
    } else if ["CHAR", "CLOB", "TEXT"]
        .iter()
        .any(|t| declared.contains(t))
    {
        "text"
    } else if declared.contains("BLOB") || declared.is_empty() {
        "blob"
    } else if ["REAL", "FLOA", "DOUB"]
        .iter()
        .any(|t| declared.contains(t))
    {
        "real"
    } else if declared.starts_with("BOOL") {
        "boolean"
    } else {
        "numeric"
    }
}

/// The family of a column's `data_type` in PostgreSQL's information schema.
fn postgres_family(data_type: &str) -> &'static str {
    match data_type {
        "smallint" | "integer" | "bigint" => "integer",
        "text" | "character varying" | "character" | "name" => "text",
        "real" | "double precision" => "real",
        "boolean" => "boolean",
        "bytea" => "blob",
        "numeric" => "numeric",
        "json" | "jsonb" => "json",
        "uuid" => "uuid",
        t if t.starts_with("timestamp") || t == "date" => "time",
        _ => "other",
    }
}

/// The referential action as both engines name it.
fn action_word(action: &str) -> String {
    match action {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        other => other,
    }
    .to_string()
}

async fn sqlite_schema(url: &str) -> Schema {
    let mut conn = sqlx::SqliteConnection::connect(url)
        .await
        .expect("the SQLite database");
    let mut schema = Schema::default();
    // `sqlite_%` are SQLite's own; the `_sqlx_migrations` table sqlx's.
    // The FTS5 table's shadow tables (`organization_names_data`, ...) go
    // with it.
    let tables = sqlx::query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_sqlx_migrations'
         ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .expect("SQLite's tables");
    let tables: Vec<(String, String)> = tables
        .iter()
        .map(|row| {
            (
                row.get("name"),
                row.get::<Option<String>, _>("sql").unwrap_or_default(),
            )
        })
        .collect();
    let virtual_tables: Vec<&String> = tables
        .iter()
        .filter(|(_, sql)| sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL TABLE"))
        .map(|(name, _)| name)
        .collect();
    for (name, _) in &tables {
        if virtual_tables
            .iter()
            .any(|v| name.starts_with(&format!("{v}_")))
        {
            continue;
        }
        let mut table = Table::default();
        if virtual_tables.contains(&name) {
            schema.tables.insert(name.clone(), table);
            continue;
        }
        let columns = sqlx::query(
            "SELECT name, type, \"notnull\" AS not_null, pk FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(name)
        .fetch_all(&mut conn)
        .await
        .expect("SQLite's columns");
        let mut primary_key: Vec<(i64, String)> = Vec::new();
        for column in &columns {
            let column_name: String = column.get("name");
            let pk: i64 = column.get("pk");
            let not_null: i64 = column.get("not_null");
            if pk > 0 {
                primary_key.push((pk, column_name.clone()));
            }
            table.columns.insert(
                column_name,
                Column {
                    family: sqlite_family(&column.get::<String, _>("type")),
                    // A key's columns are never NULL on PostgreSQL; SQLite
                    // lets a non-INTEGER key hold NULL unless told, which no
                    // store does.
                    nullable: not_null == 0 && pk == 0,
                },
            );
        }
        primary_key.sort();
        table.primary_key = primary_key.into_iter().map(|(_, c)| c).collect();
        let keys = sqlx::query(
            "SELECT id, seq, \"table\" AS target, \"from\" AS source, \"to\" AS target_column,
                    on_delete
             FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(name)
        .fetch_all(&mut conn)
        .await
        .expect("SQLite's foreign keys");
        let mut by_id: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for key in &keys {
            let entry = by_id.entry(key.get("id")).or_insert_with(|| {
                (
                    Vec::new(),
                    key.get("target"),
                    Vec::new(),
                    key.get::<String, _>("on_delete"),
                )
            });
            entry.0.push(key.get("source"));
            if let Some(target) = key.get::<Option<String>, _>("target_column") {
                entry.2.push(target);
            }
        }
        for (_, mut key) in by_id {
            if key.2.is_empty() {
                // `REFERENCES t` names t's primary key.
                let target: Vec<String> = sqlx::query_scalar(
                    "SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk",
                )
                .bind(&key.1)
                .fetch_all(&mut conn)
                .await
                .expect("the referenced key");
                key.2 = target;
            }
            table.foreign_keys.insert(key);
        }
        let indexes = sqlx::query(
            "SELECT name, \"unique\" AS is_unique, origin, partial FROM pragma_index_list($1)",
        )
        .bind(name)
        .fetch_all(&mut conn)
        .await
        .expect("SQLite's indexes");
        for index in &indexes {
            let index_name: String = index.get("name");
            let columns: Vec<Option<String>> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&index_name)
                    .fetch_all(&mut conn)
                    .await
                    .expect("an index's columns");
            let columns: Vec<String> = columns
                .into_iter()
                .map(|c| c.unwrap_or_else(|| "(expression)".to_string()))
                .collect();
            match index.get::<String, _>("origin").as_str() {
                "pk" => {}
                "u" => {
                    table.uniques.insert(columns);
                }
                _ => {
                    let sql: Option<String> = sqlx::query_scalar(
                        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1",
                    )
                    .bind(&index_name)
                    .fetch_one(&mut conn)
                    .await
                    .expect("an index's definition");
                    let partial: i64 = index.get("partial");
                    let predicate = (partial != 0).then(|| {
                        let sql = sql.unwrap_or_default();
                        let upper = sql.to_ascii_uppercase();
                        upper
                            .rfind(" WHERE ")
                            .map(|at| sql[at + 7..].trim().to_string())
                            .unwrap_or(sql)
                    });
                    schema.indexes.insert(
                        index_name,
                        Index {
                            table: name.clone(),
                            columns,
                            unique: index.get::<i64, _>("is_unique") != 0,
                            predicate,
                        },
                    );
                }
            }
        }
        schema.tables.insert(name.clone(), table);
    }
    let triggers = sqlx::query("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        .fetch_all(&mut conn)
        .await
        .expect("SQLite's triggers");
    for trigger in &triggers {
        schema
            .triggers
            .insert(trigger.get("name"), trigger.get("tbl_name"));
    }
    conn.close().await.ok();
    schema
}

async fn postgres_schema(url: &str) -> Schema {
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .expect("the PostgreSQL database");
    let mut schema = Schema::default();
    let columns = sqlx::query(
        "SELECT c.table_name::text AS table_name, c.column_name::text AS column_name,
                c.data_type::text AS data_type, c.is_nullable::text AS is_nullable
         FROM information_schema.columns c
         JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
           AND c.table_name <> '_sqlx_migrations'
         ORDER BY c.table_name, c.ordinal_position",
    )
    .fetch_all(&mut conn)
    .await
    .expect("PostgreSQL's columns");
    for column in &columns {
        let table = schema.tables.entry(column.get("table_name")).or_default();
        table.columns.insert(
            column.get("column_name"),
            Column {
                family: postgres_family(&column.get::<String, _>("data_type")),
                nullable: column.get::<String, _>("is_nullable") == "YES",
            },
        );
    }
    // Keys and UNIQUE constraints, their columns in order.
    let constraints = sqlx::query(
        "SELECT cl.relname::text AS table_name, con.contype::text AS kind,
                (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord)
                   FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)
                  AS columns,
                COALESCE(fcl.relname::text, '') AS target,
                COALESCE((SELECT string_agg(a.attname::text, ',' ORDER BY k.ord)
                   FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
                  '') AS target_columns,
                con.confdeltype::text AS on_delete
         FROM pg_constraint con
         JOIN pg_class cl ON cl.oid = con.conrelid
         JOIN pg_namespace n ON n.oid = cl.relnamespace
         LEFT JOIN pg_class fcl ON fcl.oid = con.confrelid
         WHERE n.nspname = 'public' AND con.contype IN ('p', 'u', 'f')
           AND cl.relname <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .expect("PostgreSQL's constraints");
    let split = |text: String| -> Vec<String> { text.split(',').map(str::to_string).collect() };
    for constraint in constraints {
        let table = schema
            .tables
            .entry(constraint.get("table_name"))
            .or_default();
        let columns = split(constraint.get("columns"));
        match constraint.get::<String, _>("kind").as_str() {
            "p" => table.primary_key = columns,
            "u" => {
                table.uniques.insert(columns);
            }
            _ => {
                table.foreign_keys.insert((
                    columns,
                    constraint.get("target"),
                    split(constraint.get("target_columns")),
                    action_word(&constraint.get::<String, _>("on_delete")),
                ));
            }
        }
    }
    // Indexes made by CREATE INDEX: not those behind a key or a UNIQUE
    // constraint.
    let indexes = sqlx::query(
        "SELECT i.relname::text AS index_name, t.relname::text AS table_name,
                x.indisunique AS is_unique,
                pg_get_expr(x.indpred, x.indrelid) AS predicate,
                (SELECT string_agg(COALESCE(a.attname::text, '(expression)'), ',' ORDER BY k.ord)
                   FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                   LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum)
                  AS columns
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = 'public' AND t.relname <> '_sqlx_migrations'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid
                             AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x'))",
    )
    .fetch_all(&mut conn)
    .await
    .expect("PostgreSQL's indexes");
    for index in &indexes {
        schema.indexes.insert(
            index.get("index_name"),
            Index {
                table: index.get("table_name"),
                columns: split(index.get("columns")),
                unique: index.get("is_unique"),
                predicate: index.get("predicate"),
            },
        );
    }
    let triggers = sqlx::query(
        "SELECT tg.tgname::text AS name, c.relname::text AS table_name
         FROM pg_trigger tg
         JOIN pg_class c ON c.oid = tg.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND NOT tg.tgisinternal",
    )
    .fetch_all(&mut conn)
    .await
    .expect("PostgreSQL's triggers");
    for trigger in &triggers {
        schema
            .triggers
            .insert(trigger.get("name"), trigger.get("table_name"));
    }
    conn.close().await.ok();
    schema
}

/// The comparison itself: a drift of each kind reads as one line.
#[test]
fn each_kind_of_drift_is_told() {
    let table = |family, nullable, unique: bool| {
        let mut table = Table::default();
        table
            .columns
            .insert("flag".into(), Column { family, nullable });
        table.primary_key = vec!["flag".into()];
        if unique {
            table.uniques.insert(vec!["flag".into()]);
        }
        table
    };
    let mut sqlite = Schema::default();
    let mut postgres = Schema::default();
    sqlite
        .tables
        .insert("t".into(), table("integer", false, true));
    postgres
        .tables
        .insert("t".into(), table("boolean", true, false));
    sqlite
        .tables
        .insert("u".into(), table("integer", false, false));
    postgres
        .tables
        .insert("u".into(), table("text", false, false));
    let index = |predicate: &str| Index {
        table: "t".into(),
        columns: vec!["flag".into()],
        unique: false,
        predicate: Some(predicate.into()),
    };
    sqlite
        .indexes
        .insert("same".into(), index("state = 'active'"));
    postgres
        .indexes
        .insert("same".into(), index("(state = 'active'::text)"));
    sqlite
        .indexes
        .insert("other".into(), index("ends_on IS NULL"));
    postgres
        .indexes
        .insert("other".into(), index("(ends_on IS NOT NULL)"));
    assert_eq!(
        differences(&sqlite, &postgres),
        [
            "column t.flag: NOT NULL on SQLite, NULL on PostgreSQL",
            "unique (flag) on t: only on SQLite",
            "column u.flag: integer on SQLite, text on PostgreSQL",
            "index other: on t (flag) where ends_on is null on SQLite, \
             on t (flag) where ends_on is not null on PostgreSQL",
        ]
    );
}
