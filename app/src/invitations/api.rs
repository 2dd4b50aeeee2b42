//! The server functions of the partner's invitation link: load it, rotate it.
#[cfg(feature = "ssr")]
use super::InvitationState;
use super::{CustomerInvitation, InvitationPage};
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

#[server(endpoint = "load_invitation")]
pub async fn load_invitation() -> Result<InvitationPage, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    domain::may_view_link(&user)?;
    let (with_dap, without_dap) =
        store::active_codes(&pool, &Clock::current(), &user.organization.id).await?;
    let base = crate::request::public_url().await;
    let ask = {
        let mut conn = pool.acquire().await?;
        store::ask_of(&mut conn, &user.organization.id).await?
    };
    let paragraphs = store::email_paragraphs(&pool, &user.organization.id).await?;
    Ok(InvitationPage {
        paragraphs,
        ask,
        may_change_ask: domain::may_change_ask(&user).is_ok(),
        partner_name: user.organization.name.clone(),
        advisor: user.organization.kind == crate::auth::OrgKind::PartnerAdvisor,
        link_with_dap: format!("{base}{}", domain::invitation_path(&with_dap)),
        link_without_dap: format!("{base}{}", domain::invitation_path(&without_dap)),
        may_rotate: domain::may_rotate_link(&user).is_ok(),
    })
}

#[server(endpoint = "rotate_invitation_link")]
pub async fn rotate_invitation_link() -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_rotate_link(&user)?;
    store::rotate(&pool, &Actor::new(&user, &client)).await
}

/// R2: keeps the email's two paragraphs, as edited (either may be empty),
/// for the partner: the page starts from them from now on, for every agent
/// who sends the link.
#[server(endpoint = "save_invitation_email")]
pub async fn save_invitation_email(
    first_paragraph: String,
    second_paragraph: String,
) -> Result<(), AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    domain::may_view_link(&user)?;
    let first = domain::Paragraph::parse(1, &first_paragraph)?;
    let second = domain::Paragraph::parse(2, &second_paragraph)?;
    store::save_email_paragraphs(
        &pool,
        &Clock::current(),
        &user.organization.id,
        &first,
        &second,
    )
    .await?;
    crate::request::after_form_post(
        "/partner/customers/request-relationship?saved=email#email-heading",
    );
    Ok(())
}

/// R13: stores what the partner's links ask for: `roles` (as the catalog
/// writes them; none ticked is refused), `duration_days` (1 to 730) and
/// `auto_extend` (refused with Global Administrator). The links stay the same.
#[server(endpoint = "save_request")]
pub async fn save_request(
    roles: Option<Vec<String>>,
    duration_days: String,
    auto_extend: Option<String>,
) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_change_ask(&user)?;
    let ask = domain::parse_ask(
        &roles.unwrap_or_default(),
        &duration_days,
        auto_extend.is_some_and(|on| !on.is_empty()),
    )?;
    store::save_ask(&pool, &Actor::new(&user, &client), &ask).await?;
    crate::request::after_form_post(
        "/partner/customers/request-relationship?saved=ask#roles-heading",
    );
    Ok(())
}

/// R14: a link that only an administrator of the organization owning
/// `domain` can accept, once, within 90 days.
#[server(endpoint = "create_customer_invitation")]
pub async fn create_customer_invitation(domain: String) -> Result<CustomerInvitation, AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_change_ask(&user)?;
    let domain = customer_domain(&domain)?;
    let actor = Actor::new(&user, &client);
    let code = store::invite_customer(&pool, &actor, &domain).await?;
    let base = crate::request::public_url().await;
    let mut invitations =
        store::customer_invitations(&pool, &user.organization.id, actor.now_ms()).await?;
    let (_, mut invitation) = invitations
        .drain(..)
        .find(|(found, _)| *found == code)
        .ok_or_else(|| AppError::internal("the new invitation is missing"))?;
    invitation.link = format!("{base}{}", domain::invitation_path(&code));
    crate::request::after_form_post(&format!(
        "/partner/customers/request-relationship?invited={}#invite-heading",
        invitation.id
    ));
    Ok(invitation)
}

/// The domain a one-customer invitation is for, as typed.
#[cfg(feature = "ssr")]
pub fn customer_domain(domain: &str) -> Result<String, kernel::error::Invalid> {
    crate::accounts::parse_domain(domain).map_err(|invalid| {
        use kernel::error::Invalid;
        use kernel::input::Field::CustomerDomain;
        match invalid {
            Invalid::Missing(_) => Invalid::Missing(CustomerDomain),
            Invalid::TooLong { max, .. } => Invalid::TooLong {
                field: CustomerDomain,
                max,
            },
            _ => Invalid::Malformed(CustomerDomain),
        }
    })
}

/// The partner's one-customer invitations, newest first; the link of each
/// one still pending.
#[server(endpoint = "customer_invitations")]
pub async fn customer_invitations() -> Result<Vec<CustomerInvitation>, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    domain::may_view_link(&user)?;
    let base = crate::request::public_url().await;
    Ok(
        store::customer_invitations(&pool, &user.organization.id, Clock::current().now_ms())
            .await?
            .into_iter()
            .map(|(code, mut invitation)| {
                if invitation.state == InvitationState::Pending {
                    invitation.link = format!("{base}{}", domain::invitation_path(&code));
                }
                invitation
            })
            .collect(),
    )
}

/// R14: ends a pending one-customer invitation at once.
#[server(endpoint = "cancel_customer_invitation")]
pub async fn cancel_customer_invitation(id: String) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_change_ask(&user)?;
    store::cancel_invitation(&pool, &Actor::new(&user, &client), &id).await?;
    crate::request::after_form_post(
        "/partner/customers/request-relationship?cancelled=yes#invite-heading",
    );
    Ok(())
}
