//! Sign-in, sign-out, sessions and page guards over real HTTP.

use crate::common::{self, PASSWORD, TestApp};
use app::auth::{CurrentUser, SignOut, Whoami};
use app::customers::PartnerCustomers;
use app::error::{AppError, Refusal};
use reqwest::StatusCode;

/// Who the server says is signed in for this raw `Cookie` header.
async fn whoami_with_cookie(base: &str, cookie: &str) -> Option<CurrentUser> {
    let response = reqwest::Client::new()
        .post(format!("{base}/api/whoami"))
        .header("Accept", "application/json")
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap();
    response.json().await.unwrap()
}

#[tokio::test]
async fn wrong_password_and_unknown_email_are_refused_alike() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    for (email, password) in [
        ("admin@contoso.example", "nope"),
        ("nobody@contoso.example", PASSWORD),
    ] {
        let result = visitor.run(common::sign_in(email, password)).await;
        assert_eq!(
            result,
            Err(AppError::Refused(Refusal::SignIn(
                app::auth::Refusal::WrongCredentials
            )))
        );
    }
    let me = visitor.run(Whoami {}).await.unwrap();
    assert_eq!(me, None);
}

#[tokio::test]
async fn signing_in_gives_a_new_session_id_and_names_the_user() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    visitor
        .run(common::sign_in("sales@contoso.example", PASSWORD))
        .await
        .unwrap();
    let before = visitor.session_cookie();
    assert!(before.is_some());
    visitor
        .run(common::sign_in("ADMIN@Contoso.example ", PASSWORD))
        .await
        .unwrap();
    let after = visitor.session_cookie();
    assert!(after.is_some());
    assert_ne!(before, after, "the session id must change at sign-in");
    // The server keeps recent sessions in memory too: the replaced one must
    // be gone from there as well as from the database.
    let before = before.expect("session cookie");
    let old = whoami_with_cookie(&app.base, &before).await;
    assert_eq!(old, None, "the session id from before must no longer work");
    let me = visitor.run(Whoami {}).await.unwrap();
    assert_eq!(
        me.map(|u| u.email),
        Some("admin@contoso.example".to_string())
    );
}

#[tokio::test]
async fn a_restart_signs_nobody_out() {
    let app = TestApp::spawn().await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    let restarted = app.restart().await;
    let cookie = alex.session_cookie().expect("session cookie");
    let me = whoami_with_cookie(&restarted.base, &cookie).await;
    assert_eq!(
        me.map(|u| u.email),
        Some("admin@contoso.example".to_string())
    );
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    let stolen = alex.session_cookie().expect("session cookie");
    alex.run(SignOut {}).await.unwrap();
    let me = whoami_with_cookie(&app.base, &stolen).await;
    assert_eq!(me, None, "an old cookie must not survive sign-out");
}

#[tokio::test]
async fn sign_in_never_redirects_off_site() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    let response = visitor
        .client
        .post(format!("{}/api/sign_in", app.base))
        .header("Accept", "application/json")
        .form(&[
            ("email", "admin@fabrikam.example"),
            ("password", PASSWORD),
            ("next", "//evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    // The administrator's own home, never the other site.
    assert_eq!(location.as_deref(), Some("/admin/partner-relationships"));
}

#[tokio::test]
async fn a_signed_out_visitor_is_sent_to_sign_in_and_back() {
    let app = TestApp::spawn().await;
    let (status, location, _) = app.visitor().page("/partner/customers").await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(location.as_deref(), Some("/login?next=/partner/customers"));
}

#[tokio::test]
async fn a_customer_opening_a_partner_page_is_told_it_is_not_allowed() {
    let app = TestApp::spawn().await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    for path in [
        "/partner/customers",
        "/partner/customers/request-relationship",
    ] {
        let (status, _, body) = fatima.page(path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(body.contains("Not allowed"), "{path}");
        assert!(
            !body.contains("invitation-link"),
            "{path} leaked the partner's link"
        );
    }
    let refused = fatima
        .run(PartnerCustomers {
            after: None,
            search: None,
        })
        .await;
    assert_eq!(refused, Err(AppError::NotAllowed));
}

#[tokio::test]
async fn the_login_page_follows_the_browser_language() {
    let app = TestApp::spawn().await;
    let response = app
        .visitor()
        .client
        .get(format!("{}/login", app.base))
        .header("Accept-Language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .unwrap();
    let body = response.text().await.unwrap();
    assert!(body.contains("Mot de passe"), "French login page expected");
    assert!(body.contains("lang=\"fr\""));
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while_but_not_other_accounts() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    let sign_in = |email: &'static str, password: &'static str| {
        let visitor = &visitor;
        async move { visitor.run(common::sign_in(email, password)).await }
    };
    for _ in 0..10 {
        assert_eq!(
            sign_in("admin@contoso.example", "guess").await,
            Err(AppError::Refused(Refusal::SignIn(
                app::auth::Refusal::WrongCredentials
            )))
        );
    }
    // Even the right password waits now: the guesser learns nothing more.
    match sign_in("admin@contoso.example", PASSWORD).await {
        Err(AppError::Refused(Refusal::SignIn(app::auth::Refusal::TooManyAttempts {
            minutes,
        }))) => assert!((1..=15).contains(&minutes), "{minutes}"),
        other => panic!("expected a lock, got {other:?}"),
    }
    // Another account from the same address still signs in.
    app.sign_in_as("admin@fabrikam.example").await;
}

#[tokio::test]
async fn guesses_sent_at_once_are_checked_no_more_than_the_limit_allows() {
    let app = TestApp::spawn().await;
    let guesses = futures_util::future::join_all((0..30).map(|i| {
        let visitor = app.visitor();
        async move {
            let guess = format!("guess-{i}");
            visitor
                .run(common::sign_in("admin@contoso.example", &guess))
                .await
        }
    }))
    .await;
    let checked = guesses
        .iter()
        .filter(|r| {
            **r == Err(AppError::Refused(Refusal::SignIn(
                app::auth::Refusal::WrongCredentials,
            )))
        })
        .count();
    let throttled = guesses
        .iter()
        .filter(|r| {
            matches!(
                r,
                Err(AppError::Refused(Refusal::SignIn(
                    app::auth::Refusal::TooManyAttempts { .. }
                )))
            )
        })
        .count();
    assert_eq!(
        (checked, throttled),
        (10, 20),
        "of 30 guesses at once, only the allowed 10 may be checked: {guesses:?}"
    );
    // The right password waits for the window too.
    let right = app
        .visitor()
        .run(common::sign_in("admin@contoso.example", PASSWORD))
        .await;
    assert!(
        matches!(
            right,
            Err(AppError::Refused(Refusal::SignIn(
                app::auth::Refusal::TooManyAttempts { .. }
            )))
        ),
        "{right:?}"
    );
}

#[tokio::test]
async fn sessions_past_their_expiry_are_deleted_from_the_database() {
    let app = TestApp::spawn().await;
    app.sign_in_as("admin@contoso.example").await;
    app::db::query(
        "INSERT INTO sessions (id, data, expiry_date)
         SELECT 'long-expired', data, 1577836800 FROM sessions LIMIT 1",
    )
    .execute(&app.pool)
    .await
    .expect("an expired session");
    // A server sweeps them when it starts, and every hour after.
    let _restarted = app.restart().await;
    let mut left = 1;
    for _ in 0..100 {
        left = app
            .count("SELECT COUNT(*) FROM sessions WHERE id = 'long-expired'")
            .await;
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(left, 0, "the expired session is still there");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        1,
        "the live session stays"
    );
}
