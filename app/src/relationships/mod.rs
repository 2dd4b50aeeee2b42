//! The customer's "Partner relationships" page (R6, R8): every partner, its
//! relationship and, per service, its delegated admin privileges, which the
//! customer administrator can remove; accepting the partner's link again
//! restores them (R10).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::*;
use crate::ui::{ConfirmDialog, ErrorAlert, GrantBadge, Loading, PageGuard};

pub mod domain;
#[cfg(feature = "ssr")]
pub mod store;

pub use domain::{GrantState, Refusal, ServiceGrant, may_manage_partners};

/// One partner of the customer, as the customer reviews it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerRelationship {
    pub partner_slug: String,
    pub partner_name: String,
    pub legal_name: String,
    pub verified_domain: String,
    pub partner_number: String,
    pub advisor: bool,
    pub since: String,
    pub grants: Vec<ServiceGrant>,
}

/// What a removal changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub partner_name: String,
    /// The services whose privileges were removed; empty when none was left.
    pub services: Vec<String>,
}

#[server(endpoint = "partner_relationships")]
pub async fn partner_relationships() -> Result<Vec<PartnerRelationship>, AppError> {
    crate::request::answer(
        async move {
            let user = crate::request::require_user().await?;
            may_manage_partners(&user)?;
            store::partners_of(&crate::request::pool()?, &user.organization.id).await
        }
        .await,
    )
}

/// R8: removes the partner's delegated admin privileges for `service` (a
/// service id), or for every service when `service` is empty. The
/// relationship stays.
#[server(endpoint = "remove_dap")]
pub async fn remove_dap(partner: String, service: Option<String>) -> Result<Removal, AppError> {
    crate::request::answer(
        async move {
            let user = crate::request::require_user().await?;
            may_manage_partners(&user)?;
            let pool = crate::request::pool()?;
            let service = service.filter(|s| !s.is_empty() && s != "all");
            if let Some(service) = &service
                && !store::service_exists(&pool, service).await?
            {
                return Err(crate::error::Invalid::Malformed(crate::input::Field::Service).into());
            }
            let ip = crate::request::client_ip().await;
            let (partner_name, services) =
                store::remove(&pool, &user, &partner, service.as_deref(), &ip).await?;
            Ok(Removal {
                partner_name,
                services,
            })
        }
        .await,
    )
}

/// Who the customer is about to remove privileges from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    slug: String,
    name: String,
    active: Vec<(String, String)>,
}

/// The whole page is one island: removing privileges reloads the list.
#[island]
pub fn PartnerRelationshipsPage() -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let remove = ServerAction::<RemoveDap>::new();
    let list = crate::ui::data(move || remove.version().get(), |_| partner_relationships());
    let open = RwSignal::new(false);
    let target = RwSignal::new(None::<Target>);
    let service = RwSignal::new(String::new());
    let choose = Callback::new(move |chosen: Target| {
        service.set(String::new());
        target.set(Some(chosen));
        open.set(true);
    });
    let title = Signal::derive(move || {
        let name = target
            .read()
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        tu_string!(i18n, relationships.remove_title, partner = name.as_str()).to_string()
    });
    let confirm = move || {
        if let Some(chosen) = target.get_untracked() {
            remove.dispatch(RemoveDap {
                partner: chosen.slug,
                service: Some(service.get_untracked()),
            });
        }
    };
    let outcome = move || {
        remove.value().get().map(|result| match result {
            Ok(Removal {
                partner_name,
                services,
            }) if services.is_empty() => view! {
                <p role="status" class="status">
                    {tu_string!(i18n, relationships.nothing_removed, partner = partner_name.as_str()).to_string()}
                </p>
            }
            .into_any(),
            Ok(Removal {
                partner_name,
                services,
            }) => {
                let services = services.join(", ");
                view! {
                    <p role="status" class="status">
                        {tu_string!(i18n, relationships.removed, partner = partner_name.as_str(), services = services.as_str()).to_string()}
                    </p>
                }
                .into_any()
            }
            Err(error) => view! { <ErrorAlert error /> }.into_any(),
        })
    };
    view! {
        <div aria-hidden=move || open.get().then_some("true")>
            <h1>{tu_string!(i18n, relationships.heading)}</h1>
            <p class="lead">{tu_string!(i18n, relationships.intro)}</p>
            {outcome}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(partners) => view! { <RelationshipTable partners choose /> }.into_any(),
                        Err(error) => view! { <PageGuard error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
        <ConfirmDialog
            open
            title
            body=Signal::stored(tu_string!(i18n, relationships.remove_body).to_string())
            confirm=Signal::stored(tu_string!(i18n, relationships.remove_confirm).to_string())
            pending=remove.pending()
            on_confirm=confirm
        >
            <label class="field">
                <span>{tu_string!(i18n, relationships.remove_which)}</span>
                <select
                    name="service"
                    prop:value=move || service.get()
                    on:change=move |ev| service.set(event_target_value(&ev))
                >
                    <option value="">{tu_string!(i18n, relationships.all_services)}</option>
                    {move || {
                        target
                            .get()
                            .map(|t| t.active)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|(id, name)| view! { <option value=id>{name}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
        </ConfirmDialog>
    }
}

#[component]
fn RelationshipTable(
    partners: Vec<PartnerRelationship>,
    choose: Callback<Target>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Some(first) = partners.first() else {
        return view! { <p class="empty">{tu_string!(i18n, relationships.empty)}</p> }.into_any();
    };
    let services: Vec<String> = first.grants.iter().map(|g| g.service.clone()).collect();
    view! {
        <div class="table-wrap">
            <table>
                <caption class="muted">{tu_string!(i18n, relationships.caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, relationships.partner)}</th>
                        <th scope="col">{tu_string!(i18n, relationships.relationship)}</th>
                        {services
                            .into_iter()
                            .map(|name| view! { <th scope="col">{name}</th> })
                            .collect_view()}
                        <th scope="col">
                            <span class="visually-hidden">{tu_string!(i18n, relationships.actions)}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {partners
                        .into_iter()
                        .map(|partner| view! { <RelationshipRow partner choose /> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn RelationshipRow(partner: PartnerRelationship, choose: Callback<Target>) -> impl IntoView {
    let i18n = use_i18n();
    let advisor = partner.advisor;
    let since = crate::ui::short_day(&partner.since);
    let active: Vec<(String, String)> = partner
        .grants
        .iter()
        .filter(|g| g.state == GrantState::Active)
        .map(|g| (g.service_id.clone(), g.service.clone()))
        .collect();
    let target = Target {
        slug: partner.partner_slug.clone(),
        name: partner.partner_name.clone(),
        active: active.clone(),
    };
    view! {
        <tr>
            <th scope="row">
                {partner.partner_name.clone()}
                <span class="muted block">
                    {partner.legal_name.clone()} " · " {partner.verified_domain.clone()} " · "
                    {tu_string!(i18n, relationships.partner_id).to_string()} " "
                    {partner.partner_number.clone()}
                </span>
            </th>
            <td>
                {move || crate::ui::relationship_kind(i18n, advisor)}
                <span class="muted block">
                    {tu_string!(i18n, relationships.since, date = since.as_str()).to_string()}
                </span>
            </td>
            {partner
                .grants
                .into_iter()
                .map(|grant| {
                    let transacts = grant.transacts;
                    view! {
                        <td>
                            <GrantBadge grant />
                            {transacts
                                .then(|| {
                                    view! {
                                        <span class="badge transacts block">
                                            {tu_string!(i18n, relationships.transacts)}
                                        </span>
                                    }
                                })}
                        </td>
                    }
                })
                .collect_view()}
            <td>
                {(!active.is_empty())
                    .then(|| {
                        let target = target.clone();
                        view! {
                            <button
                                type="button"
                                class="danger"
                                on:click=move |_| choose.run(target.clone())
                            >
                                {tu_string!(i18n, relationships.remove)}
                            </button>
                        }
                    })}
            </td>
        </tr>
    }
}
