//! Wiring only: configuration, database, sessions, layers and routes.
//! No product rule lives here; they are in the `app` crate.
use std::net::SocketAddr;

pub mod layers;
mod serve;

pub use layers::{Hosts, MAX_REQUEST_BODY, parse_proxy};
pub use serve::{Limits, serve_with};

use app::db::Pool;
use app::request::SiteSettings;
use app::request::sessions::Sessions;
use app::{App, shell};
use axum::{
    Router,
    body::Body,
    extract::Request,
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

/// How the server runs; built from flags and environment by `main`.
#[derive(Clone, Debug)]
pub struct Settings {
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub public_url: String,
    /// Marks the session cookie `Secure` and sends `Strict-Transport-Security`
    /// (set it when served over HTTPS).
    pub secure_cookies: bool,
    /// Host names served besides the public URL's, the listen address and
    /// loopback.
    pub allowed_hosts: Vec<String>,
    /// The proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Whether an SMTP server sends the outbox (else operators read it).
    pub smtp: bool,
    /// The time the server goes by (real time, unless a test moves it).
    pub clock: app::db::Clock,
    /// Webhook endpoints may be on private addresses (tests only).
    pub webhook_allow_private: bool,
    /// Requests each API token may make per minute.
    pub api_rate_per_minute: u32,
}

impl Settings {
    /// Listening on `site_addr`, with nothing else configured.
    pub fn new(site_addr: SocketAddr, site_root: String) -> Settings {
        Settings {
            site_addr,
            site_root,
            public_url: String::new(),
            secure_cookies: false,
            allowed_hosts: Vec::new(),
            trusted_proxies: Vec::new(),
            smtp: false,
            clock: app::db::Clock::default(),
            webhook_allow_private: false,
            api_rate_per_minute: 120,
        }
    }

    /// The hosts this server answers for.
    pub fn hosts(&self) -> Hosts {
        Hosts::new(&self.public_url, self.site_addr, &self.allowed_hosts)
    }
}

pub const SESSION_COOKIE: &str = "liaison_session";

/// How often sessions past their expiry (and sign-in failures past their
/// window) are deleted from the database.
const EXPIRED_SESSIONS_SWEEP: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// The routes the server serves itself, beside the app's pages, its server
/// functions and the REST API: the invoice's CSV, the emailed link that
/// verifies an address, the live customer list. Those that read a session
/// pass the one gate (`app::request::gate`); a test walks these with the
/// pages, so a route added here cannot skip it.
pub const PLAIN_ROUTES: [&str; 3] = [
    "/partner/billing/invoice.csv",
    "/verify/{token}",
    "/partner/events",
];

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
pub async fn router(pool: Pool, settings: &Settings) -> Result<Router, sqlx::Error> {
    let options = LeptosOptions::builder()
        .output_name("liaison")
        .site_root(settings.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(settings.site_addr)
        .env(leptos::config::Env::PROD)
        .build();

    // Sessions live in the database, read by every request: a restart signs
    // nobody out, and any process serves any session.
    let store = Sessions::new(pool.clone());
    sweep_expired(store.clone(), pool.clone());
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
    let verify = {
        let pool = pool.clone();
        move |axum::extract::Path(token): axum::extract::Path<String>,
              client: Option<axum::Extension<app::request::ClientAddress>>| {
            verify_email(pool.clone(), token, client)
        }
    };
    let live = {
        let pool = pool.clone();
        move |session: tower_sessions::Session| app::customers::live_events(pool.clone(), session)
    };
    let throttle = app::auth::SignInThrottle::default();
    let mail = app::accounts::MailSettings {
        smtp: settings.smtp,
    };
    let (api_pool, api_site) = (pool.clone(), site.clone());
    let clock = settings.clock.clone();
    let allow_private = app::notify::webhooks::AllowPrivate(settings.webhook_allow_private);
    let context = move || {
        provide_context(clock.clone());
        provide_context(allow_private);
        provide_context(throttle.clone());
        provide_context(app::delegated::PasswordsToShow::default());
        provide_context(pool.clone());
        provide_context(site.clone());
        provide_context(mail);
        provide_context(app::request::RequestUser::default());
        app::request::provide_page_nonce();
    };
    let routes = route_list();
    let hosts = settings.hosts();

    let server_fns = {
        let context = context.clone();
        move |request: Request<Body>| handle_server_fns_with_context(context.clone(), request)
    };
    let [invoice_csv, verify_link, live_list] = PLAIN_ROUTES;
    let app = Router::new()
        // Unknown functions; leptos_routes registers each known one by path.
        .route("/api/{*fn_name}", post(server_fns))
        .route(invoice_csv, get(csv))
        .route(verify_link, get(verify))
        .route(live_list, get(live))
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .with_state(options)
        .merge(app::api::router(
            app::api::ApiState {
                pool: api_pool,
                site: api_site,
                allow_private,
                clock: settings.clock.clone(),
            },
            settings.api_rate_per_minute,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            layers::FailureSite {
                hosts: hosts.clone(),
                secure: settings.secure_cookies,
            },
            layers::form_failures,
        ))
        .layer(axum::middleware::from_fn(layers::no_trailing_slash))
        .layer(axum::middleware::from_fn(layers::failure_status))
        .layer(axum::middleware::from_fn(layers::body_within_limit))
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::<[ipnet::IpNet]>::from(settings.trusted_proxies.clone()),
            layers::client,
        ))
        .layer(axum::middleware::from_fn_with_state(
            layers::Site {
                public_url: settings.public_url.trim_end_matches('/').to_string(),
                secure: settings.secure_cookies,
            },
            layers::same_origin_and_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            hosts,
            layers::allowed_host,
        ))
        // Brotli or gzip for pages, JS, WASM and CSS, as the browser accepts.
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                let id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                let path = layers::redacted_path(request.uri().path());
                tracing::info_span!("request", id, method = %request.method(), path = %path)
            }),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid));
    Ok(app)
}

/// An emailed link that verifies a new account's address: a plain `GET`,
/// answered with a redirect to the invitation it came from (or to the
/// sign-in page, which says the link is not valid). It signs nobody in.
async fn verify_email(
    pool: Pool,
    token: String,
    client: Option<axum::Extension<app::request::ClientAddress>>,
) -> axum::response::Response {
    use axum::response::{IntoResponse, Redirect};
    let client = client.map_or_else(|| "unknown".to_string(), |c| c.0.0.to_string());
    match app::auth::open_verification_link(&pool, &token, &client).await {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(error) => (app::request::status_of(&error), format!("{error}")).into_response(),
    }
}

/// Deletes the sessions past their expiry, the sign-in failures past
/// their window and the sign-ups never verified in 7 days at start and
/// then every hour, so the tables keep only live
/// rows (any process may do it; doing it twice is harmless). A failed sweep
/// is tried again at the next; it stops when the pool closes.
fn sweep_expired(store: Sessions, pool: Pool) {
    use tower_sessions::ExpiredDeletion;
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EXPIRED_SESSIONS_SWEEP);
        loop {
            every.tick().await;
            let swept = store.delete_expired().await.map_err(|e| e.to_string());
            let forgotten = app::auth::store::forget_passed_windows(&pool, app::db::now_ms())
                .await
                .map_err(|e| format!("{e:?}"));
            let unverified =
                app::accounts::store::forget_unverified_sign_ups(&pool, app::db::now_ms())
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("{e:?}"));
            if let Err(error) = swept.and(forgotten).and(unverified) {
                if pool.is_closed() {
                    break;
                }
                // A database that is restarting or briefly unreachable:
                // the next sweep tries again.
                tracing::warn!(%error, "expired sessions were not swept this time");
            }
        }
    });
}

/// Serves `router` on `listener` until `shutdown` resolves, finishing
/// requests in flight, within the default [`Limits`] (how long a request's
/// head and body may take, how long a connection may idle, how many are
/// open at once).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, router, shutdown, Limits::default()).await
}
