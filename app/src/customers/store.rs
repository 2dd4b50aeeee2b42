//! SQL for the partner's customer list.
use crate::db::{Engine, Pool};

use super::CustomerRow;
use crate::relationships::{DapCounts, dap_counts};
use kernel::error::AppError;
use kernel::grant::RelationshipKind;
use kernel::id::OrgId;

/// The partner's customers after the cursor `after`, at most `limit`, each
/// with the cursor that comes after it.
///
/// The list runs in slug order along the (partner, slug) index: no OFFSET
/// scan, no sort of every relationship. Searching is where the engines
/// differ. On SQLite a search runs through the FTS5 trigram name index in
/// the order the organizations joined Liaison (the index's own order), so
/// it stops as soon as it has a page instead of sorting every match. On
/// PostgreSQL it runs in slug order too, `ILIKE` planned for each pattern
/// (the `pg_trgm` index for a rare one).
pub async fn customers_of(
    pool: &Pool,
    partner_id: &OrgId,
    search: Option<&super::Search>,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<(String, CustomerRow)>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        cursor: String,
        slug: String,
        name: String,
        kind: RelationshipKind,
        since: String,
        #[sqlx(flatten)]
        dap: DapCounts,
    }
    let limit = i64::from(limit);
    let now_ms = crate::db::now_ms();
    let rows: Vec<Row> = match (search, Engine::of(pool)) {
        (None, _) => {
            let counts = dap_counts("$4");
            sqlx::query_as(&format!(
                "SELECT r.customer_slug AS cursor, o.slug, o.name, r.kind, r.created_at AS since,
                        {counts}
                 FROM relationships r JOIN organizations o ON o.id = r.customer_id
                 WHERE r.partner_id = $1 AND r.customer_slug > $2
                 ORDER BY r.customer_slug
                 LIMIT $3"
            ))
            .bind(partner_id)
            .bind(after.unwrap_or(""))
            .bind(limit)
            .bind(now_ms)
            .fetch_all(pool)
            .await?
        }
        (Some(search), Engine::Sqlite) => {
            let after: i64 = match after.filter(|a| !a.is_empty()) {
                Some(after) => after
                    .parse()
                    .map_err(|_| kernel::error::Invalid::Malformed(kernel::input::Field::Search))?,
                None => 0,
            };
            let counts = dap_counts("$5");
            sqlx::query_as(&format!(
                "SELECT CAST(n.rowid AS TEXT) AS cursor, o.slug, o.name, r.kind, r.created_at AS since,
                        {counts}
                 FROM organization_names n
                 JOIN relationships r ON r.partner_id = $1 AND r.customer_id = n.id
                 JOIN organizations o ON o.id = r.customer_id
                 WHERE organization_names MATCH $2 AND n.rowid > $3
                 ORDER BY n.rowid
                 LIMIT $4"
            ))
            .bind(partner_id)
            .bind(search.fts_query())
            .bind(after)
            .bind(limit)
            .bind(now_ms)
            .fetch_all(pool)
            .await?
        }
        (Some(search), Engine::Postgres) => {
            // Not prepared once for all: PostgreSQL plans this query for
            // the pattern it gets. A rare name is found through the pg_trgm
            // index and sorted; a common one by walking the partner's slug
            // index until the page is full. One plan for every pattern (a
            // prepared statement's) did the one or the other for all.
            let counts = dap_counts("$5");
            sqlx::query_as(&format!(
                "SELECT r.customer_slug AS cursor, o.slug, o.name, r.kind, r.created_at AS since,
                        {counts}
                 FROM relationships r JOIN organizations o ON o.id = r.customer_id
                 WHERE r.partner_id = $1 AND o.name ILIKE $2 AND r.customer_slug > $3
                 ORDER BY r.customer_slug
                 LIMIT $4"
            ))
            .persistent(false)
            .bind(partner_id)
            .bind(search.like_pattern())
            .bind(after.unwrap_or(""))
            .bind(limit)
            .bind(now_ms)
            .fetch_all(pool)
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let customer = CustomerRow {
                slug: row.slug,
                name: row.name,
                advisor: row.kind == RelationshipKind::Advisor,
                since: row.since,
                dap: row.dap.state(),
                expires_in_days: row.dap.expires_in_days(now_ms),
            };
            (row.cursor, customer)
        })
        .collect())
}
