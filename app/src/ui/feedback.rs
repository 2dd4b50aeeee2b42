//! What a user reads when something fails or loads: error sentences,
//! alerts, page guards, not allowed, not found.
use leptos::prelude::*;

use crate::i18n::*;
use kernel::error::{AppError, Invalid};
use kernel::input::Field;
use leptos_i18n::I18nContext;

/// How a refusal reads, in the reader's language. Each feature writes the
/// sentences of its own refusals beside them (`impl Sentence for
/// kernel::refusal::<feature>::Refusal`); the shell, which knows every
/// feature, hands the kernel's `Refusal` to the right one.
/// It takes the locale, not the page's i18n context, so the REST API
/// (which has no reactive owner) writes the very sentence a page shows.
pub trait Sentence {
    fn sentence(&self, locale: Locale) -> String;
}

/// The sentence a user reads for an error, in their language.
pub fn error_message(i18n: I18nContext<Locale>, error: &AppError) -> String {
    error_sentence(i18n.get_locale_untracked(), error)
}

/// The sentence for an error in `locale`: what a page shows, and what the
/// REST API's problems carry as `detail`.
pub fn error_sentence(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::NotSignedIn => td_string!(locale, errors.not_signed_in).to_string(),
        AppError::NotAllowed => td_string!(locale, errors.not_allowed).to_string(),
        AppError::NotFound => td_string!(locale, errors.not_found).to_string(),
        AppError::Internal(reference) => {
            // An address can carry any failure (a form's, sent back to its
            // page), so a reference is shown only if it has the shape the
            // server mints: never a text a stranger wrote into a link.
            let reference = if is_reference(reference) {
                reference.as_str()
            } else {
                "-"
            };
            td_string!(locale, errors.internal, reference = reference).to_string()
        }
        AppError::Request(_) => td_string!(locale, errors.request).to_string(),
        AppError::Invalid(Invalid::ParagraphTooLong { paragraph, max }) => td_string!(
            locale,
            errors.paragraph_too_long,
            paragraph = *paragraph,
            max = *max
        )
        .to_string(),
        AppError::Invalid(Invalid::AuthorizationNotGiven) => {
            td_string!(locale, errors.authorization_not_given).to_string()
        }
        AppError::Invalid(Invalid::Missing(field)) => {
            let field = field_label(locale, *field);
            td_string!(locale, errors.missing, field = field.as_str()).to_string()
        }
        AppError::Invalid(Invalid::TooLong { field, max }) => {
            let field = field_label(locale, *field);
            td_string!(locale, errors.too_long, field = field.as_str(), max = *max).to_string()
        }
        AppError::Invalid(Invalid::TooShort { field, min }) => {
            let field = field_label(locale, *field);
            td_string!(locale, errors.too_short, field = field.as_str(), min = *min).to_string()
        }
        AppError::Invalid(Invalid::Malformed(field)) => {
            let field = field_label(locale, *field);
            td_string!(locale, errors.malformed, field = field.as_str()).to_string()
        }
        AppError::Invalid(Invalid::OutOfRange { field, min, max }) => {
            let field = field_label(locale, *field);
            td_string!(
                locale,
                errors.out_of_range,
                field = field.as_str(),
                min = *min,
                max = *max
            )
            .to_string()
        }
        AppError::Invalid(Invalid::CommonPassword) => {
            td_string!(locale, errors.common_password).to_string()
        }
        AppError::Invalid(Invalid::PasswordsDiffer) => {
            td_string!(locale, errors.passwords_differ).to_string()
        }
        AppError::Refused(refusal) => refusal.sentence(locale),
    }
}

/// True for a reference to an internal error as `AppError::internal` makes
/// them: 12 hexadecimal digits.
fn is_reference(reference: &str) -> bool {
    reference.len() == 12 && reference.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The name of a form field, as the error messages use it.
fn field_label(locale: Locale, field: Field) -> String {
    match field {
        Field::DisplayName => td_string!(locale, fields.display_name),
        Field::Email => td_string!(locale, fields.email),
        Field::Title => td_string!(locale, fields.title),
        Field::Description => td_string!(locale, fields.description),
        Field::Severity => td_string!(locale, fields.severity),
        Field::Reply => td_string!(locale, fields.reply),
        Field::Service => td_string!(locale, fields.service),
        Field::Action => td_string!(locale, fields.action),
        Field::Date => td_string!(locale, fields.date),
        Field::Seats => td_string!(locale, fields.seats),
        Field::Quantity => td_string!(locale, fields.quantity),
        Field::Offer => td_string!(locale, fields.offer),
        Field::Addon => td_string!(locale, fields.addon),
        Field::Version => td_string!(locale, fields.version),
        Field::Month => td_string!(locale, fields.month),
        Field::Price => td_string!(locale, fields.price),
        Field::Search => td_string!(locale, fields.search),
        Field::Password => td_string!(locale, fields.password),
        Field::NewPassword => td_string!(locale, fields.new_password),
        Field::Code => td_string!(locale, fields.code),
        Field::OrganizationName => td_string!(locale, fields.organization_name),
        Field::LegalName => td_string!(locale, fields.legal_name),
        Field::Domain => td_string!(locale, fields.domain),
        Field::PartnerNumber => td_string!(locale, fields.partner_number),
        Field::Kind => td_string!(locale, fields.kind),
        Field::Cloud => td_string!(locale, fields.cloud),
        Field::Role => td_string!(locale, fields.role),
        Field::DurationDays => td_string!(locale, fields.duration_days),
        Field::CustomerDomain => td_string!(locale, fields.customer_domain),
        Field::TokenName => td_string!(locale, fields.token_name),
        Field::EndpointUrl => td_string!(locale, fields.endpoint_url),
        Field::ExpiresInDays => td_string!(locale, fields.expires_in_days),
    }
    .to_string()
}

/// An error, announced to assistive technology.
#[component]
pub fn ErrorAlert(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p role="alert" class="alert">
            {move || error_message(i18n, &error)}
        </p>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="muted" aria-busy="true">{tu_string!(i18n, common.loading)}</p> }
}

/// What a page shows when its data was refused: sign in, not allowed, not found.
#[component]
pub fn PageGuard(error: AppError) -> impl IntoView {
    match error {
        AppError::NotSignedIn => {
            // In the browser, a session that ended since the page loaded.
            #[cfg(feature = "hydrate")]
            {
                super::sign_in_again();
                ().into_any()
            }
            #[cfg(not(feature = "hydrate"))]
            view! { <leptos_router::components::Redirect path=super::login_url(&super::here()) /> }
                .into_any()
        }
        AppError::NotAllowed => view! { <NotAllowed /> }.into_any(),
        // The organization requires two-step verification first.
        AppError::Refused(kernel::error::Refusal::Accounts(
            kernel::refusal::accounts::Refusal::TwoStepRequired,
        )) => view! { <leptos_router::components::Redirect path="/account" /> }.into_any(),
        // A password someone else set is replaced first (`auth::NEW_PASSWORD_PAGE`).
        AppError::Refused(kernel::error::Refusal::SignIn(
            kernel::refusal::auth::Refusal::PasswordChangeRequired,
        )) => {
            view! { <leptos_router::components::Redirect path="/login/new-password" /> }.into_any()
        }
        error => {
            #[cfg(feature = "ssr")]
            crate::request::set_status(crate::request::status_of(&error));
            view! { <ErrorAlert error /> }.into_any()
        }
    }
}

/// A signed-in user opened a page meant for another kind of organization.
#[component]
pub fn NotAllowed() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    crate::request::set_status(http::StatusCode::FORBIDDEN);
    view! {
        <div class="narrow">
            <crate::ui::PageHeading text={tu_string!(i18n, errors.not_allowed_heading)} />
            <p role="alert" class="alert">{tu_string!(i18n, errors.not_allowed)}</p>
            <p>
                <a href="/">{tu_string!(i18n, common.back_home)}</a>
            </p>
        </div>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    crate::request::set_status(http::StatusCode::NOT_FOUND);
    view! {
        <div class="narrow">
            <crate::ui::PageHeading text={tu_string!(i18n, errors.not_found_heading)} />
            <p>
                <a href="/">{tu_string!(i18n, common.back_home)}</a>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_minted_reference_is_shown() {
        assert!(super::is_reference("0123456789ab"));
        assert!(!super::is_reference("call 555-0100"));
        assert!(!super::is_reference("0123456789abc"));
        assert!(!super::is_reference(""));
    }
}

/// Says, in a polite live region, that a list brought itself up to date
/// (`changes` counts its reloads; the first is the page's own). The region
/// is on the page from the start, so the sentence is announced when it
/// comes, and again, a new node, at each later change.
#[component]
pub fn LiveUpdate(changes: ReadSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p role="status" class="visually-hidden">
            {move || {
                (changes.get() > 1).then(|| view! { <span>{tu_string!(i18n, common.list_updated)}</span> })
            }}
        </p>
    }
}
