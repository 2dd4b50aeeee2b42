//! The server functions of subscriptions: list, provision, change seats,
//! add-ons, migrate, suspend; the catalog and its prices.
use super::{CatalogService, Subscription, SubscriptionsView};
#[cfg(feature = "ssr")]
use super::{domain, store, transfers};
#[cfg(feature = "ssr")]
use crate::audit_log::Actor;
#[cfg(feature = "ssr")]
use crate::db::Clock;
#[cfg(feature = "ssr")]
use crate::relationships::Done;
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
#[cfg(feature = "ssr")]
use kernel::id::{ServiceId, SubscriptionId};
use leptos::prelude::*;

#[server(endpoint = "customer_subscriptions")]
pub async fn customer_subscriptions(customer: String) -> Result<SubscriptionsView, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    let relationship = crate::relationships::require_relationship(&pool, &user, &customer).await?;
    let clock = Clock::current();
    Ok(SubscriptionsView {
        catalog: store::catalog(&pool).await?,
        subscriptions: store::visible_to(&pool, &clock, &user.organization.id, &relationship)
            .await?,
        blocked: domain::may_transact(&user).err(),
        incoming: transfers::store::incoming(
            &pool,
            &user.organization.id,
            &relationship.customer_id,
        )
        .await?,
        provisionable: crate::relationships::grants_of(&pool, &clock, &relationship.id)
            .await?
            .into_iter()
            .filter(|grant| grant.state == crate::relationships::GrantState::Active)
            .map(|grant| grant.service_id)
            .collect(),
    })
}

/// Sends a form the browser posted itself back to the customer page, which
/// says `done` of the subscription `subscription` (and of the add-on
/// `addon`), by the names its list shows.
#[cfg(feature = "ssr")]
fn answer_about(
    done: Done,
    customer: &kernel::id::CustomerSlug,
    subscription: &str,
    addon: Option<&str>,
) {
    let address = done.address(customer.as_str());
    let (path, anchor) = address.split_once('#').unwrap_or((address.as_str(), ""));
    let mut about = format!(
        "&subscription={}",
        crate::ui::encode_query_value(subscription)
    );
    if let Some(addon) = addon {
        about.push_str(&format!("&addon={}", crate::ui::encode_query_value(addon)));
    }
    crate::request::after_form_post(&format!("{path}{about}#{anchor}"));
}

/// The customer administrator's view: every subscription of the
/// organization and the partner of record that bills it.
#[server(endpoint = "own_subscriptions")]
pub async fn own_subscriptions() -> Result<Vec<Subscription>, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    crate::relationships::may_manage_partners(&user)?;
    store::of_customer(&pool, &user.organization.id).await
}

/// R5, R7: provisions a subscription of `offer` (a base offer of `service`).
#[server(endpoint = "create_subscription")]
pub async fn create_subscription(
    customer: String,
    service: String,
    offer: String,
    seats: String,
) -> Result<String, AppError> {
    use kernel::input::Field;
    let Context { user, pool, client } = Context::signed_in().await?;
    let relationship = crate::relationships::require_relationship(&pool, &user, &customer).await?;
    domain::may_transact(&user)?;
    let seats = domain::Seats::parse(Field::Seats, &seats)?;
    let id = store::provision(
        &pool,
        &Actor::new(&user, &client),
        &relationship,
        &ServiceId::new(service),
        &offer,
        seats,
    )
    .await?;
    answer_about(
        Done::SubscriptionCreated,
        &relationship.customer_slug,
        &id,
        None,
    );
    Ok(id)
}

/// Who changes which subscription of `customer`, on the version the form
/// was loaded with: the checks every change starts with.
#[cfg(feature = "ssr")]
pub(super) async fn prepare_change(
    customer: &str,
    subscription: String,
    version: &str,
) -> Result<(crate::db::Pool, store::Change), AppError> {
    let Context {
        user: actor,
        pool,
        client,
    } = Context::signed_in().await?;
    let relationship = crate::relationships::require_relationship(&pool, &actor, customer).await?;
    domain::may_transact(&actor)?;
    let change = store::Change {
        version: domain::parse_version(version)?,
        address: client,
        actor,
        relationship,
        subscription_id: SubscriptionId::new(subscription),
        clock: Clock::current(),
    };
    Ok((pool, change))
}

/// R11: the partner of record changes the number of seats.
#[server(endpoint = "change_seats")]
pub async fn change_seats(
    customer: String,
    subscription: String,
    version: String,
    seats: String,
) -> Result<(), AppError> {
    use kernel::input::Field;
    let (pool, change) = prepare_change(&customer, subscription, &version).await?;
    let seats = domain::Seats::parse(Field::Seats, &seats)?;
    store::change_seats(&pool, &change, seats).await?;
    answer_about(
        Done::SeatsChanged,
        &change.relationship.customer_slug,
        change.subscription_id.as_str(),
        None,
    );
    Ok(())
}

/// R11: the partner of record orders an add-on; returns the add-on
/// ordered (its offer id), which the page names.
#[server(endpoint = "order_addon")]
pub async fn order_addon(
    customer: String,
    subscription: String,
    version: String,
    addon: String,
    quantity: String,
) -> Result<String, AppError> {
    use kernel::input::Field;
    let (pool, change) = prepare_change(&customer, subscription, &version).await?;
    let quantity = domain::Seats::parse(Field::Quantity, &quantity)?;
    store::order_addon(&pool, &change, &addon, quantity).await?;
    answer_about(
        Done::AddonOrdered,
        &change.relationship.customer_slug,
        change.subscription_id.as_str(),
        Some(&addon),
    );
    Ok(addon)
}

/// R11: the partner of record migrates the subscription to another offer.
#[server(endpoint = "migrate_subscription")]
pub async fn migrate_subscription(
    customer: String,
    subscription: String,
    version: String,
    offer: String,
) -> Result<(), AppError> {
    let (pool, change) = prepare_change(&customer, subscription, &version).await?;
    store::migrate(&pool, &change, &offer).await?;
    answer_about(
        Done::Migrated,
        &change.relationship.customer_slug,
        change.subscription_id.as_str(),
        None,
    );
    Ok(())
}

/// R11: the partner of record suspends or reactivates the subscription.
#[server(endpoint = "set_subscription_state")]
pub async fn set_subscription_state(
    customer: String,
    subscription: String,
    version: String,
    suspend: bool,
) -> Result<(), AppError> {
    let (pool, change) = prepare_change(&customer, subscription, &version).await?;
    store::set_suspended(&pool, &change, suspend).await?;
    answer_about(
        Done::StateChanged,
        &change.relationship.customer_slug,
        change.subscription_id.as_str(),
        None,
    );
    Ok(())
}

#[server(endpoint = "operator_catalog")]
pub async fn operator_catalog() -> Result<Vec<CatalogService>, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    super::domain::may_edit_catalog(&user)?;
    super::store::catalog(&pool).await
}

/// Sets the monthly unit price of `offer` (`36.00`); returns the offer's name.
/// The catalog page's form is a plain post: it goes back to the catalog,
/// which then says which price was saved.
#[server(endpoint = "set_offer_price")]
pub async fn set_offer_price(offer: String, price: String) -> Result<String, AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    super::domain::may_edit_catalog(&user)?;
    let cents = super::domain::parse_price(&price)?;
    let name = super::store::set_price(&pool, &Actor::new(&user, &client), &offer, cents).await?;
    crate::request::after_form_post(&format!(
        "/operator/catalog?saved={}",
        crate::ui::encode_query_value(&offer)
    ));
    Ok(name)
}
