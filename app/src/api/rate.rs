//! So many requests a minute per partner (a burst of as many, refilled
//! evenly); past that, 429 with `Retry-After`. All the valid tokens of a
//! partner share one budget, so more tokens buy no more requests; requests
//! without a valid token (none, made up, revoked, expired) share the budget
//! of the client's address (as the server found it, behind trusted proxies
//! too), so made-up tokens buy none either. The token is looked up once, by
//! [`resolve`], before the limit; the handlers read what it found. The
//! count is per process, and keys not seen for a while are forgotten every
//! minute.
use axum::http::Request;
use axum::response::{IntoResponse, Response};
use kernel::id::OrgId;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

use super::auth::{TokenAgent, bearer_token};
use super::problem::ApiError;
use super::state::ApiState;

/// Whose budget a request counts against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RateKey {
    /// A valid token's partner: all its tokens together.
    Partner(OrgId),
    /// No valid token: the client's address.
    Address(std::net::IpAddr),
    /// No valid token, and no address known (all such requests together).
    Unknown,
}

/// Looks the request's bearer token up (the key extractor cannot wait for
/// the database) and notes what it found as a [`TokenAgent`].
async fn resolve(
    axum::extract::State(state): axum::extract::State<ApiState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let found = match bearer_token(request.headers()) {
        Some(token) => {
            match crate::integrations::bearer(&state.pool, token, state.clock.now_ms()).await {
                Ok(found) => found,
                Err(error) => return ApiError::from(error).into_response(),
            }
        }
        None => None,
    };
    request.extensions_mut().insert(TokenAgent(found));
    next.run(request).await
}

#[derive(Clone)]
struct PartnerOrAddress;

impl KeyExtractor for PartnerOrAddress {
    type Key = RateKey;

    fn extract<T>(&self, request: &Request<T>) -> Result<RateKey, GovernorError> {
        if let Some(TokenAgent(Some(agent))) = request.extensions().get::<TokenAgent>() {
            return Ok(RateKey::Partner(agent.organization.id.clone()));
        }
        Ok(request
            .extensions()
            .get::<crate::request::ClientAddress>()
            .map_or(RateKey::Unknown, |c| RateKey::Address(c.0)))
    }
}

/// `routes`, with their bearer token looked up, limited to `per_minute`
/// requests a minute per key.
pub fn limit(
    routes: axum::Router<ApiState>,
    state: &ApiState,
    per_minute: u32,
) -> axum::Router<ApiState> {
    let per_minute = per_minute.max(1);
    let config = GovernorConfigBuilder::default()
        .period(
            std::time::Duration::from_millis(60_000 / u64::from(per_minute))
                .max(std::time::Duration::from_millis(1)),
        )
        .burst_size(per_minute)
        .key_extractor(PartnerOrAddress)
        .finish()
        .expect("a period and a burst above zero");
    let limiter = config.limiter().clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    });
    // The last layer runs first: the token is looked up, then counted.
    routes
        .layer(GovernorLayer::new(config).error_handler(too_many))
        .layer(axum::middleware::from_fn_with_state(state.clone(), resolve))
}

fn too_many(error: GovernorError) -> Response {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            ApiError::TooMany(wait_time.max(1)).into_response()
        }
        GovernorError::UnableToExtractKey | GovernorError::Other { .. } => {
            ApiError::Unreadable.into_response()
        }
    }
}
