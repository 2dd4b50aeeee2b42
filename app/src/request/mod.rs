//! What a server function knows about the request it serves.
use std::net::SocketAddr;

use axum::extract::ConnectInfo;

use crate::db::Pool;
use tower_sessions::Session;

use kernel::error::AppError;
use kernel::identity::CurrentUser;

pub mod sessions;
pub mod store;

pub use store::user_with_id;

/// The session key holding the signed-in user's id.
pub const SESSION_USER_KEY: &str = "user_id";

/// The session key holding when the user signed in (Unix milliseconds).
pub const SESSION_SIGNED_IN_KEY: &str = "signed_in_ms";

/// The session key holding when the user last gave their password again
/// in this session (Unix milliseconds).
pub const SESSION_PASSWORD_KEY: &str = "password_ms";

/// How long after giving their password (signing in, or again) a user
/// changes how they sign in without giving it once more.
pub const PASSWORD_RECENT_MS: i64 = 10 * 60 * 1000;

/// Whether the signed-in user gave their password in this session in the
/// last [`PASSWORD_RECENT_MS`]: a session taken from them later does not
/// change how they sign in without it.
pub async fn password_given_recently() -> Result<bool, AppError> {
    let session = session().await?;
    let signed_in = session
        .get::<i64>(SESSION_SIGNED_IN_KEY)
        .await?
        .unwrap_or(0);
    let again = session.get::<i64>(SESSION_PASSWORD_KEY).await?.unwrap_or(0);
    Ok(crate::db::Clock::current().now_ms() - signed_in.max(again) <= PASSWORD_RECENT_MS)
}

/// Notes in the session that the user gave their password just now.
pub async fn password_given() -> Result<(), AppError> {
    session()
        .await?
        .insert(SESSION_PASSWORD_KEY, crate::db::Clock::current().now_ms())
        .await?;
    Ok(())
}

/// The database pool the server provides to every request.
pub fn pool() -> Result<Pool, AppError> {
    leptos::prelude::use_context::<Pool>()
        .ok_or_else(|| AppError::internal("the database pool is missing from the context"))
}

/// Public settings the server provides (the site's public address).
#[derive(Clone, Debug, Default)]
pub struct SiteSettings {
    /// `LIAISON_PUBLIC_URL`, checked at start: an `http` or `https` URL
    /// without a path. Unset, the request's `Host` header is used (one of
    /// the hosts the server serves).
    pub public_url: Option<url::Url>,
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|error| AppError::internal(format!("no session: {error:?}")))
}

/// The signed-in user, if any. A session whose user is gone, or that began
/// before the user's password was reset, counts as signed out (and ends).
///
/// Looked up once per request: while a page renders, the header and the
/// page's own data both ask, and each lookup is a query.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let lookup = async { user_of_session(&pool()?, &session().await?).await };
    match leptos::prelude::use_context::<RequestUser>() {
        Some(RequestUser(user)) => user.get_or_try_init(|| lookup).await.cloned(),
        None => lookup.await,
    }
}

/// The signed-in user of the request being served, once looked up. The
/// server provides a new one to every request.
#[derive(Clone, Debug, Default)]
pub struct RequestUser(std::sync::Arc<tokio::sync::OnceCell<Option<CurrentUser>>>);

/// The user signed in with `session` (for handlers outside server functions).
pub async fn user_of_session(
    pool: &Pool,
    session: &Session,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(user_id) = session.get::<kernel::id::UserId>(SESSION_USER_KEY).await? else {
        return Ok(None);
    };
    let Some((user, changed_ms)) = store::session_user(pool, &user_id).await? else {
        return Ok(None);
    };
    if let Some(changed_ms) = changed_ms {
        let signed_in_ms = session
            .get::<i64>(SESSION_SIGNED_IN_KEY)
            .await?
            .unwrap_or(0);
        if signed_in_ms < changed_ms {
            session.flush().await?;
            return Ok(None);
        }
    }
    Ok(Some(user))
}

/// The signed-in user, or `NotSignedIn`.
pub async fn require_user() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or(AppError::NotSignedIn)
}

/// The one gate of everything a signed-in user does: someone signed in
/// (active, their address verified, their session begun after their
/// credentials last changed: [`user_of_session`]), who has replaced a
/// password someone else set (a partner's reset on the customer's behalf)
/// and has set up two-step verification if their organization requires
/// it. Server functions pass it through [`Context::signed_in`]; the routes
/// the server serves outside them (the invoice's CSV, the live customer
/// list) through [`gate`]; the REST API's tokens through it too.
pub fn through_gate(user: Option<CurrentUser>) -> Result<CurrentUser, AppError> {
    let user = not_due_for_a_new_password(user)?;
    if user.two_step_due {
        return Err(kernel::refusal::accounts::Refusal::TwoStepRequired.into());
    }
    Ok(user)
}

/// Someone signed in whose password was not set by someone else: a user
/// whose password a partner reset chooses a new one before anything else,
/// setting up two-step verification included.
fn not_due_for_a_new_password(user: Option<CurrentUser>) -> Result<CurrentUser, AppError> {
    let user = user.ok_or(AppError::NotSignedIn)?;
    if user.password_change_due {
        return Err(kernel::refusal::auth::Refusal::PasswordChangeRequired.into());
    }
    Ok(user)
}

/// [`through_gate`] for a route served outside server functions.
pub async fn gate(pool: &Pool, session: &Session) -> Result<CurrentUser, AppError> {
    through_gate(user_of_session(pool, session).await?)
}

/// What a server function serving a signed-in user works with, looked up
/// in one step: `let Context { user, pool, client } = Context::signed_in().await?;`
///
/// A failure needs no more from the function than its `Err`: the server
/// gives every failed call its HTTP status in one place (`status_of`, in
/// the `server` crate's `failure_status` layer); a form the browser posted
/// itself is sent back to its page instead, and a page rendering on the
/// server sets its own status from its main data (`ui::PageGuard`).
pub struct Context {
    pub user: CurrentUser,
    pub pool: Pool,
    /// The client's address, as the audit log records it.
    pub client: String,
}

/// [`Context`] for a server function anyone may call (signing in, the
/// consent page): the user is whoever is signed in, if anyone.
pub struct Visitor {
    pub user: Option<CurrentUser>,
    pub pool: Pool,
    pub client: String,
}

impl Visitor {
    pub async fn get() -> Result<Visitor, AppError> {
        Ok(Visitor {
            user: current_user().await?,
            pool: pool()?,
            client: client_ip().await,
        })
    }
}

impl Context {
    /// The request's context, or `NotSignedIn`; refused while the user's
    /// organization requires two-step verification they have not turned on
    /// (they set it up first, on their account page).
    pub async fn signed_in() -> Result<Context, AppError> {
        Ok(Context {
            user: through_gate(current_user().await?)?,
            pool: pool()?,
            client: client_ip().await,
        })
    }

    /// The request's context, or `NotSignedIn`, even while two-step
    /// verification is due: for the account page, where it is set up. A
    /// password someone else set is replaced first, even there.
    pub async fn signed_in_to_set_up() -> Result<Context, AppError> {
        Ok(Context {
            user: not_due_for_a_new_password(current_user().await?)?,
            pool: pool()?,
            client: client_ip().await,
        })
    }
}

/// The language of the request: the one the visitor chose (leptos_i18n's
/// cookie), else the first of `Accept-Language` that Liaison speaks, else
/// English. Email a request causes is written in it.
pub fn locale() -> crate::i18n::Locale {
    use crate::i18n::Locale;
    let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() else {
        return Locale::en;
    };
    let header = |name: http::header::HeaderName| {
        parts
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(";")
    };
    let pick = |tag: &str| match tag.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("fr") => Some(Locale::fr),
        Some("en") => Some(Locale::en),
        _ => None,
    };
    let chosen = cookies(&parts.headers, "i18n_pref_locale").find_map(pick);
    chosen
        .or_else(|| {
            header(http::header::ACCEPT_LANGUAGE)
                .split([',', ';'])
                .filter(|tag| !tag.trim().starts_with("q="))
                .find_map(pick)
        })
        .unwrap_or(Locale::en)
}

/// The client of a request as the server found it: the TCP peer, or behind
/// a trusted proxy the address the proxy forwarded for. The server puts it
/// on every request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

/// The address the request came from, as the audit log records it and the
/// sign-in throttle counts it.
pub async fn client_ip() -> String {
    let found = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientAddress>().copied());
    if let Some(ClientAddress(address)) = found {
        return address.to_string();
    }
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|_| "unknown".to_string())
}

/// The values of the cookies named `name` a request carries, in order (the
/// one cookie parser: the language chosen, a form's last failure).
pub fn cookies<'a>(
    headers: &'a http::HeaderMap,
    name: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(move |c| c.trim().strip_prefix(name)?.strip_prefix('='))
}

/// `scheme://host` as the visitor reaches this site, without a trailing
/// slash: the configured public address, or else the request's `Host`,
/// which the server has checked is one it serves (a request for any other
/// host never gets this far). The one place the site's address is derived.
pub fn site_address(configured: Option<&url::Url>, headers: &http::HeaderMap) -> String {
    if let Some(url) = configured {
        return url.origin().ascii_serialization();
    }
    let host = headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// [`site_address`] of the request being served.
pub async fn public_url() -> String {
    let configured = leptos::prelude::use_context::<SiteSettings>().and_then(|s| s.public_url);
    let headers = match configured {
        Some(_) => http::HeaderMap::new(),
        None => leptos::prelude::use_context::<http::request::Parts>()
            .map(|parts| parts.headers)
            .unwrap_or_default(),
    };
    site_address(configured.as_ref(), &headers)
}

/// What a page may load and run: its own files, and only the inline scripts
/// that carry this response's nonce (Leptos' hydration script). An injected
/// `<script>` has no nonce and does not run; `'strict-dynamic'` lets the
/// trusted script import the app's module, `'wasm-unsafe-eval'` lets it
/// compile the WASM.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The nonce the server minted for this response's scripts (see
/// the server's `csp` layer), carried on the request.
#[derive(Clone, Debug)]
pub struct PageNonce(pub std::sync::Arc<str>);

/// Gives the page being rendered the nonce its Content-Security-Policy
/// names, so Leptos' hydration scripts carry it. The policy itself is set
/// by the server around the response, so it never depends on the page's
/// rendering to send it.
pub fn provide_page_nonce() {
    let nonce = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// Sets the HTTP status of the page being rendered (no effect in a browser).
pub fn set_status(status: http::StatusCode) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// True for a form the browser posted as a navigation: it asks for HTML.
/// Server-function calls from the WASM ask for JSON.
pub fn plain_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// Sends a form the browser posted itself, once it succeeded, to `address`
/// (a path on this site, with what was done in its query). Calls from the
/// WASM get the function's answer as usual.
pub fn after_form_post(address: &str) {
    if plain_form_post() {
        leptos_axum::redirect(address);
    }
}

/// The HTTP status that goes with each kind of failure (a refusal is never
/// a 500).
pub fn status_of(error: &AppError) -> http::StatusCode {
    use http::StatusCode;
    match error {
        AppError::NotSignedIn => StatusCode::UNAUTHORIZED,
        AppError::Refused(kernel::error::Refusal::SignIn(kernel::refusal::auth::Refusal::Busy)) => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        AppError::NotAllowed | AppError::Refused(_) => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid(_) | AppError::Request(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::through_gate;
    use kernel::identity::{CurrentUser, OrgKind, Organization, Role};

    #[test]
    fn the_gate_holds_back_a_password_someone_else_set_before_two_step_set_up() {
        let mut user = CurrentUser {
            id: "u".into(),
            email: "u@example".into(),
            display_name: "U".into(),
            role: Role::CustomerUser,
            organization: Organization {
                id: "o".into(),
                slug: "o".into(),
                name: "O".into(),
                kind: OrgKind::Customer,
                cloud: "global".into(),
            },
            two_step_due: false,
            password_change_due: false,
        };
        assert_eq!(through_gate(Some(user.clone())), Ok(user.clone()));
        user.two_step_due = true;
        user.password_change_due = true;
        assert_eq!(
            through_gate(Some(user.clone())),
            Err(kernel::refusal::auth::Refusal::PasswordChangeRequired.into())
        );
        user.password_change_due = false;
        assert_eq!(
            through_gate(Some(user)),
            Err(kernel::refusal::accounts::Refusal::TwoStepRequired.into())
        );
        assert_eq!(
            through_gate(None),
            Err(kernel::error::AppError::NotSignedIn)
        );
    }
}
