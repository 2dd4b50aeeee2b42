//! The server functions of the partner's invitation link: load it, rotate it.
use super::InvitationPage;
#[cfg(feature = "ssr")]
use super::{domain, store};
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "load_invitation")]
pub async fn load_invitation() -> Result<InvitationPage, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    domain::may_view_link(&user)?;
    let (with_dap, without_dap) = store::active_codes(&pool, &user.organization.id).await?;
    let base = crate::request::public_url().await;
    Ok(InvitationPage {
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
    store::rotate(&pool, &user, &client).await
}
