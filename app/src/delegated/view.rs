//! The users section of the customer page.
use super::api::take_shown_password;
use super::{
    CreateCustomerUser, CustomerUser, NewPassword, Refusal, ResetCustomerPassword,
    customer_user_domains, customer_users,
};
use crate::i18n::*;
use crate::ui::{
    CancelButton, ConfirmedSubmit, ErrorAlert, Form, FormAction, Loading, OpenButton, SubmitButton,
};
use kernel::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The "Users" section of the partner's customer page. Rendered on the
/// server first, with the form the address opens (`open=user`), so its
/// forms work as plain posts before the WASM arrives: the page they are
/// answered with shows the new password once. Once interactive, "Add user"
/// opens in place, "Reset password" asks first in a dialog naming the
/// user, and the password comes back in the action's answer, never in an
/// address.
#[component]
pub fn UsersSection(
    customer: String,
    adding: bool,
    done: Option<crate::relationships::Done>,
) -> impl IntoView {
    use crate::relationships::Done;
    crate::ui::provide_form_error();
    let i18n = use_i18n();
    let create = FormAction::new(CreateCustomerUser::PATH);
    let reset = FormAction::new(ResetCustomerPassword::PATH);
    let adding = RwSignal::new(adding);
    // The password set in place, shown until the next one.
    let fresh = RwSignal::new(None::<NewPassword>);
    // One more after each change made here: the table (and the form in it)
    // is made anew after this section's changes only.
    let reloads = RwSignal::new(0_usize);
    let users = {
        let customer = customer.clone();
        crate::ui::data(
            move || (customer.clone(), reloads.get()),
            |(customer, _)| customer_users(customer),
        )
    };
    let set_now = matches!(done, Some(Done::UserCreated | Done::PasswordReset));
    let shown = crate::ui::data_for(customer.clone(), move |customer| async move {
        if set_now {
            take_shown_password(customer).await
        } else {
            Ok(None)
        }
    });
    let domains = {
        let customer = customer.clone();
        crate::ui::data(
            move || (customer.clone(), adding.get()),
            |(customer, adding)| async move {
                if adding {
                    customer_user_domains(customer).await
                } else {
                    Ok(Vec::new())
                }
            },
        )
    };
    let password_set = move |answer: String| {
        fresh.set(serde_json::from_str::<NewPassword>(&answer).ok());
        reloads.update(|n| *n += 1);
    };
    let created = Callback::new(move |answer: String| {
        adding.set(false);
        password_set(answer);
    });
    let reset_done = Callback::new(password_set);
    view! {
        <section class="card" aria-labelledby="users-heading">
            <h2 id="users-heading">{tu_string!(i18n, users.heading)}</h2>
            {move || reset.refusal().map(|error| view! { <ErrorAlert error /> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let shown = match fresh.get() {
                        Some(password) => Ok(Some(password)),
                        None => shown.await,
                    };
                    match shown {
                        Ok(Some(password)) => view! { <ShownPassword password /> }.into_any(),
                        Ok(None) if set_now => {
                            view! { <p class="muted">{tu_string!(i18n, users.password_gone)}</p> }.into_any()
                        }
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
            <Transition fallback=Loading>
                {
                    let customer = customer.clone();
                    move || {
                        let customer = customer.clone();
                        Suspend::new(async move {
                            match users.await {
                                Ok(directory) => {
                                    let super::UserDirectory { users: list, add_needs } = directory;
                                    view! { <UserTable list add_needs customer adding domains create reset created reset_done /> }.into_any()
                                }
                                Err(AppError::Refused(kernel::error::Refusal::Delegated(Refusal::OnlyAdminAgents))) => {
                                    view! { <p class="muted">{tu_string!(i18n, users.admin_agents_only)}</p> }.into_any()
                                }
                                Err(error) => view! { <ErrorAlert error /> }.into_any(),
                            }
                        })
                    }
                }
            </Transition>
        </section>
    }
}

/// A password just set, shown once.
#[component]
fn ShownPassword(password: NewPassword) -> impl IntoView {
    let i18n = use_i18n();
    let NewPassword { email, password } = password;
    view! {
        <div role="status" class="status">
            <p>{tu_string!(i18n, users.password_for, email = email.as_str()).to_string()}</p>
            <p>
                <code data-testid="new-password" class="secret">{password}</code>
            </p>
            <p class="muted">{tu_string!(i18n, users.password_once)}</p>
        </div>
    }
}

#[component]
fn UserTable(
    list: Vec<CustomerUser>,
    /// The role adding a user needs, when the partner does not hold one that allows it.
    add_needs: Option<kernel::role::ServiceRole>,
    customer: String,
    adding: RwSignal<bool>,
    /// Where a new user's address may be (shown under Email).
    domains: crate::ui::Data<Vec<String>>,
    create: FormAction,
    reset: FormAction,
    created: Callback<String>,
    reset_done: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let refused = add_needs.map(|role| {
        (
            "add-user-refused",
            tu_string!(
                i18n,
                users.add_needs,
                role = crate::ui::role_name(i18n.get_locale_untracked(), role)
            )
            .to_string(),
        )
    });
    let may_add = add_needs.is_none();
    let form = {
        let customer = customer.clone();
        move || {
            (may_add && adding.get()).then(|| {
                let customer = customer.clone();
                let hint = move || {
                    Suspend::new(async move {
                        let domains = domains.await.unwrap_or_default().join(", ");
                        (!domains.is_empty()).then(|| {
                            tu_string!(i18n, users.email_hint, domains = domains.as_str()).to_string()
                        })
                    })
                };
                let first = NodeRef::<leptos::html::Input>::new();
                crate::ui::focus_when_shown(move || first.get().map(Into::into));
                view! {
                    <Form action=create anchor="users-heading" class="stack form-card" on_done=created>
                        <input type="hidden" name="customer" value=customer />
                        <label>
                            <span>{tu_string!(i18n, users.display_name)}</span>
                            <input type="text" name="display_name" required maxlength="100" autocomplete="off" node_ref=first />
                        </label>
                        <div class="field">
                            <label for="new-user-email">{tu_string!(i18n, users.email)}</label>
                            <input
                                id="new-user-email"
                                type="email"
                                name="email"
                                required
                                maxlength="254"
                                autocomplete="off"
                                aria-describedby="new-user-email-hint"
                            />
                            <span id="new-user-email-hint" class="muted">
                                <Suspense>{hint}</Suspense>
                            </span>
                        </div>
                        <div class="actions">
                            <SubmitButton label=tu_string!(i18n, users.create) primary=true />
                            <CancelButton close=Callback::new(move |_| adding.set(false)) anchor="users-heading" />
                        </div>
                    </Form>
                }
            })
        }
    };
    view! {
        <OpenButton
            form=crate::relationships::ADD_USER
            open=adding
            label=tu_string!(i18n, users.add).to_string()
            anchor="users-heading"
            refused
        />
        {form}
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, users.display_name)}</th>
                        <th scope="col">{tu_string!(i18n, users.email)}</th>
                        <th scope="col">{tu_string!(i18n, users.role)}</th>
                        <th scope="col">
                            <span class="visually-hidden">{tu_string!(i18n, relationships.actions)}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|user| {
                            let admin = user.admin;
                            let customer = customer.clone();
                            view! {
                                <tr>
                                    <th scope="row">{user.display_name.clone()}</th>
                                    <td>{user.email.clone()}</td>
                                    <td>
                                        {{
                                            if admin {
                                                tu_string!(i18n, users.role_admin).to_string()
                                            } else {
                                                tu_string!(i18n, users.role_user).to_string()
                                            }
                                        }}
                                    </td>
                                    <td>
                                        {(!admin)
                                            .then(|| {
                                                let name = user.display_name.as_str();
                                                let email = user.email.as_str();
                                                view! {
                                                    <ConfirmedSubmit
                                                        action=reset
                                                        label=tu_string!(i18n, users.reset).to_string()
                                                        title=tu_string!(i18n, users.reset_title, name = name).to_string()
                                                        body=tu_string!(i18n, users.reset_body, name = name, email = email).to_string()
                                                        confirm=tu_string!(i18n, users.reset_confirm).to_string()
                                                        anchor="users-heading"
                                                        on_done=reset_done
                                                    >
                                                        <input type="hidden" name="customer" value=customer />
                                                        <input type="hidden" name="user" value=user.id.clone() />
                                                    </ConfirmedSubmit>
                                                }
                                            })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// How each refusal of this feature reads.
impl crate::ui::Sentence for kernel::refusal::delegated::Refusal {
    fn sentence(&self, locale: crate::i18n::Locale) -> String {
        use kernel::refusal::delegated::Refusal;
        match self {
            Refusal::OnlyAdminAgents => td_string!(locale, errors.only_admin_agents).to_string(),
            Refusal::DapRemoved => td_string!(locale, errors.dap_removed).to_string(),
            Refusal::DapNotGranted => td_string!(locale, errors.dap_not_granted).to_string(),
            Refusal::DapEnded => td_string!(locale, errors.dap_ended).to_string(),
            Refusal::RoleMissing(role) => td_string!(
                locale,
                errors.role_missing,
                role = crate::ui::role_name(locale, *role)
            )
            .to_string(),
            Refusal::AdministratorAccount => {
                td_string!(locale, errors.administrator_account).to_string()
            }
            Refusal::EmailTaken => td_string!(locale, errors.email_taken).to_string(),
            Refusal::EmailOutsideCustomerDomains => {
                td_string!(locale, errors.email_outside_domains).to_string()
            }
        }
    }
}
