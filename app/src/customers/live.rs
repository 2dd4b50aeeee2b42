//! The customer list that updates itself (R15): `GET /partner/events`, a
//! stream of server-sent events for the signed-in partner. Each process
//! looks at the partner's events in the database every second, so a
//! customer accepting on another process shows too; the page loads its
//! list again when told `changed`.
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};

use crate::db::Pool;
use kernel::id::OrgId;

/// Set when the process shuts down: every stream ends at its next tick.
static STOPPING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Ends every open stream of this process (at shutdown).
pub fn stop_live_streams() {
    STOPPING.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// How often the partner's events are counted.
const EVERY: Duration = Duration::from_secs(1);

/// How often the session is checked again (a visitor signed out elsewhere
/// stops getting events).
const SESSION_EVERY: u32 = 30;

/// The stream of the signed-in partner's changes; 401 or 403 for anyone else.
pub async fn events(pool: Pool, session: tower_sessions::Session) -> Response {
    use axum::http::StatusCode;
    let user = match crate::request::gate(&pool, &session).await {
        Ok(user) => user,
        Err(error @ kernel::error::AppError::Internal(_)) => {
            tracing::warn!(?error, "the live list could not read the session");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
        Err(error) => return crate::request::status_of(&error).into_response(),
    };
    if super::may_list_customers(&user).is_err() {
        return StatusCode::FORBIDDEN.into_response();
    }
    let partner = user.organization.id.clone();
    let seen = count(&pool, &partner).await.unwrap_or(0);
    let state = Watch {
        pool,
        session,
        partner,
        seen,
        ticks: 0,
    };
    let stream = futures_util::stream::unfold(state, |mut state| async move {
        loop {
            tokio::time::sleep(EVERY).await;
            if STOPPING.load(std::sync::atomic::Ordering::Relaxed) {
                return None;
            }
            state.ticks += 1;
            if state.ticks % SESSION_EVERY == 0
                && crate::request::gate(&state.pool, &state.session)
                    .await
                    .is_err()
            {
                return None;
            }
            // A database that is briefly away: try again next time.
            let Ok(now) = count(&state.pool, &state.partner).await else {
                continue;
            };
            if now != state.seen {
                state.seen = now;
                let event = Event::default().event("changed").data(now.to_string());
                return Some((Ok::<_, std::convert::Infallible>(event), state));
            }
        }
    });
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    // nginx passes the stream on as it comes rather than buffering it.
    response.headers_mut().insert(
        "x-accel-buffering",
        axum::http::HeaderValue::from_static("no"),
    );
    response
}

struct Watch {
    pool: Pool,
    session: tower_sessions::Session,
    partner: OrgId,
    seen: i64,
    ticks: u32,
}

async fn count(pool: &Pool, partner: &OrgId) -> Result<i64, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    crate::notify::event_count(&mut conn, partner).await
}
