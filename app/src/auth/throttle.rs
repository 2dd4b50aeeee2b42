//! Sign-in throttling: after too many failed sign-ins for one account, or
//! from one address, within a window, further attempts are refused until the
//! window has passed. The counts live in the database (`sign_in_failures`),
//! so they are the same for every server process.
//!
//! An attempt is counted *before* its password is checked
//! ([`SignInThrottle::reserve`], under the write lock) and given back only
//! when it turns out not to be a failure: twenty guesses sent at once for
//! one account, to any number of processes, are counted one by one as they
//! arrive, so only the first ten are ever checked.
use std::time::Duration;

use super::Refusal;
use super::password::Checks;
use super::store;
use crate::db::{Clock, Pool};
use kernel::error::AppError;

/// Failed sign-ins allowed per account within the window.
pub const PER_ACCOUNT: u32 = 10;
/// Failed sign-ins allowed per address within the window (an office behind
/// one address signs in for many people).
pub const PER_ADDRESS: u32 = 100;

/// Whole minutes to wait, at least one.
/// Reset links asked for one email within the window.
pub const RESETS_PER_ACCOUNT: u32 = 5;
/// Organizations signed up from one address within the window.
pub const SIGN_UPS_PER_ADDRESS: u32 = 30;

/// Counts one request against every `(key, limit)` (reset links, sign-ups):
/// refused with how long to wait once a key has used up its limit. Nothing
/// is given back: each request counts, at `clock`'s now.
pub async fn count(pool: &Pool, clock: &Clock, keys: &[(&str, u32)]) -> Result<(), AppError> {
    store::reserve_attempt(pool, keys, clock.now_ms())
        .await?
        .map_err(|wait| {
            Refusal::TooManyAttempts {
                minutes: minutes(wait),
            }
            .into()
        })
}

pub fn minutes(wait: Duration) -> u32 {
    (wait.as_secs().div_ceil(60)).max(1) as u32
}

/// The sign-in throttle over the database, and the password checks this
/// process runs at once; the server provides it to every request.
#[derive(Clone)]
pub struct SignInThrottle {
    pub(super) checks: std::sync::Arc<Checks>,
}

impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle {
            checks: std::sync::Arc::new(Checks::for_this_machine()),
        }
    }
}

impl SignInThrottle {
    /// Counts the attempt against the account and the address before its
    /// password is checked, so that attempts sent at once cannot slip past
    /// the limit while each other's checks run; or, when one of them has
    /// used up its limit, counts nothing and says how long to wait.
    pub(super) async fn reserve(
        &self,
        pool: &Pool,
        clock: &Clock,
        account: &str,
        address: &str,
    ) -> Result<(), AppError> {
        let keys = [(account, PER_ACCOUNT), (address, PER_ADDRESS)];
        store::reserve_attempt(pool, &keys, clock.now_ms())
            .await?
            .map_err(|wait| {
                Refusal::TooManyAttempts {
                    minutes: minutes(wait),
                }
                .into()
            })
    }

    /// The attempt was not a failure: the right password clears the
    /// account (a guess still in flight then counts afresh), and the
    /// address gets its attempt back.
    pub(super) async fn succeeded(
        &self,
        pool: &Pool,
        clock: &Clock,
        account: &str,
        address: &str,
    ) -> Result<(), AppError> {
        store::clear_failures(pool, account).await?;
        store::give_back_attempt(pool, address, clock.now_ms()).await
    }

    /// The attempt was never checked: both get it back.
    /// Checks the password of a signed-in user (to change it, or turn
    /// two-step verification off), counted as a sign-in is: a wrong one is
    /// a failure of the account and of the address.
    pub async fn check_password(
        &self,
        pool: &Pool,
        clock: &Clock,
        email: &str,
        address: &str,
        password: String,
        hash: String,
    ) -> Result<bool, AppError> {
        let (account, address) = (format!("account:{email}"), format!("address:{address}"));
        self.reserve(pool, clock, &account, &address).await?;
        let Some(verified) = self.checks.verify(password, Some(hash)).await else {
            self.not_checked(pool, clock, &account, &address).await?;
            return Err(Refusal::Busy.into());
        };
        if verified {
            self.succeeded(pool, clock, &account, &address).await?;
        }
        Ok(verified)
    }

    pub(super) async fn not_checked(
        &self,
        pool: &Pool,
        clock: &Clock,
        account: &str,
        address: &str,
    ) -> Result<(), AppError> {
        let now = clock.now_ms();
        store::give_back_attempt(pool, account, now).await?;
        store::give_back_attempt(pool, address, now).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::domain::{WINDOW, Window};

    const MINUTE: i64 = 60_000;

    #[test]
    fn failures_beyond_the_limit_are_refused_until_the_window_passes() {
        let start = 1_000_000;
        let mut window = None;
        for _ in 0..3 {
            assert_eq!(window.and_then(|w: Window| w.wait(3, start)), None);
            window = Some(Window::failed(window, start));
        }
        let window = window.unwrap();
        let wait = window.wait(3, start + MINUTE).unwrap();
        assert_eq!(wait, WINDOW - Duration::from_secs(60));
        assert_eq!(minutes(wait), 14);
        // After the window, attempts are allowed again and count afresh.
        let later = start + WINDOW.as_millis() as i64;
        assert_eq!(window.wait(3, later), None);
        assert_eq!(
            Window::failed(Some(window), later),
            Window {
                started_ms: later,
                failures: 1
            }
        );
    }

    #[test]
    fn a_failure_in_a_running_window_adds_to_it() {
        let first = Window::failed(None, 5);
        let second = Window::failed(Some(first), 5 + MINUTE);
        assert_eq!(
            second,
            Window {
                started_ms: 5,
                failures: 2
            }
        );
        assert_eq!(minutes(Duration::from_secs(1)), 1);
    }
}
