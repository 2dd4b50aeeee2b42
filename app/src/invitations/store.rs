//! SQL for invitation links.
use crate::db::{Conn, Pool};

use super::domain::InvitationCode;
use crate::auth::CurrentUser;
use crate::journal::NewEvent;
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::id::OrgId;

/// The partner's active codes (with, without delegated admin privileges),
/// created on first use.
pub async fn active_codes(pool: &Pool, partner_id: &OrgId) -> Result<(String, String), AppError> {
    if let Some(codes) = find_active_codes(pool, partner_id).await? {
        return Ok(codes);
    }
    for include_dap in [true, false] {
        // The partial unique index keeps one active link per kind; a racing
        // insert is simply ignored.
        sqlx::query(
            "INSERT INTO invitation_links (code, partner_id, include_dap, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(InvitationCode::generate().as_str())
        .bind(partner_id)
        .bind(include_dap)
        .bind(crate::db::now())
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
        #[sqlx(try_from = "crate::db::Flag")]
        include_dap: bool,
    }
    let rows: Vec<Link> = sqlx::query_as(
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
pub async fn rotate(pool: &Pool, actor: &CurrentUser, ip_address: &str) -> Result<(), AppError> {
    let partner_id = &actor.organization.id;
    let mut tx = crate::db::begin_write(pool).await?;
    replace_links(&mut tx, partner_id).await?;
    crate::journal::record(
        &mut tx,
        NewEvent {
            action: Action::InvitationLinkRotated,
            actor,
            partner_id: Some(partner_id),
            customer_id: None,
            details: String::new(),
            ip_address,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes the partner's active links and issues new ones.
async fn replace_links(conn: &mut Conn, partner_id: &OrgId) -> Result<(), sqlx::Error> {
    let now = crate::db::now();
    sqlx::query(
        "UPDATE invitation_links SET revoked_at = $1 WHERE partner_id = $2 AND revoked_at IS NULL",
    )
    .bind(&now)
    .bind(partner_id)
    .execute(&mut *conn)
    .await?;
    for include_dap in [true, false] {
        sqlx::query(
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
