//! The users section of the customer page.
use super::api::take_shown_password;
use super::{
    CreateCustomerUser, CustomerUser, NewPassword, Refusal, ResetCustomerPassword,
    customer_user_domains, customer_users,
};
use crate::i18n::*;
use crate::ui::{ErrorAlert, Loading, OpenButton, PostForm, posted_failure};
use kernel::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The "Users" section of the partner's customer page, rendered on the
/// server. "Add user" opens the form (`open=user` in the address); the
/// forms are plain posts, answered with the page again, which shows the new
/// password once.
#[component]
pub fn UsersSection(
    customer: String,
    adding: bool,
    done: Option<crate::relationships::Done>,
) -> impl IntoView {
    use crate::relationships::Done;
    let i18n = use_i18n();
    let users = crate::ui::data_for(customer.clone(), customer_users);
    let set_now = matches!(done, Some(Done::UserCreated | Done::PasswordReset));
    let shown = crate::ui::data_for(customer.clone(), move |customer| async move {
        if set_now {
            take_shown_password(customer).await
        } else {
            Ok(None)
        }
    });
    let domains = crate::ui::data_for(customer.clone(), move |customer| async move {
        if adding {
            customer_user_domains(customer).await
        } else {
            Ok(Vec::new())
        }
    });
    let reset_failed = posted_failure(ResetCustomerPassword::PATH);
    view! {
        <section class="card" aria-labelledby="users-heading">
            <h2 id="users-heading">{tu_string!(i18n, users.heading)}</h2>
            {reset_failed.map(|error| view! { <ErrorAlert error /> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match shown.await {
                        Ok(Some(NewPassword { email, password })) => {
                            view! {
                                <div role="status" class="status">
                                    <p>
                                        {tu_string!(i18n, users.password_for, email = email.as_str()).to_string()}
                                    </p>
                                    <p>
                                        <code data-testid="new-password" class="secret">{password}</code>
                                    </p>
                                    <p class="muted">{tu_string!(i18n, users.password_once)}</p>
                                </div>
                            }
                                .into_any()
                        }
                        Ok(None) if set_now => {
                            view! { <p class="muted">{tu_string!(i18n, users.password_gone)}</p> }.into_any()
                        }
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=Loading>
                {
                    let customer = customer.clone();
                    move || {
                        let customer = customer.clone();
                        Suspend::new(async move {
                            match users.await {
                                Ok(list) => {
                                    let domains = domains.await.unwrap_or_default();
                                    view! { <UserTable list customer adding domains /> }.into_any()
                                }
                                Err(AppError::Refused(kernel::error::Refusal::Delegated(Refusal::OnlyAdminAgents))) => {
                                    view! { <p class="muted">{tu_string!(i18n, users.admin_agents_only)}</p> }.into_any()
                                }
                                Err(error) => view! { <ErrorAlert error /> }.into_any(),
                            }
                        })
                    }
                }
            </Suspense>
        </section>
    }
}

#[component]
fn UserTable(
    list: Vec<CustomerUser>,
    customer: String,
    adding: bool,
    /// Where a new user's address may be (shown under Email).
    domains: Vec<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = adding.then(|| {
        let failed = posted_failure(CreateCustomerUser::PATH);
        let domains = domains.join(", ");
        let customer = customer.clone();
        view! {
            <PostForm action=CreateCustomerUser::PATH anchor="users-heading" class="stack form-card">
                {failed.map(|error| view! { <ErrorAlert error /> })}
                <input type="hidden" name="customer" value=customer />
                <label>
                    <span>{tu_string!(i18n, users.display_name)}</span>
                    <input type="text" name="display_name" required maxlength="100" autocomplete="off" />
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
                        {(!domains.is_empty())
                            .then(|| {
                                tu_string!(i18n, users.email_hint, domains = domains.as_str()).to_string()
                            })}
                    </span>
                </div>
                <div class="actions">
                    <button type="submit" class="primary">{tu_string!(i18n, users.create)}</button>
                </div>
            </PostForm>
        }
    });
    view! {
        <OpenButton
            form=crate::relationships::ADD_USER
            open=adding
            label=tu_string!(i18n, users.add).to_string()
            anchor="users-heading"
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
                                                view! {
                                                    <PostForm action=ResetCustomerPassword::PATH anchor="users-heading">
                                                        <input type="hidden" name="customer" value=customer />
                                                        <input type="hidden" name="user" value=user.id.clone() />
                                                        <button type="submit">{tu_string!(i18n, users.reset)}</button>
                                                    </PostForm>
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
impl crate::ui::Reading for kernel::refusal::delegated::Refusal {
    fn reading(&self, i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> String {
        use kernel::refusal::delegated::Refusal;
        match self {
            Refusal::OnlyAdminAgents => tu_string!(i18n, errors.only_admin_agents).to_string(),
            Refusal::DapRemoved => tu_string!(i18n, errors.dap_removed).to_string(),
            Refusal::DapNotGranted => tu_string!(i18n, errors.dap_not_granted).to_string(),
            Refusal::AdministratorAccount => {
                tu_string!(i18n, errors.administrator_account).to_string()
            }
            Refusal::EmailTaken => tu_string!(i18n, errors.email_taken).to_string(),
            Refusal::EmailOutsideCustomerDomains => {
                tu_string!(i18n, errors.email_outside_domains).to_string()
            }
        }
    }
}
