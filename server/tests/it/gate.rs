//! The one gate of everything a signed-in user does (signed in, active,
//! address verified, two-step verification set up when required), walked
//! over every route of the router rather than a list kept by hand.
use crate::common::*;
use app::accounts::RequireTwoStep;
use reqwest::StatusCode;

/// Pages anyone may open, and the account page, where two-step
/// verification is set up: they answer a member whose two-step
/// verification is due.
const OPEN_TO_EVERYONE: &[&str] = &[
    "/",
    "/account",
    "/login",
    "/login/code",
    "/login/forgot",
    "/login/new-password",
    "/password/{token}",
    "/invitations/{code}",
    "/verify/{token}",
];

#[tokio::test]
async fn every_route_that_reads_a_session_refuses_a_member_whose_two_step_verification_is_due() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let admin = app.sign_in_as("admin@contoso.example").await;
    let sales = app.sign_in_as("sales@contoso.example").await;
    // Before: the sales agent downloads the invoice and follows the list.
    let (status, _, _) = sales.download("/partner/billing/invoice.csv").await;
    assert_eq!(status, StatusCode::OK);
    admin
        .run(RequireTwoStep {
            required: Some("on".into()),
            current_password: None,
        })
        .await
        .expect("required");

    let (walked, open) = routes_not_held(&sales, &code, OPEN_TO_EVERYONE, "/account").await;
    assert!(walked >= 20, "{walked}");
    assert!(
        open.is_empty(),
        "routes that answer a member whose two-step verification is due:\n{}",
        open.join("\n")
    );
}

#[test]
fn no_slug_can_take_the_name_of_a_page_beside_an_organizations_own() {
    // Every static segment beside a `{customer}` segment of the router
    // (`/partner/customers/request-relationship` beside
    // `/partner/customers/{customer}`) is a reserved slug.
    let routes: Vec<Vec<String>> = server::route_list()
        .iter()
        .map(|route| route.path().split('/').map(str::to_string).collect())
        .collect();
    let mut beside = Vec::new();
    for route in &routes {
        for (i, segment) in route.iter().enumerate() {
            if segment != "{customer}" {
                continue;
            }
            for other in &routes {
                if other.len() > i && other[..i] == route[..i] && !other[i].starts_with('{') {
                    beside.push(other[i].clone());
                }
            }
        }
    }
    assert!(beside.contains(&"request-relationship".to_string()));
    for name in beside {
        assert!(
            app::accounts::domain::RESERVED_SLUGS.contains(&name.as_str()),
            "{name} is a page beside an organization's: reserve it"
        );
        assert_ne!(
            app::accounts::domain::slug_of(&name.replace('-', " ")),
            name
        );
    }
}

#[tokio::test]
async fn a_customer_named_after_a_page_gets_a_slug_of_its_own() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    app.visitor()
        .run(app::accounts::SignUp {
            code: code.clone(),
            organization_name: "Request Relationship".into(),
            your_name: "Pat Admin".into(),
            email: "pat@request.example".into(),
            password: "plum-orbit-canvas-42".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        app.text("SELECT slug FROM organizations WHERE name = 'Request Relationship'")
            .await,
        "request-relationship-org"
    );
}

#[tokio::test]
async fn migration_9_renames_slugs_named_after_pages_and_unclaims_unverified_sign_ups() {
    let dir = tempfile::tempdir().expect("dir");
    let url = fresh_database(dir.path()).await;
    if url.starts_with("sqlite://") {
        std::fs::File::create(url.trim_start_matches("sqlite://")).expect("file");
    }
    let mut migrator = match engine() {
        app::db::Engine::Sqlite => sqlx::migrate!("../migrations/sqlite"),
        app::db::Engine::Postgres => sqlx::migrate!("../migrations/postgres"),
    };
    // A database of the last release: up to migration 8.
    migrator.migrations = std::borrow::Cow::Owned(
        migrator
            .migrations
            .iter()
            .filter(|m| m.version < 9)
            .cloned()
            .collect(),
    );
    {
        let pool = unmigrated(&url).await;
        run_migrator(&migrator, &pool).await;
        for statement in [
            "INSERT INTO organizations (id, slug, name, kind, cloud_id, verified_domain, created_at)
             VALUES ('o1', 'request-relationship', 'Request Relationship', 'customer', 'global',
                     'request.example', '2026-01-01T00:00:00Z'),
                    ('o2', 'mallory', 'Mallory', 'customer', 'global',
                     'victim.example', '2026-01-01T00:00:00Z'),
                    ('o3', 'owner', 'Owner', 'customer', 'global',
                     'owner.example', '2026-01-01T00:00:00Z')",
            "INSERT INTO users (id, organization_id, email, display_name, role, password_hash,
                                created_at, email_unverified)
             VALUES ('u1', 'o1', 'a@request.example', 'A', 'customer_admin', 'x',
                     '2026-01-01T00:00:00Z', FALSE),
                    ('u2', 'o2', 'mallory@victim.example', 'M', 'customer_admin', 'x',
                     '2026-01-01T00:00:00Z', TRUE),
                    ('u3', 'o3', 'o@owner.example', 'O', 'customer_admin', 'x',
                     '2026-01-01T00:00:00Z', FALSE),
                    ('u4', 'o2', 'ceo@victim.example', 'C', 'customer_user', '',
                     '2026-01-01T00:00:00Z', FALSE)",
            // The sign-up was logged, as it was then.
            "INSERT INTO audit_events (id, occurred_at, action, actor_user_id, actor_email,
                                       actor_org_id, customer_id, details, ip_address)
             VALUES ('e1', '2026-01-01T00:00:00Z', 'organization_signed_up', 'u2',
                     'mallory@victim.example', 'o2', 'o2', 'Mallory (victim.example)', '::1')",
        ] {
            app::db::query(statement)
                .execute(&pool)
                .await
                .expect(statement);
        }
        pool.close().await;
    }
    let pool = connect(&url).await;
    let slug: String = app::db::query_scalar("SELECT slug FROM organizations WHERE id = 'o1'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(slug.starts_with("request-relationship-"), "{slug}");
    let domains: Vec<(String, Option<String>, Option<String>)> = app::db::query_as(
        "SELECT id, verified_domain, pending_domain FROM organizations ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        domains,
        vec![
            ("o1".into(), Some("request.example".into()), None),
            ("o2".into(), None, Some("victim.example".into())),
            ("o3".into(), Some("owner.example".into()), None),
        ]
    );
    // Never verified, it is deleted with its people and what names it.
    let now = app::db::Clock::default().now_ms();
    assert_eq!(
        app::accounts::store::forget_unverified_sign_ups(&pool, now).await,
        Ok(1)
    );
    let left: i64 = app::db::query_scalar(
        "SELECT (SELECT COUNT(*) FROM organizations WHERE id = 'o2')
              + (SELECT COUNT(*) FROM users WHERE organization_id = 'o2')
              + (SELECT COUNT(*) FROM audit_events WHERE actor_org_id = 'o2')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
}

/// Server functions anyone may call, or that set two-step verification
/// up (or sign out): they answer a member whose two-step verification is due.
const FUNCTIONS_OPEN_TO_EVERYONE: &[&str] = &[
    "whoami",
    "sign_in",
    "load_consent",
    "password_link_info",
    "set_password",
    "request_password_reset",
    "sign_in_code_pending",
    "verify_sign_in_code",
    // Refuses everyone but a user whose password someone else set, who
    // replaces it before anything else (two-step set-up included).
    "replace_temporary_password",
    "sign_up",
    "account_page",
    "change_password",
    "begin_two_step",
    "pending_two_step",
    "turn_on_two_step",
    "sign_out_everywhere",
    "sign_out",
];

#[tokio::test]
async fn every_server_function_refuses_a_member_whose_two_step_verification_is_due() {
    use crate::matrix::{ACTORS, FUNCTIONS, World};
    let world = World::new().await;
    // The advisor admin agent (Adatum's), required to set it up, has not.
    let agent = ACTORS
        .iter()
        .position(|(_, email)| *email == Some("admin@adatum.example"))
        .expect("an actor");
    let member = world.app.sign_in_as("admin@adatum.example").await;
    app::db::query("UPDATE organizations SET require_two_step = TRUE WHERE slug = 'adatum'")
        .execute(&world.app.pool)
        .await
        .expect("required");
    let mut open = Vec::new();
    for (function, _) in FUNCTIONS {
        if FUNCTIONS_OPEN_TO_EVERYONE.contains(function) {
            continue;
        }
        let args = world.arguments(function, agent).await;
        let form: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (status, body) = member.call_raw(function, &form).await;
        if !(status == StatusCode::FORBIDDEN && body.contains("TwoStepRequired")) {
            open.push(format!("{function}: {status} {body}"));
        }
    }
    assert!(
        open.is_empty(),
        "server functions that answer a member whose two-step verification is due:\n{}",
        open.join("\n")
    );
}
