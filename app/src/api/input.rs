//! What a request carries, read with axum's own extractors, whose refusals
//! become problems (400 with what is wrong) instead of axum's plain text.
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::problem::ApiError;

/// The query string, read into `T` (unknown parameters are ignored).
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Query(value))
            .map_err(|rejection| {
                // axum says what failed, then serde names the parameter
                // before its own (English, technical) reason: only the name.
                let text = rejection.body_text();
                let reason = text
                    .strip_prefix("Failed to deserialize query string: ")
                    .unwrap_or(&text);
                // `limit: invalid digit…`, or `duplicate field `limit``.
                let parameter = reason
                    .split_once(": ")
                    .map(|(name, _)| name)
                    .or_else(|| reason.split('`').nth(1))
                    .filter(|name| {
                        !name.is_empty()
                            && name.len() <= 40
                            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    })
                    .unwrap_or("?");
                ApiError::BadQuery(parameter.to_string())
            })
    }
}

/// A JSON body, read into `T` whatever its content type says.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let body = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::Unreadable)?;
        serde_json::from_slice(&body)
            .map(Json)
            .map_err(|error| ApiError::BadBody {
                line: error.line(),
                column: error.column(),
            })
    }
}

/// A path segment: when it cannot be read, nothing is there.
pub struct Segment(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Segment {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<String>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(segment)| Segment(segment))
            .map_err(|_| kernel::error::AppError::NotFound.into())
    }
}
