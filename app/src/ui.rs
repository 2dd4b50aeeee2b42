//! Shared pieces of the interface: alerts, guards, dialogs, the header.
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::auth::{AuthActions, OrgKind};
use crate::error::{AppError, Invalid, Refusal};
use crate::i18n::*;
use leptos_i18n::I18nContext;

/// The sentence a user reads for an error, in their language.
pub fn error_message(i18n: I18nContext<Locale>, error: &AppError) -> String {
    use crate::{auth, consent, invitations};
    match error {
        AppError::NotSignedIn => t_string!(i18n, errors.not_signed_in).to_string(),
        AppError::NotAllowed => t_string!(i18n, errors.not_allowed).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::Internal(reference) => {
            t_string!(i18n, errors.internal, reference = reference.as_str()).to_string()
        }
        AppError::Request(_) => t_string!(i18n, errors.request).to_string(),
        AppError::Invalid(Invalid::ParagraphTooLong { paragraph, max }) => t_string!(
            i18n,
            errors.paragraph_too_long,
            paragraph = *paragraph,
            max = *max
        )
        .to_string(),
        AppError::Invalid(Invalid::AuthorizationNotGiven) => {
            t_string!(i18n, errors.authorization_not_given).to_string()
        }
        AppError::Refused(Refusal::SignIn(auth::Refusal::WrongCredentials)) => {
            t_string!(i18n, errors.wrong_credentials).to_string()
        }
        AppError::Refused(Refusal::Consent(refusal)) => match refusal {
            consent::Refusal::NotCustomerAdmin => {
                t_string!(i18n, errors.consent_not_admin).to_string()
            }
            consent::Refusal::PartnerUser => {
                t_string!(i18n, errors.consent_partner_user).to_string()
            }
            consent::Refusal::OperatorUser => t_string!(i18n, errors.consent_operator).to_string(),
            consent::Refusal::OtherCloud => t_string!(i18n, errors.consent_other_cloud).to_string(),
            consent::Refusal::LinkNotValid => t_string!(i18n, errors.link_not_valid).to_string(),
        },
        AppError::Refused(Refusal::Invitation(invitations::Refusal::OnlyAdminAgentsRotate)) => {
            t_string!(i18n, errors.only_admin_agents_rotate).to_string()
        }
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
    view! { <p class="muted" aria-busy="true">{t!(i18n, common.loading)}</p> }
}

/// What a page shows when its data was refused: sign in, not allowed, not found.
#[component]
pub fn PageGuard(error: AppError) -> impl IntoView {
    match error {
        AppError::NotSignedIn => {
            let location = use_location();
            let search = location.search.get_untracked();
            let separator = if search.is_empty() { "" } else { "?" };
            let here = format!("{}{separator}{search}", location.pathname.get_untracked());
            view! { <Redirect path=crate::auth::login_url(&here) /> }.into_any()
        }
        AppError::NotAllowed => view! { <NotAllowed /> }.into_any(),
        error => view! { <ErrorAlert error /> }.into_any(),
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
            <h1>{t!(i18n, errors.not_allowed_heading)}</h1>
            <p role="alert" class="alert">{t!(i18n, errors.not_allowed)}</p>
            <p>
                <a href="/">{t!(i18n, common.back_home)}</a>
            </p>
        </div>
    }
}

/// A rotated or unknown invitation link.
#[component]
pub fn NotValidLink() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    crate::request::set_status(http::StatusCode::NOT_FOUND);
    view! {
        <div class="narrow">
            <h1>{t!(i18n, consent.not_valid_heading)}</h1>
            <p>{t!(i18n, consent.not_valid_body)}</p>
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
            <h1>{t!(i18n, errors.not_found_heading)}</h1>
            <p>
                <a href="/">{t!(i18n, common.back_home)}</a>
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
                            {t!(i18n, common.cancel)}
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

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let label = move || t_string!(i18n, common.language).to_string();
    view! {
        <div class="lang" role="group" aria-label=label>
            <button
                type="button"
                lang="en"
                aria-pressed=move || (i18n.get_locale() == Locale::en).to_string()
                on:click=move |_| i18n.set_locale(Locale::en)
            >
                "English"
            </button>
            <button
                type="button"
                lang="fr"
                aria-pressed=move || (i18n.get_locale() == Locale::fr).to_string()
                on:click=move |_| i18n.set_locale(Locale::fr)
            >
                "Français"
            </button>
        </div>
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<AuthActions>();
    let user = move || auth.user.get().and_then(Result::ok).flatten();
    view! {
        <header class="site">
            <a class="brand" href="/">"Liaison"</a>
            <nav aria-label=move || t_string!(i18n, common.main_nav).to_string()>
                <Transition>
                    {move || {
                        user()
                            .filter(|user| user.organization.kind.is_partner())
                            .map(|_| {
                                view! {
                                    <a href="/partner/customers">{t!(i18n, nav.customers)}</a>
                                    <a href="/partner/customers/request-relationship">
                                        {t!(i18n, nav.request)}
                                    </a>
                                }
                            })
                    }}
                </Transition>
            </nav>
            <div class="tools">
                <LanguageSwitch />
                <Transition>
                    {move || {
                        user()
                            .map(|user| {
                                let org = user.organization.name.clone();
                                view! {
                                    <span class="who">
                                        {user.email.clone()}
                                        " · "
                                        {org}
                                    </span>
                                    <ActionForm action=auth.sign_out>
                                        <button type="submit">{t!(i18n, common.sign_out)}</button>
                                    </ActionForm>
                                }
                            })
                    }}
                </Transition>
            </div>
        </header>
    }
}

/// The landing page: partners go to their customers; others see where to go.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = expect_context::<AuthActions>();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) if user.organization.kind.is_partner() => {
                        view! { <Redirect path="/partner/customers" /> }.into_any()
                    }
                    Ok(Some(user)) => {
                        let kind = user.organization.kind;
                        view! {
                            <div class="narrow">
                                <h1>{t!(i18n, home.heading, name = user.display_name.clone())}</h1>
                                <p>
                                    {move || match kind {
                                        OrgKind::Customer => t_string!(i18n, home.customer).to_string(),
                                        _ => t_string!(i18n, home.operator).to_string(),
                                    }}
                                </p>
                            </div>
                        }
                            .into_any()
                    }
                    Ok(None) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(error) => view! { <ErrorAlert error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
