//! SQL for the partner's customer list.
use sqlx::SqlitePool;

use super::{CustomerRow, DapState};
use kernel::error::AppError;

/// The active and removed grant counts of relationship `r`, as two columns.
const DAP_COUNTS: &str =
    "(SELECT COUNT(*) FROM dap_grants g WHERE g.relationship_id = r.id AND g.state = 'active'),
     (SELECT COUNT(*) FROM dap_grants g WHERE g.relationship_id = r.id AND g.state = 'removed')";

/// The state of the partner's delegated admin privileges for the customer,
/// or `None` when they have no relationship.
pub async fn dap_state(
    pool: &SqlitePool,
    partner_id: &str,
    customer_id: &str,
) -> Result<Option<DapState>, AppError> {
    let row: Option<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT {DAP_COUNTS} FROM relationships r WHERE r.partner_id = ? AND r.customer_id = ?"
    ))
    .bind(partner_id)
    .bind(customer_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(active, removed)| DapState::from_counts(active, removed)))
}

/// The partner's customers after the cursor `after`, at most `limit`, each
/// with the cursor that comes after it.
///
/// The list runs in slug order along the (partner, slug) index: no OFFSET
/// scan, no sort of every relationship. A search runs through the trigram
/// name index in the order the organizations joined Liaison (the index's
/// own order), so it stops as soon as it has a page instead of sorting every
/// match: a partner's search costs what its page costs, whatever the number
/// of matches.
pub async fn customers_of(
    pool: &SqlitePool,
    partner_id: &str,
    search: Option<&super::Search>,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<(String, CustomerRow)>, AppError> {
    type Row = (String, String, String, String, String, i64, i64);
    let rows: Vec<Row> = match search {
        None => {
            sqlx::query_as(&format!(
                "SELECT r.customer_slug, o.slug, o.name, r.kind, r.created_at, {DAP_COUNTS}
                 FROM relationships r JOIN organizations o ON o.id = r.customer_id
                 WHERE r.partner_id = ? AND r.customer_slug > ?
                 ORDER BY r.customer_slug
                 LIMIT ?"
            ))
            .bind(partner_id)
            .bind(after.unwrap_or(""))
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
        Some(search) => {
            let after: i64 = match after.filter(|a| !a.is_empty()) {
                Some(after) => after
                    .parse()
                    .map_err(|_| kernel::error::Invalid::Malformed(kernel::input::Field::Search))?,
                None => 0,
            };
            sqlx::query_as(&format!(
                "SELECT CAST(n.rowid AS TEXT), o.slug, o.name, r.kind, r.created_at, {DAP_COUNTS}
                 FROM organization_names n
                 JOIN relationships r ON r.partner_id = ? AND r.customer_id = n.id
                 JOIN organizations o ON o.id = r.customer_id
                 WHERE organization_names MATCH ? AND n.rowid > ?
                 ORDER BY n.rowid
                 LIMIT ?"
            ))
            .bind(partner_id)
            .bind(search.fts_query())
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|(cursor, slug, name, kind, since, active, removed)| {
            let row = CustomerRow {
                slug,
                name,
                advisor: kind == "advisor",
                since,
                dap: DapState::from_counts(active, removed),
            };
            (cursor, row)
        })
        .collect())
}

/// A partner's relationship with one customer, found by the customer's slug.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RelationshipRef {
    pub id: String,
    pub customer_id: String,
    pub customer_slug: String,
    pub customer_name: String,
    pub kind: String,
    pub since: String,
}

/// The partner's relationship with the customer `slug`, or `None` when they
/// have none (the customer may exist: the answer does not say).
pub async fn relationship_with(
    pool: &SqlitePool,
    partner_id: &str,
    slug: &str,
) -> Result<Option<RelationshipRef>, AppError> {
    Ok(sqlx::query_as(
        "SELECT r.id, o.id AS customer_id, o.slug AS customer_slug, o.name AS customer_name,
                r.kind, r.created_at AS since
         FROM relationships r JOIN organizations o ON o.id = r.customer_id
         WHERE r.partner_id = ? AND o.slug = ?",
    )
    .bind(partner_id)
    .bind(slug)
    .fetch_optional(pool)
    .await?)
}
