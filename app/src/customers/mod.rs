//! The partner's customer list (R5): every customer that accepted, and only those.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::{Loading, PageGuard};

mod detail;
#[cfg(feature = "ssr")]
pub mod store;

pub use detail::{CustomerOverview, CustomerPage, load_customer};

/// Customers shown per page.
pub const PAGE_SIZE: u32 = 50;

/// The state of the partner's delegated admin privileges for a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DapState {
    /// Active for every service that was granted.
    Active,
    /// The customer removed some or all of them.
    Removed,
    /// The relationship was requested without them.
    NotGranted,
}

impl DapState {
    /// The state from the number of active and removed grants of a relationship.
    pub fn from_counts(active: i64, removed: i64) -> Self {
        if removed > 0 {
            DapState::Removed
        } else if active > 0 {
            DapState::Active
        } else {
            DapState::NotGranted
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub slug: String,
    pub name: String,
    pub advisor: bool,
    pub since: String,
    pub dap: DapState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerList {
    pub advisor: bool,
    pub rows: Vec<CustomerRow>,
    /// The `after` of the next page, when there is one.
    pub next: Option<String>,
}

/// Partner users of every role see their organization's customers.
pub fn may_list_customers(user: &CurrentUser) -> Result<(), AppError> {
    if user.organization.kind.is_partner() {
        Ok(())
    } else {
        Err(AppError::NotAllowed)
    }
}

/// The partner's relationship with the customer `slug`: users of other kinds
/// of organization are not allowed, and a customer the partner has no
/// relationship with is "not found" (its existence is not the partner's business).
#[cfg(feature = "ssr")]
pub async fn require_relationship(
    pool: &sqlx::SqlitePool,
    user: &CurrentUser,
    slug: &str,
) -> Result<store::RelationshipRef, AppError> {
    may_list_customers(user)?;
    store::relationship_with(pool, &user.organization.id, slug)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "partner_customers")]
pub async fn partner_customers(after: Option<String>) -> Result<CustomerList, AppError> {
    crate::request::answer(
        async move {
            let user = crate::request::require_user().await?;
            may_list_customers(&user)?;
            let pool = crate::request::pool()?;
            let mut rows = store::customers_of(
                &pool,
                &user.organization.id,
                after.as_deref(),
                PAGE_SIZE + 1,
            )
            .await?;
            let next = (rows.len() > PAGE_SIZE as usize).then(|| {
                rows.truncate(PAGE_SIZE as usize);
                rows.last().map(|row| row.slug.clone()).unwrap_or_default()
            });
            Ok(CustomerList {
                advisor: user.organization.kind == crate::auth::OrgKind::PartnerAdvisor,
                rows,
                next,
            })
        }
        .await,
    )
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let query = use_query_map();
    let after = move || query.read().get("after");
    let list = Resource::new(after, partner_customers);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <CustomerTable list /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CustomerTable(list: CustomerList) -> impl IntoView {
    let i18n = use_i18n();
    let advisor = list.advisor;
    let empty = list.rows.is_empty();
    let next = list.next.clone();
    view! {
        <div class="page-head">
            <h1>{t!(i18n, customers.heading)}</h1>
            <A href="/partner/customers/request-relationship" attr:class="button primary">
                {move || {
                    if advisor {
                        t_string!(i18n, invite.heading_advisor).to_string()
                    } else {
                        t_string!(i18n, invite.heading).to_string()
                    }
                }}
            </A>
        </div>
        {if empty {
            view! { <p class="empty">{t!(i18n, customers.empty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, customers.name)}</th>
                                <th scope="col">{t!(i18n, customers.relationship)}</th>
                                <th scope="col">{t!(i18n, customers.since)}</th>
                                <th scope="col">{t!(i18n, customers.dap)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .rows
                                .into_iter()
                                .map(|row| view! { <CustomerLine row /> })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        {next.map(|after| {
            view! {
                <nav class="pager" aria-label=move || t_string!(i18n, customers.pages).to_string()>
                    <a href=format!("/partner/customers?after={}", crate::auth::encode_query_value(&after))>
                        {t!(i18n, customers.next_page)}
                    </a>
                </nav>
            }
        })}
    }
}

#[component]
fn CustomerLine(row: CustomerRow) -> impl IntoView {
    let i18n = use_i18n();
    let advisor = row.advisor;
    let dap = row.dap;
    let since = row.since.get(..10).unwrap_or(&row.since).to_string();
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/partner/customers/{}", crate::auth::encode_query_value(&row.slug))>
                    {row.name}
                </a>
            </th>
            <td>
                {move || crate::ui::relationship_kind(i18n, advisor)}
            </td>
            <td>
                <time datetime=since.clone()>{since.clone()}</time>
            </td>
            <td>
                <span class=move || match dap {
                    DapState::Active => "badge ok",
                    DapState::Removed => "badge warn",
                    DapState::NotGranted => "badge",
                }>
                    {move || match dap {
                        DapState::Active => t_string!(i18n, customers.dap_active).to_string(),
                        DapState::Removed => t_string!(i18n, customers.dap_removed).to_string(),
                        DapState::NotGranted => t_string!(i18n, customers.dap_none).to_string(),
                    }}
                </span>
            </td>
        </tr>
    }
}
