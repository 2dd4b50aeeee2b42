//! The server functions of the consent page: load it, accept the invitation.
#[cfg(feature = "ssr")]
use super::AskedService;
use super::{AcceptOutcome, ConsentPage};
#[cfg(feature = "ssr")]
use super::{Refusal, Viewer, may_accept, store};
#[cfg(feature = "ssr")]
use crate::audit_log::Actor;
#[cfg(feature = "ssr")]
use crate::db::Clock;
#[cfg(feature = "ssr")]
use crate::request::{Context, Visitor};
use kernel::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "load_consent")]
pub async fn load_consent(code: String) -> Result<ConsentPage, AppError> {
    let Visitor { user, pool, .. } = Visitor::get().await?;
    let clock = Clock::current();
    let code = crate::invitations::InvitationCode::parse(&code).ok_or(AppError::NotFound)?;
    let link = store::active_link(&pool, code.as_str(), clock.now_ms())
        .await?
        .ok_or(AppError::NotFound)?;
    let (partner, partner_cloud) = store::partner_card(&pool, &link.partner_id).await?;
    let viewer = match user {
        None => Viewer::SignedOut,
        Some(user) => {
            match accepting(&pool, &user, &partner_cloud, link.for_domain.as_deref()).await? {
                Ok(()) => Viewer::Admin {
                    existing: crate::relationships::dap_state(
                        &pool,
                        &clock,
                        &link.partner_id,
                        &user.organization.id,
                    )
                    .await?,
                    held: held_roles(&pool, &clock, &link.partner_id, &user.organization.slug)
                        .await?,
                    organization: user.organization.name,
                },
                Err(refusal) => Viewer::Refused(refusal),
            }
        }
    };
    let (ask, ask_version) = {
        let mut conn = pool.acquire().await?;
        (
            crate::invitations::ask_of(&mut conn, &link.partner_id).await?,
            crate::invitations::ask_version(&mut conn, &link.partner_id).await?,
        )
    };
    let asked = if link.include_dap {
        store::services(&pool)
            .await?
            .into_iter()
            .map(|(id, service)| AskedService {
                service,
                roles: ask
                    .roles
                    .iter()
                    .copied()
                    .filter(|role| role.service() == id)
                    .collect(),
            })
            .filter(|service| !service.roles.is_empty())
            .collect()
    } else {
        Vec::new()
    };
    Ok(ConsentPage {
        partner,
        for_domain: link.for_domain.clone(),
        include_dap: link.include_dap,
        asked,
        until: crate::db::day_of(ask.ends_ms(clock.now_ms()) - 1),
        auto_extend: ask.auto_extend,
        ask_version,
        viewer,
    })
}

#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(
    code: String,
    authorize: Option<String>,
    /// The roles the administrator kept ticked (partial approval); none
    /// ticked grants none.
    roles: Option<Vec<String>>,
    /// The version of the ask the page showed (`ConsentPage::ask_version`).
    ask: Option<String>,
) -> Result<AcceptOutcome, AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    let actor = Actor::new(&user, &client);
    let code = crate::invitations::InvitationCode::parse(&code).ok_or(Refusal::LinkNotValid)?;
    let Some(link) = store::active_link(&pool, code.as_str(), actor.now_ms()).await? else {
        return Err(store::refusal_for_missing(&pool, code.as_str())
            .await?
            .into());
    };
    let (_, partner_cloud) = store::partner_card(&pool, &link.partner_id).await?;
    accepting(&pool, &user, &partner_cloud, link.for_domain.as_deref()).await??;
    if authorize.as_deref().is_none_or(str::is_empty) {
        return Err(kernel::error::Invalid::AuthorizationNotGiven.into());
    }
    let ticked = roles
        .unwrap_or_default()
        .iter()
        .map(|role| kernel::role::ServiceRole::parse(role).ok_or(Refusal::RoleNotAsked))
        .collect::<Result<Vec<_>, _>>()?;
    let outcome = store::accept(&pool, code.as_str(), &actor, &ticked, ask.as_deref()).await?;
    // A form the browser posted itself comes back to the page, which says so.
    crate::request::after_form_post(&format!(
        "{}?accepted={}",
        crate::invitations::invitation_path(code.as_str()),
        outcome.as_str()
    ));
    Ok(outcome)
}

/// R14: declines a one-customer invitation (its state and an audit
/// event); the reusable link has nothing to decline on the server.
#[server(endpoint = "decline_invitation")]
pub async fn decline_invitation(code: String) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    let code = crate::invitations::InvitationCode::parse(&code).ok_or(Refusal::LinkNotValid)?;
    // Who may accept may decline (the cloud does not matter to a no).
    may_accept(&user, &user.organization.cloud)?;
    store::decline(&pool, code.as_str(), &Actor::new(&user, &client)).await?;
    crate::request::after_form_post(&format!(
        "{}?declined=yes",
        crate::invitations::invitation_path(code.as_str())
    ));
    Ok(())
}

/// The roles of the partner in force at the customer `slug` now, in
/// catalog order (none without a relationship).
#[cfg(feature = "ssr")]
async fn held_roles(
    pool: &crate::db::Pool,
    clock: &Clock,
    partner_id: &kernel::id::OrgId,
    slug: &str,
) -> Result<Vec<crate::relationships::RoleGrant>, AppError> {
    let Some(relationship) =
        crate::relationships::relationship_with(pool, partner_id, slug).await?
    else {
        return Ok(Vec::new());
    };
    Ok(
        crate::relationships::grants_of(pool, clock, &relationship.id)
            .await?
            .into_iter()
            .flat_map(|service| service.roles)
            .filter(|role| role.state == crate::relationships::GrantState::Active)
            .collect(),
    )
}

/// Whether `user` may accept (the rule), has verified their address if
/// they signed up themselves, and, for a one-customer invitation, belongs
/// to the organization of its domain.
#[cfg(feature = "ssr")]
async fn accepting(
    pool: &crate::db::Pool,
    user: &crate::auth::CurrentUser,
    partner_cloud: &str,
    for_domain: Option<&str>,
) -> Result<Result<(), Refusal>, AppError> {
    if let Err(refusal) = may_accept(user, partner_cloud) {
        return Ok(Err(refusal));
    }
    if let Some(domain) = for_domain {
        let mut conn = pool.acquire().await?;
        if !store::is_for(&mut conn, user, domain).await? {
            return Ok(Err(Refusal::InvitationForAnotherDomain));
        }
    }
    if crate::accounts::email_unverified(pool, &user.id).await? {
        return Ok(Err(Refusal::EmailNotVerified));
    }
    Ok(Ok(()))
}
