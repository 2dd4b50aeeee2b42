//! The partner's page for one customer: the relationship, the delegated admin
//! privileges per service, the customer's users (with the privileges),
//! support requests and the audit log between the two.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{CustomerOverview, load_customer};
use crate::audit::AuditLog;
use crate::i18n::*;
use crate::relationships::{ADD_SUBSCRIPTION, ADD_USER, Done, OPEN_SUPPORT_REQUEST};
use crate::relationships::{DapState, GrantBadge, RoleList};
use crate::ui::{Loading, PageGuard};
use kernel::error::AppError;

/// The partner's page of one customer. Its forms are sent in place once
/// the page is interactive, and are plain posts answered with the page
/// again before.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let customer = params.read_untracked().get("customer").unwrap_or_default();
    let overview = crate::ui::data_for(customer, load_customer);
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
    let ended = overview.dap == DapState::Ended;
    let may_open_support = crate::support::may_open_role(overview.role);
    view! {
        <nav class="crumbs" aria-label=tu_string!(i18n, customer.crumbs).to_string()>
            <a href="/partner/customers">{tu_string!(i18n, customers.heading)}</a>
        </nav>
        <crate::ui::PageHeading text={overview.name.clone()} />
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
                                let roles = grant.roles.clone();
                                view! {
                                    <tr>
                                        <th scope="row">{grant.service.clone()}</th>
                                        <td>
                                            <GrantBadge grant />
                                            <RoleList roles remover=None />
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {(removed || ended)
                .then(|| {
                    view! {
                        <p class="note">
                            {if ended {
                                tu_string!(i18n, customer.ended_note, customer = name.as_str()).to_string()
                            } else {
                                tu_string!(i18n, customer.removed_note, customer = name.as_str()).to_string()
                            }}
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
/// and the audit log, which every action there adds to (it loads again
/// after each, through `ui::changes`). Rendered on the server first, with
/// the form the address opens (`open=`) and what a plain post did
/// (`done=`), so that the page works before any WASM arrives.
#[component]
fn CustomerSections(customer: String, may_open_support: bool) -> impl IntoView {
    let i18n = use_i18n();
    let open = crate::ui::query_value("open");
    let done = crate::ui::query_value("done").and_then(|done| Done::parse(&done));
    let audit = crate::audit::audit_resource(Some(customer.clone()));
    view! {
        <crate::delegated::UsersSection customer=customer.clone() adding=open.as_deref() == Some(ADD_USER) done />
        <crate::subscriptions::SubscriptionsSection customer=customer.clone() adding=open.as_deref() == Some(ADD_SUBSCRIPTION) done />
        <crate::support::CustomerSupportSection
            customer
            may_open=may_open_support
            opening=open.as_deref() == Some(OPEN_SUPPORT_REQUEST)
            done
        />
        <section class="card" aria-labelledby="audit-heading">
            <h2 id="audit-heading">{tu_string!(i18n, audit.heading)}</h2>
            <AuditLog page=audit />
        </section>
    }
}
