//! Where a form's answer may send the browser, and which failure a page may
//! show.
//!
//! A form the browser posts itself is answered with a redirect; a refusal
//! travels back to the page in the address (`__path`, `__err`), and the page
//! shows it. Anyone can write those into a link, so:
//! - a redirect goes only to a path on this site, never to another site a
//!   client named in its `Referer` ([`remember_failure`], on the server
//!   functions);
//! - the visitor's browser keeps a digest of the failure its redirect
//!   carried (an HttpOnly cookie, until its next form answer or an hour), and
//!   a page shows a failure from its address only if it is that one. Any
//!   other is taken out of the address by a redirect before the page
//!   renders ([`shown_failure_only`], on the pages), so no words from a link
//!   ever reach a page. A link cannot set a cookie, and nothing is written
//!   on the server.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::allowed_host::Hosts;
use super::local_redirect::{FAILURE_KEYS, decoded, failure_of, local_redirect, without_failure};
use crate::state::Https;

/// The cookie that names the failure of the visitor's last form post (a
/// digest of it, not its words). `__Host-` over HTTPS: no other host,
/// a sibling subdomain included, can set it.
const FAILURE_COOKIE: &str = "liaison_form_failure";
const FAILURE_COOKIE_SECURE: &str = "__Host-liaison_form_failure";

/// How long a failure stays shown on reloads of its page.
const FAILURE_COOKIE_SECONDS: u32 = 60 * 60;

fn cookie_name(https: bool) -> &'static str {
    if https {
        FAILURE_COOKIE_SECURE
    } else {
        FAILURE_COOKIE
    }
}

/// The digest the visitor's browser keeps, if any.
fn kept(headers: &HeaderMap, https: bool) -> Option<String> {
    app::request::cookies(headers, cookie_name(https))
        .next()
        .map(str::to_string)
}

/// Keeps a form's answer on this site and has the browser remember the
/// failure it carries (or forget the one before, on a success).
pub async fn remember_failure(
    State(hosts): State<Hosts>,
    State(Https(https)): State<Https>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let kept = kept(request.headers(), https);
    let mut response = next.run(request).await;
    let Some(location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
    else {
        return response;
    };
    let (local, failure) = local_redirect(location, &hosts);
    if let Ok(local) = HeaderValue::from_str(&local) {
        response.headers_mut().insert(header::LOCATION, local);
    }
    // The last answer decides: a refusal is kept, a success forgets the
    // refusal before it.
    let cookie = cookie_name(https);
    let set = match failure {
        Some(failure) => Some(format!(
            "{cookie}={}; Max-Age={FAILURE_COOKIE_SECONDS}",
            digest(&failure)
        )),
        None => kept.map(|_| format!("{cookie}=; Max-Age=0")),
    };
    if let Some(set) = set {
        let secure = if https { "; Secure" } else { "" };
        let set = format!("{set}; Path=/; HttpOnly; SameSite=Lax{secure}");
        if let Ok(set) = HeaderValue::from_str(&set) {
            response.headers_mut().append(header::SET_COOKIE, set);
        }
    }
    response
}

/// Lets a page show the failure its address carries only if it is the one
/// the visitor's browser remembers; any other is taken out of the address.
pub async fn shown_failure_only(
    State(Https(https)): State<Https>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let query = request.uri().query().unwrap_or_default();
    let pairs = decoded(query);
    if !pairs
        .iter()
        .any(|(key, _)| FAILURE_KEYS.contains(&key.as_str()))
    {
        return next.run(request).await;
    }
    let carried = failure_of(&pairs).map(|failure| digest(&failure));
    if carried.is_some() && carried == kept(request.headers(), https) {
        return next.run(request).await;
    }
    let clean = without_failure(request.uri().path(), query);
    match HeaderValue::from_str(&clean) {
        Ok(clean) => (StatusCode::SEE_OTHER, [(header::LOCATION, clean)]).into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "The address could not be read.\n").into_response(),
    }
}

/// A digest of a failure, to compare without keeping its words.
fn digest((path, err): &(String, String)) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::new()
        .chain_update(path.as_bytes())
        .chain_update([0])
        .chain_update(err.as_bytes())
        .finalize();
    hash.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_is_compared_by_a_digest_that_keeps_its_parts_apart() {
        assert_ne!(
            digest(&("a".into(), "bc".into())),
            digest(&("ab".into(), "c".into()))
        );
    }

    #[test]
    fn a_cookie_is_read_by_its_exact_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("liaison_form_failure_x=1; liaison_form_failure=abc"),
        );
        assert_eq!(kept(&headers, false).as_deref(), Some("abc"));
        assert_eq!(kept(&headers, true), None);
    }
}
