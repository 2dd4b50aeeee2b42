//! The rules of signing in. No I/O.
use std::time::Duration;

use kernel::identity::{CurrentUser, OrgKind, Role};

/// How long failures of signing in are remembered (the throttle's window).
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// The failures of one key: since when they are counted (Unix
/// milliseconds), and how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub started_ms: i64,
    pub failures: u32,
}

fn window_ms() -> i64 {
    WINDOW.as_millis() as i64
}

impl Window {
    /// Whether the window is still running at `now_ms`.
    pub fn running(&self, now_ms: i64) -> bool {
        now_ms - self.started_ms < window_ms()
    }

    /// `Some(wait)` while the key has used up its `limit` of failures.
    pub fn wait(&self, limit: u32, now_ms: i64) -> Option<Duration> {
        (self.failures >= limit && self.running(now_ms))
            .then(|| Duration::from_millis((self.started_ms + window_ms() - now_ms).max(0) as u64))
    }

    /// One more failure at `now_ms`: a window that has passed starts again.
    pub fn failed(window: Option<Window>, now_ms: i64) -> Window {
        match window {
            Some(window) if window.running(now_ms) => Window {
                failures: window.failures + 1,
                ..window
            },
            _ => Window {
                started_ms: now_ms,
                failures: 1,
            },
        }
    }
}

/// Keeps `?next=` on this site: only a local absolute path is followed.
pub fn safe_next(next: Option<&str>) -> Option<&str> {
    let next = next?.trim();
    let local = next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\");
    let clean = !next.chars().any(|c| c.is_control());
    (local && clean).then_some(next)
}

/// The page a user lands on after signing in without a `next`.
pub fn home_of(user: &CurrentUser) -> &'static str {
    match (user.organization.kind, user.role) {
        (OrgKind::PartnerCsp | OrgKind::PartnerAdvisor, _) => "/partner/customers",
        (OrgKind::Customer, Role::CustomerAdmin) => "/admin/partner-relationships",
        (OrgKind::Operator, _) => "/operator/support-requests",
        (OrgKind::Customer, _) => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(
            safe_next(Some("/invitations/abc")),
            Some("/invitations/abc")
        );
        assert_eq!(safe_next(Some("//evil.example/x")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("")), None);
        assert_eq!(safe_next(None), None);
        assert_eq!(safe_next(Some("/a\nb")), None);
    }
}
