//! How large a body may be, how long it may take, and what no text may hold.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest request body the server reads, in bytes.
pub const MAX_REQUEST_BODY: usize = 64 * 1024;

/// How a refusal reads on the routes the layer guards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusals {
    /// As the error a server function answers with (JSON `AppError`).
    ServerFunction,
    /// As an RFC 9457 problem (the REST API).
    Problem,
    /// As a line of text (pages, files).
    Text,
}

/// Refuses a body over [`MAX_REQUEST_BODY`] with 413: at once when its
/// length is announced, as soon as it passes the limit when it is sent in
/// chunks. No form of ours comes near it. Also refuses, with 400, text that
/// holds the NUL character (in the address or the body, raw, percent- or
/// JSON-escaped): nobody types it, and PostgreSQL cannot store it. A body
/// that stops arriving before the server's deadline is answered 408.
pub async fn body_within_limit(
    State(refusals): State<Refusals>,
    request: Request<Body>,
    next: Next,
) -> Response {
    use http_body::Body as _;
    if request
        .uri()
        .query()
        .is_some_and(|query| holds_nul(query.as_bytes()))
        || holds_nul(request.uri().path().as_bytes())
    {
        return nul_refused(refusals);
    }
    // Only text is read as text: a binary body is the decoder's to refuse.
    let text = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|kind| kind.to_str().ok())
        .is_none_or(|kind| {
            kind.starts_with("application/x-www-form-urlencoded")
                || kind.contains("json")
                || kind.starts_with("text/")
        });
    let hint = request.body().size_hint();
    if hint.exact() == Some(0) {
        return next.run(request).await;
    }
    if hint.lower() > MAX_REQUEST_BODY as u64 {
        return too_large(refusals);
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(bytes) if text && holds_nul(&bytes) => nul_refused(refusals),
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(error) if caused_by::<http_body_util::LengthLimitError>(&error) => too_large(refusals),
        Err(error) if caused_by::<LateBody>(&error) => late(refusals),
        Err(_) => (
            StatusCode::BAD_REQUEST,
            "The request body could not be read.\n",
        )
            .into_response(),
    }
}

/// The error of a request body whose deadline passed (the server's accept
/// loop keeps the deadline).
#[derive(Debug)]
pub struct LateBody;

impl std::fmt::Display for LateBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body did not arrive in time")
    }
}

impl std::error::Error for LateBody {}

/// Whether `bytes` hold a NUL character, raw or as `%00` or `\u0000`.
fn holds_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
        || bytes
            .windows(3)
            .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
        || bytes
            .windows(6)
            .any(|w| w[0] == b'\\' && w[1].eq_ignore_ascii_case(&b'u') && &w[2..] == b"0000")
}

/// 400: as the error a server function answers with, as a problem for the
/// REST API, or as text for a page.
fn nul_refused(refusals: Refusals) -> Response {
    const DETAIL: &str = "Text may not contain the NUL character.";
    match refusals {
        Refusals::ServerFunction => {
            let error = app::error::AppError::Request("text holds the NUL character".to_string());
            (
                StatusCode::BAD_REQUEST,
                [(header::CONTENT_TYPE, "application/json")],
                serde_json::to_string(&error).unwrap_or_default(),
            )
                .into_response()
        }
        Refusals::Problem => app::api::ApiError::NulCharacter.into_response(),
        Refusals::Text => (StatusCode::BAD_REQUEST, format!("{DETAIL}\n")).into_response(),
    }
}

/// 413: as a problem for the REST API, as text for anyone else.
fn too_large(refusals: Refusals) -> Response {
    const DETAIL: &str = "The request is larger than this server accepts.";
    match refusals {
        Refusals::Problem => app::api::ApiError::TooLarge.into_response(),
        _ => (StatusCode::PAYLOAD_TOO_LARGE, format!("{DETAIL}\n")).into_response(),
    }
}

/// 408, and the connection closed: as a problem for the REST API, as text
/// for anyone else.
pub fn late(refusals: Refusals) -> Response {
    const DETAIL: &str = "The request's body did not arrive in time.";
    let mut response = match refusals {
        Refusals::Problem => app::api::ApiError::Late.into_response(),
        _ => (StatusCode::REQUEST_TIMEOUT, format!("{DETAIL}\n")).into_response(),
    };
    response.headers_mut().insert(
        header::CONNECTION,
        axum::http::HeaderValue::from_static("close"),
    );
    response
}

/// Whether `error`, or an error it came from, is an `E`.
fn caused_by<E: std::error::Error + 'static>(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<E>() {
            return true;
        }
        cause = error.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::holds_nul;

    #[test]
    fn the_nul_character_is_seen_raw_percent_or_json_escaped_and_nothing_else() {
        for held in [
            &b"a\0b"[..],
            b"email=%00",
            b"{\"email\":\"\\u0000\"}",
            b"\\U0000",
        ] {
            assert!(holds_nul(held), "{held:?}");
        }
        for clean in [
            &b"email=a%20b%2500"[..],
            b"100",
            b"%0A",
            b"\\u00000x"[1..].as_ref(),
            b"",
        ] {
            assert!(!holds_nul(clean), "{clean:?}");
        }
    }
}
