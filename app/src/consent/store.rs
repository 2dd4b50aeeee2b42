//! SQL for reading an invitation and recording its acceptance.
use crate::db::{Conn, Pool};

use super::AcceptOutcome;
use super::PartnerCard;
use super::domain::Refusal;
use crate::auth::CurrentUser;
use crate::journal::NewEvent;
use crate::notify::{Event, Notice};
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::grant::{GrantState, RelationshipKind};
use kernel::id::{OrgId, RelationshipId};
use kernel::identity::OrgKind;
use kernel::role::{Approval, Ask, ServiceRole};

/// An invitation link that still works: the partner's reusable link, or a
/// one-customer invitation (R14) still pending.
#[derive(sqlx::FromRow)]
pub struct ActiveLink {
    pub partner_id: OrgId,
    #[sqlx(try_from = "crate::db::Flag")]
    pub include_dap: bool,
    /// The domain of the one organization a one-customer invitation is for.
    pub for_domain: Option<String>,
    /// A one-customer invitation's id.
    pub invitation_id: Option<String>,
}

/// The link with this code that still works, read on `conn`; rotated,
/// unknown, used, declined, cancelled and expired codes give `None`.
pub async fn link_on(conn: &mut Conn, code: &str) -> Result<Option<ActiveLink>, AppError> {
    let reusable: Option<ActiveLink> = sqlx::query_as(
        "SELECT partner_id, include_dap, NULL AS for_domain, NULL AS invitation_id
         FROM invitation_links WHERE code = $1 AND revoked_at IS NULL",
    )
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?;
    if reusable.is_some() {
        return Ok(reusable);
    }
    Ok(sqlx::query_as(
        "SELECT partner_id, TRUE AS include_dap, domain AS for_domain, id AS invitation_id
         FROM customer_invitations WHERE code = $1 AND state = 'pending' AND expires_ms > $2",
    )
    .bind(code)
    .bind(crate::db::now_ms())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Why a code that opens no link is refused: a one-customer invitation
/// that was used (or declined, cancelled, expired), or no link at all.
pub async fn refusal_for_missing(pool: &Pool, code: &str) -> Result<Refusal, AppError> {
    let mut conn = pool.acquire().await?;
    Ok(if invitation_exists(&mut conn, code).await? {
        Refusal::InvitationUsed
    } else {
        Refusal::LinkNotValid
    })
}

/// Records the customer's answer (`accepted`, `declined`) to a pending
/// one-customer invitation, inside the answer's transaction; `InvitationUsed`
/// (and the transaction rolls back) when it was no longer pending.
async fn decide(
    conn: &mut Conn,
    id: &str,
    state: &str,
    customer: &CurrentUser,
) -> Result<(), AppError> {
    let decided = sqlx::query(
        "UPDATE customer_invitations SET state = $1, decided_at = $2, customer_id = $3
         WHERE id = $4 AND state = 'pending'",
    )
    .bind(state)
    .bind(crate::db::now())
    .bind(&customer.organization.id)
    .bind(id)
    .execute(conn)
    .await?
    .rows_affected();
    if decided == 1 {
        Ok(())
    } else {
        Err(Refusal::InvitationUsed.into())
    }
}

/// Whether a one-customer invitation has this code, whatever its state.
async fn invitation_exists(conn: &mut Conn, code: &str) -> Result<bool, AppError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM customer_invitations WHERE code = $1")
            .bind(code)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// [`link_on`], on a connection of its own.
pub async fn active_link(pool: &Pool, code: &str) -> Result<Option<ActiveLink>, AppError> {
    let mut conn = pool.acquire().await?;
    link_on(&mut conn, code).await
}

/// R14: whether the customer's organization is the one a one-customer
/// invitation is for (its domain, as its members are invited at).
pub async fn is_for(
    conn: &mut Conn,
    customer: &CurrentUser,
    domain: &str,
) -> Result<bool, AppError> {
    let own = crate::accounts::domain_of(conn, &customer.organization.id).await?;
    Ok(own.is_some_and(|own| own.eq_ignore_ascii_case(domain)))
}

/// R14: declines a one-customer invitation still pending, for the
/// customer's organization, with its audit event. `InvitationUsed` when it
/// is no longer pending.
pub async fn decline(
    pool: &Pool,
    code: &str,
    customer: &CurrentUser,
    ip_address: &str,
) -> Result<(), AppError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let link = link_on(&mut tx, code).await?;
    let Some((link, id, domain)) = link.and_then(|link| {
        let id = link.invitation_id.clone()?;
        let domain = link.for_domain.clone()?;
        Some((link, id, domain))
    }) else {
        return Err(Refusal::InvitationUsed.into());
    };
    if !is_for(&mut tx, customer, &domain).await? {
        return Err(Refusal::InvitationForAnotherDomain.into());
    }
    decide(&mut tx, &id, "declined", customer).await?;
    crate::journal::record(
        &mut tx,
        NewEvent {
            action: Action::CustomerInvitationDeclined,
            actor: customer,
            partner_id: Some(&link.partner_id),
            customer_id: Some(&customer.organization.id),
            details: domain,
            ip_address,
        },
    )
    .await?;
    crate::notify::publish(
        &mut tx,
        Notice {
            event: Event::InvitationDeclined,
            partner_id: &link.partner_id,
            customer_id: &customer.organization.id,
            by: Some(customer),
            roles: Vec::new(),
            ends_ms: None,
            subject: None,
            detail: crate::notify::Detail::None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What the customer sees of the partner, and its cloud id.
pub async fn partner_card(
    pool: &Pool,
    partner_id: &OrgId,
) -> Result<(PartnerCard, String), AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        name: String,
        legal_name: String,
        verified_domain: String,
        partner_number: String,
        kind: OrgKind,
        cloud_id: String,
        cloud_name: String,
        domain_verified_at: Option<String>,
        #[sqlx(try_from = "crate::db::Flag")]
        require_two_step: bool,
    }
    let row: Row = sqlx::query_as(
        "SELECT o.name, o.legal_name, o.verified_domain, o.partner_number, o.kind,
                c.id AS cloud_id, c.name AS cloud_name, o.domain_verified_at, o.require_two_step
         FROM organizations o JOIN clouds c ON c.id = o.cloud_id
         WHERE o.id = $1 AND o.kind IN ('partner_csp', 'partner_advisor')",
    )
    .bind(partner_id)
    .fetch_one(pool)
    .await?;
    let card = PartnerCard {
        name: row.name,
        legal_name: row.legal_name,
        verified_domain: row.verified_domain,
        partner_number: row.partner_number,
        advisor: row.kind == OrgKind::PartnerAdvisor,
        cloud_name: row.cloud_name,
        domain_verified_on: row
            .domain_verified_at
            .map(|at| at.chars().take(10).collect()),
        requires_two_step: row.require_two_step,
    };
    Ok((card, row.cloud_id))
}

/// The services of the catalog (id, name), in display order.
pub async fn services(pool: &Pool) -> Result<Vec<(String, String)>, AppError> {
    Ok(
        sqlx::query_as("SELECT id, name FROM services ORDER BY position")
            .fetch_all(pool)
            .await?,
    )
}

/// R4/R10/R13: creates the relationship and grants the roles the customer
/// kept ticked of those the link asks for now, until the ask's end; roles
/// removed or ended are granted anew (restored), roles in force stay as they
/// are. One transaction with its audit events, which record what was asked
/// and what was granted. Running it again changes nothing.
pub async fn accept(
    pool: &Pool,
    code: &str,
    customer: &CurrentUser,
    ticked: &[ServiceRole],
    shown_ask: Option<&str>,
    ip_address: &str,
) -> Result<AcceptOutcome, AppError> {
    let mut tx = crate::db::begin_write(pool).await?;
    // Checked again under the write lock: a link rotated (or an invitation
    // used) a moment ago no longer works.
    let Some(link) = link_on(&mut tx, code).await? else {
        return Err(if invitation_exists(&mut tx, code).await? {
            Refusal::InvitationUsed
        } else {
            Refusal::LinkNotValid
        }
        .into());
    };
    if let Some(domain) = &link.for_domain
        && !is_for(&mut tx, customer, domain).await?
    {
        return Err(Refusal::InvitationForAnotherDomain.into());
    }
    let ActiveLink {
        partner_id,
        include_dap,
        invitation_id,
        ..
    } = link;
    let partner_kind: OrgKind = sqlx::query_scalar("SELECT kind FROM organizations WHERE id = $1")
        .bind(&partner_id)
        .fetch_one(&mut *tx)
        .await?;
    if let Some(shown) = shown_ask
        && crate::invitations::ask_version(&mut tx, &partner_id).await? != shown
    {
        return Err(Refusal::AskChanged.into());
    }
    // A link without privileges asks for no role: whatever is sent, none is granted.
    let ask = if include_dap {
        Some(crate::invitations::ask_of(&mut tx, &partner_id).await?)
    } else {
        None
    };
    let approval = match &ask {
        Some(ask) => Some(
            ask.approve(ticked.iter().copied())
                .map_err(|_| Refusal::RoleNotAsked)?,
        ),
        None => None,
    };
    let outcome = grant(
        &mut tx,
        &partner_id,
        partner_kind,
        customer,
        ask.as_ref().zip(approval.as_ref()),
        ip_address,
    )
    .await?;
    if let Some(id) = invitation_id {
        decide(&mut tx, &id, "accepted", customer).await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// The relationship and the approved roles, inside the acceptance's
/// transaction (shared by the reusable link and the one-customer invitation).
async fn grant(
    tx: &mut crate::db::Conn,
    partner_id: &OrgId,
    partner_kind: OrgKind,
    customer: &CurrentUser,
    approved: Option<(&Ask, &Approval)>,
    ip_address: &str,
) -> Result<AcceptOutcome, AppError> {
    let customer_id = &customer.organization.id;
    let now = crate::db::now();
    let now_ms = crate::db::now_ms();
    let kind = RelationshipKind::of_partner(partner_kind);
    let created = sqlx::query(
        "INSERT INTO relationships (id, partner_id, customer_id, customer_slug, kind, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (partner_id, customer_id) DO NOTHING",
    )
    .bind(crate::db::new_id())
    .bind(partner_id)
    .bind(customer_id)
    .bind(&customer.organization.slug)
    .bind(kind)
    .bind(&now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let relationship_id: RelationshipId = sqlx::query_scalar(
        "SELECT id FROM relationships WHERE partner_id = $1 AND customer_id = $2",
    )
    .bind(partner_id)
    .bind(customer_id)
    .fetch_one(&mut *tx)
    .await?;

    let mut granted = Vec::new();
    let mut restored = Vec::new();
    let mut until = None;
    if let Some((ask, approval)) = approved {
        #[derive(sqlx::FromRow)]
        struct Held {
            role_id: String,
            state: GrantState,
            ends_ms: i64,
            #[sqlx(try_from = "crate::db::Flag")]
            auto_extend: bool,
        }
        let held: Vec<Held> = sqlx::query_as(
            "SELECT role_id, state, ends_ms, auto_extend FROM role_grants WHERE relationship_id = $1",
        )
        .bind(&relationship_id)
        .fetch_all(&mut *tx)
        .await?;
        let ends_ms = ask.ends_ms(now_ms);
        // R13: nothing extends itself while Global Administrator is in force,
        // whether it was just granted or held from before.
        let global = approval.roles.contains(&ServiceRole::GlobalAdministrator)
            || held.iter().any(|h| {
                h.role_id == ServiceRole::GlobalAdministrator.as_sql()
                    && kernel::role::in_force(
                        h.state == GrantState::Active,
                        h.ends_ms,
                        h.auto_extend,
                        now_ms,
                    )
            });
        let auto_extend = approval.auto_extend && !global;
        if global {
            sqlx::query("UPDATE role_grants SET auto_extend = FALSE WHERE relationship_id = $1")
                .bind(&relationship_id)
                .execute(&mut *tx)
                .await?;
        }
        for role in &approval.roles {
            let before = held.iter().find(|h| h.role_id == role.as_sql());
            match before {
                Some(h)
                    if kernel::role::in_force(
                        h.state == GrantState::Active,
                        h.ends_ms,
                        h.auto_extend,
                        now_ms,
                    ) =>
                {
                    continue;
                }
                Some(_) => restored.push(*role),
                None => granted.push(*role),
            }
            sqlx::query(
                "INSERT INTO role_grants (relationship_id, role_id, state, granted_at, ends_ms, auto_extend)
                 VALUES ($1, $2, 'active', $3, $4, $5)
                 ON CONFLICT (relationship_id, role_id)
                 DO UPDATE SET state = 'active', granted_at = excluded.granted_at,
                    ends_ms = excluded.ends_ms, auto_extend = excluded.auto_extend, removed_at = NULL",
            )
            .bind(&relationship_id)
            .bind(*role)
            .bind(&now)
            .bind(ends_ms)
            .bind(auto_extend)
            .execute(&mut *tx)
            .await?;
        }
        let end = crate::db::day_of(ends_ms - 1);
        until = Some((end, auto_extend, ask, approval));
    }

    let event = |action: Action, details: String| NewEvent {
        action,
        actor: customer,
        partner_id: Some(partner_id),
        customer_id: Some(customer_id),
        details,
        ip_address,
    };
    if created {
        crate::journal::record(
            tx,
            event(Action::RelationshipCreated, kind.as_str().to_string()),
        )
        .await?;
    }
    if let Some((end, auto_extend, ask, approval)) = &until {
        // What was asked, when the customer kept less of it (partial approval).
        let partial = approval.roles.len() < ask.roles.len();
        let detail = |roles: &[ServiceRole]| {
            kernel::audit::RolesDetail::of(roles)
                .until(end)
                .extending(*auto_extend)
        };
        if !granted.is_empty() || (created && partial && restored.is_empty()) {
            let details = detail(&granted).asked(&ask.roles).stored();
            crate::journal::record(tx, event(Action::DapGranted, details)).await?;
        }
        if !restored.is_empty() {
            let details = detail(&restored);
            let details = if granted.is_empty() {
                details.asked(&ask.roles)
            } else {
                details
            };
            crate::journal::record(tx, event(Action::DapRestored, details.stored())).await?;
        }
    }

    // R15: one event per acceptance that changed something, to both sides.
    let event = if created {
        Some(Event::RelationshipCreated)
    } else if !restored.is_empty() {
        Some(Event::PrivilegesRestored)
    } else if !granted.is_empty() {
        Some(Event::PrivilegesGranted)
    } else {
        None
    };
    if let Some(event) = event {
        let roles: Vec<ServiceRole> = granted.iter().chain(&restored).copied().collect();
        let ends_ms = until.as_ref().map(|(_, _, ask, _)| ask.ends_ms(now_ms));
        crate::notify::publish(
            tx,
            Notice {
                event,
                partner_id,
                customer_id,
                by: Some(customer),
                roles,
                ends_ms: ends_ms.filter(|_| !granted.is_empty() || !restored.is_empty()),
                subject: None,
                // The roles asked for that the customer unticked.
                detail: crate::notify::Detail::Refused(until.as_ref().map_or_else(
                    Vec::new,
                    |(_, _, ask, approval)| {
                        let kept = |role: &ServiceRole| approval.roles.contains(role);
                        ask.roles
                            .iter()
                            .copied()
                            .filter(|role| !kept(role))
                            .collect()
                    },
                )),
            },
        )
        .await?;
    }

    Ok(if created {
        AcceptOutcome::Created
    } else if !restored.is_empty() {
        AcceptOutcome::Restored
    } else if !granted.is_empty() {
        AcceptOutcome::Granted
    } else {
        AcceptOutcome::Unchanged
    })
}
