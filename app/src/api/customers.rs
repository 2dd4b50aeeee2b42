//! `/api/v1/customers`: the partner's customers, keyset-paged, each with
//! the roles it granted.
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::auth::Agent;
use super::input::Query;
use super::problem::{ApiError, Problem, Refused};
use super::state::ApiState;
use crate::relationships::GrantState;

pub(super) fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(routes!(customers))
}

/// A customer of the partner, with its roles.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: String,
    /// The customer's name in addresses (`/partner/customers/{slug}`).
    pub slug: String,
    pub name: String,
    /// `reseller` (with a cloud reseller) or `advisor`.
    pub relationship: String,
    pub since: String,
    pub roles: Vec<Role>,
}

/// A role granted to the partner.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub id: String,
    pub name: String,
    pub service: String,
    /// `active`, `removed` or `ended`.
    pub state: String,
    /// The last day it is in force (YYYY-MM-DD), or the day it ended.
    pub ends_on: String,
    pub auto_extend: bool,
    pub last_used_on: Option<String>,
}

/// One page of customers.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CustomerPage {
    pub items: Vec<Customer>,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<String>,
}

/// Which page of customers.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// How many customers per page (1 to 100, default 50).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// The `next` of the page before.
    after: Option<String>,
}

/// A role's state as clients read it (the names are part of the contract).
fn state_name(state: GrantState) -> &'static str {
    match state {
        GrantState::Active => "active",
        GrantState::Removed => "removed",
        GrantState::Ended => "ended",
        GrantState::NotGranted => "notgranted",
    }
}

/// The partner's customers by slug, keyset-paged, with their roles and end dates.
#[utoipa::path(
    get,
    path = "/api/v1/customers",
    tag = "customers",
    params(PageParams),
    responses(
        (status = 200, description = "A page of customers", body = CustomerPage),
        (status = 400, description = "Bad parameters", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn customers(
    State(state): State<ApiState>,
    Agent(user): Agent,
    Query(params): Query<PageParams>,
) -> Result<axum::Json<CustomerPage>, ApiError> {
    let limit = match params.limit {
        None => 50,
        Some(limit @ 1..=100) => i64::from(limit),
        Some(_) => return Err(ApiError::BadQuery("limit".to_string())),
    };
    let after: String = params.after.unwrap_or_default().chars().take(200).collect();
    let mut page = crate::relationships::customers_after(
        &state.pool,
        &user.organization.id,
        &after,
        limit + 1,
    )
    .await?;
    let more = page.len() as i64 > limit;
    page.truncate(limit as usize);
    let ids: Vec<_> = page.iter().map(|r| r.id.clone()).collect();
    let mut roles =
        crate::relationships::roles_of_each(&state.pool, &ids, state.clock.now_ms()).await?;
    let items: Vec<Customer> = page
        .into_iter()
        .map(|relationship| Customer {
            id: relationship.customer_id.to_string(),
            slug: relationship.customer_slug.to_string(),
            name: relationship.customer_name,
            relationship: relationship.kind.as_str().to_string(),
            since: relationship.since,
            roles: roles
                .extract_if(.., |role| role.relationship_id == relationship.id)
                .map(|role| Role {
                    id: role.grant.role.as_sql().to_string(),
                    name: role.grant.role.name().to_string(),
                    service: role.service,
                    state: state_name(role.grant.state).to_string(),
                    ends_on: role.grant.ends_on,
                    auto_extend: role.grant.auto_extend,
                    last_used_on: role.grant.last_used_on,
                })
                .collect(),
        })
        .collect();
    let next = if more {
        items.last().map(|c| c.slug.clone())
    } else {
        None
    };
    Ok(axum::Json(CustomerPage { items, next }))
}
