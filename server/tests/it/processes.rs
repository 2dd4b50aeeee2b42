//! Two real `liaison` processes on one database, as behind a load balancer:
//! what one process does, the other sees at once, because nothing a request
//! needs lives in a process's memory. The test command runs it on SQLite
//! (two processes on one file) and on PostgreSQL.
use app::auth::{SignOut, Whoami};
use app::error::{AppError, Refusal};
use futures_util::future::join_all;

use crate::common::{self, PASSWORD, Process, accept};

/// Two processes on a fresh database with the demo data. The first one
/// seeds it and migrates; the second starts on what the first wrote.
async fn two_processes(dir: &tempfile::TempDir) -> (Process, Process, String) {
    let db_url = common::fresh_database(dir.path()).await;
    let site_root = dir.path().join("site").display().to_string();
    let one = Process::start(&db_url, &site_root).await;
    let two = Process::start(&db_url, &site_root).await;
    (one, two, db_url)
}

#[tokio::test]
async fn a_session_begun_on_one_process_is_used_and_ended_on_the_other() {
    let dir = tempfile::tempdir().expect("directory");
    let (one, two, _) = two_processes(&dir).await;
    let on_one = one.browser();
    on_one
        .run(common::sign_in("admin@contoso.example", PASSWORD))
        .await
        .expect("signed in on the first process");
    let on_two = on_one.at(&two.base);
    let user = on_two.run(Whoami {}).await.expect("whoami on the second");
    assert_eq!(
        user.map(|u| u.email),
        Some("admin@contoso.example".to_string()),
        "the second process knows the session the first one began"
    );
    let (status, _, _) = on_two.page("/partner/customers").await;
    assert_eq!(status, reqwest::StatusCode::OK);

    // Signed out on the second: the first refuses the session at once.
    on_two.run(SignOut {}).await.expect("signed out");
    assert_eq!(on_one.run(Whoami {}).await, Ok(None));
    let (status, location, _) = on_one.page("/partner/customers").await;
    assert!(status.is_redirection(), "{status}");
    assert!(location.unwrap_or_default().starts_with("/login"));
}

#[tokio::test]
async fn failed_sign_ins_are_counted_across_processes() {
    let dir = tempfile::tempdir().expect("directory");
    let (one, two, _) = two_processes(&dir).await;
    let browsers = [one.browser(), two.browser()];
    // Ten guesses, every other one on the other process.
    for guess in 0..10 {
        assert_eq!(
            browsers[guess % 2]
                .run(common::sign_in("admin@contoso.example", "guess"))
                .await,
            Err(AppError::Refused(Refusal::SignIn(
                app::auth::Refusal::WrongCredentials
            ))),
            "guess {guess}"
        );
    }
    // Both now refuse even the right password.
    for browser in &browsers {
        match browser
            .run(common::sign_in("admin@contoso.example", PASSWORD))
            .await
        {
            Err(AppError::Refused(Refusal::SignIn(app::auth::Refusal::TooManyAttempts {
                ..
            }))) => {}
            other => panic!("expected a lock on {}, got {other:?}", browser.base),
        }
    }
}

#[tokio::test]
async fn two_hundred_acceptances_split_over_two_processes_make_one_relationship() {
    let dir = tempfile::tempdir().expect("directory");
    let (one, two, db_url) = two_processes(&dir).await;
    let partner = one.browser();
    partner
        .run(common::sign_in("admin@contoso.example", PASSWORD))
        .await
        .expect("partner signed in");
    let link = partner
        .run(app::invitations::LoadInvitation {})
        .await
        .expect("invitation")
        .link_with_dap;
    let code = link.rsplit('/').next().expect("code").to_string();
    let fatima = two.browser();
    fatima
        .run(common::sign_in("admin@fabrikam.example", PASSWORD))
        .await
        .expect("customer signed in");
    let on = [fatima.at(&one.base), fatima.at(&two.base)];
    let outcomes = join_all((0..200).map(|i| on[i % 2].run(accept(&code)))).await;
    assert_eq!(
        crate::common::created_and_unchanged(&outcomes),
        (1, 199),
        "{outcomes:?}"
    );

    let pool = common::connect(&db_url).await;
    let count = |sql: &'static str| common::count_in(&pool, sql);
    assert_eq!(count("SELECT COUNT(*) FROM relationships").await, 1);
    assert_eq!(
        count("SELECT COUNT(*) FROM role_grants WHERE state = 'active'").await,
        count("SELECT COUNT(*) FROM roles WHERE NOT high_risk").await
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM audit_events WHERE action = 'relationship_created'").await,
        1
    );
}

#[tokio::test]
async fn an_agent_deactivated_on_one_process_is_signed_out_on_the_other_at_once() {
    let dir = tempfile::tempdir().expect("directory");
    let (one, two, db_url) = two_processes(&dir).await;
    let sales_on_two = two.browser();
    sales_on_two
        .run(common::sign_in("sales@contoso.example", PASSWORD))
        .await
        .expect("signed in on the second process");
    let admin_on_one = one.browser();
    admin_on_one
        .run(common::sign_in("admin@contoso.example", PASSWORD))
        .await
        .expect("signed in on the first process");
    let pool = common::connect(&db_url).await;
    let sales: String =
        app::db::query_scalar("SELECT id FROM users WHERE email = 'sales@contoso.example'")
            .fetch_one(&pool)
            .await
            .expect("sales agent");
    admin_on_one
        .run(app::accounts::DeactivateMember { user: sales })
        .await
        .expect("deactivated on the first process");
    assert_eq!(
        sales_on_two.run(Whoami {}).await,
        Ok(None),
        "the second process ends the session at once"
    );
}

#[tokio::test]
async fn the_open_customer_list_hears_of_an_acceptance_served_by_the_other_process() {
    let dir = tempfile::tempdir().expect("directory");
    let (one, two, _) = two_processes(&dir).await;
    let contoso = one.browser();
    contoso
        .run(common::sign_in("admin@contoso.example", PASSWORD))
        .await
        .expect("signed in");
    // Only partners get the stream.
    let visitor = one.browser();
    let refused = visitor
        .client
        .get(format!("{}/partner/events", one.base))
        .send()
        .await
        .expect("request");
    assert_eq!(refused.status(), reqwest::StatusCode::UNAUTHORIZED);

    let mut stream = contoso
        .client
        .get(format!("{}/partner/events", one.base))
        .timeout(std::time::Duration::from_secs(60))
        .send()
        .await
        .expect("the stream opens");
    assert_eq!(stream.status(), reqwest::StatusCode::OK);
    assert_eq!(
        stream
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/event-stream")
    );
    let code = {
        let page = contoso
            .run(app::invitations::LoadInvitation {})
            .await
            .expect("link");
        page.link_with_dap
            .rsplit('/')
            .next()
            .expect("code")
            .to_string()
    };
    let tailspin = two.browser();
    tailspin
        .run(common::sign_in("admin@tailspin.example", PASSWORD))
        .await
        .expect("signed in");
    tailspin.run(accept(&code)).await.expect("accepted");

    let mut heard = String::new();
    let started = std::time::Instant::now();
    while !heard.contains("event: changed") {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "heard only {heard:?}"
        );
        match tokio::time::timeout(std::time::Duration::from_secs(20), stream.chunk()).await {
            Ok(Ok(Some(chunk))) => heard.push_str(&String::from_utf8_lossy(&chunk)),
            other => panic!("the stream ended: {other:?} after {heard:?}"),
        }
    }
}
