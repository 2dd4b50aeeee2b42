//! SQL for reading an invitation and recording its acceptance.
use crate::db::{Conn, Pool};

use super::AcceptOutcome;
use super::PartnerCard;
use super::domain::{self, Refusal};
use crate::audit_log::{Actor, NewEvent};
use crate::auth::CurrentUser;
use crate::notify::{Event, Notice};
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::grant::GrantState;
use kernel::id::{OrgId, RelationshipId};
use kernel::identity::OrgKind;
use kernel::role::ServiceRole;

/// An invitation link that still works: the partner's reusable link, or a
/// one-customer invitation (R14) still pending.
#[derive(sqlx::FromRow)]
pub struct ActiveLink {
    pub partner_id: OrgId,
    pub include_dap: bool,
    /// The domain of the one organization a one-customer invitation is for.
    pub for_domain: Option<String>,
    /// A one-customer invitation's id.
    pub invitation_id: Option<String>,
}

/// The link with this code that still works at `now_ms`, read on `conn`;
/// rotated, unknown, used, declined, cancelled and expired codes give `None`.
pub async fn link_on(
    conn: &mut Conn,
    code: &str,
    now_ms: i64,
) -> Result<Option<ActiveLink>, AppError> {
    let reusable: Option<ActiveLink> = crate::db::query_as(
        "SELECT partner_id, include_dap, NULL AS for_domain, NULL AS invitation_id
         FROM invitation_links WHERE code = $1 AND revoked_at IS NULL",
    )
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?;
    if reusable.is_some() {
        return Ok(reusable);
    }
    Ok(crate::db::query_as(
        "SELECT partner_id, TRUE AS include_dap, domain AS for_domain, id AS invitation_id
         FROM customer_invitations WHERE code = $1 AND state = 'pending' AND expires_ms > $2",
    )
    .bind(code)
    .bind(now_ms)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Why a code that opens no link is refused: a one-customer invitation
/// that was used (or declined, cancelled, expired), or no link at all.
pub async fn refusal_for_missing(pool: &Pool, code: &str) -> Result<Refusal, AppError> {
    let mut conn = pool.acquire().await?;
    Ok(domain::missing_link(
        invitation_exists(&mut conn, code).await?,
    ))
}

/// Records the customer's answer (`accepted`, `declined`) to a pending
/// one-customer invitation, inside the answer's transaction; `InvitationUsed`
/// (and the transaction rolls back) when it was no longer pending.
async fn decide(
    conn: &mut Conn,
    id: &str,
    state: &str,
    customer: &Actor<'_>,
) -> Result<(), AppError> {
    let decided = crate::db::query(
        "UPDATE customer_invitations SET state = $1, decided_at = $2, customer_id = $3
         WHERE id = $4 AND state = 'pending'",
    )
    .bind(state)
    .bind(customer.now())
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
    let found: Option<bool> =
        crate::db::query_scalar("SELECT TRUE FROM customer_invitations WHERE code = $1")
            .bind(code)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// [`link_on`], on a connection of its own.
pub async fn active_link(
    pool: &Pool,
    code: &str,
    now_ms: i64,
) -> Result<Option<ActiveLink>, AppError> {
    let mut conn = pool.acquire().await?;
    link_on(&mut conn, code, now_ms).await
}

/// R14: whether the customer's organization is the one a one-customer
/// invitation is for (its domain, as its members are invited at).
pub async fn is_for(
    conn: &mut Conn,
    customer: &CurrentUser,
    domain: &str,
) -> Result<bool, AppError> {
    let own = crate::accounts::domain_of(conn, &customer.organization.id).await?;
    Ok(domain::is_for_domain(own.as_deref(), domain))
}

/// R14: declines a one-customer invitation still pending, for the
/// customer's organization, with its audit event. `InvitationUsed` when it
/// is no longer pending.
pub async fn decline(pool: &Pool, code: &str, customer: &Actor<'_>) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let link = link_on(tx, code, customer.now_ms()).await?;
        let Some((link, id, domain)) = link.and_then(|link| {
            let id = link.invitation_id.clone()?;
            let domain = link.for_domain.clone()?;
            Some((link, id, domain))
        }) else {
            return Err(Refusal::InvitationUsed.into());
        };
        if !is_for(tx, customer, &domain).await? {
            return Err(Refusal::InvitationForAnotherDomain.into());
        }
        decide(tx, &id, "declined", customer).await?;
        crate::audit_log::record(
            tx,
            NewEvent {
                action: Action::CustomerInvitationDeclined,
                actor: customer,
                partner_id: Some(&link.partner_id),
                customer_id: Some(&customer.organization.id),
                details: domain,
            },
        )
        .await?;
        crate::notify::publish(
            tx,
            &customer.clock,
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
        Ok(())
    })
    .await
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
        require_two_step: bool,
    }
    let row: Row = crate::db::query_as(
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
        crate::db::query_as("SELECT id, name FROM services ORDER BY position")
            .fetch_all(pool)
            .await?,
    )
}

/// R4/R10/R13: reads under the write lock what an acceptance is decided
/// on, asks [`super::domain::decide_acceptance`], and writes what it
/// decided: the relationship, the roles, the audit events and the notice,
/// in one transaction. Running it again changes nothing.
pub async fn accept(
    pool: &Pool,
    code: &str,
    customer: &Actor<'_>,
    ticked: &[ServiceRole],
    shown_ask: Option<&str>,
) -> Result<AcceptOutcome, AppError> {
    crate::db::write(pool, async |tx| {
        // Checked again under the write lock: a link rotated (or an invitation
        // used) a moment ago no longer works.
        let Some(link) = link_on(tx, code, customer.now_ms()).await? else {
            return Err(domain::missing_link(invitation_exists(tx, code).await?).into());
        };
        let ActiveLink {
            partner_id,
            include_dap,
            for_domain,
            invitation_id,
        } = link;
        let customer_id = &customer.organization.id;
        let (partner_kind, partner_cloud): (OrgKind, String) =
            crate::db::query_as("SELECT kind, cloud_id FROM organizations WHERE id = $1")
                .bind(&partner_id)
                .fetch_one(&mut *tx)
                .await?;
        let customer_domain = match &for_domain {
            Some(_) => crate::accounts::domain_of(tx, customer_id).await?,
            None => None,
        };
        let ask_version = crate::invitations::ask_version(tx, &partner_id).await?;
        let ask = if include_dap {
            Some(crate::invitations::ask_of(tx, &partner_id).await?)
        } else {
            None
        };
        let relationship_id: Option<RelationshipId> = crate::db::query_scalar(
            "SELECT id FROM relationships WHERE partner_id = $1 AND customer_id = $2",
        )
        .bind(&partner_id)
        .bind(customer_id)
        .fetch_optional(&mut *tx)
        .await?;
        let held = match &relationship_id {
            Some(id) => held_roles(tx, id).await?,
            None => Vec::new(),
        };
        let now_ms = customer.now_ms();
        let decision = domain::decide_acceptance(&domain::AcceptanceFacts {
            customer,
            partner_kind,
            partner_cloud,
            for_domain,
            customer_domain,
            shown_ask,
            ask_version,
            ask,
            ticked,
            relationship_exists: relationship_id.is_some(),
            held,
            now_ms,
        })?;

        let now = crate::db::rfc3339(now_ms);
        let relationship_id = match (decision.create, relationship_id) {
            (Some(kind), _) => {
                crate::db::query(
                    "INSERT INTO relationships (id, partner_id, customer_id, customer_slug, kind, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (partner_id, customer_id) DO NOTHING",
                )
                .bind(crate::db::new_id())
                .bind(&partner_id)
                .bind(customer_id)
                .bind(&customer.organization.slug)
                .bind(kind)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                crate::db::query_scalar(
                    "SELECT id FROM relationships WHERE partner_id = $1 AND customer_id = $2",
                )
                .bind(&partner_id)
                .bind(customer_id)
                .fetch_one(&mut *tx)
                .await?
            }
            (None, Some(id)) => id,
            // The rule creates one whenever none was read.
            (None, None) => return Err(sqlx::Error::RowNotFound.into()),
        };
        if decision.stop_extending {
            crate::db::query("UPDATE role_grants SET auto_extend = FALSE WHERE relationship_id = $1")
                .bind(&relationship_id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(write) = &decision.write {
            for role in &write.roles {
                crate::db::query(
                    "INSERT INTO role_grants (relationship_id, role_id, state, granted_at, ends_ms, auto_extend)
                     VALUES ($1, $2, 'active', $3, $4, $5)
                     ON CONFLICT (relationship_id, role_id)
                     DO UPDATE SET state = 'active', granted_at = excluded.granted_at,
                        ends_ms = excluded.ends_ms, auto_extend = excluded.auto_extend, removed_at = NULL",
                )
                .bind(&relationship_id)
                .bind(*role)
                .bind(&now)
                .bind(write.ends_ms)
                .bind(write.auto_extend)
                .execute(&mut *tx)
                .await?;
            }
        }
        for (action, details) in decision.audit {
            crate::audit_log::record(
                tx,
                NewEvent {
                    action,
                    actor: customer,
                    partner_id: Some(&partner_id),
                    customer_id: Some(customer_id),
                    details,
                },
            )
            .await?;
        }
        let event = match decision.outcome {
            AcceptOutcome::Created => Some(Event::RelationshipCreated),
            AcceptOutcome::Restored => Some(Event::PrivilegesRestored),
            AcceptOutcome::Granted => Some(Event::PrivilegesGranted),
            AcceptOutcome::Unchanged => None,
        };
        if let (Some(announce), Some(event)) = (decision.announce, event) {
            crate::notify::publish(
                tx,
                &customer.clock,
                Notice {
                    event,
                    partner_id: &partner_id,
                    customer_id,
                    by: Some(customer),
                    roles: announce.roles,
                    ends_ms: announce.ends_ms,
                    subject: None,
                    detail: crate::notify::Detail::Refused(announce.refused),
                },
            )
            .await?;
        }
        if let Some(id) = invitation_id {
            decide(tx, &id, "accepted", customer).await?;
        }
        Ok(decision.outcome)
    })
    .await
}

/// The partner's roles in a relationship, whatever their state (a role the
/// catalog no longer names is left out).
async fn held_roles(
    conn: &mut Conn,
    relationship_id: &RelationshipId,
) -> Result<Vec<domain::HeldRole>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Held {
        role_id: String,
        state: GrantState,
        ends_ms: i64,
        auto_extend: bool,
    }
    let held: Vec<Held> = crate::db::query_as(
        "SELECT role_id, state, ends_ms, auto_extend FROM role_grants WHERE relationship_id = $1",
    )
    .bind(relationship_id)
    .fetch_all(conn)
    .await?;
    Ok(held
        .into_iter()
        .filter_map(|held| {
            Some(domain::HeldRole {
                role: ServiceRole::parse(&held.role_id)?,
                active: held.state == GrantState::Active,
                ends_ms: held.ends_ms,
                auto_extend: held.auto_extend,
            })
        })
        .collect())
}
