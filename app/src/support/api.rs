//! The server functions of support requests: open, list, read, reply, close.
#[cfg(feature = "ssr")]
use super::{Severity, domain, store};
use super::{SupportSummary, SupportThread};
#[cfg(feature = "ssr")]
use crate::audit_log::Actor;
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "open_support_request")]
pub async fn open_support_request(
    customer: String,
    title: String,
    description: String,
    severity: String,
) -> Result<String, AppError> {
    use kernel::input::{Field, required_line, required_text};
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_open(&user)?;
    let relationship = crate::relationships::require_relationship(&pool, &user, &customer).await?;
    let title = required_line(Field::Title, &title, domain::TITLE_MAX)?;
    let description = required_text(Field::Description, &description, domain::TEXT_MAX)?;
    let severity =
        Severity::parse(&severity).ok_or(kernel::error::Invalid::Malformed(Field::Severity))?;
    let id = store::open(
        &pool,
        &Actor::new(&user, &client),
        store::NewRequest {
            customer_id: &relationship.customer_id,
            title: &title,
            description: &description,
            severity,
        },
    )
    .await?;
    crate::relationships::Done::SupportRequestOpened.answer_form_post(&relationship.customer_slug);
    Ok(id)
}

/// The requests one partner opened for one of its customers.
#[server(endpoint = "partner_support_requests")]
pub async fn partner_support_requests(customer: String) -> Result<Vec<SupportSummary>, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    let relationship = crate::relationships::require_relationship(&pool, &user, &customer).await?;
    store::list(
        &pool,
        store::Scope::PartnerCustomer {
            partner_id: &user.organization.id,
            customer_id: &relationship.customer_id,
        },
    )
    .await
}

/// The customer administrator's requests (`/admin/support-requests`) or, for
/// an operator, every request (`/operator/support-requests`).
#[server(endpoint = "support_requests")]
pub async fn support_requests(operator: bool) -> Result<Vec<SupportSummary>, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    let scope = match domain::may_list(&user, operator)? {
        domain::Lister::Operator => store::Scope::All,
        domain::Lister::CustomerAdmin => store::Scope::Customer(&user.organization.id),
    };
    store::list(&pool, scope).await
}

#[server(endpoint = "support_request")]
pub async fn support_request(id: String) -> Result<SupportThread, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    let (summary, parties, description) =
        store::find(&pool, &id).await?.ok_or(AppError::NotFound)?;
    if !domain::may_read(&user, &parties) {
        return Err(AppError::NotFound);
    }
    Ok(SupportThread {
        may_reply: domain::may_reply(&user, &parties, summary.open).is_ok(),
        may_close: domain::may_close(&user, &parties, summary.open).is_ok(),
        replies: store::replies(&pool, &id).await?,
        summary,
        description,
    })
}

#[server(endpoint = "reply_support_request")]
pub async fn reply_support_request(id: String, body: String) -> Result<(), AppError> {
    use kernel::input::{Field, required_text};
    let Context { user, pool, client } = Context::signed_in().await?;
    let body = required_text(Field::Reply, &body, domain::TEXT_MAX)?;
    store::reply(&pool, &Actor::new(&user, &client), &id, &body).await
}

#[server(endpoint = "close_support_request")]
pub async fn close_support_request(id: String) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;

    store::close(&pool, &Actor::new(&user, &client), &id).await
}
