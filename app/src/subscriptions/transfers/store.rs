//! SQL for transfers of the partner of record.
use crate::db::Pool;

use super::domain::{TransferState, may_answer};
use super::{IncomingTransfer, PendingTransfer, Reseller, ServiceHolder};
use crate::audit_log::{Actor, NewEvent};
use crate::relationships::RelationshipRef;
use crate::subscriptions::domain::{Refusal, may_accept_transfer, may_transfer_to};
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::grant::RelationshipKind;
use kernel::id::OrgId;
use kernel::id::{ServiceId, SubscriptionId};

#[derive(sqlx::FromRow)]
struct HolderRow {
    service_id: String,
    service: String,
    partner_slug: String,
    partner: String,
    transfer_id: Option<String>,
    to_partner: Option<String>,
}

/// Every service someone transacts for the customer, with its pending transfer.
pub async fn holders(pool: &Pool, customer_id: &OrgId) -> Result<Vec<ServiceHolder>, AppError> {
    let rows: Vec<HolderRow> = crate::db::query_as(
        "SELECT t.service_id, s.name AS service, p.slug AS partner_slug, p.name AS partner,
                tr.id AS transfer_id, tp.name AS to_partner
         FROM service_transactors t
         JOIN services s ON s.id = t.service_id
         JOIN organizations p ON p.id = t.partner_id
         LEFT JOIN service_transfers tr ON tr.customer_id = t.customer_id
            AND tr.service_id = t.service_id AND tr.state = 'pending'
         LEFT JOIN organizations tp ON tp.id = tr.to_partner_id
         WHERE t.customer_id = $1 ORDER BY s.position",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ServiceHolder {
            pending: row
                .transfer_id
                .zip(row.to_partner)
                .map(|(id, to_partner)| PendingTransfer { id, to_partner }),
            service_id: row.service_id,
            service: row.service,
            partner_slug: row.partner_slug,
            partner: row.partner,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ResellerRow {
    slug: String,
    name: String,
}

/// The CSP resellers with a relationship with the customer.
pub async fn resellers(pool: &Pool, customer_id: &OrgId) -> Result<Vec<Reseller>, AppError> {
    let rows: Vec<ResellerRow> = crate::db::query_as(
        "SELECT p.slug, p.name FROM relationships r JOIN organizations p ON p.id = r.partner_id
         WHERE r.customer_id = $1 AND r.kind = 'reseller' ORDER BY p.name",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Reseller {
            slug: row.slug,
            name: row.name,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct IncomingRow {
    id: String,
    service: String,
    from_partner: String,
}

/// The transfers waiting for `partner_id`'s answer at one customer.
pub async fn incoming(
    pool: &Pool,
    partner_id: &OrgId,
    customer_id: &OrgId,
) -> Result<Vec<IncomingTransfer>, AppError> {
    let rows: Vec<IncomingRow> = crate::db::query_as(
        "SELECT tr.id, s.name AS service, p.name AS from_partner FROM service_transfers tr
         JOIN services s ON s.id = tr.service_id
         JOIN organizations p ON p.id = tr.from_partner_id
         WHERE tr.to_partner_id = $1 AND tr.customer_id = $2 AND tr.state = 'pending'
         ORDER BY s.position",
    )
    .bind(partner_id)
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| IncomingTransfer {
            id: row.id,
            service: row.service,
            from_partner: row.from_partner,
        })
        .collect())
}

/// The partner of record of a service, and the service's name.
#[derive(sqlx::FromRow)]
struct CurrentRow {
    partner_id: OrgId,
    service: String,
}

/// The partner a transfer is asked for, and its relationship's kind.
#[derive(sqlx::FromRow)]
struct TargetRow {
    id: OrgId,
    name: String,
    kind: RelationshipKind,
}

/// Records the customer's request that `partner_slug` take over `service_id`.
pub async fn request(
    pool: &Pool,
    customer: &Actor<'_>,
    service_id: &ServiceId,
    partner_slug: &str,
) -> Result<(), AppError> {
    let customer_id = &customer.organization.id;
    crate::db::write(pool, async |tx| {
        let current: Option<CurrentRow> = crate::db::query_as(
            "SELECT t.partner_id, s.name AS service FROM service_transactors t
             JOIN services s ON s.id = t.service_id
             WHERE t.customer_id = $1 AND t.service_id = $2",
        )
        .bind(customer_id)
        .bind(service_id)
        .fetch_optional(&mut *tx)
        .await?;
        let CurrentRow {
            partner_id: current,
            service,
        } = current.ok_or(Refusal::TransferTargetInvalid)?;
        let target: Option<TargetRow> = crate::db::query_as(
            "SELECT p.id, p.name, r.kind FROM organizations p
             JOIN relationships r ON r.partner_id = p.id AND r.customer_id = $1
             WHERE p.slug = $2",
        )
        .bind(customer_id)
        .bind(partner_slug)
        .fetch_optional(&mut *tx)
        .await?;
        let TargetRow {
            id: target_id,
            name: target_name,
            kind,
        } = target.ok_or(Refusal::TransferTargetInvalid)?;
        may_transfer_to(&current, &target_id, kind == RelationshipKind::Reseller)?;
        let inserted = crate::db::query(
            "INSERT INTO service_transfers (id, customer_id, service_id, from_partner_id,
                to_partner_id, state, requested_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', $6)
             ON CONFLICT DO NOTHING",
        )
        .bind(crate::db::new_id())
        .bind(customer_id)
        .bind(service_id)
        .bind(&current)
        .bind(&target_id)
        .bind(customer.now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Err(Refusal::TransferAlreadyPending.into());
        }
        crate::audit_log::record(
            tx,
            NewEvent {
                action: Action::TransferRequested,
                actor: customer,
                partner_id: Some(&target_id),
                customer_id: Some(customer_id),
                details: format!("{service} → {target_name}"),
            },
        )
        .await?;
        Ok(())
    })
    .await
}

#[derive(sqlx::FromRow)]
struct CancelledRow {
    to_partner_id: OrgId,
    service_id: String,
}

/// The customer withdraws a request nobody answered yet.
pub async fn cancel(pool: &Pool, customer: &Actor<'_>, transfer_id: &str) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let row: Option<CancelledRow> = crate::db::query_as(
            "UPDATE service_transfers SET state = 'cancelled', decided_at = $1
             WHERE id = $2 AND customer_id = $3 AND state = 'pending'
             RETURNING to_partner_id, service_id",
        )
        .bind(customer.now())
        .bind(transfer_id)
        .bind(&customer.organization.id)
        .fetch_optional(&mut *tx)
        .await?;
        let CancelledRow {
            to_partner_id: to_partner,
            service_id: service,
        } = row.ok_or(Refusal::TransferNotPending)?;
        crate::audit_log::record(
            tx,
            NewEvent {
                action: Action::TransferCancelled,
                actor: customer,
                partner_id: Some(&to_partner),
                customer_id: Some(&customer.organization.id),
                details: service,
            },
        )
        .await?;
        Ok(())
    })
    .await
}

#[derive(sqlx::FromRow)]
struct OpenPeriod {
    subscription_id: SubscriptionId,
    addon_id: Option<String>,
    offer_id: String,
    quantity: i64,
    unit_price_cents: i64,
}

#[derive(sqlx::FromRow)]
struct TransferRow {
    service_id: ServiceId,
    service: String,
    from_partner_id: OrgId,
    from_name: String,
    state: TransferState,
}

/// The receiving partner answers. Accepting makes it the partner of
/// record of every subscription of the service from today: the old
/// partner's billing stops, its own starts, and both see it in their log.
pub async fn answer(
    pool: &Pool,
    actor: &Actor<'_>,
    relationship: &RelationshipRef,
    transfer_id: &str,
    accept: bool,
) -> Result<(), AppError> {
    let partner_id = &actor.organization.id;
    let customer_id = &relationship.customer_id;
    crate::db::write(pool, async |tx| {
        let row: Option<TransferRow> = crate::db::query_as(
            "SELECT tr.service_id, s.name AS service, tr.from_partner_id, p.name AS from_name,
                    tr.state
             FROM service_transfers tr
             JOIN services s ON s.id = tr.service_id
             JOIN organizations p ON p.id = tr.from_partner_id
             WHERE tr.id = $1 AND tr.to_partner_id = $2 AND tr.customer_id = $3",
        )
        .bind(transfer_id)
        .bind(partner_id)
        .bind(customer_id)
        .fetch_optional(&mut *tx)
        .await?;
        let TransferRow {
            service_id,
            service,
            from_partner_id: from_id,
            from_name,
            state,
        } = row.ok_or(AppError::NotFound)?;
        may_answer(state)?;
        let now = actor.now();
        if !accept {
            crate::db::query(
                "UPDATE service_transfers SET state = 'declined', decided_at = $1 WHERE id = $2",
            )
            .bind(&now)
            .bind(transfer_id)
            .execute(&mut *tx)
            .await?;
            record(
                tx,
                actor,
                Action::TransferDeclined,
                partner_id,
                customer_id,
                service,
            )
            .await?;
            return Ok(());
        }
        let privileges =
            crate::relationships::grant_state(tx, &actor.clock, &relationship.id, &service_id)
                .await?;
        may_accept_transfer(actor, privileges)?;
        // The foreign key cascades: every subscription of the service follows.
        let moved = crate::db::query(
            "UPDATE service_transactors SET partner_id = $1, since = $2
             WHERE customer_id = $3 AND service_id = $4 AND partner_id = $5",
        )
        .bind(partner_id)
        .bind(&now)
        .bind(customer_id)
        .bind(&service_id)
        .bind(&from_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved == 0 {
            return Err(Refusal::TransferNotPending.into());
        }
        let open: Vec<OpenPeriod> = crate::db::query_as(
            "SELECT b.subscription_id, b.addon_id, b.offer_id, b.quantity, b.unit_price_cents
             FROM billing_periods b JOIN subscriptions s ON s.id = b.subscription_id
             WHERE s.customer_id = $1 AND s.service_id = $2 AND b.ends_on IS NULL",
        )
        .bind(customer_id)
        .bind(&service_id)
        .fetch_all(&mut *tx)
        .await?;
        let today = super::super::store::today(&actor.clock);
        crate::db::query(
            "UPDATE billing_periods SET ends_on = $1 WHERE ends_on IS NULL AND subscription_id IN
                (SELECT id FROM subscriptions WHERE customer_id = $2 AND service_id = $3)",
        )
        .bind(&today)
        .bind(customer_id)
        .bind(&service_id)
        .execute(&mut *tx)
        .await?;
        for period in open {
            super::super::store::open_period(
                tx,
                &actor.clock,
                super::super::store::NewPeriod {
                    subscription_id: &period.subscription_id,
                    addon_id: period.addon_id.as_deref(),
                    partner_id,
                    customer_id,
                    offer_id: &period.offer_id,
                    quantity: period.quantity,
                    unit_price_cents: period.unit_price_cents,
                },
            )
            .await?;
        }
        crate::db::query(
            "UPDATE subscriptions SET version = version + 1 WHERE customer_id = $1 AND service_id = $2",
        )
        .bind(customer_id)
        .bind(&service_id)
        .execute(&mut *tx)
        .await?;
        crate::db::query("UPDATE service_transfers SET state = 'accepted', decided_at = $1 WHERE id = $2")
            .bind(&now)
            .bind(transfer_id)
            .execute(&mut *tx)
            .await?;
        let details = format!("{service}: {from_name} → {}", actor.organization.name);
        // R15: both partners' webhooks, and the customer's administrators once.
        for (partner, event) in [
            (partner_id, crate::notify::Event::SubscriptionChanged),
            (&from_id, crate::notify::Event::SubscriptionsMovedAway),
        ] {
            crate::notify::publish(
                tx,
                &actor.clock,
                crate::notify::Notice {
                    event,
                    partner_id: partner,
                    customer_id,
                    by: Some(actor),
                    roles: Vec::new(),
                    ends_ms: None,
                    subject: Some(details.clone()),
                    detail: crate::notify::Detail::Subscription(Action::PartnerOfRecordChanged),
                },
            )
            .await?;
        }
        // Once in each partner's log with the customer; the customer reads both.
        for partner in [partner_id, &from_id] {
            record(
                tx,
                actor,
                Action::PartnerOfRecordChanged,
                partner,
                customer_id,
                details.clone(),
            )
            .await?;
        }
        Ok(())
    })
    .await
}

async fn record(
    conn: &mut crate::db::Conn,
    actor: &Actor<'_>,
    action: Action,
    partner_id: &OrgId,
    customer_id: &OrgId,
    details: String,
) -> Result<(), sqlx::Error> {
    crate::audit_log::record(
        conn,
        NewEvent {
            action,
            actor,
            partner_id: Some(partner_id),
            customer_id: Some(customer_id),
            details,
        },
    )
    .await
}
