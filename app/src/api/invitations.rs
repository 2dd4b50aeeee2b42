//! `/api/v1/invitations`: one-customer invitations, listed, created and
//! cancelled.
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::auth::{Agent, Client};
use super::input::{Json, Segment};
use super::problem::{ApiError, Problem, Refused};
use super::state::ApiState;
use crate::invitations::{CustomerInvitation, InvitationState};
use kernel::error::AppError;

pub(super) fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(invitations, create_invitation))
        .routes(routes!(cancel_invitation))
}

/// A one-customer invitation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub id: String,
    pub domain: String,
    /// The link, while it can be accepted.
    pub url: Option<String>,
    /// `pending`, `accepted`, `declined`, `expired` or `cancelled`.
    pub state: String,
    pub created_on: String,
    pub expires_on: String,
    pub customer: Option<String>,
}

/// What creates a one-customer invitation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewInvitation {
    /// The domain of the organization that may accept it (for example `fabrikam.example`).
    pub domain: String,
}

/// An invitation's state as clients read it (the names are part of the contract).
fn state_name(state: InvitationState) -> &'static str {
    match state {
        InvitationState::Pending => "pending",
        InvitationState::Accepted => "accepted",
        InvitationState::Declined => "declined",
        InvitationState::Expired => "expired",
        InvitationState::Cancelled => "cancelled",
    }
}

fn invitation(base: &str, code: &str, found: CustomerInvitation) -> Invitation {
    let pending = found.state == InvitationState::Pending;
    Invitation {
        url: pending.then(|| format!("{base}{}", crate::invitations::invitation_path(code))),
        id: found.id,
        domain: found.domain,
        state: state_name(found.state).to_string(),
        created_on: found.created_on,
        expires_on: found.expires_on,
        customer: found.customer,
    }
}

/// The partner's one-customer invitations, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/invitations",
    tag = "invitations",
    responses(
        (status = 200, description = "The invitations", body = [Invitation]),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn invitations(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Agent(user): Agent,
) -> Result<axum::Json<Vec<Invitation>>, ApiError> {
    let base = crate::request::site_address(state.site.public_url.as_ref(), &headers);
    let found = crate::invitations::invitations_of(
        &state.pool,
        &user.organization.id,
        state.clock.now_ms(),
    )
    .await?;
    Ok(axum::Json(
        found
            .into_iter()
            .map(|(code, found)| invitation(&base, &code, found))
            .collect(),
    ))
}

/// Invites one customer, by domain: only an administrator of the
/// organization owning it can accept, once, within 90 days.
#[utoipa::path(
    post,
    path = "/api/v1/invitations",
    tag = "invitations",
    request_body = NewInvitation,
    responses(
        (status = 201, description = "The invitation", body = Invitation),
        (status = 400, description = "Not the JSON expected", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid domain", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn create_invitation(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Client(client): Client,
    Agent(user): Agent,
    Json(NewInvitation { domain }): Json<NewInvitation>,
) -> Result<(StatusCode, axum::Json<Invitation>), ApiError> {
    let domain = crate::invitations::customer_domain(&domain)?;
    let code = crate::invitations::invite_customer(
        &state.pool,
        &crate::audit_log::Actor::with_clock(&user, &client, state.clock.clone()),
        &domain,
    )
    .await?;
    let base = crate::request::site_address(state.site.public_url.as_ref(), &headers);
    let found = crate::invitations::invitations_of(
        &state.pool,
        &user.organization.id,
        state.clock.now_ms(),
    )
    .await?;
    let (code, found) = found
        .into_iter()
        .find(|(found, _)| *found == code)
        .ok_or_else(|| AppError::internal("the new invitation is missing"))?;
    Ok((
        StatusCode::CREATED,
        axum::Json(invitation(&base, &code, found)),
    ))
}

/// Cancels a pending one-customer invitation.
#[utoipa::path(
    delete,
    path = "/api/v1/invitations/{id}",
    tag = "invitations",
    params(("id" = String, Path, description = "The invitation's id")),
    responses(
        (status = 204, description = "Cancelled"),
        (status = 400, description = "Bad input", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "No longer pending", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation of the partner", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn cancel_invitation(
    State(state): State<ApiState>,
    Client(client): Client,
    Agent(user): Agent,
    Segment(id): Segment,
) -> Result<StatusCode, ApiError> {
    crate::invitations::cancel_invitation(
        &state.pool,
        &crate::audit_log::Actor::with_clock(&user, &client, state.clock.clone()),
        &id,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
