//! What the REST API answers when it does not do what was asked: an RFC
//! 9457 problem (`application/problem+json`) whose `code` is a stable
//! identifier for programs (a refusal's own code, written beside it in
//! `kernel::refusal`, or one of [`CODES`]) and whose `detail` is the
//! sentence a person reads, the very one the pages show, in the request's
//! `Accept-Language` (English unless French is preferred).
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::i18n::*;
use kernel::error::{AppError, Invalid, Refusal};

/// An RFC 9457 problem: what went wrong, for a program and for a person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank`: the status says it).
    #[serde(rename = "type")]
    #[schema(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What went wrong, as the pages say it, in the request's language.
    pub detail: String,
    #[schema(schema_with = code_schema)]
    pub code: String,
}

/// Why a request failed, before it is written in the reader's language.
#[derive(Debug, Clone)]
pub enum ApiError {
    /// An error of the application: a refusal, bad input, not found…
    App(AppError),
    /// The query string does not fit the operation's parameters: the one
    /// named (as the client wrote it) does not.
    BadQuery(String),
    /// The body is not the JSON the operation reads: where the reading
    /// stopped, line and column.
    BadBody {
        line: usize,
        column: usize,
    },
    MethodNotAllowed,
    /// Past the rate limit: try again in this many seconds.
    TooMany(u64),
    TooLarge,
    /// The body did not arrive before the server's deadline.
    Late,
    NulCharacter,
    /// The request could not be read at all.
    Unreadable,
}

/// The codes of the problems that are not a rule's refusal.
pub const CODES: &[&str] = &[
    "unauthorized",
    "not_allowed",
    "not_found",
    "internal",
    "unreadable",
    "paragraph_too_long",
    "authorization_not_given",
    "missing",
    "too_long",
    "too_short",
    "malformed",
    "out_of_range",
    "common_password",
    "passwords_differ",
    "bad_query",
    "bad_body",
    "method_not_allowed",
    "rate_limited",
    "too_large",
    "late",
    "nul_character",
];

/// Every code a problem may carry: [`CODES`], then every refusal's.
pub fn all_codes() -> impl Iterator<Item = &'static str> {
    CODES
        .iter()
        .chain(kernel::refusal::CODES.iter().copied().flatten())
        .copied()
}

/// The `code` field in the OpenAPI document: one of every code there is.
fn code_schema() -> utoipa::openapi::Object {
    use utoipa::openapi::{ObjectBuilder, schema::Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "What went wrong, for programs: a stable identifier that never changes \
             (a rule's refusal, such as `service_held_by`, or a problem of the request, \
             such as `bad_query`).",
        ))
        .enum_values(Some(all_codes()))
        .build()
}

/// The code of a refusal of any feature.
fn refusal_code(refusal: &Refusal) -> &'static str {
    match refusal {
        Refusal::SignIn(refusal) => refusal.code(),
        Refusal::Consent(refusal) => refusal.code(),
        Refusal::Invitation(refusal) => refusal.code(),
        Refusal::Relationships(refusal) => refusal.code(),
        Refusal::Delegated(refusal) => refusal.code(),
        Refusal::Support(refusal) => refusal.code(),
        Refusal::Subscriptions(refusal) => refusal.code(),
        Refusal::Accounts(refusal) => refusal.code(),
        Refusal::Integrations(refusal) => refusal.code(),
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::App(error) => crate::request::status_of(error),
            ApiError::BadQuery(_) | ApiError::BadBody { .. } | ApiError::NulCharacter => {
                StatusCode::BAD_REQUEST
            }
            ApiError::Unreadable => StatusCode::BAD_REQUEST,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Late => StatusCode::REQUEST_TIMEOUT,
        }
    }

    /// The problem's stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::App(error) => match error {
                AppError::NotSignedIn => "unauthorized",
                AppError::NotAllowed => "not_allowed",
                AppError::NotFound => "not_found",
                AppError::Internal(_) => "internal",
                AppError::Request(_) => "unreadable",
                AppError::Refused(refusal) => refusal_code(refusal),
                AppError::Invalid(invalid) => match invalid {
                    Invalid::ParagraphTooLong { .. } => "paragraph_too_long",
                    Invalid::AuthorizationNotGiven => "authorization_not_given",
                    Invalid::Missing(_) => "missing",
                    Invalid::TooLong { .. } => "too_long",
                    Invalid::TooShort { .. } => "too_short",
                    Invalid::Malformed(_) => "malformed",
                    Invalid::OutOfRange { .. } => "out_of_range",
                    Invalid::CommonPassword => "common_password",
                    Invalid::PasswordsDiffer => "passwords_differ",
                },
            },
            ApiError::BadQuery(_) => "bad_query",
            ApiError::BadBody { .. } => "bad_body",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::TooMany(_) => "rate_limited",
            ApiError::TooLarge => "too_large",
            ApiError::Late => "late",
            ApiError::NulCharacter => "nul_character",
            ApiError::Unreadable => "unreadable",
        }
    }

    /// What went wrong in `locale`: for a refusal, bad input or a failure
    /// on our side, the sentence the pages show; for what only a program
    /// meets (a token, a query string), the API's own.
    pub fn detail(&self, locale: Locale) -> String {
        match self {
            ApiError::App(AppError::NotSignedIn) => td_string!(locale, api.no_token).to_string(),
            ApiError::App(AppError::NotAllowed) => td_string!(locale, api.not_allowed).to_string(),
            ApiError::App(AppError::NotFound) => td_string!(locale, api.not_found).to_string(),
            ApiError::App(AppError::Request(_)) | ApiError::Unreadable => {
                td_string!(locale, api.unreadable).to_string()
            }
            ApiError::App(error) => crate::ui::error_sentence(locale, error),
            ApiError::BadQuery(parameter) => {
                td_string!(locale, api.bad_query, parameter = parameter.as_str()).to_string()
            }
            ApiError::BadBody { line, column } => {
                td_string!(locale, api.bad_body, line = *line, column = *column).to_string()
            }
            ApiError::MethodNotAllowed => td_string!(locale, api.method_not_allowed).to_string(),
            ApiError::TooMany(seconds) => {
                td_string!(locale, api.too_many, seconds = *seconds).to_string()
            }
            ApiError::TooLarge => td_string!(locale, api.too_large).to_string(),
            ApiError::Late => td_string!(locale, api.late).to_string(),
            ApiError::NulCharacter => td_string!(locale, api.nul_character).to_string(),
        }
    }

    /// The problem as a client reads it in `locale`.
    pub fn problem(&self, locale: Locale) -> Problem {
        let status = self.status();
        Problem {
            kind: "about:blank".to_string(),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: self.detail(locale),
            code: self.code().to_string(),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> ApiError {
        ApiError::App(error)
    }
}

impl From<Invalid> for ApiError {
    fn from(invalid: Invalid) -> ApiError {
        ApiError::App(invalid.into())
    }
}

/// An answer's error, kept on the response so that [`super::language`] can
/// write it again in the request's language.
#[derive(Clone)]
pub(super) struct Written(pub(super) ApiError);

/// In English; [`super::language`] writes it again in the request's language.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/problem+json"),
            )],
            body(&self, Locale::en),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let ApiError::TooMany(seconds) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(Written(self));
        response
    }
}

/// The problem's JSON in `locale`.
pub(super) fn body(error: &ApiError, locale: Locale) -> String {
    serde_json::to_string(&error.problem(locale)).unwrap_or_default()
}

/// What every operation may answer besides its own: no valid token, or too
/// many requests with it.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum Refused {
    /// No valid token
    #[response(status = 401, content_type = "application/problem+json")]
    NoToken(Problem),
    /// Too many requests
    #[response(
        status = 429,
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait"))
    )]
    TooMany(Problem),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_and_a_refusal_reads_as_its_page_does() {
        let all: Vec<&str> = all_codes().collect();
        let mut unique = all.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), all.len(), "a code is used twice");
        let errors = [
            ApiError::App(AppError::NotSignedIn),
            ApiError::App(AppError::NotAllowed),
            ApiError::App(AppError::NotFound),
            ApiError::App(AppError::internal("test")),
            ApiError::App(AppError::Request("x".into())),
            ApiError::App(Invalid::CommonPassword.into()),
            ApiError::BadQuery("x".into()),
            ApiError::BadBody { line: 1, column: 2 },
            ApiError::MethodNotAllowed,
            ApiError::TooMany(3),
            ApiError::TooLarge,
            ApiError::Late,
            ApiError::NulCharacter,
            ApiError::Unreadable,
        ];
        for error in errors {
            assert!(all.contains(&error.code()), "{error:?}");
            for locale in [Locale::en, Locale::fr] {
                let detail = error.detail(locale);
                assert!(!detail.is_empty() && !detail.contains("{{"), "{detail}");
            }
        }
        let held = ApiError::App(AppError::Refused(Refusal::Subscriptions(
            kernel::refusal::subscriptions::Refusal::ServiceHeldBy("Contoso".into()),
        )));
        assert_eq!(held.code(), "service_held_by");
        let english = held.problem(Locale::en);
        assert!(
            english.detail.starts_with("Contoso already transacts"),
            "{english:?}"
        );
        assert!(
            held.detail(Locale::fr).starts_with("Contoso effectue déjà"),
            "{}",
            held.detail(Locale::fr)
        );
        assert_eq!(english.status, 403);
    }
}
