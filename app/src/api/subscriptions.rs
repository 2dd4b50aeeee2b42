//! `/api/v1/customers/{customer}/subscriptions`: what a customer of the
//! partner subscribes to.
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::auth::Agent;
use super::input::Segment;
use super::problem::{ApiError, Problem, Refused};
use super::state::ApiState;
use crate::subscriptions::SubscriptionState;
use kernel::error::AppError;

pub(super) fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(routes!(subscriptions))
}

/// A subscription of a customer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    pub id: String,
    pub service: String,
    pub offer: String,
    /// The partner of record's name.
    pub partner_of_record: String,
    pub seats: i64,
    /// `active` or `suspended`.
    pub state: String,
    pub since: String,
}

/// A subscription's state as clients read it (the names are part of the contract).
fn state_name(state: SubscriptionState) -> &'static str {
    match state {
        SubscriptionState::Active => "active",
        SubscriptionState::Suspended => "suspended",
    }
}

/// The subscriptions of one of the partner's customers (its own, and those
/// of services it holds a role of).
#[utoipa::path(
    get,
    path = "/api/v1/customers/{customer}/subscriptions",
    tag = "customers",
    params(("customer" = String, Path, description = "The customer's slug")),
    responses(
        (status = 200, description = "The subscriptions", body = [Subscription]),
        (status = 400, description = "Bad input", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a customer of the partner", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn subscriptions(
    State(state): State<ApiState>,
    Agent(user): Agent,
    Segment(customer): Segment,
) -> Result<axum::Json<Vec<Subscription>>, ApiError> {
    let partner = &user.organization.id;
    let relationship = crate::relationships::relationship_with(&state.pool, partner, &customer)
        .await?
        .ok_or(AppError::NotFound)?;
    let found =
        crate::subscriptions::visible_to(&state.pool, &state.clock, partner, &relationship).await?;
    Ok(axum::Json(
        found
            .into_iter()
            .map(|s| Subscription {
                id: s.id,
                service: s.service,
                offer: s.offer,
                partner_of_record: s.partner,
                seats: s.seats,
                state: state_name(s.state).to_string(),
                since: s.since,
            })
            .collect(),
    ))
}
