//! The server functions of the consent page: load it, accept the invitation.
use super::{AcceptOutcome, ConsentPage};
#[cfg(feature = "ssr")]
use super::{Refusal, Viewer, may_accept, store};
#[cfg(feature = "ssr")]
use crate::request::{Context, Visitor};
use kernel::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "load_consent")]
pub async fn load_consent(code: String) -> Result<ConsentPage, AppError> {
    let Visitor { user, pool, .. } = Visitor::get().await?;
    let code = crate::invitations::InvitationCode::parse(&code).ok_or(AppError::NotFound)?;
    let link = store::active_link(&pool, code.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    let (partner, partner_cloud) = store::partner_card(&pool, &link.partner_id).await?;
    let viewer = match user {
        None => Viewer::SignedOut,
        Some(user) => match accepting(&pool, &user, &partner_cloud).await? {
            Ok(()) => Viewer::Admin {
                existing: crate::relationships::dap_state(
                    &pool,
                    &link.partner_id,
                    &user.organization.id,
                )
                .await?,
                organization: user.organization.name,
            },
            Err(refusal) => Viewer::Refused(refusal),
        },
    };
    Ok(ConsentPage {
        partner,
        include_dap: link.include_dap,
        services: store::service_names(&pool).await?,
        viewer,
    })
}

#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(
    code: String,
    authorize: Option<String>,
) -> Result<AcceptOutcome, AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    let code = crate::invitations::InvitationCode::parse(&code).ok_or(Refusal::LinkNotValid)?;
    let link = store::active_link(&pool, code.as_str())
        .await?
        .ok_or(Refusal::LinkNotValid)?;
    let (_, partner_cloud) = store::partner_card(&pool, &link.partner_id).await?;
    accepting(&pool, &user, &partner_cloud).await??;
    if authorize.as_deref().is_none_or(str::is_empty) {
        return Err(kernel::error::Invalid::AuthorizationNotGiven.into());
    }
    let outcome = store::accept(&pool, code.as_str(), &user, &client).await?;
    // A form the browser posted itself comes back to the page, which says so.
    crate::request::after_form_post(&format!(
        "{}?accepted={}",
        crate::invitations::invitation_path(code.as_str()),
        outcome.as_str()
    ));
    Ok(outcome)
}

/// Whether `user` may accept (the rule), and has verified their address
/// if they signed up themselves.
#[cfg(feature = "ssr")]
async fn accepting(
    pool: &crate::db::Pool,
    user: &crate::auth::CurrentUser,
    partner_cloud: &str,
) -> Result<Result<(), Refusal>, AppError> {
    if let Err(refusal) = may_accept(user, partner_cloud) {
        return Ok(Err(refusal));
    }
    if crate::accounts::email_unverified(pool, &user.id).await? {
        return Ok(Err(Refusal::EmailNotVerified));
    }
    Ok(Ok(()))
}
