//! SQL for the partner's customer list.
use sqlx::SqlitePool;

use super::{CustomerRow, DapState};
use crate::error::AppError;

/// The partner's customers ordered by slug, after `after`, at most `limit`
/// (keyset pagination: no OFFSET scans).
pub async fn customers_of(
    pool: &SqlitePool,
    partner_id: &str,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<CustomerRow>, AppError> {
    let rows: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT o.slug, o.name, r.kind, r.created_at,
            (SELECT COUNT(*) FROM dap_grants g WHERE g.relationship_id = r.id AND g.state = 'active'),
            (SELECT COUNT(*) FROM dap_grants g WHERE g.relationship_id = r.id AND g.state = 'removed')
         FROM relationships r JOIN organizations o ON o.id = r.customer_id
         WHERE r.partner_id = ? AND o.slug > ?
         ORDER BY o.slug
         LIMIT ?",
    )
    .bind(partner_id)
    .bind(after.unwrap_or(""))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, name, kind, since, active, removed)| CustomerRow {
            slug,
            name,
            advisor: kind == "advisor",
            since,
            dap: if removed > 0 {
                DapState::Removed
            } else if active > 0 {
                DapState::Active
            } else {
                DapState::NotGranted
            },
        })
        .collect())
}
