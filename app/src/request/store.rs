//! SQL for the signed-in user of a request: the user and their organization.
use crate::db::{Clock, Pool};

use kernel::error::AppError;
use kernel::id::{OrgId, UserId};
use kernel::identity::{CurrentUser, OrgKind, Organization, Role};

#[derive(sqlx::FromRow)]
struct UserRow {
    id: UserId,
    email: String,
    display_name: String,
    role: Role,
    org_id: OrgId,
    org_slug: String,
    org_name: String,
    org_kind: OrgKind,
    org_cloud: String,
    credentials_changed_ms: Option<i64>,
    two_step_due: bool,
    password_change_due: bool,
    email_unverified: bool,
}

/// The user with this id and their organization (whose address may wait
/// for its verification).
pub async fn user_with_id(pool: &Pool, user_id: &UserId) -> Result<Option<CurrentUser>, AppError> {
    Ok(active_user(pool, user_id).await?.map(|(user, _, _)| user))
}

/// The user with this id, their organization, and when their password was
/// last reset by someone else (Unix milliseconds), in one query: none when
/// the address waits for its verification (nobody is signed in before).
pub async fn session_user(
    pool: &Pool,
    user_id: &UserId,
) -> Result<Option<(CurrentUser, Option<i64>)>, AppError> {
    Ok(active_user(pool, user_id)
        .await?
        .filter(|(_, _, unverified)| !unverified)
        .map(|(user, changed_ms, _)| (user, changed_ms)))
}

/// The active user with this id, when their credentials last changed, and
/// whether their address waits for its verification.
async fn active_user(
    pool: &Pool,
    user_id: &UserId,
) -> Result<Option<(CurrentUser, Option<i64>, bool)>, AppError> {
    let row: Option<UserRow> = crate::db::query_as(
        "SELECT u.id, u.email, u.display_name, u.role, u.credentials_changed_ms,
                o.id AS org_id, o.slug AS org_slug, o.name AS org_name,
                o.kind AS org_kind, o.cloud_id AS org_cloud,
                (o.require_two_step AND u.totp_enabled_at IS NULL) AS two_step_due,
                u.email_unverified, u.password_change_due
         FROM users u JOIN organizations o ON o.id = u.organization_id
         WHERE u.id = $1 AND u.deactivated_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| {
        let user = CurrentUser {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            role: row.role,
            organization: Organization {
                id: row.org_id,
                slug: row.org_slug,
                name: row.org_name,
                kind: row.org_kind,
                cloud: row.org_cloud,
            },
            two_step_due: row.two_step_due,
            password_change_due: row.password_change_due,
        };
        (user, row.credentials_changed_ms, row.email_unverified)
    }))
}

/// Records `base_url` as the address the server serving this database
/// announces itself at (its public URL, else its listen address), for the
/// command line run beside it (`liaison create-operator`).
pub async fn record_site_address(
    pool: &Pool,
    clock: &Clock,
    base_url: &str,
) -> Result<(), AppError> {
    crate::db::query(
        "INSERT INTO site_address (id, base_url, recorded_ms) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET base_url = excluded.base_url, recorded_ms = excluded.recorded_ms",
    )
    .bind(base_url)
    .bind(clock.now_ms())
    .execute(pool)
    .await?;
    Ok(())
}

/// The address the last server started on this database announced itself
/// at ([`record_site_address`]), if one ever started.
pub async fn site_address(pool: &Pool) -> Result<Option<String>, AppError> {
    Ok(
        crate::db::query_scalar("SELECT base_url FROM site_address WHERE id = 1")
            .fetch_optional(pool)
            .await?,
    )
}
