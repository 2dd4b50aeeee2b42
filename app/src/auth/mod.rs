//! Who is signed in: organizations, roles, sign-in and sign-out.
use leptos::prelude::*;

use crate::i18n::*;
use crate::ui::ErrorAlert;
use kernel::error::AppError;

#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
mod throttle;

pub use kernel::identity::{CurrentUser, OrgKind, Organization, Role};
pub use kernel::refusal::auth::Refusal;

/// Keeps `?next=` on this site: only a local absolute path is followed.
pub fn safe_next(next: Option<&str>) -> Option<&str> {
    let next = next?.trim();
    let local = next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\");
    let clean = !next.chars().any(|c| c.is_control());
    (local && clean).then_some(next)
}

/// Failed sign-ins seen by one server, per account and per address, and the
/// password checks it runs at once; the server provides it to every request.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct SignInThrottle {
    failures: std::sync::Arc<std::sync::Mutex<throttle::Throttle>>,
    checks: std::sync::Arc<password::Checks>,
}

#[cfg(feature = "ssr")]
impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle::with_checks(password::Checks::for_this_machine())
    }
}

#[cfg(feature = "ssr")]
impl SignInThrottle {
    pub fn with_checks(checks: password::Checks) -> Self {
        SignInThrottle {
            failures: Default::default(),
            checks: std::sync::Arc::new(checks),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, throttle::Throttle> {
        self.failures.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts the attempt against the account and the address before its
    /// password is checked, so that attempts sent at once cannot slip past
    /// the limit while each other's checks run.
    fn reserve(&self, account: &str, address: &str) -> Result<(), Refusal> {
        use throttle::{PER_ACCOUNT, PER_ADDRESS};
        self.lock()
            .reserve(
                &[(account, PER_ACCOUNT), (address, PER_ADDRESS)],
                std::time::Instant::now(),
            )
            .map_err(|wait| Refusal::TooManyAttempts {
                minutes: throttle::minutes(wait),
            })
    }

    /// The attempt was not a failure: the right password clears the
    /// account (as before attempts were counted ahead: a guess still in
    /// flight then counts afresh), and the address gets its attempt back.
    fn succeeded(&self, account: &str, address: &str) {
        let mut failures = self.lock();
        failures.clear(account);
        failures.release(address, std::time::Instant::now());
    }

    /// The attempt was never checked: both get it back.
    fn not_checked(&self, account: &str, address: &str) {
        let mut failures = self.lock();
        let now = std::time::Instant::now();
        failures.release(account, now);
        failures.release(address, now);
    }
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let pool = crate::request::pool()?;
    let session = crate::request::session().await?;
    let email = email.trim().to_lowercase();
    let address = crate::request::client_ip().await;
    let (account_key, address_key) = (format!("account:{email}"), format!("address:{address}"));
    let throttles = leptos::prelude::use_context::<SignInThrottle>().unwrap_or_default();
    throttles.reserve(&account_key, &address_key)?;
    let user = match store::credentials_by_email(&pool, &email).await {
        Ok(user) => user,
        Err(error) => {
            throttles.not_checked(&account_key, &address_key);
            return Err(error);
        }
    };
    // Verify against a dummy hash when the email is unknown, so both cost the same.
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let Some(verified) = throttles.checks.verify(password, hash).await else {
        throttles.not_checked(&account_key, &address_key);
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                http::header::RETRY_AFTER,
                http::HeaderValue::from_static("1"),
            );
        }
        return Err(Refusal::Busy.into());
    };
    let Some(user) = user.filter(|_| verified) else {
        // The attempt stays counted as the failure it is.
        return Err(Refusal::WrongCredentials.into());
    };
    throttles.succeeded(&account_key, &address_key);
    // A new session id at sign-in: a planted id never becomes a signed-in one.
    session.cycle_id().await?;
    session
        .insert(crate::request::SESSION_USER_KEY, &user.id)
        .await?;
    session
        .insert(crate::request::SESSION_SIGNED_IN_KEY, crate::db::now_ms())
        .await?;
    let target = match safe_next(next.as_deref()) {
        Some(next) => next.to_string(),
        None => crate::request::store::current_user(&pool, &user.id)
            .await?
            .map(|u| u.home().to_string())
            .unwrap_or_else(|| "/".to_string()),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let session = crate::request::session().await?;
    // Deletes the session on the server, not only the cookie.
    session.flush().await?;
    leptos_axum::redirect("/login");
    Ok(())
}

#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    crate::request::current_user().await
}

/// Who is signed in, and the sign-out action, for the header and the home
/// page. Both are rendered on the server: signing in or out loads a new page.
#[derive(Clone, Copy)]
pub struct AuthActions {
    pub sign_out: ServerAction<SignOut>,
    pub user: crate::ui::Data<Option<CurrentUser>>,
}

impl AuthActions {
    pub fn provide() -> Self {
        let actions = AuthActions {
            sign_out: ServerAction::<SignOut>::new(),
            user: crate::ui::data(|| (), |_| whoami()),
        };
        provide_context(actions);
        actions
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let next = crate::ui::query_value("next").unwrap_or_default();
    view! {
        <div class="narrow">
            <h1>{tu_string!(i18n, login.heading)}</h1>
            <p class="lead">{tu_string!(i18n, login.intro)}</p>
            <LoginForm next />
        </div>
    }
}

/// The sign-in form. Sent before the page is interactive, it is a plain form
/// post that the server answers with a redirect; once interactive, a failure
/// shows here and success goes where the server says.
#[island]
fn LoginForm(next: String) -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let sign_in = ServerAction::<SignIn>::new();
    let pending = sign_in.pending();
    let error = move || sign_in.value().get().and_then(Result::err);
    view! {
        <ActionForm action=sign_in attr:class="stack">
            <input type="hidden" name="next" value=next />
            <label>
                <span>{tu_string!(i18n, login.email)}</span>
                <input type="email" name="email" autocomplete="username" required />
            </label>
            <label>
                <span>{tu_string!(i18n, login.password)}</span>
                <input type="password" name="password" autocomplete="current-password" required />
            </label>
            <button type="submit" class="primary" aria-busy=move || pending.get().to_string()>
                {tu_string!(i18n, login.submit)}
            </button>
            <Show when=move || pending.get()>
                <p class="muted" aria-live="polite">{tu_string!(i18n, common.working)}</p>
            </Show>
        </ActionForm>
        {move || error().map(|error| view! { <ErrorAlert error /> })}
    }
}

/// A user of an organization of `kind` in `cloud`, for the rules' unit tests.
#[cfg(test)]
pub(crate) fn test_user(kind: OrgKind, role: Role, cloud: &str) -> CurrentUser {
    CurrentUser {
        id: "u".into(),
        email: "u@example".into(),
        display_name: "U".into(),
        role,
        organization: Organization {
            id: "o".into(),
            slug: "o".into(),
            name: "O".into(),
            kind,
            cloud: cloud.into(),
        },
    }
}

/// How each refusal of this feature reads.
impl crate::ui::Reading for kernel::refusal::auth::Refusal {
    fn reading(&self, i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
        use kernel::refusal::auth::Refusal;
        match self {
            Refusal::WrongCredentials => tu_string!(i18n, errors.wrong_credentials).to_string(),
            Refusal::TooManyAttempts { minutes } => {
                tu_string!(i18n, errors.too_many_attempts, minutes = *minutes).to_string()
            }
            Refusal::Busy => tu_string!(i18n, errors.sign_in_busy).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(
            safe_next(Some("/invitations/abc")),
            Some("/invitations/abc")
        );
        assert_eq!(safe_next(Some("//evil.example/x")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("")), None);
        assert_eq!(safe_next(None), None);
        assert_eq!(safe_next(Some("/a\nb")), None);
    }

    #[test]
    fn roles_and_kinds_round_trip() {
        for role in [
            "admin_agent",
            "sales_agent",
            "helpdesk_agent",
            "customer_admin",
            "customer_user",
            "operator",
        ] {
            assert_eq!(Role::parse(role).map(Role::as_str), Some(role));
        }
        for kind in ["partner_csp", "partner_advisor", "customer", "operator"] {
            assert_eq!(OrgKind::parse(kind).map(OrgKind::as_str), Some(kind));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
