//! The server functions of signing in and out, and of who is signed in.
use super::{CurrentUser, PasswordLink};
#[cfg(feature = "ssr")]
use super::{Refusal, SignInThrottle, safe_next, store};
#[cfg(feature = "ssr")]
use crate::audit_log::Actor;
#[cfg(feature = "ssr")]
use crate::db::Clock;
use kernel::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_i18n::Locale as _;

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let pool = crate::request::pool()?;
    let clock = Clock::current();
    let session = crate::request::session().await?;
    let email = email.trim().to_lowercase();
    let address = crate::request::client_ip().await;
    let (account_key, address_key) = (format!("account:{email}"), format!("address:{address}"));
    let throttles = leptos::prelude::use_context::<SignInThrottle>().unwrap_or_default();
    throttles
        .reserve(&pool, &clock, &account_key, &address_key)
        .await?;
    // When the password was read: a reset or a new password after this
    // moment makes the check below worth nothing (`complete_sign_in`).
    let checked_ms = clock.now_ms();
    let user = match store::credentials_by_email(&pool, &email).await {
        Ok(user) => user,
        Err(error) => {
            // The lookup's failure is what the visitor is told; a failure to
            // give the attempt back is logged where it happens, and at worst
            // counts one attempt too many.
            let _ = throttles
                .not_checked(&pool, &clock, &account_key, &address_key)
                .await;
            return Err(error);
        }
    };
    // Verify against a dummy hash when the email is unknown, so both cost the same.
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let Some(verified) = throttles.checks.verify(password, hash).await else {
        throttles
            .not_checked(&pool, &clock, &account_key, &address_key)
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
        .succeeded(&pool, &clock, &account_key, &address_key)
        .await?;
    if user.email_unverified {
        // Only the one who knows the password learns it: the emailed link
        // comes first.
        return Err(Refusal::AddressNotVerified.into());
    }
    if user.temporary_used {
        // A password a partner set signs in once; only the one who knows
        // it learns that it did already.
        return Err(Refusal::TemporaryPasswordUsed.into());
    }
    store::set_locale(&pool, &user.id, crate::request::locale().as_str()).await?;
    if user.two_step {
        // The password was right; the code comes next, on its own page.
        session.cycle_id().await?;
        session.insert(PENDING_USER, &user.id).await?;
        session.insert(PENDING_MS, checked_ms).await?;
        session
            .insert(PENDING_NEXT, next.unwrap_or_default())
            .await?;
        leptos_axum::redirect("/login/code");
        return Ok(());
    }
    complete_sign_in(
        &pool,
        &clock,
        &session,
        &user.id,
        next.as_deref(),
        checked_ms,
    )
    .await
}

/// The session keys of a sign-in waiting for its code: whose, since when
/// (Unix milliseconds), and where to go next.
#[cfg(feature = "ssr")]
const PENDING_USER: &str = "two_step_user";
#[cfg(feature = "ssr")]
const PENDING_MS: &str = "two_step_since_ms";
#[cfg(feature = "ssr")]
const PENDING_NEXT: &str = "two_step_next";
/// How long the code may be given after the password.
#[cfg(feature = "ssr")]
const PENDING_FOR_MS: i64 = 5 * 60 * 1000;

/// Signs `user` in on `session` and sends them to `next`, or home (or,
/// first, to choose a new password when someone else set theirs, or to
/// their account page when two-step verification is due). A temporary
/// password's one sign-in is used here. `checked_ms` is when the
/// credentials were read: the session counts from then, so a reset or a
/// new password that landed after it ends the session at once, and such a
/// change refuses the sign-in here.
#[cfg(feature = "ssr")]
pub async fn complete_sign_in(
    pool: &crate::db::Pool,
    clock: &Clock,
    session: &tower_sessions::Session,
    user: &kernel::id::UserId,
    next: Option<&str>,
    checked_ms: i64,
) -> Result<(), AppError> {
    match store::use_temporary_password(pool, user, checked_ms, clock.now_ms()).await? {
        store::Claim::SignsIn => {}
        store::Claim::Spent => return Err(Refusal::TemporaryPasswordUsed.into()),
        store::Claim::Changed => return Err(Refusal::WrongCredentials.into()),
    }
    // A new session id at sign-in: a planted id never becomes a signed-in one.
    session.cycle_id().await?;
    session
        .insert(crate::request::SESSION_USER_KEY, user)
        .await?;
    session
        .insert(crate::request::SESSION_SIGNED_IN_KEY, checked_ms)
        .await?;
    let signed_in = crate::request::user_with_id(pool, user).await?;
    // Never back to the page that chooses the new password: it is done then.
    let next = safe_next(next).filter(|next| !next.starts_with(NEW_PASSWORD_PAGE));
    let target = match (next, &signed_in) {
        (next, Some(user)) if user.password_change_due => match next {
            Some(next) => format!(
                "{NEW_PASSWORD_PAGE}?next={}",
                crate::ui::encode_query_value(next)
            ),
            None => NEW_PASSWORD_PAGE.to_string(),
        },
        (_, Some(user)) if user.two_step_due => "/account".to_string(),
        (Some(next), _) => next.to_string(),
        (None, Some(user)) => super::home_of(user).to_string(),
        (None, None) => "/".to_string(),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// The page where a user whose password someone else set chooses a new one.
pub const NEW_PASSWORD_PAGE: &str = "/login/new-password";

/// Replaces a password someone else set (a partner, on the customer's
/// behalf): what a user does first after signing in with it; nothing else
/// opens before. The temporary password works no more, every other session
/// of the user ends, and this one goes on to `next` (or home).
#[server(endpoint = "replace_temporary_password")]
pub async fn replace_temporary_password(
    new_password: String,
    confirm_password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use kernel::audit::Action;
    // Not through the gate: this is the one thing it lets such a user do.
    let user = crate::request::require_user().await?;
    if !user.password_change_due {
        return Err(AppError::NotAllowed);
    }
    let pool = crate::request::pool()?;
    let clock = Clock::current();
    let client = crate::request::client_ip().await;
    super::password::check_new(&new_password, &confirm_password, &user.email)?;
    let temporary = store::password_hash_of(&pool, &user.id)
        .await?
        .ok_or(AppError::NotSignedIn)?;
    let throttles = use_context::<SignInThrottle>().unwrap_or_default();
    match throttles
        .checks
        .verify(new_password.clone(), Some(temporary.clone()))
        .await
    {
        Some(false) => {}
        Some(true) => return Err(Refusal::SameAsTemporary.into()),
        None => return Err(Refusal::Busy.into()),
    }
    let hash = super::hash_password(new_password).await?;
    let session = crate::request::session().await?;
    let signed_in_ms = session
        .get::<i64>(crate::request::SESSION_SIGNED_IN_KEY)
        .await?
        .unwrap_or(0);
    let now = crate::db::write(&pool, async |tx| {
        let now = clock.now_ms();
        // Only the temporary password checked above: a reset that landed while
        // the new one was hashed stands, and this session is over.
        let replaced = store::replace_temporary_password(
            tx,
            &user.id,
            store::Replacing {
                temporary: &temporary,
                signed_in_ms,
            },
            &hash,
            now,
        )
        .await?;
        if !replaced {
            return Err(AppError::NotSignedIn);
        }
        crate::audit_log::record(
            tx,
            crate::audit_log::NewEvent::about_own_organization(
                Action::PasswordChanged,
                &Actor::with_clock(&user, &client, clock.clone()),
                user.email.clone(),
            ),
        )
        .await?;
        Ok(now)
    })
    .await?;
    complete_sign_in(&pool, &clock, &session, &user.id, next.as_deref(), now).await
}

/// The second step of signing in: a code of the user's authenticator app,
/// or one of their recovery codes (each works once). Throttled as the
/// password is, per account and per address.
#[server(endpoint = "verify_sign_in_code")]
pub async fn verify_sign_in_code(code: String) -> Result<(), AppError> {
    use kernel::refusal::accounts::Refusal as Accounts;
    let pool = crate::request::pool()?;
    let clock = Clock::current();
    let session = crate::request::session().await?;
    let since = session.get::<i64>(PENDING_MS).await?.unwrap_or(0);
    let Some(user) = session.get::<kernel::id::UserId>(PENDING_USER).await? else {
        return Err(AppError::NotSignedIn);
    };
    if clock.now_ms() - since > PENDING_FOR_MS {
        session.flush().await?;
        return Err(AppError::NotSignedIn);
    }
    let address = crate::request::client_ip().await;
    let (account_key, address_key) = (format!("code:{user}"), format!("address:{address}"));
    let throttles = use_context::<SignInThrottle>().unwrap_or_default();
    throttles
        .reserve(&pool, &clock, &account_key, &address_key)
        .await?;
    crate::db::write(&pool, async |tx| {
        let Some(two_step) = store::two_step_of(tx, &user).await? else {
            return Err(AppError::NotSignedIn);
        };
        let now_secs = (clock.now_ms() / 1000) as u64;
        let secret = two_step.totp_secret.as_deref().filter(|_| two_step.enabled);
        let step = secret.and_then(|secret| {
            super::two_step::accepted_step(secret, &code, now_secs, two_step.totp_last_step)
        });
        let accepted = match step {
            Some(step) => {
                store::code_accepted(tx, &user, step).await?;
                true
            }
            None => match super::two_step::normalized_recovery_code(&code) {
                Some(code) => {
                    let digest = super::two_step::digest(&code);
                    store::use_recovery_code(tx, &clock, &user, &digest).await?
                }
                None => false,
            },
        };
        if !accepted {
            // The attempt stays counted as the failure it is.
            return Err(Accounts::WrongCode.into());
        }
        Ok(())
    })
    .await?;
    throttles
        .succeeded(&pool, &clock, &account_key, &address_key)
        .await?;
    let next: Option<String> = session.get(PENDING_NEXT).await?;
    for key in [PENDING_USER, PENDING_MS, PENDING_NEXT] {
        session.remove_value(key).await?;
    }
    complete_sign_in(&pool, &clock, &session, &user, next.as_deref(), since).await
}

/// Whether a sign-in waits for its code in this session (the code page
/// sends anyone else back to sign in).
#[server(endpoint = "sign_in_code_pending")]
pub async fn sign_in_code_pending() -> Result<bool, AppError> {
    let session = crate::request::session().await?;
    let since = session.get::<i64>(PENDING_MS).await?.unwrap_or(0);
    Ok(session
        .get::<kernel::id::UserId>(PENDING_USER)
        .await?
        .is_some()
        && Clock::current().now_ms() - since <= PENDING_FOR_MS)
}

/// What an emailed link to choose a password is, if it still works.
#[server(endpoint = "password_link_info")]
pub async fn password_link_info(token: String) -> Result<Option<PasswordLink>, AppError> {
    use super::tokens::Purpose;
    let pool = crate::request::pool()?;
    let mut conn = pool.acquire().await?;
    let live = store::live_token(&mut conn, &token, Clock::current().now_ms()).await?;
    Ok(live
        .filter(|live| matches!(live.purpose, Purpose::SetPassword | Purpose::ResetPassword))
        .map(|live| PasswordLink {
            email: live.email,
            reset: live.purpose == Purpose::ResetPassword,
        }))
}

/// Chooses a password with an emailed link (a first password, or a reset),
/// which then works no more; every other session of the user ends. The
/// user is signed in, unless two-step verification asks them for a code:
/// then they sign in with the new password.
#[server(endpoint = "set_password")]
pub async fn set_password(
    token: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use super::tokens::Purpose;
    use kernel::audit::Action;
    use kernel::refusal::accounts::Refusal as Accounts;
    let crate::request::Visitor { pool, client, .. } = crate::request::Visitor::get().await?;
    let clock = Clock::current();
    let session = crate::request::session().await?;
    let purposes = [Purpose::SetPassword, Purpose::ResetPassword];
    let live = {
        let mut conn = pool.acquire().await?;
        store::live_token(&mut conn, &token, clock.now_ms())
            .await?
            .filter(|live| purposes.contains(&live.purpose))
            .ok_or(Accounts::LinkNotValid)?
    };
    // A typo in the confirmation leaves the link working.
    super::password::check_new(&new_password, &confirm_password, &live.email)?;
    let hash = super::hash_password(new_password).await?;
    let actor = crate::request::user_with_id(&pool, &live.user_id)
        .await?
        .ok_or(Accounts::LinkNotValid)?;
    let (now, used, two_step) = crate::db::write(&pool, async |tx| {
        let now = clock.now_ms();
        let used = store::use_token(tx, &token, &purposes, now)
            .await?
            .ok_or(Accounts::LinkNotValid)?;
        store::set_password(tx, &used.user_id, &hash, now).await?;
        let action = match used.purpose {
            Purpose::ResetPassword => Action::PasswordResetByEmail,
            _ => Action::UserActivated,
        };
        crate::audit_log::record(
            tx,
            crate::audit_log::NewEvent::about_own_organization(
                action,
                &Actor::with_clock(&actor, &client, clock.clone()),
                actor.email.clone(),
            ),
        )
        .await?;
        let two_step = store::two_step_of(tx, &used.user_id)
            .await?
            .is_some_and(|t| t.enabled);
        Ok::<_, AppError>((now, used, two_step))
    })
    .await?;
    if two_step {
        session.flush().await?;
        leptos_axum::redirect("/login?done=password_set");
        return Ok(());
    }
    complete_sign_in(&pool, &clock, &session, &used.user_id, None, now).await
}

/// Sends a link to choose a new password to `email`, if an active account
/// has it. The answer is the same either way, so it tells nobody whether
/// an address has an account; requests are throttled per address and per
/// email, across processes.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use super::tokens::Purpose;
    let crate::request::Visitor { pool, client, .. } = crate::request::Visitor::get().await?;
    let clock = Clock::current();
    let email = kernel::input::Email::parse(&email)?;
    super::throttle::count(
        &pool,
        &clock,
        &[
            (
                &format!("reset:{}", email.as_str()),
                super::throttle::RESETS_PER_ACCOUNT,
            ),
            (
                &format!("reset-address:{client}"),
                super::throttle::PER_ADDRESS,
            ),
        ],
    )
    .await?;
    let base = crate::request::public_url().await;
    crate::db::write(&pool, async |tx| {
        if let Some(user) = store::recipient_by_email(tx, email.as_str()).await? {
            let token =
                store::issue_token(tx, &clock, Purpose::ResetPassword, &user.id, None).await?;
            let link = format!("{base}/password/{token}");
            let letter = super::letters::reset(
                crate::outbox::locale_of(&user.locale),
                email.as_str(),
                &link,
            );
            crate::outbox::enqueue(tx, clock.now_ms(), &letter).await?;
        }
        Ok::<_, AppError>(())
    })
    .await?;
    crate::request::after_form_post("/login/forgot?sent=1");
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

/// Opens an emailed link that verifies a new account's address (a plain
/// `GET`, served by the server outside the app): the address counts as
/// verified, and the organization that signed up with it owns its domain
/// (unless another verified it first). It signs nobody in: the answer is
/// where to go, the invitation they signed up from, where they sign in as
/// always. A link that no longer works goes to the sign-in page, which
/// says so.
#[cfg(feature = "ssr")]
pub async fn open_verification_link(
    pool: &crate::db::Pool,
    clock: &Clock,
    token: &str,
    client: &str,
) -> Result<String, AppError> {
    use super::tokens::Purpose;
    use kernel::audit::Action;
    let now = clock.now_ms();
    let Some(actor) = ({
        let mut conn = pool.acquire().await?;
        match store::live_token(&mut conn, token, now).await? {
            Some(live) if live.purpose == Purpose::VerifyEmail => {
                crate::request::user_with_id(pool, &live.user_id).await?
            }
            _ => None,
        }
    }) else {
        return Ok("/login?notice=link_not_valid".to_string());
    };
    crate::db::write(pool, async |tx| {
        let Some(used) = store::use_token(tx, token, &[Purpose::VerifyEmail], now).await? else {
            return Ok("/login?notice=link_not_valid".to_string());
        };
        let confirmation = store::confirm_address(tx, &used.user_id).await?;
        let mut events = vec![(Action::EmailVerified, actor.email.clone())];
        match &confirmation {
            store::Confirmation::DomainTaken => {
                return Ok("/login?notice=domain_taken".to_string());
            }
            store::Confirmation::SignedUp(domain) => events.insert(
                0,
                (
                    Action::OrganizationSignedUp,
                    format!("{} ({domain})", actor.organization.name),
                ),
            ),
            store::Confirmation::Verified => {}
        }
        for (action, details) in events {
            crate::audit_log::record(
                tx,
                crate::audit_log::NewEvent::about_own_organization(
                    action,
                    &Actor::with_clock(&actor, client, clock.clone()),
                    details,
                ),
            )
            .await?;
        }
        let back = used.return_to.as_deref().and_then(|to| safe_next(Some(to)));
        Ok(match back {
            Some(back) => format!("{back}?verified=1"),
            None => "/login?notice=verified".to_string(),
        })
    })
    .await
}
