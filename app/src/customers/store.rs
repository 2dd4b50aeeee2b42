//! SQL for the partner's customer list.
use crate::db::{Clock, Engine, Pool};

use super::domain::{EXPIRING_DAYS, RoleCounts, SortOrder, StateFilter};
use super::{CustomerRow, Search};
use crate::relationships::{DapCounts, dap_counts};
use kernel::error::AppError;
use kernel::grant::RelationshipKind;
use kernel::id::OrgId;
use kernel::role::DAY_MS;

/// `first_end_ms` of a relationship none of whose roles ends, and
/// `last_end_ms` of one whose role extends itself (migration 0011).
const NEVER: i64 = i64::MAX;

/// Which way a page reads from its cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The rows after the cursor (or the first rows), in the list's order.
    Forward,
    /// The rows before the cursor, nearest first (the caller reverses them).
    Backward,
}

/// What one page asks for: the partner's customers, optionally those whose
/// name contains `search` and those in the state `filter`, in `sort` order.
#[derive(Debug, Clone, Copy)]
pub struct ListQuery<'a> {
    pub partner: &'a OrgId,
    pub search: Option<&'a Search>,
    pub filter: Option<StateFilter>,
    pub sort: SortOrder,
}

/// A value bound to a placeholder.
enum Arg {
    Text(String),
    Int(i64),
}

/// SQL put together with its arguments numbered as they come, so each
/// variant of the list binds exactly the placeholders it uses.
#[derive(Default)]
struct Query {
    text: String,
    args: Vec<Arg>,
}

impl Query {
    fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// The placeholder of a new argument (not written: the caller places it).
    fn arg(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        format!("${}", self.args.len())
    }

    fn text(&mut self, value: impl Into<String>) -> String {
        self.arg(Arg::Text(value.into()))
    }

    fn int(&mut self, value: i64) -> String {
        self.arg(Arg::Int(value))
    }

    /// Runs the query. `persistent(false)` lets PostgreSQL plan a name
    /// search's count for its pattern (see [`count`]).
    async fn fetch_all<T>(self, pool: &Pool, persistent: bool) -> Result<Vec<T>, AppError>
    where
        T: crate::db::Row,
    {
        let mut query = crate::db::query_as::<T>(&self.text).persistent(persistent);
        for arg in self.args {
            query = match arg {
                Arg::Text(text) => query.bind(text),
                Arg::Int(int) => query.bind(int),
            };
        }
        Ok(query.fetch_all(pool).await?)
    }
}

/// The condition of `filter` on relationship `r` at `now_ms`, for a page
/// or for a count. The stored summary of its roles narrows the candidates
/// through an index; the expiring are then checked role by role (a
/// relationship whose first end has passed may still have another role
/// ending soon).
///
/// A unary `+` keeps a term from choosing the index (SQLite has no
/// statistics of the values; PostgreSQL reads `+x` as `x`): a page "in
/// force" walks the name or end index and skips the few not in force,
/// rather than sorting all the others; the expiring start from the
/// earliest ends, not from every relationship still in force.
fn filter_condition(query: &mut Query, filter: StateFilter, now_ms: i64, page: bool) -> String {
    match filter {
        StateFilter::InForce => {
            let plus = if page { "+" } else { "" };
            format!(" AND {plus}r.last_end_ms > {}", query.int(now_ms))
        }
        StateFilter::Removed => " AND r.roles_removed > 0".to_string(),
        StateFilter::Ended => format!(
            " AND r.last_end_ms > 0 AND r.last_end_ms <= {}",
            query.int(now_ms)
        ),
        StateFilter::Expiring => {
            let soon = now_ms + EXPIRING_DAYS * DAY_MS;
            let (soon_1, now_1, now_2, soon_2) = (
                query.int(soon),
                query.int(now_ms),
                query.int(now_ms),
                query.int(soon),
            );
            format!(
                " AND r.first_end_ms <= {soon_1} AND +r.last_end_ms > {now_1}
                  AND EXISTS (SELECT 1 FROM role_grants g WHERE g.relationship_id = r.id
                      AND g.state = 'active' AND NOT g.auto_extend
                      AND g.ends_ms > {now_2} AND g.ends_ms <= {soon_2})"
            )
        }
    }
}

/// Where a cursor stands in the list: the keys of the customer it names.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Position {
    customer_sort: String,
    customer_slug: String,
    first_end_ms: i64,
}

/// Where the partner's customer `slug` stands in the list, or `None` when
/// the partner has no such customer (a cursor from elsewhere is ignored).
pub async fn position_of(
    pool: &Pool,
    partner: &OrgId,
    slug: &str,
) -> Result<Option<Position>, AppError> {
    Ok(crate::db::query_as(
        "SELECT customer_sort, customer_slug, first_end_ms FROM relationships
         WHERE partner_id = $1 AND customer_slug = $2",
    )
    .bind(partner)
    .bind(slug)
    .fetch_optional(pool)
    .await?)
}

/// Where a page starts: nowhere (the first page), after or before a
/// customer of the list, or (an SQLite name search) a position in the
/// name index.
#[derive(Debug, Clone)]
pub enum Cursor {
    Start,
    At(Position),
    SearchIndex(i64),
}

/// How a cursor from the address reads for this list: `Start` when it
/// names nothing the list knows.
pub async fn cursor_of(
    pool: &Pool,
    query: &ListQuery<'_>,
    cursor: Option<&str>,
) -> Result<Cursor, AppError> {
    let Some(cursor) = cursor.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(Cursor::Start);
    };
    if query.search.is_some() && Engine::of(pool) == Engine::Sqlite {
        return Ok(cursor.parse().map_or(Cursor::Start, Cursor::SearchIndex));
    }
    Ok(position_of(pool, query.partner, cursor)
        .await?
        .map_or(Cursor::Start, Cursor::At))
}

/// How many rows of the list a PostgreSQL search reads before it asks the
/// trigram index instead: a name in one customer in twenty fills a page
/// within them.
const SEARCH_WINDOW: i64 = 1000;

/// How a page finds its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walk {
    /// Along the list's index from the cursor; an SQLite search along the
    /// FTS5 name index.
    List,
    /// A PostgreSQL search, first: the next [`SEARCH_WINDOW`] rows of the
    /// list (its index alone), those whose name matches.
    Window,
    /// A PostgreSQL search, then: every match through the trigram index,
    /// sorted.
    Trigrams,
}

/// One row of a page, as the query reads it.
#[derive(sqlx::FromRow)]
struct PageRow {
    cursor: String,
    slug: String,
    name: String,
    kind: RelationshipKind,
    since: String,
    first_end_ms: i64,
    last_end_ms: i64,
    #[sqlx(flatten)]
    dap: DapCounts,
    /// Every match of a PostgreSQL search read through the trigram index
    /// from the start of the list: the search's count, already known.
    #[sqlx(default)]
    matches: Option<i64>,
}

/// A page of the list, and the search's count when finding the page
/// already counted every match.
pub struct Page {
    pub rows: Vec<(String, CustomerRow)>,
    pub matches: Option<u64>,
}

/// Up to `limit` of the partner's customers from `cursor` in `direction`,
/// each with its own cursor.
///
/// The list runs along an index of the partner's relationships in name
/// order (or first end, then name), keyset-paged: no OFFSET, no sort of
/// every relationship. Searching is where the engines differ. On SQLite a
/// search runs through the FTS5 trigram name index in the order the
/// organizations joined Liaison (the index's own order), so it stops as
/// soon as it has a page instead of sorting every match. On PostgreSQL it
/// runs in the list's order on the relationship's lower-case name
/// (`customer_sort`, what `ILIKE` would compare): a common name fills the
/// page within the next [`SEARCH_WINDOW`] rows of the list, read from its
/// index alone; a rarer one is then looked up in the trigram index
/// (migration 0013) and its matches sorted. Each of the two statements has
/// one good plan whatever the pattern, so both stay prepared; one statement
/// planned for each pattern (as before) spent more on planning than on
/// running, and picked the walk for rare names it thought common.
pub async fn page(
    pool: &Pool,
    clock: &Clock,
    list: &ListQuery<'_>,
    cursor: &Cursor,
    direction: Direction,
    limit: u32,
) -> Result<Page, AppError> {
    let now_ms = clock.now_ms();
    let rows = match (list.search, Engine::of(pool)) {
        (Some(_), Engine::Postgres) => {
            let rows =
                page_rows(pool, list, cursor, direction, limit, now_ms, Walk::Window).await?;
            if rows.len() >= limit as usize {
                rows
            } else {
                page_rows(pool, list, cursor, direction, limit, now_ms, Walk::Trigrams).await?
            }
        }
        _ => page_rows(pool, list, cursor, direction, limit, now_ms, Walk::List).await?,
    };
    // Only from the start: a cursor leaves earlier matches out of `m`.
    let matches = match cursor {
        Cursor::Start => rows.first().and_then(|row| row.matches),
        _ => None,
    }
    .and_then(|n| u64::try_from(n).ok());
    let rows = rows
        .into_iter()
        .map(|row| {
            let roles = RoleCounts {
                in_force: u32::try_from(row.dap.active).unwrap_or(0),
                removed: u32::try_from(row.dap.removed).unwrap_or(0),
                ended: u32::try_from(row.dap.ended).unwrap_or(0),
            };
            let customer = CustomerRow {
                slug: row.slug,
                name: row.name,
                advisor: row.kind == RelationshipKind::Advisor,
                since: row.since,
                dap: row.dap.state(),
                expires_in_days: row.dap.expires_in_days(now_ms),
                roles,
                // The last day in force, as the customer page writes it.
                first_end: (row.first_end_ms != NEVER)
                    .then(|| crate::db::day_of(row.first_end_ms - 1)),
                extends: row.last_end_ms == NEVER,
            };
            (row.cursor, customer)
        })
        .collect();
    Ok(Page { rows, matches })
}

/// The rows of one page, found the `walk` way (see [`page`]).
async fn page_rows(
    pool: &Pool,
    list: &ListQuery<'_>,
    cursor: &Cursor,
    direction: Direction,
    limit: u32,
    now_ms: i64,
    walk: Walk,
) -> Result<Vec<PageRow>, AppError> {
    let fts = list.search.is_some() && walk == Walk::List && Engine::of(pool) == Engine::Sqlite;
    let mut query = Query::default();
    let partner = query.text(list.partner.to_string());
    let counts = {
        let now = query.int(now_ms);
        dap_counts(&now)
    };
    let limit = query.int(i64::from(limit));
    let (ordering, descending) = match direction {
        Direction::Forward => (">", ""),
        Direction::Backward => ("<", " DESC"),
    };
    // The list's keys on the relationship (or its copy) `t`, in its order.
    let keys = |t: &str| match list.sort {
        SortOrder::Name => format!("{t}.customer_sort, {t}.customer_slug"),
        SortOrder::Expires => format!("{t}.first_end_ms, {t}.customer_sort, {t}.customer_slug"),
    };
    let order = |t: &str| {
        keys(t)
            .split(", ")
            .map(|key| format!("{key}{descending}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Where the page starts on `t`, as a condition.
    let from_cursor = |query: &mut Query, t: &str| match cursor {
        Cursor::At(position) => {
            let sort = query.text(position.customer_sort.clone());
            let slug = query.text(position.customer_slug.clone());
            match list.sort {
                SortOrder::Name => format!(" AND ({}) {ordering} ({sort}, {slug})", keys(t)),
                SortOrder::Expires => {
                    let end = query.int(position.first_end_ms);
                    format!(" AND ({}) {ordering} ({end}, {sort}, {slug})", keys(t))
                }
            }
        }
        Cursor::Start | Cursor::SearchIndex(_) => String::new(),
    };
    let columns = format!(
        "r.customer_slug AS cursor, o.slug, o.name, r.kind, r.created_at AS since,
                    r.first_end_ms, r.last_end_ms, {counts}"
    );
    let filter = |query: &mut Query| {
        list.filter
            .map(|filter| filter_condition(query, filter, now_ms, true))
            .unwrap_or_default()
    };
    let pattern = |query: &mut Query| {
        let pattern = query.text(list.search.map(Search::like_pattern).unwrap_or_default());
        // In the column's collation, so that the trigram index serves it.
        format!("lower({pattern}) COLLATE \"C\"")
    };
    match walk {
        Walk::List if fts => {
            let search = list.search.map(Search::fts_query).unwrap_or_default();
            let matching = query.text(search);
            query.push(&format!(
                "SELECT CAST(n.rowid AS TEXT) AS cursor, o.slug, o.name, r.kind, r.created_at AS since,
                    r.first_end_ms, r.last_end_ms, {counts}
             FROM organization_names n
             JOIN relationships r ON r.partner_id = {partner} AND r.customer_id = n.id
             JOIN organizations o ON o.id = r.customer_id
             WHERE organization_names MATCH {matching}"
            ));
            let filter = filter(&mut query);
            let from = from_cursor(&mut query, "r");
            query.push(&format!("{filter}{from}"));
            if let Cursor::SearchIndex(rowid) = cursor {
                let rowid = query.int(*rowid);
                query.push(&format!(" AND n.rowid {ordering} {rowid}"));
            }
            query.push(&format!(" ORDER BY n.rowid{descending} LIMIT {limit}"));
        }
        Walk::List => {
            query.push(&format!(
                "SELECT {columns}
             FROM relationships r JOIN organizations o ON o.id = r.customer_id
             WHERE r.partner_id = {partner}"
            ));
            let filter = filter(&mut query);
            let from = from_cursor(&mut query, "r");
            query.push(&format!(
                "{filter}{from} ORDER BY {} LIMIT {limit}",
                order("r")
            ));
        }
        Walk::Window => {
            let from = from_cursor(&mut query, "w");
            let window = query.int(SEARCH_WINDOW);
            let pattern = pattern(&mut query);
            let filter = filter(&mut query);
            query.push(&format!(
                "SELECT {columns}
             FROM (SELECT {keys} FROM relationships w WHERE w.partner_id = {partner}{from}
                   ORDER BY {order} LIMIT {window}) w
             JOIN relationships r ON r.partner_id = {partner} AND r.customer_slug = w.customer_slug
             JOIN organizations o ON o.id = r.customer_id
             WHERE w.customer_sort LIKE {pattern}{filter} ORDER BY {order} LIMIT {limit}",
                keys = keys("w"),
                order = order("w"),
            ));
        }
        Walk::Trigrams => {
            let pattern = pattern(&mut query);
            let filter = filter(&mut query);
            let from = from_cursor(&mut query, "r");
            // Materialized: found through the trigram index, never by
            // walking the list in order (the walk has been tried).
            query.push(&format!(
                "WITH m AS MATERIALIZED (
                 SELECT r.id, {keys} FROM relationships r
                 WHERE r.partner_id = {partner} AND r.customer_sort LIKE {pattern}{filter}{from})
             SELECT {columns}, (SELECT COUNT(*) FROM m) AS matches
             FROM (SELECT * FROM m ORDER BY {m_order} LIMIT {limit}) m
             JOIN relationships r ON r.id = m.id JOIN organizations o ON o.id = r.customer_id
             ORDER BY {m_order}",
                keys = keys("r"),
                m_order = order("m"),
            ));
        }
    }
    query.fetch_all(pool, true).await
}

/// How many customers the partner has: one row, kept by triggers.
pub async fn customer_count(pool: &Pool, partner: &OrgId) -> Result<u64, AppError> {
    let count: Option<i64> =
        crate::db::query_scalar("SELECT customers FROM customer_counts WHERE partner_id = $1")
            .bind(partner)
            .fetch_optional(pool)
            .await?;
    Ok(count.and_then(|c| u64::try_from(c).ok()).unwrap_or(0))
}

/// How many of the partner's customers `list` holds: the total for the
/// whole list, an indexed count for a state, and for a search a count that
/// stops after `search_limit` + 1 matches.
pub async fn count(
    pool: &Pool,
    clock: &Clock,
    list: &ListQuery<'_>,
    search_limit: u64,
) -> Result<u64, AppError> {
    #[derive(sqlx::FromRow)]
    struct Count {
        n: i64,
    }
    // In force, the usual state of most: the total less the few that are
    // not (no role left, or every role past its end), counted along the
    // last-end index rather than over every relationship in force.
    if let (None, Some(StateFilter::InForce)) = (list.search, list.filter) {
        let not_in_force: i64 = crate::db::query_scalar(
            "SELECT COUNT(*) FROM relationships WHERE partner_id = $1 AND last_end_ms <= $2",
        )
        .bind(list.partner)
        .bind(clock.now_ms())
        .fetch_one(pool)
        .await?;
        let total = customer_count(pool, list.partner).await?;
        return Ok(total.saturating_sub(u64::try_from(not_in_force).unwrap_or(0)));
    }
    let (None, None) = (list.search, list.filter) else {
        let now_ms = clock.now_ms();
        let engine = Engine::of(pool);
        let mut query = Query::default();
        let partner = query.text(list.partner.to_string());
        match (list.search, engine) {
            (None, _) => query.push(&format!(
                "SELECT COUNT(*) AS n FROM relationships r WHERE r.partner_id = {partner}"
            )),
            (Some(search), Engine::Sqlite) => {
                let matching = query.text(search.fts_query());
                query.push(&format!(
                    "SELECT COUNT(*) AS n FROM (SELECT 1 FROM organization_names n
                     JOIN relationships r ON r.partner_id = {partner} AND r.customer_id = n.id
                     WHERE organization_names MATCH {matching}"
                ))
            }
            // Planned for its pattern (not kept prepared): the trigram
            // index for a rare name, the partner's rows in any order for
            // a common one, until the count stops.
            (Some(search), Engine::Postgres) => {
                let pattern = query.text(search.like_pattern());
                query.push(&format!(
                    "SELECT COUNT(*) AS n FROM (SELECT 1 FROM relationships r
                     WHERE r.partner_id = {partner} AND r.customer_sort LIKE lower({pattern}) COLLATE \"C\""
                ))
            }
        };
        if let Some(filter) = list.filter {
            let condition = filter_condition(&mut query, filter, now_ms, false);
            query.push(&condition);
        }
        if list.search.is_some() {
            let limit = query.int(i64::try_from(search_limit + 1).unwrap_or(i64::MAX));
            query.push(&format!(" LIMIT {limit}) m"));
        }
        let persistent = list.search.is_none() || engine == Engine::Sqlite;
        let rows: Vec<Count> = query.fetch_all(pool, persistent).await?;
        return Ok(rows
            .first()
            .and_then(|c| u64::try_from(c.n).ok())
            .unwrap_or(0));
    };
    customer_count(pool, list.partner).await
}
