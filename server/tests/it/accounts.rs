//! Accounts from an empty database (R17), over real HTTP on either engine:
//! emailed single-use links, members and their administrators, passwords,
//! two-step verification and sign-up. Email is read where it waits, in the
//! outbox (no SMTP server is configured here).
use crate::common::{self, PASSWORD, TestApp};
use app::accounts::{
    BeginTwoStep, ChangeMemberRole, ChangePassword, DeactivateMember, InviteMember, Refusal,
    SignUp, TurnOnTwoStep,
};
use app::auth::{RequestPasswordReset, SetPassword, VerifySignInCode, Whoami};
use app::error::{AppError, Invalid, Refusal as Any};

fn refused(refusal: Refusal) -> AppError {
    AppError::Refused(Any::Accounts(refusal))
}

const NEW_PASSWORD: &str = "plum-orbit-canvas-42";

fn set_password(token: &str, password: &str, confirm: &str) -> SetPassword {
    SetPassword {
        token: token.into(),
        new_password: password.into(),
        confirm_password: confirm.into(),
    }
}

/// The token of the newest link emailed to `to` (`/password/…` or `/verify/…`).
async fn emailed_token(app: &TestApp, to: &str) -> String {
    let text: String = app::db::query_scalar(
        "SELECT text_body FROM outbox WHERE recipient = $1 ORDER BY created_ms DESC, id DESC LIMIT 1",
    )
    .bind(to)
    .fetch_one(&app.pool)
    .await
    .unwrap_or_else(|e| panic!("no email to {to}: {e}"));
    text.lines()
        .find_map(|line| {
            let (_, rest) = line
                .split_once("/password/")
                .or_else(|| line.split_once("/verify/"))?;
            Some(rest.trim().to_string())
        })
        .unwrap_or_else(|| panic!("no link in {text}"))
}

async fn emails_to(app: &TestApp, to: &str) -> i64 {
    app::db::query_scalar("SELECT COUNT(*) FROM outbox WHERE recipient = $1")
        .bind(to)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_operator_from_the_command_line_sets_a_password_with_a_link_that_works_once() {
    let app = TestApp::spawn().await;
    let token = app::accounts::store::create_operator(&app.pool, &app.clock, "ops@liaison.example")
        .await
        .unwrap();
    let visitor = app.visitor();
    // A common password, or a confirmation that differs, leaves the link working.
    assert_eq!(
        visitor
            .run(set_password(&token, "password1234", "password1234"))
            .await,
        Err(AppError::Invalid(Invalid::CommonPassword))
    );
    assert_eq!(
        visitor
            .run(set_password(&token, NEW_PASSWORD, "plum-orbit-canvas-43"))
            .await,
        Err(AppError::Invalid(Invalid::PasswordsDiffer))
    );
    assert_eq!(
        visitor
            .run(set_password(&token, NEW_PASSWORD, NEW_PASSWORD))
            .await,
        Ok(())
    );
    let me = visitor.run(Whoami {}).await.unwrap().expect("signed in");
    assert_eq!(me.email, "ops@liaison.example");
    assert_eq!(me.role, app::auth::Role::Operator);
    // Used once, the link works no more.
    assert_eq!(
        app.visitor()
            .run(set_password(&token, NEW_PASSWORD, NEW_PASSWORD))
            .await,
        Err(refused(Refusal::LinkNotValid))
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'user_activated'")
            .await,
        1
    );
}

#[tokio::test]
async fn an_expired_link_is_not_valid() {
    let app = TestApp::spawn().await;
    let token = app::accounts::store::create_operator(&app.pool, &app.clock, "ops@liaison.example")
        .await
        .unwrap();
    app::db::query("UPDATE account_tokens SET expires_ms = $1")
        .bind(app::db::Clock::default().now_ms() - 1)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app.visitor()
            .run(set_password(&token, NEW_PASSWORD, NEW_PASSWORD))
            .await,
        Err(refused(Refusal::LinkNotValid))
    );
}

fn invite(email: &str, role: &str) -> InviteMember {
    InviteMember {
        email: email.into(),
        display_name: "Nina New".into(),
        role: Some(role.into()),
        administrator: None,
    }
}

#[tokio::test]
async fn admin_agents_invite_agents_at_their_domain_only() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in_as("admin@contoso.example").await;
    assert_eq!(
        admin
            .run(invite("nina@fabrikam.example", "sales_agent"))
            .await,
        Err(refused(Refusal::EmailOutsideDomain(
            "contoso.example".into()
        )))
    );
    assert_eq!(
        admin
            .run(invite("sales@contoso.example", "sales_agent"))
            .await,
        Err(refused(Refusal::EmailTaken))
    );
    assert_eq!(
        admin
            .run(invite("nina@contoso.example", "customer_admin"))
            .await,
        Err(AppError::Invalid(Invalid::Malformed(
            app::input::Field::Role
        )))
    );
    let sales = app.sign_in_as("sales@contoso.example").await;
    assert_eq!(
        sales
            .run(invite("nina@contoso.example", "sales_agent"))
            .await,
        Err(refused(Refusal::OnlyAdministrators))
    );
    assert_eq!(
        emails_to(&app, "nina@contoso.example").await,
        0,
        "nothing sent on a refusal"
    );
    assert_eq!(
        admin
            .run(invite("nina@contoso.example", "sales_agent"))
            .await,
        Ok(())
    );
    assert_eq!(emails_to(&app, "nina@contoso.example").await, 1);
    // The invitee chooses a password from the email, and is a sales agent of Contoso.
    let token = emailed_token(&app, "nina@contoso.example").await;
    let nina = app.visitor();
    assert_eq!(
        nina.run(set_password(&token, NEW_PASSWORD, NEW_PASSWORD))
            .await,
        Ok(())
    );
    let me = nina.run(Whoami {}).await.unwrap().expect("signed in");
    assert_eq!(me.role, app::auth::Role::SalesAgent);
    assert_eq!(me.organization.slug, "contoso");
}

#[tokio::test]
async fn the_last_administrator_is_neither_demoted_nor_deactivated() {
    let app = TestApp::spawn().await;
    let tailspin = app.sign_in_as("admin@tailspin.example").await;
    let me = tailspin.run(Whoami {}).await.unwrap().unwrap();
    assert_eq!(
        tailspin
            .run(ChangeMemberRole {
                user: me.id.to_string(),
                role: "customer_user".into()
            })
            .await,
        Err(refused(Refusal::LastAdministrator))
    );
    assert_eq!(
        tailspin
            .run(DeactivateMember {
                user: me.id.to_string()
            })
            .await,
        Err(refused(Refusal::NotYourself))
    );
    // Someone else's organization: not a member.
    let fabrikam_user = app
        .text("SELECT id FROM users WHERE email = 'user@fabrikam.example'")
        .await;
    assert_eq!(
        tailspin
            .run(DeactivateMember {
                user: fabrikam_user
            })
            .await,
        Err(refused(Refusal::NotAMember))
    );
}

#[tokio::test]
async fn a_deactivated_agent_is_signed_out_at_once_and_cannot_sign_in() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in_as("admin@contoso.example").await;
    let sales = app.sign_in_as("sales@contoso.example").await;
    let id = app
        .text("SELECT id FROM users WHERE email = 'sales@contoso.example'")
        .await;
    assert_eq!(admin.run(DeactivateMember { user: id }).await, Ok(()));
    assert_eq!(sales.run(Whoami {}).await, Ok(None));
    let again = app.visitor();
    assert_eq!(
        again
            .run(common::sign_in("sales@contoso.example", PASSWORD))
            .await,
        Err(AppError::Refused(Any::SignIn(
            app::auth::Refusal::WrongCredentials
        )))
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'user_deactivated'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_reset_link_is_sent_only_to_an_account_works_once_and_ends_every_session() {
    let app = TestApp::spawn().await;
    let elsewhere = app.sign_in_as("admin@fabrikam.example").await;
    let visitor = app.visitor();
    for email in ["admin@fabrikam.example", "nobody@fabrikam.example"] {
        let asked = visitor
            .run(RequestPasswordReset {
                email: email.into(),
            })
            .await;
        assert_eq!(asked, Ok(()), "the same answer for {email}");
    }
    assert_eq!(emails_to(&app, "nobody@fabrikam.example").await, 0);
    let token = emailed_token(&app, "admin@fabrikam.example").await;
    assert_eq!(
        visitor
            .run(set_password(&token, NEW_PASSWORD, NEW_PASSWORD))
            .await,
        Ok(())
    );
    assert_eq!(
        elsewhere.run(Whoami {}).await,
        Ok(None),
        "the other session ended"
    );
    assert_eq!(
        visitor
            .run(set_password(&token, NEW_PASSWORD, NEW_PASSWORD))
            .await,
        Err(refused(Refusal::LinkNotValid))
    );
    let fresh = app.visitor();
    assert_eq!(
        fresh
            .run(common::sign_in("admin@fabrikam.example", NEW_PASSWORD))
            .await,
        Ok(())
    );
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = TestApp::spawn().await;
    let here = app.sign_in_as("admin@contoso.example").await;
    let there = app.sign_in_as("admin@contoso.example").await;
    let change = |current: &str| ChangePassword {
        current_password: current.into(),
        new_password: NEW_PASSWORD.into(),
        confirm_password: NEW_PASSWORD.into(),
    };
    // A reset link asked for before the change (by someone who read the
    // mailbox then, say) works no more after it.
    app.visitor()
        .run(RequestPasswordReset {
            email: "admin@contoso.example".into(),
        })
        .await
        .unwrap();
    let reset = emailed_token(&app, "admin@contoso.example").await;
    assert_eq!(
        here.run(change("not the password")).await,
        Err(refused(Refusal::WrongPassword))
    );
    assert_eq!(here.run(change(PASSWORD)).await, Ok(()));
    assert_eq!(
        app.visitor()
            .run(set_password(
                &reset,
                "another-long-phrase-9",
                "another-long-phrase-9"
            ))
            .await,
        Err(refused(Refusal::LinkNotValid))
    );
    assert!(
        here.run(Whoami {}).await.unwrap().is_some(),
        "this session stays"
    );
    assert_eq!(there.run(Whoami {}).await, Ok(None), "the other one ends");
}

/// The code of `secret` (base32) now, as an authenticator app computes it.
fn code_now(secret: &str, offset_steps: i64) -> String {
    code_now_at(secret, offset_steps, app::db::Clock::default().now_ms())
}

/// The code of `secret` at `now_ms` (a test's moved clock), give or take
/// `offset_steps`.
fn code_now_at(secret: &str, offset_steps: i64, now_ms: i64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.into()).to_bytes().unwrap();
    let totp = totp_rs::TOTP::new_unchecked(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        None,
        String::new(),
    );
    totp.generate(((now_ms / 1000) + offset_steps * 30) as u64)
}

#[tokio::test]
async fn a_session_signed_in_a_while_ago_gives_the_password_again_to_set_up_two_step_verification()
{
    use app::accounts::AccountPage;
    let app = TestApp::spawn().await;
    let user = app.sign_in_as("admin@fabrikam.example").await;
    assert!(!user.run(AccountPage {}).await.unwrap().password_again);
    // An hour later (a session taken from its owner, say), the session
    // alone no longer enrols an authenticator.
    app.advance_minutes(60);
    assert!(user.run(AccountPage {}).await.unwrap().password_again);
    let begin = |password: Option<&str>| BeginTwoStep {
        current_password: password.map(str::to_string),
    };
    assert_eq!(
        user.run(begin(None)).await.map(drop),
        Err(refused(Refusal::PasswordAgain))
    );
    assert_eq!(
        user.run(begin(Some("not the password"))).await.map(drop),
        Err(refused(Refusal::WrongPassword))
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'admin@fabrikam.example' AND totp_secret IS NOT NULL")
            .await,
        0
    );
    // Requiring it of the organization too.
    let require = |password: Option<&str>| app::accounts::RequireTwoStep {
        required: Some("on".into()),
        current_password: password.map(str::to_string),
    };
    assert_eq!(
        user.run(require(None)).await,
        Err(refused(Refusal::PasswordAgain))
    );
    let setup = user.run(begin(Some(PASSWORD))).await.unwrap();
    assert_eq!(user.run(require(None)).await, Ok(()));
    // Given once, the password is not asked again for a while.
    assert!(!user.run(AccountPage {}).await.unwrap().password_again);
    let codes = user
        .run(TurnOnTwoStep {
            code: code_now_at(&setup.secret, -1, app.clock.now_ms()),
            current_password: None,
        })
        .await
        .unwrap();
    assert_eq!(codes.len(), 10);
}

#[tokio::test]
async fn an_administrator_resets_a_members_two_step_verification_audited_and_emailed() {
    use app::accounts::ResetMemberTwoStep;
    let app = TestApp::spawn().await;
    let member = app.sign_in_as("user@fabrikam.example").await;
    let setup = member
        .run(BeginTwoStep {
            current_password: None,
        })
        .await
        .unwrap();
    member
        .run(TurnOnTwoStep {
            code: code_now(&setup.secret, -1),
            current_password: None,
        })
        .await
        .unwrap();
    let id = app
        .text("SELECT id FROM users WHERE email = 'user@fabrikam.example'")
        .await;
    let reset = || ResetMemberTwoStep { user: id.clone() };
    // Not the member themselves, nor another organization's administrator.
    assert_eq!(
        member.run(reset()).await,
        Err(refused(Refusal::OnlyAdministrators))
    );
    assert_eq!(
        app.sign_in_as("admin@tailspin.example")
            .await
            .run(reset())
            .await,
        Err(refused(Refusal::NotAMember))
    );
    let admin = app.sign_in_as("admin@fabrikam.example").await;
    let own = app
        .text("SELECT id FROM users WHERE email = 'admin@fabrikam.example'")
        .await;
    assert_eq!(
        admin.run(ResetMemberTwoStep { user: own }).await,
        Err(refused(Refusal::NotYourself))
    );
    // From a sign-in an hour old (a session taken from its owner, say):
    // sign in again first.
    app.advance_minutes(60);
    assert_eq!(admin.run(reset()).await, Err(refused(Refusal::SignInAgain)));
    let admin = app.sign_in_as("admin@fabrikam.example").await;
    assert_eq!(admin.run(reset()).await, Ok(()));
    // The member's sessions ended; the password alone signs in again.
    assert_eq!(member.run(Whoami {}).await, Ok(None));
    app.sign_in_as("user@fabrikam.example").await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'two_step_reset'")
            .await,
        1
    );
    assert_eq!(
        app.text(
            "SELECT subject FROM outbox WHERE recipient = 'user@fabrikam.example'
             ORDER BY created_ms DESC LIMIT 1"
        )
        .await,
        "Your two-step verification was turned off"
    );
}

#[tokio::test]
async fn two_step_verification_asks_for_a_code_each_working_once_and_recovery_codes_once() {
    let app = TestApp::spawn().await;
    let user = app.sign_in_as("admin@fabrikam.example").await;
    assert_eq!(
        user.run(TurnOnTwoStep {
            code: "123456".into(),
            current_password: None,
        })
        .await,
        Err(refused(Refusal::TwoStepNotSetUp))
    );
    let setup = user
        .run(BeginTwoStep {
            current_password: None,
        })
        .await
        .unwrap();
    assert!(setup.qr_svg.contains("<svg"));
    assert_eq!(
        user.run(TurnOnTwoStep {
            code: "abcdef".into(),
            current_password: None,
        })
        .await,
        Err(refused(Refusal::WrongCode))
    );
    // The previous step's code: the one now is left for signing in.
    let codes = user
        .run(TurnOnTwoStep {
            code: code_now(&setup.secret, -1),
            current_password: None,
        })
        .await
        .unwrap();
    assert_eq!(codes.len(), 10);
    // The password alone no longer signs in: the code page is next.
    let visitor = app.visitor();
    assert_eq!(
        visitor
            .run(common::sign_in("admin@fabrikam.example", PASSWORD))
            .await,
        Ok(())
    );
    assert_eq!(visitor.run(Whoami {}).await, Ok(None));
    assert_eq!(
        visitor
            .run(VerifySignInCode {
                code: "abcdef".into()
            })
            .await,
        Err(refused(Refusal::WrongCode))
    );
    let code = code_now(&setup.secret, 0);
    assert_eq!(
        visitor.run(VerifySignInCode { code: code.clone() }).await,
        Ok(())
    );
    assert!(visitor.run(Whoami {}).await.unwrap().is_some());
    // The same code again (a replay) is refused.
    let replay = app.visitor();
    replay
        .run(common::sign_in("admin@fabrikam.example", PASSWORD))
        .await
        .unwrap();
    assert_eq!(
        replay.run(VerifySignInCode { code }).await,
        Err(refused(Refusal::WrongCode))
    );
    // A recovery code works once.
    assert_eq!(
        replay
            .run(VerifySignInCode {
                code: codes[0].clone()
            })
            .await,
        Ok(())
    );
    let again = app.visitor();
    again
        .run(common::sign_in("admin@fabrikam.example", PASSWORD))
        .await
        .unwrap();
    assert_eq!(
        again
            .run(VerifySignInCode {
                code: codes[0].clone()
            })
            .await,
        Err(refused(Refusal::WrongCode))
    );
    // Without the password first, there is no code to give.
    assert_eq!(
        app.visitor()
            .run(VerifySignInCode {
                code: codes[1].clone()
            })
            .await,
        Err(AppError::NotSignedIn)
    );
}

fn sign_up(code: &str, email: &str) -> SignUp {
    SignUp {
        code: code.into(),
        organization_name: "Proseware".into(),
        your_name: "Pat Admin".into(),
        email: email.into(),
        password: NEW_PASSWORD.into(),
    }
}

fn signed_in_refused(refusal: app::auth::Refusal) -> AppError {
    AppError::Refused(Any::SignIn(refusal))
}

#[tokio::test]
async fn a_customer_signs_up_verifies_its_address_signs_in_and_accepts() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    // One answer whether the address has an account or only its domain
    // an organization: nobody learns which addresses have accounts.
    for taken in ["someone@fabrikam.example", "admin@fabrikam.example"] {
        assert_eq!(
            app.visitor().run(sign_up(&code, taken)).await,
            Err(refused(Refusal::DomainHasOrganization)),
            "{taken}"
        );
    }
    let pat = app.visitor();
    assert_eq!(
        pat.run(sign_up(&code, "pat@proseware.example")).await,
        Ok(())
    );
    // Nobody is signed in before the address is verified, and the
    // password alone does not sign in.
    assert_eq!(pat.run(Whoami {}).await, Ok(None));
    assert_eq!(
        pat.run(common::accept(&code)).await,
        Err(AppError::NotSignedIn)
    );
    assert_eq!(
        pat.run(common::sign_in("pat@proseware.example", NEW_PASSWORD))
            .await,
        Err(signed_in_refused(app::auth::Refusal::AddressNotVerified))
    );
    // The emailed link verifies the address and goes back to the
    // invitation, where the person signs in as always: the link signs in
    // nobody (it is a GET anyone can make a browser follow).
    let token = emailed_token(&app, "pat@proseware.example").await;
    let (status, location, _) = pat.page(&format!("/verify/{token}")).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(
        location.as_deref(),
        Some(format!("/invitations/{code}?verified=1").as_str())
    );
    assert_eq!(pat.run(Whoami {}).await, Ok(None));
    let (_, _, html) = pat.page(&format!("/invitations/{code}?verified=1")).await;
    assert!(html.contains("Your address is verified"), "{html}");
    pat.run(common::sign_in("pat@proseware.example", NEW_PASSWORD))
        .await
        .expect("signed in once verified");
    assert_eq!(
        pat.run(common::accept(&code)).await,
        Ok(app::consent::AcceptOutcome::Created)
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM organizations
             WHERE verified_domain = 'proseware.example' AND pending_domain IS NULL"
        )
        .await,
        1
    );
    // Used, the link only says so.
    let (_, location, _) = pat.page(&format!("/verify/{token}")).await;
    assert_eq!(location.as_deref(), Some("/login?notice=link_not_valid"));
}

#[tokio::test]
async fn the_verification_link_signs_in_nobody_even_a_browser_signed_out() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    app.visitor()
        .run(sign_up(&code, "pat@proseware.example"))
        .await
        .unwrap();
    let token = emailed_token(&app, "pat@proseware.example").await;
    // Someone else's browser (login CSRF: a page making it follow the link).
    let victim = app.visitor();
    let (status, _, _) = victim.page(&format!("/verify/{token}")).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(victim.run(Whoami {}).await, Ok(None));
    assert!(victim.session_cookie().is_none());
}

#[tokio::test]
async fn an_unverified_sign_up_owns_no_domain_and_the_first_to_verify_keeps_it() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    // Mallory signs up at a domain that is not hers and never gets the link.
    let mallory = app.visitor();
    mallory
        .run(SignUp {
            organization_name: "Proseware (not really)".into(),
            ..sign_up(&code, "mallory@proseware.example")
        })
        .await
        .unwrap();
    let mallory_token = emailed_token(&app, "mallory@proseware.example").await;
    // Her organization can do nothing: she cannot sign in, so she neither
    // invites, nor declines, nor accepts.
    assert_eq!(
        mallory
            .run(common::sign_in("mallory@proseware.example", NEW_PASSWORD))
            .await,
        Err(signed_in_refused(app::auth::Refusal::AddressNotVerified))
    );
    assert_eq!(
        mallory
            .run(InviteMember {
                email: "ceo@proseware.example".into(),
                display_name: "Urgent".into(),
                role: None,
                administrator: None,
            })
            .await,
        Err(AppError::NotSignedIn)
    );
    assert_eq!(emails_to(&app, "ceo@proseware.example").await, 0);
    // The real owner signs up meanwhile, from a one-customer invitation
    // made for the domain too, and verifies first.
    let invited = app
        .one_customer_invitation("contoso", "proseware.example")
        .await;
    let pat = app.visitor();
    assert_eq!(
        pat.run(sign_up(&invited, "pat@proseware.example")).await,
        Ok(())
    );
    let token = emailed_token(&app, "pat@proseware.example").await;
    pat.page(&format!("/verify/{token}")).await;
    pat.run(common::sign_in("pat@proseware.example", NEW_PASSWORD))
        .await
        .expect("the owner signs in");
    assert_eq!(
        pat.run(common::accept(&invited)).await,
        Ok(app::consent::AcceptOutcome::Created)
    );
    // Mallory's link comes too late: her address stays unverified and her
    // organization owns nothing.
    let (_, location, _) = mallory.page(&format!("/verify/{mallory_token}")).await;
    assert_eq!(location.as_deref(), Some("/login?notice=domain_taken"));
    assert_eq!(
        mallory
            .run(common::sign_in("mallory@proseware.example", NEW_PASSWORD))
            .await,
        Err(signed_in_refused(app::auth::Refusal::AddressNotVerified))
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM organizations WHERE verified_domain = 'proseware.example'")
            .await,
        1
    );
    // Another sign-up at the domain, now owned, is refused; and after 7
    // days the pending organization is gone, with its administrator.
    assert_eq!(
        app.visitor()
            .run(sign_up(&code, "other@proseware.example"))
            .await,
        Err(refused(Refusal::DomainHasOrganization))
    );
    let now = app::db::Clock::default().now_ms();
    assert_eq!(
        app::accounts::store::forget_unverified_sign_ups(&app.pool, now).await,
        Ok(0)
    );
    assert_eq!(
        app::accounts::store::forget_unverified_sign_ups(&app.pool, now + 8 * 86_400_000).await,
        Ok(1)
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'mallory@proseware.example'")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM organizations WHERE pending_domain IS NOT NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn a_sign_up_with_the_address_of_a_pending_one_replaces_it() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    // Mallory takes the very address of the administrator-to-be.
    app.visitor()
        .run(SignUp {
            organization_name: "Not Proseware".into(),
            ..sign_up(&code, "pat@proseware.example")
        })
        .await
        .unwrap();
    let pat = app.visitor();
    assert_eq!(
        pat.run(sign_up(&code, "pat@proseware.example")).await,
        Ok(())
    );
    assert_eq!(
        app.text(
            "SELECT o.name FROM organizations o JOIN users u ON u.organization_id = o.id
                  WHERE u.email = 'pat@proseware.example'"
        )
        .await,
        "Proseware"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM organizations WHERE pending_domain = 'proseware.example'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_required_two_step_verification_comes_before_anything_else() {
    use app::accounts::{AccountPage, RequireTwoStep};
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let admin = app.sign_in_as("admin@contoso.example").await;
    let sales = app.sign_in_as("sales@contoso.example").await;
    assert_eq!(
        sales
            .run(RequireTwoStep {
                required: Some("on".into()),
                current_password: None,
            })
            .await,
        Err(refused(Refusal::OnlyAdministrators))
    );
    assert_eq!(
        admin
            .run(RequireTwoStep {
                required: Some("on".into()),
                current_password: None,
            })
            .await,
        Ok(())
    );
    // The sales agent, signed in already, is held at the account page.
    let me = sales
        .run(Whoami {})
        .await
        .unwrap()
        .expect("still signed in");
    assert!(me.two_step_due);
    assert_eq!(
        sales
            .run(app::customers::PartnerCustomers {
                search: None,
                after: None
            })
            .await
            .map(drop),
        Err(refused(Refusal::TwoStepRequired))
    );
    let account = sales.run(AccountPage {}).await.unwrap();
    assert!(account.required && !account.two_step);
    // The consent page tells customers that Contoso requires it.
    let (_, _, html) = app.visitor().page(&format!("/invitations/{code}")).await;
    assert!(
        html.contains("Required of every agent of this partner"),
        "{html}"
    );
}

#[tokio::test]
async fn two_administrators_deactivating_each_other_at_once_leave_one() {
    let app = TestApp::spawn().await;
    app::db::query(
        "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at)
         SELECT 'second-admin', organization_id, 'admin2@tailspin.example', 'Second', 'customer_admin',
                password_hash, created_at
         FROM users WHERE email = 'admin@tailspin.example'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let first = app.sign_in_as("admin@tailspin.example").await;
    let second = app.sign_in_as("admin2@tailspin.example").await;
    let first_id = app
        .text("SELECT id FROM users WHERE email = 'admin@tailspin.example'")
        .await;
    let (a, b) = tokio::join!(
        first.run(DeactivateMember {
            user: "second-admin".into()
        }),
        second.run(DeactivateMember { user: first_id }),
    );
    // The one that comes second is refused: as the last administrator, or,
    // deactivated already when its request arrived, as signed out.
    let lost = |r: &Result<(), AppError>| matches!(r, Err(e) if *e == refused(Refusal::LastAdministrator) || *e == AppError::NotSignedIn);
    assert!(
        (a.is_ok() && lost(&b)) || (b.is_ok() && lost(&a)),
        "{a:?} {b:?}"
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM users u JOIN organizations o ON o.id = u.organization_id
             WHERE o.slug = 'tailspin' AND u.role = 'customer_admin' AND u.deactivated_at IS NULL"
        )
        .await,
        1
    );
}
