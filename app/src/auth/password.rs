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

pub async fn hash(password: String) -> Result<String, kernel::error::AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(kernel::error::AppError::internal)?
        .map_err(kernel::error::AppError::internal)
}

/// True when `password` matches `hash`; with no hash, checks a dummy and says
/// no. Holds `turn` until the check itself ends: a request dropped meanwhile
/// (its client gone) does not free the turn while argon2 still runs.
async fn verify(turn: Turn, password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
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

/// Bounds the password checks that run at once. Each argon2 check holds
/// about 19 MiB and a core for tens of milliseconds, and sign-in is open to
/// anyone: without a bound, a crowd of unauthenticated requests exhausts
/// memory and CPU. A few checks run, a few more wait their turn, and beyond
/// that a request is told to try again at once instead of joining a queue
/// without end.
#[derive(Debug)]
pub struct Checks {
    running: std::sync::Arc<tokio::sync::Semaphore>,
    admitted: std::sync::Arc<tokio::sync::Semaphore>,
}

/// A turn to check a password, held until dropped.
#[derive(Debug)]
pub struct Turn {
    _admitted: tokio::sync::OwnedSemaphorePermit,
    _running: tokio::sync::OwnedSemaphorePermit,
}

impl Checks {
    /// `running` checks at once, and at most `waiting` more in line.
    pub fn new(running: usize, waiting: usize) -> Self {
        Checks {
            running: std::sync::Arc::new(tokio::sync::Semaphore::new(running.max(1))),
            admitted: std::sync::Arc::new(tokio::sync::Semaphore::new(running.max(1) + waiting)),
        }
    }

    /// As many checks at once as the machine has cores (argon2 uses one
    /// each: more would only wait for CPU while holding their memory), and
    /// sixteen in line per core.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Checks::new(cores, 16 * cores)
    }

    /// Checks `password` against `hash` (see [`verify`]) in its turn;
    /// `None`, checking nothing, when the line is full.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Option<bool> {
        let turn = self.turn().await?;
        Some(verify(turn, password, hash).await)
    }

    /// Waits for a turn; `None` when the line is full.
    async fn turn(&self) -> Option<Turn> {
        let admitted = self.admitted.clone().try_acquire_owned().ok()?;
        let running = self.running.clone().acquire_owned().await.ok()?;
        Some(Turn {
            _admitted: admitted,
            _running: running,
        })
    }
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
        let checks = Checks::new(1, 0);
        let verify = |password: &str, hash: Option<String>| checks.verify(password.into(), hash);
        assert_eq!(
            verify("correct horse", Some(hash.clone())).await,
            Some(true)
        );
        assert_eq!(verify("wrong", Some(hash)).await, Some(false));
        assert_eq!(verify("not a password anyone has", None).await, Some(false));
    }

    #[tokio::test]
    async fn checks_beyond_the_running_and_the_waiting_are_turned_away_at_once() {
        let checks = std::sync::Arc::new(Checks::new(2, 1));
        let first = checks.turn().await.expect("a turn");
        let _second = checks.turn().await.expect("a turn");
        // The third waits in line for a running check to end...
        let waiting = tokio::spawn({
            let checks = checks.clone();
            async move { checks.turn().await.is_some() }
        });
        while checks.admitted.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        // ...and the fourth finds the line full.
        assert!(checks.turn().await.is_none());
        drop(first);
        assert!(
            waiting.await.expect("joined"),
            "the one in line gets its turn"
        );
        // Turns that ended make room again.
        assert!(checks.turn().await.is_some());
    }
}
