//! SQL of integrations: a partner's API tokens (kept as hashes), its
//! webhook endpoints, and the deliveries they got.
use crate::audit_log::{Actor, NewEvent};
use crate::auth::{CurrentUser, secret_digest};
use crate::db::{Clock, Pool};
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::id::{OrgId, UserId};

use super::{
    ApiToken, Attempt, Delivery, DeliveryStatus, Endpoint, NewEndpoint, NewToken, Refusal,
    TokenState,
};

/// How a token starts, so that it reads as one of Liaison's in a leak scan.
pub const TOKEN_PREFIX: &str = "lia_";

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: String,
    name: String,
    prefix: String,
    created_at: String,
    created_by: String,
    expires_ms: Option<i64>,
    revoked_at: Option<String>,
    last_used_ms: Option<i64>,
}

impl TokenRow {
    fn listed(self, now_ms: i64) -> ApiToken {
        let state = if self.revoked_at.is_some() {
            TokenState::Revoked
        } else if self.expires_ms.is_some_and(|end| end <= now_ms) {
            TokenState::Expired
        } else {
            TokenState::Active
        };
        ApiToken {
            id: self.id,
            name: self.name,
            prefix: self.prefix,
            created_on: self.created_at.chars().take(10).collect(),
            created_by: self.created_by,
            expires_on: self.expires_ms.map(|end| crate::db::day_of(end - 1)),
            last_used_on: self.last_used_ms.map(crate::db::day_of),
            state,
        }
    }
}

const TOKEN_COLUMNS: &str = "t.id, t.name, t.prefix, t.created_at, u.email AS created_by,
     t.expires_ms, t.revoked_at, t.last_used_ms";

/// The partner's tokens, newest first.
pub async fn tokens(
    pool: &Pool,
    clock: &Clock,
    partner: &OrgId,
) -> Result<Vec<ApiToken>, AppError> {
    let rows: Vec<TokenRow> = crate::db::query_as(&format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.created_by
         WHERE t.partner_id = $1 ORDER BY t.created_at DESC, t.id DESC"
    ))
    .bind(partner)
    .fetch_all(pool)
    .await?;
    let now = clock.now_ms();
    Ok(rows.into_iter().map(|row| row.listed(now)).collect())
}

/// A new token for the actor's partner, working `days` days or until
/// revoked; the secret is returned once and only its SHA-256 is kept.
pub async fn create_token(
    pool: &Pool,
    actor: &Actor<'_>,
    name: &str,
    days: Option<u32>,
) -> Result<NewToken, AppError> {
    use base64::Engine as _;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let prefix: String = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
    let id = crate::db::new_id();
    let now_ms = actor.now_ms();
    let expires_ms = days.map(|d| now_ms + i64::from(d) * kernel::role::DAY_MS);
    crate::db::write(pool, async |tx| {
        crate::db::query(
            "INSERT INTO api_tokens (id, partner_id, name, token_hash, prefix, created_at, created_by, expires_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(&actor.organization.id)
        .bind(name)
        .bind(secret_digest(&secret))
        .bind(&prefix)
        .bind(actor.now())
        .bind(&actor.id)
        .bind(expires_ms)
        .execute(&mut *tx)
        .await?;
        crate::audit_log::record(
            tx,
            NewEvent::about_own_organization(
                Action::ApiTokenCreated,
                actor,
                format!("{name} ({prefix}…)"),
            ),
        )
        .await?;
        let row: TokenRow = crate::db::query_as(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.created_by WHERE t.id = $1"
        ))
        .bind(&id)
        .fetch_one(&mut *tx)
        .await?;
        Ok(NewToken {
            token: row.listed(now_ms),
            secret,
        })
    })
    .await
}

/// Revokes one of the actor's partner's tokens, at once.
pub async fn revoke_token(pool: &Pool, actor: &Actor<'_>, id: &str) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let found: Option<(String, String, Option<String>)> = crate::db::query_as(
            "SELECT name, prefix, revoked_at FROM api_tokens WHERE id = $1 AND partner_id = $2",
        )
        .bind(id)
        .bind(&actor.organization.id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((name, prefix, revoked)) = found else {
            return Err(AppError::NotFound);
        };
        if revoked.is_some() {
            return Err(Refusal::AlreadyRevoked.into());
        }
        crate::db::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2")
            .bind(actor.now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        crate::audit_log::record(
            tx,
            NewEvent::about_own_organization(
                Action::ApiTokenRevoked,
                actor,
                format!("{name} ({prefix}…)"),
            ),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Whether `token` has the shape of Liaison's tokens (`lia_` and 43
/// characters of URL-safe base64).
pub fn looks_like_token(token: &str) -> bool {
    token.len() == TOKEN_PREFIX.len() + 43
        && token.starts_with(TOKEN_PREFIX)
        && token[TOKEN_PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The admin agent a bearer token acts as: a token that exists, is not
/// revoked, has not expired, and whose creator is still an active admin
/// agent of the token's partner, at `now` (Unix milliseconds). Notes the day it was last used (at most
/// one write a minute per token).
pub async fn bearer(pool: &Pool, token: &str, now: i64) -> Result<Option<CurrentUser>, AppError> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let found: Option<(String, OrgId, UserId, Option<i64>)> = crate::db::query_as(
        "SELECT id, partner_id, created_by, last_used_ms FROM api_tokens
         WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_ms IS NULL OR expires_ms > $2)",
    )
    .bind(secret_digest(token))
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some((id, partner, creator, last_used)) = found else {
        return Ok(None);
    };
    let Some(user) = crate::request::user_with_id(pool, &creator).await? else {
        return Ok(None);
    };
    // Held back like a session: an agent who must set up two-step
    // verification first does nothing else, with a token either.
    if user.organization.id != partner
        || user.two_step_due
        || user.password_change_due
        || super::domain::may_manage(&user).is_err()
    {
        return Ok(None);
    }
    if last_used.is_none_or(|at| now - at > 60_000) {
        crate::db::query("UPDATE api_tokens SET last_used_ms = $1 WHERE id = $2")
            .bind(now)
            .bind(&id)
            .execute(pool)
            .await?;
    }
    Ok(Some(user))
}

#[derive(sqlx::FromRow)]
struct EndpointRow {
    id: String,
    url: String,
    created_at: String,
}

impl From<EndpointRow> for Endpoint {
    fn from(row: EndpointRow) -> Self {
        Endpoint {
            id: row.id,
            url: row.url,
            created_on: row.created_at.chars().take(10).collect(),
        }
    }
}

/// The partner's endpoints, oldest first.
pub async fn endpoints(pool: &Pool, partner: &OrgId) -> Result<Vec<Endpoint>, AppError> {
    let rows: Vec<EndpointRow> = crate::db::query_as(
        "SELECT id, url, created_at FROM webhook_endpoints
         WHERE partner_id = $1 AND removed_at IS NULL ORDER BY created_at, id",
    )
    .bind(partner)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Endpoint::from).collect())
}

/// Adds an endpoint (its address already checked) with a new secret,
/// returned once; refused past [`super::domain::MAX_ENDPOINTS`], counted
/// under the write lock so that two added at once cannot both pass it.
pub async fn add_endpoint(
    pool: &Pool,
    actor: &Actor<'_>,
    url: &str,
) -> Result<NewEndpoint, AppError> {
    let id = crate::db::new_id();
    let secret = crate::notify::new_secret();
    let now = actor.now();
    crate::db::write(pool, async |tx| {
        let endpoints: i64 = crate::db::query_scalar(
            "SELECT COUNT(*) FROM webhook_endpoints WHERE partner_id = $1 AND removed_at IS NULL",
        )
        .bind(&actor.organization.id)
        .fetch_one(&mut *tx)
        .await?;
        super::domain::may_add_endpoint(endpoints)?;
        crate::db::query(
            "INSERT INTO webhook_endpoints (id, partner_id, url, secret, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(&actor.organization.id)
        .bind(url)
        .bind(&secret)
        .bind(&now)
        .bind(&actor.id)
        .execute(&mut *tx)
        .await?;
        crate::audit_log::record(
            tx,
            NewEvent::about_own_organization(Action::WebhookEndpointAdded, actor, for_the_log(url)),
        )
        .await?;
        Ok(NewEndpoint {
            endpoint: Endpoint {
                id,
                url: url.to_string(),
                created_on: now.chars().take(10).collect(),
            },
            secret,
        })
    })
    .await
}

/// Removes one of the partner's endpoints: nothing more is posted to it.
pub async fn remove_endpoint(pool: &Pool, actor: &Actor<'_>, id: &str) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let url: Option<String> = crate::db::query_scalar(
            "SELECT url FROM webhook_endpoints WHERE id = $1 AND partner_id = $2 AND removed_at IS NULL",
        )
        .bind(id)
        .bind(&actor.organization.id)
        .fetch_optional(&mut *tx)
        .await?;
        let url = url.ok_or(AppError::NotFound)?;
        crate::db::query("UPDATE webhook_endpoints SET removed_at = $1 WHERE id = $2")
            .bind(actor.now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // What was still waiting for it is not posted any more.
        crate::db::query(
            "UPDATE webhook_deliveries SET failed_ms = $1, last_error = 'endpoint removed'
             WHERE endpoint_id = $2 AND delivered_ms IS NULL AND failed_ms IS NULL",
        )
        .bind(actor.now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        crate::audit_log::record(
            tx,
            NewEvent::about_own_organization(
                Action::WebhookEndpointRemoved,
                actor,
                for_the_log(&url),
            ),
        )
        .await?;
        Ok(())
    })
    .await
}

/// An endpoint's address as the audit log keeps it: its scheme and host
/// only, since receivers often carry a credential in the path or query.
fn for_the_log(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => format!(
            "{}://{}{}/…",
            parsed.scheme(),
            parsed.host_str().unwrap_or_default(),
            parsed.port().map(|p| format!(":{p}")).unwrap_or_default()
        ),
        Err(_) => "(an address)".to_string(),
    }
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: String,
    event_id: String,
    event_type: String,
    url: String,
    created_ms: i64,
    attempts: i64,
    delivered_ms: Option<i64>,
    failed_ms: Option<i64>,
    last_status: Option<i64>,
    last_error: Option<String>,
}

/// The partner's newest `limit` deliveries, newest first.
pub async fn deliveries(
    pool: &Pool,
    partner: &OrgId,
    limit: i64,
) -> Result<Vec<Delivery>, AppError> {
    let rows: Vec<DeliveryRow> = crate::db::query_as(
        "SELECT d.id, d.event_id, e.type AS event_type, w.url, d.created_ms, d.attempts,
                d.delivered_ms, d.failed_ms, d.last_status, d.last_error
         FROM webhook_deliveries d
         JOIN webhook_endpoints w ON w.id = d.endpoint_id
         JOIN events e ON e.id = d.event_id
         WHERE w.partner_id = $1
         ORDER BY d.created_ms DESC, d.id DESC LIMIT $2",
    )
    .bind(partner)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let oldest = rows.iter().map(|row| row.created_ms).min().unwrap_or(0);
    let attempts: Vec<(String, i64, Option<i64>, Option<String>)> = crate::db::query_as(
        "SELECT a.delivery_id, a.attempted_ms, a.status, a.error
         FROM webhook_attempts a
         JOIN webhook_deliveries d ON d.id = a.delivery_id
         JOIN webhook_endpoints w ON w.id = d.endpoint_id
         WHERE w.partner_id = $1 AND d.created_ms >= $2
         ORDER BY a.attempted_ms, a.id",
    )
    .bind(partner)
    .bind(oldest)
    .fetch_all(pool)
    .await?;
    let history = |id: &str| -> Vec<Attempt> {
        attempts
            .iter()
            .filter(|(delivery, ..)| delivery == id)
            .map(|(_, at, status, error)| Attempt {
                at: utc_second(*at),
                status: *status,
                error: error.clone(),
            })
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|row| Delivery {
            history: history(&row.id),
            status: if row.delivered_ms.is_some() {
                DeliveryStatus::Delivered
            } else if row.failed_ms.is_some() {
                DeliveryStatus::Failed
            } else if row.attempts > 0 {
                DeliveryStatus::Retrying
            } else {
                DeliveryStatus::Pending
            },
            id: row.id,
            message_id: row.event_id,
            event_type: row.event_type,
            endpoint_url: row.url,
            created_at: utc_second(row.created_ms),
            response_code: row.last_status,
            attempts: row.attempts,
            error: row.last_error,
        })
        .collect())
}

/// `YYYY-MM-DD HH:MM:SS` (UTC) of a time in Unix milliseconds.
fn utc_second(ms: i64) -> String {
    crate::db::rfc3339(ms)
        .replace('T', " ")
        .trim_end_matches('Z')
        .to_string()
}

/// Posts the event of delivery `id` again, as a new delivery with the same
/// `webhook-id` (receivers that saw it already drop it), due at once:
/// not while that event still waits to be posted to that endpoint, and at
/// most [`super::domain::REDELIVERIES_PER_MINUTE`] a minute per partner.
pub async fn redeliver(
    pool: &Pool,
    clock: &Clock,
    actor: &CurrentUser,
    id: &str,
) -> Result<(), AppError> {
    let now = clock.now_ms();
    crate::db::write(pool, async |tx| {
        let found: Option<(String, String)> = crate::db::query_as(
            "SELECT d.event_id, d.endpoint_id FROM webhook_deliveries d
             JOIN webhook_endpoints w ON w.id = d.endpoint_id
             WHERE d.id = $1 AND w.partner_id = $2 AND w.removed_at IS NULL",
        )
        .bind(id)
        .bind(&actor.organization.id)
        .fetch_optional(&mut *tx)
        .await?;
        let (event, endpoint) = found.ok_or(AppError::NotFound)?;
        let waiting: i64 = crate::db::query_scalar(
            "SELECT COUNT(*) FROM webhook_deliveries
             WHERE event_id = $1 AND endpoint_id = $2 AND delivered_ms IS NULL AND failed_ms IS NULL",
        )
        .bind(&event)
        .bind(&endpoint)
        .fetch_one(&mut *tx)
        .await?;
        // A redelivery is a delivery queued after its event: the first ones
        // are queued with the event, at its moment.
        let last_minute: i64 = crate::db::query_scalar(
            "SELECT COUNT(*) FROM webhook_deliveries d
             JOIN webhook_endpoints w ON w.id = d.endpoint_id
             JOIN events e ON e.id = d.event_id
             WHERE w.partner_id = $1 AND d.created_ms > $2 AND d.created_ms > e.created_ms",
        )
        .bind(&actor.organization.id)
        .bind(now - 60_000)
        .fetch_one(&mut *tx)
        .await?;
        super::domain::may_redeliver(waiting > 0, last_minute)?;
        crate::notify::queue_delivery(tx, &event, &endpoint, now).await?;
        Ok(())
    })
    .await
}
