//! Shared pieces of the interface that know no feature: resources, forms,
//! the address, alerts and guards, the dialog, formatting.
use leptos::prelude::*;

use crate::i18n::*;
use kernel::error::{AppError, Invalid, Refusal};
use kernel::input::Field;
use leptos_i18n::I18nContext;

/// How a resource's value travels from the server's render to the browser:
/// JSON, as with leptos' default codec, but read from bytes. Server
/// functions' answers are read from bytes too, so the browser carries one
/// JSON reader per type instead of two (one for `&str`, one for bytes).
pub struct Json;

impl<T: serde::Serialize> leptos::server::codee::Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: serde::de::DeserializeOwned> leptos::server::codee::Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(value: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(value.as_bytes())
    }
}

/// What a page loads from a server function, hydrated with [`Json`].
pub type Data<T> = Resource<Result<T, AppError>, Json>;

/// `Resource::new`, with [`Json`].
pub fn data<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Data<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// The sentence a user reads for an error, in their language.
pub fn error_message(i18n: I18nContext<Locale>, error: &AppError) -> String {
    use kernel::refusal::{
        auth, consent, delegated, invitations, relationships, subscriptions, support,
    };
    match error {
        AppError::NotSignedIn => tu_string!(i18n, errors.not_signed_in).to_string(),
        AppError::NotAllowed => tu_string!(i18n, errors.not_allowed).to_string(),
        AppError::NotFound => tu_string!(i18n, errors.not_found).to_string(),
        AppError::Internal(reference) => {
            // An address can carry any failure (a form's, sent back to its
            // page), so a reference is shown only if it has the shape the
            // server mints: never a text a stranger wrote into a link.
            let reference = if is_reference(reference) {
                reference.as_str()
            } else {
                "-"
            };
            tu_string!(i18n, errors.internal, reference = reference).to_string()
        }
        AppError::Request(_) => tu_string!(i18n, errors.request).to_string(),
        AppError::Invalid(Invalid::ParagraphTooLong { paragraph, max }) => tu_string!(
            i18n,
            errors.paragraph_too_long,
            paragraph = *paragraph,
            max = *max
        )
        .to_string(),
        AppError::Invalid(Invalid::AuthorizationNotGiven) => {
            tu_string!(i18n, errors.authorization_not_given).to_string()
        }
        AppError::Invalid(Invalid::Missing(field)) => {
            let field = field_label(i18n, *field);
            tu_string!(i18n, errors.missing, field = field.as_str()).to_string()
        }
        AppError::Invalid(Invalid::TooLong { field, max }) => {
            let field = field_label(i18n, *field);
            tu_string!(i18n, errors.too_long, field = field.as_str(), max = *max).to_string()
        }
        AppError::Invalid(Invalid::TooShort { field, min }) => {
            let field = field_label(i18n, *field);
            tu_string!(i18n, errors.too_short, field = field.as_str(), min = *min).to_string()
        }
        AppError::Invalid(Invalid::Malformed(field)) => {
            let field = field_label(i18n, *field);
            tu_string!(i18n, errors.malformed, field = field.as_str()).to_string()
        }
        AppError::Invalid(Invalid::OutOfRange { field, min, max }) => {
            let field = field_label(i18n, *field);
            tu_string!(
                i18n,
                errors.out_of_range,
                field = field.as_str(),
                min = *min,
                max = *max
            )
            .to_string()
        }
        AppError::Refused(Refusal::Subscriptions(refusal)) => match refusal {
            subscriptions::Refusal::AdvisorsDoNotTransact => {
                tu_string!(i18n, errors.advisors_do_not_transact).to_string()
            }
            subscriptions::Refusal::OnlyAdminOrSalesAgents => {
                tu_string!(i18n, errors.only_admin_or_sales).to_string()
            }
            subscriptions::Refusal::NoPrivilegesForService => {
                tu_string!(i18n, errors.no_privileges_for_service).to_string()
            }
            subscriptions::Refusal::ServiceHeldBy(partner) => {
                tu_string!(i18n, errors.service_held_by, partner = partner.as_str()).to_string()
            }
            subscriptions::Refusal::NotPartnerOfRecord(partner) => tu_string!(
                i18n,
                errors.not_partner_of_record,
                partner = partner.as_str()
            )
            .to_string(),
            subscriptions::Refusal::ChangedElsewhere => {
                tu_string!(i18n, errors.changed_elsewhere).to_string()
            }
            subscriptions::Refusal::Suspended => {
                tu_string!(i18n, errors.subscription_suspended).to_string()
            }
            subscriptions::Refusal::SameOffer => tu_string!(i18n, errors.same_offer).to_string(),
            subscriptions::Refusal::TransferTargetInvalid => {
                tu_string!(i18n, errors.transfer_target_invalid).to_string()
            }
            subscriptions::Refusal::TransferNotPending => {
                tu_string!(i18n, errors.transfer_not_pending).to_string()
            }
            subscriptions::Refusal::TransferAlreadyPending => {
                tu_string!(i18n, errors.transfer_already_pending).to_string()
            }
        },
        AppError::Refused(Refusal::Relationships(relationships::Refusal::OnlyCustomerAdmins)) => {
            tu_string!(i18n, errors.only_customer_admins).to_string()
        }
        AppError::Refused(Refusal::Delegated(refusal)) => match refusal {
            delegated::Refusal::OnlyAdminAgents => {
                tu_string!(i18n, errors.only_admin_agents).to_string()
            }
            delegated::Refusal::DapRemoved => tu_string!(i18n, errors.dap_removed).to_string(),
            delegated::Refusal::DapNotGranted => {
                tu_string!(i18n, errors.dap_not_granted).to_string()
            }
            delegated::Refusal::AdministratorAccount => {
                tu_string!(i18n, errors.administrator_account).to_string()
            }
            delegated::Refusal::EmailTaken => tu_string!(i18n, errors.email_taken).to_string(),
            delegated::Refusal::EmailOutsideCustomerDomains => {
                tu_string!(i18n, errors.email_outside_domains).to_string()
            }
        },
        AppError::Refused(Refusal::Support(refusal)) => match refusal {
            support::Refusal::OnlyAdminOrHelpdeskAgents => {
                tu_string!(i18n, errors.only_admin_or_helpdesk).to_string()
            }
            support::Refusal::Closed => tu_string!(i18n, errors.request_closed).to_string(),
            support::Refusal::OnlyOperatorsClose => {
                tu_string!(i18n, errors.only_operators_close).to_string()
            }
        },
        AppError::Refused(Refusal::SignIn(auth::Refusal::WrongCredentials)) => {
            tu_string!(i18n, errors.wrong_credentials).to_string()
        }
        AppError::Refused(Refusal::SignIn(auth::Refusal::TooManyAttempts { minutes })) => {
            tu_string!(i18n, errors.too_many_attempts, minutes = *minutes).to_string()
        }
        AppError::Refused(Refusal::SignIn(auth::Refusal::Busy)) => {
            tu_string!(i18n, errors.sign_in_busy).to_string()
        }
        AppError::Refused(Refusal::Consent(refusal)) => match refusal {
            consent::Refusal::NotCustomerAdmin => {
                tu_string!(i18n, errors.consent_not_admin).to_string()
            }
            consent::Refusal::PartnerUser => {
                tu_string!(i18n, errors.consent_partner_user).to_string()
            }
            consent::Refusal::OperatorUser => tu_string!(i18n, errors.consent_operator).to_string(),
            consent::Refusal::OtherCloud => {
                tu_string!(i18n, errors.consent_other_cloud).to_string()
            }
            consent::Refusal::LinkNotValid => tu_string!(i18n, errors.link_not_valid).to_string(),
        },
        AppError::Refused(Refusal::Invitation(invitations::Refusal::OnlyAdminAgentsRotate)) => {
            tu_string!(i18n, errors.only_admin_agents_rotate).to_string()
        }
    }
}

/// True for a reference to an internal error as `AppError::internal` makes
/// them: 12 hexadecimal digits.
fn is_reference(reference: &str) -> bool {
    reference.len() == 12 && reference.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The name of a form field, as the error messages use it.
fn field_label(i18n: I18nContext<Locale>, field: Field) -> String {
    match field {
        Field::DisplayName => tu_string!(i18n, fields.display_name),
        Field::Email => tu_string!(i18n, fields.email),
        Field::Title => tu_string!(i18n, fields.title),
        Field::Description => tu_string!(i18n, fields.description),
        Field::Severity => tu_string!(i18n, fields.severity),
        Field::Reply => tu_string!(i18n, fields.reply),
        Field::Service => tu_string!(i18n, fields.service),
        Field::Action => tu_string!(i18n, fields.action),
        Field::Date => tu_string!(i18n, fields.date),
        Field::Seats => tu_string!(i18n, fields.seats),
        Field::Quantity => tu_string!(i18n, fields.quantity),
        Field::Offer => tu_string!(i18n, fields.offer),
        Field::Addon => tu_string!(i18n, fields.addon),
        Field::Version => tu_string!(i18n, fields.version),
        Field::Month => tu_string!(i18n, fields.month),
        Field::Price => tu_string!(i18n, fields.price),
        Field::Search => tu_string!(i18n, fields.search),
    }
    .to_string()
}

/// A button that opens the form `form` of this page, or closes it when it is
/// `open`: a GET form that loads the page again with `open=<form>` in the
/// address, taking the reader to `anchor` (an element id). The page renders
/// the open form on the server, so it works before the WASM arrives and
/// ships none.
#[component]
pub fn OpenButton(
    form: &'static str,
    open: bool,
    label: String,
    anchor: &'static str,
) -> impl IntoView {
    view! {
        <form method="get" action=format!("{}#{anchor}", here_path()) class="actions">
            {(!open).then(|| view! { <input type="hidden" name="open" value=form /> })}
            <button type="submit" aria-expanded=open.to_string()>{label}</button>
        </form>
    }
}

/// A form the browser posts itself to the server function at `action`
/// (`<ServerFn>::PATH`). The server sends the browser back to the page: on
/// success to where the function says, with what was done; on a refusal to
/// the page it came from, the failure in the address ([`posted_failure`]).
/// The fragment `anchor` (an element id), for a form far down its page,
/// brings the reader back to the section it acted in: a redirect without
/// one keeps the address's. Sent once: the browser's entry point ignores a
/// second click while it waits.
#[component]
pub fn PostForm(
    action: &'static str,
    #[prop(optional)] anchor: Option<&'static str>,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let action = match anchor {
        Some(anchor) => format!("{action}#{anchor}"),
        None => action.to_string(),
    };
    view! {
        <form method="post" action=action class=class data-once="">
            {children()}
        </form>
    }
}

/// Why the last post of a [`PostForm`] to the server function at `action`
/// was refused, if the address says so.
pub fn posted_failure(action: &str) -> Option<AppError> {
    let failure = use_context::<leptos::server::ServerActionError>()?;
    (failure.path() == action)
        .then(|| leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(failure.err()))
}

/// `2026-11-24` from an RFC 3339 time.
pub fn short_day(time: &str) -> String {
    time.get(..10).unwrap_or(time).to_string()
}

/// `2026-11-24 22:20 UTC` from an RFC 3339 time in UTC.
pub fn short_time(time: &str) -> String {
    match (time.get(..10), time.get(11..16)) {
        (Some(day), Some(clock)) => format!("{day} {clock} UTC"),
        _ => time.to_string(),
    }
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
            let login = crate::auth::login_url(&here());
            // In the browser (an island whose session ended since the page
            // loaded) there is no router to redirect with: load the page.
            #[cfg(feature = "hydrate")]
            {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().set_href(&login);
                }
                ().into_any()
            }
            #[cfg(not(feature = "hydrate"))]
            view! { <leptos_router::components::Redirect path=login /> }.into_any()
        }
        AppError::NotAllowed => view! { <NotAllowed /> }.into_any(),
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
            <h1>{tu_string!(i18n, errors.not_allowed_heading)}</h1>
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
            <h1>{tu_string!(i18n, errors.not_found_heading)}</h1>
            <p>
                <a href="/">{tu_string!(i18n, common.back_home)}</a>
            </p>
        </div>
    }
}

/// Asks before something that cannot be undone.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] body: Signal<String>,
    #[prop(into)] confirm: Signal<String>,
    #[prop(into)] pending: Signal<bool>,
    on_confirm: impl Fn() + Send + Sync + Clone + 'static,
    /// Choices the confirmation carries (for example, which service).
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Focus goes to the harmless choice when the dialog opens.
    let cancel = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel.get() {
            let _ = button.focus();
        }
    });
    view! {
        <Show when=move || open.get()>
            <div class="backdrop">
                <div
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="dialog-title"
                    aria-describedby="dialog-body"
                    class="dialog"
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                >
                    <h2 id="dialog-title">{move || title.get()}</h2>
                    <p id="dialog-body">{move || body.get()}</p>
                    {children.clone().map(|children| children())}
                    <div class="actions">
                        <button
                            type="button"
                            class="danger"
                            disabled=move || pending.get()
                            on:click={
                                let on_confirm = on_confirm.clone();
                                move |_| {
                                    on_confirm();
                                    open.set(false);
                                }
                            }
                        >
                            {move || confirm.get()}
                        </button>
                        <button type="button" node_ref=cancel on:click=move |_| open.set(false)>
                            {tu_string!(i18n, common.cancel)}
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// Copies `text` to the clipboard; false when the browser refuses.
pub async fn copy_to_clipboard(text: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let promise = window.navigator().clipboard().write_text(text);
        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        false
    }
}

/// The address of the page being shown (path and query), without the router:
/// islands run in the browser where there is none. The failure of a form
/// the browser posted itself (`__path`, `__err`) is left out: it belongs to
/// that one answer, not to the page.
pub fn here() -> String {
    #[cfg(feature = "ssr")]
    let (path, search) = {
        let location = leptos_router::hooks::use_location();
        (
            location.pathname.get_untracked(),
            location.search.get_untracked(),
        )
    };
    #[cfg(not(feature = "ssr"))]
    let (path, search) = web_sys::window()
        .and_then(|w| Some((w.location().pathname().ok()?, w.location().search().ok()?)))
        .unwrap_or_default();
    address(&path, &search)
}

/// `path?search`, without a form's failure.
fn address(path: &str, search: &str) -> String {
    let query = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            !pair.is_empty() && !pair.starts_with("__path=") && !pair.starts_with("__err=")
        })
        .collect::<Vec<_>>()
        .join("&");
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// The path of the page being shown, without its query.
pub fn here_path() -> String {
    let mut here = here();
    if let Some(query) = here.find('?') {
        here.truncate(query);
    }
    here
}

/// Gives the island's server actions the failure of a form the browser
/// posted before the page was interactive. The server answered that post
/// with a redirect back here, the failure in the address (`__path`,
/// `__err`); the server's render already shows it, so the island must start
/// from it too. Call before creating the island's actions.
pub fn provide_form_error() {
    #[cfg(not(feature = "ssr"))]
    if let (Some(path), Some(error)) = (query_value("__path"), query_value("__err")) {
        provide_context(leptos::server::ServerActionError::new(&path, &error));
    }
}

/// One value of the page's query string (non-empty), without the router.
pub fn query_value(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    let value = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get(name);
    #[cfg(not(feature = "ssr"))]
    let value = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get(name));
    value.filter(|v| !v.is_empty())
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

    #[test]
    fn an_address_leaves_out_a_form_failure() {
        assert_eq!(super::address("/a", ""), "/a");
        assert_eq!(super::address("/a", "?q=x&after=2"), "/a?q=x&after=2");
        assert_eq!(
            super::address("/a", "?next=%2Fb&__path=%2Fapi%2Fsign_in&__err=eyJ9"),
            "/a?next=%2Fb"
        );
        assert_eq!(super::address("/a", "?__path=%2Fapi%2Fx&__err=e"), "/a");
    }
}
