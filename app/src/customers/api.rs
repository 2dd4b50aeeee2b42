//! The server functions of the partner's customers: the list, and one customer's page.
use super::{CustomerList, CustomerOverview};
#[cfg(feature = "ssr")]
use super::{DapState, PAGE_SIZE, Search, may_list_customers, store};
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

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

#[server(endpoint = "load_customer")]
pub async fn load_customer(customer: String) -> Result<CustomerOverview, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    let relationship = crate::relationships::require_relationship(&pool, &user, &customer).await?;
    let grants = crate::relationships::grants_of(&pool, &relationship.id).await?;
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
