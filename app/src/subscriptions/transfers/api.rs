//! The server functions of transfers: the customer's list, ask, cancel; the partner's answer.
use super::TransfersView;
#[cfg(feature = "ssr")]
use super::store;
#[cfg(feature = "ssr")]
use crate::audit_log::Actor;
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "customer_transfers")]
pub async fn customer_transfers() -> Result<TransfersView, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    crate::relationships::may_manage_partners(&user)?;
    Ok(TransfersView {
        holders: store::holders(&pool, &user.organization.id).await?,
        resellers: store::resellers(&pool, &user.organization.id).await?,
    })
}

/// The customer administrator asks `partner` (a slug) to become partner of
/// record for `service`.
#[server(endpoint = "request_transfer")]
pub async fn request_transfer(service: String, partner: String) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    crate::relationships::may_manage_partners(&user)?;
    store::request(
        &pool,
        &Actor::new(&user, &client),
        &service.as_str().into(),
        &partner,
    )
    .await
}

#[server(endpoint = "cancel_transfer")]
pub async fn cancel_transfer(transfer: String) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    crate::relationships::may_manage_partners(&user)?;
    store::cancel(&pool, &Actor::new(&user, &client), &transfer).await
}

/// The receiving partner accepts (`accept` true) or declines a transfer.
#[server(endpoint = "answer_transfer")]
pub async fn answer_transfer(
    customer: String,
    transfer: String,
    accept: bool,
) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    let relationship = crate::relationships::require_relationship(&pool, &user, &customer).await?;
    crate::subscriptions::domain::may_transact(&user)?;
    store::answer(
        &pool,
        &Actor::new(&user, &client),
        &relationship,
        &transfer,
        accept,
    )
    .await?;
    crate::relationships::Done::TransferAnswered.answer_form_post(&relationship.customer_slug);
    Ok(())
}
