//! The customer's side of a relationship over real HTTP: reviewing partners,
//! removing and restoring delegated admin privileges (R6, R8, R10), acting on
//! the customer's behalf with them and only with them, and the audit log (R12).

use crate::common::{Actor, TestApp, accept, from_role};
use app::audit::{AuditPage, Detail, ReadAuditLog, RolesDetail};
use app::auth::Whoami;
use app::consent::AcceptOutcome;
use app::customers::PartnerCustomers;
use app::delegated::{
    CreateCustomerUser, CustomerUser, CustomerUsers, NewPassword, Refusal as DelegatedRefusal,
    ResetCustomerPassword,
};
use app::error::{AppError, Invalid, Refusal};
use app::input::Field;
use app::relationships::{
    GrantState, PartnerRelationship, PartnerRelationships, Refusal as RelRefusal, Removal,
    RemoveDap,
};
use reqwest::StatusCode;

fn delegated(refusal: DelegatedRefusal) -> AppError {
    AppError::Refused(Refusal::Delegated(refusal))
}

/// Fabrikam accepts Contoso's link (with privileges); returns Fabrikam's admin.
async fn fabrikam_accepts(app: &TestApp, partner: &str, include_dap: bool) -> Actor {
    let code = app.link_code(partner, include_dap).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    let outcome = fatima.run(accept(&code)).await.expect("accepted");
    assert_ne!(outcome, AcceptOutcome::Unchanged);
    fatima
}

async fn partners(actor: &Actor) -> Result<Vec<PartnerRelationship>, AppError> {
    actor.run(PartnerRelationships {}).await
}

async fn remove(actor: &Actor, partner: &str, service: &str) -> Result<Removal, AppError> {
    actor
        .run(RemoveDap {
            partner: partner.into(),
            service: Some(service.into()),
        })
        .await
}

async fn users(actor: &Actor, customer: &str) -> Result<Vec<CustomerUser>, AppError> {
    actor
        .run(CustomerUsers {
            customer: customer.into(),
        })
        .await
        .map(|directory| directory.users)
}

async fn create_user(actor: &Actor, name: &str, email: &str) -> Result<NewPassword, AppError> {
    actor
        .run(CreateCustomerUser {
            customer: "fabrikam".into(),
            display_name: name.into(),
            email: email.into(),
        })
        .await
}

/// The audit log's arguments with no filter; `..unfiltered()` completes others.
fn unfiltered() -> ReadAuditLog {
    ReadAuditLog {
        customer: None,
        action: None,
        from: None,
        to: None,
        before: None,
    }
}

async fn audit(actor: &Actor, filters: ReadAuditLog) -> AuditPage {
    actor.run(filters).await.expect("audit log")
}

fn actions(page: &AuditPage) -> Vec<&str> {
    page.entries.iter().map(|e| e.action.as_str()).collect()
}

#[tokio::test]
async fn the_customer_sees_every_partner_with_its_privileges_per_service() {
    let app = TestApp::spawn().await;
    let fatima = fabrikam_accepts(&app, "contoso", true).await;
    fabrikam_accepts(&app, "northwind", false).await;

    let list = partners(&fatima).await.expect("partners");
    let names: Vec<&str> = list.iter().map(|p| p.partner_name.as_str()).collect();
    assert_eq!(names, ["Contoso", "Northwind Traders"]);
    let contoso = &list[0];
    assert_eq!(contoso.partner_number, "4912345");
    let services: Vec<&str> = contoso.grants.iter().map(|g| g.service.as_str()).collect();
    assert_eq!(services, ["Microsoft 365", "Azure", "Dynamics 365"]);
    assert!(contoso.grants.iter().all(|g| g.state == GrantState::Active));
    assert!(
        list[1]
            .grants
            .iter()
            .all(|g| g.state == GrantState::NotGranted)
    );

    // Tailspin has no partner, and sees none of Fabrikam's.
    let tom = app.sign_in_as("admin@tailspin.example").await;
    assert_eq!(partners(&tom).await, Ok(vec![]));
}

#[tokio::test]
async fn removing_privileges_keeps_the_relationship_and_blocks_administration_until_restored() {
    let app = TestApp::spawn().await;
    let fatima = fabrikam_accepts(&app, "contoso", true).await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    assert_eq!(users(&alex, "fabrikam").await.expect("users").len(), 2);

    let removal = remove(&fatima, "contoso", "").await.expect("removed");
    assert_eq!(removal.services, ["Microsoft 365", "Azure", "Dynamics 365"]);
    // The relationship stays: Contoso still lists Fabrikam, marked.
    let list = alex
        .run(PartnerCustomers {
            after: None,
            search: None,
        })
        .await
        .expect("list");
    assert_eq!(list.rows.len(), 1);
    assert_eq!(list.rows[0].dap, app::customers::DapState::Removed);
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 1);

    // Every action on the customer's behalf is refused, saying why.
    assert_eq!(
        users(&alex, "fabrikam").await,
        Err(delegated(DelegatedRefusal::DapRemoved))
    );
    assert_eq!(
        create_user(&alex, "Nina", "nina@fabrikam.example").await,
        Err(delegated(DelegatedRefusal::DapRemoved))
    );
    let felix: String =
        app::db::query_scalar("SELECT id FROM users WHERE email = 'user@fabrikam.example'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let reset = alex
        .run(ResetCustomerPassword {
            customer: "fabrikam".into(),
            user: felix,
        })
        .await;
    assert_eq!(reset, Err(delegated(DelegatedRefusal::DapRemoved)));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'nina@fabrikam.example'")
            .await,
        0
    );

    // Removing again changes nothing and records nothing.
    assert!(
        remove(&fatima, "contoso", "")
            .await
            .expect("again")
            .services
            .is_empty()
    );

    // R10: accepting the link again restores them.
    let code = app.link_code("contoso", true).await;
    let outcome = fatima.run(accept(&code)).await.expect("restored");
    assert_eq!(outcome, AcceptOutcome::Restored);
    assert_eq!(users(&alex, "fabrikam").await.expect("users").len(), 2);

    // Both sides read both events.
    let log = audit(&fatima, unfiltered()).await;
    assert_eq!(
        actions(&log),
        [
            "dap_restored",
            "dap_removed",
            "dap_granted",
            "relationship_created"
        ]
    );
    let partner_log = audit(
        &alex,
        ReadAuditLog {
            customer: Some("fabrikam".into()),
            ..unfiltered()
        },
    )
    .await;
    assert_eq!(actions(&partner_log), actions(&log));
    assert_eq!(log.entries[1].actor_email, "admin@fabrikam.example");
    {
        use app::role::ServiceRole::*;
        assert_eq!(
            log.entries[1].details,
            Detail::Roles(RolesDetail::of(&[
                UserAdministrator,
                HelpdeskAdministrator,
                LicenseAdministrator,
                SecurityReader,
                Contributor,
                Reader,
                DynamicsAdministrator,
                DynamicsReader
            ]))
        );
    }
}

#[tokio::test]
async fn removing_one_service_leaves_the_others() {
    let app = TestApp::spawn().await;
    let fatima = fabrikam_accepts(&app, "contoso", true).await;
    let alex = app.sign_in_as("admin@contoso.example").await;

    let removal = remove(&fatima, "contoso", "azure").await.expect("removed");
    assert_eq!(removal.services, ["Azure"]);
    let grants = &partners(&fatima).await.unwrap()[0].grants;
    let states: Vec<GrantState> = grants.iter().map(|g| g.state).collect();
    assert_eq!(
        states,
        [GrantState::Active, GrantState::Removed, GrantState::Active]
    );
    // Users live in Microsoft 365, whose privileges remain.
    assert!(users(&alex, "fabrikam").await.is_ok());

    remove(&fatima, "contoso", "microsoft-365")
        .await
        .expect("removed");
    assert_eq!(
        users(&alex, "fabrikam").await,
        Err(delegated(DelegatedRefusal::DapRemoved))
    );
    assert_eq!(
        remove(&fatima, "contoso", "'; DROP TABLE dap_grants; --").await,
        Err(AppError::Invalid(Invalid::Malformed(Field::Service)))
    );
}

#[tokio::test]
async fn only_the_customers_administrator_removes_privileges() {
    let app = TestApp::spawn().await;
    fabrikam_accepts(&app, "contoso", true).await;
    let felix = app.sign_in_as("user@fabrikam.example").await;
    assert_eq!(
        remove(&felix, "contoso", "").await,
        Err(AppError::Refused(Refusal::Relationships(
            RelRefusal::OnlyCustomerAdmins
        )))
    );
    assert_eq!(
        partners(&felix).await,
        Err(AppError::Refused(Refusal::Relationships(
            RelRefusal::OnlyCustomerAdmins
        )))
    );
    for email in [
        "admin@contoso.example",
        "admin@northwind.example",
        "operator@liaison.example",
    ] {
        let actor = app.sign_in_as(email).await;
        assert_eq!(
            remove(&actor, "contoso", "").await,
            Err(AppError::NotAllowed),
            "{email}"
        );
    }
    assert_eq!(
        remove(&app.visitor(), "contoso", "").await,
        Err(AppError::NotSignedIn)
    );
    // Another customer's administrator cannot touch Fabrikam's relationship.
    let tom = app.sign_in_as("admin@tailspin.example").await;
    assert_eq!(remove(&tom, "contoso", "").await, Err(AppError::NotFound));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM role_grants WHERE state = 'active'")
            .await,
        8
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'dap_removed'")
            .await,
        0
    );
}

#[tokio::test]
async fn an_admin_agent_with_privileges_manages_the_customers_users() {
    let app = TestApp::spawn().await;
    let fatima = fabrikam_accepts(&app, "contoso", true).await;
    let alex = app.sign_in_as("admin@contoso.example").await;

    let created = create_user(&alex, "Nina Fabrikam", " Nina@Fabrikam.example ")
        .await
        .expect("created");
    assert_eq!(created.email, "nina@fabrikam.example");
    assert_eq!(created.password.len(), 20);
    // The new user signs in with the password shown once.
    let nina = app.visitor();
    let (status, _) = nina
        .call_raw(
            "sign_in",
            &[
                ("email", "nina@fabrikam.example"),
                ("password", &created.password),
            ],
        )
        .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let whoami = nina.run(Whoami {}).await.expect("whoami");
    assert!(whoami.is_some());
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM users u JOIN organizations o ON o.id = u.organization_id
             WHERE u.email = 'nina@fabrikam.example' AND o.slug = 'fabrikam' AND u.role = 'customer_user'"
        )
        .await,
        1
    );

    let list = users(&alex, "fabrikam").await.expect("users");
    assert_eq!(list.len(), 3);
    let nina_id = list
        .iter()
        .find(|u| u.email == "nina@fabrikam.example")
        .map(|u| u.id.clone())
        .unwrap();
    let reset = alex
        .run(ResetCustomerPassword {
            customer: "fabrikam".into(),
            user: nina_id,
        })
        .await
        .expect("reset");
    assert_ne!(reset.password, created.password);
    // Whoever was signed in with the old password is signed out.
    let whoami = nina.run(Whoami {}).await.expect("whoami");
    assert_eq!(whoami, None);
    let nina = app.visitor();
    let (status, _) = nina
        .call_raw(
            "sign_in",
            &[
                ("email", "nina@fabrikam.example"),
                ("password", &reset.password),
            ],
        )
        .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let whoami = nina.run(Whoami {}).await.expect("whoami");
    assert_eq!(
        whoami.map(|u| u.email).as_deref(),
        Some("nina@fabrikam.example")
    );

    // Never the administrator's password, never another organization's user.
    let admin_id = list.iter().find(|u| u.admin).map(|u| u.id.clone()).unwrap();
    let refused = alex
        .run(ResetCustomerPassword {
            customer: "fabrikam".into(),
            user: admin_id,
        })
        .await;
    assert_eq!(
        refused,
        Err(delegated(DelegatedRefusal::AdministratorAccount))
    );
    let tom_id: String =
        app::db::query_scalar("SELECT id FROM users WHERE email = 'admin@tailspin.example'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let refused = alex
        .run(ResetCustomerPassword {
            customer: "fabrikam".into(),
            user: tom_id,
        })
        .await;
    assert_eq!(refused, Err(AppError::NotFound));

    // Taken, malformed and missing input.
    assert_eq!(
        create_user(&alex, "Again", "user@fabrikam.example").await,
        Err(delegated(DelegatedRefusal::EmailTaken))
    );
    assert_eq!(
        create_user(&alex, "Bad", "not-an-email").await,
        Err(AppError::Invalid(Invalid::Malformed(Field::Email)))
    );
    assert_eq!(
        create_user(&alex, "   ", "x@fabrikam.example").await,
        Err(AppError::Invalid(Invalid::Missing(Field::DisplayName)))
    );
    assert_eq!(
        create_user(&alex, &"n".repeat(101), "x@fabrikam.example").await,
        Err(AppError::Invalid(Invalid::TooLong {
            field: Field::DisplayName,
            max: 100
        }))
    );

    let log = audit(
        &fatima,
        ReadAuditLog {
            action: Some("user_created".into()),
            ..unfiltered()
        },
    )
    .await;
    assert_eq!(log.entries.len(), 1);
    assert_eq!(log.entries[0].actor_email, "admin@contoso.example");
    assert_eq!(
        log.entries[0].details,
        Detail::text("nina@fabrikam.example")
    );
    assert_eq!(
        actions(
            &audit(
                &fatima,
                ReadAuditLog {
                    action: Some("user_password_reset".into()),
                    ..unfiltered()
                },
            )
            .await
        ),
        ["user_password_reset"]
    );
}

#[tokio::test]
async fn sales_helpdesk_other_partners_and_customers_cannot_act_on_the_customers_behalf() {
    let app = TestApp::spawn().await;
    let fatima = fabrikam_accepts(&app, "contoso", true).await;
    for email in ["sales@contoso.example", "helpdesk@contoso.example"] {
        let agent = app.sign_in_as(email).await;
        assert_eq!(
            users(&agent, "fabrikam").await,
            Err(delegated(DelegatedRefusal::OnlyAdminAgents)),
            "{email}"
        );
        assert_eq!(
            create_user(&agent, "Nina", "nina@fabrikam.example").await,
            Err(delegated(DelegatedRefusal::OnlyAdminAgents)),
            "{email}"
        );
    }
    // Northwind has no relationship with Fabrikam: the customer is "not found".
    let nora = app.sign_in_as("admin@northwind.example").await;
    assert_eq!(users(&nora, "fabrikam").await, Err(AppError::NotFound));
    assert_eq!(
        users(&nora, "no-such-customer").await,
        Err(AppError::NotFound)
    );
    assert_eq!(users(&fatima, "fabrikam").await, Err(AppError::NotAllowed));
    let operator = app.sign_in_as("operator@liaison.example").await;
    assert_eq!(
        users(&operator, "fabrikam").await,
        Err(AppError::NotAllowed)
    );
    assert_eq!(
        users(&app.visitor(), "fabrikam").await,
        Err(AppError::NotSignedIn)
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'nina@fabrikam.example'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_reseller_only_relationship_gives_no_administration() {
    let app = TestApp::spawn().await;
    fabrikam_accepts(&app, "contoso", false).await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    assert_eq!(
        users(&alex, "fabrikam").await,
        Err(delegated(DelegatedRefusal::DapNotGranted))
    );
}

#[tokio::test]
async fn removal_and_restoration_racing_end_consistent_with_one_event_per_change() {
    let app = TestApp::spawn().await;
    let fatima = std::sync::Arc::new(fabrikam_accepts(&app, "contoso", true).await);
    let code = std::sync::Arc::new(app.link_code("contoso", true).await);
    let mut tasks = Vec::new();
    for i in 0..20 {
        let fatima = fatima.clone();
        let code = code.clone();
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                remove(&fatima, "contoso", "").await.map(|_| ())
            } else {
                fatima.run(accept(&code)).await.map(|_| ())
            }
        }));
    }
    for task in tasks {
        task.await.expect("task").expect("no refusal");
    }
    // All three services share one fate: each change moved all of them.
    let active = app
        .count("SELECT COUNT(*) FROM role_grants WHERE state = 'active'")
        .await;
    assert!(active == 0 || active == 8, "{active}");
    let removed_events = app
        .count("SELECT COUNT(*) FROM audit_events WHERE action = 'dap_removed'")
        .await;
    let restored_events = app
        .count("SELECT COUNT(*) FROM audit_events WHERE action = 'dap_restored'")
        .await;
    // Changes alternate: every restoration follows a removal.
    assert!(removed_events >= 1);
    let expected_restored = if active == 8 {
        removed_events
    } else {
        removed_events - 1
    };
    assert_eq!(restored_events, expected_restored);
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 1);
}

#[tokio::test]
async fn the_audit_log_filters_pages_and_keeps_each_side_to_its_own_events() {
    let app = TestApp::spawn().await;
    let fatima = fabrikam_accepts(&app, "contoso", true).await;
    fabrikam_accepts(&app, "northwind", true).await;
    let code = app.link_code("contoso", true).await;
    for _ in 0..14 {
        remove(&fatima, "contoso", "").await.expect("removed");
        fatima.run(accept(&code)).await.expect("restored");
    }
    // 2 + 2 (relationships and grants) + 28 changes.
    let first = audit(&fatima, unfiltered()).await;
    assert_eq!(first.entries.len(), 25);
    let before = first.next.clone().expect("a second page");
    let second = audit(
        &fatima,
        ReadAuditLog {
            before: Some(before),
            ..unfiltered()
        },
    )
    .await;
    assert_eq!(second.entries.len(), 7);
    assert!(second.next.is_none());
    let mut ids: Vec<&str> = first
        .entries
        .iter()
        .chain(&second.entries)
        .map(|e| e.id.as_str())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted, "newest first");
    ids.dedup();
    assert_eq!(ids.len(), 32);

    let removed = audit(
        &fatima,
        ReadAuditLog {
            action: Some("dap_removed".into()),
            ..unfiltered()
        },
    )
    .await;
    assert_eq!(removed.entries.len(), 14);
    let today = app::db::Clock::default().now()[..10].to_string();
    assert_eq!(
        audit(
            &fatima,
            ReadAuditLog {
                from: Some(today.clone()),
                to: Some(today),
                ..unfiltered()
            },
        )
        .await
        .entries
        .len(),
        25
    );
    assert!(
        audit(
            &fatima,
            ReadAuditLog {
                to: Some("2000-01-01".into()),
                ..unfiltered()
            },
        )
        .await
        .entries
        .is_empty()
    );

    // Northwind reads only what happened between it and Fabrikam.
    let nora = app.sign_in_as("admin@northwind.example").await;
    let northwind = audit(
        &nora,
        ReadAuditLog {
            customer: Some("fabrikam".into()),
            ..unfiltered()
        },
    )
    .await;
    assert_eq!(actions(&northwind), ["dap_granted", "relationship_created"]);
    assert!(
        northwind
            .entries
            .iter()
            .all(|e| e.partner.as_deref() == Some("Northwind Traders"))
    );

    // Refusals and bad filters.
    let tom = app.sign_in_as("admin@tailspin.example").await;
    assert!(audit(&tom, unfiltered()).await.entries.is_empty());
    let refused = nora
        .run(ReadAuditLog {
            customer: Some("tailspin".into()),
            ..unfiltered()
        })
        .await;
    assert_eq!(refused, Err(AppError::NotFound));
    let felix = app.sign_in_as("user@fabrikam.example").await;
    let refused = felix.run(unfiltered()).await;
    assert_eq!(
        refused,
        Err(AppError::Refused(Refusal::Relationships(
            RelRefusal::OnlyCustomerAdmins
        )))
    );
    let refused = fatima
        .run(ReadAuditLog {
            action: Some("drop_tables".into()),
            ..unfiltered()
        })
        .await;
    assert_eq!(
        refused,
        Err(AppError::Invalid(Invalid::Malformed(Field::Action)))
    );
    let refused = fatima
        .run(ReadAuditLog {
            from: Some("2026-13-45".into()),
            ..unfiltered()
        })
        .await;
    assert_eq!(
        refused,
        Err(AppError::Invalid(Invalid::Malformed(Field::Date)))
    );
}

#[tokio::test]
async fn the_new_pages_guard_who_opens_them() {
    let app = TestApp::spawn().await;
    fabrikam_accepts(&app, "contoso", true).await;
    let (status, location, _) = app.visitor().page("/admin/partner-relationships").await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(
        location.as_deref(),
        Some("/login?next=/admin/partner-relationships")
    );
    let alex = app.sign_in_as("admin@contoso.example").await;
    let (status, _, _) = alex.page("/admin/partner-relationships").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, body) = alex.page("/partner/customers/fabrikam").await;
    assert_eq!(status, StatusCode::OK);
    for heading in [
        "Delegated admin privileges",
        "Users",
        "Subscriptions",
        "Support requests",
        "Audit log",
    ] {
        assert!(body.contains(heading), "{heading}");
    }
    let nora = app.sign_in_as("admin@northwind.example").await;
    let (status, _, _) = nora.page("/partner/customers/fabrikam").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    let (status, _, body) = fatima.page("/admin/partner-relationships").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Remove delegated admin privileges"));
    assert!(body.contains("Contoso Ltd."));
    let (status, _, _) = fatima.page("/operator/support-requests").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A refused section is not a refused page: the page is there, the section says why.
    let sam = app.sign_in_as("sales@contoso.example").await;
    let (status, _, body) = sam.page("/partner/customers/fabrikam").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Only admin agents manage"));
    remove(&fatima, "contoso", "").await.expect("removed");
    let (status, _, body) = alex.page("/partner/customers/fabrikam").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("role=\"alert\""));
    assert!(body.contains("removed your delegated admin privileges"));
}

/// The text of the temporary password shown on a page, if any.
fn shown_password(page: &str) -> Option<String> {
    let start = page.find("data-testid=\"new-password\"")?;
    let text = &page[start..];
    let text = &text[text.find('>')? + 1..];
    Some(text[..text.find('<')?].to_string())
}

#[tokio::test]
async fn a_user_added_with_a_plain_form_gets_a_password_shown_once_and_never_in_an_address() {
    let app = TestApp::spawn().await;
    fabrikam_accepts(&app, "contoso", true).await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    let page = "/partner/customers/fabrikam?open=user";
    let form = [
        ("customer", "fabrikam"),
        ("display_name", "Nina Fabrikam"),
        ("email", "nina@fabrikam.example"),
    ];
    let location = alex.post_form("create_customer_user", &form, page).await;
    assert_eq!(
        location,
        "/partner/customers/fabrikam?done=user-created#users-heading"
    );

    // The page it leads to shows the password, once, and no cache keeps it.
    let other_session = app.sign_in_as("admin@contoso.example").await;
    let (_, _, elsewhere) = other_session.page(&location).await;
    assert_eq!(
        shown_password(&elsewhere),
        None,
        "another session sees nothing"
    );
    let response = alex.page_response(&location).await;
    assert_eq!(
        response
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("private, no-store")
    );
    let shown = shown_password(&response.text().await.expect("body")).expect("a password");
    assert_eq!(shown.len(), 20);
    let nina = app.visitor();
    let (status, _) = nina
        .call_raw(
            "sign_in",
            &[("email", "nina@fabrikam.example"), ("password", &shown)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the password shown is the user's");
    let (_, _, again) = alex.page(&location).await;
    assert_eq!(shown_password(&again), None, "shown once");
    assert!(again.contains("was shown once and is not kept"));

    // A reset goes the same way, with a new password.
    let nina_id = app
        .text("SELECT id FROM users WHERE email = 'nina@fabrikam.example'")
        .await;
    let reset = [("customer", "fabrikam"), ("user", nina_id.as_str())];
    let location = alex
        .post_form(
            "reset_customer_password",
            &reset,
            "/partner/customers/fabrikam",
        )
        .await;
    assert!(location.contains("done=password-reset"), "{location}");
    let (_, _, page) = alex.page(&location).await;
    let reset_to = shown_password(&page).expect("a new password");
    assert_ne!(reset_to, shown);

    // A refusal comes back to the open form with the reason; nothing is kept.
    let location = alex
        .post_form(
            "create_customer_user",
            &form,
            "/partner/customers/fabrikam?open=user",
        )
        .await;
    assert!(
        location.starts_with("/partner/customers/fabrikam?open=user&__path="),
        "{location}"
    );
    let (_, _, page) = alex.page(&location).await;
    let alert = page.find("role=\"alert\"").expect("an alert");
    let form_at = page
        .find("name=\"display_name\"")
        .expect("the form is open again");
    assert!(alert < form_at, "the alert is in the form");
    assert_eq!(shown_password(&page), None);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'nina@fabrikam.example'")
            .await,
        1
    );
}

#[tokio::test]
async fn removing_privileges_with_a_plain_form_says_what_was_removed_and_nothing_else() {
    let app = TestApp::spawn().await;
    let fatima = fabrikam_accepts(&app, "contoso", true).await;
    let page = "/admin/partner-relationships";
    let form = [("partner", "contoso"), ("service", "azure")];
    let location = fatima.post_form("remove_dap", &form, page).await;
    assert_eq!(
        location,
        "/admin/partner-relationships?removed=contoso&services=azure#main"
    );
    let (_, _, shown) = fatima.page(&location).await;
    let said = from_role(&shown, "status").expect("a status");
    assert!(
        said.starts_with("role=\"status\" class=\"status stack\"><p>The delegated admin privileges of Contoso are removed for: Azure. The relationship stays."),
        "{}",
        &said[..200]
    );
    let grants = partners(&fatima).await.expect("partners")[0].grants.clone();
    let removed: Vec<_> = grants
        .iter()
        .filter(|g| g.state == GrantState::Removed)
        .map(|g| g.service.as_str())
        .collect();
    assert_eq!(removed, ["Azure"]);

    // An address written by someone else names only real partners and
    // their own services.
    let (_, _, shown) = fatima
        .page("/admin/partner-relationships?removed=contoso&services=azure,%3Cb%3Eall%3C%2Fb%3E")
        .await;
    assert!(shown.contains("are removed for: Azure. The relationship stays."));
    assert!(!shown.contains("&lt;b&gt;all") && !shown.contains("<b>all"));
    let (_, _, shown) = fatima
        .page("/admin/partner-relationships?removed=northwind&services=azure")
        .await;
    assert!(!shown.contains("role=\"status\""));

    // A refusal comes back as an alert; nothing changes.
    let user = app.sign_in_as("user@fabrikam.example").await;
    let all = [("partner", "contoso"), ("service", "")];
    let location = user.post_form("remove_dap", &all, page).await;
    assert!(location.contains("__err="), "{location}");
    let (_, _, shown) = user.page(&location).await;
    assert!(from_role(&shown, "alert").is_some(), "the refusal is said");
    let still = partners(&fatima).await.expect("partners")[0].grants.clone();
    assert_eq!(still, grants);
}

#[tokio::test]
async fn adding_a_user_reveals_nothing_about_other_organizations_accounts() {
    let app = TestApp::spawn().await;
    fabrikam_accepts(&app, "contoso", true).await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    // An account of another organization and an address nobody uses are
    // refused alike: only the customer's own domains take new users.
    for email in [
        "admin@tailspin.example",
        "nobody@tailspin.example",
        "admin@contoso.example",
        "someone@example.com",
    ] {
        assert_eq!(
            create_user(&alex, "Probe", email).await,
            Err(delegated(DelegatedRefusal::EmailOutsideCustomerDomains)),
            "{email}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE display_name = 'Probe'")
            .await,
        0
    );
    // At the customer's domain, a free address is created and one of its own
    // users' is taken: both are the customer's own.
    create_user(&alex, "Nina", "nina@fabrikam.example")
        .await
        .expect("created");
    assert_eq!(
        create_user(&alex, "Again", "user@fabrikam.example").await,
        Err(delegated(DelegatedRefusal::EmailTaken))
    );
    // A domain another organization's users have addresses at too (a mail
    // provider's) is nobody's own: its addresses are refused alike.
    let hash = app.password_hash().await;
    for (org, email, role) in [
        ("fabrikam", "boss@mail.example", "customer_admin"),
        ("tailspin", "someone@mail.example", "customer_user"),
    ] {
        app::db::query(
            "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at)
             VALUES ($1, $2, $3, 'Mail user', $4, $5, '2026-12-01T00:00:00Z')",
        )
        .bind(format!("user-{email}"))
        .bind(app.org_id(org).await)
        .bind(email)
        .bind(role)
        .bind(&hash)
        .execute(&app.pool)
        .await
        .expect("a user at a shared domain");
    }
    for email in ["someone@mail.example", "nobody@mail.example"] {
        assert_eq!(
            create_user(&alex, "Probe", email).await,
            Err(delegated(DelegatedRefusal::EmailOutsideCustomerDomains)),
            "{email}"
        );
    }
    // The form says which domain before anything is sent.
    let (status, _, page) = alex.page("/partner/customers/fabrikam?open=user").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("own domain: fabrikam.example."), "the hint");
}

/// R10 after R8: once privileges are removed, the page says what brings
/// them back (the partner's invitation link) and whom at the partner to ask
/// for it: its active admin agents, who send the link.
#[tokio::test]
async fn after_removing_privileges_the_page_says_whom_to_ask_for_the_link_that_restores_them() {
    let app = TestApp::spawn().await;
    let fatima = fabrikam_accepts(&app, "contoso", true).await;
    let listed = partners(&fatima).await.expect("partners");
    assert_eq!(listed[0].contacts, ["admin@contoso.example"]);
    let page = "/admin/partner-relationships";
    let location = fatima
        .post_form(
            "remove_dap",
            &[("partner", "contoso"), ("service", "")],
            page,
        )
        .await;
    let (_, _, shown) = fatima.page(&location).await;
    let said = from_role(&shown, "status").expect("a status");
    let said = &said[..said.find("</div>").expect("the status ends")];
    assert!(
        said.contains(
            "To restore them, ask Contoso for its invitation link (admin@contoso.example) and accept it again."
        ),
        "{said}"
    );
    // Nothing left to remove: nothing to restore is said either.
    let location = fatima
        .post_form(
            "remove_dap",
            &[("partner", "contoso"), ("service", "")],
            page,
        )
        .await;
    let (_, _, shown) = fatima.page(&location).await;
    let said = from_role(&shown, "status").expect("a status");
    let said = &said[..said.find("</div>").expect("the status ends")];
    assert!(said.contains("held no active privileges"), "{said}");
    assert!(!said.contains("To restore them"), "{said}");
}
