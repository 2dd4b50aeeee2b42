//! SQL for a customer's partner relationships and their grants.
use crate::db::{Clock, Conn, Pool};

use super::{DapState, GrantState, PartnerRelationship, RoleGrant, ServiceGrant};
use crate::audit_log::{Actor, NewEvent};
use kernel::error::AppError;
use kernel::grant::RelationshipKind;
use kernel::id::{CustomerSlug, OrgId, RelationshipId, ServiceId};
use kernel::role::{self, ServiceRole};

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
    transacts: bool,
}

/// One row of `role_grants`, as read.
#[derive(sqlx::FromRow)]
struct RoleRow {
    relationship_id: RelationshipId,
    role_id: String,
    state: GrantState,
    granted_at: String,
    ends_ms: i64,
    auto_extend: bool,
    removed_at: Option<String>,
    last_used_at: Option<String>,
}

impl RoleRow {
    /// The role as the pages show it at `now_ms`, or `None` for a role the
    /// catalog no longer has.
    fn grant(&self, now_ms: i64) -> Option<(RoleGrant, &str, &str)> {
        let role = ServiceRole::parse(&self.role_id)?;
        let active = self.state == GrantState::Active;
        let in_force = role::in_force(active, self.ends_ms, self.auto_extend, now_ms);
        let state = match (active, in_force) {
            (_, true) => GrantState::Active,
            (true, false) => GrantState::Ended,
            (false, _) => GrantState::Removed,
        };
        // The last day in force: the day before the end's instant, when it is midnight.
        let ends_on = crate::db::day_of(self.ends_ms - 1);
        let changed_at = match state {
            GrantState::Removed => self.removed_at.as_deref().unwrap_or(&self.granted_at),
            _ => &self.granted_at,
        };
        let grant = RoleGrant {
            role,
            state,
            expires_in_days: (state == GrantState::Active && !self.auto_extend)
                .then(|| role::expiring_soon(self.ends_ms, now_ms))
                .flatten(),
            ends_on,
            auto_extend: self.auto_extend,
            last_used_on: self
                .last_used_at
                .as_deref()
                .map(|at| at.chars().take(10).collect()),
        };
        Some((grant, role.service(), changed_at))
    }
}

/// The service's grant from its roles: active while one is in force, else
/// ended or removed as its last role was, else never granted.
fn service_grant(row: &Row, roles: &[RoleRow], now_ms: i64) -> ServiceGrant {
    let mut grants: Vec<(RoleGrant, String)> = roles
        .iter()
        .filter(|r| r.relationship_id == row.relationship_id)
        .filter_map(|r| r.grant(now_ms))
        .filter(|(_, service, _)| *service == row.service_id)
        .map(|(grant, _, changed)| (grant, changed.to_string()))
        .collect();
    grants.sort_by_key(|(grant, _)| grant.role);
    let state = [GrantState::Active, GrantState::Ended, GrantState::Removed]
        .into_iter()
        .find(|state| grants.iter().any(|(grant, _)| grant.state == *state))
        .unwrap_or(GrantState::NotGranted);
    let changed_at = grants
        .iter()
        .filter(|(grant, _)| grant.state == state)
        .map(|(grant, changed)| match state {
            GrantState::Ended => grant.ends_on.clone(),
            _ => changed.clone(),
        })
        .max();
    ServiceGrant {
        service_id: row.service_id.clone(),
        service: row.service_name.clone(),
        state,
        changed_at,
        transacts: row.transacts,
        roles: grants.into_iter().map(|(grant, _)| grant).collect(),
    }
}

const SELECT: &str =
    "SELECT r.id AS relationship_id, p.slug AS partner_slug, p.name AS partner_name,
        p.legal_name, p.verified_domain, p.partner_number, r.kind, r.created_at AS since,
        s.id AS service_id, s.name AS service_name,
        t.partner_id IS NOT NULL AS transacts
     FROM relationships r
     JOIN organizations p ON p.id = r.partner_id
     CROSS JOIN services s
     LEFT JOIN service_transactors t ON t.customer_id = r.customer_id
        AND t.service_id = s.id AND t.partner_id = r.partner_id";

const ROLES: &str = "SELECT g.relationship_id, g.role_id, g.state, g.granted_at, g.ends_ms,
        g.auto_extend, g.removed_at, g.last_used_at
     FROM role_grants g JOIN relationships r ON r.id = g.relationship_id";

/// Every partner of the customer with its relationship and, per service of
/// the catalog, its delegated admin roles; by partner name.
pub async fn partners_of(
    pool: &Pool,
    clock: &Clock,
    customer_id: &OrgId,
) -> Result<Vec<PartnerRelationship>, AppError> {
    let rows: Vec<Row> = crate::db::query_as(&format!(
        "{SELECT} WHERE r.customer_id = $1 ORDER BY p.name, p.id, s.position"
    ))
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    let roles: Vec<RoleRow> = crate::db::query_as(&format!("{ROLES} WHERE r.customer_id = $1"))
        .bind(customer_id)
        .fetch_all(pool)
        .await?;
    let contacts = contacts_of_partners(pool, customer_id).await?;
    let now_ms = clock.now_ms();
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
                contacts: contacts
                    .iter()
                    .filter(|contact| contact.partner_slug == row.partner_slug)
                    .map(|contact| contact.email.clone())
                    .take(CONTACTS_SHOWN)
                    .collect(),
            });
        }
        if let Some(partner) = partners.last_mut() {
            partner.grants.push(service_grant(&row, &roles, now_ms));
        }
    }
    Ok(partners)
}

/// How many of a partner's admin agents the customer is given to ask.
const CONTACTS_SHOWN: usize = 3;

/// A partner's admin agent, whom its customer can ask for its invitation link.
#[derive(sqlx::FromRow)]
struct Contact {
    partner_slug: String,
    email: String,
}

/// The active admin agents of every partner of the customer (those who
/// send invitation links), by address.
async fn contacts_of_partners(pool: &Pool, customer_id: &OrgId) -> Result<Vec<Contact>, AppError> {
    Ok(crate::db::query_as(
        "SELECT p.slug AS partner_slug, u.email
         FROM relationships r
         JOIN organizations p ON p.id = r.partner_id
         JOIN users u ON u.organization_id = r.partner_id
         WHERE r.customer_id = $1 AND u.role = 'admin_agent'
           AND u.deactivated_at IS NULL AND u.password_hash <> ''
         ORDER BY u.email",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await?)
}

/// The grants of one relationship, one per service of the catalog.
pub async fn grants_of(
    pool: &Pool,
    clock: &Clock,
    relationship_id: &RelationshipId,
) -> Result<Vec<ServiceGrant>, AppError> {
    let rows: Vec<Row> =
        crate::db::query_as(&format!("{SELECT} WHERE r.id = $1 ORDER BY s.position"))
            .bind(relationship_id)
            .fetch_all(pool)
            .await?;
    let roles: Vec<RoleRow> = crate::db::query_as(&format!("{ROLES} WHERE r.id = $1"))
        .bind(relationship_id)
        .fetch_all(pool)
        .await?;
    let now_ms = clock.now_ms();
    Ok(rows
        .iter()
        .map(|row| service_grant(row, &roles, now_ms))
        .collect())
}

/// A role granted in one of several relationships, with its service's name.
#[derive(Debug, Clone)]
pub struct RoleOf {
    pub relationship_id: RelationshipId,
    pub service: String,
    pub grant: RoleGrant,
}

/// The roles of each of `relationship_ids` (a page of customers) as the
/// pages show them at `now_ms`, in one query whatever the page's size: by
/// relationship in the order given, then by service and role in catalog
/// order.
pub async fn roles_of_each(
    pool: &Pool,
    relationship_ids: &[RelationshipId],
    now_ms: i64,
) -> Result<Vec<RoleOf>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Named {
        #[sqlx(flatten)]
        role: RoleRow,
        service_name: String,
    }
    if relationship_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = crate::db::Sql::new(
        "SELECT g.relationship_id, g.role_id, g.state, g.granted_at, g.ends_ms,
                g.auto_extend, g.removed_at, g.last_used_at, s.name AS service_name
         FROM role_grants g
         JOIN roles ro ON ro.id = g.role_id
         JOIN services s ON s.id = ro.service_id
         WHERE g.relationship_id IN (",
    );
    for (n, id) in relationship_ids.iter().enumerate() {
        if n > 0 {
            query.push(", ");
        }
        query.bind(id);
    }
    query.push(") ORDER BY s.position, ro.position");
    let rows: Vec<Named> = query.fetch_all(pool).await?;
    let mut roles: Vec<(usize, RoleOf)> = rows
        .iter()
        .filter_map(|row| {
            let order = relationship_ids
                .iter()
                .position(|id| *id == row.role.relationship_id)?;
            let (grant, _, _) = row.role.grant(now_ms)?;
            Some((
                order,
                RoleOf {
                    relationship_id: row.role.relationship_id.clone(),
                    service: row.service_name.clone(),
                    grant,
                },
            ))
        })
        .collect();
    roles.sort_by_key(|(order, _)| *order);
    Ok(roles.into_iter().map(|(_, role)| role).collect())
}

/// The state of one service's privileges in a relationship now, read on
/// `conn` (inside the transaction of a change that depends on it).
pub async fn grant_state(
    conn: &mut Conn,
    clock: &Clock,
    relationship_id: &RelationshipId,
    service_id: &ServiceId,
) -> Result<GrantState, AppError> {
    let roles: Vec<RoleRow> = crate::db::query_as(&format!(
        "{ROLES} JOIN roles ro ON ro.id = g.role_id WHERE r.id = $1 AND ro.service_id = $2"
    ))
    .bind(relationship_id)
    .bind(service_id)
    .fetch_all(conn)
    .await?;
    let now_ms = clock.now_ms();
    let states: Vec<GrantState> = roles
        .iter()
        .filter_map(|row| row.grant(now_ms))
        .map(|(grant, _, _)| grant.state)
        .collect();
    Ok([GrantState::Active, GrantState::Ended, GrantState::Removed]
        .into_iter()
        .find(|state| states.contains(state))
        .unwrap_or(GrantState::NotGranted))
}

/// The roles of a relationship in force now, in catalog order, read on
/// `conn` (inside the transaction of the action that needs one).
pub async fn active_roles(
    conn: &mut Conn,
    clock: &Clock,
    relationship_id: &RelationshipId,
) -> Result<Vec<ServiceRole>, AppError> {
    let roles: Vec<RoleRow> = crate::db::query_as(&format!("{ROLES} WHERE r.id = $1"))
        .bind(relationship_id)
        .fetch_all(conn)
        .await?;
    let now_ms = clock.now_ms();
    let mut active: Vec<ServiceRole> = roles
        .iter()
        .filter_map(|row| row.grant(now_ms))
        .filter(|(grant, _, _)| grant.state == GrantState::Active)
        .map(|(grant, _, _)| grant.role)
        .collect();
    active.sort();
    Ok(active)
}

/// Records that the partner just acted with `role` ("Last used"), inside
/// the transaction of the action.
pub async fn mark_used(
    conn: &mut Conn,
    clock: &Clock,
    relationship_id: &RelationshipId,
    role: ServiceRole,
) -> Result<(), AppError> {
    crate::db::query(
        "UPDATE role_grants SET last_used_at = $1 WHERE relationship_id = $2 AND role_id = $3",
    )
    .bind(clock.now())
    .bind(relationship_id)
    .bind(role)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that the partner just acted on `service_id` ("Last used"), with
/// the least powerful of its roles of that service in force, inside the
/// transaction of the action (provisioning needs an active role on the
/// service, any one).
pub async fn mark_service_used(
    conn: &mut Conn,
    clock: &Clock,
    relationship_id: &RelationshipId,
    service_id: &ServiceId,
) -> Result<(), AppError> {
    let least = active_roles(conn, clock, relationship_id)
        .await?
        .into_iter()
        .rfind(|role| role.service() == service_id.as_str());
    match least {
        Some(role) => mark_used(conn, clock, relationship_id, role).await,
        None => Ok(()),
    }
}

/// Whether `service_id` is in the catalog.
pub async fn service_exists(pool: &Pool, service_id: &ServiceId) -> Result<bool, AppError> {
    let found: Option<bool> = crate::db::query_scalar("SELECT TRUE FROM services WHERE id = $1")
        .bind(service_id)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

pub use super::domain::Removing;

/// R8: removes the partner's roles in force (every one, one service's, or
/// one), with one audit event, in one transaction. Returns the partner's
/// name and the services (id, name) that lost roles; none when there was
/// nothing left to remove. `NotFound` when the partner has no relationship
/// with the customer.
pub async fn remove(
    pool: &Pool,
    customer: &Actor<'_>,
    partner_slug: &str,
    removing: Removing<'_>,
) -> Result<(String, Vec<RemovedService>), AppError> {
    crate::db::write(pool, async |tx| {
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
        } = crate::db::query_as(
            "SELECT r.id AS relationship_id, p.id AS partner_id, p.name AS partner_name
             FROM relationships r JOIN organizations p ON p.id = r.partner_id
             WHERE r.customer_id = $1 AND p.slug = $2",
        )
        .bind(&customer.organization.id)
        .bind(partner_slug)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
        // Under the write lock, so the roles read are exactly the rows updated.
        let active = active_roles(tx, &customer.clock, &relationship_id).await?;
        let Some(removal) = super::domain::removal(&active, removing) else {
            return Ok((partner_name, Vec::new()));
        };
        let now = customer.now();
        for role in &removal.roles {
            crate::db::query(
                "UPDATE role_grants SET state = 'removed', removed_at = $1
                 WHERE relationship_id = $2 AND role_id = $3",
            )
            .bind(&now)
            .bind(&relationship_id)
            .bind(*role)
            .execute(&mut *tx)
            .await?;
        }
        let all: Vec<RemovedService> =
            crate::db::query_as("SELECT id, name FROM services ORDER BY position")
                .fetch_all(&mut *tx)
                .await?;
        let services = all
            .into_iter()
            .filter(|service| {
                removal
                    .roles
                    .iter()
                    .any(|role| role.service() == service.id)
            })
            .collect();
        crate::audit_log::record(
            tx,
            NewEvent {
                action: removal.action,
                actor: customer,
                partner_id: Some(&partner_id),
                customer_id: Some(&customer.organization.id),
                details: kernel::audit::RolesDetail::of(&removal.roles).stored(),
            },
        )
        .await?;
        crate::notify::publish(
            tx,
            &customer.clock,
            crate::notify::Notice {
                event: crate::notify::Event::PrivilegesRemoved,
                partner_id: &partner_id,
                customer_id: &customer.organization.id,
                by: Some(customer),
                roles: removal.roles,
                ends_ms: None,
                subject: None,
                detail: crate::notify::Detail::None,
            },
        )
        .await?;
        Ok((partner_name, services))
    })
    .await
}

/// A service whose privileges a removal took away.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RemovedService {
    pub id: String,
    pub name: String,
}

/// The columns `active` (roles in force), `removed`, `ended` and
/// `soonest_end` (the nearest end of a role in force that does not extend
/// itself) of relationship `r`, read into [`DapCounts`]; `now` is the
/// placeholder the query binds now (Unix milliseconds) to.
///
/// They come from the summary the triggers keep on the relationship
/// (migrations 0011 and 0014), compared with now: while its first end is
/// ahead, every role kept is in force; once its last end is past, every one
/// has ended. Only a relationship between the two, some roles ended and
/// some not, has its roles counted.
pub fn dap_counts(now: &str) -> String {
    let ended = format!(
        "(SELECT COUNT(*) FROM role_grants g WHERE g.relationship_id = r.id
            AND g.state = 'active' AND NOT g.auto_extend AND g.ends_ms <= {now})"
    );
    format!(
        "CASE WHEN r.first_end_ms > {now} THEN r.roles_kept
              WHEN r.last_end_ms <= {now} THEN 0
              ELSE r.roles_kept - {ended} END AS active,
         r.roles_removed AS removed,
         CASE WHEN r.first_end_ms > {now} THEN 0
              WHEN r.last_end_ms <= {now} THEN r.roles_kept
              ELSE {ended} END AS ended,
         CASE WHEN r.first_end_ms > {now} THEN NULLIF(r.first_end_ms, {NEVER})
              WHEN r.last_end_ms <= {now} THEN NULL
              ELSE (SELECT MIN(g.ends_ms) FROM role_grants g WHERE g.relationship_id = r.id
                    AND g.state = 'active' AND NOT g.auto_extend AND g.ends_ms > {now})
         END AS soonest_end"
    )
}

/// `first_end_ms` of a relationship none of whose roles ends (migration 0011).
const NEVER: i64 = i64::MAX;

/// The columns of [`dap_counts`].
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct DapCounts {
    pub active: i64,
    pub removed: i64,
    pub ended: i64,
    pub soonest_end: Option<i64>,
}

impl DapCounts {
    pub fn state(self) -> DapState {
        DapState::from_counts(self.active, self.removed, self.ended)
    }

    /// "Expires in N days", within 30 days of the nearest end.
    pub fn expires_in_days(self, now_ms: i64) -> Option<u32> {
        self.soonest_end
            .and_then(|end| role::expiring_soon(end, now_ms))
    }
}

/// The state of the partner's delegated admin privileges for the customer,
/// or `None` when they have no relationship.
pub async fn dap_state(
    pool: &Pool,
    clock: &Clock,
    partner_id: &OrgId,
    customer_id: &OrgId,
) -> Result<Option<DapState>, AppError> {
    let row: Option<DapCounts> = crate::db::query_as(&format!(
        "SELECT {} FROM relationships r WHERE r.partner_id = $1 AND r.customer_id = $2",
        dap_counts("$3")
    ))
    .bind(partner_id)
    .bind(customer_id)
    .bind(clock.now_ms())
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

/// A page of the partner's customers, by slug: the first `limit` after
/// `after` (a slug), for keyset paging.
pub async fn customers_after(
    pool: &Pool,
    partner_id: &OrgId,
    after: &str,
    limit: i64,
) -> Result<Vec<RelationshipRef>, AppError> {
    Ok(crate::db::query_as(
        "SELECT r.id, o.id AS customer_id, o.slug AS customer_slug, o.name AS customer_name,
                r.kind, r.created_at AS since
         FROM relationships r JOIN organizations o ON o.id = r.customer_id
         WHERE r.partner_id = $1 AND o.slug > $2
         ORDER BY o.slug LIMIT $3",
    )
    .bind(partner_id)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// The partner's relationship with the customer `slug`, or `None` when they
/// have none (the customer may exist: the answer does not say).
pub async fn relationship_with(
    pool: &Pool,
    partner_id: &OrgId,
    slug: &str,
) -> Result<Option<RelationshipRef>, AppError> {
    Ok(crate::db::query_as(
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
