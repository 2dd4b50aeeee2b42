//! SQL for the catalog, subscriptions, the service each CSP reseller
//! transacts (R7) and the billing periods invoices are computed from.
use crate::db::{Clock, Conn, Pool};

use super::domain::{OfferKind, Refusal, Seats, may_change, may_provision};
use super::{Addon, CatalogService, Offer, Subscription, SubscriptionState};
use crate::audit_log::{Actor, NewEvent};
use crate::auth::CurrentUser;
use crate::relationships::RelationshipRef;
use kernel::audit::Action;
use kernel::error::{AppError, Invalid};
use kernel::id::OrgId;
use kernel::id::{ServiceId, SubscriptionId};
use kernel::input::Field;

/// Today in UTC by `clock`, as billing periods count days.
pub fn today(clock: &Clock) -> String {
    crate::db::day_of(clock.now_ms())
}

#[derive(sqlx::FromRow)]
struct CatalogRow {
    service_id: String,
    service_name: String,
    id: String,
    name: String,
    kind: OfferKind,
    unit_price_cents: i64,
}

/// The catalog: every service with its offers and add-ons, in display order.
pub async fn catalog(pool: &Pool) -> Result<Vec<CatalogService>, AppError> {
    let rows: Vec<CatalogRow> = crate::db::query_as(
        "SELECT s.id AS service_id, s.name AS service_name, o.id, o.name, o.kind,
                o.unit_price_cents
         FROM services s JOIN offers o ON o.service_id = s.id
         ORDER BY s.position, o.position",
    )
    .fetch_all(pool)
    .await?;
    let mut services: Vec<CatalogService> = Vec::new();
    for CatalogRow {
        service_id,
        service_name,
        id,
        name,
        kind,
        unit_price_cents,
    } in rows
    {
        if services.last().map(|s| s.id.as_str()) != Some(service_id.as_str()) {
            services.push(CatalogService {
                id: service_id,
                name: service_name,
                offers: Vec::new(),
            });
        }
        if let Some(service) = services.last_mut() {
            service.offers.push(Offer {
                id,
                name,
                addon: kind == OfferKind::Addon,
                unit_price_cents,
            });
        }
    }
    Ok(services)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    service_id: String,
    service_name: String,
    offer_id: String,
    offer_name: String,
    partner_id: OrgId,
    partner_name: String,
    seats: i64,
    state: SubscriptionState,
    version: i64,
    created_at: String,
}

const SELECT: &str = "SELECT sub.id, sub.service_id, s.name AS service_name, sub.offer_id,
        o.name AS offer_name, sub.partner_id, p.name AS partner_name, sub.seats, sub.state,
        sub.version, sub.created_at
     FROM subscriptions sub
     JOIN services s ON s.id = sub.service_id
     JOIN offers o ON o.id = sub.offer_id
     JOIN organizations p ON p.id = sub.partner_id";

/// The customer's subscriptions a partner may see: its own, and those of
/// services for which it holds active delegated admin privileges (it would
/// see them in the customer's admin portal anyway). With their add-ons.
pub async fn visible_to(
    pool: &Pool,
    clock: &Clock,
    partner_id: &OrgId,
    relationship: &RelationshipRef,
) -> Result<Vec<Subscription>, AppError> {
    let rows: Vec<Row> = crate::db::query_as(&format!(
        "{SELECT}
         WHERE sub.customer_id = $1
           AND (sub.partner_id = $2 OR EXISTS (
                SELECT 1 FROM role_grants g JOIN roles ro ON ro.id = g.role_id
                WHERE g.relationship_id = $3 AND ro.service_id = sub.service_id
                AND g.state = 'active' AND (g.auto_extend OR g.ends_ms > $4)))
         ORDER BY s.position, sub.created_at, sub.id"
    ))
    .bind(&relationship.customer_id)
    .bind(partner_id)
    .bind(&relationship.id)
    .bind(clock.now_ms())
    .fetch_all(pool)
    .await?;
    with_addons(pool, rows, Some(partner_id)).await
}

/// Every subscription of the customer, for its own administrators.
pub async fn of_customer(pool: &Pool, customer_id: &OrgId) -> Result<Vec<Subscription>, AppError> {
    let rows: Vec<Row> = crate::db::query_as(&format!(
        "{SELECT} WHERE sub.customer_id = $1 ORDER BY s.position, sub.created_at, sub.id"
    ))
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    with_addons(pool, rows, None).await
}

#[derive(sqlx::FromRow)]
struct AddonRow {
    subscription_id: SubscriptionId,
    name: String,
    quantity: i64,
}

async fn with_addons(
    pool: &Pool,
    rows: Vec<Row>,
    viewer_partner_id: Option<&OrgId>,
) -> Result<Vec<Subscription>, AppError> {
    let mut subscriptions = Vec::with_capacity(rows.len());
    // One query for every add-on of the page (no N+1).
    let addons: Vec<AddonRow> = if rows.is_empty() {
        Vec::new()
    } else {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let placeholders = (1..=ids.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT a.subscription_id, o.name, a.quantity FROM subscription_addons a
             JOIN offers o ON o.id = a.offer_id
             WHERE a.subscription_id IN ({placeholders}) ORDER BY a.created_at, a.id"
        );
        let mut query = crate::db::query_as(&sql);
        for id in ids {
            query = query.bind(id);
        }
        query.fetch_all(pool).await?
    };
    for row in rows {
        subscriptions.push(Subscription {
            addons: addons
                .iter()
                .filter(|addon| addon.subscription_id.as_str() == row.id)
                .map(|addon| Addon {
                    name: addon.name.clone(),
                    quantity: addon.quantity,
                })
                .collect(),
            of_record: Some(&row.partner_id) == viewer_partner_id,
            id: row.id,
            service_id: row.service_id,
            service: row.service_name,
            offer_id: row.offer_id,
            offer: row.offer_name,
            partner: row.partner_name,
            seats: row.seats,
            state: row.state,
            version: row.version,
            since: row.created_at,
        });
    }
    Ok(subscriptions)
}

/// An offer of the catalog: its service, kind and current price.
struct CatalogOffer {
    service_id: ServiceId,
    name: String,
    addon: bool,
    unit_price_cents: i64,
}

#[derive(sqlx::FromRow)]
struct OfferRow {
    service_id: ServiceId,
    name: String,
    kind: OfferKind,
    unit_price_cents: i64,
}

async fn offer(conn: &mut Conn, offer_id: &str) -> Result<CatalogOffer, AppError> {
    let row: Option<OfferRow> = crate::db::query_as(
        "SELECT service_id, name, kind, unit_price_cents FROM offers WHERE id = $1",
    )
    .bind(offer_id)
    .fetch_optional(conn)
    .await?;
    let row = row.ok_or(Invalid::Malformed(Field::Offer))?;
    Ok(CatalogOffer {
        service_id: row.service_id,
        name: row.name,
        addon: row.kind == OfferKind::Addon,
        unit_price_cents: row.unit_price_cents,
    })
}

/// A billing period to open from today.
pub(super) struct NewPeriod<'a> {
    pub subscription_id: &'a SubscriptionId,
    pub addon_id: Option<&'a str>,
    pub partner_id: &'a OrgId,
    pub customer_id: &'a OrgId,
    pub offer_id: &'a str,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

/// Opens a billing period from today (by `clock`).
pub(super) async fn open_period(
    conn: &mut Conn,
    clock: &Clock,
    period: NewPeriod<'_>,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO billing_periods (subscription_id, addon_id, partner_id, customer_id,
            offer_id, quantity, unit_price_cents, starts_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(period.subscription_id)
    .bind(period.addon_id)
    .bind(period.partner_id)
    .bind(period.customer_id)
    .bind(period.offer_id)
    .bind(period.quantity)
    .bind(period.unit_price_cents)
    .bind(today(clock))
    .execute(conn)
    .await?;
    Ok(())
}

/// Closes the open billing period of the subscription itself (`addons`
/// false) or of it and all its add-ons (`addons` true), from today (by
/// `clock`).
async fn close_periods(
    conn: &mut Conn,
    clock: &Clock,
    subscription_id: &SubscriptionId,
    addons: bool,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "UPDATE billing_periods SET ends_on = $1
         WHERE subscription_id = $2 AND ends_on IS NULL AND ($3 OR addon_id IS NULL)",
    )
    .bind(today(clock))
    .bind(subscription_id)
    .bind(addons)
    .execute(conn)
    .await?;
    Ok(())
}

/// The partner that transacts a service for a customer.
#[derive(sqlx::FromRow)]
struct HolderRow {
    partner_id: OrgId,
    partner_name: String,
}

/// R5, R7: provisions `seats` of the base offer `offer_id` of `service_id`
/// for the customer, making the partner the service's transacting reseller
/// (partner of record) if nobody is, all in one transaction with its audit
/// event. Returns the new subscription's id.
#[allow(clippy::too_many_arguments)]
pub async fn provision(
    pool: &Pool,
    actor: &Actor<'_>,
    relationship: &RelationshipRef,
    service_id: &ServiceId,
    offer_id: &str,
    seats: Seats,
) -> Result<String, AppError> {
    crate::db::write(pool, async |tx| {
        let offer = offer(tx, offer_id).await?;
        if offer.service_id != *service_id || offer.addon {
            return Err(Invalid::Malformed(Field::Offer).into());
        }
        let privileges =
            crate::relationships::grant_state(tx, &actor.clock, &relationship.id, service_id)
                .await?;
        let holder: Option<HolderRow> = crate::db::query_as(
            "SELECT t.partner_id, p.name AS partner_name FROM service_transactors t
             JOIN organizations p ON p.id = t.partner_id
             WHERE t.customer_id = $1 AND t.service_id = $2",
        )
        .bind(&relationship.customer_id)
        .bind(service_id)
        .fetch_optional(&mut *tx)
        .await?;
        may_provision(
            actor,
            privileges,
            holder
                .as_ref()
                .map(|holder| (&holder.partner_id, holder.partner_name.as_str())),
        )?;
        crate::relationships::mark_service_used(tx, &actor.clock, &relationship.id, service_id)
            .await?;
        let partner_id = &actor.organization.id;
        let now = actor.now();
        if holder.is_none() {
            // The primary key stops a second reseller even if this check raced.
            crate::db::query(
                "INSERT INTO service_transactors (customer_id, service_id, partner_id, since)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&relationship.customer_id)
            .bind(service_id)
            .bind(partner_id)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        let id = SubscriptionId::new(crate::db::new_id());
        crate::db::query(
            "INSERT INTO subscriptions (id, customer_id, service_id, partner_id, offer_id, seats,
                state, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'active', $7)",
        )
        .bind(&id)
        .bind(&relationship.customer_id)
        .bind(service_id)
        .bind(partner_id)
        .bind(offer_id)
        .bind(i64::from(seats.get()))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        open_period(
            tx,
            &actor.clock,
            NewPeriod {
                subscription_id: &id,
                addon_id: None,
                partner_id,
                customer_id: &relationship.customer_id,
                offer_id,
                quantity: seats.get().into(),
                unit_price_cents: offer.unit_price_cents,
            },
        )
        .await?;
        record(
            tx,
            actor,
            relationship,
            Action::SubscriptionCreated,
            format!("{} × {}", offer.name, seats.get()),
        )
        .await?;
        Ok(id.into_string())
    })
    .await
}

/// Who changes which subscription, as the form loaded it, and from where.
pub struct Change {
    pub actor: CurrentUser,
    pub relationship: RelationshipRef,
    pub subscription_id: SubscriptionId,
    /// The version the form was loaded with.
    pub version: i64,
    /// The client's address, as the audit log records it.
    pub address: String,
    /// The request's clock: the change happens at its now.
    pub clock: Clock,
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    service_id: ServiceId,
    partner_id: OrgId,
    partner_name: String,
    offer_id: String,
    offer_name: String,
    seats: i64,
    state: SubscriptionState,
    version: i64,
}

/// A subscription as a change sees it, read under the write lock.
struct Current {
    service_id: ServiceId,
    offer_id: String,
    offer_name: String,
    seats: i64,
    suspended: bool,
}

impl Change {
    /// Reads the subscription of this customer under the write lock the
    /// caller holds, and checks R11 and the version the form was loaded with. `active`: the
    /// change needs an active (not suspended) subscription.
    async fn read(&self, tx: &mut Conn, active: bool) -> Result<Current, AppError> {
        let row: Option<ChangeRow> = crate::db::query_as(
            "SELECT sub.service_id, sub.partner_id, p.name AS partner_name, sub.offer_id,
                    o.name AS offer_name, sub.seats, sub.state, sub.version
             FROM subscriptions sub
             JOIN organizations p ON p.id = sub.partner_id
             JOIN offers o ON o.id = sub.offer_id
             WHERE sub.id = $1 AND sub.customer_id = $2",
        )
        .bind(&self.subscription_id)
        .bind(&self.relationship.customer_id)
        .fetch_optional(&mut *tx)
        .await?;
        let row = row.ok_or(AppError::NotFound)?;
        let privileges = crate::relationships::grant_state(
            tx,
            &self.clock,
            &self.relationship.id,
            &row.service_id,
        )
        .await?;
        may_change(
            &self.actor,
            privileges,
            (&row.partner_id, &row.partner_name),
        )?;
        if row.version != self.version {
            return Err(Refusal::ChangedElsewhere.into());
        }
        let suspended = row.state == SubscriptionState::Suspended;
        if active && suspended {
            return Err(Refusal::Suspended.into());
        }
        let current = Current {
            suspended,
            service_id: row.service_id,
            offer_id: row.offer_id,
            offer_name: row.offer_name,
            seats: row.seats,
        };
        Ok(current)
    }

    /// Opens a billing period of this subscription (or of one of its add-ons).
    async fn open(
        &self,
        tx: &mut Conn,
        addon_id: Option<&str>,
        offer_id: &str,
        quantity: i64,
        unit_price_cents: i64,
    ) -> Result<(), sqlx::Error> {
        open_period(
            tx,
            &self.clock,
            NewPeriod {
                subscription_id: &self.subscription_id,
                addon_id,
                partner_id: &self.actor.organization.id,
                customer_id: &self.relationship.customer_id,
                offer_id,
                quantity,
                unit_price_cents,
            },
        )
        .await
    }

    /// Bumps the version, records the audit event, and marks the service's
    /// privileges used (only a change that happens marks them: asking for
    /// the state a subscription already has does not).
    async fn finish(
        &self,
        tx: &mut Conn,
        service_id: &ServiceId,
        action: Action,
        details: String,
    ) -> Result<(), AppError> {
        crate::relationships::mark_service_used(tx, &self.clock, &self.relationship.id, service_id)
            .await?;
        crate::db::query("UPDATE subscriptions SET version = version + 1 WHERE id = $1")
            .bind(&self.subscription_id)
            .execute(&mut *tx)
            .await?;
        record(
            tx,
            &Actor::with_clock(&self.actor, &self.address, self.clock.clone()),
            &self.relationship,
            action,
            details,
        )
        .await?;
        Ok(())
    }
}

/// The audit event of a subscription's change, and its notice to the
/// customer's administrators and the partner's webhooks (R15).
async fn record(
    conn: &mut Conn,
    actor: &Actor<'_>,
    relationship: &RelationshipRef,
    action: Action,
    details: String,
) -> Result<(), sqlx::Error> {
    let event = match action {
        Action::SubscriptionCreated => crate::notify::Event::SubscriptionCreated,
        _ => crate::notify::Event::SubscriptionChanged,
    };
    crate::notify::publish(
        conn,
        &actor.clock,
        crate::notify::Notice {
            event,
            partner_id: &actor.organization.id,
            customer_id: &relationship.customer_id,
            by: Some(actor),
            roles: Vec::new(),
            ends_ms: None,
            subject: Some(details.clone()),
            detail: crate::notify::Detail::Subscription(action),
        },
    )
    .await?;
    crate::audit_log::record(
        conn,
        NewEvent {
            action,
            actor,
            partner_id: Some(&actor.organization.id),
            customer_id: Some(&relationship.customer_id),
            details,
        },
    )
    .await
}

/// R11: the partner of record sets the number of seats; billing changes from today.
pub async fn change_seats(pool: &Pool, change: &Change, seats: Seats) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let current = change.read(tx, true).await?;
        crate::db::query("UPDATE subscriptions SET seats = $1 WHERE id = $2")
            .bind(i64::from(seats.get()))
            .bind(&change.subscription_id)
            .execute(&mut *tx)
            .await?;
        close_periods(tx, &change.clock, &change.subscription_id, false).await?;
        let price = offer(tx, &current.offer_id).await?.unit_price_cents;
        change
            .open(tx, None, &current.offer_id, seats.get().into(), price)
            .await?;
        let details = format!(
            "{}: {} → {}",
            current.offer_name,
            current.seats,
            seats.get()
        );
        change
            .finish(tx, &current.service_id, Action::SeatsChanged, details)
            .await
    })
    .await
}

/// R11: the partner of record orders `quantity` of an add-on of the
/// subscription's service.
pub async fn order_addon(
    pool: &Pool,
    change: &Change,
    addon_offer_id: &str,
    quantity: Seats,
) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let current = change.read(tx, true).await?;
        let addon = offer(tx, addon_offer_id).await?;
        if !addon.addon || addon.service_id != current.service_id {
            return Err(Invalid::Malformed(Field::Addon).into());
        }
        let id = crate::db::new_id();
        crate::db::query(
            "INSERT INTO subscription_addons (id, subscription_id, offer_id, quantity, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(&change.subscription_id)
        .bind(addon_offer_id)
        .bind(i64::from(quantity.get()))
        .bind(change.clock.now())
        .execute(&mut *tx)
        .await?;
        change
            .open(
                tx,
                Some(&id),
                addon_offer_id,
                quantity.get().into(),
                addon.unit_price_cents,
            )
            .await?;
        let details = format!(
            "{} × {} ({})",
            addon.name,
            quantity.get(),
            current.offer_name
        );
        change
            .finish(tx, &current.service_id, Action::AddonOrdered, details)
            .await
    })
    .await
}

/// R11: the partner of record moves the subscription to another base offer
/// of the same service; billing changes from today.
pub async fn migrate(pool: &Pool, change: &Change, offer_id: &str) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let current = change.read(tx, true).await?;
        let target = offer(tx, offer_id).await?;
        if target.addon || target.service_id != current.service_id {
            return Err(Invalid::Malformed(Field::Offer).into());
        }
        if offer_id == current.offer_id {
            return Err(Refusal::SameOffer.into());
        }
        crate::db::query("UPDATE subscriptions SET offer_id = $1 WHERE id = $2")
            .bind(offer_id)
            .bind(&change.subscription_id)
            .execute(&mut *tx)
            .await?;
        close_periods(tx, &change.clock, &change.subscription_id, false).await?;
        change
            .open(tx, None, offer_id, current.seats, target.unit_price_cents)
            .await?;
        let details = format!("{} → {}", current.offer_name, target.name);
        change
            .finish(
                tx,
                &current.service_id,
                Action::SubscriptionMigrated,
                details,
            )
            .await
    })
    .await
}

/// An add-on of a subscription with its offer's current price.
#[derive(sqlx::FromRow)]
struct AddonPriceRow {
    id: String,
    offer_id: String,
    quantity: i64,
    unit_price_cents: i64,
}

/// R11: the partner of record suspends (billing stops today) or reactivates
/// (billing resumes today, with the add-ons) the subscription. Asking for the
/// state it already has changes nothing.
pub async fn set_suspended(pool: &Pool, change: &Change, suspend: bool) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let current = change.read(tx, false).await?;
        if current.suspended == suspend {
            return Ok(());
        }
        crate::db::query("UPDATE subscriptions SET state = $1 WHERE id = $2")
            .bind(if suspend {
                SubscriptionState::Suspended
            } else {
                SubscriptionState::Active
            })
            .bind(&change.subscription_id)
            .execute(&mut *tx)
            .await?;
        let action = if suspend {
            close_periods(tx, &change.clock, &change.subscription_id, true).await?;
            Action::SubscriptionSuspended
        } else {
            let price = offer(tx, &current.offer_id).await?.unit_price_cents;
            change
                .open(tx, None, &current.offer_id, current.seats, price)
                .await?;
            let addons: Vec<AddonPriceRow> = crate::db::query_as(
                "SELECT a.id, a.offer_id, a.quantity, o.unit_price_cents
                 FROM subscription_addons a JOIN offers o ON o.id = a.offer_id
                 WHERE a.subscription_id = $1",
            )
            .bind(&change.subscription_id)
            .fetch_all(&mut *tx)
            .await?;
            for addon in addons {
                change
                    .open(
                        tx,
                        Some(&addon.id),
                        &addon.offer_id,
                        addon.quantity,
                        addon.unit_price_cents,
                    )
                    .await?;
            }
            Action::SubscriptionReactivated
        };
        change
            .finish(tx, &current.service_id, action, current.offer_name)
            .await
    })
    .await
}

#[derive(sqlx::FromRow)]
struct PriceRow {
    name: String,
    unit_price_cents: i64,
}

/// Sets an offer's monthly unit price, with its audit event. Returns the
/// offer's name; `NotFound` for an unknown offer.
pub async fn set_price(
    pool: &Pool,
    operator: &Actor<'_>,
    offer_id: &str,
    unit_price_cents: i64,
) -> Result<String, AppError> {
    crate::db::write(pool, async |tx| {
        let before: Option<PriceRow> =
            crate::db::query_as("SELECT name, unit_price_cents FROM offers WHERE id = $1")
                .bind(offer_id)
                .fetch_optional(&mut *tx)
                .await?;
        let PriceRow {
            name,
            unit_price_cents: before,
        } = before.ok_or(AppError::NotFound)?;
        crate::db::query("UPDATE offers SET unit_price_cents = $1 WHERE id = $2")
            .bind(unit_price_cents)
            .bind(offer_id)
            .execute(&mut *tx)
            .await?;
        crate::audit_log::record(
            tx,
            NewEvent {
                action: Action::OfferPriceChanged,
                actor: operator,
                partner_id: None,
                customer_id: None,
                details: format!(
                    "{name}: {} → {} USD",
                    kernel::money::format_cents(before),
                    kernel::money::format_cents(unit_price_cents)
                ),
            },
        )
        .await?;
        Ok(name)
    })
    .await
}
