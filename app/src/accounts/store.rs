//! SQL of people and accounts: members, invitations, onboarding, sign-up,
//! passwords and the two-step requirement. Every change writes its audit
//! event and its email in its own transaction.
use super::{Member, MemberState, PartnerRow, Refusal};
use crate::audit_log::{Actor, NewEvent, record};
use crate::auth::LinkPurpose as Purpose;
use crate::db::{Clock, Conn, Pool};
use crate::i18n::Locale;
use kernel::audit::Action;
use kernel::error::AppError;
use kernel::id::{OrgId, UserId};
use kernel::identity::{CurrentUser, OrgKind, Organization, Role};
use leptos_i18n::Locale as _;

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: String,
    email: String,
    display_name: String,
    role: Role,
    deactivated: bool,
    invited: bool,
    two_step: bool,
}

impl From<MemberRow> for Member {
    fn from(row: MemberRow) -> Member {
        let state = if row.deactivated {
            MemberState::Deactivated
        } else if row.invited {
            MemberState::Invited
        } else {
            MemberState::Active
        };
        Member {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            role: row.role,
            state,
            two_step: row.two_step,
        }
    }
}

const MEMBER_COLUMNS: &str = "id, email, display_name, role,
    deactivated_at IS NOT NULL AS deactivated, password_hash = '' AS invited,
    totp_enabled_at IS NOT NULL AS two_step";

/// The members of `org`, by name.
pub async fn members_of(pool: &Pool, org: &OrgId) -> Result<Vec<Member>, AppError> {
    let rows: Vec<MemberRow> = crate::db::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM users WHERE organization_id = $1
         ORDER BY deactivated_at IS NOT NULL, display_name, email"
    ))
    .bind(org)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Member::from).collect())
}

/// The member `user` of `org`, if they are one.
pub async fn member_in(
    conn: &mut Conn,
    org: &OrgId,
    user: &str,
) -> Result<Option<Member>, sqlx::Error> {
    let row: Option<MemberRow> = crate::db::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM users WHERE organization_id = $1 AND id = $2"
    ))
    .bind(org)
    .bind(user)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Member::from))
}

/// How many active administrators `org` has (those who chose a password
/// count; an invitation not yet taken up does not).
pub async fn active_administrators(conn: &mut Conn, org: &OrgId) -> Result<usize, sqlx::Error> {
    let count: i64 = crate::db::query_scalar(
        "SELECT COUNT(*) FROM users WHERE organization_id = $1 AND deactivated_at IS NULL
           AND password_hash <> '' AND role IN ('admin_agent', 'customer_admin', 'operator')",
    )
    .bind(org)
    .fetch_one(conn)
    .await?;
    Ok(count.max(0) as usize)
}

/// The domain new members of `org` are invited at: the domain an operator
/// verified or the organization signed up with, else (organizations from
/// before) that of its first administrator's address.
pub async fn domain_of(conn: &mut Conn, org: &OrgId) -> Result<Option<String>, sqlx::Error> {
    let verified: Option<Option<String>> =
        crate::db::query_scalar("SELECT verified_domain FROM organizations WHERE id = $1")
            .bind(org)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(Some(domain)) = verified {
        return Ok(Some(domain));
    }
    let email: Option<String> = crate::db::query_scalar(
        "SELECT email FROM users WHERE organization_id = $1
           AND role IN ('admin_agent', 'customer_admin', 'operator')
         ORDER BY created_at, id LIMIT 1",
    )
    .bind(org)
    .fetch_optional(conn)
    .await?;
    Ok(email.and_then(|e| e.rsplit_once('@').map(|(_, d)| d.to_string())))
}

async fn email_taken(conn: &mut Conn, email: &str) -> Result<bool, sqlx::Error> {
    let taken: Option<bool> = crate::db::query_scalar("SELECT TRUE FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(conn)
        .await?;
    Ok(taken.is_some())
}

/// A person to invite: their address, name and role, and where the link
/// they get points (the site's public address).
pub struct Invitee<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub base_url: &'a str,
    pub locale: Locale,
}

/// Creates the account of `invitee` in `org` without a password and queues
/// the invitation with its link (24 hours, once). The caller holds the
/// write lock and writes the audit event.
async fn create_invited(
    conn: &mut Conn,
    org: &Organization,
    invitee: &Invitee<'_>,
    by: &Actor<'_>,
) -> Result<UserId, AppError> {
    if email_taken(&mut *conn, invitee.email).await? {
        return Err(Refusal::EmailTaken.into());
    }
    let id = UserId::new(crate::db::new_id());
    crate::db::query(
        "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at, locale)
         VALUES ($1, $2, $3, $4, $5, '', $6, $7)",
    )
    .bind(&id)
    .bind(&org.id)
    .bind(invitee.email)
    .bind(invitee.display_name)
    .bind(invitee.role)
    .bind(by.now())
    .bind(invitee.locale.as_str())
    .execute(&mut *conn)
    .await?;
    let token =
        crate::auth::issue_token(&mut *conn, &by.clock, Purpose::SetPassword, &id, None).await?;
    let link = format!("{}/password/{token}", invitee.base_url);
    let inviter = crate::auth::Inviter {
        name: &by.display_name,
        email: &by.email,
    };
    let letter = crate::auth::invitation_letter(
        invitee.locale,
        invitee.email,
        &org.name,
        invitee.role,
        &inviter,
        &link,
    );
    crate::outbox::enqueue(&mut *conn, by.now_ms(), &letter).await?;
    Ok(id)
}

/// Invites a member to the actor's organization.
pub async fn invite_member(
    pool: &Pool,
    actor: &Actor<'_>,
    invitee: &Invitee<'_>,
) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        create_invited(tx, &actor.organization, invitee, actor).await?;
        let details = kernel::audit::Detail::MemberRole {
            email: invitee.email.to_string(),
            from: None,
            to: invitee.role,
        }
        .stored();
        record(
            tx,
            NewEvent::about_own_organization(Action::UserInvited, actor, details),
        )
        .await?;
        Ok(())
    })
    .await
}

/// The member `member` of the actor's organization and how many active
/// administrators it has, read under the write lock the caller holds (two
/// administrators demoting each other at once are counted one after the
/// other).
async fn member_under_lock(
    conn: &mut Conn,
    actor: &CurrentUser,
    member: &str,
) -> Result<(Member, usize), AppError> {
    let org = &actor.organization.id;
    let found = member_in(&mut *conn, org, member)
        .await?
        .ok_or(Refusal::NotAMember)?;
    Ok((found, active_administrators(conn, org).await?))
}

/// Gives `member` of the actor's organization `role`, once the rule
/// allows it with the administrators counted under the write lock.
pub async fn change_role(
    pool: &Pool,
    actor: &Actor<'_>,
    member: &str,
    role: Role,
) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let (found, administrators) = member_under_lock(tx, actor, member).await?;
        if found.state == MemberState::Deactivated {
            return Err(Refusal::NotAMember.into());
        }
        super::domain::may_change_role(&found, role, administrators)?;
        if found.role == role {
            return Ok(());
        }
        crate::db::query("UPDATE users SET role = $2 WHERE id = $1")
            .bind(&found.id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
        let details = kernel::audit::Detail::MemberRole {
            email: found.email.to_string(),
            from: Some(found.role),
            to: role,
        }
        .stored();
        record(
            tx,
            NewEvent::about_own_organization(Action::UserRoleChanged, actor, details),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Deactivates `member` of the actor's organization: they can no longer
/// sign in, their sessions end at once on every process (each request
/// reads the user), and their emailed links stop working.
pub async fn deactivate(pool: &Pool, actor: &Actor<'_>, member: &str) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let (found, administrators) = member_under_lock(tx, actor, member).await?;
        if found.state == MemberState::Deactivated {
            return Ok(());
        }
        super::domain::may_deactivate(actor, &found, administrators)?;
        let now = actor.now_ms();
        crate::db::query(
            "UPDATE users SET deactivated_at = $2, credentials_changed_ms = $3 WHERE id = $1",
        )
        .bind(&found.id)
        .bind(actor.now())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        crate::db::query(
            "UPDATE account_tokens SET used_ms = $2 WHERE user_id = $1 AND used_ms IS NULL",
        )
        .bind(&found.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        record(
            tx,
            NewEvent::about_own_organization(Action::UserDeactivated, actor, found.email),
        )
        .await?;
        Ok(())
    })
    .await
}

/// An administrator turns off the two-step verification of a member of
/// their organization (who lost their authenticator): the member's
/// sessions end, they are emailed, and the audit log keeps it. Nothing to
/// do when it is off already.
pub async fn reset_two_step(pool: &Pool, actor: &Actor<'_>, member: &str) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let (found, _) = member_under_lock(tx, actor, member).await?;
        super::domain::may_reset_two_step(actor, &found)?;
        if !found.two_step {
            return Ok(());
        }
        let member_id = UserId::new(found.id.clone());
        crate::auth::disable_two_step(tx, &member_id).await?;
        crate::auth::end_sessions(tx, &member_id, actor.now_ms()).await?;
        let locale: String = crate::db::query_scalar("SELECT locale FROM users WHERE id = $1")
            .bind(&found.id)
            .fetch_one(&mut *tx)
            .await?;
        let letter = crate::auth::two_step_reset_letter(
            crate::outbox::locale_of(&locale),
            &found.email,
            &actor.organization.name,
            &crate::outbox::person(&actor.display_name, &actor.email),
        );
        crate::outbox::enqueue(tx, actor.now_ms(), &letter).await?;
        record(
            tx,
            NewEvent::about_own_organization(Action::TwoStepReset, actor, found.email),
        )
        .await?;
        Ok(())
    })
    .await
}

#[derive(sqlx::FromRow)]
struct PartnerListRow {
    name: String,
    legal_name: Option<String>,
    verified_domain: Option<String>,
    partner_number: Option<String>,
    kind: OrgKind,
    cloud_name: String,
    created_at: String,
}

/// Every partner, by name.
pub async fn partners(pool: &Pool) -> Result<Vec<PartnerRow>, AppError> {
    let rows: Vec<PartnerListRow> = crate::db::query_as(
        "SELECT o.name, o.legal_name, o.verified_domain, o.partner_number, o.kind,
                c.name AS cloud_name, o.created_at
         FROM organizations o JOIN clouds c ON c.id = o.cloud_id
         WHERE o.kind IN ('partner_csp', 'partner_advisor')
         ORDER BY o.name, o.id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| PartnerRow {
            name: row.name,
            legal_name: row.legal_name.unwrap_or_default(),
            domain: row.verified_domain.unwrap_or_default(),
            partner_number: row.partner_number.unwrap_or_default(),
            kind: row.kind,
            cloud: row.cloud_name,
            created_at: row.created_at,
        })
        .collect())
}

/// The clouds, `(id, name)`, the default first.
pub async fn clouds(pool: &Pool) -> Result<Vec<(String, String)>, AppError> {
    Ok(crate::db::query_as(
        "SELECT id, name FROM clouds ORDER BY CASE WHEN id = 'global' THEN 0 ELSE 1 END, name",
    )
    .fetch_all(pool)
    .await?)
}

/// A partner an operator onboards, with its first administrator.
pub struct NewPartner<'a> {
    pub name: &'a str,
    pub legal_name: &'a str,
    pub domain: &'a str,
    pub partner_number: &'a str,
    pub kind: OrgKind,
    pub cloud: &'a str,
    pub administrator: Invitee<'a>,
}

/// A slug no organization has yet: `base`, or `base-2`, `base-3`…
async fn free_slug(conn: &mut Conn, base: &str) -> Result<String, sqlx::Error> {
    for n in 1..1000 {
        let slug = if n == 1 {
            base.to_string()
        } else {
            format!("{base}-{n}")
        };
        let taken: Option<bool> =
            crate::db::query_scalar("SELECT TRUE FROM organizations WHERE slug = $1")
                .bind(&slug)
                .fetch_optional(&mut *conn)
                .await?;
        if taken.is_none() {
            return Ok(slug);
        }
    }
    Ok(format!("{base}-{}", &crate::db::new_id()[24..]))
}

/// Creates a partner, its domain verified now by `actor` (an operator),
/// and invites its administrator; all or nothing.
pub async fn create_partner(
    pool: &Pool,
    actor: &Actor<'_>,
    partner: &NewPartner<'_>,
) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        let taken: Option<bool> = crate::db::query_scalar(
            "SELECT TRUE FROM organizations WHERE verified_domain = $1 OR partner_number = $2",
        )
        .bind(partner.domain)
        .bind(partner.partner_number)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(Refusal::PartnerTaken.into());
        }
        let cloud: Option<String> = crate::db::query_scalar("SELECT id FROM clouds WHERE id = $1")
            .bind(partner.cloud)
            .fetch_optional(&mut *tx)
            .await?;
        let cloud = cloud.ok_or(kernel::error::Invalid::Malformed(
            kernel::input::Field::Cloud,
        ))?;
        let slug = free_slug(tx, &super::domain::slug_of(partner.name)).await?;
        let now = actor.now();
        let organization = Organization {
            id: OrgId::new(crate::db::new_id()),
            slug,
            name: partner.name.to_string(),
            kind: partner.kind,
            cloud,
        };
        crate::db::query(
            "INSERT INTO organizations
                (id, slug, name, kind, cloud_id, legal_name, verified_domain, partner_number,
                 created_at, domain_verified_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(&organization.id)
        .bind(&organization.slug)
        .bind(&organization.name)
        .bind(organization.kind)
        .bind(&organization.cloud)
        .bind(partner.legal_name)
        .bind(partner.domain)
        .bind(partner.partner_number)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        create_invited(tx, &organization, &partner.administrator, actor).await?;
        let details = format!(
            "{} ({}), {}",
            partner.name, partner.domain, partner.administrator.email
        );
        record(
            tx,
            NewEvent::about_organization(Action::PartnerOnboarded, actor, &organization, details),
        )
        .await?;
        Ok(())
    })
    .await
}

/// A customer organization signing up from an invitation link, with its
/// first administrator.
pub struct SignUp<'a> {
    pub organization: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub domain: &'a str,
    pub password_hash: &'a str,
    pub cloud: &'a str,
    /// The invitation to come back to once the address is verified.
    pub return_to: &'a str,
    pub base_url: &'a str,
    pub locale: Locale,
}

/// Creates the organization and its administrator (address not verified
/// yet) and queues the verification link. The organization owns nothing
/// until then: its domain waits in `pending_domain`, and another sign-up at
/// the same domain is allowed (the first to verify keeps it). A sign-up
/// with the address of one still pending replaces it. Refused, with one
/// answer for both, when an organization already has the domain or someone
/// (verified) the address. Returns the new user.
pub async fn sign_up(pool: &Pool, clock: &Clock, sign_up: &SignUp<'_>) -> Result<UserId, AppError> {
    crate::db::write(pool, async |tx| {
        let pending: Option<OrgId> = crate::db::query_scalar(
            "SELECT o.id FROM users u JOIN organizations o ON o.id = u.organization_id
             WHERE u.email = $1 AND u.email_unverified AND o.pending_domain IS NOT NULL",
        )
        .bind(sign_up.email)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(pending) = pending {
            delete_pending_organization(tx, &pending).await?;
        }
        if email_taken(tx, sign_up.email).await?
            || crate::auth::domain_claimed(tx, sign_up.domain).await?
        {
            return Err(Refusal::DomainHasOrganization.into());
        }
        let slug = free_slug(tx, &super::domain::slug_of(sign_up.organization)).await?;
        let now = clock.now();
        let organization = Organization {
            id: OrgId::new(crate::db::new_id()),
            slug,
            name: sign_up.organization.to_string(),
            kind: OrgKind::Customer,
            cloud: sign_up.cloud.to_string(),
        };
        crate::db::query(
            "INSERT INTO organizations (id, slug, name, kind, cloud_id, pending_domain, created_at)
             VALUES ($1, $2, $3, 'customer', $4, $5, $6)",
        )
        .bind(&organization.id)
        .bind(&organization.slug)
        .bind(&organization.name)
        .bind(&organization.cloud)
        .bind(sign_up.domain)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let user = CurrentUser {
            id: UserId::new(crate::db::new_id()),
            email: sign_up.email.to_string(),
            display_name: sign_up.display_name.to_string(),
            role: Role::CustomerAdmin,
            organization,
            two_step_due: false,
            password_change_due: false,
        };
        crate::db::query(
            "INSERT INTO users (id, organization_id, email, display_name, role, password_hash,
                                created_at, locale, email_unverified)
             VALUES ($1, $2, $3, $4, 'customer_admin', $5, $6, $7, TRUE)",
        )
        .bind(&user.id)
        .bind(&user.organization.id)
        .bind(&user.email)
        .bind(&user.display_name)
        .bind(sign_up.password_hash)
        .bind(&now)
        .bind(sign_up.locale.as_str())
        .execute(&mut *tx)
        .await?;
        let token = crate::auth::issue_token(
            tx,
            clock,
            Purpose::VerifyEmail,
            &user.id,
            Some(sign_up.return_to),
        )
        .await?;
        let link = format!("{}/verify/{token}", sign_up.base_url);
        let letter = crate::auth::verification_letter(
            sign_up.locale,
            &user.email,
            sign_up.organization,
            &link,
        );
        crate::outbox::enqueue(tx, clock.now_ms(), &letter).await?;
        Ok(user.id)
    })
    .await
}

/// Deletes an organization that signed up and never verified its
/// address, with its administrator, their links and what the audit log
/// and declined invitations say of it: it owned nothing, and could do
/// nothing (organizations from before could decline an invitation and
/// were logged signing up).
async fn delete_pending_organization(conn: &mut Conn, org: &OrgId) -> Result<(), sqlx::Error> {
    for statement in [
        "DELETE FROM account_tokens WHERE user_id IN
           (SELECT id FROM users WHERE organization_id = $1)",
        "DELETE FROM recovery_codes WHERE user_id IN
           (SELECT id FROM users WHERE organization_id = $1)",
        "DELETE FROM audit_events WHERE actor_org_id = $1 OR customer_id = $1
           OR actor_user_id IN (SELECT id FROM users WHERE organization_id = $1)",
        "UPDATE customer_invitations SET customer_id = NULL WHERE customer_id = $1",
        "UPDATE events SET customer_id = NULL WHERE customer_id = $1",
        "DELETE FROM users WHERE organization_id = $1",
        "DELETE FROM organizations WHERE id = $1 AND pending_domain IS NOT NULL",
    ] {
        crate::db::query(statement)
            .bind(org)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// How long an organization that signed up waits for its address to be
/// verified before it is deleted.
pub const PENDING_SIGN_UP_DAYS: i64 = 7;

/// Deletes the organizations that signed up more than
/// [`PENDING_SIGN_UP_DAYS`] before `now_ms` and never verified their
/// address (the server does it now and then). Returns how many.
pub async fn forget_unverified_sign_ups(pool: &Pool, now_ms: i64) -> Result<usize, AppError> {
    let before = crate::db::rfc3339(now_ms - PENDING_SIGN_UP_DAYS * 24 * 60 * 60 * 1000);
    let stale: Vec<OrgId> = crate::db::query_scalar(
        "SELECT id FROM organizations WHERE pending_domain IS NOT NULL AND created_at < $1",
    )
    .bind(&before)
    .fetch_all(pool)
    .await?;
    // One transaction each: one that cannot go does not keep the others.
    let mut deleted = 0;
    for org in &stale {
        let mut tx = crate::db::begin_write(pool).await?;
        match delete_pending_organization(&mut tx, org).await {
            Ok(()) => {
                tx.commit().await?;
                deleted += 1;
            }
            Err(error) => {
                tracing::warn!(%error, %org, "an unverified sign-up could not be deleted");
            }
        }
    }
    Ok(deleted)
}

/// Whether the address of `user` still waits for its verification.
pub async fn email_unverified(pool: &Pool, user: &UserId) -> Result<bool, AppError> {
    let unverified: Option<bool> =
        crate::db::query_scalar("SELECT email_unverified FROM users WHERE id = $1")
            .bind(user)
            .fetch_optional(pool)
            .await?;
    Ok(unverified.is_some_and(bool::from))
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    two_step: bool,
    recovery_codes_left: i64,
    required: bool,
}

/// The account page of `user`.
pub async fn account_of(pool: &Pool, user: &CurrentUser) -> Result<super::Account, AppError> {
    let row: AccountRow = crate::db::query_as(
        "SELECT u.totp_enabled_at IS NOT NULL AS two_step,
                (SELECT COUNT(*) FROM recovery_codes r
                 WHERE r.user_id = u.id AND r.used_ms IS NULL) AS recovery_codes_left,
                o.require_two_step AS required
         FROM users u JOIN organizations o ON o.id = u.organization_id
         WHERE u.id = $1",
    )
    .bind(&user.id)
    .fetch_one(pool)
    .await?;
    Ok(super::Account {
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        organization: user.organization.name.clone(),
        two_step: row.two_step,
        recovery_codes_left: row.recovery_codes_left,
        required: row.required,
        administrator: super::domain::may_manage_members(user).is_ok(),
        password_again: true,
    })
}

/// Sets the signed-in user's new password and ends their other sessions:
/// those that began before `now_ms` (the caller's own is renewed).
pub async fn change_password(
    pool: &Pool,
    user: &Actor<'_>,
    hash: &str,
    now_ms: i64,
) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        crate::db::query(
            "UPDATE users SET password_hash = $2, credentials_changed_ms = $3 WHERE id = $1",
        )
        .bind(&user.id)
        .bind(hash)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        crate::auth::end_links(tx, &user.id, now_ms).await?;
        record(
            tx,
            NewEvent::about_own_organization(Action::PasswordChanged, user, user.email.clone()),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Ends every session of the signed-in user, this one included.
pub async fn sign_out_everywhere(pool: &Pool, user: &Actor<'_>) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        crate::auth::end_sessions(tx, &user.id, user.now_ms() + 1).await?;
        record(
            tx,
            NewEvent::about_own_organization(Action::SignedOutEverywhere, user, user.email.clone()),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Records a change of two-step verification of `user` (`on`) in the
/// transaction that made it.
pub async fn record_two_step(
    conn: &mut Conn,
    user: &Actor<'_>,
    on: bool,
) -> Result<(), sqlx::Error> {
    let action = if on {
        Action::TwoStepEnabled
    } else {
        Action::TwoStepDisabled
    };
    record(
        conn,
        NewEvent::about_own_organization(action, user, user.email.clone()),
    )
    .await
}

/// Requires (or no longer requires) two-step verification of every member
/// of the actor's organization.
pub async fn require_two_step(
    pool: &Pool,
    actor: &Actor<'_>,
    required: bool,
) -> Result<(), AppError> {
    crate::db::write(pool, async |tx| {
        crate::db::query("UPDATE organizations SET require_two_step = $2 WHERE id = $1")
            .bind(&actor.organization.id)
            .bind(required)
            .execute(&mut *tx)
            .await?;
        let details = kernel::audit::Detail::TwoStepRequired { required }.stored();
        record(
            tx,
            NewEvent::about_own_organization(Action::TwoStepRequirementChanged, actor, details),
        )
        .await?;
        Ok(())
    })
    .await
}

/// The cloud of the partner whose active invitation link (or pending
/// one-customer invitation, with the domain it is for) is `code`: a
/// customer signing up from it is made in that cloud, so that it can accept.
pub async fn cloud_of_link(
    pool: &Pool,
    clock: &Clock,
    code: &str,
) -> Result<Option<(String, Option<String>)>, AppError> {
    Ok(crate::db::query_as(
        "SELECT o.cloud_id, NULL AS domain FROM invitation_links l
         JOIN organizations o ON o.id = l.partner_id
         WHERE l.code = $1 AND l.revoked_at IS NULL
         UNION ALL
         SELECT o.cloud_id, i.domain FROM customer_invitations i
         JOIN organizations o ON o.id = i.partner_id
         WHERE i.code = $2 AND i.state = 'pending' AND i.expires_ms > $3",
    )
    .bind(code)
    .bind(code)
    .bind(clock.now_ms())
    .fetch_optional(pool)
    .await?)
}

/// Creates the operator `email` (and the operators' organization on an
/// empty database), or finds them again, and makes a link to choose their
/// password (24 hours, once): what `liaison create-operator` prints.
/// Refused when the address belongs to someone who is not an operator.
pub async fn create_operator(pool: &Pool, clock: &Clock, email: &str) -> Result<String, AppError> {
    crate::db::write(pool, async |tx| {
        let now = clock.now();
        crate::db::query(
            "INSERT INTO organizations (id, slug, name, kind, cloud_id, created_at)
             VALUES ($1, 'operators', 'Operators', 'operator', 'global', $2)
             ON CONFLICT (slug) DO NOTHING",
        )
        .bind(crate::db::new_id())
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let org: String = crate::db::query_scalar("SELECT id FROM organizations WHERE slug = 'operators'")
            .fetch_one(&mut *tx)
            .await?;
        let existing: Option<(UserId, Role)> =
            crate::db::query_as("SELECT id, role FROM users WHERE email = $1")
                .bind(email)
                .fetch_optional(&mut *tx)
                .await?;
        let user = match existing {
            Some((id, Role::Operator)) => id,
            Some(_) => return Err(Refusal::EmailTaken.into()),
            None => {
                let id = UserId::new(crate::db::new_id());
                let name = email.split('@').next().unwrap_or(email);
                crate::db::query(
                    "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at)
                     VALUES ($1, $2, $3, $4, 'operator', '', $5)",
                )
                .bind(&id)
                .bind(&org)
                .bind(email)
                .bind(name)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                id
            }
        };
        crate::db::query("UPDATE users SET deactivated_at = NULL WHERE id = $1")
            .bind(&user)
            .execute(&mut *tx)
            .await?;
        let token = crate::auth::issue_token(tx, clock, Purpose::SetPassword, &user, None).await?;
        Ok(token)
    })
    .await
}
