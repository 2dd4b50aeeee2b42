//! The one error type every server function returns.
//!
//! Refusals are data: each feature has its own `Refusal` enum (in
//! [`crate::refusal`]), and the UI maps each variant to a locale key, so
//! tests match on variants and users read a sentence in their language.
use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

// What input is valid, and how invalid input is told, live with the input
// types; an error only carries it.
pub use crate::input::Invalid;
use crate::refusal::{
    accounts, auth, consent, delegated, integrations, invitations, relationships, subscriptions,
    support,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The visitor must sign in first.
    #[error("not signed in")]
    NotSignedIn,
    /// Signed in, but this page or action belongs to another kind of organization or role.
    #[error("not allowed")]
    NotAllowed,
    #[error("not found")]
    NotFound,
    /// A rule of the product said no.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("invalid input: {0:?}")]
    Invalid(Invalid),
    /// Something failed on our side; the id is in the server log.
    #[error("internal error, reference {0}")]
    Internal(String),
    /// The request did not reach the server or its answer could not be read.
    #[error("request failed: {0}")]
    Request(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    SignIn(auth::Refusal),
    Consent(consent::Refusal),
    Invitation(invitations::Refusal),
    Relationships(relationships::Refusal),
    Delegated(delegated::Refusal),
    Support(support::Refusal),
    Subscriptions(subscriptions::Refusal),
    Accounts(accounts::Refusal),
    Integrations(integrations::Refusal),
}

impl From<auth::Refusal> for AppError {
    fn from(refusal: auth::Refusal) -> Self {
        AppError::Refused(Refusal::SignIn(refusal))
    }
}

impl From<consent::Refusal> for AppError {
    fn from(refusal: consent::Refusal) -> Self {
        AppError::Refused(Refusal::Consent(refusal))
    }
}

impl From<invitations::Refusal> for AppError {
    fn from(refusal: invitations::Refusal) -> Self {
        AppError::Refused(Refusal::Invitation(refusal))
    }
}

impl From<relationships::Refusal> for AppError {
    fn from(refusal: relationships::Refusal) -> Self {
        AppError::Refused(Refusal::Relationships(refusal))
    }
}

impl From<delegated::Refusal> for AppError {
    fn from(refusal: delegated::Refusal) -> Self {
        AppError::Refused(Refusal::Delegated(refusal))
    }
}

impl From<support::Refusal> for AppError {
    fn from(refusal: support::Refusal) -> Self {
        AppError::Refused(Refusal::Support(refusal))
    }
}

impl From<subscriptions::Refusal> for AppError {
    fn from(refusal: subscriptions::Refusal) -> Self {
        AppError::Refused(Refusal::Subscriptions(refusal))
    }
}

impl From<accounts::Refusal> for AppError {
    fn from(refusal: accounts::Refusal) -> Self {
        AppError::Refused(Refusal::Accounts(refusal))
    }
}

impl From<integrations::Refusal> for AppError {
    fn from(refusal: integrations::Refusal) -> Self {
        AppError::Refused(Refusal::Integrations(refusal))
    }
}

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        AppError::Invalid(invalid)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Logs an unexpected failure with its chain and returns only a reference id.
    pub fn internal(error: impl std::fmt::Display + std::fmt::Debug) -> Self {
        let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
        tracing::error!(%reference, error = %error, debug = ?error, "internal error");
        AppError::Internal(reference)
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        AppError::internal(error)
    }
}

#[cfg(feature = "ssr")]
impl From<tower_sessions::session::Error> for AppError {
    fn from(error: tower_sessions::session::Error) -> Self {
        AppError::internal(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Field;

    /// The server reads a failed call's answer back to give it its HTTP
    /// status (`server::layers::failure_status`): every kind of failure
    /// must come back as it was sent.
    #[test]
    fn every_failure_reads_back_from_the_json_it_travels_in() {
        let failures = [
            AppError::NotSignedIn,
            AppError::NotAllowed,
            AppError::NotFound,
            AppError::Refused(Refusal::SignIn(auth::Refusal::TooManyAttempts {
                minutes: 3,
            })),
            AppError::Refused(Refusal::Subscriptions(
                subscriptions::Refusal::ServiceHeldBy("Contoso".into()),
            )),
            AppError::Invalid(Invalid::TooLong {
                field: Field::Title,
                max: 200,
            }),
            AppError::Internal("0123456789ab".into()),
            AppError::Request("missing field `code`".into()),
        ];
        for failure in failures {
            // As Leptos writes it in the answer, and as the server reads it.
            let sent = failure.ser();
            let read: AppError = serde_json::from_slice(&sent).unwrap();
            assert_eq!(read, failure);
        }
    }
}
