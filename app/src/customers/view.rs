//! The partner's customer list page.
use super::{CustomerList, CustomerRow, DapState, partner_customers};
use crate::i18n::*;
use crate::ui::{ErrorAlert, Loading, PageGuard};
use kernel::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CustomersPage() -> impl IntoView {
    let query = use_query_map();
    // Counts the changes the server told of: the list loads again at each.
    let changes = live_changes();
    let params = move || {
        let query = query.read();
        (query.get("after"), query.get("q"), changes.get())
    };
    let list = crate::ui::data(params, |(after, search, _)| {
        partner_customers(after, search)
    });
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let search = query.read_untracked().get("q").unwrap_or_default();
                match list.await {
                    Ok(list) => view! { <CustomerTable list search /> }.into_any(),
                    // A search too short or too long: the form again, and why.
                    Err(AppError::Invalid(invalid)) => {
                        let i18n = use_i18n();
                        view! {
                            <crate::ui::PageHeading text={tu_string!(i18n, customers.heading)} />
                            <CustomerSearch search />
                            <ErrorAlert error=AppError::Invalid(invalid) />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// How many times the server said the partner's customers changed, from
/// `GET /partner/events` (server-sent events), while the page is open in
/// a browser, and once each time the stream opens; nothing on the server,
/// nor without JavaScript. The browser's `EventSource` reconnects by itself
/// after a restart.
fn live_changes() -> ReadSignal<u32> {
    let (changes, set_changes) = signal(0_u32);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;
        if let Ok(source) = web_sys::EventSource::new("/partner/events") {
            let on_change = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| {
                set_changes.update(|n| *n += 1);
            });
            // Each time the stream (re)opens too: what changed before it
            // opened, or while it was away, is loaded then.
            for kind in ["changed", "open"] {
                let _ = source
                    .add_event_listener_with_callback(kind, on_change.as_ref().unchecked_ref());
            }
            let on_change = send_wrapper::SendWrapper::new(on_change);
            let source = send_wrapper::SendWrapper::new(source);
            on_cleanup(move || {
                source.close();
                drop(on_change);
            });
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_changes;
    changes
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
            <crate::ui::PageHeading text={tu_string!(i18n, customers.heading)} />
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

/// One row of the list: plain text, no component, no reactive closures
/// (a list of thousands hydrates quickly).
fn customer_line(i18n: leptos_i18n::I18nContext<Locale>, row: CustomerRow) -> impl IntoView {
    let since = row.since.get(..10).unwrap_or(&row.since).to_string();
    let (badge, dap) = match row.dap {
        DapState::Active => ("badge ok", tu_string!(i18n, customers.dap_active)),
        DapState::Removed => ("badge warn", tu_string!(i18n, customers.dap_removed)),
        DapState::Ended => ("badge warn", tu_string!(i18n, customers.dap_ended)),
        DapState::NotGranted => ("badge", tu_string!(i18n, customers.dap_none)),
    };
    let expires = row.expires_in_days.map(|days| {
        view! {
            <span class="badge warn block">
                {tu_string!(i18n, customers.expires_in, days = days).to_string()}
            </span>
        }
    });
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
                {expires}
            </td>
        </tr>
    }
}
