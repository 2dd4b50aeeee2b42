//! The partner's page for one customer: the relationship, the delegated admin
//! privileges per service, the customer's users (with the privileges),
//! support requests and the audit log between the two.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::DapState;
use crate::audit::AuditLog;
use crate::auth::Role;
use crate::i18n::*;
use crate::relationships::GrantBadge;
use crate::relationships::ServiceGrant;
use crate::ui::{Loading, PageGuard};
use kernel::error::AppError;

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

/// The partner's page of one customer, rendered on the server only (no
/// island): its forms are plain posts answered with the page again.
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
/// and the audit log, which every action there adds to. Rendered on the
/// server only: each action is a plain form post, answered with this page
/// again (what was done in the address, or why not), so the page ships no
/// WASM and works before any arrives.
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

/// The forms of the page an `open=` in its address shows.
pub const ADD_USER: &str = "user";
pub const ADD_SUBSCRIPTION: &str = "subscription";
pub const OPEN_SUPPORT_REQUEST: &str = "support-request";

/// What an action on the customer page did, carried in the address
/// (`done=`) of the page the browser is sent back to, so the page can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    UserCreated,
    PasswordReset,
    SubscriptionCreated,
    SeatsChanged,
    AddonOrdered,
    Migrated,
    StateChanged,
    TransferAnswered,
    SupportRequestOpened,
}

impl Done {
    const ALL: [Done; 9] = [
        Done::UserCreated,
        Done::PasswordReset,
        Done::SubscriptionCreated,
        Done::SeatsChanged,
        Done::AddonOrdered,
        Done::Migrated,
        Done::StateChanged,
        Done::TransferAnswered,
        Done::SupportRequestOpened,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Done::UserCreated => "user-created",
            Done::PasswordReset => "password-reset",
            Done::SubscriptionCreated => "subscription-created",
            Done::SeatsChanged => "seats-changed",
            Done::AddonOrdered => "addon-ordered",
            Done::Migrated => "migrated",
            Done::StateChanged => "state-changed",
            Done::TransferAnswered => "transfer-answered",
            Done::SupportRequestOpened => "support-request-opened",
        }
    }

    pub fn parse(value: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|done| done.as_str() == value)
    }

    /// The id of the section that says it.
    fn anchor(self) -> &'static str {
        match self {
            Done::UserCreated | Done::PasswordReset => "users-heading",
            Done::SupportRequestOpened => "support-heading",
            _ => "subscriptions-heading",
        }
    }

    /// Where a form posted by the browser itself goes once this was done:
    /// the page of `customer` (a slug read from the database), at the section.
    pub fn address(self, customer: &str) -> String {
        // Percent-encoded, so that no slug can make the `Location` header invalid.
        let customer = crate::auth::encode_query_value(customer).replace('/', "%2F");
        format!(
            "/partner/customers/{customer}?done={}#{}",
            self.as_str(),
            self.anchor()
        )
    }

    /// Sends a form the browser posted itself to [`Done::address`].
    #[cfg(feature = "ssr")]
    pub fn answer_form_post(self, customer: &str) {
        crate::request::after_form_post(&self.address(customer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_done_reads_back_from_the_address_it_is_written_in() {
        for done in Done::ALL {
            assert_eq!(Done::parse(done.as_str()), Some(done));
            let address = done.address("fabrikam");
            assert!(
                address.starts_with("/partner/customers/fabrikam?done="),
                "{address}"
            );
            assert!(
                address.ends_with(&format!("#{}", done.anchor())),
                "{address}"
            );
        }
        assert_eq!(
            Done::UserCreated.address("a/b é\r\n"),
            "/partner/customers/a%2Fb%20%C3%A9%0D%0A?done=user-created#users-heading"
        );
        assert_eq!(Done::parse(""), None);
        assert_eq!(Done::parse("user-created "), None);
        assert_eq!(Done::parse("<script>"), None);
    }
}
