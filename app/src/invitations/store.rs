//! SQL for invitation links.
use crate::db::{Clock, Conn, Pool};

use super::domain::{InvitationCode, ONE_CUSTOMER_DAYS, Refusal};
use super::{CustomerInvitation, InvitationState};
use crate::audit_log::{Actor, NewEvent};
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::id::OrgId;
use kernel::role::{Ask, MAX_DURATION_DAYS, ServiceRole};

/// The partner's active codes (with, without delegated admin privileges),
/// created on first use.
pub async fn active_codes(
    pool: &Pool,
    clock: &Clock,
    partner_id: &OrgId,
) -> Result<(String, String), AppError> {
    if let Some(codes) = find_active_codes(pool, partner_id).await? {
        return Ok(codes);
    }
    for include_dap in [true, false] {
        // The partial unique index keeps one active link per kind; a racing
        // insert is simply ignored.
        crate::db::query(
            "INSERT INTO invitation_links (code, partner_id, include_dap, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(InvitationCode::generate().as_str())
        .bind(partner_id)
        .bind(include_dap)
        .bind(clock.now())
        .execute(pool)
        .await?;
    }
    find_active_codes(pool, partner_id)
        .await?
        .ok_or_else(|| AppError::internal("an active invitation link is missing"))
}

/// Both active codes, when the partner has them.
async fn find_active_codes(
    pool: &Pool,
    partner_id: &OrgId,
) -> Result<Option<(String, String)>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Link {
        code: String,
        include_dap: bool,
    }
    let rows: Vec<Link> = crate::db::query_as(
        "SELECT code, include_dap FROM invitation_links
         WHERE partner_id = $1 AND revoked_at IS NULL",
    )
    .bind(partner_id)
    .fetch_all(pool)
    .await?;
    let code = |dap: bool| {
        rows.iter()
            .find(|link| link.include_dap == dap)
            .map(|link| link.code.clone())
    };
    Ok(code(true).zip(code(false)))
}

/// Revokes the partner's active links and issues new ones, and records
/// who did it, in one transaction.
pub async fn rotate(pool: &Pool, actor: &Actor<'_>) -> Result<(), AppError> {
    let partner_id = &actor.organization.id;
    crate::db::write(pool, async |tx| {
        replace_links(tx, &actor.clock, partner_id).await?;
        crate::audit_log::record(
            tx,
            NewEvent {
                action: Action::InvitationLinkRotated,
                actor,
                partner_id: Some(partner_id),
                customer_id: None,
                details: String::new(),
            },
        )
        .await?;
        Ok(())
    })
    .await
}

/// Revokes the partner's active links and issues new ones.
async fn replace_links(
    conn: &mut Conn,
    clock: &Clock,
    partner_id: &OrgId,
) -> Result<(), sqlx::Error> {
    let now = clock.now();
    crate::db::query(
        "UPDATE invitation_links SET revoked_at = $1 WHERE partner_id = $2 AND revoked_at IS NULL",
    )
    .bind(&now)
    .bind(partner_id)
    .execute(&mut *conn)
    .await?;
    for include_dap in [true, false] {
        crate::db::query(
            "INSERT INTO invitation_links (code, partner_id, include_dap, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(InvitationCode::generate().as_str())
        .bind(partner_id)
        .bind(include_dap)
        .bind(&now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// What the partner's links ask for (R13): its saved ask, or the default.
/// Read on `conn`, inside the transaction that grants it.
pub async fn ask_of(conn: &mut Conn, partner_id: &OrgId) -> Result<Ask, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        duration_days: i64,
        auto_extend: bool,
    }
    let row: Option<Row> = crate::db::query_as(
        "SELECT duration_days, auto_extend FROM relationship_asks WHERE partner_id = $1",
    )
    .bind(partner_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(Ask::default());
    };
    let roles: Vec<String> =
        crate::db::query_scalar("SELECT role_id FROM asked_roles WHERE partner_id = $1")
            .bind(partner_id)
            .fetch_all(&mut *conn)
            .await?;
    let roles = roles.iter().filter_map(|role| ServiceRole::parse(role));
    let days = u32::try_from(row.duration_days).unwrap_or(MAX_DURATION_DAYS);
    // The table's checks keep a saved ask valid; an invalid one asks for the default.
    Ok(Ask::new(roles, days, row.auto_extend).unwrap_or_default())
}

/// When the partner last changed what its links ask for ("default": never),
/// which the consent page carries so that an acceptance is of the ask read.
pub async fn ask_version(conn: &mut Conn, partner_id: &OrgId) -> Result<String, AppError> {
    let changed: Option<String> =
        crate::db::query_scalar("SELECT changed_at FROM relationship_asks WHERE partner_id = $1")
            .bind(partner_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(changed.unwrap_or_else(|| "default".to_string()))
}

/// Stores what the partner's links ask for from now on, with its audit
/// event; the links stay the same (R1, R2).
pub async fn save_ask(pool: &Pool, actor: &Actor<'_>, ask: &Ask) -> Result<(), AppError> {
    let partner_id = &actor.organization.id;
    crate::db::write(pool, async |tx| {
        let now = actor.now();
        crate::db::query(
            "INSERT INTO relationship_asks (partner_id, duration_days, auto_extend, changed_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (partner_id) DO UPDATE SET duration_days = excluded.duration_days,
                auto_extend = excluded.auto_extend, changed_at = excluded.changed_at",
        )
        .bind(partner_id)
        .bind(i64::from(ask.duration_days))
        .bind(ask.auto_extend)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        crate::db::query("DELETE FROM asked_roles WHERE partner_id = $1")
            .bind(partner_id)
            .execute(&mut *tx)
            .await?;
        for role in &ask.roles {
            crate::db::query("INSERT INTO asked_roles (partner_id, role_id) VALUES ($1, $2)")
                .bind(partner_id)
                .bind(*role)
                .execute(&mut *tx)
                .await?;
        }
        let details = kernel::audit::RolesDetail::of(&ask.roles)
            .lasting(ask.duration_days)
            .extending(ask.auto_extend)
            .stored();
        crate::audit_log::record(
            tx,
            NewEvent {
                action: Action::RelationshipAskChanged,
                actor,
                partner_id: Some(partner_id),
                customer_id: None,
                details,
            },
        )
        .await?;
        Ok(())
    })
    .await
}

/// The partner's saved invitation email paragraphs, if it ever saved them.
pub async fn email_paragraphs(
    pool: &Pool,
    partner_id: &OrgId,
) -> Result<Option<super::EmailParagraphs>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        first_paragraph: String,
        second_paragraph: String,
    }
    let row: Option<Row> = crate::db::query_as(
        "SELECT first_paragraph, second_paragraph FROM invitation_emails WHERE partner_id = $1",
    )
    .bind(partner_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| super::EmailParagraphs {
        first: row.first_paragraph,
        second: row.second_paragraph,
    }))
}

/// Keeps the partner's invitation email paragraphs (R2), replacing those
/// saved before.
pub async fn save_email_paragraphs(
    pool: &Pool,
    clock: &Clock,
    partner_id: &OrgId,
    first: &super::Paragraph,
    second: &super::Paragraph,
) -> Result<(), AppError> {
    crate::db::query(
        "INSERT INTO invitation_emails (partner_id, first_paragraph, second_paragraph, changed_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (partner_id) DO UPDATE SET first_paragraph = excluded.first_paragraph,
            second_paragraph = excluded.second_paragraph, changed_at = excluded.changed_at",
    )
    .bind(partner_id)
    .bind(first.as_str())
    .bind(second.as_str())
    .bind(clock.now())
    .execute(pool)
    .await?;
    Ok(())
}

/// R14: a one-customer invitation for `domain`, pending for 90 days, with
/// its audit event. Returns its code.
pub async fn invite_customer(
    pool: &Pool,
    actor: &Actor<'_>,
    domain: &str,
) -> Result<String, AppError> {
    let partner_id = &actor.organization.id;
    let code = InvitationCode::generate();
    let now_ms = actor.now_ms();
    crate::db::write(pool, async |tx| {
        crate::db::query(
            "INSERT INTO customer_invitations (id, code, partner_id, domain, state, created_at, expires_ms)
             VALUES ($1, $2, $3, $4, 'pending', $5, $6)",
        )
        .bind(crate::db::new_id())
        .bind(code.as_str())
        .bind(partner_id)
        .bind(domain)
        .bind(actor.now())
        .bind(now_ms + i64::from(ONE_CUSTOMER_DAYS) * kernel::role::DAY_MS)
        .execute(&mut *tx)
        .await?;
        crate::audit_log::record(
            tx,
            NewEvent {
                action: Action::CustomerInvitationCreated,
                actor,
                partner_id: Some(partner_id),
                customer_id: None,
                details: domain.to_string(),
            },
        )
        .await?;
        Ok(code.as_str().to_string())
    })
    .await
}

/// The partner's one-customer invitations, newest first, with their state
/// now (a pending one past its end is expired).
pub async fn customer_invitations(
    pool: &Pool,
    partner_id: &OrgId,
    now_ms: i64,
) -> Result<Vec<(String, CustomerInvitation)>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        code: String,
        domain: String,
        state: String,
        created_at: String,
        expires_ms: i64,
        customer_name: Option<String>,
    }
    let rows: Vec<Row> = crate::db::query_as(
        "SELECT i.id, i.code, i.domain, i.state, i.created_at, i.expires_ms, o.name AS customer_name
         FROM customer_invitations i LEFT JOIN organizations o ON o.id = i.customer_id
         WHERE i.partner_id = $1 ORDER BY i.created_at DESC, i.id DESC LIMIT 200",
    )
    .bind(partner_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let state = InvitationState::of(&row.state, row.expires_ms, now_ms);
            let invitation = CustomerInvitation {
                id: row.id,
                domain: row.domain,
                link: String::new(),
                state,
                created_on: row.created_at.chars().take(10).collect(),
                expires_on: crate::db::day_of(row.expires_ms - 1),
                customer: row.customer_name,
            };
            (row.code, invitation)
        })
        .collect())
}

/// R14: cancels one of the partner's pending invitations at once, with its
/// audit event; `InvitationNotPending` when it was accepted, declined,
/// cancelled or has expired, `NotFound` when it is not the partner's.
pub async fn cancel_invitation(
    pool: &Pool,
    actor: &Actor<'_>,
    id: &str,
) -> Result<String, AppError> {
    let partner_id = &actor.organization.id;
    crate::db::write(pool, async |tx| {
        #[derive(sqlx::FromRow)]
        struct Row {
            domain: String,
            state: String,
            expires_ms: i64,
        }
        let row: Row = crate::db::query_as(
            "SELECT domain, state, expires_ms FROM customer_invitations WHERE id = $1 AND partner_id = $2",
        )
        .bind(id)
        .bind(partner_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
        if InvitationState::of(&row.state, row.expires_ms, actor.now_ms())
            != InvitationState::Pending
        {
            return Err(Refusal::InvitationNotPending.into());
        }
        crate::db::query(
            "UPDATE customer_invitations SET state = 'cancelled', decided_at = $1
             WHERE id = $2 AND state = 'pending'",
        )
        .bind(actor.now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        crate::audit_log::record(
            tx,
            NewEvent {
                action: Action::CustomerInvitationCancelled,
                actor,
                partner_id: Some(partner_id),
                customer_id: None,
                details: row.domain.clone(),
            },
        )
        .await?;
        Ok(row.domain)
    })
    .await
}
