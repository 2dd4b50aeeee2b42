//! SQL for a customer's partner relationships and their grants.
use crate::db::{Conn, Pool};

use super::{DapState, GrantState, PartnerRelationship, ServiceGrant};
use crate::auth::CurrentUser;
use crate::journal::NewEvent;
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::grant::RelationshipKind;
use kernel::id::{CustomerSlug, OrgId, RelationshipId, ServiceId};

#[derive(sqlx::FromRow)]
struct Row {
    relationship_id: RelationshipId,
    partner_slug: String,
    partner_name: String,
    legal_name: String,
    verified_domain: String,
    partner_number: String,
    kind: RelationshipKind,
    since: String,
    service_id: String,
    service_name: String,
    state: Option<GrantState>,
    granted_at: Option<String>,
    removed_at: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    transacts: bool,
}

fn grant_of(row: &Row) -> ServiceGrant {
    let state = GrantState::or_not_granted(row.state);
    ServiceGrant {
        service_id: row.service_id.clone(),
        service: row.service_name.clone(),
        state,
        changed_at: match state {
            GrantState::Active => row.granted_at.clone(),
            GrantState::Removed => row.removed_at.clone(),
            GrantState::NotGranted => None,
        },
        transacts: row.transacts,
    }
}

const SELECT: &str =
    "SELECT r.id AS relationship_id, p.slug AS partner_slug, p.name AS partner_name,
        p.legal_name, p.verified_domain, p.partner_number, r.kind, r.created_at AS since,
        s.id AS service_id, s.name AS service_name, g.state, g.granted_at, g.removed_at,
        t.partner_id IS NOT NULL AS transacts
     FROM relationships r
     JOIN organizations p ON p.id = r.partner_id
     CROSS JOIN services s
     LEFT JOIN dap_grants g ON g.relationship_id = r.id AND g.service_id = s.id
     LEFT JOIN service_transactors t ON t.customer_id = r.customer_id
        AND t.service_id = s.id AND t.partner_id = r.partner_id";

/// Every partner of the customer with its relationship and, per service of
/// the catalog, its delegated admin privileges; by partner name.
pub async fn partners_of(
    pool: &Pool,
    customer_id: &OrgId,
) -> Result<Vec<PartnerRelationship>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.customer_id = $1 ORDER BY p.name, p.id, s.position"
    ))
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    let mut partners: Vec<PartnerRelationship> = Vec::new();
    let mut current: Option<RelationshipId> = None;
    for row in rows {
        if current.as_ref() != Some(&row.relationship_id) {
            current = Some(row.relationship_id.clone());
            partners.push(PartnerRelationship {
                partner_slug: row.partner_slug.clone(),
                partner_name: row.partner_name.clone(),
                legal_name: row.legal_name.clone(),
                verified_domain: row.verified_domain.clone(),
                partner_number: row.partner_number.clone(),
                advisor: row.kind == RelationshipKind::Advisor,
                since: row.since.clone(),
                grants: Vec::new(),
            });
        }
        if let Some(partner) = partners.last_mut() {
            partner.grants.push(grant_of(&row));
        }
    }
    Ok(partners)
}

/// The grants of one relationship, one per service of the catalog.
pub async fn grants_of(
    pool: &Pool,
    relationship_id: &RelationshipId,
) -> Result<Vec<ServiceGrant>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE r.id = $1 ORDER BY s.position"))
        .bind(relationship_id)
        .fetch_all(pool)
        .await?;
    Ok(rows.iter().map(grant_of).collect())
}

/// The state of one service's privileges in a relationship, read on `conn`
/// (inside the transaction of a change that depends on it).
pub async fn grant_state(
    conn: &mut Conn,
    relationship_id: &RelationshipId,
    service_id: &ServiceId,
) -> Result<GrantState, AppError> {
    let state: Option<GrantState> = sqlx::query_scalar(
        "SELECT state FROM dap_grants WHERE relationship_id = $1 AND service_id = $2",
    )
    .bind(relationship_id)
    .bind(service_id)
    .fetch_optional(conn)
    .await?;
    Ok(GrantState::or_not_granted(state))
}

/// Whether `service_id` is in the catalog.
pub async fn service_exists(pool: &Pool, service_id: &ServiceId) -> Result<bool, AppError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM services WHERE id = $1")
        .bind(service_id)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// R8: removes the partner's active privileges (for one service, or all),
/// with one audit event, in one transaction. Returns the partner's name and
/// the services (id, name) whose privileges were removed; none when there
/// was nothing left to remove. `NotFound` when the partner has no relationship with the customer.
pub async fn remove(
    pool: &Pool,
    customer: &CurrentUser,
    partner_slug: &str,
    service_id: Option<&str>,
    ip_address: &str,
) -> Result<(String, Vec<RemovedService>), AppError> {
    let mut tx = crate::db::begin_write(pool).await?;
    #[derive(sqlx::FromRow)]
    struct Partner {
        relationship_id: RelationshipId,
        partner_id: OrgId,
        partner_name: String,
    }
    let Partner {
        relationship_id,
        partner_id,
        partner_name,
    } = sqlx::query_as(
        "SELECT r.id AS relationship_id, p.id AS partner_id, p.name AS partner_name
         FROM relationships r JOIN organizations p ON p.id = r.partner_id
         WHERE r.customer_id = $1 AND p.slug = $2",
    )
    .bind(&customer.organization.id)
    .bind(partner_slug)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let now = crate::db::now();
    // Under the write lock, so the names read are exactly the rows updated.
    let services: Vec<RemovedService> = sqlx::query_as(
        "SELECT s.id, s.name FROM dap_grants g JOIN services s ON s.id = g.service_id
         WHERE g.relationship_id = $1 AND g.state = 'active' AND ($2 IS NULL OR g.service_id = $3)
         ORDER BY s.position",
    )
    .bind(&relationship_id)
    .bind(service_id)
    .bind(service_id)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE dap_grants SET state = 'removed', removed_at = $1
         WHERE relationship_id = $2 AND state = 'active' AND ($3 IS NULL OR service_id = $4)",
    )
    .bind(&now)
    .bind(&relationship_id)
    .bind(service_id)
    .bind(service_id)
    .execute(&mut *tx)
    .await?;
    if !services.is_empty() {
        let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
        crate::journal::record(
            &mut tx,
            NewEvent {
                action: Action::DapRemoved,
                actor: customer,
                partner_id: Some(&partner_id),
                customer_id: Some(&customer.organization.id),
                details: names.join(", "),
                ip_address,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok((partner_name, services))
}

/// A service whose privileges a removal took away.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RemovedService {
    pub id: String,
    pub name: String,
}

/// The active and removed grant counts of relationship `r`, as two columns
/// `active` and `removed` (read into [`DapCounts`]).
pub const DAP_COUNTS: &str =
    "(SELECT COUNT(*) FROM dap_grants g WHERE g.relationship_id = r.id AND g.state = 'active') AS active,
     (SELECT COUNT(*) FROM dap_grants g WHERE g.relationship_id = r.id AND g.state = 'removed') AS removed";

/// The two columns of [`DAP_COUNTS`].
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct DapCounts {
    pub active: i64,
    pub removed: i64,
}

impl DapCounts {
    pub fn state(self) -> DapState {
        DapState::from_counts(self.active, self.removed)
    }
}

/// The state of the partner's delegated admin privileges for the customer,
/// or `None` when they have no relationship.
pub async fn dap_state(
    pool: &Pool,
    partner_id: &OrgId,
    customer_id: &OrgId,
) -> Result<Option<DapState>, AppError> {
    let row: Option<DapCounts> = sqlx::query_as(&format!(
        "SELECT {DAP_COUNTS} FROM relationships r WHERE r.partner_id = $1 AND r.customer_id = $2"
    ))
    .bind(partner_id)
    .bind(customer_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(DapCounts::state))
}

/// A partner's relationship with one customer, found by the customer's slug.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RelationshipRef {
    pub id: RelationshipId,
    pub customer_id: OrgId,
    pub customer_slug: CustomerSlug,
    pub customer_name: String,
    pub kind: RelationshipKind,
    pub since: String,
}

/// The partner's relationship with the customer `slug`, or `None` when they
/// have none (the customer may exist: the answer does not say).
pub async fn relationship_with(
    pool: &Pool,
    partner_id: &OrgId,
    slug: &str,
) -> Result<Option<RelationshipRef>, AppError> {
    Ok(sqlx::query_as(
        "SELECT r.id, o.id AS customer_id, o.slug AS customer_slug, o.name AS customer_name,
                r.kind, r.created_at AS since
         FROM relationships r JOIN organizations o ON o.id = r.customer_id
         WHERE r.partner_id = $1 AND o.slug = $2",
    )
    .bind(partner_id)
    .bind(slug)
    .fetch_optional(pool)
    .await?)
}
