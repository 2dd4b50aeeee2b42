//! The document's Content-Security-Policy and the nonce it names, on pages.
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Mints the nonce of the page's scripts and carries it on the request
/// (`app::request::PageNonce`, which the page's rendering gives Leptos), and
/// gives an HTML answer the policy naming it: a page runs only the scripts
/// that carry its nonce. Minted here rather than while the page renders, so
/// every page gets its policy whatever the rendering does with its response
/// options. Anything else keeps the policy the `headers` layer gives, which
/// runs nothing at all.
pub async fn page_policy(mut request: Request<Body>, next: Next) -> Response {
    let nonce: std::sync::Arc<str> = leptos::nonce::Nonce::new().as_inner().clone();
    request
        .extensions_mut()
        .insert(app::request::PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    if super::headers::is_html(&response)
        && let Ok(policy) = HeaderValue::from_str(&app::request::content_security_policy(&nonce))
    {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}
