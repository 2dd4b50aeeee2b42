//! The layers requests go through, one file each, and the routes each
//! guards. No layer asks which path it is on: each is attached to the
//! group of routes it concerns, listed here in request order (a
//! `tower::ServiceBuilder` runs its first layer first).
//!
//! Every route ([`every_route`]):
//! 1. a request id (`x-request-id`), and the request's log span ([`trace`]);
//! 2. the request id on the answer, then compression;
//! 3. [`allowed_host`]: a host this server does not serve is refused;
//! 4. [`headers`]: the headers every answer carries;
//! 5. [`client`]: who the client is, behind trusted proxies.
//!
//! Then the pages ([`pages`]: the app's pages, its files and the routes the
//! server serves beside them):
//! 1. [`csp`]: the document's policy and the nonce it names;
//! 2. [`body_limit`], refusing as text;
//! 3. [`trailing_slash`]: `/page/` goes to `/page`;
//! 4. [`form_failures`]: a page shows only the failure its visitor's form got;
//! 5. the session.
//!
//! The server functions ([`server_functions`], `/api/{fn}`, where forms post):
//! 1. [`same_origin`]: another site's page may not call them;
//! 2. [`body_limit`], refusing as a server function's error;
//! 3. [`failure_status`]: a failure's HTTP status;
//! 4. [`form_failures`]: a form's answer stays on this site, its failure
//!    remembered;
//! 5. the session.
//!
//! The REST API ([`rest_api`], `/api/v1`): its problems written in the
//! request's language, [`body_limit`], refusing as problems; then the API's own layers (the token looked up, its rate
//! limit: `app::api`).
//!
//! The browser's files ([`assets`], `/pkg/*`): none of the groups' layers;
//! a file named after its content is kept a year.
use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::{SessionManagerLayer, SessionStore};

use crate::state::AppState;

pub mod allowed_host;
pub mod assets;
pub mod body_limit;
pub mod client;
pub mod csp;
pub mod failure_status;
pub mod form_failures;
pub mod headers;
mod local_redirect;
pub mod same_origin;
pub mod trace;
pub mod trailing_slash;

pub use allowed_host::Hosts;
pub use body_limit::{MAX_REQUEST_BODY, Refusals};
pub use client::{TrustedProxies, client_address};
pub use trace::redacted_path;

/// The layers of every route, around the groups' own.
pub fn every_route(router: Router, state: &AppState) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(trace::span))
            .layer(PropagateRequestIdLayer::x_request_id())
            // Brotli or gzip for pages, JS, WASM and CSS, as the browser accepts.
            .layer(CompressionLayer::new())
            .layer(from_fn_with_state(
                state.clone(),
                allowed_host::allowed_host,
            ))
            .layer(from_fn_with_state(state.clone(), headers::security_headers))
            .layer(from_fn_with_state(state.clone(), client::client)),
    )
}

/// The layers of the pages, their files and the server's own routes.
pub fn pages<S: SessionStore + Clone>(
    router: Router,
    state: &AppState,
    sessions: SessionManagerLayer<S>,
) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(from_fn(csp::page_policy))
            .layer(from_fn_with_state(
                Refusals::Text,
                body_limit::body_within_limit,
            ))
            .layer(from_fn(trailing_slash::no_trailing_slash))
            .layer(from_fn_with_state(
                state.clone(),
                form_failures::shown_failure_only,
            ))
            .layer(sessions),
    )
}

/// The layers of the server functions.
pub fn server_functions<S: SessionStore + Clone>(
    router: Router,
    state: &AppState,
    sessions: SessionManagerLayer<S>,
) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(from_fn_with_state(state.clone(), same_origin::same_origin))
            .layer(from_fn_with_state(
                Refusals::ServerFunction,
                body_limit::body_within_limit,
            ))
            .layer(from_fn(failure_status::failure_status))
            .layer(from_fn_with_state(
                state.clone(),
                form_failures::remember_failure,
            ))
            .layer(sessions),
    )
}

/// The layers of the REST API, around its own: the body limit's problems
/// are written in the request's language too.
pub fn rest_api(router: Router) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(from_fn(app::api::in_language))
            .layer(from_fn_with_state(
                Refusals::Problem,
                body_limit::body_within_limit,
            )),
    )
}
