//! Publishing a [`Notice`]: the event, its deliveries and its email,
//! written in the transaction of the change.
use super::{Moment, Notice, letters, store, webhooks};
use crate::db::{Clock, Conn};

/// Publishes `notice` in the transaction `conn` belongs to, at the moment
/// `clock` tells, with the request's site address.
pub async fn publish(
    conn: &mut Conn,
    clock: &Clock,
    notice: Notice<'_>,
) -> Result<(), sqlx::Error> {
    publish_at(conn, notice, &Moment::of_request(clock).await).await
}

/// Publishes `notice` in the transaction `conn` belongs to: the event, its
/// deliveries and its email.
pub async fn publish_at(
    conn: &mut Conn,
    notice: Notice<'_>,
    moment: &Moment,
) -> Result<(), sqlx::Error> {
    let parties = store::parties(conn, notice.partner_id, notice.customer_id).await?;
    let payload = webhooks::payload(&notice, &parties, moment.at_ms);
    store::record_event(conn, &notice, &payload, moment.at_ms).await?;
    for letter in letters::of(conn, &notice, &parties, moment).await? {
        crate::outbox::enqueue(conn, moment.at_ms, &letter).await?;
    }
    Ok(())
}
