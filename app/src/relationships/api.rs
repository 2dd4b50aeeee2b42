//! The server functions of the customer's partner relationships: list them, remove privileges.
use super::{PartnerRelationship, Removal};
#[cfg(feature = "ssr")]
use super::{may_manage_partners, store};
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "partner_relationships")]
pub async fn partner_relationships() -> Result<Vec<PartnerRelationship>, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    may_manage_partners(&user)?;
    store::partners_of(&pool, &user.organization.id).await
}

/// R8: removes the partner's delegated admin privileges for `service` (a
/// service id), or for every service when `service` is empty. The
/// relationship stays.
#[server(endpoint = "remove_dap")]
pub async fn remove_dap(partner: String, service: Option<String>) -> Result<Removal, AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    may_manage_partners(&user)?;
    let service = service.filter(|s| !s.is_empty() && s != "all");
    if let Some(service) = &service
        && !store::service_exists(&pool, &service.as_str().into()).await?
    {
        return Err(kernel::error::Invalid::Malformed(kernel::input::Field::Service).into());
    }
    let (partner_name, services) =
        store::remove(&pool, &user, &partner, service.as_deref(), &client).await?;
    let ids: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
    crate::request::after_form_post(&format!(
        "/admin/partner-relationships?removed={}&services={}#main",
        crate::ui::encode_query_value(&partner),
        crate::ui::encode_query_value(&ids.join(",")),
    ));
    Ok(Removal {
        partner_name,
        services: services.into_iter().map(|s| s.name).collect(),
    })
}
