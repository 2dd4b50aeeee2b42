//! The login page, and the sign-out action the header uses.
use super::{CurrentUser, SignIn, SignOut, whoami};
use crate::i18n::*;
use crate::ui::ErrorAlert;
use leptos::prelude::*;

/// Who is signed in, and the sign-out action, for the header and the home
/// page. Signing in or out navigates in the app (the server says where);
/// who is signed in is read again at each navigation, so the header follows
/// a sign-in, a sign-out and a session that ended. Made inside the router.
#[derive(Clone, Copy)]
pub struct AuthActions {
    pub sign_out: ServerAction<SignOut>,
    pub user: crate::ui::Data<Option<CurrentUser>>,
}

impl AuthActions {
    pub fn provide() -> Self {
        let sign_out = ServerAction::<SignOut>::new();
        let path = leptos_router::hooks::use_location().pathname;
        let actions = AuthActions {
            sign_out,
            user: crate::ui::data(move || (path.get(), sign_out.version().get()), |_| whoami()),
        };
        provide_context(actions);
        actions
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let next = crate::ui::query_value("next").unwrap_or_default();
    // What an emailed link that brought the visitor here did.
    let notice = match crate::ui::query_value("notice").as_deref() {
        Some("link_not_valid") => Some(
            view! {
                <p role="alert" class="alert">{tu_string!(i18n, password.not_valid)}</p>
            }
            .into_any(),
        ),
        Some("domain_taken") => Some(
            view! {
                <p role="alert" class="alert">{tu_string!(i18n, password.domain_taken)}</p>
            }
            .into_any(),
        ),
        Some("verified") => Some(
            view! {
                <p role="status" class="status">{tu_string!(i18n, password.verified)}</p>
            }
            .into_any(),
        ),
        _ => None,
    };
    let done = (crate::ui::query_value("done").as_deref() == Some("password_set")).then(|| {
        view! {
            <p role="status" class="status">{tu_string!(i18n, password.set_sign_in)}</p>
        }
    });
    view! {
        <div class="narrow">
            <crate::ui::PageHeading text={tu_string!(i18n, login.heading)} />
            <p class="lead">{tu_string!(i18n, login.intro)}</p>
            {notice}
            {done}
            <LoginForm next />
            <p><a href="/login/forgot">{tu_string!(i18n, login.forgot)}</a></p>
        </div>
    }
}

/// The sign-in form. Sent before the page is interactive, it is a plain form
/// post that the server answers with a redirect; once interactive, a failure
/// shows here and success goes where the server says.
#[component]
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

/// How each refusal of this feature reads.
impl crate::ui::Sentence for kernel::refusal::auth::Refusal {
    fn sentence(&self, locale: crate::i18n::Locale) -> String {
        use kernel::refusal::auth::Refusal;
        match self {
            Refusal::WrongCredentials => td_string!(locale, errors.wrong_credentials).to_string(),
            Refusal::TooManyAttempts { minutes } => td_string!(
                locale,
                errors.too_many_attempts,
                minutes = crate::ui::minutes(locale, *minutes)
            )
            .to_string(),
            Refusal::Busy => td_string!(locale, errors.sign_in_busy).to_string(),
            Refusal::AddressNotVerified => {
                td_string!(locale, errors.address_not_verified).to_string()
            }
            Refusal::TemporaryPasswordUsed => {
                td_string!(locale, errors.temporary_password_used).to_string()
            }
            Refusal::PasswordChangeRequired => {
                td_string!(locale, errors.password_change_required).to_string()
            }
            Refusal::SameAsTemporary => td_string!(locale, errors.same_as_temporary).to_string(),
        }
    }
}
