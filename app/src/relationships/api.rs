//! The server functions of the customer's partner relationships: list them, remove privileges.
use super::{PartnerRelationship, Removal};
#[cfg(feature = "ssr")]
use super::{may_manage_partners, store};
#[cfg(feature = "ssr")]
use crate::audit_log::Actor;
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "partner_relationships")]
pub async fn partner_relationships() -> Result<Vec<PartnerRelationship>, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    may_manage_partners(&user)?;
    store::partners_of(&pool, &crate::db::Clock::current(), &user.organization.id).await
}

/// R8: removes the partner's delegated admin privileges for `service` (a
/// service id), or for every service when `service` is empty. The
/// relationship stays.
#[server(endpoint = "remove_dap")]
pub async fn remove_dap(partner: String, service: Option<String>) -> Result<Removal, AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    may_manage_partners(&user)?;
    let service = super::domain::service_to_remove(service);
    if let Some(service) = &service
        && !store::service_exists(&pool, &service.as_str().into()).await?
    {
        return Err(kernel::error::Invalid::Malformed(kernel::input::Field::Service).into());
    }
    let removing = match &service {
        Some(service) => store::Removing::Service(service),
        None => store::Removing::All,
    };
    let (partner_name, services) =
        store::remove(&pool, &Actor::new(&user, &client), &partner, removing).await?;
    let ids: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
    crate::request::after_form_post(&format!(
        "/admin/partner-relationships?removed={}&services={}#main",
        crate::ui::encode_query_value(&partner),
        crate::ui::encode_query_value(&ids.join(",")),
    ));
    Ok(Removal {
        partner_name,
        services: services.into_iter().map(|s| s.name).collect(),
        role: None,
    })
}

/// R13: removes one role (`role`, as the catalog writes it) of the
/// partner's; the others stay.
#[server(endpoint = "remove_role")]
pub async fn remove_role(partner: String, role: String) -> Result<Removal, AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    may_manage_partners(&user)?;
    let role = kernel::role::ServiceRole::parse(&role).ok_or(kernel::error::Invalid::Malformed(
        kernel::input::Field::Role,
    ))?;
    let (partner_name, services) = store::remove(
        &pool,
        &Actor::new(&user, &client),
        &partner,
        store::Removing::Role(role),
    )
    .await?;
    let removed = !services.is_empty();
    crate::request::after_form_post(&format!(
        "/admin/partner-relationships?removed={}&role={}#main",
        crate::ui::encode_query_value(&partner),
        if removed { role.as_sql() } else { "" },
    ));
    Ok(Removal {
        partner_name,
        services: services.into_iter().map(|s| s.name).collect(),
        role: removed.then_some(role),
    })
}

/// The partner's relationship with the customer `slug`: users of other kinds
/// of organization are not allowed, and a customer the partner has no
/// relationship with is "not found" (its existence is not the partner's business).
#[cfg(feature = "ssr")]
pub async fn require_relationship(
    pool: &crate::db::Pool,
    user: &crate::auth::CurrentUser,
    slug: &str,
) -> Result<store::RelationshipRef, AppError> {
    super::may_list_customers(user)?;
    store::relationship_with(pool, &user.organization.id, slug)
        .await?
        .ok_or(AppError::NotFound)
}
