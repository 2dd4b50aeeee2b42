//! `/api/v1/webhooks/endpoints`: where the partner's webhooks are posted,
//! listed, added and removed.
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::auth::{Agent, Client};
use super::input::{Json, Segment};
use super::problem::{ApiError, Problem, Refused};
use super::state::ApiState;

pub(super) fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(endpoints, add_endpoint))
        .routes(routes!(remove_endpoint))
}

/// A webhook endpoint.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub id: String,
    pub url: String,
    pub created_on: String,
    /// The signing secret (`whsec_…`), only in the answer that created it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// What adds a webhook endpoint.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewEndpoint {
    /// An http(s) address on a public network.
    pub url: String,
}

/// The partner's webhook endpoints.
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/endpoints",
    tag = "webhooks",
    responses(
        (status = 200, description = "The endpoints", body = [Endpoint]),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn endpoints(
    State(state): State<ApiState>,
    Agent(user): Agent,
) -> Result<axum::Json<Vec<Endpoint>>, ApiError> {
    let found = crate::integrations::endpoints(&state.pool, &user.organization.id).await?;
    Ok(axum::Json(
        found
            .into_iter()
            .map(|e| Endpoint {
                id: e.id,
                url: e.url,
                created_on: e.created_on,
                secret: None,
            })
            .collect(),
    ))
}

/// Adds a webhook endpoint; the answer holds its signing secret, once.
/// Loopback, private and link-local addresses are refused.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/endpoints",
    tag = "webhooks",
    request_body = NewEndpoint,
    responses(
        (status = 201, description = "The endpoint, with its secret", body = Endpoint),
        (status = 400, description = "Not the JSON expected", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The address is refused", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No address", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn add_endpoint(
    State(state): State<ApiState>,
    Client(client): Client,
    Agent(user): Agent,
    Json(NewEndpoint { url }): Json<NewEndpoint>,
) -> Result<(StatusCode, axum::Json<Endpoint>), ApiError> {
    let url = crate::integrations::checked_url_with(&url, state.allow_private).await?;
    let added = crate::integrations::add_endpoint_of(
        &state.pool,
        &crate::audit_log::Actor::with_clock(&user, &client, state.clock.clone()),
        &url,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(Endpoint {
            id: added.endpoint.id,
            url: added.endpoint.url,
            created_on: added.endpoint.created_on,
            secret: Some(added.secret),
        }),
    ))
}

/// Removes a webhook endpoint: nothing more is posted to it.
#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/endpoints/{id}",
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "Bad input", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint of the partner", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn remove_endpoint(
    State(state): State<ApiState>,
    Client(client): Client,
    Agent(user): Agent,
    Segment(id): Segment,
) -> Result<StatusCode, ApiError> {
    crate::integrations::remove_endpoint_of(
        &state.pool,
        &crate::audit_log::Actor::with_clock(&user, &client, state.clock.clone()),
        &id,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
