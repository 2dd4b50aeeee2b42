//! Each token may make so many requests a minute (a burst of as many,
//! refilled evenly); past that, 429 with `Retry-After`. Requests without a
//! token of Liaison's shape are limited by the client's address (as the
//! server found it, behind trusted proxies too). The count is per process,
//! and keys not seen for a while are forgotten every minute, so made-up
//! tokens cannot grow it without end.
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::IntoResponse;
use sha2::{Digest, Sha256};
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

use super::Problem;

#[derive(Clone)]
pub struct TokenOrAddress;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Token([u8; 32]),
    Address(std::net::IpAddr),
    Unknown,
}

impl KeyExtractor for TokenOrAddress {
    type Key = Key;

    fn extract<T>(&self, request: &Request<T>) -> Result<Key, GovernorError> {
        if let Some(token) = super::bearer_token(request.headers())
            && crate::integrations::looks_like_token(token)
        {
            return Ok(Key::Token(Sha256::digest(token.as_bytes()).into()));
        }
        Ok(request
            .extensions()
            .get::<crate::request::ClientAddress>()
            .map_or(Key::Unknown, |c| Key::Address(c.0)))
    }
}

/// `routes`, limited to `per_minute` requests a minute per key.
pub fn limit(
    routes: axum::Router<super::ApiState>,
    per_minute: u32,
) -> axum::Router<super::ApiState> {
    let per_minute = per_minute.max(1);
    let config = GovernorConfigBuilder::default()
        .period(
            std::time::Duration::from_millis(60_000 / u64::from(per_minute))
                .max(std::time::Duration::from_millis(1)),
        )
        .burst_size(per_minute)
        .key_extractor(TokenOrAddress)
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
    routes.layer(GovernorLayer::new(config).error_handler(too_many))
}

fn too_many(error: GovernorError) -> axum::response::Response {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            let wait = wait_time.max(1);
            let mut response = Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!("Too many requests with this token: try again in {wait} s."),
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait));
            response
        }
        GovernorError::UnableToExtractKey => {
            Problem::new(StatusCode::BAD_REQUEST, "The request could not be read.").into_response()
        }
        GovernorError::Other { code, msg, .. } => {
            Problem::new(code, msg.unwrap_or_default()).into_response()
        }
    }
}
