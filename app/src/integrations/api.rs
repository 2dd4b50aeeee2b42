//! The server functions of `/partner/integrations` (admin agents).
use super::{Integrations, NewEndpoint, NewToken};
#[cfg(feature = "ssr")]
use super::{domain, store};
#[cfg(feature = "ssr")]
use crate::audit_log::Actor;
#[cfg(feature = "ssr")]
use crate::db::Clock;
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

/// How many deliveries the page lists.
#[cfg(feature = "ssr")]
const DELIVERIES_SHOWN: i64 = 50;

#[server(endpoint = "load_integrations")]
pub async fn load_integrations() -> Result<Integrations, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    domain::may_manage(&user)?;
    let partner = &user.organization.id;
    Ok(Integrations {
        tokens: store::tokens(&pool, &Clock::current(), partner).await?,
        endpoints: store::endpoints(&pool, partner).await?,
        deliveries: store::deliveries(&pool, partner, DELIVERIES_SHOWN).await?,
    })
}

/// R16: a token for the REST API, shown once; `expires_in_days` empty for
/// one that works until revoked.
#[server(endpoint = "create_token")]
pub async fn create_token(
    name: String,
    expires_in_days: Option<String>,
) -> Result<NewToken, AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_manage(&user)?;
    let name = domain::token_name(&name)?;
    let days = domain::expiry_days(expires_in_days.as_deref())?;
    let token = store::create_token(&pool, &Actor::new(&user, &client), &name, days).await?;
    crate::request::after_form_post("/partner/integrations#tokens-heading");
    Ok(token)
}

#[server(endpoint = "revoke_token")]
pub async fn revoke_token(id: String) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_manage(&user)?;
    store::revoke_token(&pool, &Actor::new(&user, &client), &id).await?;
    crate::request::after_form_post("/partner/integrations#tokens-heading");
    Ok(())
}

/// R15: an endpoint every event of the partner's relationships is posted
/// to, signed with the secret shown once. Loopback, private and link-local
/// addresses are refused unless the server allows them (tests).
#[server(endpoint = "add_endpoint")]
pub async fn add_endpoint(url: String) -> Result<NewEndpoint, AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_manage(&user)?;
    let url = checked_url(&url).await?;
    let endpoint = store::add_endpoint(&pool, &Actor::new(&user, &client), &url).await?;
    crate::request::after_form_post("/partner/integrations#webhooks-heading");
    Ok(endpoint)
}

/// The address of a new endpoint, checked against server-side request
/// forgery, as it will be stored.
#[cfg(feature = "ssr")]
pub async fn checked_url(url: &str) -> Result<String, AppError> {
    let allow = use_context::<crate::notify::AllowPrivate>().unwrap_or_default();
    checked_url_with(url, allow).await
}

/// [`checked_url`], with private addresses allowed or not.
#[cfg(feature = "ssr")]
pub async fn checked_url_with(
    url: &str,
    allow: crate::notify::AllowPrivate,
) -> Result<String, AppError> {
    use kernel::error::Invalid;
    use kernel::input::Field;
    let url = url.trim();
    if url.is_empty() {
        return Err(Invalid::Missing(Field::EndpointUrl).into());
    }
    Ok(crate::notify::check_new_url(url, allow).await?)
}

#[server(endpoint = "remove_endpoint")]
pub async fn remove_endpoint(id: String) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_manage(&user)?;
    store::remove_endpoint(&pool, &Actor::new(&user, &client), &id).await?;
    crate::request::after_form_post("/partner/integrations#webhooks-heading");
    Ok(())
}

/// Posts a delivery's event again (same `webhook-id`).
#[server(endpoint = "redeliver")]
pub async fn redeliver(id: String) -> Result<(), AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    domain::may_manage(&user)?;
    store::redeliver(&pool, &Clock::current(), &user, &id).await?;
    crate::request::after_form_post("/partner/integrations?redelivered=yes#deliveries-heading");
    Ok(())
}
