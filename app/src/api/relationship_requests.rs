//! `/api/v1/customers/relationshiprequests`: the partner's invitation link,
//! as Partner Center's endpoint of the same path answers.
use axum::extract::State;
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::auth::Agent;
use super::problem::{ApiError, Problem, Refused};
use super::state::ApiState;

pub(super) fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(routes!(relationship_requests))
}

/// The reseller relationship request of Partner Center: the partner's
/// invitation link (with delegated admin privileges).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RelationshipRequest {
    pub url: String,
    pub attributes: Attributes,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Attributes {
    #[serde(rename = "objectType")]
    #[schema(rename = "objectType")]
    pub object_type: String,
}

/// The link a customer accepts, as Partner Center's endpoint of the same path answers.
#[utoipa::path(
    get,
    path = "/api/v1/customers/relationshiprequests",
    tag = "customers",
    responses(
        (status = 200, description = "The invitation link", body = RelationshipRequest),
        (status = 403, description = "Refused", body = Problem, content_type = "application/problem+json"),
        Refused,
    ),
    security(("bearer" = []))
)]
async fn relationship_requests(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Agent(user): Agent,
) -> Result<axum::Json<RelationshipRequest>, ApiError> {
    let (with_dap, _) =
        crate::invitations::active_codes(&state.pool, &state.clock, &user.organization.id).await?;
    Ok(axum::Json(RelationshipRequest {
        url: format!(
            "{}{}",
            crate::request::site_address(state.site.public_url.as_ref(), &headers),
            crate::invitations::invitation_path(&with_dap)
        ),
        attributes: Attributes {
            object_type: "RelationshipRequest".to_string(),
        },
    }))
}
