//! "Create an account for your organization", on the consent page of a
//! visitor who is signed out.
use super::SignUp;
use crate::i18n::*;
use crate::ui::{Form, FormAction, SubmitButton};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Where a visitor back on the consent page stands, from its address: just
/// signed up (the emailed link comes next), or back from that link
/// (signing in comes next).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Back {
    SignedUp,
    Verified,
}

fn back() -> Option<Back> {
    if crate::ui::query_value("verified").is_some() {
        Some(Back::Verified)
    } else if crate::ui::query_value("signed_up").is_some() {
        Some(Back::SignedUp)
    } else {
        None
    }
}

/// What comes next for a visitor [`Back`] on the consent page, at its top,
/// where they look first.
#[component]
pub fn SignUpNotice() -> impl IntoView {
    let i18n = use_i18n();
    back().map(|back| {
        let text = match back {
            Back::Verified => tu_string!(i18n, signup.verified),
            Back::SignedUp => tu_string!(i18n, signup.check_email),
        };
        view! { <p role="status" class="status">{text}</p> }
    })
}

/// The sign-up form of the invitation `code`: an organization at the
/// email's domain, its first administrator once the emailed link
/// verifies the address (the link comes back to this invitation).
#[component]
pub fn SignUpSection(code: String) -> impl IntoView {
    let i18n = use_i18n();
    // Back from signing up, or from the emailed link: [`SignUpNotice`] says
    // what comes next, and there is no form to fill again.
    if back().is_some() {
        return ().into_any();
    }
    let action = FormAction::new(SignUp::PATH);
    view! {
        <section class="card" aria-labelledby="sign-up-heading">
            <h2 id="sign-up-heading">{tu_string!(i18n, signup.heading)}</h2>
            <p>{tu_string!(i18n, signup.intro)}</p>
            <Form action class="stack" anchor="sign-up-heading">
                <input type="hidden" name="code" value=code />
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
                    <input type="email" name="email" required maxlength="254" autocomplete="email" />
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
    }
    .into_any()
}
