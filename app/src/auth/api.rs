//! The server functions of signing in and out, and of who is signed in.
use super::CurrentUser;
#[cfg(feature = "ssr")]
use super::{Refusal, SignInThrottle, safe_next, store};
use kernel::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let pool = crate::request::pool()?;
    let session = crate::request::session().await?;
    let email = email.trim().to_lowercase();
    let address = crate::request::client_ip().await;
    let (account_key, address_key) = (format!("account:{email}"), format!("address:{address}"));
    let throttles = leptos::prelude::use_context::<SignInThrottle>().unwrap_or_default();
    throttles.reserve(&pool, &account_key, &address_key).await?;
    let user = match store::credentials_by_email(&pool, &email).await {
        Ok(user) => user,
        Err(error) => {
            // The lookup's failure is what the visitor is told; a failure to
            // give the attempt back is logged where it happens, and at worst
            // counts one attempt too many.
            let _ = throttles
                .not_checked(&pool, &account_key, &address_key)
                .await;
            return Err(error);
        }
    };
    // Verify against a dummy hash when the email is unknown, so both cost the same.
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let Some(verified) = throttles.checks.verify(password, hash).await else {
        throttles
            .not_checked(&pool, &account_key, &address_key)
            .await?;
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                http::header::RETRY_AFTER,
                http::HeaderValue::from_static("1"),
            );
        }
        return Err(Refusal::Busy.into());
    };
    let Some(user) = user.filter(|_| verified) else {
        // The attempt stays counted as the failure it is.
        return Err(Refusal::WrongCredentials.into());
    };
    throttles
        .succeeded(&pool, &account_key, &address_key)
        .await?;
    // A new session id at sign-in: a planted id never becomes a signed-in one.
    session.cycle_id().await?;
    session
        .insert(crate::request::SESSION_USER_KEY, &user.id)
        .await?;
    session
        .insert(crate::request::SESSION_SIGNED_IN_KEY, crate::db::now_ms())
        .await?;
    let target = match safe_next(next.as_deref()) {
        Some(next) => next.to_string(),
        None => crate::request::user_with_id(&pool, &user.id)
            .await?
            .map(|u| super::home_of(&u).to_string())
            .unwrap_or_else(|| "/".to_string()),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let session = crate::request::session().await?;
    // Deletes the session on the server, not only the cookie.
    session.flush().await?;
    leptos_axum::redirect("/login");
    Ok(())
}

#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    crate::request::current_user().await
}
