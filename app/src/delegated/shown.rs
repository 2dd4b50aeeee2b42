//! A password the partner just set, kept in memory between the form post
//! that set it and the page the browser is sent back to, which shows it once.
//! An address would keep it in the browser's history and the server's logs;
//! the session store would write it to disk. Memory only: a restart in
//! between loses it, and the partner resets the password again.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::NewPassword;

/// How long a password waits for its page. The browser asks for the page as
/// soon as it gets the redirect.
const KEPT_FOR: Duration = Duration::from_secs(60);

type Kept = HashMap<(String, String), (Instant, NewPassword)>;

/// Passwords waiting to be shown, by session and customer. The server
/// provides [`PasswordsToShow::for_request`] to every request.
#[derive(Clone, Debug, Default)]
pub struct PasswordsToShow {
    kept: Arc<Mutex<Kept>>,
    /// What this request took: a page may render its sections more than
    /// once while its data arrives, and each must show the same password.
    taken: Arc<OnceLock<Option<NewPassword>>>,
}

impl PasswordsToShow {
    /// The same passwords, for a new request.
    pub fn for_request(&self) -> PasswordsToShow {
        PasswordsToShow {
            kept: self.kept.clone(),
            taken: Arc::default(),
        }
    }

    /// Keeps `password` for the next page of `customer` in `session`
    /// (replacing one not shown yet), and forgets those nobody came for.
    pub fn keep(&self, session: &str, customer: &str, password: NewPassword) {
        self.keep_at(Instant::now(), session, customer, password);
    }

    /// The password kept for `session`'s page of `customer`, once: to this
    /// request (as often as it asks), never to another.
    pub fn take(&self, session: &str, customer: &str) -> Option<NewPassword> {
        self.taken
            .get_or_init(|| self.take_at(Instant::now(), session, customer))
            .clone()
    }

    fn keep_at(&self, now: Instant, session: &str, customer: &str, password: NewPassword) {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.retain(|_, (since, _)| now.saturating_duration_since(*since) < KEPT_FOR);
        kept.insert((session.to_string(), customer.to_string()), (now, password));
    }

    fn take_at(&self, now: Instant, session: &str, customer: &str) -> Option<NewPassword> {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (since, password) = kept.remove(&(session.to_string(), customer.to_string()))?;
        (now.saturating_duration_since(since) < KEPT_FOR).then_some(password)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(value: &str) -> NewPassword {
        NewPassword {
            email: "nina@fabrikam.example".to_string(),
            password: value.to_string(),
        }
    }

    #[test]
    fn a_password_is_shown_once_to_its_session_for_its_customer() {
        let kept = PasswordsToShow::default();
        kept.for_request()
            .keep("session-a", "fabrikam", password("first"));
        assert_eq!(kept.for_request().take("session-b", "fabrikam"), None);
        assert_eq!(kept.for_request().take("session-a", "tailspin"), None);
        let page = kept.for_request();
        assert_eq!(page.take("session-a", "fabrikam"), Some(password("first")));
        assert_eq!(page.take("session-a", "fabrikam"), Some(password("first")));
        assert_eq!(kept.for_request().take("session-a", "fabrikam"), None);
    }

    #[test]
    fn the_last_password_set_is_the_one_shown() {
        let kept = PasswordsToShow::default();
        kept.keep("session-a", "fabrikam", password("first"));
        kept.keep("session-a", "fabrikam", password("second"));
        assert_eq!(
            kept.for_request().take("session-a", "fabrikam"),
            Some(password("second"))
        );
    }

    #[test]
    fn a_password_nobody_came_for_is_forgotten() {
        let kept = PasswordsToShow::default();
        let then = Instant::now();
        kept.keep_at(then, "session-a", "fabrikam", password("late"));
        assert_eq!(kept.take_at(then + KEPT_FOR, "session-a", "fabrikam"), None);
        kept.keep_at(then, "session-a", "fabrikam", password("forgotten"));
        kept.keep_at(then + KEPT_FOR, "session-b", "fabrikam", password("new"));
        assert_eq!(kept.kept.lock().unwrap().len(), 1);
    }
}
