//! The headers every response carries: no framing, no `Referer` to other
//! sites, no type sniffing, no cache keeping what a signed-in visitor saw,
//! and HTTPS only once served over it.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::Https;

/// The policy of anything but a page: nothing runs, nothing frames it.
const NOTHING_RUNS: &str = "default-src 'none'; frame-ancestors 'none'";

/// Whether `response` is an HTML document.
pub fn is_html(response: &Response) -> bool {
    content_type(response).starts_with("text/html")
}

fn content_type(response: &Response) -> &str {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Gives every response the headers that keep pages from being framed,
/// links from leaking through `Referer`, types from being sniffed, and what
/// a signed-in visitor saw from being kept by any cache. A page keeps the
/// policy the `csp` layer gave it; anything else gets one that runs nothing.
pub async fn security_headers(
    State(Https(https)): State<Https>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let kind = content_type(&response);
    let page = kind.starts_with("text/html");
    // Pages, server functions' answers and the CSV export hold what a
    // signed-in visitor may see: no cache keeps them, shared or the
    // browser's (the back button after signing out shows nothing).
    // The JS, WASM, CSS and images keep the caching the file server gives.
    let private = page || kind.starts_with("application/json") || kind.starts_with("text/csv");
    let out = response.headers_mut();
    if private {
        out.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    if !(page && out.contains_key(header::CONTENT_SECURITY_POLICY)) {
        out.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NOTHING_RUNS),
        );
    }
    out.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A Referer goes to this site only, never to another: the invitation
    // link in the consent page's address is a bearer secret. This site needs
    // it: a form the browser posts before the page is interactive is sent
    // back to its page (with any failure to show) through the Referer.
    out.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if https {
        // Two years, as browsers' preload lists ask.
        out.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000"),
        );
    }
    response
}
