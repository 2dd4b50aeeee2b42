//! A password a partner resets on the customer's behalf is temporary: it
//! signs in once, that sign-in must choose a new password before anything
//! else opens (pages, server functions), the new one replaces it, and the
//! user and every administrator of the customer are emailed who reset it.
use crate::common::{self, Actor, PASSWORD, TestApp, accept, routes_not_held, sign_in};
use app::auth::{Refusal as SignInRefusal, ReplaceTemporaryPassword, Whoami};
use app::delegated::{Refusal as DelegatedRefusal, ResetCustomerPassword};
use app::error::{AppError, Invalid, Refusal};
use reqwest::StatusCode;

fn signed_in_refused(refusal: SignInRefusal) -> AppError {
    AppError::Refused(Refusal::SignIn(refusal))
}

async fn user_id(app: &TestApp, email: &str) -> String {
    app::db::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.pool)
        .await
        .expect("user")
}

async fn reset(actor: &Actor, customer: &str, user: String) -> Result<String, AppError> {
    actor
        .run(ResetCustomerPassword {
            customer: customer.into(),
            user,
        })
        .await
        .map(|shown| shown.password)
}

fn replace(new: &str, confirm: &str) -> ReplaceTemporaryPassword {
    ReplaceTemporaryPassword {
        new_password: new.into(),
        confirm_password: confirm.into(),
        next: None,
    }
}

/// Pages anyone may open, and the page where the new password is chosen.
const OPEN_TO_EVERYONE: &[&str] = &[
    "/",
    "/login",
    "/login/code",
    "/login/forgot",
    "/login/new-password",
    "/password/{token}",
    "/invitations/{code}",
    "/verify/{token}",
];

#[tokio::test]
async fn a_reset_password_signs_in_once_and_asks_for_a_new_one_before_anything_else() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    let felix_before = app.sign_in_as("user@fabrikam.example").await;

    let temporary = reset(
        &alex,
        "fabrikam",
        user_id(&app, "user@fabrikam.example").await,
    )
    .await
    .expect("reset");
    // Whoever was signed in with the old password is out, and it works no more.
    assert_eq!(felix_before.run(Whoami {}).await, Ok(None));
    assert_eq!(
        app.visitor()
            .run(sign_in("user@fabrikam.example", PASSWORD))
            .await,
        Err(signed_in_refused(SignInRefusal::WrongCredentials))
    );

    // Its one sign-in leads straight to the page that sets a new password.
    let felix = app.visitor();
    let to = felix
        .post_form(
            "sign_in",
            &[
                ("email", "user@fabrikam.example"),
                ("password", temporary.as_str()),
                ("next", "/admin/support-requests"),
            ],
            "/login",
        )
        .await;
    assert_eq!(to, "/login/new-password?next=/admin/support-requests");
    let me = felix
        .run(Whoami {})
        .await
        .expect("whoami")
        .expect("signed in");
    assert!(me.password_change_due);
    let (status, _, page) = felix.page("/login/new-password").await;
    assert_eq!(status, StatusCode::OK);
    for name in ["New password", "Confirm password", "Set password"] {
        assert!(page.contains(name), "{name}");
    }

    // The temporary password worked once: not a second time, anywhere.
    assert_eq!(
        app.visitor()
            .run(sign_in("user@fabrikam.example", &temporary))
            .await,
        Err(signed_in_refused(SignInRefusal::TemporaryPasswordUsed))
    );

    // Nothing else opens before: every page, every server function.
    let (walked, open) =
        routes_not_held(&felix, &code, OPEN_TO_EVERYONE, "/login/new-password").await;
    assert!(walked >= 20, "{walked}");
    assert!(open.is_empty(), "routes that answer:\n{}", open.join("\n"));
    let required = Err(signed_in_refused(SignInRefusal::PasswordChangeRequired));
    assert_eq!(
        felix
            .call::<serde_json::Value>("account_page", &[])
            .await
            .map(|_| ()),
        required
    );
    assert_eq!(
        felix
            .call::<serde_json::Value>(
                "change_password",
                &[
                    ("current_password", temporary.as_str()),
                    ("new_password", "a brand new passphrase"),
                    ("confirm_password", "a brand new passphrase"),
                ],
            )
            .await
            .map(|_| ()),
        required
    );
    assert_eq!(
        felix
            .call::<serde_json::Value>("support_requests", &[("operator", "false")])
            .await
            .map(|_| ()),
        required
    );

    // The new password: not the temporary one, confirmed, then it replaces it.
    assert_eq!(
        felix.run(replace(&temporary, &temporary)).await,
        Err(signed_in_refused(SignInRefusal::SameAsTemporary))
    );
    assert_eq!(
        felix
            .run(replace("felix chose this one", "felix chose another"))
            .await,
        Err(AppError::Invalid(Invalid::PasswordsDiffer))
    );
    assert_eq!(
        felix
            .run(replace("felix chose this one", "felix chose this one"))
            .await,
        Ok(())
    );
    let me = felix
        .run(Whoami {})
        .await
        .expect("whoami")
        .expect("signed in");
    assert!(!me.password_change_due);
    assert!(
        felix
            .call::<serde_json::Value>("account_page", &[])
            .await
            .is_ok()
    );
    // Done once: there is nothing left to replace.
    assert_eq!(
        felix
            .run(replace("felix chose a third", "felix chose a third"))
            .await,
        Err(AppError::NotAllowed)
    );
    assert_eq!(
        app.visitor()
            .run(sign_in("user@fabrikam.example", &temporary))
            .await,
        Err(signed_in_refused(SignInRefusal::WrongCredentials))
    );
    app.visitor()
        .run(sign_in("user@fabrikam.example", "felix chose this one"))
        .await
        .expect("the new password signs in");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_events
             WHERE actor_email = 'user@fabrikam.example' AND action = 'password_changed'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_temporary_password_of_a_user_with_two_step_verification_is_used_after_the_code() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    let temporary = reset(
        &alex,
        "fabrikam",
        user_id(&app, "user@fabrikam.example").await,
    )
    .await
    .expect("reset");
    // The password alone, twice: no code was given, so it is not used yet.
    app::db::query(
        "UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled_at = '2026-01-01'
         WHERE email = 'user@fabrikam.example'",
    )
    .execute(&app.pool)
    .await
    .expect("two-step verification on");
    for _ in 0..2 {
        let felix = app.visitor();
        let to = felix
            .post_form(
                "sign_in",
                &[
                    ("email", "user@fabrikam.example"),
                    ("password", temporary.as_str()),
                ],
                "/login",
            )
            .await;
        assert_eq!(to, "/login/code");
        assert_eq!(felix.run(Whoami {}).await, Ok(None));
    }
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM users WHERE email = 'user@fabrikam.example'
             AND temporary_password_used_ms IS NULL"
        )
        .await,
        1
    );
}

/// A reset that lands between a user's password and their code: the code
/// no longer signs in with the old password (it was checked before the
/// reset), and the partner's new temporary password is not spent by it.
#[tokio::test]
async fn a_reset_between_the_password_and_the_code_leaves_the_old_password_without_a_session() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    // 160 bits, as an authenticator app needs at least 128.
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    app::db::query(
        "UPDATE users SET totp_secret = $1, totp_enabled_at = '2026-01-01'
         WHERE email = 'user@fabrikam.example'",
    )
    .bind(secret)
    .execute(&app.pool)
    .await
    .expect("two-step verification on");
    let felix = app.visitor();
    let to = felix
        .post_form(
            "sign_in",
            &[("email", "user@fabrikam.example"), ("password", PASSWORD)],
            "/login",
        )
        .await;
    assert_eq!(to, "/login/code");
    // The partner resets the password while the code is being typed.
    app.advance_minutes(1);
    let alex = app.sign_in_as("admin@contoso.example").await;
    reset(
        &alex,
        "fabrikam",
        user_id(&app, "user@fabrikam.example").await,
    )
    .await
    .expect("reset");
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
    let code = totp.generate((app.clock.now_ms() / 1000) as u64);
    assert_eq!(
        felix.run(app::auth::VerifySignInCode { code }).await,
        Err(signed_in_refused(SignInRefusal::WrongCredentials))
    );
    assert_eq!(felix.run(Whoami {}).await, Ok(None));
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM users WHERE email = 'user@fabrikam.example'
             AND password_change_due AND temporary_password_used_ms IS NULL"
        )
        .await,
        1,
        "the new temporary password still signs in once"
    );
}

#[tokio::test]
async fn only_an_admin_agent_of_a_partner_with_the_privileges_resets_and_nothing_changes_otherwise()
{
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let felix = user_id(&app, "user@fabrikam.example").await;
    let hash_before = app
        .text("SELECT password_hash FROM users WHERE email = 'user@fabrikam.example'")
        .await;
    let outbox_before = app.count("SELECT COUNT(*) FROM outbox").await;

    let sales = app.sign_in_as("sales@contoso.example").await;
    assert_eq!(
        reset(&sales, "fabrikam", felix.clone()).await,
        Err(AppError::Refused(Refusal::Delegated(
            DelegatedRefusal::OnlyAdminAgents
        )))
    );
    // Another partner: Fabrikam is not its customer.
    let northwind = app.sign_in_as("admin@northwind.example").await;
    assert!(reset(&northwind, "fabrikam", felix.clone()).await.is_err());
    // The customer's own administrator is no partner.
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    assert_eq!(
        reset(&fatima, "fabrikam", felix.clone()).await,
        Err(AppError::NotAllowed)
    );
    // Contoso's admin agent, through another of its customers' names.
    app.accepts("admin@tailspin.example", "contoso", true).await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    assert_eq!(
        reset(&alex, "tailspin", felix.clone()).await,
        Err(AppError::NotFound)
    );
    // Signed out.
    assert_eq!(
        reset(&app.visitor(), "fabrikam", felix).await,
        Err(AppError::NotSignedIn)
    );

    assert_eq!(
        app.text("SELECT password_hash FROM users WHERE email = 'user@fabrikam.example'")
            .await,
        hash_before
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM users WHERE email = 'user@fabrikam.example' AND password_change_due"
        )
        .await,
        0
    );
    // Tailspin's acceptance wrote its own email; no reset wrote any.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM outbox WHERE subject LIKE '%password%' OR subject LIKE '%mot de passe%'"
        )
        .await,
        0
    );
    assert!(app.count("SELECT COUNT(*) FROM outbox").await >= outbox_before);
}

/// The partner's invitation code, read from its request page.
async fn link_code_of(partner: &Actor) -> String {
    let page = partner
        .run(app::invitations::LoadInvitation {})
        .await
        .expect("invitation page");
    page.link_with_dap
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_user_and_the_customers_administrators_are_emailed_who_reset_the_password() {
    let dir = tempfile::tempdir().expect("directory");
    let (server, sink, db_url) = common::process_with_mail(dir.path()).await;
    let pool = common::connect(&db_url).await;

    let alex = server.browser();
    alex.run(sign_in("admin@contoso.example", PASSWORD))
        .await
        .expect("signed in");
    let fatima = server.browser();
    fatima
        .run(sign_in("admin@fabrikam.example", PASSWORD))
        .await
        .expect("signed in");
    fatima
        .run(accept(&link_code_of(&alex).await))
        .await
        .expect("accepted");
    // Fabrikam's administrator reads French (signing in set the language
    // of this browser, English).
    app::db::query("UPDATE users SET locale = 'fr' WHERE email = 'admin@fabrikam.example'")
        .execute(&pool)
        .await
        .expect("a French administrator");
    let (felix, felix_name): (String, String) = app::db::query_as(
        "SELECT id, display_name FROM users WHERE email = 'user@fabrikam.example'",
    )
    .fetch_one(&pool)
    .await
    .expect("felix");
    alex.run(ResetCustomerPassword {
        customer: "fabrikam".into(),
        user: felix,
    })
    .await
    .expect("reset");

    let to = |messages: &[serde_json::Value], address: &str, subject: &str| {
        messages
            .iter()
            .filter(|m| m["to"].to_string().contains(address))
            .find(|m| m["subject"].as_str() == Some(subject))
            .map(|m| m["text"].as_str().unwrap_or_default().to_string())
    };
    let user_subject = "Contoso reset your Liaison password";
    let admin_subject = format!("Contoso a réinitialisé le mot de passe de {felix_name}");
    let started = std::time::Instant::now();
    loop {
        let messages = sink.messages();
        if to(&messages, "user@fabrikam.example", user_subject).is_some()
            && to(&messages, "admin@fabrikam.example", &admin_subject).is_some()
        {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{messages:#?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let messages = sink.messages();
    let user_text = to(&messages, "user@fabrikam.example", user_subject).unwrap_or_default();
    assert!(
        user_text.contains(&format!(
            "Contoso (admin@contoso.example) reset the password of {felix_name} (user@fabrikam.example) at Fabrikam"
        )),
        "{user_text}"
    );
    assert!(
        user_text.contains(&format!("{}/login", server.base)),
        "{user_text}"
    );
    let admin_text = to(&messages, "admin@fabrikam.example", &admin_subject).unwrap_or_default();
    assert!(
        admin_text.contains(&format!(
            "Contoso (admin@contoso.example) a réinitialisé le mot de passe de {felix_name} (user@fabrikam.example)"
        )),
        "{admin_text}"
    );
    assert!(
        admin_text.contains(&format!("{}/admin/partner-relationships", server.base)),
        "{admin_text}"
    );
    // Nobody outside Fabrikam hears of it.
    assert!(
        messages
            .iter()
            .filter(|m| m["text"]
                .as_str()
                .unwrap_or_default()
                .contains("user@fabrikam.example"))
            .all(|m| {
                let to = m["to"].to_string();
                to.contains("@fabrikam.example")
            })
    );
}

/// Server functions anyone may call (signing in, the consent page, emailed
/// links), and the one that replaces the password.
const FUNCTIONS_OPEN_TO_EVERYONE: &[&str] = &[
    "whoami",
    "sign_in",
    "load_consent",
    "password_link_info",
    "set_password",
    "request_password_reset",
    "sign_in_code_pending",
    "verify_sign_in_code",
    "sign_up",
    "replace_temporary_password",
    "sign_out",
];

#[tokio::test]
async fn every_server_function_refuses_a_user_whose_password_someone_else_set() {
    use crate::matrix::{ACTORS, FUNCTIONS, World};
    let world = World::new().await;
    for email in ["user@fabrikam.example", "sales@contoso.example"] {
        let actor = ACTORS
            .iter()
            .position(|(_, e)| *e == Some(email))
            .expect("an actor");
        let member = world.app.sign_in_as(email).await;
        // As after signing in with a temporary password.
        app::db::query("UPDATE users SET password_change_due = TRUE WHERE email = $1")
            .bind(email)
            .execute(&world.app.pool)
            .await
            .expect("due");
        let mut open = Vec::new();
        for (function, _) in FUNCTIONS {
            if FUNCTIONS_OPEN_TO_EVERYONE.contains(function) {
                continue;
            }
            let args = world.arguments(function, actor).await;
            let form: Vec<(&str, &str)> =
                args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let (status, body) = member.call_raw(function, &form).await;
            if !(status == StatusCode::FORBIDDEN && body.contains("PasswordChangeRequired")) {
                open.push(format!("{function}: {status} {body}"));
            }
        }
        assert!(
            open.is_empty(),
            "server functions that answer {email} before the new password:\n{}",
            open.join("\n")
        );
    }
}
