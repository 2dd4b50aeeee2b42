//! `/account`, heading "Your account": the password, signing out
//! everywhere, two-step verification, and for administrators the
//! requirement of it.
use super::{
    Account, BeginTwoStep, ChangePassword, RequireTwoStep, SignOutEverywhere, TurnOffTwoStep,
    TurnOnTwoStep, TwoStepSetup, account_page, pending_two_step,
};
use crate::i18n::*;
use crate::ui::{Form, FormAction, Loading, PageGuard, SubmitButton};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn AccountPage() -> impl IntoView {
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    // Loaded again only after the forms that change what it shows (turning
    // two-step verification off, the requirement): a form that answers in
    // place (the secret, the recovery codes) keeps its section as it is.
    let version = RwSignal::new(0_usize);
    let page = crate::ui::data(move || version.get(), |_| account_page());
    // What the page's forms answered in place outlives the page's data,
    // which loads again after each of them.
    let shown = Shown {
        changed: RwSignal::new(crate::ui::query_value("done").as_deref() == Some("password")),
        fresh: RwSignal::new(None),
        codes: RwSignal::new(None),
        reload: Callback::new(move |_: String| version.update(|v| *v += 1)),
    };
    view! {
        <crate::ui::PageHeading text={tu_string!(i18n, account.heading)} />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(account) => view! { <AccountView account shown /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What the account page's forms answered in place.
#[derive(Clone, Copy)]
struct Shown {
    /// The password was changed.
    changed: RwSignal<bool>,
    /// The secret being set up.
    fresh: RwSignal<Option<TwoStepSetup>>,
    /// The recovery codes, shown once.
    codes: RwSignal<Option<Vec<String>>>,
    /// Loads the page's data again.
    reload: Callback<String>,
}

#[component]
fn AccountView(account: Account, shown: Shown) -> impl IntoView {
    let i18n = use_i18n();
    let change = FormAction::new(ChangePassword::PATH);
    let everywhere = FormAction::new(SignOutEverywhere::PATH);
    let changed = shown.changed;
    let due = (account.required && !account.two_step).then(|| {
        view! { <p role="alert" class="alert">{tu_string!(i18n, account.two_step_due)}</p> }
    });
    view! {
        {due}
        <p class="lead">
            {tu_string!(i18n, account.signed_in_as, name = account.display_name.as_str(), email = account.email.as_str(), organization = account.organization.as_str()).to_string()}
        </p>
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{tu_string!(i18n, account.password_heading)}</h2>
            <Show when=move || changed.get()>
                <p role="status" class="status">{tu_string!(i18n, account.password_changed)}</p>
            </Show>
            <Form action=change class="stack" anchor="password-heading" on_done=Callback::new(move |_| changed.set(true))>
                <input type="email" name="username" value=account.email.clone() autocomplete="username" hidden />
                <label>
                    <span>{tu_string!(i18n, account.current_password)}</span>
                    <input type="password" name="current_password" autocomplete="current-password" required />
                </label>
                <crate::auth::NewPasswordFields rule_id="account-password-rule" />
                <div class="actions">
                    <SubmitButton label=tu_string!(i18n, account.change_password) primary=true />
                </div>
            </Form>
        </section>
        <TwoStepSection on=account.two_step left=account.recovery_codes_left required=account.required password_again=account.password_again shown />
        {account.administrator.then(|| view! { <RequirementSection required=account.required reload=shown.reload password_again=account.password_again /> })}
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{tu_string!(i18n, account.sessions_heading)}</h2>
            <p>{tu_string!(i18n, account.sessions_intro)}</p>
            <Form action=everywhere class="actions">
                <SubmitButton label=tu_string!(i18n, account.sign_out_everywhere) />
            </Form>
        </section>
    }
}

#[component]
fn TwoStepSection(
    on: bool,
    left: i64,
    required: bool,
    password_again: bool,
    shown: Shown,
) -> impl IntoView {
    let i18n = use_i18n();
    let begin = FormAction::new(BeginTwoStep::PATH);
    let turn_on = FormAction::new(TurnOnTwoStep::PATH);
    let turn_off = FormAction::new(TurnOffTwoStep::PATH);
    // The secret being set up: from the answer in place, or after a plain
    // post from the server.
    let Shown {
        fresh,
        codes,
        reload,
        ..
    } = shown;
    let pending = crate::ui::data(|| (), |_| pending_two_step());
    let begun = Callback::new(move |answer: String| {
        fresh.set(serde_json::from_str::<TwoStepSetup>(&answer).ok());
    });
    let turned_on = Callback::new(move |answer: String| {
        codes.set(serde_json::from_str::<Vec<String>>(&answer).ok());
    });
    let body = move || {
        if let Some(list) = codes.get() {
            return view! { <RecoveryCodes list /> }.into_any();
        }
        if on {
            return view! {
                <p>{tu_string!(i18n, two_step.on, count = left).to_string()}</p>
                {(!required).then(|| view! {
                    <Form action=turn_off class="stack" on_done=reload>
                        <label>
                            <span>{tu_string!(i18n, account.current_password)}</span>
                            <input type="password" name="current_password" autocomplete="current-password" required />
                        </label>
                        <div class="actions">
                            <SubmitButton label=tu_string!(i18n, two_step.turn_off) danger=true />
                        </div>
                    </Form>
                })}
            }
            .into_any();
        }
        view! {
            <p>{tu_string!(i18n, two_step.off)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    // Set up just now, the password was given with it (when asked).
                    let (setup, password_again) = match fresh.get() {
                        Some(setup) => (Some(setup), false),
                        None => (pending.await.ok().flatten(), password_again),
                    };
                    match setup {
                        Some(setup) => view! { <SetUp setup turn_on turned_on password_again /> }.into_any(),
                        None => view! {
                            <Form action=begin class="stack" anchor="two-step-heading" on_done=begun>
                                {password_again.then(|| view! { <PasswordAgain /> })}
                                <div class="actions">
                                    <SubmitButton label=tu_string!(i18n, two_step.set_up) primary=true />
                                </div>
                            </Form>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="two-step-heading">
            <h2 id="two-step-heading">{tu_string!(i18n, two_step.heading)}</h2>
            {body}
        </section>
    }
}

#[component]
fn SetUp(
    setup: TwoStepSetup,
    turn_on: FormAction,
    turned_on: Callback<String>,
    password_again: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{tu_string!(i18n, two_step.scan)}</p>
        <div class="qr" inner_html=setup.qr_svg role="img" aria-label=tu_string!(i18n, two_step.qr_label).to_string()></div>
        <p>
            {tu_string!(i18n, two_step.secret)} " "
            <code data-testid="totp-secret" class="secret">{setup.secret}</code>
        </p>
        <Form action=turn_on class="stack" anchor="two-step-heading" on_done=turned_on>
            <label>
                <span>{tu_string!(i18n, two_step.code)}</span>
                <input type="text" name="code" autocomplete="one-time-code" inputmode="numeric" required maxlength="10" />
            </label>
            {password_again.then(|| view! { <PasswordAgain /> })}
            <div class="actions">
                <SubmitButton label=tu_string!(i18n, two_step.turn_on) primary=true />
            </div>
        </Form>
    }
}

/// The password asked for again before two-step verification changes,
/// when it was not given in this session in the last minutes.
#[component]
fn PasswordAgain() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            <span>{tu_string!(i18n, two_step.password_again)}</span>
            <input type="password" name="current_password" autocomplete="current-password" required />
        </label>
    }
}

#[component]
fn RecoveryCodes(list: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div role="status" class="status">
            <p>{tu_string!(i18n, two_step.turned_on)}</p>
            <p>{tu_string!(i18n, two_step.codes_once)}</p>
            <ul data-testid="recovery-codes" class="codes">
                {list.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn RequirementSection(
    required: bool,
    reload: Callback<String>,
    password_again: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = FormAction::new(RequireTwoStep::PATH);
    view! {
        <section class="card" aria-labelledby="require-heading">
            <h2 id="require-heading">{tu_string!(i18n, two_step.require_heading)}</h2>
            <p>{tu_string!(i18n, two_step.require_intro)}</p>
            <Form action class="stack" anchor="require-heading" on_done=reload>
                <label class="check">
                    <input type="checkbox" name="required" value="on" checked=required />
                    <span>{tu_string!(i18n, two_step.require)}</span>
                </label>
                {password_again.then(|| view! { <PasswordAgain /> })}
                <div class="actions">
                    <SubmitButton label=tu_string!(i18n, two_step.save) />
                </div>
            </Form>
        </section>
    }
}
