//! Who is signed in: organizations, roles, sign-in and sign-out.

mod api;
pub mod domain;
#[cfg(feature = "ssr")]
mod letters;
mod pages;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
mod tokens;
#[cfg(feature = "ssr")]
mod two_step;
mod view;

#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
mod throttle;

pub use kernel::identity::{CurrentUser, OrgKind, Organization, Role};

pub use kernel::refusal::auth::Refusal;

pub use domain::{home_of, safe_next};

pub use api::{
    NEW_PASSWORD_PAGE, PasswordLinkInfo, ReplaceTemporaryPassword, RequestPasswordReset,
    SetPassword, SignIn, SignInCodePending, SignOut, VerifySignInCode, Whoami, password_link_info,
    replace_temporary_password, request_password_reset, set_password, sign_in,
    sign_in_code_pending, sign_out, verify_sign_in_code, whoami,
};
#[cfg(feature = "ssr")]
pub use api::{complete_sign_in, open_verification_link};
pub use pages::{
    ForgotPasswordPage, NewPasswordFields, NewPasswordPage, SetPasswordPage, SignInCodePage,
};

// What the accounts feature builds on: emailed links and their letters,
// the rules of passwords and of two-step verification and its rows, and
// the throttle.
#[cfg(feature = "ssr")]
pub use letters::{
    Inviter, invitation as invitation_letter, two_step_reset as two_step_reset_letter,
    verify as verification_letter,
};
#[cfg(feature = "ssr")]
pub use password::check_new as check_new_password;
#[cfg(feature = "ssr")]
pub use store::{
    clear_failures, confirm_address, disable_two_step, domain_claimed, enable_two_step, end_links,
    end_sessions, issue_token, keep_two_step_secret, password_hash_of, two_step_of,
};
#[cfg(feature = "ssr")]
pub use throttle::{PER_ACCOUNT, SIGN_UPS_PER_ADDRESS, count as count_attempt};
#[cfg(feature = "ssr")]
pub use tokens::Purpose as LinkPurpose;
#[cfg(feature = "ssr")]
pub use two_step::{
    accepted_step, digest as secret_digest, new_recovery_codes, new_secret,
    normalized_recovery_code, otpauth_url, qr_svg,
};

/// An emailed link to choose a password, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PasswordLink {
    pub email: String,
    /// A reset ("Forgot password?") rather than a first password.
    pub reset: bool,
}
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
        two_step_due: false,
        password_change_due: false,
    }
}
