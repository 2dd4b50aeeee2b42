//! SQL for support requests and their replies.
use crate::db::{Conn, Pool};

use super::domain::{Parties, RequestState, Severity, may_close, may_reply};
use super::{SupportReply, SupportSummary};
use crate::audit_log::{Actor, NewEvent};
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::id::OrgId;

/// Which requests a list shows.
pub enum Scope<'a> {
    /// Every request (operators).
    All,
    /// The requests about one customer (its administrators).
    Customer(&'a OrgId),
    /// The requests one partner opened for one customer.
    PartnerCustomer {
        partner_id: &'a OrgId,
        customer_id: &'a OrgId,
    },
}

/// Requests in a list, newest first.
pub const LIST_LIMIT: u32 = 200;

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    title: String,
    severity: Severity,
    state: RequestState,
    customer: String,
    partner: String,
    opened_by: String,
    created_at: String,
    replies: i64,
}

impl From<SummaryRow> for SupportSummary {
    fn from(row: SummaryRow) -> Self {
        SupportSummary {
            id: row.id,
            title: row.title,
            severity: row.severity,
            open: row.state == RequestState::Open,
            customer: row.customer,
            partner: row.partner,
            opened_by: row.opened_by,
            created_at: row.created_at,
            replies: row.replies,
        }
    }
}

const SUMMARY: &str =
    "SELECT s.id, s.title, s.severity, s.state, c.name AS customer, p.name AS partner,
        u.email AS opened_by, s.created_at,
        (SELECT COUNT(*) FROM support_replies r WHERE r.request_id = s.id) AS replies
     FROM support_requests s
     JOIN organizations c ON c.id = s.customer_id
     JOIN organizations p ON p.id = s.partner_id
     JOIN users u ON u.id = s.opened_by";

/// The newest requests of `scope`, at most [`LIST_LIMIT`].
pub async fn list(pool: &Pool, scope: Scope<'_>) -> Result<Vec<SupportSummary>, AppError> {
    let rows: Vec<SummaryRow> = match scope {
        Scope::All => {
            crate::db::query_as(&format!("{SUMMARY} ORDER BY s.id DESC LIMIT $1"))
                .bind(i64::from(LIST_LIMIT))
                .fetch_all(pool)
                .await?
        }
        Scope::Customer(customer_id) => {
            crate::db::query_as(&format!(
                "{SUMMARY} WHERE s.customer_id = $1 ORDER BY s.id DESC LIMIT $2"
            ))
            .bind(customer_id)
            .bind(i64::from(LIST_LIMIT))
            .fetch_all(pool)
            .await?
        }
        Scope::PartnerCustomer {
            partner_id,
            customer_id,
        } => crate::db::query_as(&format!(
            "{SUMMARY} WHERE s.partner_id = $1 AND s.customer_id = $2 ORDER BY s.id DESC LIMIT $3"
        ))
        .bind(partner_id)
        .bind(customer_id)
        .bind(i64::from(LIST_LIMIT))
        .fetch_all(pool)
        .await?,
    };
    Ok(rows.into_iter().map(SupportSummary::from).collect())
}

/// One request with its parties and description, or `None`.
pub async fn find(
    pool: &Pool,
    id: &str,
) -> Result<Option<(SupportSummary, Parties, String)>, AppError> {
    let row: Option<SummaryRow> = crate::db::query_as(&format!("{SUMMARY} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    #[derive(sqlx::FromRow)]
    struct Request {
        #[sqlx(flatten)]
        parties: Parties,
        description: String,
    }
    let request: Request = crate::db::query_as(
        "SELECT customer_id, partner_id, description FROM support_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    Ok(Some((row.into(), request.parties, request.description)))
}

/// The thread of a request, oldest reply first.
pub async fn replies(pool: &Pool, request_id: &str) -> Result<Vec<SupportReply>, AppError> {
    Ok(crate::db::query_as(
        "SELECT u.email AS author, o.name AS organization, r.body, r.created_at FROM support_replies r
         JOIN users u ON u.id = r.author_id JOIN organizations o ON o.id = u.organization_id
         WHERE r.request_id = $1 ORDER BY r.id",
    )
    .bind(request_id)
    .fetch_all(pool)
    .await?)
}

/// What a new request says.
pub struct NewRequest<'a> {
    pub customer_id: &'a OrgId,
    pub title: &'a str,
    pub description: &'a str,
    pub severity: Severity,
}

/// Opens a request for the partner of `actor`, with its audit event. Returns its id.
pub async fn open(
    pool: &Pool,
    actor: &Actor<'_>,
    request: NewRequest<'_>,
) -> Result<String, AppError> {
    let id = crate::db::new_id();
    crate::db::write(pool, async |tx| {
        crate::db::query(
            "INSERT INTO support_requests
                (id, customer_id, partner_id, opened_by, title, description, severity, state, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)",
        )
        .bind(&id)
        .bind(request.customer_id)
        .bind(&actor.organization.id)
        .bind(&actor.id)
        .bind(request.title)
        .bind(request.description)
        .bind(request.severity)
        .bind(actor.now())
        .execute(&mut *tx)
        .await?;
        crate::audit_log::record(
            tx,
            NewEvent {
                action: Action::SupportRequestOpened,
                actor,
                partner_id: Some(&actor.organization.id),
                customer_id: Some(request.customer_id),
                details: request.title.to_string(),
            },
        )
        .await?;
        crate::notify::publish(
            tx,
            &actor.clock,
            crate::notify::Notice {
                event: crate::notify::Event::SupportRequestOpened,
                partner_id: &actor.organization.id,
                customer_id: request.customer_id,
                by: Some(actor),
                roles: Vec::new(),
                ends_ms: None,
                subject: Some(request.title.to_string()),
                detail: crate::notify::Detail::SupportRequest(id.clone()),
            },
        )
        .await?;
        Ok(id)
    })
    .await
}

/// The parties, state and title of a request, read under the write lock.
async fn locked(conn: &mut Conn, id: &str) -> Result<(Parties, bool, String), AppError> {
    #[derive(sqlx::FromRow)]
    struct Locked {
        #[sqlx(flatten)]
        parties: Parties,
        state: RequestState,
        title: String,
    }
    let row: Locked = crate::db::query_as(
        "SELECT customer_id, partner_id, state, title FROM support_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((row.parties, row.state == RequestState::Open, row.title))
}

/// Adds a reply to an open request the actor may answer, with its audit event.
pub async fn reply(pool: &Pool, actor: &Actor<'_>, id: &str, body: &str) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let (parties, open, title) = locked(tx, id).await?;
        may_reply(actor, &parties, open)?;
        crate::db::query(
            "INSERT INTO support_replies (id, request_id, author_id, body, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(crate::db::new_id())
        .bind(id)
        .bind(&actor.id)
        .bind(body)
        .bind(actor.now())
        .execute(&mut *tx)
        .await?;
        crate::notify::publish(
            tx,
            &actor.clock,
            crate::notify::Notice {
                event: crate::notify::Event::SupportRequestAnswered,
                partner_id: &parties.partner_id,
                customer_id: &parties.customer_id,
                by: Some(actor),
                roles: Vec::new(),
                ends_ms: None,
                subject: Some(title.clone()),
                detail: crate::notify::Detail::SupportRequest(id.to_string()),
            },
        )
        .await?;
        record(tx, Action::SupportRequestReplied, actor, &parties, title).await?;
        Ok(())
    })
    .await
}

/// Closes an open request (operators), with its audit event.
pub async fn close(pool: &Pool, actor: &Actor<'_>, id: &str) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let (parties, open, title) = locked(tx, id).await?;
        may_close(actor, &parties, open)?;
        crate::db::query(
            "UPDATE support_requests SET state = 'closed', closed_at = $1 WHERE id = $2",
        )
        .bind(actor.now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        record(tx, Action::SupportRequestClosed, actor, &parties, title).await?;
        Ok(())
    })
    .await
}

async fn record(
    conn: &mut Conn,
    action: Action,
    actor: &Actor<'_>,
    parties: &Parties,
    title: String,
) -> Result<(), AppError> {
    crate::audit_log::record(
        conn,
        NewEvent {
            action,
            actor,
            partner_id: Some(&parties.partner_id),
            customer_id: Some(&parties.customer_id),
            details: title,
        },
    )
    .await?;
    Ok(())
}
