//! Wiring only: configuration, database, sessions, layers and routes.
//! No product rule lives here; they are in the `app` crate.
pub mod config;
pub mod layers;
mod serve;
pub mod state;

pub use config::{Config, parse_proxy};
pub use layers::{Hosts, MAX_REQUEST_BODY};
pub use serve::{Limits, serve_with};
pub use state::AppState;

use app::db::Pool;
use app::request::sessions::Sessions;
use app::{App, shell};
use axum::extract::FromRef;
use axum::{
    Router,
    body::Body,
    extract::Request,
    routing::{get, post},
};
use leptos::prelude::LeptosOptions;
use leptos_axum::{AxumRouteListing, LeptosRoutes, handle_server_fns_with_context};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

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

/// The addresses of the app's server functions (`/api/{fn}`).
fn server_function_paths() -> std::collections::HashSet<&'static str> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect()
}

/// The app's routes with its server functions marked as left out, listed
/// once per process. Listing runs the whole app with resource loading
/// suspended process-wide (leptos issue #4773): a page another router
/// renders at that moment waits forever. The tests build many routers in
/// one process, and hung now and then until the list was shared.
fn listings() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES
        .get_or_init(|| {
            let functions = server_function_paths().into_iter().map(String::from);
            leptos_axum::generate_route_list_with_exclusions(App, Some(functions.collect()))
        })
        .clone()
}

/// The app's pages.
pub fn route_list() -> Vec<AxumRouteListing> {
    let functions = server_function_paths();
    listings()
        .into_iter()
        .filter(|listing| !functions.contains(listing.path()))
        .collect()
}

/// The complete application router over `pool`: the pages, the server
/// functions, the REST API and the browser's files, each with its own
/// layers ([`layers`] lists them), and the layers of every route around
/// them. It fails when the site's `assets.txt` cannot be read or is not
/// valid.
pub async fn router(pool: Pool, config: &Config) -> Result<Router, std::io::Error> {
    let state = AppState::new(pool, config)?;
    let pool = state.pool.clone();

    // Sessions live in the database, read by every request: a restart signs
    // nobody out, and any process serves any session.
    let store = Sessions::new(pool.clone());
    sweep_expired(store.clone(), pool.clone(), state.clock.clone());
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::days(7),
        ));

    let csv = {
        let pool = pool.clone();
        move |session, query| app::billing::export_csv(pool.clone(), session, query)
    };
    let verify = {
        let (pool, clock) = (pool.clone(), state.clock.clone());
        move |axum::extract::Path(token): axum::extract::Path<String>,
              client: Option<axum::Extension<app::request::ClientAddress>>| {
            verify_email(pool.clone(), clock.clone(), token, client)
        }
    };
    let live = {
        let pool = pool.clone();
        move |session: tower_sessions::Session| app::customers::live_events(pool.clone(), session)
    };
    let context = state.context();
    let [invoice_csv, verify_link, live_list] = PLAIN_ROUTES;
    let pages = Router::new()
        .route(invoice_csv, get(csv))
        .route(verify_link, get(verify))
        .route(live_list, get(live))
        .leptos_routes_with_context(&state.options, listings(), context.clone(), {
            let options = state.options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            LeptosOptions,
            _,
        >(context.clone(), shell))
        .with_state(state.options.clone());

    // Every server function, known or not, by its address: Leptos finds
    // the function the path names.
    let server_functions = Router::new().route(
        "/api/{*fn_name}",
        post(move |request: Request<Body>| {
            handle_server_fns_with_context(context.clone(), request)
        }),
    );
    let rest_api = app::api::router(
        app::api::ApiState::from_ref(&state),
        config.api_rate_per_minute,
    );

    let app = layers::pages(pages, &state, sessions.clone())
        .merge(layers::server_functions(server_functions, &state, sessions))
        .merge(layers::rest_api(rest_api))
        .merge(layers::assets::router(std::path::Path::new(
            &config.site_root,
        )));
    Ok(layers::every_route(app, &state))
}

/// An emailed link that verifies a new account's address: a plain `GET`,
/// answered with a redirect to the invitation it came from (or to the
/// sign-in page, which says the link is not valid). It signs nobody in.
/// The time is the server's clock.
async fn verify_email(
    pool: Pool,
    clock: app::db::Clock,
    token: String,
    client: Option<axum::Extension<app::request::ClientAddress>>,
) -> axum::response::Response {
    use axum::response::{IntoResponse, Redirect};
    let client = client.map_or_else(|| "unknown".to_string(), |c| c.0.0.to_string());
    match app::auth::open_verification_link(&pool, &clock, &token, &client).await {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(error) => (app::request::status_of(&error), format!("{error}")).into_response(),
    }
}

/// Deletes the sessions past their expiry, the sign-in failures past
/// their window and the sign-ups never verified in 7 days at start and
/// then every hour, so the tables keep only live
/// rows (any process may do it; doing it twice is harmless). A failed sweep
/// is tried again at the next; it stops when the pool closes. Sign-in
/// windows and sign-ups pass by the server's `clock`.
fn sweep_expired(store: Sessions, pool: Pool, clock: app::db::Clock) {
    use tower_sessions::ExpiredDeletion;
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EXPIRED_SESSIONS_SWEEP);
        loop {
            every.tick().await;
            let swept = store.delete_expired().await.map_err(|e| e.to_string());
            let forgotten = app::auth::store::forget_passed_windows(&pool, clock.now_ms())
                .await
                .map_err(|e| format!("{e:?}"));
            let unverified =
                app::accounts::store::forget_unverified_sign_ups(&pool, clock.now_ms())
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
