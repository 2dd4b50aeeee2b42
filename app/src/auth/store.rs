//! SQL for signing in. (The signed-in user of a request is read by
//! `request::store`.)
use crate::db::{Clock, Conn, Pool};

use super::domain::{WINDOW, Window};
use super::tokens::Purpose;
use kernel::error::AppError;
use kernel::id::UserId;

#[derive(sqlx::FromRow)]
pub struct Credentials {
    pub id: kernel::id::UserId,
    pub password_hash: String,
    /// Whether a code is asked for after the password.
    pub two_step: bool,
    /// The address waits for its emailed link: no sign-in before.
    pub email_unverified: bool,
    /// The password is a temporary one (set by a partner) that signed in
    /// once already: it works no more.
    pub temporary_used: bool,
}

/// The id, password hash and two-step setting of the active user with this
/// (lower-case) email. A deactivated user has none.
pub async fn credentials_by_email(
    pool: &Pool,
    email: &str,
) -> Result<Option<Credentials>, AppError> {
    Ok(crate::db::query_as(
        "SELECT id, password_hash, totp_enabled_at IS NOT NULL AS two_step, email_unverified,
                (password_change_due AND temporary_password_used_ms IS NOT NULL) AS temporary_used
         FROM users WHERE email = $1 AND deactivated_at IS NULL",
    )
    .bind(email)
    .fetch_optional(pool)
    .await?)
}

/// The password hash of an active user.
pub async fn password_hash_of(pool: &Pool, user: &UserId) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> = crate::db::query_as(
        "SELECT password_hash FROM users WHERE id = $1 AND deactivated_at IS NULL",
    )
    .bind(user)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(hash,)| hash))
}

/// Makes a single-use link of `purpose` for `user`; the links of the same
/// purpose made before for them stop working. Returns the token.
pub async fn issue_token(
    conn: &mut Conn,
    clock: &Clock,
    purpose: Purpose,
    user: &UserId,
    return_to: Option<&str>,
) -> Result<String, sqlx::Error> {
    let now = clock.now_ms();
    crate::db::query(
        "UPDATE account_tokens SET used_ms = $3
         WHERE user_id = $1 AND purpose = $2 AND used_ms IS NULL",
    )
    .bind(user)
    .bind(purpose)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let (token, digest) = super::tokens::new_token();
    crate::db::query(
        "INSERT INTO account_tokens (token_hash, purpose, user_id, return_to, created_ms, expires_ms)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(digest)
    .bind(purpose)
    .bind(user)
    .bind(return_to)
    .bind(now)
    .bind(now + super::tokens::lifetime_ms(purpose))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// A link that still works: what it is for, and whose.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveToken {
    pub purpose: Purpose,
    pub user_id: UserId,
    pub email: String,
    pub return_to: Option<String>,
}

/// The link `token` if it still works (unused, not expired, its user
/// active), without using it.
pub async fn live_token(
    conn: &mut Conn,
    token: &str,
    now_ms: i64,
) -> Result<Option<LiveToken>, sqlx::Error> {
    crate::db::query_as(
        "SELECT t.purpose, t.user_id, u.email, t.return_to
         FROM account_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.used_ms IS NULL AND t.expires_ms > $2
           AND u.deactivated_at IS NULL",
    )
    .bind(super::two_step::digest(token))
    .bind(now_ms)
    .fetch_optional(conn)
    .await
}

/// Uses the link `token` of one of `purposes`: true when it still worked
/// and is now used. Two uses at once: one wins.
pub async fn use_token(
    conn: &mut Conn,
    token: &str,
    purposes: &[Purpose],
    now_ms: i64,
) -> Result<Option<LiveToken>, sqlx::Error> {
    let Some(live) = live_token(conn, token, now_ms).await? else {
        return Ok(None);
    };
    if !purposes.contains(&live.purpose) {
        return Ok(None);
    }
    let used = crate::db::query(
        "UPDATE account_tokens SET used_ms = $2 WHERE token_hash = $1 AND used_ms IS NULL",
    )
    .bind(super::two_step::digest(token))
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    Ok((used.rows_affected() == 1).then_some(live))
}

/// What came of a sign-in's claim on the user's password ([`use_temporary_password`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The password is the user's own, or this is its one temporary use.
    SignsIn,
    /// The temporary password signed in once already (two sign-ins at
    /// once: one wins).
    Spent,
    /// The password changed (a new reset, a new password) after it was
    /// checked: what was checked works no more.
    Changed,
}

/// Uses the one sign-in of a temporary password (one a partner set), for
/// credentials checked at `checked_ms`: a password that changed since then
/// (a reset landing between the check and now) signs nobody in, and a
/// temporary password that is not this check's is never spent by it.
pub async fn use_temporary_password(
    pool: &Pool,
    user: &UserId,
    checked_ms: i64,
    now_ms: i64,
) -> Result<Claim, AppError> {
    let used = crate::db::query(
        "UPDATE users SET temporary_password_used_ms = $2
         WHERE id = $1 AND password_change_due AND temporary_password_used_ms IS NULL
           AND COALESCE(credentials_changed_ms, 0) <= $3",
    )
    .bind(user)
    .bind(now_ms)
    .bind(checked_ms)
    .execute(pool)
    .await?;
    if used.rows_affected() == 1 {
        return Ok(Claim::SignsIn);
    }
    let row: Option<(bool, bool)> = crate::db::query_as(
        "SELECT COALESCE(credentials_changed_ms, 0) > $2,
                password_change_due AND temporary_password_used_ms IS NOT NULL
         FROM users WHERE id = $1",
    )
    .bind(user)
    .bind(checked_ms)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        None | Some((true, _)) => Claim::Changed,
        Some((_, true)) => Claim::Spent,
        Some(_) => Claim::SignsIn,
    })
}

/// The temporary password a session signed in with: its hash, and when
/// the session's credentials were checked.
pub struct Replacing<'a> {
    pub temporary: &'a str,
    pub signed_in_ms: i64,
}

/// Replaces the temporary password the session signed in with by `hash`,
/// as [`set_password`] does: false, and nothing changed, when it is no
/// longer the user's or changed after the session began (a new reset
/// landed meanwhile: it stands, and that session is over).
pub async fn replace_temporary_password(
    conn: &mut Conn,
    user: &UserId,
    replacing: Replacing<'_>,
    hash: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let replaced = crate::db::query(
        "UPDATE users SET password_hash = $3, credentials_changed_ms = $4,
                password_change_due = FALSE, temporary_password_used_ms = NULL
         WHERE id = $1 AND password_change_due AND password_hash = $2
           AND COALESCE(credentials_changed_ms, 0) <= $5",
    )
    .bind(user)
    .bind(replacing.temporary)
    .bind(hash)
    .bind(now_ms)
    .bind(replacing.signed_in_ms)
    .execute(&mut *conn)
    .await?;
    if replaced.rows_affected() != 1 {
        return Ok(false);
    }
    end_links(conn, user, now_ms).await?;
    confirm_address(conn, user).await?;
    Ok(true)
}

/// Sets a user's password (their own: a temporary one is replaced), ends
/// their other sessions (those that began before now) and, since the link
/// or the sign-in that allowed it reached them, counts their address as
/// verified ([`confirm_address`]).
pub async fn set_password(
    conn: &mut Conn,
    user: &UserId,
    hash: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "UPDATE users SET password_hash = $2, credentials_changed_ms = $3,
                password_change_due = FALSE, temporary_password_used_ms = NULL
         WHERE id = $1",
    )
    .bind(user)
    .bind(hash)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    end_links(conn, user, now_ms).await?;
    confirm_address(conn, user).await?;
    Ok(())
}

/// Ends every emailed link of `user` not used yet (a reset link sent
/// before a password change works no more): the password changed.
pub async fn end_links(conn: &mut Conn, user: &UserId, now_ms: i64) -> Result<(), sqlx::Error> {
    crate::db::query(
        "UPDATE account_tokens SET used_ms = $2 WHERE user_id = $1 AND used_ms IS NULL",
    )
    .bind(user)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends every session of `user` that began before `now_ms`, on every process.
pub async fn end_sessions(conn: &mut Conn, user: &UserId, now_ms: i64) -> Result<(), sqlx::Error> {
    crate::db::query("UPDATE users SET credentials_changed_ms = $2 WHERE id = $1")
        .bind(user)
        .bind(now_ms)
        .execute(conn)
        .await?;
    Ok(())
}

/// What a user's two-step verification holds.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TwoStep {
    pub totp_secret: Option<String>,
    pub enabled: bool,
    pub totp_last_step: Option<i64>,
    pub remaining_codes: i64,
}

pub async fn two_step_of(conn: &mut Conn, user: &UserId) -> Result<Option<TwoStep>, sqlx::Error> {
    crate::db::query_as(
        "SELECT totp_secret, totp_enabled_at IS NOT NULL AS enabled, totp_last_step,
                (SELECT COUNT(*) FROM recovery_codes r
                 WHERE r.user_id = u.id AND r.used_ms IS NULL) AS remaining_codes
         FROM users u WHERE id = $1",
    )
    .bind(user)
    .fetch_optional(conn)
    .await
}

/// Keeps a new secret for a user whose two-step verification is off (it
/// is turned on once a code from it is given).
pub async fn keep_two_step_secret(
    conn: &mut Conn,
    user: &UserId,
    secret: &str,
) -> Result<(), sqlx::Error> {
    crate::db::query("UPDATE users SET totp_secret = $2 WHERE id = $1 AND totp_enabled_at IS NULL")
        .bind(user)
        .bind(secret)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records that a code of `step` was accepted (no code of it or before works again).
pub async fn code_accepted(conn: &mut Conn, user: &UserId, step: i64) -> Result<(), sqlx::Error> {
    crate::db::query("UPDATE users SET totp_last_step = $2 WHERE id = $1")
        .bind(user)
        .bind(step)
        .execute(conn)
        .await?;
    Ok(())
}

/// Turns two-step verification on with these recovery codes (their digests).
pub async fn enable_two_step(
    conn: &mut Conn,
    clock: &Clock,
    user: &UserId,
    step: i64,
    code_digests: &[String],
) -> Result<(), sqlx::Error> {
    crate::db::query("UPDATE users SET totp_enabled_at = $2, totp_last_step = $3 WHERE id = $1")
        .bind(user)
        .bind(clock.now())
        .bind(step)
        .execute(&mut *conn)
        .await?;
    crate::db::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    for digest in code_digests {
        crate::db::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user)
            .bind(digest)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Turns two-step verification off and forgets its secret and codes.
pub async fn disable_two_step(conn: &mut Conn, user: &UserId) -> Result<(), sqlx::Error> {
    crate::db::query(
        "UPDATE users SET totp_enabled_at = NULL, totp_secret = NULL, totp_last_step = NULL
         WHERE id = $1",
    )
    .bind(user)
    .execute(&mut *conn)
    .await?;
    crate::db::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Uses a recovery code (its digest): true when it was unused and is now used.
pub async fn use_recovery_code(
    conn: &mut Conn,
    clock: &Clock,
    user: &UserId,
    digest: &str,
) -> Result<bool, sqlx::Error> {
    let used = crate::db::query(
        "UPDATE recovery_codes SET used_ms = $3
         WHERE user_id = $1 AND code_hash = $2 AND used_ms IS NULL",
    )
    .bind(user)
    .bind(digest)
    .bind(clock.now_ms())
    .execute(conn)
    .await?;
    Ok(used.rows_affected() == 1)
}

/// The language a user's email is written in ("en" or "fr").
pub async fn set_locale(pool: &Pool, user: &UserId, locale: &str) -> Result<(), AppError> {
    crate::db::query("UPDATE users SET locale = $2 WHERE id = $1 AND locale <> $2")
        .bind(user)
        .bind(locale)
        .execute(pool)
        .await?;
    Ok(())
}

/// The failures counted for `key`, if any.
async fn failures(conn: &mut crate::db::Conn, key: &str) -> Result<Option<Window>, AppError> {
    let row: Option<(i64, i64)> = crate::db::query_as(
        "SELECT window_started_ms, failures FROM sign_in_failures WHERE key = $1",
    )
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(started_ms, failures)| Window {
        started_ms,
        failures: failures.max(0) as u32,
    }))
}

/// Counts an attempt against every `(key, limit)` as a failure, under the
/// write lock so that attempts served by different processes at once are
/// counted one after the other; or, when one of the keys has used up its
/// limit, counts nothing and gives how long to wait.
pub async fn reserve_attempt(
    pool: &Pool,
    keys: &[(&str, u32)],
    now_ms: i64,
) -> Result<Result<(), std::time::Duration>, AppError> {
    crate::db::write(pool, async |tx| {
        let mut counted = Vec::with_capacity(keys.len());
        for (key, limit) in keys {
            let window = failures(tx, key).await?;
            if let Some(wait) = window.and_then(|w| w.wait(*limit, now_ms)) {
                return Ok(Err(wait));
            }
            counted.push((key, Window::failed(window, now_ms)));
        }
        for (key, window) in counted {
            crate::db::query(
                "INSERT INTO sign_in_failures (key, window_started_ms, failures) VALUES ($1, $2, $3)
                 ON CONFLICT (key) DO UPDATE
                 SET window_started_ms = excluded.window_started_ms, failures = excluded.failures",
            )
            .bind(*key)
            .bind(window.started_ms)
            .bind(i64::from(window.failures))
            .execute(&mut *tx)
            .await?;
        }
        Ok(Ok(()))
    })
    .await
}

/// Gives back an attempt [`reserve_attempt`] counted that was not a failure
/// after all. If the window began again meanwhile, the new one gets it
/// back: at worst one more attempt in it.
pub async fn give_back_attempt(pool: &Pool, key: &str, now_ms: i64) -> Result<(), AppError> {
    crate::db::query(
        "UPDATE sign_in_failures SET failures = failures - 1
         WHERE key = $1 AND failures > 0 AND $2 - window_started_ms < $3",
    )
    .bind(key)
    .bind(now_ms)
    .bind(WINDOW.as_millis() as i64)
    .execute(pool)
    .await?;
    Ok(())
}

/// A successful sign-in clears the account's failures.
pub async fn clear_failures(pool: &Pool, key: &str) -> Result<(), AppError> {
    crate::db::query("DELETE FROM sign_in_failures WHERE key = $1")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

/// Forgets the windows that have passed (the server does it now and then).
pub async fn forget_passed_windows(pool: &Pool, now_ms: i64) -> Result<(), AppError> {
    crate::db::query("DELETE FROM sign_in_failures WHERE $1 - window_started_ms >= $2")
        .bind(now_ms)
        .bind(WINDOW.as_millis() as i64)
        .execute(pool)
        .await?;
    Ok(())
}

/// Someone email can be sent to: an active user, and their language.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub id: UserId,
    pub locale: String,
}

/// The active user with this (lower-case) email, once their address is
/// verified: before, the emailed verification link is their way in.
pub async fn recipient_by_email(
    conn: &mut Conn,
    email: &str,
) -> Result<Option<Recipient>, sqlx::Error> {
    crate::db::query_as(
        "SELECT id, locale FROM users
         WHERE email = $1 AND deactivated_at IS NULL AND NOT email_unverified",
    )
    .bind(email)
    .fetch_optional(conn)
    .await
}

/// Whether an organization owns `domain`: one has it as its verified
/// domain, or someone whose address is verified (and who chose a password)
/// has an address at it (the
/// domain's characters were checked: letters, digits, dots, dashes, so
/// nothing in it means anything to LIKE).
pub async fn domain_claimed(conn: &mut Conn, domain: &str) -> Result<bool, sqlx::Error> {
    let taken: Option<bool> = crate::db::query_scalar(
        "SELECT TRUE FROM organizations WHERE verified_domain = $1
         UNION ALL SELECT TRUE FROM users
           WHERE email LIKE $2 AND NOT email_unverified AND password_hash <> ''
         LIMIT 1",
    )
    .bind(domain)
    .bind(format!("%@{domain}"))
    .fetch_optional(conn)
    .await?;
    Ok(taken.is_some())
}

/// What verifying an address did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// The address is verified.
    Verified,
    /// The address is verified, and the organization that signed up with
    /// it now owns this domain.
    SignedUp(String),
    /// Another organization verified the domain first: the address stays
    /// unverified, and its organization owns nothing.
    DomainTaken,
}

/// Counts the address of `user` as verified. An organization that signed
/// up with it now owns its domain, unless another organization verified
/// it first (then nothing changes).
pub async fn confirm_address(conn: &mut Conn, user: &UserId) -> Result<Confirmation, sqlx::Error> {
    let pending: Option<Option<String>> = crate::db::query_scalar(
        "SELECT o.pending_domain FROM users u JOIN organizations o ON o.id = u.organization_id
         WHERE u.id = $1",
    )
    .bind(user)
    .fetch_optional(&mut *conn)
    .await?;
    let mut confirmation = Confirmation::Verified;
    if let Some(Some(domain)) = pending {
        if domain_claimed(conn, &domain).await? {
            return Ok(Confirmation::DomainTaken);
        }
        crate::db::query(
            "UPDATE organizations SET verified_domain = pending_domain, pending_domain = NULL
             WHERE id = (SELECT organization_id FROM users WHERE id = $1)",
        )
        .bind(user)
        .execute(&mut *conn)
        .await?;
        confirmation = Confirmation::SignedUp(domain);
    }
    crate::db::query("UPDATE users SET email_unverified = FALSE WHERE id = $1")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    Ok(confirmation)
}
