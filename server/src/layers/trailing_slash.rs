//! A page's address with a slash at the end goes to the page.
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// A page's address with a slash at the end (`/partner/customers/fabrikam/`)
/// is sent to the page (`/partner/customers/fabrikam`), rather than rendering
/// it with a 404.
pub async fn no_trailing_slash(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path();
    let read = matches!(*request.method(), Method::GET | Method::HEAD);
    let trimmed = path.trim_end_matches('/');
    // Only a path that stays on this site: `//evil.example/` must never
    // become `//evil.example`.
    let local = trimmed.starts_with('/') && !trimmed.starts_with("//") && !trimmed.contains('\\');
    if read && path.len() > 1 && path.ends_with('/') && local {
        let target = match request.uri().query() {
            Some(query) => format!("{trimmed}?{query}"),
            None => trimmed.to_string(),
        };
        if let Ok(target) = HeaderValue::from_str(&target) {
            return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, target)]).into_response();
        }
    }
    next.run(request).await
}
