//! The partner's customer list page.
use super::{
    CustomerList, CustomerRow, RowState, SortOrder, StateFilter, Total, customer_list_page,
};
use crate::i18n::*;
use crate::ui::{ErrorAlert, Loading, PageGuard};
use kernel::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the address asks of the list: `q`, `state`, `sort`, and where the
/// page starts (`after` or `before`), each as written there.
#[derive(Debug, Clone, Default, PartialEq)]
struct Address {
    search: String,
    state: String,
    sort: String,
}

impl Address {
    /// The list's address with this search, state and order, and a cursor
    /// (`("after", slug)`); what is empty or the default is left out.
    fn href(&self, cursor: Option<(&str, &str)>) -> String {
        let mut parts = Vec::new();
        let search = self.search.trim();
        if !search.is_empty() {
            parts.push(format!("q={}", crate::ui::encode_query_value(search)));
        }
        if let Some(state) = StateFilter::parse(&self.state) {
            parts.push(format!("state={}", state.as_query()));
        }
        if let Some(sort) = SortOrder::parse(&self.sort).filter(|s| *s != SortOrder::Name) {
            parts.push(format!("sort={}", sort.as_query()));
        }
        if let Some((name, value)) = cursor {
            parts.push(format!("{name}={}", crate::ui::encode_query_value(value)));
        }
        if parts.is_empty() {
            "/partner/customers".to_string()
        } else {
            format!("/partner/customers?{}", parts.join("&"))
        }
    }
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let query = use_query_map();
    // Counts the changes the server told of: the list loads again at each.
    let changes = live_changes();
    let params = move || {
        let query = query.read();
        (
            query.get("after"),
            query.get("before"),
            query.get("q"),
            query.get("state"),
            query.get("sort"),
            changes.get(),
        )
    };
    let list = crate::ui::data(params, |(after, before, search, state, sort, _)| {
        customer_list_page(after, before, search, state, sort)
    });
    view! {
        // Announces each reload the server's events caused.
        <crate::ui::LiveUpdate changes />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let address = {
                    let query = query.read_untracked();
                    Address {
                        search: query.get("q").unwrap_or_default(),
                        state: query.get("state").unwrap_or_default(),
                        sort: query.get("sort").unwrap_or_default(),
                    }
                };
                match list.await {
                    Ok(list) => view! { <CustomerTable list address /> }.into_any(),
                    // A search too short or too long: the form again, and why.
                    Err(AppError::Invalid(invalid)) => {
                        let i18n = use_i18n();
                        view! {
                            <crate::ui::PageHeading text={tu_string!(i18n, customers.heading)} />
                            <CustomerSearch address />
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

/// Finds customers by any part of their name, filters them by state and
/// orders them: a plain GET form (it works before the page hydrates, and
/// the address can be shared).
#[component]
fn CustomerSearch(address: Address) -> impl IntoView {
    let i18n = use_i18n();
    let state = StateFilter::parse(&address.state);
    let sort = SortOrder::parse(&address.sort).unwrap_or_default();
    let state_name = |filter: StateFilter| match filter {
        StateFilter::InForce => tu_string!(i18n, customers.state_in_force),
        StateFilter::Expiring => tu_string!(i18n, customers.state_expiring),
        StateFilter::Removed => tu_string!(i18n, customers.state_removed),
        StateFilter::Ended => tu_string!(i18n, customers.state_ended),
    };
    let sort_name = |order: SortOrder| match order {
        SortOrder::Name => tu_string!(i18n, customers.sort_name),
        SortOrder::Expires => tu_string!(i18n, customers.sort_expires),
    };
    view! {
        <form method="get" action="/partner/customers" role="search" class="search">
            <label for="customer-search">{tu_string!(i18n, customers.search_label)}</label>
            <input
                id="customer-search"
                type="search"
                name="q"
                value=address.search.trim().to_string()
                maxlength="100"
            />
            <label for="customer-state">{tu_string!(i18n, customers.state_label)}</label>
            <select id="customer-state" name="state">
                <option value="" selected=state.is_none()>
                    {tu_string!(i18n, customers.state_all)}
                </option>
                {StateFilter::ALL
                    .into_iter()
                    .map(|filter| {
                        view! {
                            <option value=filter.as_query() selected=state == Some(filter)>
                                {state_name(filter)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <label for="customer-sort">{tu_string!(i18n, customers.sort_label)}</label>
            <select id="customer-sort" name="sort">
                {SortOrder::ALL
                    .into_iter()
                    .map(|order| {
                        view! {
                            <option value=order.as_query() selected=sort == order>
                                {sort_name(order)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="submit">{tu_string!(i18n, customers.search_button)}</button>
        </form>
    }
}

/// What the page says of a value of the address it ignored.
fn ignored_notice(i18n: leptos_i18n::I18nContext<Locale>, address: &Address) -> impl IntoView {
    let state = address.state.trim();
    let sort = address.sort.trim();
    let state = (!state.is_empty() && StateFilter::parse(state).is_none())
        .then(|| tu_string!(i18n, customers.unknown_state, value = state.to_string()).to_string());
    let sort = (!sort.is_empty() && SortOrder::parse(sort).is_none())
        .then(|| tu_string!(i18n, customers.unknown_sort, value = sort.to_string()).to_string());
    [state, sort]
        .into_iter()
        .flatten()
        .map(|text| view! { <p role="status" class="notice">{text}</p> })
        .collect_view()
}

#[component]
fn CustomerTable(list: CustomerList, address: Address) -> impl IntoView {
    let i18n = use_i18n();
    let advisor = list.advisor;
    let empty = list.rows.is_empty();
    let searching = !address.search.trim().is_empty();
    let filtering = list.filter.is_some();
    let separator = if i18n.get_locale_untracked() == Locale::fr {
        "\u{202f}"
    } else {
        ","
    };
    let total = match list.total {
        Total::Exactly(n) => tu_string!(
            i18n,
            customers.total,
            count = super::domain::group_digits(n, separator)
        )
        .to_string(),
        Total::MoreThan(n) => tu_string!(
            i18n,
            customers.total_more,
            count = super::domain::group_digits(n, separator)
        )
        .to_string(),
    };
    let previous = list
        .previous
        .as_deref()
        .map(|before| address.href(Some(("before", before))));
    let next = list
        .next
        .as_deref()
        .map(|after| address.href(Some(("after", after))));
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
        <CustomerSearch address=address.clone() />
        {ignored_notice(i18n, &address)}
        {if empty && searching {
            view! {
                <p class="empty">
                    {tu_string!(i18n, customers.search_empty, search = address.search.trim().to_string())} " "
                    <a href="/partner/customers">{tu_string!(i18n, customers.search_clear)}</a>
                </p>
            }
                .into_any()
        } else if empty && filtering {
            view! {
                <p class="empty">
                    {tu_string!(i18n, customers.filter_empty)} " "
                    <a href="/partner/customers">{tu_string!(i18n, customers.search_clear)}</a>
                </p>
            }
                .into_any()
        } else if empty {
            view! { <p class="empty">{tu_string!(i18n, customers.empty)}</p> }.into_any()
        } else {
            view! {
                <p class="count">{total}</p>
                <div class="table-wrap">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{tu_string!(i18n, customers.name)}</th>
                                <th scope="col">{tu_string!(i18n, customers.relationship)}</th>
                                <th scope="col">{tu_string!(i18n, customers.since)}</th>
                                <th scope="col">{tu_string!(i18n, customers.dap)}</th>
                                <th scope="col">{tu_string!(i18n, customers.ends)}</th>
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
        {(previous.is_some() || next.is_some()).then(|| {
            view! {
                <nav class="pager" aria-label=tu_string!(i18n, customers.pages).to_string()>
                    {previous.map(|href| {
                        view! { <a href=href rel="prev">{tu_string!(i18n, customers.previous_page)}</a> }
                    })}
                    " "
                    {next.map(|href| {
                        view! { <a href=href rel="next">{tu_string!(i18n, customers.next_page)}</a> }
                    })}
                </nav>
            }
        })}
    }
}

/// One row of the list: plain text, no component, no reactive closures
/// (a list of thousands hydrates quickly).
fn customer_line(i18n: leptos_i18n::I18nContext<Locale>, row: CustomerRow) -> impl IntoView {
    let since = row.since.get(..10).unwrap_or(&row.since).to_string();
    let roles = row.roles;
    let (badge, dap) = match roles.state() {
        RowState::Active => ("badge ok", tu_string!(i18n, customers.dap_active)),
        RowState::PartlyRemoved => ("badge warn", tu_string!(i18n, customers.dap_partly_removed)),
        RowState::PartlyEnded => ("badge warn", tu_string!(i18n, customers.dap_partly_ended)),
        RowState::Removed => ("badge warn", tu_string!(i18n, customers.dap_removed)),
        RowState::Ended => ("badge warn", tu_string!(i18n, customers.dap_ended)),
        RowState::NotGranted => ("badge", tu_string!(i18n, customers.dap_none)),
    };
    // How many: when some roles are in force and others not, or when none
    // is and they went two ways.
    let partly = roles.in_force > 0 && (roles.removed > 0 || roles.ended > 0);
    let mixed = roles.in_force == 0 && roles.removed > 0 && roles.ended > 0;
    let detail = (partly || mixed).then(|| {
        let mut parts = vec![
            tu_string!(
                i18n,
                customers.roles_in_force,
                in_force = roles.in_force,
                total = roles.total()
            )
            .to_string(),
        ];
        if roles.removed > 0 {
            parts
                .push(tu_string!(i18n, customers.roles_removed, count = roles.removed).to_string());
        }
        if roles.ended > 0 {
            parts.push(tu_string!(i18n, customers.roles_ended, count = roles.ended).to_string());
        }
        view! { <span class="block">{parts.join(" · ")}</span> }
    });
    let expires = row.expires_in_days.map(|days| {
        view! {
            <span class="badge warn block">
                {tu_string!(i18n, customers.expires_in, days = crate::ui::days(i18n.get_locale_untracked(), days)).to_string()}
            </span>
        }
    });
    let ends = match (row.first_end, row.extends) {
        (Some(day), _) => view! { <time datetime=day.clone()>{day.clone()}</time> }.into_any(),
        (None, true) => tu_string!(i18n, customers.ends_extends)
            .to_string()
            .into_any(),
        (None, false) => "—".into_any(),
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
                {detail}
                {expires}
            </td>
            <td>{ends}</td>
        </tr>
    }
}
