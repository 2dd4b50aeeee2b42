//! A password the partner just set with a form the browser posted itself,
//! kept between that post and the page the browser is sent back to, which
//! shows it once. An address would keep it in the browser's history and the
//! server's logs. It is kept in the database (`passwords_to_show`), so the
//! page may be served by another server process than the post, for at most
//! a minute, and deleted as it is shown. A form sent in place (the page is
//! interactive) gets the password in its answer and keeps nothing.
use std::sync::Arc;

use super::NewPassword;
use super::domain::KEPT_FOR;
use super::store;
use kernel::error::AppError;

/// Whether a password kept at `kept_at_ms` may still be shown at `now_ms`.
pub fn still_shown(kept_at_ms: i64, now_ms: i64) -> bool {
    now_ms - kept_at_ms < KEPT_FOR.as_millis() as i64
}

/// The passwords waiting to be shown, for one request. The server provides
/// a new one to every request.
#[derive(Clone, Debug, Default)]
pub struct PasswordsToShow {
    /// What this request took: a page may render its sections more than
    /// once while its data arrives, and each must show the same password.
    taken: Arc<tokio::sync::OnceCell<Option<NewPassword>>>,
}

impl PasswordsToShow {
    /// Keeps `password` for the next page of `customer` in `session`
    /// (replacing one not shown yet), and forgets those nobody came for.
    pub async fn keep(
        &self,
        pool: &crate::db::Pool,
        session: &str,
        customer: &str,
        password: &NewPassword,
    ) -> Result<(), AppError> {
        store::keep_password(
            pool,
            session,
            customer,
            password,
            crate::db::Clock::current().now_ms(),
        )
        .await
    }

    /// The password kept for `session`'s page of `customer`, once: to this
    /// request (as often as it asks), never to another.
    pub async fn take(
        &self,
        pool: &crate::db::Pool,
        session: &str,
        customer: &str,
    ) -> Result<Option<NewPassword>, AppError> {
        self.taken
            .get_or_try_init(|| async {
                let kept = store::take_password(pool, session, customer).await?;
                let now = crate::db::Clock::current().now_ms();
                Ok(kept
                    .and_then(|(password, kept_at)| still_shown(kept_at, now).then_some(password)))
            })
            .await
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_shown_within_a_minute_only() {
        assert!(still_shown(1_000, 1_000));
        assert!(still_shown(1_000, 60_999));
        assert!(!still_shown(1_000, 61_000));
    }
}
