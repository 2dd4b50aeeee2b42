//! Every SQL statement the stores run is prepared on both engines, so a
//! statement one of them rejects (a column one migration forgot, a
//! function only the other has) fails the test command, not a user.
//!
//! The statements are read out of the source of `app/src` and
//! `server/src` by syntax: the first argument of every call of
//! `sqlx::query`, `query_as`, `query_scalar`, `query_with`,
//! `query_as_with`, `query_scalar_with` and `raw_sql`. A literal is taken as
//! it is; `format!` is put together when its pieces are literals, `const`s
//! of the same file and the few functions [`call`] knows. Anything else
//! (SQL built up at run time, `db::Sql`) must be listed in [`assembled`]
//! under its file and function with its concrete forms: the test fails on a
//! query call it can read neither way, so no new one goes unchecked.
//!
//! A second test reads the same source for the time: stores are given it,
//! and none reads the request's clock from Leptos' context.
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::TokenStream;
use sqlx::{Connection, Executor};
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, Lit};

use crate::schema::Databases;

/// The functions whose first argument is the SQL they run.
const QUERY_FUNCTIONS: &[&str] = &[
    "query",
    "query_as",
    "query_scalar",
    "query_with",
    "query_as_with",
    "query_scalar_with",
    "raw_sql",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Engine {
    Sqlite,
    Postgres,
}

/// Which engines run a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Only {
    Both,
    Sqlite,
    Postgres,
}

impl Only {
    fn runs_on(self, engine: Engine) -> bool {
        matches!(
            (self, engine),
            (Only::Both, _) | (Only::Sqlite, Engine::Sqlite) | (Only::Postgres, Engine::Postgres)
        )
    }
}

/// Literal statements that only one engine runs (their store asks
/// `db::Engine` first).
const ONE_ENGINE: &[(&str, Only)] = &[
    // db::begin_write and the webhooks' claims: PostgreSQL's advisory lock.
    ("SELECT pg_advisory_xact_lock($1)", Only::Postgres),
    // db::backup: SQLite copies its file; PostgreSQL runs pg_dump.
    ("VACUUM INTO $1", Only::Sqlite),
    // scale::seed on PostgreSQL: commits that do not wait for the disk, a
    // vacuum after the bulk load.
    ("VACUUM (ANALYZE) relationships", Only::Postgres),
    ("SET LOCAL synchronous_commit = off", Only::Postgres),
];

/// Query calls whose SQL is put together at run time, by file (under the
/// workspace) and function, with the concrete forms it takes.
struct Assembled {
    file: &'static str,
    function: &'static str,
    forms: Vec<(Only, String)>,
}

fn assembled() -> Vec<Assembled> {
    let counts = app::relationships::dap_counts("$2");
    let page = |from: &str, rest: &str| {
        format!(
            "SELECT r.customer_slug AS cursor, o.slug, o.name, r.kind, r.created_at AS since,
                    r.first_end_ms, r.last_end_ms, {counts}
             FROM relationships r JOIN organizations o ON o.id = r.customer_id
             WHERE r.partner_id = $1{from}{rest}"
        )
    };
    vec![
        Assembled {
            file: "app/src/db/mod.rs",
            function: "refresh_statistics",
            forms: vec![
                (Only::Sqlite, "PRAGMA optimize".into()),
                (Only::Postgres, "ANALYZE".into()),
            ],
        },
        Assembled {
            // The seed's multi-row inserts, for two rows each.
            file: "app/src/scale.rs",
            function: "write",
            forms: app::scale::seed_statements()
                .into_iter()
                .map(|sql| (Only::Both, sql))
                .collect(),
        },
        Assembled {
            // Each statement of the array the function walks.
            file: "app/src/accounts/store.rs",
            function: "delete_pending_organization",
            forms: vec![],
        },
        Assembled {
            // The audit log's filters, none and all of them.
            file: "app/src/audit/store.rs",
            function: "events",
            forms: [
                "",
                " AND e.partner_id = $2 AND e.action = $3 AND substr(e.occurred_at, 1, 10) >= $4
                  AND substr(e.occurred_at, 1, 10) <= $5 AND e.id < $6",
            ]
            .iter()
            .map(|filters| {
                let limit = if filters.is_empty() { "$2" } else { "$7" };
                (
                    Only::Both,
                    format!(
                        "SELECT e.id, e.occurred_at, e.action, e.actor_email,
                                a.name AS actor_organization, p.name AS partner, e.details,
                                e.ip_address
                         FROM audit_events e
                         JOIN organizations a ON a.id = e.actor_org_id
                         LEFT JOIN organizations p ON p.id = e.partner_id
                         WHERE e.customer_id = $1{filters} ORDER BY e.id DESC LIMIT {limit}"
                    ),
                )
            })
            .collect(),
        },
        Assembled {
            // The roles of a page of relationships: one placeholder each.
            file: "app/src/relationships/store.rs",
            function: "roles_of_each",
            forms: ["$1", "$1, $2, $3"]
                .iter()
                .map(|placeholders| {
                    (
                        Only::Both,
                        format!(
                            "SELECT g.relationship_id, g.role_id, g.state, g.granted_at, g.ends_ms,
                                    g.auto_extend, g.removed_at, g.last_used_at,
                                    s.name AS service_name
                             FROM role_grants g
                             JOIN roles ro ON ro.id = g.role_id
                             JOIN services s ON s.id = ro.service_id
                             WHERE g.relationship_id IN ({placeholders})
                             ORDER BY s.position, ro.position"
                        ),
                    )
                })
                .collect(),
        },
        Assembled {
            // The add-ons of a page of subscriptions: one placeholder each.
            file: "app/src/subscriptions/store.rs",
            function: "with_addons",
            forms: ["$1", "$1, $2, $3"]
                .iter()
                .map(|placeholders| {
                    (
                        Only::Both,
                        format!(
                            "SELECT a.subscription_id, o.name, a.quantity FROM subscription_addons a
                             JOIN offers o ON o.id = a.offer_id
                             WHERE a.subscription_id IN ({placeholders}) ORDER BY a.created_at, a.id"
                        ),
                    )
                })
                .collect(),
        },
        Assembled {
            // The customer list (`customers::store::page` and `count`): a
            // filter, a cursor, both orders, and name search as each engine
            // runs it.
            file: "app/src/customers/store.rs",
            function: "fetch_all",
            forms: vec![
                (
                    Only::Both,
                    page("", " ORDER BY r.customer_sort, r.customer_slug LIMIT $3"),
                ),
                (
                    Only::Both,
                    page(
                        " AND r.first_end_ms <= $3 AND +r.last_end_ms > $4
                          AND EXISTS (SELECT 1 FROM role_grants g WHERE g.relationship_id = r.id
                              AND g.state = 'active' AND NOT g.auto_extend
                              AND g.ends_ms > $5 AND g.ends_ms <= $6)",
                        " AND (r.first_end_ms, r.customer_sort, r.customer_slug) < ($9, $7, $8)
                          ORDER BY r.first_end_ms DESC, r.customer_sort DESC,
                                   r.customer_slug DESC LIMIT $10",
                    ),
                ),
                (
                    Only::Both,
                    page(
                        " AND r.last_end_ms > 0 AND r.last_end_ms <= $3",
                        " AND r.roles_removed > 0 ORDER BY r.customer_sort, r.customer_slug LIMIT $4",
                    ),
                ),
                (
                    // A search, first along a window of the list's index…
                    Only::Postgres,
                    format!(
                        "SELECT r.customer_slug AS cursor, o.slug, o.name, r.kind,
                                r.created_at AS since, r.first_end_ms, r.last_end_ms, {counts}
                         FROM (SELECT w.customer_sort, w.customer_slug FROM relationships w
                               WHERE w.partner_id = $1
                                 AND (w.customer_sort, w.customer_slug) > ($4, $5)
                               ORDER BY w.customer_sort, w.customer_slug LIMIT $6) w
                         JOIN relationships r ON r.partner_id = $1
                          AND r.customer_slug = w.customer_slug
                         JOIN organizations o ON o.id = r.customer_id
                         WHERE w.customer_sort LIKE lower($7) COLLATE \"C\" AND +r.last_end_ms > $8
                         ORDER BY w.customer_sort, w.customer_slug LIMIT $3"
                    ),
                ),
                (
                    // …then through the trigram index.
                    Only::Postgres,
                    format!(
                        "WITH m AS MATERIALIZED (
                             SELECT r.id, r.first_end_ms, r.customer_sort, r.customer_slug
                             FROM relationships r
                             WHERE r.partner_id = $1 AND r.customer_sort LIKE lower($4) COLLATE \"C\"
                               AND r.roles_removed > 0
                               AND (r.first_end_ms, r.customer_sort, r.customer_slug) < ($7, $5, $6))
                         SELECT r.customer_slug AS cursor, o.slug, o.name, r.kind,
                                r.created_at AS since, r.first_end_ms, r.last_end_ms, {counts}
                         FROM (SELECT * FROM m ORDER BY m.first_end_ms DESC, m.customer_sort DESC,
                                      m.customer_slug DESC LIMIT $3) m
                         JOIN relationships r ON r.id = m.id
                         JOIN organizations o ON o.id = r.customer_id
                         ORDER BY m.first_end_ms DESC, m.customer_sort DESC, m.customer_slug DESC"
                    ),
                ),
                (
                    Only::Sqlite,
                    format!(
                        "SELECT CAST(n.rowid AS TEXT) AS cursor, o.slug, o.name, r.kind,
                                r.created_at AS since, r.first_end_ms, r.last_end_ms, {counts}
                         FROM organization_names n
                         JOIN relationships r ON r.partner_id = $1 AND r.customer_id = n.id
                         JOIN organizations o ON o.id = r.customer_id
                         WHERE organization_names MATCH $3 AND r.roles_removed > 0
                           AND n.rowid > $4 ORDER BY n.rowid DESC LIMIT $5"
                    ),
                ),
                (
                    Only::Both,
                    "SELECT COUNT(*) AS n FROM relationships r WHERE r.partner_id = $1
                       AND r.last_end_ms > 0 AND r.last_end_ms <= $2"
                        .into(),
                ),
                (
                    Only::Sqlite,
                    "SELECT COUNT(*) AS n FROM (SELECT 1 FROM organization_names n
                     JOIN relationships r ON r.partner_id = $1 AND r.customer_id = n.id
                     WHERE organization_names MATCH $2 AND r.last_end_ms > $3 LIMIT $4) m"
                        .into(),
                ),
                (
                    Only::Postgres,
                    "SELECT COUNT(*) AS n FROM (SELECT 1 FROM relationships r
                     WHERE r.partner_id = $1 AND r.customer_sort LIKE lower($2) COLLATE \"C\"
                       AND r.last_end_ms > $3 LIMIT $4) m"
                        .into(),
                ),
            ],
        },
    ]
}

/// What a known function called in a `format!` of SQL gives on `engine`,
/// called for real.
fn call(name: &str, arguments: &[String], engine: Engine) -> Option<String> {
    match (name, arguments) {
        ("skip_locked", _) => Some(
            match engine {
                Engine::Sqlite => "",
                Engine::Postgres => " FOR UPDATE SKIP LOCKED",
            }
            .to_string(),
        ),
        ("dap_counts", [now]) => Some(app::relationships::dap_counts(now)),
        _ => None,
    }
}

/// A query call found in the source.
struct Site {
    file: String,
    line: usize,
    function: String,
    /// Its SQL on each engine, when it could be read; `None` when it is
    /// put together at run time.
    sql: Option<[String; 2]>,
    /// The argument as written, for the message.
    written: String,
}

struct Collector<'a> {
    file: String,
    consts: &'a BTreeMap<String, Expr>,
    function: Vec<String>,
    sites: Vec<Site>,
}

impl Collector<'_> {
    fn resolve(&self, expr: &Expr, engine: Engine, depth: u8) -> Option<String> {
        if depth > 8 {
            return None;
        }
        match expr {
            Expr::Reference(r) => self.resolve(&r.expr, engine, depth + 1),
            Expr::Paren(p) => self.resolve(&p.expr, engine, depth + 1),
            Expr::Group(g) => self.resolve(&g.expr, engine, depth + 1),
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(text),
                ..
            }) => Some(text.value()),
            Expr::Path(path) if path.path.segments.len() == 1 => {
                let name = path.path.segments[0].ident.to_string();
                self.constant(&name, engine, depth)
            }
            Expr::Macro(m) if m.mac.path.is_ident("format") => {
                self.format(m.mac.tokens.clone(), engine, depth)
            }
            Expr::Macro(m) if m.mac.path.is_ident("concat") => {
                let parts = syn::parse::Parser::parse2(
                    Punctuated::<Expr, syn::Token![,]>::parse_terminated,
                    m.mac.tokens.clone(),
                )
                .ok()?;
                parts
                    .iter()
                    .map(|part| self.resolve(part, engine, depth + 1))
                    .collect()
            }
            Expr::Call(c) => {
                let Expr::Path(function) = &*c.func else {
                    return None;
                };
                let name = function.path.segments.last()?.ident.to_string();
                let arguments: Vec<String> = c
                    .args
                    .iter()
                    .filter_map(|a| self.resolve(a, engine, depth + 1))
                    .collect();
                call(&name, &arguments, engine)
            }
            _ => None,
        }
    }

    fn constant(&self, name: &str, engine: Engine, depth: u8) -> Option<String> {
        self.resolve(self.consts.get(name)?, engine, depth + 1)
    }

    /// A `format!` whose pieces all resolve: literals, `const`s and known
    /// functions, inline (`{NAME}`), positional or named.
    fn format(&self, tokens: TokenStream, engine: Engine, depth: u8) -> Option<String> {
        let parts = syn::parse::Parser::parse2(
            Punctuated::<Expr, syn::Token![,]>::parse_terminated,
            tokens,
        )
        .ok()?;
        let mut parts = parts.into_iter();
        let Expr::Lit(syn::ExprLit {
            lit: Lit::Str(template),
            ..
        }) = parts.next()?
        else {
            return None;
        };
        let mut positional = Vec::new();
        let mut named = BTreeMap::new();
        for part in parts {
            match part {
                Expr::Assign(assign) => {
                    let Expr::Path(name) = &*assign.left else {
                        return None;
                    };
                    named.insert(name.path.get_ident()?.to_string(), *assign.right);
                }
                other => positional.push(other),
            }
        }
        let template = template.value();
        let mut out = String::new();
        let mut chars = template.chars().peekable();
        let mut next = 0;
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    out.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    out.push('}');
                }
                '{' => {
                    let mut inside = String::new();
                    for c in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                        inside.push(c);
                    }
                    let value = if inside.is_empty() {
                        next += 1;
                        self.resolve(positional.get(next - 1)?, engine, depth + 1)?
                    } else if let Ok(n) = inside.parse::<usize>() {
                        self.resolve(positional.get(n)?, engine, depth + 1)?
                    } else if let Some(expr) = named.get(&inside) {
                        self.resolve(expr, engine, depth + 1)?
                    } else if inside.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        self.constant(&inside, engine, depth)?
                    } else {
                        return None; // a format spec: not SQL text
                    };
                    out.push_str(&value);
                }
                c => out.push(c),
            }
        }
        Some(out)
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.function.push(item.sig.ident.to_string());
        syn::visit::visit_item_fn(self, item);
        self.function.pop();
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.function.push(item.sig.ident.to_string());
        syn::visit::visit_impl_item_fn(self, item);
        self.function.pop();
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let Expr::Path(path) = &*call.func {
            let segments: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let last = segments.last().map(String::as_str).unwrap_or_default();
            let query = QUERY_FUNCTIONS.contains(&last)
                && (segments.len() == 1 || segments.iter().any(|s| s == "sqlx" || s == "db"));
            // `db::Sql` grows by pushes: always put together at run time.
            let sql_builder = segments.ends_with(&["Sql".to_string(), "new".to_string()]);
            if (query || sql_builder)
                && let Some(first) = call.args.first()
            {
                let line = path
                    .path
                    .segments
                    .last()
                    .map_or(0, |s| s.ident.span().start().line);
                let sql = if sql_builder {
                    None
                } else {
                    match (
                        self.resolve(first, Engine::Sqlite, 0),
                        self.resolve(first, Engine::Postgres, 0),
                    ) {
                        (Some(s), Some(p)) => Some([s, p]),
                        _ => None,
                    }
                };
                self.sites.push(Site {
                    file: self.file.clone(),
                    line,
                    function: self.function.last().cloned().unwrap_or_default(),
                    sql,
                    written: quote_of(first),
                });
            }
        }
        syn::visit::visit_expr_call(self, call);
    }
}

fn quote_of(expr: &Expr) -> String {
    let text = quote::ToTokens::to_token_stream(expr).to_string();
    text.chars().take(120).collect()
}

/// The `const` items of a file, by name (at any depth).
struct Consts(BTreeMap<String, Expr>);

impl<'ast> Visit<'ast> for Consts {
    fn visit_item_const(&mut self, item: &'ast syn::ItemConst) {
        self.0.insert(item.ident.to_string(), (*item.expr).clone());
        syn::visit::visit_item_const(self, item);
    }
}

/// How many query calls the text of a file holds, comments aside: the
/// parser does not see into macros, so a call there would be missed.
fn calls_in_text(text: &str) -> usize {
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| {
            let mut n = 0;
            for function in QUERY_FUNCTIONS {
                for pattern in [format!("{function}("), format!("{function}::<")] {
                    n += line
                        .match_indices(pattern.as_str())
                        .filter(|(at, _)| called(line, *at))
                        .count();
                }
            }
            n + line.matches("Sql::new(").count()
        })
        .sum()
}

/// Whether the name at `at` in `line` is called as a query function: by
/// itself, or through `sqlx::` or `db::` (not defined, not a method, not
/// another name ending the same way).
fn called(line: &str, at: usize) -> bool {
    let before = &line[..at];
    if before.ends_with("sqlx::") || before.ends_with("db::") {
        return true;
    }
    let previous = before.chars().next_back();
    !before.trim_end().ends_with("fn")
        && !previous.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '.')
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("a source folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The query calls of `app/src` and `server/src`, and what is wrong with
/// reading them (a call the parser missed, one neither literal nor listed).
fn sites() -> (Vec<Site>, Vec<String>) {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace");
    let mut files = Vec::new();
    for crate_dir in ["app/src", "server/src"] {
        rust_files(&workspace.join(crate_dir), &mut files);
    }
    let mut sites = Vec::new();
    let mut problems = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a source file");
        let file = path
            .strip_prefix(workspace)
            .expect("under the workspace")
            .display()
            .to_string();
        // The query builders themselves: they run what their callers give.
        if file == "app/src/db/pool.rs" {
            continue;
        }
        let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut consts = Consts(BTreeMap::new());
        consts.visit_file(&syntax);
        let mut collector = Collector {
            file: file.clone(),
            consts: &consts.0,
            function: Vec::new(),
            sites: Vec::new(),
        };
        collector.visit_file(&syntax);
        let in_text = calls_in_text(&text);
        if in_text != collector.sites.len() {
            problems.push(format!(
                "{file}: {in_text} query calls in the text, {} read by the parser \
                 (one inside a macro?)",
                collector.sites.len()
            ));
        }
        sites.extend(collector.sites);
    }
    (sites, problems)
}

#[tokio::test]
async fn every_statement_of_the_stores_prepares_on_both_engines() {
    let (sites, mut problems) = sites();
    let assembled = assembled();
    let mut statements: Vec<(String, Only, String)> = Vec::new(); // (where, engines, sql)
    for site in &sites {
        let place = format!("{}:{} (fn {})", site.file, site.line, site.function);
        let listed = assembled
            .iter()
            .find(|a| a.file == site.file && a.function == site.function);
        match (&site.sql, listed) {
            (Some([sqlite, postgres]), _) if sqlite == postgres => {
                let only = ONE_ENGINE
                    .iter()
                    .find(|(sql, _)| *sql == sqlite.as_str())
                    .map_or(Only::Both, |(_, only)| *only);
                statements.push((place, only, sqlite.clone()));
            }
            (Some([sqlite, postgres]), _) => {
                statements.push((place.clone(), Only::Sqlite, sqlite.clone()));
                statements.push((place, Only::Postgres, postgres.clone()));
            }
            (None, Some(listed)) => {
                for (only, sql) in &listed.forms {
                    statements.push((format!("{place}, a listed form"), *only, sql.clone()));
                }
            }
            (None, None) => problems.push(format!(
                "{place}: the SQL `{}` is put together at run time; list its forms in \
                 `assembled()` of server/tests/it/statements.rs",
                site.written
            )),
        }
    }
    // The statements of a function that walks an array of them.
    for (file, function) in [("app/src/accounts/store.rs", "delete_pending_organization")] {
        let literals = literals_of(file, function);
        assert!(
            !literals.is_empty(),
            "{file}: fn {function} has its statements"
        );
        for (line, sql) in literals {
            statements.push((format!("{file}:{line} (fn {function})"), Only::Both, sql));
        }
    }
    for a in &assembled {
        if !sites
            .iter()
            .any(|s| s.file == a.file && s.function == a.function && s.sql.is_none())
        {
            problems.push(format!(
                "{}: fn {} is listed in assembled() but runs no assembled SQL any more",
                a.file, a.function
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "statements that cannot be checked:\n{}",
        problems.join("\n")
    );

    let databases = Databases::migrated().await;
    let mut failures = Vec::new();
    let mut sqlite = sqlx::SqliteConnection::connect(&databases.sqlite)
        .await
        .expect("the SQLite database");
    let mut postgres = match &databases.postgres {
        Some(url) => Some(
            sqlx::PgConnection::connect(url)
                .await
                .expect("the PostgreSQL database"),
        ),
        None => None,
    };
    let mut prepared: BTreeMap<Engine, BTreeSet<String>> = BTreeMap::new();
    for (place, only, sql) in &statements {
        if only.runs_on(Engine::Sqlite)
            && !prepared.entry(Engine::Sqlite).or_default().contains(sql)
        {
            match (&mut sqlite).prepare(sql.as_str()).await {
                Ok(_) => {
                    prepared
                        .entry(Engine::Sqlite)
                        .or_default()
                        .insert(sql.clone());
                }
                Err(error) => failures.push(format!("{place} on SQLite: {error}\n    {sql}")),
            }
        }
        if let Some(postgres) = postgres.as_mut()
            && only.runs_on(Engine::Postgres)
            && !prepared.entry(Engine::Postgres).or_default().contains(sql)
        {
            match postgres.prepare(sql.as_str()).await {
                Ok(statement) => {
                    // Every integer the stores read is an i64, which
                    // PostgreSQL's driver decodes from BIGINT only: a
                    // literal or a function giving INTEGER needs a cast.
                    use sqlx::{Column, Statement, TypeInfo};
                    for column in statement.columns() {
                        let kind = column.type_info().name();
                        if kind == "INT4" || kind == "INT2" {
                            failures.push(format!(
                                "{place} on PostgreSQL: column {} is {kind}, not BIGINT\n    {sql}",
                                column.name()
                            ));
                        }
                    }
                    prepared
                        .entry(Engine::Postgres)
                        .or_default()
                        .insert(sql.clone());
                }
                Err(error) => failures.push(format!("{place} on PostgreSQL: {error}\n    {sql}")),
            }
        }
    }
    let count = |engine| prepared.get(&engine).map_or(0, BTreeSet::len);
    eprintln!(
        "statements: {} query calls read; prepared {} distinct statements on SQLite, {} on PostgreSQL{}",
        sites.len(),
        count(Engine::Sqlite),
        count(Engine::Postgres),
        if postgres.is_none() {
            " (none: no PostgreSQL was given; LIAISON_TEST_POSTGRES, set by the \
             test command's PostgreSQL pass)"
        } else {
            ""
        }
    );
    assert!(
        failures.is_empty(),
        "statements an engine rejects:\n{}",
        failures.join("\n")
    );
    assert!(
        count(Engine::Sqlite) > 100,
        "the stores' statements were found"
    );
}

/// The string literals of `function` in `file`, with their lines.
fn literals_of(file: &str, function: &str) -> Vec<(usize, String)> {
    struct Literals<'a> {
        function: &'a str,
        inside: bool,
        found: Vec<(usize, String)>,
    }
    impl<'ast> Visit<'ast> for Literals<'_> {
        fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
            let inside = self.inside;
            self.inside = item.sig.ident == self.function;
            syn::visit::visit_item_fn(self, item);
            self.inside = inside;
        }
        // Doc comments are string literals too.
        fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}
        fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
            if self.inside {
                self.found.push((lit.span().start().line, lit.value()));
            }
        }
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace");
    let text = std::fs::read_to_string(workspace.join(file)).expect("the file");
    let syntax = syn::parse_file(&text).expect("Rust");
    let mut literals = Literals {
        function,
        inside: false,
        found: Vec::new(),
    };
    literals.visit_file(&syntax);
    literals.found
}

/// Whether `file` (under the workspace) is code that is given the time
/// rather than reading it (issue 32): a store, the outbox, the notices and
/// the seeding.
fn given_the_time(file: &str) -> bool {
    file.ends_with("/store.rs")
        || file.starts_with("app/src/notify/")
        || ["app/src/outbox.rs", "app/src/scale.rs", "app/src/demo.rs"].contains(&file)
}

/// What reads the request's clock from Leptos' context (`Actor::new` too:
/// it takes the request's clock).
const READS_THE_CLOCK: &[&str] = &[
    "Clock::current",
    "db::now",
    "use_context::<Clock>",
    "use_context::<crate::db::Clock>",
    "Actor::new(",
];

#[test]
fn stores_are_given_the_time_and_never_read_the_clock() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace");
    let mut files = Vec::new();
    rust_files(&workspace.join("app/src"), &mut files);
    let mut checked = 0;
    let mut found = Vec::new();
    for path in files {
        let file = path
            .strip_prefix(workspace)
            .expect("under the workspace")
            .display()
            .to_string();
        if !given_the_time(&file) {
            continue;
        }
        checked += 1;
        let text = std::fs::read_to_string(&path).expect("a source file");
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            if READS_THE_CLOCK.iter().any(|pattern| line.contains(pattern)) {
                found.push(format!("{file}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(checked > 15, "the stores were found ({checked} files)");
    assert!(
        found.is_empty(),
        "stores that read the request's clock instead of being given the time \
         (take the `Actor`'s clock, or `clock: &Clock` from the caller):\n{}",
        found.join("\n")
    );
}
