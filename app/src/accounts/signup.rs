//! "Create an account for your organization", on the consent page of a
//! visitor who is signed out.
use super::SignUp;
use crate::i18n::*;
use crate::ui::{Form, FormAction, SubmitButton};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Where a visitor back on the consent page stands: just signed up (the
/// emailed link comes next; the address it went to, when the sign-up was
/// sent in place), or back from that link (signing in comes next).
#[derive(Clone, PartialEq, Eq)]
enum Back {
    SignedUp(Option<String>),
    Verified,
}

/// Where the address says the visitor stands (after a plain post, or back
/// from the emailed link).
fn back() -> Option<Back> {
    if crate::ui::query_value("verified").is_some() {
        Some(Back::Verified)
    } else if crate::ui::query_value("signed_up").is_some() {
        Some(Back::SignedUp(None))
    } else {
        None
    }
}

/// Where a visitor of the consent page stands with signing up, shared by
/// the [`SignUpNotice`] at the top and the [`SignUpSection`] below: read
/// from the address when the page opens, then set in place when the form
/// is answered (the address changes then too, but the page is not loaded
/// again), so the notice appears and the form goes at once.
#[derive(Clone, Copy)]
pub struct SignUpState {
    back: RwSignal<Option<Back>>,
    /// Signed up in place: the notice takes the focus the form's button had.
    in_place: RwSignal<bool>,
}

impl SignUpState {
    pub fn new() -> Self {
        SignUpState {
            back: RwSignal::new(back()),
            in_place: RwSignal::new(false),
        }
    }
}

impl Default for SignUpState {
    fn default() -> Self {
        Self::new()
    }
}

/// What comes next for a visitor back on the consent page, at its top,
/// where they look first: which inbox the link went to, or to sign in.
#[component]
pub fn SignUpNotice(state: SignUpState) -> impl IntoView {
    let i18n = use_i18n();
    let notice = NodeRef::<leptos::html::P>::new();
    crate::ui::focus_when_shown(move || {
        state
            .in_place
            .get()
            .then(|| notice.get())
            .flatten()
            .map(Into::into)
    });
    move || {
        state.back.get().map(|back| {
            let text = match back {
                Back::Verified => tu_string!(i18n, signup.verified).to_string(),
                Back::SignedUp(Some(email)) => {
                    tu_string!(i18n, signup.check_email_at, email = email.as_str()).to_string()
                }
                Back::SignedUp(None) => tu_string!(i18n, signup.check_email).to_string(),
            };
            view! { <p role="status" class="status" tabindex="-1" node_ref=notice>{text}</p> }
        })
    }
}

/// The sign-up form of the invitation `code`: an organization at the
/// email's domain, its first administrator once the emailed link
/// verifies the address (the link comes back to this invitation).
#[component]
pub fn SignUpSection(code: String, state: SignUpState) -> impl IntoView {
    let i18n = use_i18n();
    let action = FormAction::new(SignUp::PATH);
    let email = NodeRef::<leptos::html::Input>::new();
    // Answered in place: the notice says where the link went, and there is
    // no form to fill again.
    let on_done = Callback::new(move |_: String| {
        let to = email.get_untracked().map(|input| input.value());
        state.back.set(Some(Back::SignedUp(to)));
        state.in_place.set(true);
    });
    let code = StoredValue::new(code);
    view! {
        <Show when=move || state.back.with(Option::is_none)>
        <section class="card" aria-labelledby="sign-up-heading">
            <h2 id="sign-up-heading">{tu_string!(i18n, signup.heading)}</h2>
            <p>{tu_string!(i18n, signup.intro)}</p>
            <Form action class="stack" anchor="sign-up-heading" on_done>
                <input type="hidden" name="code" value=code.get_value() />
                <label>
                    <span>{tu_string!(i18n, signup.organization)}</span>
                    <input type="text" name="organization_name" required maxlength="100" autocomplete="organization" />
                </label>
                <label>
                    <span>{tu_string!(i18n, signup.your_name)}</span>
                    <input type="text" name="your_name" required maxlength="100" autocomplete="name" />
                </label>
                <label>
                    <span>{tu_string!(i18n, login.email)}</span>
                    <input type="email" name="email" required maxlength="254" autocomplete="email" node_ref=email />
                </label>
                <label>
                    <span>{tu_string!(i18n, login.password)}</span>
                    <input type="password" name="password" required minlength="12" maxlength="128" autocomplete="new-password" aria-describedby="sign-up-rule" />
                </label>
                <p id="sign-up-rule" class="muted">{tu_string!(i18n, password.rule)}</p>
                <div class="actions">
                    <SubmitButton label=tu_string!(i18n, signup.submit) primary=true />
                </div>
            </Form>
        </section>
        </Show>
    }
}
