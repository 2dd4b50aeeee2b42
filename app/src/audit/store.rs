//! SQL for reading the audit log. Every store appends its change's event
//! itself, in the change's transaction (`crate::audit_log`).
use crate::db::{Pool, Sql};

use super::{Action, AuditEntry};
use kernel::error::AppError;
use kernel::id::OrgId;
use kernel::input::Day;

/// Whose events: one customer's, or only those between a partner and it.
pub struct Scope {
    pub customer_id: OrgId,
    pub partner_id: Option<OrgId>,
}

pub struct Filter {
    pub action: Option<Action>,
    pub from: Option<Day>,
    pub to: Option<Day>,
    /// Only events older than this event id (ids are time-ordered UUIDv7).
    pub before: Option<String>,
}

/// The newest `limit` events of `scope` that pass `filter`, newest first
/// (keyset pagination on the time-ordered id, served by the indexes on
/// `(customer_id, id)` and `(partner_id, customer_id, id)`).
pub async fn events(
    pool: &Pool,
    scope: &Scope,
    filter: &Filter,
    limit: u32,
) -> Result<Vec<AuditEntry>, AppError> {
    let mut query = Sql::new(
        "SELECT e.id, e.occurred_at, e.action, e.actor_email, a.name AS actor_organization,
                p.name AS partner, e.details, e.ip_address
         FROM audit_events e
         JOIN organizations a ON a.id = e.actor_org_id
         LEFT JOIN organizations p ON p.id = e.partner_id
         WHERE e.customer_id = ",
    );
    query.bind(&scope.customer_id);
    if let Some(partner_id) = &scope.partner_id {
        query.push(" AND e.partner_id = ").bind(partner_id);
    }
    if let Some(action) = filter.action {
        query.push(" AND e.action = ").bind(action.as_str());
    }
    if let Some(from) = &filter.from {
        query
            .push(" AND substr(e.occurred_at, 1, 10) >= ")
            .bind(from.as_str());
    }
    if let Some(to) = &filter.to {
        query
            .push(" AND substr(e.occurred_at, 1, 10) <= ")
            .bind(to.as_str());
    }
    if let Some(before) = &filter.before {
        query.push(" AND e.id < ").bind(before);
    }
    query
        .push(" ORDER BY e.id DESC LIMIT ")
        .bind(i64::from(limit));
    let rows: Vec<Row> = query.fetch_all(pool).await?;
    Ok(rows.into_iter().map(Row::entry).collect())
}

/// An event as the log stores it: its details as written (data since
/// details are data, text before).
#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    occurred_at: String,
    action: String,
    actor_email: String,
    actor_organization: String,
    partner: Option<String>,
    details: String,
    ip_address: String,
}

impl Row {
    fn entry(self) -> AuditEntry {
        let details = kernel::audit::Detail::read(Action::parse(&self.action), &self.details);
        AuditEntry {
            id: self.id,
            occurred_at: self.occurred_at,
            action: self.action,
            actor_email: self.actor_email,
            actor_organization: self.actor_organization,
            partner: self.partner,
            details,
            ip_address: self.ip_address,
        }
    }
}
