//! The server functions of the partner's customers: the list, and one customer's page.
#[cfg(feature = "ssr")]
use super::domain::SEARCH_COUNT_LIMIT;
#[cfg(feature = "ssr")]
use super::store::Direction;
use super::{CustomerList, CustomerOverview};
#[cfg(feature = "ssr")]
use super::{
    DapState, PAGE_SIZE, Search, SortOrder, StateFilter, Total, may_list_customers, store,
};
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

/// The first page of the partner's customers in name order, or of those
/// whose name contains `search` (kept for its callers; the page calls
/// [`customer_list_page`]).
#[server(endpoint = "partner_customers")]
pub async fn partner_customers(
    after: Option<String>,
    search: Option<String>,
) -> Result<CustomerList, AppError> {
    customer_list_page(after, None, search, None, None).await
}

/// One page of the partner's customers: after the cursor `after` or before
/// `before`, whose name contains `search`, in the state `state`
/// ([`StateFilter`]), in the order `sort` ([`SortOrder`]). What is unknown
/// in the address is ignored (the page says so); a search too short or too
/// long is refused with the field.
#[server(endpoint = "customer_list_page")]
pub async fn customer_list_page(
    after: Option<String>,
    before: Option<String>,
    search: Option<String>,
    state: Option<String>,
    sort: Option<String>,
) -> Result<CustomerList, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    may_list_customers(&user)?;
    let search = Search::parse(search.as_deref().unwrap_or_default())?;
    let filter = state.as_deref().and_then(StateFilter::parse);
    let sort = sort
        .as_deref()
        .and_then(SortOrder::parse)
        .unwrap_or_default();
    let list = store::ListQuery {
        partner: &user.organization.id,
        search: search.as_ref(),
        filter,
        sort,
    };
    let size = PAGE_SIZE as usize;
    let (direction, cursor) = match (before.as_deref(), after.as_deref()) {
        (Some(before), _) if !before.trim().is_empty() => (Direction::Backward, Some(before)),
        (_, after) => (Direction::Forward, after),
    };
    let cursor = store::cursor_of(&pool, &list, cursor).await?;
    let at_start = matches!(cursor, store::Cursor::Start);
    // A cursor the list does not know is ignored: the first page.
    let direction = if at_start {
        Direction::Forward
    } else {
        direction
    };
    let clock = crate::db::Clock::current();
    let store::Page {
        mut rows,
        mut matches,
    } = store::page(&pool, &clock, &list, &cursor, direction, PAGE_SIZE + 1).await?;
    let (mut next, mut previous) = (None, None);
    let mut first_page = at_start;
    match direction {
        Direction::Forward => {
            // Past the end (the last customer left the list): the first page.
            if rows.is_empty() && !at_start {
                first_page = true;
            } else {
                if rows.len() > size {
                    rows.truncate(size);
                    next = rows.last().map(|(cursor, _)| cursor.clone());
                }
                previous = (!at_start)
                    .then(|| rows.first().map(|(cursor, _)| cursor.clone()))
                    .flatten();
            }
        }
        Direction::Backward => {
            if rows.len() > size {
                rows.truncate(size);
                rows.reverse();
                previous = rows.first().map(|(cursor, _)| cursor.clone());
                next = rows.last().map(|(cursor, _)| cursor.clone());
            } else {
                // Back at the start: the first page, full, without "previous".
                first_page = true;
            }
        }
    }
    if first_page && (direction == Direction::Backward || !at_start) {
        store::Page { rows, matches } = store::page(
            &pool,
            &clock,
            &list,
            &store::Cursor::Start,
            Direction::Forward,
            PAGE_SIZE + 1,
        )
        .await?;
        previous = None;
        next = None;
        if rows.len() > size {
            rows.truncate(size);
            next = rows.last().map(|(cursor, _)| cursor.clone());
        }
    }
    // A search that read every match to find its first page has counted
    // them already.
    let counted = match matches {
        Some(matches) => matches.min(SEARCH_COUNT_LIMIT + 1),
        None => store::count(&pool, &clock, &list, SEARCH_COUNT_LIMIT).await?,
    };
    let total = if list.search.is_some() {
        Total::bounded(counted, SEARCH_COUNT_LIMIT)
    } else {
        Total::Exactly(counted)
    };
    Ok(CustomerList {
        advisor: user.organization.kind == crate::auth::OrgKind::PartnerAdvisor,
        rows: rows.into_iter().map(|(_, row)| row).collect(),
        next,
        previous,
        total,
        filter,
        sort,
    })
}

#[server(endpoint = "load_customer")]
pub async fn load_customer(customer: String) -> Result<CustomerOverview, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    let relationship = crate::relationships::require_relationship(&pool, &user, &customer).await?;
    let grants =
        crate::relationships::grants_of(&pool, &crate::db::Clock::current(), &relationship.id)
            .await?;
    let count = |state: crate::relationships::GrantState| {
        grants.iter().filter(|g| g.state == state).count() as i64
    };
    let dap = DapState::from_counts(
        count(crate::relationships::GrantState::Active),
        count(crate::relationships::GrantState::Removed),
        count(crate::relationships::GrantState::Ended),
    );
    Ok(CustomerOverview {
        slug: relationship.customer_slug.into_string(),
        name: relationship.customer_name,
        advisor: relationship.kind == kernel::grant::RelationshipKind::Advisor,
        since: relationship.since,
        grants,
        dap,
        role: user.role,
    })
}
