//! The server functions of the customer's users: list, add, reset a password.
use super::{NewPassword, UserDirectory};
#[cfg(feature = "ssr")]
use super::{PasswordsToShow, domain, store};
#[cfg(feature = "ssr")]
use crate::audit_log::Actor;
#[cfg(feature = "ssr")]
use crate::db::Clock;
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

/// The relationship with `customer` and the privileges check for `act`,
/// before anything is read or sent, at `clock`'s now.
#[cfg(feature = "ssr")]
pub(super) async fn authorize(
    pool: &crate::db::Pool,
    clock: &Clock,
    user: &crate::auth::CurrentUser,
    customer: &str,
    act: domain::OnBehalf,
) -> Result<crate::relationships::RelationshipRef, AppError> {
    let relationship = crate::relationships::require_relationship(pool, user, customer).await?;
    let mut conn = pool.acquire().await?;
    store::privileges_for(&mut conn, clock, user, &relationship, act).await?;
    Ok(relationship)
}

#[server(endpoint = "customer_users")]
pub async fn customer_users(customer: String) -> Result<UserDirectory, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    let clock = Clock::current();
    let relationship =
        authorize(&pool, &clock, &user, &customer, domain::OnBehalf::ListUsers).await?;
    let add_needs = {
        let mut conn = pool.acquire().await?;
        let add = domain::OnBehalf::AddUser;
        match store::privileges_for(&mut conn, &clock, &user, &relationship, add).await {
            Ok(_) => None,
            Err(AppError::Refused(kernel::error::Refusal::Delegated(
                super::Refusal::RoleMissing(role),
            ))) => Some(role),
            Err(error) => return Err(error),
        }
    };
    Ok(UserDirectory {
        users: store::users_of(&pool, &relationship.customer_id).await?,
        add_needs,
    })
}

/// The domains a partner may add the customer's users at (see
/// [`store::domains_of`]), for the form to say before anything is sent.
#[server(endpoint = "customer_user_domains")]
pub async fn customer_user_domains(customer: String) -> Result<Vec<String>, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    let clock = Clock::current();
    let relationship =
        authorize(&pool, &clock, &user, &customer, domain::OnBehalf::AddUser).await?;
    store::user_domains(&pool, &relationship.customer_id).await
}

#[server(endpoint = "create_customer_user")]
pub async fn create_customer_user(
    customer: String,
    display_name: String,
    email: String,
) -> Result<NewPassword, AppError> {
    use kernel::input::{Email, Field, required_line};
    let Context { user, pool, client } = Context::signed_in().await?;
    let actor = Actor::new(&user, &client);
    let relationship = authorize(
        &pool,
        &actor.clock,
        &user,
        &customer,
        domain::OnBehalf::AddUser,
    )
    .await?;
    let display_name = required_line(Field::DisplayName, &display_name, domain::DISPLAY_NAME_MAX)?;
    let email = Email::parse(&email)?;
    let password = crate::auth::generate_password();
    let hash = crate::auth::hash_password(password.clone()).await?;
    store::create_user(&pool, &actor, &relationship, &display_name, &email, &hash).await?;
    let shown = NewPassword {
        email: email.as_str().to_string(),
        password,
    };
    let done = crate::relationships::Done::UserCreated;
    answer_form_post(&relationship.customer_slug, &shown, done).await?;
    Ok(shown)
}

/// Resets the password of a user of the customer (not an administrator) to
/// a temporary one, shown once to the partner: it signs in once, and that
/// sign-in chooses a new password before anything else. The user and the
/// customer's administrators are emailed who reset it. The page asks for
/// a confirmation first.
#[server(endpoint = "reset_customer_password")]
pub async fn reset_customer_password(
    customer: String,
    user: String,
) -> Result<NewPassword, AppError> {
    let Context {
        user: actor,
        pool,
        client,
    } = Context::signed_in().await?;
    let by = Actor::new(&actor, &client);
    let reset = domain::OnBehalf::ResetPassword;
    let relationship = authorize(&pool, &by.clock, &actor, &customer, reset).await?;
    let password = crate::auth::generate_password();
    let hash = crate::auth::hash_password(password.clone()).await?;
    let base = crate::request::public_url().await;
    let email = store::reset_password(
        &pool,
        &by,
        &relationship,
        &kernel::id::UserId::new(user),
        &hash,
        &base,
    )
    .await?;
    let shown = NewPassword { email, password };
    let done = crate::relationships::Done::PasswordReset;
    answer_form_post(&relationship.customer_slug, &shown, done).await?;
    Ok(shown)
}

/// The passwords waiting to be shown and the request's session id, which
/// they are kept by; none when the request has no session yet.
#[cfg(feature = "ssr")]
pub(super) async fn passwords_of_session() -> Result<Option<(PasswordsToShow, String)>, AppError> {
    let session = crate::request::session().await?;
    Ok(use_context::<PasswordsToShow>().zip(session.id().map(|id| id.to_string())))
}

/// Keeps a password set by a form the browser posted itself for the page it
/// is sent back to (see [`shown`]), and sends it there.
#[cfg(feature = "ssr")]
pub(super) async fn answer_form_post(
    customer: &kernel::id::CustomerSlug,
    password: &NewPassword,
    done: crate::relationships::Done,
) -> Result<(), AppError> {
    if !crate::request::plain_form_post() {
        return Ok(());
    }
    if let Some((kept, session)) = passwords_of_session().await? {
        let pool = crate::request::pool()?;
        kept.keep(&pool, &session, customer.as_str(), password)
            .await?;
    }
    done.answer_form_post(customer);
    Ok(())
}

/// The password a form of this page set just now, once (see [`super::shown`]).
/// No cache keeps the page: the server sends every page with
/// `Cache-Control: private, no-store`.
pub(super) async fn take_shown_password(customer: String) -> Result<Option<NewPassword>, AppError> {
    #[cfg(feature = "ssr")]
    {
        match passwords_of_session().await? {
            Some((kept, session)) => {
                kept.take(&crate::request::pool()?, &session, &customer)
                    .await
            }
            None => Ok(None),
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = customer;
        Ok(None)
    }
}
