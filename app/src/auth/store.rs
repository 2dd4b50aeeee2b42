//! SQL for signing in. (The signed-in user of a request is read by
//! `request::store`.)
use crate::db::Pool;

use super::throttle::Window;
use kernel::error::AppError;

#[derive(sqlx::FromRow)]
pub struct Credentials {
    pub id: kernel::id::UserId,
    pub password_hash: String,
}

/// The id and password hash of the user with this (lower-case) email.
pub async fn credentials_by_email(
    pool: &Pool,
    email: &str,
) -> Result<Option<Credentials>, AppError> {
    Ok(
        sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(pool)
            .await?,
    )
}

/// The failures counted for `key`, if any.
async fn failures(conn: &mut crate::db::Conn, key: &str) -> Result<Option<Window>, AppError> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT window_started_ms, failures FROM sign_in_failures WHERE key = $1")
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
    let mut tx = crate::db::begin_write(pool).await?;
    let mut counted = Vec::with_capacity(keys.len());
    for (key, limit) in keys {
        let window = failures(&mut tx, key).await?;
        if let Some(wait) = window.and_then(|w| w.wait(*limit, now_ms)) {
            return Ok(Err(wait));
        }
        counted.push((key, Window::failed(window, now_ms)));
    }
    for (key, window) in counted {
        sqlx::query(
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
    tx.commit().await?;
    Ok(Ok(()))
}

/// Gives back an attempt [`reserve_attempt`] counted that was not a failure
/// after all. If the window began again meanwhile, the new one gets it
/// back: at worst one more attempt in it.
pub async fn give_back_attempt(pool: &Pool, key: &str, now_ms: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sign_in_failures SET failures = failures - 1
         WHERE key = $1 AND failures > 0 AND $2 - window_started_ms < $3",
    )
    .bind(key)
    .bind(now_ms)
    .bind(super::throttle::WINDOW.as_millis() as i64)
    .execute(pool)
    .await?;
    Ok(())
}

/// A successful sign-in clears the account's failures.
pub async fn clear_failures(pool: &Pool, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

/// Forgets the windows that have passed (the server does it now and then).
pub async fn forget_passed_windows(pool: &Pool, now_ms: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE $1 - window_started_ms >= $2")
        .bind(now_ms)
        .bind(super::throttle::WINDOW.as_millis() as i64)
        .execute(pool)
        .await?;
    Ok(())
}
