//! Who is signed in: organizations, roles, sign-in and sign-out.

mod api;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod password;
mod view;

#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
mod throttle;

pub use kernel::identity::{CurrentUser, OrgKind, Organization, Role};

pub use kernel::refusal::auth::Refusal;

pub use domain::safe_next;

pub use api::{SignIn, SignOut, Whoami, sign_in, sign_out, whoami};
#[cfg(feature = "ssr")]
pub use password::{generate as generate_password, hash as hash_password};
pub use view::{AuthActions, LoginPage};

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

#[cfg(test)]
mod tests {
    use super::*;

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
