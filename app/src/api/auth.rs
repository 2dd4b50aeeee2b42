//! Who a request acts as: the admin agent of its bearer token, and the
//! client address the audit log records.
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, header, request::Parts};

use super::problem::ApiError;
use super::state::ApiState;
use kernel::error::AppError;
use kernel::identity::CurrentUser;

/// What the request's bearer token was found to be, before the rate limit
/// (which counts a valid token's requests by its partner): the admin agent
/// it acts as, or `None` (no token, or none that is valid).
#[derive(Clone, Debug)]
pub struct TokenAgent(pub Option<CurrentUser>);

/// The admin agent a request's bearer token acts as; without a valid
/// token, the request is refused with 401.
pub struct Agent(pub CurrentUser);

impl FromRequestParts<ApiState> for Agent {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Agent, ApiError> {
        // Looked up already, before the rate limit: not twice.
        if let Some(TokenAgent(found)) = parts.extensions.get::<TokenAgent>() {
            return found
                .clone()
                .map(Agent)
                .ok_or_else(|| AppError::NotSignedIn.into());
        }
        let Some(token) = bearer_token(&parts.headers) else {
            return Err(AppError::NotSignedIn.into());
        };
        match crate::integrations::bearer(&state.pool, token, state.clock.now_ms()).await? {
            Some(user) => Ok(Agent(user)),
            None => Err(AppError::NotSignedIn.into()),
        }
    }
}

/// The token of `Authorization: Bearer <token>` (the scheme in any case).
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// The client address the audit log records (as the server found it,
/// behind trusted proxies too).
pub struct Client(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Client, Self::Rejection> {
        Ok(Client(
            parts
                .extensions
                .get::<crate::request::ClientAddress>()
                .map_or_else(|| "unknown".to_string(), |a| a.0.to_string()),
        ))
    }
}
