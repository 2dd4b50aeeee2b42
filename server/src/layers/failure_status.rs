//! The HTTP status of a failed server function's answer.
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// The largest error answer read back, in bytes.
const MAX_ERROR: usize = 64 * 1024;

/// Gives every failed server-function call its HTTP status, in one place:
/// Leptos answers a failure with 500 and the error as JSON, whatever it is;
/// here the error is read back and `app::request::status_of` decides (401,
/// 403, 404, 422, 503; 500 only for an internal failure). That covers calls
/// whose arguments cannot be read (a missing field, a wrong type): they fail
/// before any server function runs, and are the client's error, 422. A form
/// the browser posted itself is answered with a redirect instead, which
/// this leaves alone.
pub async fn failure_status(request: Request<Body>, next: Next) -> Response {
    let response = next.run(request).await;
    // Leptos' error answers are whole bytes, their size known; anything
    // else passes untouched.
    let small = axum::body::HttpBody::size_hint(response.body())
        .upper()
        .is_some_and(|length| length <= MAX_ERROR as u64);
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !small {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = app::request::status_of(&error);
    }
    Response::from_parts(parts, Body::from(bytes))
}
