//! Acting on the customer's behalf, the thing delegated admin privileges
//! exist for: a partner admin agent lists the customer's users, adds one and
//! resets a password (shown once). Without the privileges, every such action
//! is refused on the server with the reason and what to do.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::*;
use crate::ui::{ErrorAlert, FormToggle, Loading};

pub mod domain;
#[cfg(feature = "ssr")]
pub mod store;

pub use domain::{DIRECTORY_SERVICE, Refusal, may_administer};

/// A user of the customer's organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerUser {
    pub id: String,
    pub display_name: String,
    pub email: String,
    pub admin: bool,
}

/// A password set by the partner, shown to it once and stored only hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPassword {
    pub email: String,
    pub password: String,
}

/// The relationship with `customer` and the privileges check, for reading.
#[cfg(feature = "ssr")]
async fn authorize(
    pool: &sqlx::SqlitePool,
    user: &crate::auth::CurrentUser,
    customer: &str,
) -> Result<crate::customers::store::RelationshipRef, AppError> {
    let relationship = crate::customers::require_relationship(pool, user, customer).await?;
    let mut conn = pool.acquire().await?;
    let directory =
        crate::relationships::store::grant_state(&mut conn, &relationship.id, DIRECTORY_SERVICE)
            .await?;
    may_administer(user, directory)?;
    Ok(relationship)
}

#[server(endpoint = "customer_users")]
pub async fn customer_users(customer: String) -> Result<Vec<CustomerUser>, AppError> {
    crate::request::answer(
        async move {
            let user = crate::request::require_user().await?;
            let pool = crate::request::pool()?;
            let relationship = authorize(&pool, &user, &customer).await?;
            store::users_of(&pool, &relationship.customer_id).await
        }
        .await,
    )
}

#[server(endpoint = "create_customer_user")]
pub async fn create_customer_user(
    customer: String,
    display_name: String,
    email: String,
) -> Result<NewPassword, AppError> {
    use crate::input::{Email, Field, required_text};
    crate::request::answer(
        async move {
            let user = crate::request::require_user().await?;
            let pool = crate::request::pool()?;
            let relationship = authorize(&pool, &user, &customer).await?;
            let display_name =
                required_text(Field::DisplayName, &display_name, domain::DISPLAY_NAME_MAX)?;
            let email = Email::parse(&email)?;
            let password = crate::auth::password::generate();
            let hash = crate::auth::password::hash(password.clone()).await?;
            let ip = crate::request::client_ip().await;
            store::create_user(
                &pool,
                &user,
                &relationship,
                &display_name,
                email.as_str(),
                &hash,
                &ip,
            )
            .await?;
            Ok(NewPassword {
                email: email.as_str().to_string(),
                password,
            })
        }
        .await,
    )
}

#[server(endpoint = "reset_customer_password")]
pub async fn reset_customer_password(
    customer: String,
    user: String,
) -> Result<NewPassword, AppError> {
    crate::request::answer(
        async move {
            let actor = crate::request::require_user().await?;
            let pool = crate::request::pool()?;
            let relationship = authorize(&pool, &actor, &customer).await?;
            let password = crate::auth::password::generate();
            let hash = crate::auth::password::hash(password.clone()).await?;
            let ip = crate::request::client_ip().await;
            let email =
                store::reset_password(&pool, &actor, &relationship, &user, &hash, &ip).await?;
            Ok(NewPassword { email, password })
        }
        .await,
    )
}

/// The data of the "Users" section, created at the top of the page (never
/// inside a `Suspense`, so the server renders and the browser hydrates the
/// same resources).
#[derive(Clone, Copy)]
pub struct UsersData {
    pub list: crate::ui::Data<Vec<CustomerUser>>,
    pub create: ServerAction<CreateCustomerUser>,
    pub reset: ServerAction<ResetCustomerPassword>,
}

impl UsersData {
    pub fn new(customer: Signal<String>) -> Self {
        let create = ServerAction::<CreateCustomerUser>::new();
        let reset = ServerAction::<ResetCustomerPassword>::new();
        let list = crate::ui::data(
            move || {
                (
                    customer.get(),
                    create.version().get(),
                    reset.version().get(),
                )
            },
            |(customer, _, _)| customer_users(customer),
        );
        UsersData {
            list,
            create,
            reset,
        }
    }
}

/// The "Users" section of the partner's customer page.
#[component]
pub fn UsersSection(customer: String, data: UsersData) -> impl IntoView {
    let i18n = use_i18n();
    let UsersData {
        list: users,
        create,
        reset,
    } = data;
    let adding = RwSignal::new(false);
    // Whichever of the two actions answered last shows its password.
    let shown = RwSignal::new(None::<Result<NewPassword, AppError>>);
    Effect::new(move |_| {
        if let Some(result) = create.value().get() {
            if result.is_ok() {
                adding.set(false);
            }
            shown.set(Some(result));
        }
    });
    Effect::new(move |_| {
        if let Some(result) = reset.value().get() {
            shown.set(Some(result));
        }
    });
    view! {
        <section class="card" aria-labelledby="users-heading">
            <h2 id="users-heading">{tu_string!(i18n, users.heading)}</h2>
            {move || {
                shown
                    .get()
                    .map(|result| match result {
                        Ok(NewPassword { email, password }) => {
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
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    })
            }}
            <Suspense fallback=Loading>
                {
                    let customer = customer.clone();
                    move || {
                        let customer = customer.clone();
                        Suspend::new(async move {
                            match users.await {
                                Ok(list) => view! { <UserTable list customer reset adding create /> }.into_any(),
                                Err(AppError::Refused(crate::error::Refusal::Delegated(Refusal::OnlyAdminAgents))) => {
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
    reset: ServerAction<ResetCustomerPassword>,
    adding: RwSignal<bool>,
    create: ServerAction<CreateCustomerUser>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form_customer = StoredValue::new(customer.clone());
    view! {
        <FormToggle open=adding label=Signal::stored(tu_string!(i18n, users.add).to_string())>
            <ActionForm action=create attr:class="stack form-card">
                <input type="hidden" name="customer" value=form_customer.get_value() />
                <label>
                    <span>{tu_string!(i18n, users.display_name)}</span>
                    <input type="text" name="display_name" required maxlength="100" autocomplete="off" />
                </label>
                <label>
                    <span>{tu_string!(i18n, users.email)}</span>
                    <input type="email" name="email" required maxlength="254" autocomplete="off" />
                </label>
                <div class="actions">
                    <button type="submit" class="primary" aria-busy=move || create.pending().get().to_string()>
                        {tu_string!(i18n, users.create)}
                    </button>
                </div>
            </ActionForm>
        </FormToggle>
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
                            let id = user.id.clone();
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
                                                    <button
                                                        type="button"
                                                        disabled=move || reset.pending().get()
                                                        on:click=move |_| {
                                                            reset.dispatch(ResetCustomerPassword {
                                                                customer: customer.clone(),
                                                                user: id.clone(),
                                                            });
                                                        }
                                                    >
                                                        {tu_string!(i18n, users.reset)}
                                                    </button>
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
