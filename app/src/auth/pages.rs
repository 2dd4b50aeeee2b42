//! The pages of accounts without a session: choosing a password from an
//! emailed link, asking for a reset link, the code after the password.
use super::{
    PasswordLink, ReplaceTemporaryPassword, RequestPasswordReset, SetPassword, VerifySignInCode,
    password_link_info, sign_in_code_pending, whoami,
};
use crate::i18n::*;
use crate::ui::{ErrorAlert, Form, FormAction, Loading, PageGuard, SubmitButton};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

/// `/password/{token}`: "New password", "Confirm password", "Set password".
/// Every emailed invitation and reset link leads here.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let link = crate::ui::data(token, password_link_info);
    view! {
        <div class="narrow">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match link.await {
                        Ok(Some(link)) => view! { <SetPasswordForm link token=token() /> }.into_any(),
                        Ok(None) => view! {
                            <crate::ui::PageHeading text={tu_string!(i18n, password.not_valid_heading)} />
                            <p role="alert" class="alert">{tu_string!(i18n, password.not_valid)}</p>
                            <p><a href="/login/forgot">{tu_string!(i18n, password.ask_again)}</a></p>
                        }
                        .into_any(),
                        Err(error) => view! { <PageGuard error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn SetPasswordForm(link: PasswordLink, token: String) -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let action = FormAction::new(SetPassword::PATH);
    let heading = if link.reset {
        tu_string!(i18n, password.reset_heading)
    } else {
        tu_string!(i18n, password.heading)
    };
    view! {
        <crate::ui::PageHeading text=heading />
        <p class="lead">{tu_string!(i18n, password.for_email, email = link.email.as_str()).to_string()}</p>
        <Form action class="stack">
            <input type="hidden" name="token" value=token />
            <input type="email" name="username" value=link.email.clone() autocomplete="username" hidden />
            <NewPasswordFields rule_id="password-rule" />
            <SubmitButton label=tu_string!(i18n, password.submit) primary=true />
        </Form>
    }
}

/// `/login/new-password`: where a user whose password someone else set (a
/// partner, on the customer's behalf) lands after signing in with it, and
/// chooses a new one ("New password", "Confirm password", "Set password")
/// before anything else opens.
#[component]
pub fn NewPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = crate::ui::data(|| (), |_| whoami());
    view! {
        <div class="narrow">
            <crate::ui::PageHeading text={tu_string!(i18n, password.reset_heading)} />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(user)) if user.password_change_due => {
                            view! { <ReplacePasswordForm email=user.email /> }.into_any()
                        }
                        Ok(Some(user)) => view! {
                            <p role="status" class="status">{tu_string!(i18n, password.not_due)}</p>
                            <p><a href=super::home_of(&user)>{tu_string!(i18n, common.back_home)}</a></p>
                        }
                        .into_any(),
                        Ok(None) => view! { <PageGuard error=kernel::error::AppError::NotSignedIn /> }.into_any(),
                        Err(error) => view! { <PageGuard error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ReplacePasswordForm(email: String) -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let action = FormAction::new(ReplaceTemporaryPassword::PATH);
    let next = crate::ui::query_value("next").unwrap_or_default();
    view! {
        <p class="lead">{tu_string!(i18n, password.due_intro, email = email.as_str()).to_string()}</p>
        <Form action class="stack">
            <input type="hidden" name="next" value=next />
            <input type="email" name="username" value=email.clone() autocomplete="username" hidden />
            <NewPasswordFields rule_id="password-rule" />
            <SubmitButton label=tu_string!(i18n, password.submit) primary=true />
        </Form>
    }
}

/// `/login/forgot`: "Email" and "Send reset link". The answer is the same
/// whether or not the address has an account.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let action = FormAction::new(RequestPasswordReset::PATH);
    let sent = RwSignal::new(crate::ui::query_value("sent").is_some());
    view! {
        <div class="narrow">
            <crate::ui::PageHeading text={tu_string!(i18n, password.forgot_heading)} />
            <p class="lead">{tu_string!(i18n, password.forgot_intro)}</p>
            <Show when=move || sent.get()>
                <p role="status" class="status">{tu_string!(i18n, password.sent)}</p>
            </Show>
            <Form action class="stack" on_done=Callback::new(move |_| sent.set(true))>
                <label>
                    <span>{tu_string!(i18n, login.email)}</span>
                    <input type="email" name="email" autocomplete="username" required />
                </label>
                <SubmitButton label=tu_string!(i18n, password.send) primary=true />
            </Form>
            <p><a href="/login">{tu_string!(i18n, password.back_to_sign_in)}</a></p>
        </div>
    }
}

/// `/login/code`: the code of two-step verification after the password
/// ("Code", "Verify"); a recovery code works too.
#[component]
pub fn SignInCodePage() -> impl IntoView {
    let i18n = use_i18n();
    let pending = crate::ui::data(|| (), |_| sign_in_code_pending());
    view! {
        <div class="narrow">
            <crate::ui::PageHeading text={tu_string!(i18n, two_step.sign_in_heading)} />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match pending.await {
                        Ok(true) => view! { <CodeForm /> }.into_any(),
                        Ok(false) => view! {
                            <p role="alert" class="alert">{tu_string!(i18n, two_step.sign_in_again)}</p>
                            <p><a href="/login">{tu_string!(i18n, password.back_to_sign_in)}</a></p>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn CodeForm() -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let action = FormAction::new(VerifySignInCode::PATH);
    view! {
        <p class="lead">{tu_string!(i18n, two_step.sign_in_intro)}</p>
        <Form action class="stack">
            <label>
                <span>{tu_string!(i18n, two_step.code)}</span>
                <input type="text" name="code" autocomplete="one-time-code" required maxlength="20" autofocus />
            </label>
            <SubmitButton label=tu_string!(i18n, two_step.verify) primary=true />
        </Form>
    }
}

/// "New password" and "Confirm password", with the rule they follow (its
/// element's id is `rule_id`), for every form that chooses a password.
#[component]
pub fn NewPasswordFields(rule_id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            <span>{tu_string!(i18n, password.new_password)}</span>
            <input type="password" name="new_password" autocomplete="new-password" required minlength="12" maxlength="128" aria-describedby=rule_id />
        </label>
        <p id=rule_id class="muted">{tu_string!(i18n, password.rule)}</p>
        <label>
            <span>{tu_string!(i18n, password.confirm)}</span>
            <input type="password" name="confirm_password" autocomplete="new-password" required minlength="12" maxlength="128" />
        </label>
    }
}
