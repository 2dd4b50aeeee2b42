//! Many requests at once: the same link accepted 200 times, a thousand
//! customers accepting together, and privileges removed and restored in a
//! race. Every outcome is consistent and every change is in the audit log.
use app::consent::AcceptOutcome;
use app::error::AppError;
use app::relationships::{Removal, RemoveDap};
use futures_util::future::join_all;
use futures_util::stream::{self, StreamExt};

use crate::common::{PASSWORD, TestApp, accept};

#[tokio::test]
async fn two_hundred_acceptances_of_one_link_by_one_administrator_make_one_relationship() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    let outcomes = join_all((0..200).map(|_| fatima.run(accept(&code)))).await;
    assert_eq!(
        crate::common::created_and_unchanged(&outcomes),
        (1, 199),
        "{outcomes:?}"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 1);
    // Each role of the default ask, granted once.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM role_grants WHERE state = 'active'")
            .await,
        app.count("SELECT COUNT(*) FROM roles WHERE NOT high_risk")
            .await
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'relationship_created'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_thousand_customers_accepting_at_once_are_all_recorded() {
    const CUSTOMERS: usize = 1000;
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    // A thousand customer organizations, each with an administrator whose
    // password is the demo one.
    app::scale::customers_with_admins(
        &app.pool,
        &app.clock,
        "load-",
        CUSTOMERS,
        &app.password_hash().await,
    )
    .await
    .expect("customers");

    // Each signs in in a browser of its own (a few at a time: it is argon2)...
    let admins: Vec<_> = stream::iter(0..CUSTOMERS)
        .map(|i| {
            let actor = app.visitor();
            async move {
                let email = format!("admin@load-{i}.example");
                let (status, body) = actor
                    .call_raw("sign_in", &[("email", &email), ("password", PASSWORD)])
                    .await;
                assert!(
                    status.is_success() || status.is_redirection(),
                    "{email}: {body}"
                );
                actor
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    // ...then all accept at the same moment.
    let outcomes = join_all(admins.iter().map(|admin| admin.run(accept(&code)))).await;
    let failures: Vec<_> = outcomes
        .iter()
        .filter(|o| **o != Ok(AcceptOutcome::Created))
        .collect();
    assert!(
        failures.is_empty(),
        "{} failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM relationships WHERE customer_id LIKE 'load-%'")
            .await,
        CUSTOMERS as i64
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM role_grants").await,
        CUSTOMERS as i64
            * app
                .count("SELECT COUNT(*) FROM roles WHERE NOT high_risk")
                .await
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'relationship_created'")
            .await,
        CUSTOMERS as i64
    );
}

#[tokio::test]
async fn removing_and_restoring_privileges_in_a_race_ends_consistent_and_fully_audited() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let fatima = app.accepts("admin@fabrikam.example", "contoso", true).await;
    // A second browser of the same administrator, so both sides really run at once.
    let other_tab = app.sign_in_as("admin@fabrikam.example").await;

    enum Did {
        Removed(Result<Removal, AppError>),
        Accepted(Result<AcceptOutcome, AppError>),
    }
    let calls = (0..60).map(|i| {
        let (fatima, other_tab, code) = (&fatima, &other_tab, code.as_str());
        async move {
            if i % 2 == 0 {
                Did::Removed(
                    fatima
                        .run(RemoveDap {
                            partner: "contoso".into(),
                            service: Some(String::new()),
                        })
                        .await,
                )
            } else {
                Did::Accepted(other_tab.run(accept(code)).await)
            }
        }
    });
    let results = join_all(calls).await;
    let mut removals = 0;
    let mut restorations = 0;
    for result in &results {
        match result {
            Did::Removed(Ok(removal)) if !removal.services.is_empty() => removals += 1,
            Did::Removed(Ok(_)) => {}
            Did::Accepted(Ok(AcceptOutcome::Restored)) => restorations += 1,
            Did::Accepted(Ok(AcceptOutcome::Unchanged)) => {}
            Did::Removed(Err(e)) => panic!("removal failed: {e:?}"),
            Did::Accepted(other) => panic!("acceptance: {other:?}"),
        }
    }
    println!("race: {removals} removals and {restorations} restorations took effect");
    assert!(removals >= 1, "the first removal always removes");
    // Each change that happened is in the log once, in the order it happened.
    let events: Vec<String> = app::db::query_scalar(
        "SELECT action FROM audit_events WHERE action IN ('dap_removed', 'dap_restored')
         ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("events");
    assert_eq!(
        events.iter().filter(|e| *e == "dap_removed").count(),
        removals
    );
    assert_eq!(
        events.iter().filter(|e| *e == "dap_restored").count(),
        restorations
    );
    for pair in events.windows(2) {
        assert_ne!(
            pair[0], pair[1],
            "two identical changes in a row: {events:?}"
        );
    }
    assert_eq!(events.first().map(String::as_str), Some("dap_removed"));
    // Every service is in the state of the last change, never a mix.
    let states: Vec<String> = app::db::query_scalar("SELECT DISTINCT state FROM role_grants")
        .fetch_all(&app.pool)
        .await
        .expect("states");
    let last = events.last().map(String::as_str);
    let expected = if last == Some("dap_removed") {
        "removed"
    } else {
        "active"
    };
    assert_eq!(states, vec![expected.to_string()], "{events:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_rendered_at_once_all_render() {
    // Under load the server read the document title after the page's
    // reactive owner was gone, and panicked (a 500 with no page).
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    for _ in 0..5 {
        let pages = join_all((0..64).map(|_| alex.page("/partner/customers"))).await;
        for (status, _, html) in pages {
            assert_eq!(status, reqwest::StatusCode::OK);
            assert!(
                html.contains("<title>Customers · Liaison</title>"),
                "{html}"
            );
        }
    }
}
