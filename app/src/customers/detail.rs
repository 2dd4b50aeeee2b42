//! The partner's page for one customer: the relationship, the delegated admin
//! privileges per service, the customer's users (with the privileges),
//! support requests and the audit log between the two.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::DapState;
use crate::audit::AuditLog;
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::*;
use crate::relationships::ServiceGrant;
use crate::ui::{GrantBadge, Loading, PageGuard};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerOverview {
    pub slug: String,
    pub name: String,
    pub advisor: bool,
    pub since: String,
    pub grants: Vec<ServiceGrant>,
    pub dap: DapState,
    /// The viewer's role decides which actions the page offers; the server
    /// checks each action again.
    pub role: Role,
}

#[server(endpoint = "load_customer")]
pub async fn load_customer(customer: String) -> Result<CustomerOverview, AppError> {
    crate::request::answer(
        async move {
            let user = crate::request::require_user().await?;
            let pool = crate::request::pool()?;
            let relationship = super::require_relationship(&pool, &user, &customer).await?;
            let grants = crate::relationships::store::grants_of(&pool, &relationship.id).await?;
            let count = |state: crate::relationships::GrantState| {
                grants.iter().filter(|g| g.state == state).count() as i64
            };
            let dap = DapState::from_counts(
                count(crate::relationships::GrantState::Active),
                count(crate::relationships::GrantState::Removed),
            );
            Ok(CustomerOverview {
                slug: relationship.customer_slug,
                name: relationship.customer_name,
                advisor: relationship.kind == "advisor",
                since: relationship.since,
                grants,
                dap,
                role: user.role,
            })
        }
        .await,
    )
}

/// The page is rendered on the server; its sections, which reload after
/// each action (and the audit log with them), are one island.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let customer = params.read_untracked().get("customer").unwrap_or_default();
    let overview = crate::ui::data(move || customer.clone(), load_customer);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Customer overview /> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::ui::NotFoundPage /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Customer(overview: CustomerOverview) -> impl IntoView {
    let i18n = use_i18n();
    let advisor = overview.advisor;
    let since = crate::ui::short_day(&overview.since);
    let name = overview.name.clone();
    let removed = overview.dap == DapState::Removed;
    let may_open_support = crate::support::may_open_role(overview.role);
    view! {
        <nav class="crumbs" aria-label=tu_string!(i18n, customer.crumbs).to_string()>
            <a href="/partner/customers">{tu_string!(i18n, customers.heading)}</a>
        </nav>
        <h1>{overview.name.clone()}</h1>
        <p class="lead">
            {{
                if advisor {
                    tu_string!(i18n, customer.advisor_since, date = since.as_str()).to_string()
                } else {
                    tu_string!(i18n, customer.reseller_since, date = since.as_str()).to_string()
                }
            }}
        </p>
        <section class="card" aria-labelledby="dap-heading">
            <h2 id="dap-heading">{tu_string!(i18n, customer.dap_heading)}</h2>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{tu_string!(i18n, consent.service)}</th>
                            <th scope="col">{tu_string!(i18n, customer.dap_state)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {overview
                            .grants
                            .into_iter()
                            .map(|grant| {
                                view! {
                                    <tr>
                                        <th scope="row">{grant.service.clone()}</th>
                                        <td><GrantBadge grant /></td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {removed
                .then(|| {
                    view! {
                        <p class="note">
                            {tu_string!(i18n, customer.removed_note, customer = name.as_str()).to_string()}
                            " "
                            <a href="/partner/customers/request-relationship">{tu_string!(i18n, customer.get_link)}</a>
                        </p>
                    }
                })}
        </section>
        <CustomerSections customer=overview.slug may_open_support />
    }
}

/// The sections a partner acts in: users, subscriptions, support requests,
/// and the audit log, which every action there adds to.
#[island]
fn CustomerSections(customer: String, may_open_support: bool) -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let slug = customer.clone();
    let customer = Signal::stored(customer);
    // Every resource of the island is created here, above the Suspense that reads it.
    let users = crate::delegated::UsersData::new(customer);
    let support = crate::support::SupportData::new(customer);
    let subscriptions = crate::subscriptions::SubscriptionsData::new(customer);
    let refresh = Signal::derive(move || {
        users.create.version().get()
            + users.reset.version().get()
            + support.open.version().get()
            + subscriptions.version().get()
    });
    let audit = crate::audit::audit_resource(Signal::derive(move || Some(customer.get())), refresh);
    view! {
        {view! { <crate::delegated::UsersSection customer=slug.clone() data=users /> }.into_any()}
        {view! { <crate::subscriptions::SubscriptionsSection customer=slug.clone() data=subscriptions /> }.into_any()}
        {view! { <crate::support::CustomerSupportSection customer=slug.clone() may_open=may_open_support data=support /> }.into_any()}
        <section class="card" aria-labelledby="audit-heading">
            <h2 id="audit-heading">{tu_string!(i18n, audit.heading)}</h2>
            {view! { <AuditLog page=audit /> }.into_any()}
        </section>
    }
}
