//! SQL for signing in. (The signed-in user of a request is read by
//! `request::store`.)
use sqlx::SqlitePool;

use kernel::error::AppError;

pub struct Credentials {
    pub id: String,
    pub password_hash: String,
}

/// The id and password hash of the user with this (lower-case) email.
pub async fn credentials_by_email(
    pool: &SqlitePool,
    email: &str,
) -> Result<Option<Credentials>, AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT id, password_hash FROM users WHERE email = ?")
            .bind(email)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id, password_hash)| Credentials { id, password_hash }))
}
