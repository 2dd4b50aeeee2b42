//! SQL for the customer's users as a partner administers them.
use crate::db::{Clock, Pool};

use super::CustomerUser;
use super::domain::{
    DIRECTORY_SERVICE, OnBehalf, Refusal, ServiceRole, customer_domains, may_add_user_at,
    may_administer, may_reset_password_of,
};
use crate::audit_log::{Actor, NewEvent};
use crate::auth::{CurrentUser, Role};
use crate::relationships::RelationshipRef;
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::id::{OrgId, UserId};

/// The customer's users, administrators first, then by name.
pub async fn users_of(pool: &Pool, customer_id: &OrgId) -> Result<Vec<CustomerUser>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        display_name: String,
        email: String,
        role: Role,
    }
    let rows: Vec<Row> = crate::db::query_as(
        "SELECT id, display_name, email, role FROM users WHERE organization_id = $1
         ORDER BY role = 'customer_admin' DESC, display_name, email",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| CustomerUser {
            id: row.id,
            display_name: row.display_name,
            email: row.email,
            admin: row.role == Role::CustomerAdmin,
        })
        .collect())
}

/// Whether the partner may `act` on the customer's users now: the state of
/// its privileges for the customer's directory (the service users are
/// administered through) and the roles it holds. The role it would act with.
pub async fn privileges_for(
    conn: &mut crate::db::Conn,
    clock: &Clock,
    actor: &CurrentUser,
    relationship: &RelationshipRef,
    act: OnBehalf,
) -> Result<ServiceRole, AppError> {
    let directory =
        crate::relationships::grant_state(conn, clock, &relationship.id, &DIRECTORY_SERVICE.into())
            .await?;
    let active = crate::relationships::active_roles(conn, clock, &relationship.id).await?;
    may_administer(actor, directory, &active, act)
}

/// [`domains_of`], on a connection of its own.
pub async fn user_domains(pool: &Pool, customer_id: &OrgId) -> Result<Vec<String>, AppError> {
    let mut conn = pool.acquire().await?;
    domains_of(&mut conn, customer_id).await
}

/// The customer's own domains (see [`customer_domains`]) that no user of
/// another organization has an address at: a shared domain (a mail
/// provider's) is nobody's own, and at the ones left an address taken can
/// only be the customer's.
pub async fn domains_of(
    conn: &mut crate::db::Conn,
    customer_id: &OrgId,
) -> Result<Vec<String>, AppError> {
    let admins: Vec<String> = crate::db::query_scalar(
        "SELECT email FROM users WHERE organization_id = $1 AND role = 'customer_admin'",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut own = Vec::new();
    for domain in customer_domains(admins.iter().map(String::as_str)) {
        let shared: bool = crate::db::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM users WHERE organization_id <> $1 AND email LIKE $2 ESCAPE '\\')",
        )
        .bind(customer_id)
        .bind(format!("%@{}", like_escaped(&domain)))
        .fetch_one(&mut *conn)
        .await?;
        if !shared {
            own.push(domain);
        }
    }
    Ok(own)
}

/// `text` matched literally by `LIKE … ESCAPE '\'`.
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Checks the privileges again under the write lock (a removal that landed
/// a moment ago wins over an action already on its way), and records the
/// use of the role that allows the action ("Last used").
async fn check_under_lock(
    tx: &mut crate::db::Conn,
    actor: &Actor<'_>,
    relationship: &RelationshipRef,
    act: OnBehalf,
) -> Result<(), AppError> {
    let role = privileges_for(tx, &actor.clock, actor, relationship, act).await?;
    crate::relationships::mark_used(tx, &actor.clock, &relationship.id, role).await
}

/// Creates a (non-administrator) user in the customer's organization with the
/// given temporary password (its hash: it signs in once, and that sign-in
/// chooses a new password), and its audit event. The address must be at one of
/// the customer's domains; only then is it looked up, so the answer says
/// nothing about accounts of other organizations.
pub async fn create_user(
    pool: &Pool,
    actor: &Actor<'_>,
    relationship: &RelationshipRef,
    display_name: &str,
    email: &kernel::input::Email,
    password_hash: &str,
) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        check_under_lock(tx, actor, relationship, OnBehalf::AddUser).await?;
        may_add_user_at(
            email,
            &domains_of(tx, &relationship.customer_id).await?,
        )?;
        let email = email.as_str();
        let inserted = crate::db::query(
            "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at,
                                password_change_due)
             VALUES ($1, $2, $3, $4, 'customer_user', $5, $6, TRUE) ON CONFLICT (email) DO NOTHING",
        )
        .bind(crate::db::new_id())
        .bind(&relationship.customer_id)
        .bind(email)
        .bind(display_name)
        .bind(password_hash)
        .bind(actor.now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Err(Refusal::EmailTaken.into());
        }
        crate::audit_log::record(
            tx,
            NewEvent {
                action: Action::UserCreated,
                actor,
                partner_id: Some(&actor.organization.id),
                customer_id: Some(&relationship.customer_id),
                details: email.to_string(),
            },
        )
        .await?;
        Ok(())
    })
    .await
}

/// Sets a temporary password (its hash) for a user of the customer (never
/// an administrator): it signs in once, and that sign-in chooses a new
/// password before anything else. Ends the sessions signed in with the old
/// one, records it, and emails the user and every administrator of the
/// customer who did it, in one transaction. Returns the user's email.
pub async fn reset_password(
    pool: &Pool,
    actor: &Actor<'_>,
    relationship: &RelationshipRef,
    user_id: &UserId,
    password_hash: &str,
    base: &str,
) -> Result<String, AppError> {
    crate::db::write(pool, async |tx| {
        check_under_lock(tx, actor, relationship, OnBehalf::ResetPassword).await?;
        #[derive(sqlx::FromRow)]
        struct Target {
            email: String,
            display_name: String,
            role: Role,
            locale: String,
        }
        let Target {
            email,
            display_name,
            role,
            locale,
        } = crate::db::query_as(
            "SELECT email, display_name, role, locale FROM users WHERE id = $1 AND organization_id = $2",
        )
        .bind(user_id)
        .bind(&relationship.customer_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
        may_reset_password_of(role)?;
        // Sessions signed in before this moment end: whoever knew the old
        // password is out. The new one is temporary and not used yet.
        crate::db::query(
            "UPDATE users SET password_hash = $1, credentials_changed_ms = $2,
                    password_change_due = TRUE, temporary_password_used_ms = NULL
             WHERE id = $3",
        )
        .bind(password_hash)
        .bind(actor.now_ms())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        let letter = super::letters::ResetOnBehalf {
            partner: &actor.organization.name,
            by: &actor.email,
            customer: &relationship.customer_name,
            name: &display_name,
            email: &email,
            base,
        };
        crate::outbox::enqueue(
            tx,
            actor.now_ms(),
            &letter.to_user(crate::outbox::locale_of(&locale)),
        )
        .await?;
        let administrators = administrators_of(tx, &relationship.customer_id).await?;
        for (address, locale) in administrators {
            let locale = crate::outbox::locale_of(&locale);
            crate::outbox::enqueue(tx, actor.now_ms(), &letter.to_administrator(locale, &address))
                .await?;
        }
        crate::audit_log::record(
            tx,
            NewEvent {
                action: Action::UserPasswordReset,
                actor,
                partner_id: Some(&actor.organization.id),
                customer_id: Some(&relationship.customer_id),
                details: email.clone(),
            },
        )
        .await?;
        Ok(email)
    })
    .await
}

/// Whom a change of the customer's users is told: its active
/// administrators (address and language), by address.
async fn administrators_of(
    conn: &mut crate::db::Conn,
    customer_id: &OrgId,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(crate::db::query_as(
        "SELECT email, locale FROM users
         WHERE organization_id = $1 AND role = 'customer_admin' AND deactivated_at IS NULL
           AND password_hash <> ''
         ORDER BY email",
    )
    .bind(customer_id)
    .fetch_all(conn)
    .await?)
}

/// Keeps a password to show once on `session`'s next page of `customer`,
/// replacing one not shown yet, and deletes those nobody came for.
pub async fn keep_password(
    pool: &Pool,
    session: &str,
    customer: &str,
    password: &super::NewPassword,
    now_ms: i64,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    crate::db::query("DELETE FROM passwords_to_show WHERE kept_at_ms <= $1")
        .bind(now_ms - super::domain::KEPT_FOR.as_millis() as i64)
        .execute(&mut *tx)
        .await?;
    crate::db::query(
        "INSERT INTO passwords_to_show (session_id, customer, email, password, kept_at_ms)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (session_id, customer) DO UPDATE
         SET email = excluded.email, password = excluded.password, kept_at_ms = excluded.kept_at_ms",
    )
    .bind(session)
    .bind(customer)
    .bind(&password.email)
    .bind(&password.password)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes (deletes and returns, once, whichever process asks first) the
/// password kept for `session`'s page of `customer`, with when it was kept.
pub async fn take_password(
    pool: &Pool,
    session: &str,
    customer: &str,
) -> Result<Option<(super::NewPassword, i64)>, AppError> {
    let row: Option<(String, String, i64)> = crate::db::query_as(
        "DELETE FROM passwords_to_show WHERE session_id = $1 AND customer = $2
         RETURNING email, password, kept_at_ms",
    )
    .bind(session)
    .bind(customer)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(email, password, kept_at)| (super::NewPassword { email, password }, kept_at)))
}
