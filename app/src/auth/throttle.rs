//! Sign-in throttling: after too many failed sign-ins for one account, or
//! from one address, within a window, further attempts are refused until the
//! window has passed. No I/O: the clock is passed in.
//!
//! An attempt is counted *before* its password is checked ([`Throttle::reserve`])
//! and given back only when it turns out not to be a failure
//! ([`Throttle::release`]): twenty guesses sent at once for one account are
//! counted one by one as they arrive, so only the first ten are ever checked.
use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::Refusal;
use super::password::Checks;

/// How long failures are remembered.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failed sign-ins allowed per account within the window.
pub const PER_ACCOUNT: u32 = 10;
/// Failed sign-ins allowed per address within the window (an office behind
/// one address signs in for many people).
pub const PER_ADDRESS: u32 = 100;

#[derive(Debug, Default)]
pub struct Throttle {
    failures: HashMap<String, (Instant, u32)>,
}

impl Throttle {
    /// `Err(wait)` while `key` has used up its `limit` of failures.
    pub fn check(&self, key: &str, limit: u32, now: Instant) -> Result<(), Duration> {
        match self.failures.get(key) {
            Some((since, count)) if *count >= limit && now.duration_since(*since) < WINDOW => {
                Err(WINDOW - now.duration_since(*since))
            }
            _ => Ok(()),
        }
    }

    /// Counts an attempt against every `(key, limit)` before its password is
    /// checked, as if it failed; or, when one of the keys has used up its
    /// limit, counts nothing and says how long to wait.
    pub fn reserve(&mut self, keys: &[(&str, u32)], now: Instant) -> Result<(), Duration> {
        for (key, limit) in keys {
            self.check(key, *limit, now)?;
        }
        for (key, _) in keys {
            self.fail(key, now);
        }
        Ok(())
    }

    /// Gives back an attempt [`reserve`](Self::reserve) counted that was not
    /// a failure after all (the right password, or one never checked). If the
    /// window began again meanwhile, the new one gets it back: at worst one
    /// more attempt in it.
    pub fn release(&mut self, key: &str, now: Instant) {
        if let Some((since, count)) = self.failures.get_mut(key)
            && now.duration_since(*since) < WINDOW
        {
            *count = count.saturating_sub(1);
        }
    }

    /// Counts a failure of `key`; a window that has passed starts again.
    pub fn fail(&mut self, key: &str, now: Instant) {
        let entry = self.failures.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
        // Forget windows that have passed, so the map stays small.
        if self.failures.len() > 10_000 {
            self.failures
                .retain(|_, (since, _)| now.duration_since(*since) < WINDOW);
        }
    }

    /// A successful sign-in clears the account's failures.
    pub fn clear(&mut self, key: &str) {
        self.failures.remove(key);
    }
}

/// Whole minutes to wait, at least one.
pub fn minutes(wait: Duration) -> u32 {
    (wait.as_secs().div_ceil(60)).max(1) as u32
}

/// Failed sign-ins seen by one server, per account and per address, and the
/// password checks it runs at once; the server provides it to every request.
#[derive(Clone)]
pub struct SignInThrottle {
    failures: std::sync::Arc<std::sync::Mutex<Throttle>>,
    pub(super) checks: std::sync::Arc<Checks>,
}

impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle::with_checks(Checks::for_this_machine())
    }
}

impl SignInThrottle {
    fn with_checks(checks: Checks) -> Self {
        SignInThrottle {
            failures: Default::default(),
            checks: std::sync::Arc::new(checks),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Throttle> {
        self.failures.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts the attempt against the account and the address before its
    /// password is checked, so that attempts sent at once cannot slip past
    /// the limit while each other's checks run.
    pub(super) fn reserve(&self, account: &str, address: &str) -> Result<(), Refusal> {
        self.lock()
            .reserve(
                &[(account, PER_ACCOUNT), (address, PER_ADDRESS)],
                std::time::Instant::now(),
            )
            .map_err(|wait| Refusal::TooManyAttempts {
                minutes: minutes(wait),
            })
    }

    /// The attempt was not a failure: the right password clears the
    /// account (as before attempts were counted ahead: a guess still in
    /// flight then counts afresh), and the address gets its attempt back.
    pub(super) fn succeeded(&self, account: &str, address: &str) {
        let mut failures = self.lock();
        failures.clear(account);
        failures.release(address, std::time::Instant::now());
    }

    /// The attempt was never checked: both get it back.
    pub(super) fn not_checked(&self, account: &str, address: &str) {
        let mut failures = self.lock();
        let now = std::time::Instant::now();
        failures.release(account, now);
        failures.release(address, now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_beyond_the_limit_are_refused_until_the_window_passes() {
        let start = Instant::now();
        let mut throttle = Throttle::default();
        for _ in 0..3 {
            assert_eq!(throttle.check("a", 3, start), Ok(()));
            throttle.fail("a", start);
        }
        let wait = throttle.check("a", 3, start + Duration::from_secs(60));
        assert_eq!(wait, Err(WINDOW - Duration::from_secs(60)));
        assert_eq!(minutes(wait.unwrap_err()), 14);
        // Another account is not affected.
        assert_eq!(throttle.check("b", 3, start), Ok(()));
        // After the window, attempts are allowed again and count afresh.
        let later = start + WINDOW;
        assert_eq!(throttle.check("a", 3, later), Ok(()));
        throttle.fail("a", later);
        assert_eq!(throttle.check("a", 3, later), Ok(()));
    }

    #[test]
    fn a_successful_sign_in_clears_the_account() {
        let now = Instant::now();
        let mut throttle = Throttle::default();
        throttle.fail("a", now);
        throttle.fail("a", now);
        throttle.clear("a");
        assert_eq!(throttle.check("a", 2, now), Ok(()));
        assert_eq!(minutes(Duration::from_secs(1)), 1);
    }

    #[test]
    fn attempts_in_flight_count_before_their_password_is_checked() {
        let now = Instant::now();
        let mut throttle = Throttle::default();
        let keys = [("account", 3), ("address", 100)];
        // Five attempts arrive before any is checked: three are let through.
        let through = (0..5)
            .filter(|_| throttle.reserve(&keys, now).is_ok())
            .count();
        assert_eq!(through, 3);
        // A refused reservation counted nothing against the address.
        assert_eq!(throttle.failures["address"].1, 3);
        // One of them was the right password: the address gets it back.
        throttle.release("address", now);
        throttle.clear("account");
        assert_eq!(throttle.failures["address"].1, 2);
        assert_eq!(throttle.reserve(&keys, now), Ok(()));
        // Releasing never goes below zero, nor revives a passed window.
        throttle.release("nobody", now);
        throttle.release("account", now);
        throttle.release("account", now);
        assert_eq!(throttle.failures["account"].1, 0);
    }
}
