//! SQL for signing in. (The signed-in user of a request is read by
//! `request::store`.)
use sqlx::SqlitePool;

use kernel::error::AppError;

#[derive(sqlx::FromRow)]
pub struct Credentials {
    pub id: kernel::id::UserId,
    pub password_hash: String,
}

/// The id and password hash of the user with this (lower-case) email.
pub async fn credentials_by_email(
    pool: &SqlitePool,
    email: &str,
) -> Result<Option<Credentials>, AppError> {
    Ok(
        sqlx::query_as("SELECT id, password_hash FROM users WHERE email = ?")
            .bind(email)
            .fetch_optional(pool)
            .await?,
    )
}
