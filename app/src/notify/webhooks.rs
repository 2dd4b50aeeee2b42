//! Webhooks, after the Standard Webhooks convention: each event of a
//! partner's relationships is posted to each of its endpoints as JSON
//! `{"type", "timestamp", "data"}` with the headers `webhook-id` (the same
//! on every attempt, so receivers drop a copy), `webhook-timestamp` (Unix
//! seconds of the attempt) and `webhook-signature` (`v1,` and the base64
//! HMAC-SHA256 of `id.timestamp.body`, keyed with the base64 after
//! `whsec_`).
//!
//! A worker in every process claims due deliveries, one claim at a time
//! (under the write lock on SQLite, an advisory lock of its own on
//! PostgreSQL), posts them, and records every attempt; a failed attempt is
//! tried again later (backoff), a process that dies holding a claim lets it
//! lapse. An endpoint gets at most [`POSTS_PER_ENDPOINT_PER_MINUTE`] posts
//! a minute: past that its deliveries wait their turn, and other endpoints'
//! are not held up.
//!
//! Endpoints must not reach Liaison's own network (server-side request
//! forgery): an address that is loopback, private, link-local, or otherwise
//! not public is refused when the endpoint is added and again at each
//! attempt, and the connection goes to the address that was checked.
use std::net::{IpAddr, SocketAddr};

use base64::Engine as _;
use hmac::{Hmac, Mac};

use crate::db::{Clock, Conn, Pool, WriteTx};
use crate::outbox::{Queue, claim_due};
use kernel::refusal::integrations::Refusal;

use super::{Notice, Parties};

/// How long a worker holds the deliveries it claimed before another may:
/// longer than posting a whole batch can take (each post resolves its host
/// for at most 5 s and waits at most [`TIMEOUT`] for the answer), so a
/// claim never lapses while its worker still posts.
pub const CLAIM_MS: i64 = 300_000;

/// Deliveries one worker claims at a time.
const BATCH: i64 = 5;

/// After this many failed attempts a delivery is no longer tried (it can
/// be redelivered by hand): 5 s, 10 s, 20 s… then every hour, about seven
/// hours in all.
pub const MAX_ATTEMPTS: i64 = 15;

/// How long an endpoint has to answer.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How often a worker looks for due deliveries.
const POLL: std::time::Duration = std::time::Duration::from_millis(500);

/// A new message id, as Standard Webhooks writes them.
pub fn new_message_id() -> String {
    format!("msg_{}", uuid::Uuid::now_v7().simple())
}

/// A new signing secret: `whsec_` and 24 random bytes in base64.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut key = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut key);
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(key)
    )
}

/// The `webhook-signature` of `body` sent as message `id` at `timestamp`
/// (Unix seconds) with `secret` (`whsec_…`).
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .unwrap_or_default();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).expect("HMAC takes any key length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

/// The body of the event: what happened, when, and to whom; no secret.
pub fn payload(notice: &Notice<'_>, parties: &Parties, at_ms: i64) -> String {
    let mut data = serde_json::json!({
        "partnerId": notice.partner_id.to_string(),
        "partnerName": parties.partner_name,
        "customerId": notice.customer_id.to_string(),
        "customerName": parties.customer_name,
        "by": notice.by.map(|by| by.email.clone()),
        "roles": notice.roles.iter().map(|role| serde_json::json!({
            "id": role.as_sql(),
            "name": role.name(),
            "service": role.service(),
        })).collect::<Vec<_>>(),
        "endsAt": notice.ends_ms.map(crate::db::rfc3339),
    });
    if let Some(subject) = &notice.subject {
        data["subject"] = subject.clone().into();
    }
    if let super::Event::RoleExpiring { days } = notice.event {
        data["daysLeft"] = days.into();
    }
    serde_json::json!({
        "type": notice.event.as_type(),
        "timestamp": crate::db::rfc3339(at_ms),
        "data": data,
    })
    .to_string()
}

/// Queues event `event_id` for `endpoint_id`, due at once.
pub async fn queue_delivery(
    conn: &mut Conn,
    event_id: &str,
    endpoint_id: &str,
    at_ms: i64,
) -> Result<String, sqlx::Error> {
    let id = crate::db::new_id();
    crate::db::query(
        "INSERT INTO webhook_deliveries (id, event_id, endpoint_id, created_ms, next_attempt_ms)
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(&id)
    .bind(event_id)
    .bind(endpoint_id)
    .bind(at_ms)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Whether endpoints may be on loopback and private addresses (tests).
#[derive(Debug, Clone, Copy, Default)]
pub struct AllowPrivate(pub bool);

/// The address of a new endpoint, as it is stored: an `http(s)` URL
/// whose host is public (every address it resolves to), unless `allow`
/// lets private ones through, in which case its host is not looked up
/// (it is at each attempt).
pub async fn check_new_url(url: &str, allow: AllowPrivate) -> Result<String, Refusal> {
    if allow.0 {
        return endpoint_url(url).map(|url| url.to_string());
    }
    check_url(url, allow)
        .await
        .map(|target| target.url.to_string())
}

/// `url` if it is an `http(s)` address with a host and no credentials.
fn endpoint_url(url: &str) -> Result<url::Url, Refusal> {
    let parsed = url::Url::parse(url.trim()).map_err(|_| Refusal::EndpointUrl)?;
    if !matches!(parsed.scheme(), "https" | "http")
        || parsed.host_str().is_none()
        || !parsed.username().is_empty()
        || parsed.password().is_some()
        || url.len() > 2000
    {
        return Err(Refusal::EndpointUrl);
    }
    Ok(parsed)
}

/// Checks that `url` is an `http(s)` address an endpoint may have: when
/// `allow` is off, every address its host resolves to must be public.
/// Returns the address to connect to.
pub async fn check_url(url: &str, allow: AllowPrivate) -> Result<Target, Refusal> {
    let parsed = endpoint_url(url)?;
    let host = parsed.host_str().unwrap_or_default().to_string();
    let port = parsed.port_or_known_default().unwrap_or(443);
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addresses: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => {
            let lookup = tokio::net::lookup_host((bare, port));
            match tokio::time::timeout(std::time::Duration::from_secs(5), lookup).await {
                Ok(Ok(found)) => found.collect(),
                _ => return Err(Refusal::EndpointUnresolved),
            }
        }
    };
    let Some(first) = addresses.first().copied() else {
        return Err(Refusal::EndpointUnresolved);
    };
    if !allow.0 && addresses.iter().any(|a| !is_public(a.ip())) {
        return Err(Refusal::EndpointPrivate);
    }
    Ok(Target {
        url: parsed,
        host,
        address: first,
    })
}

/// An endpoint's address, checked.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: url::Url,
    host: String,
    address: SocketAddr,
}

/// True for an address on the public internet: not loopback, private,
/// link-local, shared (CGNAT), documentation, multicast, broadcast or
/// unspecified, in IPv4 or IPv6 (IPv4-mapped included).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 192 && b == 88 && c == 99)
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            // IPv4 carried inside IPv6: mapped (::ffff:a.b.c.d), compatible
            // (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:ab:cd::).
            let embedded = |hi: u16, lo: u16| {
                std::net::Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8)
            };
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            if s[..6] == [0; 6] {
                return false;
            }
            // IPv4-translated (::ffff:0:a.b.c.d, SIIT) and local-use NAT64
            // (64:ff9b:1::/48) reach IPv4 hosts too.
            if s[..4] == [0; 4] && s[4] == 0xffff && s[5] == 0 {
                return is_public(IpAddr::V4(embedded(s[6], s[7])));
            }
            if s[0] == 0x0064 && s[1] == 0xff9b && s[2] == 0x0001 {
                return false;
            }
            if s[0] == 0x0064 && s[1] == 0xff9b {
                return is_public(IpAddr::V4(embedded(s[6], s[7])));
            }
            if s[0] == 0x2002 {
                return is_public(IpAddr::V4(embedded(s[1], s[2])));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] & 0xffc0) == 0xfec0
                || (s[0] == 0x2001 && s[1] == 0x0db8)
                || (s[0] == 0x2001 && s[1] == 0x0000)
                || (s[0] == 0x0100 && s[1..4] == [0, 0, 0]))
        }
    }
}

/// A delivery claimed for sending.
#[derive(Debug, sqlx::FromRow)]
struct Claimed {
    id: String,
    event_id: String,
    payload: String,
    url: String,
    secret: String,
    attempts: i64,
    claim: i64,
}

/// At most this many posts a minute go to one endpoint; past that, its
/// deliveries wait (untried: nothing is lost) while other endpoints' go on.
pub const POSTS_PER_ENDPOINT_PER_MINUTE: i64 = 30;

/// Deliveries queued longer ago than this have had all their attempts
/// (fifteen over about seven hours): the attempts of the last minute are
/// looked for among younger ones only, so the count reads the endpoint's
/// last day, not its whole history.
const ATTEMPTED_WITHIN_MS: i64 = 24 * 60 * 60 * 1000;

/// The key of the PostgreSQL advisory lock that claims of deliveries take,
/// so that workers claim one after another and each counts the posts the
/// others claimed ("Lhoo").
const CLAIM_LOCK_KEY: i64 = 0x4c68_6f6f;

/// A delivery that may be claimed, and how many posts its endpoint got in
/// the last minute (or is getting).
#[derive(Debug, sqlx::FromRow)]
struct Candidate {
    id: String,
    endpoint_id: String,
    posts: i64,
}

/// What may be posted now, oldest due first, up to [`BATCH`], without
/// passing [`POSTS_PER_ENDPOINT_PER_MINUTE`] for any endpoint (counting the
/// attempts of the last minute and the posts claimed and not yet written).
async fn claimable(conn: &mut Conn, now: i64) -> Result<Vec<String>, sqlx::Error> {
    let candidates: Vec<Candidate> = crate::db::query_as(&format!(
        "WITH recent AS (
             SELECT endpoint_id AS busy_endpoint, COUNT(*) AS posts FROM (
                 SELECT d.endpoint_id FROM webhook_deliveries d
                 JOIN webhook_attempts a ON a.delivery_id = d.id
                 WHERE d.endpoint_id IN (SELECT endpoint_id FROM webhook_deliveries WHERE {DUE})
                   AND d.created_ms > $2 AND a.attempted_ms > $3
                 UNION ALL
                 SELECT endpoint_id FROM webhook_deliveries
                 WHERE claimed_until_ms > $1 AND delivered_ms IS NULL AND failed_ms IS NULL
             ) posted GROUP BY endpoint_id
         )
         SELECT id, endpoint_id, COALESCE(posts, 0) AS posts
         FROM webhook_deliveries LEFT JOIN recent ON busy_endpoint = endpoint_id
         WHERE {DUE} AND COALESCE(posts, 0) < $4
         ORDER BY next_attempt_ms, id LIMIT $5"
    ))
    .bind(now)
    .bind(now - ATTEMPTED_WITHIN_MS)
    .bind(now - 60_000)
    .bind(POSTS_PER_ENDPOINT_PER_MINUTE)
    .bind(BATCH)
    .fetch_all(&mut *conn)
    .await?;
    // The count is as of before this batch: its own posts count too.
    let mut taken: std::collections::HashMap<String, i64> = Default::default();
    let mut ids = Vec::new();
    for candidate in candidates {
        let taken = taken.entry(candidate.endpoint_id).or_default();
        if candidate.posts + *taken < POSTS_PER_ENDPOINT_PER_MINUTE {
            *taken += 1;
            ids.push(candidate.id);
        }
    }
    Ok(ids)
}

/// Deliveries that are due, on an endpoint not removed.
const DUE: &str = "delivered_ms IS NULL AND failed_ms IS NULL AND next_attempt_ms <= $1
       AND (claimed_until_ms IS NULL OR claimed_until_ms <= $1)
       AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE removed_at IS NULL)";

/// The deliveries as a [`Queue`]: up to [`BATCH`] due ones at a time,
/// counting an attempt for each, within [`POSTS_PER_ENDPOINT_PER_MINUTE`].
/// Claims are made one at a time (the write lock on SQLite, an advisory
/// lock of their own on PostgreSQL), so that each counts what the others
/// claimed.
struct Deliveries;

impl Queue for Deliveries {
    type Claimed = Claimed;

    async fn anything_due(conn: &mut Conn, now: i64) -> Result<bool, sqlx::Error> {
        Ok(!claimable(conn, now).await?.is_empty())
    }

    async fn claim(pool: &Pool, tx: &mut WriteTx, now: i64) -> Result<Vec<Claimed>, sqlx::Error> {
        if crate::db::Engine::of(pool) == crate::db::Engine::Postgres {
            crate::db::query("SELECT pg_advisory_xact_lock($1)")
                .bind(CLAIM_LOCK_KEY)
                .execute(&mut **tx)
                .await?;
        }
        let mut claimed = Vec::new();
        for id in claimable(tx, now).await? {
            // Still due: a writer may have changed it since (an endpoint removed).
            let taken: Option<String> = crate::db::query_scalar(&format!(
                "UPDATE webhook_deliveries SET claimed_until_ms = $2, attempts = attempts + 1
                 WHERE id = $3 AND {DUE} RETURNING id"
            ))
            .bind(now)
            .bind(now + CLAIM_MS)
            .bind(&id)
            .fetch_optional(&mut **tx)
            .await?;
            if taken.is_none() {
                continue;
            }
            // (claimed_until_ms, our claim, is kept in `Claimed::claim`.)
            claimed.push(
                crate::db::query_as(
                    "SELECT d.id, d.event_id, e.payload, w.url, w.secret, d.attempts,
                            d.claimed_until_ms AS claim
                     FROM webhook_deliveries d
                     JOIN events e ON e.id = d.event_id
                     JOIN webhook_endpoints w ON w.id = d.endpoint_id
                     WHERE d.id = $1",
                )
                .bind(id)
                .fetch_one(&mut **tx)
                .await?,
            );
        }
        Ok(claimed)
    }
}

/// What an attempt got.
enum Answer {
    Status(u16),
    Error(String),
}

/// Posts one delivery, signed now.
async fn post(delivery: &Claimed, allow: AllowPrivate) -> Answer {
    let target = match check_url(&delivery.url, allow).await {
        Ok(target) => target,
        Err(refusal) => return Answer::Error(refusal.as_english().to_string()),
    };
    // The connection goes to the address just checked, not to whatever
    // the name resolves to a moment later; redirects are not followed.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(TIMEOUT)
        .resolve(&target.host, target.address)
        .user_agent("Liaison-Webhooks/1")
        .build();
    let client = match client {
        Ok(client) => client,
        Err(error) => return Answer::Error(error.to_string()),
    };
    // Real time, whatever the clock: receivers compare it with theirs.
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let response = client
        .post(target.url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.event_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header(
            "webhook-signature",
            signature(
                &delivery.secret,
                &delivery.event_id,
                timestamp,
                &delivery.payload,
            ),
        )
        .body(delivery.payload.clone())
        .send()
        .await;
    match response {
        Ok(response) => Answer::Status(response.status().as_u16()),
        Err(error) => Answer::Error(without_url(error)),
    }
}

/// A request error in words, without the endpoint's address.
fn without_url(error: reqwest::Error) -> String {
    if error.is_timeout() {
        "the endpoint did not answer in time".to_string()
    } else if error.is_connect() {
        "the endpoint refused the connection".to_string()
    } else {
        error.without_url().to_string()
    }
}

/// Posts what is due once, at the clock's now; returns how many were
/// delivered (answered with a 2xx).
pub async fn deliver_due(
    pool: &Pool,
    clock: &Clock,
    allow: AllowPrivate,
) -> Result<usize, sqlx::Error> {
    let mut delivered = 0;
    for delivery in claim_due::<Deliveries>(pool, clock.now_ms()).await? {
        let answer = post(&delivery, allow).await;
        let now = clock.now_ms();
        let (status, error) = match &answer {
            Answer::Status(code) if (200..300).contains(code) => (Some(i64::from(*code)), None),
            Answer::Status(code) => (
                Some(i64::from(*code)),
                Some(format!("the endpoint answered {code}")),
            ),
            Answer::Error(error) => (None, Some(error.chars().take(300).collect::<String>())),
        };
        let mut tx = crate::db::begin_write(pool).await?;
        crate::db::query(
            "INSERT INTO webhook_attempts (id, delivery_id, attempted_ms, status, error)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(crate::db::new_id())
        .bind(&delivery.id)
        .bind(now)
        .bind(status)
        .bind(&error)
        .execute(&mut *tx)
        .await?;
        if error.is_none() {
            delivered += 1;
            crate::db::query(
                "UPDATE webhook_deliveries SET delivered_ms = $2, claimed_until_ms = NULL,
                        last_status = $3, last_error = NULL
                 WHERE id = $1 AND claimed_until_ms = $4",
            )
            .bind(&delivery.id)
            .bind(now)
            .bind(status)
            .bind(delivery.claim)
            .execute(&mut *tx)
            .await?;
        } else {
            let attempts = delivery.attempts;
            tracing::info!(id = %delivery.id, attempts, error = ?error, "a webhook was not delivered");
            let failed = (attempts >= MAX_ATTEMPTS).then_some(now);
            crate::db::query(
                "UPDATE webhook_deliveries SET claimed_until_ms = NULL, last_status = $2,
                        last_error = $3, next_attempt_ms = $4, failed_ms = $5
                 WHERE id = $1 AND claimed_until_ms = $6
                   AND delivered_ms IS NULL AND failed_ms IS NULL",
            )
            .bind(&delivery.id)
            .bind(status)
            .bind(&error)
            .bind(now + crate::outbox::backoff(attempts - 1).as_millis() as i64)
            .bind(failed)
            .bind(delivery.claim)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    Ok(delivered)
}

/// Posts due deliveries every [`POLL`] until the pool closes.
pub fn spawn_worker(pool: Pool, clock: Clock, allow: AllowPrivate) {
    crate::db::spawn_polling(pool, POLL, "webhook deliveries", move |pool| {
        let clock = clock.clone();
        async move { deliver_due(&pool, &clock, allow).await }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            signature(secret, id, 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::10.0.0.1",
            "2002:7f00:1::",
            "2001::1",
            "fec0::1",
            "192.0.0.8",
            "::ffff:0:127.0.0.1",
            "::ffff:0:10.0.0.1",
            "64:ff9b:1::1.1.1.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in [
            "93.184.216.34",
            "1.1.1.1",
            "192.0.78.9",
            "2606:4700:4700::1111",
            "64:ff9b::1.1.1.1",
            "2002:0101:0101::",
            "::ffff:0:1.1.1.1",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }
}
