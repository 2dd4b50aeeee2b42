//! The server functions of people and accounts.
use super::{Account, Members, Outbox, Partners, TwoStepSetup};
#[cfg(feature = "ssr")]
use super::{Refusal, domain, store};
#[cfg(feature = "ssr")]
use crate::audit_log::Actor;
#[cfg(feature = "ssr")]
use crate::db::Clock;
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

/// The members of the signed-in administrator's organization, for the
/// page of its kind (`partner`: the team page, else the users page).
#[server(endpoint = "members_page")]
pub async fn members_page(partner: bool) -> Result<Members, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    if partner != user.organization.kind.is_partner() {
        return Err(AppError::NotAllowed);
    }
    domain::may_manage_members(&user)?;
    let mut conn = pool.acquire().await?;
    let domain = store::domain_of(&mut conn, &user.organization.id).await?;
    drop(conn);
    Ok(Members {
        domain,
        members: store::members_of(&pool, &user.organization.id).await?,
        me: user.id.to_string(),
    })
}

/// Invites someone to the administrator's organization: an address at
/// its domain, a name, and a role (`role` for a partner's team; the
/// `administrator` checkbox for a customer's users). They get an email
/// with a link to choose their password.
#[server(endpoint = "invite_member")]
pub async fn invite_member(
    email: String,
    display_name: String,
    role: Option<String>,
    administrator: Option<String>,
) -> Result<(), AppError> {
    use kernel::identity::{OrgKind, Role};
    use kernel::input::{Email, Field, required_line};
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_manage_members(&user)?;
    let email = Email::parse(&email)?;
    let display_name = required_line(Field::DisplayName, &display_name, domain::NAME_MAX)?;
    let role = match user.organization.kind {
        OrgKind::Customer if administrator.is_some() => Role::CustomerAdmin,
        OrgKind::Customer => Role::CustomerUser,
        kind => domain::parse_role(kind, role.as_deref().unwrap_or_default())?,
    };
    let mut conn = pool.acquire().await?;
    let at = store::domain_of(&mut conn, &user.organization.id).await?;
    drop(conn);
    domain::email_at_domain(&email, at.as_deref().unwrap_or_default())?;
    let base_url = crate::request::public_url().await;
    let invitee = store::Invitee {
        email: email.as_str(),
        display_name: &display_name,
        role,
        base_url: &base_url,
        locale: crate::request::locale(),
    };
    store::invite_member(&pool, &Actor::new(&user, &client), &invitee).await?;
    crate::request::after_form_post(here_of(&user));
    Ok(())
}

/// The members page of the user's organization.
#[cfg(feature = "ssr")]
fn here_of(user: &kernel::identity::CurrentUser) -> &'static str {
    if user.organization.kind.is_partner() {
        "/partner/team"
    } else {
        "/admin/users"
    }
}

/// Gives a member another role of the organization's (the last active
/// administrator keeps theirs).
#[server(endpoint = "change_member_role")]
pub async fn change_member_role(user: String, role: String) -> Result<(), AppError> {
    let Context {
        user: actor,
        pool,
        client,
    } = Context::signed_in().await?;
    domain::may_manage_members(&actor)?;
    let role = domain::parse_role(actor.organization.kind, &role)?;
    store::change_role(&pool, &Actor::new(&actor, &client), &user, role).await?;
    crate::request::after_form_post(here_of(&actor));
    Ok(())
}

/// Deactivates a member: signed out everywhere at once, never able to sign
/// in again (the last active administrator, and oneself, are refused).
#[server(endpoint = "deactivate_member")]
pub async fn deactivate_member(user: String) -> Result<(), AppError> {
    let Context {
        user: actor,
        pool,
        client,
    } = Context::signed_in().await?;
    domain::may_manage_members(&actor)?;
    store::deactivate(&pool, &Actor::new(&actor, &client), &user).await?;
    crate::request::after_form_post(here_of(&actor));
    Ok(())
}

/// An administrator resets the two-step verification of a member who lost
/// their authenticator: audited, the member emailed, their sessions ended.
#[server(endpoint = "reset_member_two_step")]
pub async fn reset_member_two_step(user: String) -> Result<(), AppError> {
    let Context {
        user: actor,
        pool,
        client,
    } = Context::signed_in().await?;
    domain::may_manage_members(&actor)?;
    // It changes how someone signs in: not from a session taken later.
    if !crate::request::password_given_recently().await? {
        return Err(Refusal::SignInAgain.into());
    }
    store::reset_two_step(&pool, &Actor::new(&actor, &client), &user).await?;
    crate::request::after_form_post(here_of(&actor));
    Ok(())
}

/// The operators' list of partners.
#[server(endpoint = "partners_page")]
pub async fn partners_page() -> Result<Partners, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    domain::may_operate(&user)?;
    Ok(Partners {
        partners: store::partners(&pool).await?,
        clouds: store::clouds(&pool).await?,
    })
}

/// An operator onboards a partner: its identity as customers will check
/// it (name, legal name, verified domain, partner id), its kind and cloud,
/// and its first administrator, who gets an invitation by email.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "create_partner")]
pub async fn create_partner(
    name: String,
    legal_name: String,
    domain: String,
    partner_id: String,
    kind: String,
    cloud: String,
    administrator_email: String,
) -> Result<(), AppError> {
    use kernel::identity::Role;
    use kernel::input::{Email, Field, required_line};
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_operate(&user)?;
    let name = required_line(Field::OrganizationName, &name, domain::NAME_MAX)?;
    let legal_name = required_line(Field::LegalName, &legal_name, 200)?;
    let partner_domain = domain::parse_domain(&domain)?;
    let number = domain::parse_partner_number(&partner_id)?;
    let kind = domain::parse_partner_kind(&kind)?;
    let cloud = required_line(Field::Cloud, &cloud, 40)?;
    let email = Email::parse(&administrator_email)?;
    domain::email_at_domain(&email, &partner_domain)?;
    let base_url = crate::request::public_url().await;
    let partner = store::NewPartner {
        name: &name,
        legal_name: &legal_name,
        domain: &partner_domain,
        partner_number: &number,
        kind,
        cloud: &cloud,
        administrator: store::Invitee {
            email: email.as_str(),
            display_name: email.as_str().split('@').next().unwrap_or_default(),
            role: Role::AdminAgent,
            base_url: &base_url,
            locale: crate::request::locale(),
        },
    };
    store::create_partner(&pool, &Actor::new(&user, &client), &partner).await?;
    crate::request::after_form_post("/operator/partners");
    Ok(())
}

/// The newest email of the outbox, for operators: while no SMTP server is
/// configured, the text of what waits (its links included), so that a
/// self-hoster can pass them on by hand.
#[server(endpoint = "outbox_page")]
pub async fn outbox_page() -> Result<Outbox, AppError> {
    use super::{OutboxEntry, OutboxState};
    let Context { user, pool, .. } = Context::signed_in().await?;
    domain::may_operate(&user)?;
    let smtp = use_context::<super::MailSettings>().is_some_and(|m| m.smtp);
    let entries = crate::outbox::newest(&pool, 100)
        .await?
        .into_iter()
        .map(|m| OutboxEntry {
            state: match (m.sent_ms, m.failed_ms) {
                (Some(_), _) => OutboxState::Sent,
                (None, Some(_)) => OutboxState::Failed,
                (None, None) => OutboxState::Queued,
            },
            recipient: m.recipient,
            subject: m.subject,
            text: if smtp { String::new() } else { m.text_body },
            created_at: time::OffsetDateTime::from_unix_timestamp(m.created_ms / 1000)
                .ok()
                .and_then(|t| {
                    t.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                })
                .unwrap_or_default(),
            attempts: m.attempts,
            last_error: m.last_error,
        })
        .collect();
    Ok(Outbox { smtp, entries })
}

/// The signed-in user's account (open while two-step verification is due:
/// it is set up here).
#[server(endpoint = "account_page")]
pub async fn account_page() -> Result<Account, AppError> {
    let Context { user, pool, .. } = Context::signed_in_to_set_up().await?;
    Ok(Account {
        password_again: !crate::request::password_given_recently().await?,
        ..store::account_of(&pool, &user).await?
    })
}

/// Changes the signed-in user's password: the current one first (counted
/// as a sign-in), then the new one twice. Every other session ends.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in_to_set_up().await?;
    let clock = Clock::current();
    crate::auth::check_new_password(&new_password, &confirm_password, &user.email)?;
    check_current_password(&pool, &clock, &user, &client, current_password).await?;
    let hash = crate::auth::hash_password(new_password).await?;
    let now = clock.now_ms();
    let actor = Actor::with_clock(&user, &client, clock);
    store::change_password(&pool, &actor, &hash, now).await?;
    // This session stays signed in: it began again now.
    let session = crate::request::session().await?;
    session.cycle_id().await?;
    session
        .insert(crate::request::SESSION_SIGNED_IN_KEY, now)
        .await?;
    crate::request::after_form_post("/account?done=password");
    Ok(())
}

#[cfg(feature = "ssr")]
async fn check_current_password(
    pool: &crate::db::Pool,
    clock: &Clock,
    user: &kernel::identity::CurrentUser,
    client: &str,
    password: String,
) -> Result<(), AppError> {
    let hash = crate::auth::password_hash_of(pool, &user.id)
        .await?
        .ok_or(AppError::NotSignedIn)?;
    let throttle = use_context::<crate::auth::SignInThrottle>().unwrap_or_default();
    if throttle
        .check_password(pool, clock, &user.email, client, password, hash)
        .await?
    {
        Ok(())
    } else {
        Err(Refusal::WrongPassword.into())
    }
}

/// Changing how someone signs in asks for their password again, unless
/// they gave it in this session in the last minutes
/// ([`crate::request::password_given_recently`]): a stolen session does
/// not enrol its own authenticator.
#[cfg(feature = "ssr")]
async fn confirm_it_is_them(
    pool: &crate::db::Pool,
    clock: &Clock,
    user: &kernel::identity::CurrentUser,
    client: &str,
    current_password: Option<String>,
) -> Result<(), AppError> {
    if crate::request::password_given_recently().await? {
        return Ok(());
    }
    let password = current_password
        .filter(|p| !p.is_empty())
        .ok_or(Refusal::PasswordAgain)?;
    check_current_password(pool, clock, user, client, password).await?;
    crate::request::password_given().await
}

/// Ends every session of the signed-in user, on every device and process,
/// this one included.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in_to_set_up().await?;
    store::sign_out_everywhere(&pool, &Actor::new(&user, &client)).await?;
    crate::request::session().await?.flush().await?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// A new secret for two-step verification, shown with its QR code; it is
/// kept, not yet on, until a code from it turns it on.
#[server(endpoint = "begin_two_step")]
pub async fn begin_two_step(current_password: Option<String>) -> Result<TwoStepSetup, AppError> {
    let Context { user, pool, client } = Context::signed_in_to_set_up().await?;
    confirm_it_is_them(&pool, &Clock::current(), &user, &client, current_password).await?;
    let secret = crate::db::write(&pool, async |tx| {
        let current = crate::auth::two_step_of(tx, &user.id)
            .await?
            .ok_or(AppError::NotSignedIn)?;
        if current.enabled {
            return Err(Refusal::TwoStepAlreadyOn.into());
        }
        let secret = crate::auth::new_secret();
        crate::auth::keep_two_step_secret(tx, &user.id, &secret).await?;
        Ok::<_, AppError>(secret)
    })
    .await?;
    let url = crate::auth::otpauth_url(&secret, &user.email)
        .ok_or_else(|| AppError::internal("a new TOTP secret was refused"))?;
    let qr_svg = crate::auth::qr_svg(&url).unwrap_or_default();
    crate::request::after_form_post("/account?open=two-step");
    Ok(TwoStepSetup { secret, qr_svg })
}

/// The secret being set up, if any (for the account page after a plain post).
#[server(endpoint = "pending_two_step")]
pub async fn pending_two_step() -> Result<Option<TwoStepSetup>, AppError> {
    let Context { user, pool, .. } = Context::signed_in_to_set_up().await?;
    let mut conn = pool.acquire().await?;
    let current = crate::auth::two_step_of(&mut conn, &user.id)
        .await?
        .ok_or(AppError::NotSignedIn)?;
    Ok(current
        .totp_secret
        .filter(|_| !current.enabled)
        .map(|secret| {
            let qr_svg = crate::auth::otpauth_url(&secret, &user.email)
                .and_then(|url| crate::auth::qr_svg(&url))
                .unwrap_or_default();
            TwoStepSetup { secret, qr_svg }
        }))
}

/// Turns two-step verification on with a code from the secret being set
/// up; answers the ten recovery codes, shown once.
#[server(endpoint = "turn_on_two_step")]
pub async fn turn_on_two_step(
    code: String,
    current_password: Option<String>,
) -> Result<Vec<String>, AppError> {
    let Context { user, pool, client } = Context::signed_in_to_set_up().await?;
    let clock = Clock::current();
    confirm_it_is_them(&pool, &clock, &user, &client, current_password).await?;
    let throttle_key = format!("code:{}", user.id);
    crate::auth::count_attempt(&pool, &clock, &[(&throttle_key, crate::auth::PER_ACCOUNT)]).await?;
    let codes = crate::db::write(&pool, async |tx| {
        let current = crate::auth::two_step_of(tx, &user.id)
            .await?
            .ok_or(AppError::NotSignedIn)?;
        if current.enabled {
            return Err(Refusal::TwoStepAlreadyOn.into());
        }
        let secret = current.totp_secret.ok_or(Refusal::TwoStepNotSetUp)?;
        let now_secs = (clock.now_ms() / 1000) as u64;
        let step = crate::auth::accepted_step(&secret, &code, now_secs, current.totp_last_step)
            .ok_or(Refusal::WrongCode)?;
        let codes = crate::auth::new_recovery_codes();
        let digests: Vec<String> = codes
            .iter()
            .filter_map(|code| crate::auth::normalized_recovery_code(code))
            .map(|code| crate::auth::secret_digest(&code))
            .collect();
        crate::auth::enable_two_step(tx, &clock, &user.id, step, &digests).await?;
        store::record_two_step(tx, &Actor::with_clock(&user, &client, clock.clone()), true).await?;
        Ok::<_, AppError>(codes)
    })
    .await?;
    crate::auth::clear_failures(&pool, &throttle_key).await?;
    Ok(codes)
}

/// Turns two-step verification off, with the current password; refused
/// while the organization requires it.
#[server(endpoint = "turn_off_two_step")]
pub async fn turn_off_two_step(current_password: String) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    let account = store::account_of(&pool, &user).await?;
    if account.required {
        return Err(Refusal::TwoStepRequired.into());
    }
    let clock = Clock::current();
    check_current_password(&pool, &clock, &user, &client, current_password).await?;
    crate::db::write(&pool, async |tx| {
        crate::auth::disable_two_step(tx, &user.id).await?;
        store::record_two_step(tx, &Actor::with_clock(&user, &client, clock.clone()), false)
            .await?;
        Ok::<_, AppError>(())
    })
    .await?;
    crate::request::after_form_post("/account");
    Ok(())
}

/// An administrator requires (or stops requiring) two-step verification
/// of every member of the organization; those without it are sent to set
/// it up before anything else.
#[server(endpoint = "require_two_step")]
pub async fn require_two_step(
    required: Option<String>,
    current_password: Option<String>,
) -> Result<(), AppError> {
    let Context { user, pool, client } = Context::signed_in().await?;
    domain::may_manage_members(&user)?;
    let clock = Clock::current();
    confirm_it_is_them(&pool, &clock, &user, &client, current_password).await?;
    let actor = Actor::with_clock(&user, &client, clock);
    store::require_two_step(&pool, &actor, required.is_some()).await?;
    crate::request::after_form_post("/account");
    Ok(())
}

/// A customer signs up from an invitation link (`code`): a new
/// organization at the email's domain, the person its first administrator
/// once the emailed link verifies the address. Until then it owns nothing
/// and nobody is signed in: the link verifies, then they sign in.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    code: String,
    organization_name: String,
    your_name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    use kernel::input::{Email, Field, required_line};
    let crate::request::Visitor { user, pool, client } = crate::request::Visitor::get().await?;
    // Someone signed in signs out first: the page offers signing up only
    // to visitors who are signed out.
    if user.is_some() {
        return Err(AppError::NotAllowed);
    }
    let organization = required_line(
        Field::OrganizationName,
        &organization_name,
        domain::NAME_MAX,
    )?;
    let display_name = required_line(Field::DisplayName, &your_name, domain::NAME_MAX)?;
    let email = Email::parse(&email)?;
    crate::auth::check_new_password(&password, &password, email.as_str())?;
    let domain = domain::parse_domain(email.as_str().rsplit('@').next().unwrap_or_default())
        .map_err(|_| kernel::error::Invalid::Malformed(Field::Email))?;
    let clock = Clock::current();
    crate::auth::count_attempt(
        &pool,
        &clock,
        &[(
            &format!("sign-up-address:{client}"),
            crate::auth::SIGN_UPS_PER_ADDRESS,
        )],
    )
    .await?;
    let (cloud, for_domain) = store::cloud_of_link(&pool, &clock, &code)
        .await?
        .ok_or(kernel::refusal::consent::Refusal::LinkNotValid)?;
    // A one-customer invitation (R14) is for the organization of its domain only.
    if for_domain.is_some_and(|invited| invited != domain) {
        return Err(kernel::refusal::consent::Refusal::InvitationForAnotherDomain.into());
    }
    let hash = crate::auth::hash_password(password).await?;
    let return_to = format!("/invitations/{code}");
    let base_url = crate::request::public_url().await;
    store::sign_up(
        &pool,
        &clock,
        &store::SignUp {
            organization: &organization,
            display_name: &display_name,
            email: email.as_str(),
            domain: &domain,
            password_hash: &hash,
            cloud: &cloud,
            return_to: &return_to,
            base_url: &base_url,
            locale: crate::request::locale(),
        },
    )
    .await?;
    leptos_axum::redirect(&format!("{return_to}?signed_up=1"));
    Ok(())
}
