//! Wiring only: configuration, database, sessions, layers and routes.
//! No product rule lives here; they are in the `app` crate.
use std::net::SocketAddr;

use app::request::SiteSettings;
use app::{App, shell};
use axum::{
    Router,
    body::Body,
    extract::Request,
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use sqlx::SqlitePool;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::{CachingSessionStore, Expiry, SessionManagerLayer, cookie::SameSite};
use tower_sessions_moka_store::MokaStore;
use tower_sessions_sqlx_store::SqliteStore;

/// How the server runs; built from flags and environment by `main`.
#[derive(Clone, Debug)]
pub struct Settings {
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub public_url: String,
    /// Marks the session cookie `Secure` (set it when served over HTTPS).
    pub secure_cookies: bool,
}

pub const SESSION_COOKIE: &str = "liaison_session";

/// How many sessions the server keeps in memory; older ones are read from
/// the database again when used.
const SESSIONS_IN_MEMORY: u64 = 10_000;

/// The largest request body the server reads, in bytes.
pub const MAX_REQUEST_BODY: usize = 64 * 1024;

/// The app's routes, listed once per process. Listing runs the whole app
/// with resource loading suspended process-wide (leptos issue #4773): a page
/// another router renders at that moment waits forever. The tests build many
/// routers in one process, and hung now and then until the list was shared.
pub fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The complete application router over `pool`.
pub async fn router(pool: SqlitePool, settings: &Settings) -> Result<Router, sqlx::Error> {
    let options = LeptosOptions::builder()
        .output_name("liaison")
        .site_root(settings.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(settings.site_addr)
        .env(leptos::config::Env::PROD)
        .build();

    // Sessions live in the same database: a restart signs nobody out.
    let store = SqliteStore::new(pool.clone())
        .with_table_name("sessions")
        .map_err(|e| sqlx::Error::Configuration(e.into()))?;
    store.migrate().await?;
    // Every page reads its session; the most recent ones are also kept in
    // memory so that reading one is not a query. Writes and deletions go to
    // both, so signing out is seen at once (by this process: one server
    // process per database file, as for the sign-in throttle).
    let store = CachingSessionStore::new(MokaStore::new(Some(SESSIONS_IN_MEMORY)), store);
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookies)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::days(7),
        ));

    let site = SiteSettings {
        public_url: settings.public_url.trim_end_matches('/').to_string(),
    };
    let csv = {
        let pool = pool.clone();
        move |session, query| app::billing::export_csv(pool.clone(), session, query)
    };
    let throttle = app::auth::SignInThrottle::default();
    let passwords = app::delegated::PasswordsToShow::default();
    let context = move || {
        provide_context(throttle.clone());
        provide_context(passwords.for_request());
        provide_context(pool.clone());
        provide_context(site.clone());
        provide_context(app::request::RequestUser::default());
        app::request::provide_page_nonce();
    };
    let routes = route_list();

    let server_fns = {
        let context = context.clone();
        move |request: Request<Body>| handle_server_fns_with_context(context.clone(), request)
    };
    let app = Router::new()
        // Unknown functions; leptos_routes registers each known one by path.
        .route("/api/{*fn_name}", post(server_fns))
        .route("/partner/billing/invoice.csv", get(csv))
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(context, shell))
        .with_state(options)
        .layer(sessions)
        // No form of ours comes near this; a larger body is refused with 413
        // before anything reads it.
        .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BODY))
        .layer(axum::middleware::from_fn(malformed_is_not_500))
        .layer(axum::middleware::from_fn_with_state(
            settings.public_url.trim_end_matches('/').to_string(),
            same_origin_and_headers,
        ))
        // Brotli or gzip for pages, JS, WASM and CSS, as the browser accepts.
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
            let id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid));
    Ok(app)
}

/// Refuses a server-function call another site's page makes with the
/// visitor's cookies (the browser says so in `Sec-Fetch-Site`, or else in
/// `Origin`: an `Origin` is ours when it names the request's `Host` or the
/// configured public address, for proxies that rewrite `Host`). Gives every response
/// the headers that keep pages from being framed, links from leaking through
/// `Referer`, and types from being sniffed.
async fn same_origin_and_headers(
    axum::extract::State(public_url): axum::extract::State<String>,
    mut request: Request<Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let headers = request.headers();
    // Where a call comes from. A browser's `Sec-Fetch-Site` cannot be set by
    // a page, so when it is there it decides: only the site itself may call.
    // A form sent before the page hydrates is a plain navigation, which
    // carries `Origin: null` (the pages send no referrer) and
    // `Sec-Fetch-Site: same-origin`. Clients without it (older browsers, other
    // programs) are judged by `Origin`.
    let foreign = match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => !matches!(site, "same-origin" | "none"),
        None => match (
            headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
            headers.get(header::HOST).and_then(|v| v.to_str().ok()),
        ) {
            (Some(origin), host) => {
                origin != public_url
                    && origin
                        .split_once("://")
                        .is_none_or(|(_, origin_host)| Some(origin_host) != host)
            }
            (None, _) => false,
        },
    };
    // Minted here rather than while the page renders, so every page gets its
    // policy whatever the rendering does with its response options.
    let nonce: std::sync::Arc<str> = leptos::nonce::Nonce::new().as_inner().clone();
    request
        .extensions_mut()
        .insert(app::request::PageNonce(nonce.clone()));
    let mut response = if request.method() == axum::http::Method::POST
        && request.uri().path().starts_with("/api/")
        && foreign
    {
        let body = serde_json::to_string(&app::error::AppError::NotAllowed).unwrap_or_default();
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    } else {
        next.run(request).await
    };
    let out = response.headers_mut();
    let page = out
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    // A page runs only the scripts that carry its nonce; anything else runs
    // nothing at all.
    let policy = if page {
        HeaderValue::from_str(&app::request::content_security_policy(&nonce)).ok()
    } else {
        None
    };
    out.insert(
        header::CONTENT_SECURITY_POLICY,
        policy.unwrap_or(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'",
        )),
    );
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
    response
}

/// A request whose arguments cannot be read (a missing field, a wrong type)
/// fails before any server function runs, and Leptos answers it with 500.
/// It is the client's error: 422, with the same body.
async fn malformed_is_not_500(
    request: Request<Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::StatusCode;
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(app::error::AppError::Request(_)) = serde_json::from_slice(&bytes) {
        parts.status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    axum::response::Response::from_parts(parts, Body::from(bytes))
}

/// Serves `router` on `listener` until `shutdown` resolves, finishing requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Without TCP_NODELAY, a response written in two pieces waits for the
    // client's delayed ACK: every request took 40 ms under load (measured
    // with scripts/bench.sh and wrk: 44 ms median for a static file).
    let listener = listener.tap_io(|stream| {
        if let Err(error) = stream.set_nodelay(true) {
            tracing::warn!(%error, "TCP_NODELAY could not be set");
        }
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
