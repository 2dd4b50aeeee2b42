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

pub use domain::{home_of, safe_next};

pub use api::{SignIn, SignOut, Whoami, sign_in, sign_out, whoami};
#[cfg(feature = "ssr")]
pub use password::{generate as generate_password, hash as hash_password};
#[cfg(feature = "ssr")]
pub use throttle::SignInThrottle;
pub use view::{AuthActions, LoginPage};

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
