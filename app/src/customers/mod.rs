//! The partner's customer list (R5): every customer that accepted, and only those.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::i18n::*;
#[cfg(feature = "ssr")]
use crate::request::Context;
use crate::ui::{ErrorAlert, Loading, PageGuard};
use kernel::error::AppError;

mod detail;
#[cfg(feature = "ssr")]
pub mod store;

pub use crate::relationships::{DapState, may_list_customers};
pub use detail::{CustomerOverview, CustomerPage, LoadCustomer, load_customer};

/// Customers shown per page.
pub const PAGE_SIZE: u32 = 50;

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

/// What a partner typed to find customers by name: any part of a name, in
/// any case, at least [`Search::MIN`] characters (the name index works on
/// three-letter pieces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search(String);

impl Search {
    pub const MIN: usize = 3;
    pub const MAX: usize = 100;

    /// `None` for an empty search (the whole list).
    pub fn parse(value: &str) -> Result<Option<Search>, kernel::error::Invalid> {
        use kernel::error::Invalid;
        use kernel::input::Field;
        let value = value.trim();
        let length = value.chars().count();
        if length == 0 {
            return Ok(None);
        }
        if length < Self::MIN {
            return Err(Invalid::TooShort {
                field: Field::Search,
                min: Self::MIN,
            });
        }
        if length > Self::MAX {
            return Err(Invalid::TooLong {
                field: Field::Search,
                max: Self::MAX,
            });
        }
        if value.chars().any(char::is_control) {
            return Err(Invalid::Malformed(Field::Search));
        }
        Ok(Some(Search(value.to_string())))
    }

    /// The text as one quoted FTS5 phrase: operators and quotes in it are
    /// plain characters.
    pub fn fts_query(&self) -> String {
        format!("\"{}\"", self.0.replace('"', "\"\""))
    }
}

#[server(endpoint = "partner_customers")]
pub async fn partner_customers(
    after: Option<String>,
    search: Option<String>,
) -> Result<CustomerList, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    may_list_customers(&user)?;
    let search = Search::parse(search.as_deref().unwrap_or_default())?;
    let mut rows = store::customers_of(
        &pool,
        &user.organization.id,
        search.as_ref(),
        after.as_deref(),
        PAGE_SIZE + 1,
    )
    .await?;
    let next = (rows.len() > PAGE_SIZE as usize).then(|| {
        rows.truncate(PAGE_SIZE as usize);
        rows.last()
            .map(|(cursor, _)| cursor.clone())
            .unwrap_or_default()
    });
    Ok(CustomerList {
        advisor: user.organization.kind == crate::auth::OrgKind::PartnerAdvisor,
        rows: rows.into_iter().map(|(_, row)| row).collect(),
        next,
    })
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let query = query.read();
        (query.get("after"), query.get("q"))
    };
    let list = crate::ui::data(params, |(after, search)| partner_customers(after, search));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let search = query.read_untracked().get("q").unwrap_or_default();
                match list.await {
                    Ok(list) => view! { <CustomerTable list search /> }.into_any(),
                    // A search too short or too long: the form again, and why.
                    Err(AppError::Invalid(invalid)) => {
                        let i18n = use_i18n();
                        view! {
                            <h1>{tu_string!(i18n, customers.heading)}</h1>
                            <CustomerSearch search />
                            <ErrorAlert error=AppError::Invalid(invalid) />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Finds customers by any part of their name (a plain GET form: it works
/// before the page hydrates, and the address can be shared).
#[component]
fn CustomerSearch(search: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" action="/partner/customers" role="search" class="search">
            <label for="customer-search">{tu_string!(i18n, customers.search_label)}</label>
            <input id="customer-search" type="search" name="q" value=search maxlength="100" />
            <button type="submit">{tu_string!(i18n, customers.search_button)}</button>
        </form>
    }
}

#[component]
fn CustomerTable(list: CustomerList, search: String) -> impl IntoView {
    let i18n = use_i18n();
    let advisor = list.advisor;
    let empty = list.rows.is_empty();
    let next = list.next.clone();
    let shown_search = search.trim().to_string();
    let searching = !shown_search.is_empty();
    let next_href = {
        let search = shown_search.clone();
        move |after: &str| {
            let mut href = format!(
                "/partner/customers?after={}",
                crate::ui::encode_query_value(after)
            );
            if !search.is_empty() {
                href.push_str("&q=");
                href.push_str(&crate::ui::encode_query_value(&search));
            }
            href
        }
    };
    view! {
        <div class="page-head">
            <h1>{tu_string!(i18n, customers.heading)}</h1>
            <a href="/partner/customers/request-relationship" class="button primary">
                {if advisor {
                    tu_string!(i18n, invite.heading_advisor).to_string()
                } else {
                    tu_string!(i18n, invite.heading).to_string()
                }}
            </a>
        </div>
        <CustomerSearch search=shown_search.clone() />
        {if empty && searching {
            view! {
                <p class="empty">
                    {tu_string!(i18n, customers.search_empty, search = shown_search.clone())} " "
                    <a href="/partner/customers">{tu_string!(i18n, customers.search_clear)}</a>
                </p>
            }
                .into_any()
        } else if empty {
            view! { <p class="empty">{tu_string!(i18n, customers.empty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{tu_string!(i18n, customers.name)}</th>
                                <th scope="col">{tu_string!(i18n, customers.relationship)}</th>
                                <th scope="col">{tu_string!(i18n, customers.since)}</th>
                                <th scope="col">{tu_string!(i18n, customers.dap)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .rows
                                .into_iter()
                                .map(|row| customer_line(i18n, row))
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        {next.map(|after| {
            view! {
                <nav class="pager" aria-label=tu_string!(i18n, customers.pages).to_string()>
                    <a href=next_href(&after)>
                        {tu_string!(i18n, customers.next_page)}
                    </a>
                </nav>
            }
        })}
    }
}

/// One row of the list. The page is rendered on the server only (it holds no
/// island), so the row is plain text: no component, no reactive closures.
fn customer_line(i18n: leptos_i18n::I18nContext<Locale>, row: CustomerRow) -> impl IntoView {
    let since = row.since.get(..10).unwrap_or(&row.since).to_string();
    let (badge, dap) = match row.dap {
        DapState::Active => ("badge ok", tu_string!(i18n, customers.dap_active)),
        DapState::Removed => ("badge warn", tu_string!(i18n, customers.dap_removed)),
        DapState::NotGranted => ("badge", tu_string!(i18n, customers.dap_none)),
    };
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/partner/customers/{}", crate::ui::encode_query_value(&row.slug))>
                    {row.name}
                </a>
            </th>
            <td>{crate::relationships::relationship_kind(i18n, row.advisor)}</td>
            <td>
                <time datetime=since.clone()>{since.clone()}</time>
            </td>
            <td>
                <span class=badge>{dap.to_string()}</span>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kernel::error::Invalid;
    use kernel::input::Field;

    #[test]
    fn a_search_is_three_to_a_hundred_characters_or_nothing() {
        assert_eq!(Search::parse("  "), Ok(None));
        assert_eq!(
            Search::parse("ab"),
            Err(Invalid::TooShort {
                field: Field::Search,
                min: 3
            })
        );
        assert!(Search::parse("abc").is_ok_and(|s| s.is_some()));
        assert_eq!(
            Search::parse(&"x".repeat(101)),
            Err(Invalid::TooLong {
                field: Field::Search,
                max: 100
            })
        );
        assert_eq!(
            Search::parse("a\0bc"),
            Err(Invalid::Malformed(Field::Search))
        );
    }

    #[test]
    fn a_search_is_one_quoted_phrase_whatever_it_holds() {
        let search = Search::parse(r#"Harbor" OR "x*"#).unwrap().unwrap();
        assert_eq!(search.fts_query(), r#""Harbor"" OR ""x*""#);
    }
}
