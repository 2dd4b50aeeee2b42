//! Argon2id password hashes, computed off the async threads.
use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use std::sync::LazyLock;

/// Verified when the email is unknown, so that case costs a real verification.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking("not a password anyone has").unwrap_or_default());

pub fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

pub async fn hash(password: String) -> Result<String, crate::error::AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(crate::error::AppError::internal)?
        .map_err(crate::error::AppError::internal)
}

/// True when `password` matches `hash`; with no hash, checks a dummy and says no.
pub async fn verify(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return false;
        };
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        known && matches
    })
    .await
    .unwrap_or(false)
}

/// A password set for someone else (demo users, a reset on the customer's
/// behalf): 20 random letters and digits, about 119 bits.
pub fn generate() -> String {
    use rand::{Rng, distributions::Alphanumeric};
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify("correct horse".into(), Some(hash.clone())).await);
        assert!(!verify("wrong".into(), Some(hash)).await);
        assert!(!verify("not a password anyone has".into(), None).await);
    }
}
