//! SQL for reading an invitation and recording its acceptance.
use crate::db::Pool;

use super::AcceptOutcome;
use super::PartnerCard;
use super::domain::Refusal;
use crate::auth::CurrentUser;
use crate::journal::NewEvent;
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::grant::{GrantState, RelationshipKind};
use kernel::id::{OrgId, RelationshipId};
use kernel::identity::OrgKind;

/// An invitation link that still works.
#[derive(sqlx::FromRow)]
pub struct ActiveLink {
    pub partner_id: OrgId,
    #[sqlx(try_from = "crate::db::Flag")]
    pub include_dap: bool,
}

/// The active link with this code; rotated and unknown codes give `None`.
pub async fn active_link(pool: &Pool, code: &str) -> Result<Option<ActiveLink>, AppError> {
    Ok(sqlx::query_as(
        "SELECT partner_id, include_dap FROM invitation_links WHERE code = $1 AND revoked_at IS NULL",
    )
    .bind(code)
    .fetch_optional(pool)
    .await?)
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

/// Names of the services in the catalog, in display order.
pub async fn service_names(pool: &Pool) -> Result<Vec<String>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT name FROM services ORDER BY position")
            .fetch_all(pool)
            .await?,
    )
}

/// R4/R10: creates the relationship and grants (or restores) delegated admin
/// privileges for every service, in one transaction with its audit events.
/// Running it again changes nothing.
pub async fn accept(
    pool: &Pool,
    code: &str,
    customer: &CurrentUser,
    ip_address: &str,
) -> Result<AcceptOutcome, AppError> {
    let mut tx = crate::db::begin_write(pool).await?;
    // Checked again under the write lock: a link rotated a moment ago no longer works.
    #[derive(sqlx::FromRow)]
    struct Link {
        partner_id: OrgId,
        #[sqlx(try_from = "crate::db::Flag")]
        include_dap: bool,
        partner_kind: OrgKind,
    }
    let link: Option<Link> = sqlx::query_as(
        "SELECT l.partner_id, l.include_dap, o.kind AS partner_kind FROM invitation_links l
         JOIN organizations o ON o.id = l.partner_id
         WHERE l.code = $1 AND l.revoked_at IS NULL",
    )
    .bind(code)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(Link {
        partner_id,
        include_dap,
        partner_kind,
    }) = link
    else {
        return Err(Refusal::LinkNotValid.into());
    };
    let customer_id = &customer.organization.id;
    let now = crate::db::now();
    let kind = RelationshipKind::of_partner(partner_kind);
    let created = sqlx::query(
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
    .await?
    .rows_affected()
        == 1;
    let relationship_id: RelationshipId = sqlx::query_scalar(
        "SELECT id FROM relationships WHERE partner_id = $1 AND customer_id = $2",
    )
    .bind(&partner_id)
    .bind(customer_id)
    .fetch_one(&mut *tx)
    .await?;

    let mut granted = Vec::new();
    let mut restored = Vec::new();
    if include_dap {
        #[derive(sqlx::FromRow)]
        struct Service {
            id: String,
            name: String,
            state: Option<GrantState>,
        }
        let services: Vec<Service> = sqlx::query_as(
            "SELECT s.id, s.name, g.state FROM services s
             LEFT JOIN dap_grants g ON g.service_id = s.id AND g.relationship_id = $1
             ORDER BY s.position",
        )
        .bind(&relationship_id)
        .fetch_all(&mut *tx)
        .await?;
        for service in services {
            match service.state {
                Some(GrantState::Active) => continue,
                Some(_) => restored.push(service.name),
                None => granted.push(service.name),
            }
            sqlx::query(
                "INSERT INTO dap_grants (relationship_id, service_id, state, granted_at)
                 VALUES ($1, $2, 'active', $3)
                 ON CONFLICT (relationship_id, service_id)
                 DO UPDATE SET state = 'active', granted_at = excluded.granted_at, removed_at = NULL",
            )
            .bind(&relationship_id)
            .bind(&service.id)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
    }

    let event = |action: Action, details: String| NewEvent {
        action,
        actor: customer,
        partner_id: Some(&partner_id),
        customer_id: Some(customer_id),
        details,
        ip_address,
    };
    if created {
        crate::journal::record(
            &mut tx,
            event(Action::RelationshipCreated, kind.as_str().to_string()),
        )
        .await?;
    }
    if !granted.is_empty() {
        crate::journal::record(&mut tx, event(Action::DapGranted, granted.join(", "))).await?;
    }
    if !restored.is_empty() {
        crate::journal::record(&mut tx, event(Action::DapRestored, restored.join(", "))).await?;
    }
    tx.commit().await?;

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
