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

/// The fewest characters a password people choose may have.
pub const MIN_LENGTH: usize = 12;
/// The most (argon2 hashes any length; a bound keeps a post small).
pub const MAX_LENGTH: usize = 128;

/// Passwords of twelve characters or more found at the top of published
/// lists of leaked passwords, in lower case. With the length rule, which
/// turns away the rest of those lists' tops, and the patterns of
/// [`is_common`], they are what an attacker tries first.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789000",
    "012345678901",
    "111111111111",
    "000000000000",
    "123123123123",
    "121212121212",
    "123321123321",
    "password1234",
    "password12345",
    "password123!",
    "passwordpassword",
    "p@ssw0rd1234",
    "p@ssword1234",
    "passw0rd1234",
    "mypassword123",
    "password2024",
    "password2025",
    "password2026",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwerty123456",
    "qwertyqwerty",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "qazwsxedcrfv",
    "zaq12wsxcde3",
    "1234qwerasdf",
    "asdfghjkl123",
    "azertyuiop12",
    "azerty123456",
    "abcdefghijkl",
    "abcd12345678",
    "abc123456789",
    "administrator",
    "admin1234567",
    "welcome12345",
    "welcome123456",
    "letmein12345",
    "iloveyou1234",
    "football1234",
    "baseball1234",
    "monkey123456",
    "sunshine1234",
    "princess1234",
    "dragon123456",
    "superman1234",
    "starwars1234",
    "changeme1234",
    "trustno1trustno1",
    "motdepasse12",
    "motdepasse123",
    "bonjour12345",
    "soleil123456",
    "liaison12345",
    "liaison123456",
    "microsoft365",
    "microsoft123",
    "welcome2liaison",
    "correcthorsebatterystaple",
    "letmeinletmein",
    "11223344556677",
];

/// True for a password on the [`COMMON`] list (whatever its case), or one
/// character repeated, or a run of the keyboard's or the alphabet's order.
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    if COMMON.contains(&lower.as_str()) {
        return true;
    }
    let chars: Vec<char> = lower.chars().collect();
    let repeated = chars.windows(2).all(|w| w[0] == w[1]);
    let run = chars
        .windows(2)
        .all(|w| (w[1] as u32).wrapping_sub(w[0] as u32) == 1);
    repeated || run
}

/// Checks a password someone chooses, and its confirmation: at least
/// [`MIN_LENGTH`] characters, at most [`MAX_LENGTH`], not [`is_common`],
/// not the email address, and the same twice.
pub fn check_new(password: &str, confirm: &str, email: &str) -> Result<(), kernel::error::Invalid> {
    use kernel::error::Invalid;
    use kernel::input::Field;
    let length = password.chars().count();
    if length == 0 {
        return Err(Invalid::Missing(Field::NewPassword));
    }
    if length < MIN_LENGTH {
        return Err(Invalid::TooShort {
            field: Field::NewPassword,
            min: MIN_LENGTH,
        });
    }
    if length > MAX_LENGTH {
        return Err(Invalid::TooLong {
            field: Field::NewPassword,
            max: MAX_LENGTH,
        });
    }
    if is_common(password) || password.eq_ignore_ascii_case(email) {
        return Err(Invalid::CommonPassword);
    }
    if password != confirm {
        return Err(Invalid::PasswordsDiffer);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_passwords_are_long_uncommon_and_confirmed() {
        use kernel::error::Invalid;
        use kernel::input::Field;
        let good = "plum-orbit-canvas-42";
        assert_eq!(check_new(good, good, "a@b.example"), Ok(()));
        assert_eq!(
            check_new("short-one", "short-one", "a@b.example"),
            Err(Invalid::TooShort {
                field: Field::NewPassword,
                min: 12
            })
        );
        assert_eq!(
            check_new("", "", "a@b.example"),
            Err(Invalid::Missing(Field::NewPassword))
        );
        let long = "x".repeat(129);
        assert!(matches!(
            check_new(&long, &long, "a@b.example"),
            Err(Invalid::TooLong { .. })
        ));
        for common in [
            "Password1234",
            "123456789012",
            "aaaaaaaaaaaa",
            "abcdefghijklmnop",
            "QWERTYUIOP12",
        ] {
            assert_eq!(
                check_new(common, common, "a@b.example"),
                Err(Invalid::CommonPassword),
                "{common}"
            );
        }
        assert_eq!(
            check_new(
                "nina@fabrikam.example",
                "nina@fabrikam.example",
                "nina@fabrikam.example"
            ),
            Err(Invalid::CommonPassword)
        );
        assert_eq!(
            check_new(good, "plum-orbit-canvas-43", "a@b.example"),
            Err(Invalid::PasswordsDiffer)
        );
    }

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
