//! SQL of the notices: the names they use, who receives them, and the
//! event with its deliveries.
use crate::db::Conn;
use kernel::id::OrgId;

use super::{Notice, Parties};

/// The partner's and the customer's names.
pub async fn parties(
    conn: &mut Conn,
    partner_id: &OrgId,
    customer_id: &OrgId,
) -> Result<Parties, sqlx::Error> {
    let (partner_name, customer_name, customer_slug): (String, String, String) =
        crate::db::query_as(
            "SELECT p.name, c.name, c.slug FROM organizations p, organizations c
         WHERE p.id = $1 AND c.id = $2",
        )
        .bind(partner_id)
        .bind(customer_id)
        .fetch_one(conn)
        .await?;
    Ok(Parties {
        partner_name,
        customer_name,
        customer_slug,
    })
}

/// Someone a message goes to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Recipient {
    pub email: String,
    pub locale: String,
}

/// The services' names by id ("microsoft-365" → "Microsoft 365").
pub async fn service_names(conn: &mut Conn) -> Result<Vec<(String, String)>, sqlx::Error> {
    crate::db::query_as("SELECT id, name FROM services ORDER BY position")
        .fetch_all(conn)
        .await
}

/// How many roles of the partner at the customer are in force at `now_ms`
/// (not removed, not past their end unless they extend themselves).
pub async fn roles_in_force(
    conn: &mut Conn,
    partner_id: &OrgId,
    customer_id: &OrgId,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    crate::db::query_scalar(
        "SELECT COUNT(*) FROM role_grants g JOIN relationships r ON r.id = g.relationship_id
         WHERE r.partner_id = $1 AND r.customer_id = $2
           AND g.state = 'active' AND (g.auto_extend OR g.ends_ms > $3)",
    )
    .bind(partner_id)
    .bind(customer_id)
    .bind(now_ms)
    .fetch_one(conn)
    .await
}

/// The active users of `organization` with `role` (as stored), by address.
pub async fn members_with_role(
    conn: &mut Conn,
    organization: &OrgId,
    role: &str,
) -> Result<Vec<Recipient>, sqlx::Error> {
    crate::db::query_as(
        "SELECT email, locale FROM users
         WHERE organization_id = $1 AND role = $2 AND deactivated_at IS NULL
           AND password_hash <> ''
         ORDER BY email",
    )
    .bind(organization)
    .bind(role)
    .fetch_all(conn)
    .await
}

/// The language of the user with address `email` ("en" when unknown).
pub async fn locale_of(conn: &mut Conn, email: &str) -> Result<String, sqlx::Error> {
    Ok(
        crate::db::query_scalar("SELECT locale FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(conn)
            .await?
            .unwrap_or_else(|| "en".to_string()),
    )
}

/// Writes the event and a delivery of it to each endpoint the partner has.
pub async fn record_event(
    conn: &mut Conn,
    notice: &Notice<'_>,
    payload: &str,
    at_ms: i64,
) -> Result<(), sqlx::Error> {
    let id = super::webhooks::new_message_id();
    crate::db::query(
        "INSERT INTO events (id, partner_id, customer_id, type, payload, created_ms)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(notice.partner_id)
    .bind(notice.customer_id)
    .bind(notice.event.as_type())
    .bind(payload)
    .bind(at_ms)
    .execute(&mut *conn)
    .await?;
    let endpoints: Vec<String> = crate::db::query_scalar(
        "SELECT id FROM webhook_endpoints WHERE partner_id = $1 AND removed_at IS NULL ORDER BY id",
    )
    .bind(notice.partner_id)
    .fetch_all(&mut *conn)
    .await?;
    for endpoint in endpoints {
        super::webhooks::queue_delivery(conn, &id, &endpoint, at_ms).await?;
    }
    Ok(())
}

/// How many events the partner has had: the live customer list asks
/// again when it grows.
pub async fn event_count(conn: &mut Conn, partner_id: &OrgId) -> Result<i64, sqlx::Error> {
    crate::db::query_scalar("SELECT COUNT(*) FROM events WHERE partner_id = $1")
        .bind(partner_id)
        .fetch_one(conn)
        .await
}
