//! The core flow over real HTTP: invitation link → consent → customer list
//! (R1, R3, R4, R5, R10, R12), and every refusal on the way.

use crate::common::{TestApp, from_role};
use app::consent::{AcceptInvitation, AcceptOutcome, LoadConsent, Refusal as ConsentRefusal};
use app::customers::{CustomerList, DapState, PartnerCustomers};
use app::error::{AppError, Invalid, Refusal};
use app::invitations::{LoadInvitation, RotateInvitationLink};
use reqwest::StatusCode;

fn refused(refusal: ConsentRefusal) -> Result<AcceptOutcome, AppError> {
    Err(AppError::Refused(Refusal::Consent(refusal)))
}

async fn accept(actor: &crate::common::Actor, code: &str) -> Result<AcceptOutcome, AppError> {
    actor.run(crate::common::accept(code)).await
}

async fn customers_of(app: &TestApp, email: &str) -> CustomerList {
    app.sign_in_as(email)
        .await
        .run(PartnerCustomers {
            after: None,
            search: None,
        })
        .await
        .expect("customer list")
}

#[tokio::test]
async fn a_customer_admin_accepts_and_appears_in_the_partners_list_only() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;

    assert_eq!(accept(&fatima, &code).await, Ok(AcceptOutcome::Created));

    let contoso = customers_of(&app, "admin@contoso.example").await;
    assert_eq!(contoso.rows.len(), 1);
    assert_eq!(contoso.rows[0].name, "Fabrikam");
    assert_eq!(contoso.rows[0].dap, DapState::Active);
    assert!(
        customers_of(&app, "admin@northwind.example")
            .await
            .rows
            .is_empty()
    );
    // Sales and helpdesk agents see the same list.
    assert_eq!(
        customers_of(&app, "sales@contoso.example").await.rows.len(),
        1
    );
    assert_eq!(
        customers_of(&app, "helpdesk@contoso.example")
            .await
            .rows
            .len(),
        1
    );

    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM role_grants WHERE state = 'active'")
            .await,
        8
    );
    let (actor, ip, action): (String, String, String) = app::db::query_as(
        "SELECT actor_email, ip_address, action FROM audit_events ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (actor.as_str(), ip.as_str(), action.as_str()),
        (
            "admin@fabrikam.example",
            "127.0.0.1",
            "relationship_created"
        )
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'dap_granted'")
            .await,
        1
    );
}

#[tokio::test]
async fn one_link_serves_many_customers() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    for email in ["admin@fabrikam.example", "admin@tailspin.example"] {
        assert_eq!(
            accept(&app.sign_in_as(email).await, &code).await,
            Ok(AcceptOutcome::Created)
        );
    }
    let names: Vec<String> = customers_of(&app, "admin@contoso.example")
        .await
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["Fabrikam", "Tailspin Toys"]);
}

#[tokio::test]
async fn accepting_twice_is_harmless() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    assert_eq!(accept(&fatima, &code).await, Ok(AcceptOutcome::Created));
    let events = app.count("SELECT COUNT(*) FROM audit_events").await;
    assert_eq!(accept(&fatima, &code).await, Ok(AcceptOutcome::Unchanged));
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM role_grants").await, 8);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events").await,
        events,
        "nothing changed, nothing logged"
    );
}

#[tokio::test]
async fn two_administrators_accepting_at_once_make_one_relationship() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    // A second administrator of Fabrikam.
    app::db::query(
        "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at)
         SELECT 'second-admin', organization_id, 'admin2@fabrikam.example', 'Second', 'customer_admin', password_hash, created_at
         FROM users WHERE email = 'admin@fabrikam.example'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let first = app.sign_in_as("admin@fabrikam.example").await;
    let second = app.sign_in_as("admin2@fabrikam.example").await;
    let mut calls = Vec::new();
    for i in 0..20 {
        let actor = if i % 2 == 0 { &first } else { &second };
        calls.push(accept(actor, &code));
    }
    let outcomes = futures_util::future::join_all(calls).await;
    assert_eq!(
        crate::common::created_and_unchanged(&outcomes),
        (1, 19),
        "{outcomes:?}"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM role_grants").await, 8);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'relationship_created'")
            .await,
        1
    );
}

#[tokio::test]
async fn only_a_customer_administrator_of_the_same_cloud_may_accept() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let cases = [
        ("user@fabrikam.example", ConsentRefusal::NotCustomerAdmin),
        ("admin@contoso.example", ConsentRefusal::PartnerUser),
        ("admin@northwind.example", ConsentRefusal::PartnerUser),
        ("admin@adatum.example", ConsentRefusal::PartnerUser),
        ("operator@liaison.example", ConsentRefusal::OperatorUser),
        ("admin@wingtip.example", ConsentRefusal::OtherCloud),
    ];
    for (email, refusal) in cases {
        let actor = app.sign_in_as(email).await;
        assert_eq!(accept(&actor, &code).await, refused(refusal), "{email}");
        // The consent page says so before any click.
        let page = actor.run(LoadConsent { code: code.clone() }).await.unwrap();
        assert_eq!(
            page.viewer,
            app::consent::Viewer::Refused(refusal),
            "{email}"
        );
    }
    assert_eq!(
        accept(&app.visitor(), &code).await,
        Err(AppError::NotSignedIn)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM role_grants").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_events").await, 0);
}

#[tokio::test]
async fn accepting_needs_the_authorization_box() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    for authorize in [None, Some(String::new())] {
        let result = fatima
            .run(AcceptInvitation {
                code: code.clone(),
                authorize,
                roles: None,
                ask: None,
            })
            .await;
        assert_eq!(
            result,
            Err(AppError::Invalid(Invalid::AuthorizationNotGiven))
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 0);
}

#[tokio::test]
async fn a_rotated_link_stops_working_at_once_and_the_new_one_works() {
    let app = TestApp::spawn().await;
    let old = app.link_code("contoso", true).await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    alex.run(RotateInvitationLink {}).await.unwrap();
    let new = app.link_code("contoso", true).await;
    assert_ne!(old, new);

    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    assert_eq!(
        accept(&fatima, &old).await,
        refused(ConsentRefusal::LinkNotValid)
    );
    let (status, _, body) = fatima.page(&format!("/invitations/{old}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("not valid"));
    assert!(!body.contains("Contoso"), "a dead link names nobody");
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 0);

    assert_eq!(accept(&fatima, &new).await, Ok(AcceptOutcome::Created));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'invitation_link_rotated'")
            .await,
        1
    );
}

#[tokio::test]
async fn unknown_and_malformed_links_show_the_not_valid_page() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    for code in [
        "0123456789abcdef0123456789abcdef0123456789abcdef",
        "nope",
        "%27%20OR%201%3D1--",
        "a".repeat(5000).as_str(),
    ] {
        let (status, _, body) = visitor.page(&format!("/invitations/{code}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{code}");
        assert!(body.contains("not valid"), "{code}");
    }
}

#[tokio::test]
async fn only_admin_agents_rotate_and_helpdesk_cannot_see_the_link() {
    let app = TestApp::spawn().await;
    let sales = app.sign_in_as("sales@contoso.example").await;
    let page = sales.run(LoadInvitation {}).await.unwrap();
    assert!(!page.may_rotate);
    let result = sales.run(RotateInvitationLink {}).await;
    assert_eq!(
        result,
        Err(AppError::Refused(Refusal::Invitation(
            app::invitations::Refusal::OnlyAdminAgentsRotate
        )))
    );
    let helpdesk = app.sign_in_as("helpdesk@contoso.example").await;
    let result = helpdesk.run(LoadInvitation {}).await;
    assert_eq!(result, Err(AppError::NotAllowed));
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    let result = fatima.run(RotateInvitationLink {}).await;
    assert_eq!(result, Err(AppError::NotAllowed));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM invitation_links WHERE revoked_at IS NOT NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn the_link_is_the_partners_own_carries_no_customer_and_is_stable() {
    let app = TestApp::spawn().await;
    let contoso = app.link_code("contoso", true).await;
    assert_eq!(
        app.link_code("contoso", true).await,
        contoso,
        "reusable: the same link every time"
    );
    assert_ne!(app.link_code("northwind", true).await, contoso);
    let page = app
        .sign_in_as("admin@contoso.example")
        .await
        .run(LoadInvitation {})
        .await
        .unwrap();
    for customer in ["fabrikam", "tailspin", "wingtip"] {
        assert!(
            !page.link_with_dap.contains(customer) && !page.link_without_dap.contains(customer)
        );
    }
}

#[tokio::test]
async fn a_link_without_dap_asks_only_for_the_reseller_relationship() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", false).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    let page = fatima
        .run(LoadConsent { code: code.clone() })
        .await
        .unwrap();
    assert!(!page.include_dap);
    assert_eq!(accept(&fatima, &code).await, Ok(AcceptOutcome::Created));
    assert_eq!(app.count("SELECT COUNT(*) FROM role_grants").await, 0);
    assert_eq!(
        customers_of(&app, "admin@contoso.example").await.rows[0].dap,
        DapState::NotGranted
    );
    // The link with DAP then adds the privileges to the same relationship.
    let with_dap = app.link_code("contoso", true).await;
    assert_eq!(accept(&fatima, &with_dap).await, Ok(AcceptOutcome::Granted));
    assert_eq!(app.count("SELECT COUNT(*) FROM relationships").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM role_grants WHERE state = 'active'")
            .await,
        8
    );
}

#[tokio::test]
async fn accepting_again_restores_removed_privileges() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    accept(&fatima, &code).await.unwrap();
    // What the customer's removal (next issue) will write.
    app::db::query("UPDATE role_grants SET state = 'removed', removed_at = '2026-11-24T00:00:00Z'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        customers_of(&app, "admin@contoso.example").await.rows[0].dap,
        DapState::Removed
    );
    assert_eq!(accept(&fatima, &code).await, Ok(AcceptOutcome::Restored));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM role_grants WHERE state = 'active'")
            .await,
        8
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'dap_restored'")
            .await,
        1
    );
}

#[tokio::test]
async fn an_advisor_link_asks_for_delegated_admin_privileges() {
    let app = TestApp::spawn().await;
    let code = app.link_code("adatum", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    let page = fatima
        .run(LoadConsent { code: code.clone() })
        .await
        .unwrap();
    assert!(page.partner.advisor && page.include_dap);
    assert_eq!(page.partner.verified_domain, "adatum.example");
    assert_eq!(accept(&fatima, &code).await, Ok(AcceptOutcome::Created));
    let list = customers_of(&app, "admin@adatum.example").await;
    assert!(list.advisor && list.rows[0].advisor);
}

#[tokio::test]
async fn the_consent_page_names_the_partner_and_hides_the_link_from_referers() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let (status, _, body) = app.visitor().page(&format!("/invitations/{code}")).await;
    assert_eq!(status, StatusCode::OK);
    for fact in [
        "Contoso Ltd.",
        "contoso.example",
        "4912345",
        "Microsoft 365",
        "Azure",
        "Dynamics 365",
        "Sign in to accept",
    ] {
        assert!(body.contains(fact), "the consent page must show {fact}");
    }
    let response = app
        .visitor()
        .client
        .get(format!("{}/invitations/{code}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response
            .headers()
            .get("referrer-policy")
            .map(|v| v.to_str().unwrap()),
        Some("same-origin")
    );
}

/// R3 on the page itself: a visitor signed in who may not accept (a partner
/// user, another cloud's customer, the wrong organization for a
/// one-customer invitation) is told why and offered to sign in as someone
/// else, never an "Accept and authorize" the server would refuse.
#[tokio::test]
async fn a_visitor_who_may_not_accept_is_offered_another_account_not_the_form() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let for_fabrikam = app
        .one_customer_invitation("contoso", "fabrikam.example")
        .await;
    let cases = [
        ("admin@contoso.example", code.as_str()),
        ("admin@wingtip.example", code.as_str()),
        ("user@fabrikam.example", code.as_str()),
        ("admin@tailspin.example", for_fabrikam.as_str()),
    ];
    for (email, code) in cases {
        let actor = app.sign_in_as(email).await;
        let page = actor.run(LoadConsent { code: code.into() }).await.unwrap();
        assert!(
            matches!(page.viewer, app::consent::Viewer::Refused(_)),
            "{email}"
        );
        let (status, _, html) = actor.page(&format!("/invitations/{code}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(from_role(&html, "alert").is_some(), "{email}: says why");
        assert!(
            !html.contains("Accept and authorize"),
            "{email}: no form to accept"
        );
        assert!(html.contains("Sign in as someone else"), "{email}");
        assert!(
            html.contains(&format!("href=\"/login?next=/invitations/{code}\"")),
            "{email}: signing in comes back here"
        );
        assert_eq!(
            accept(&actor, code).await.map_err(|_| ()),
            Err(()),
            "{email}: the server refuses all the same"
        );
    }
    // Signing in as someone else in the same browser replaces the session:
    // the administrator who may accept gets the form.
    let browser = app.sign_in_as("admin@contoso.example").await;
    browser
        .run(crate::common::sign_in(
            "admin@fabrikam.example",
            crate::common::PASSWORD,
        ))
        .await
        .expect("signed in as someone else");
    let (_, _, html) = browser.page(&format!("/invitations/{code}")).await;
    assert!(html.contains("Accept and authorize"));
    assert!(!html.contains("Sign in as someone else"));
    assert_eq!(accept(&browser, &code).await, Ok(AcceptOutcome::Created));
}

/// After accepting, the page says what the partner now holds and until
/// when, leads to Partner relationships, and the choices are no longer
/// editable.
#[tokio::test]
async fn after_accepting_the_page_says_what_the_partner_holds_and_until_when() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    let before = fatima
        .run(LoadConsent { code: code.clone() })
        .await
        .unwrap();
    let app::consent::Viewer::Admin { held, .. } = &before.viewer else {
        panic!("an administrator: {:?}", before.viewer);
    };
    assert!(held.is_empty(), "nothing held before");
    let path = format!("/invitations/{code}");
    // Only Microsoft 365's User Administrator kept ticked (partial approval).
    let form = [
        ("code", code.as_str()),
        ("authorize", "yes"),
        (
            "roles[]",
            app::role::ServiceRole::UserAdministrator.as_sql(),
        ),
    ];
    let location = fatima.post_form("accept_invitation", &form, &path).await;
    assert_eq!(location, format!("{path}?accepted=created"));
    let (_, _, html) = fatima.page(&location).await;
    let said = from_role(&html, "status").expect("a status");
    let said = &said[..said.find("</div>").expect("the status ends")];
    assert!(
        said.contains(&format!(
            "Contoso now holds: User Administrator until {}.",
            before.until
        )),
        "{said}"
    );
    assert!(
        said.contains("href=\"/admin/partner-relationships\""),
        "{said}"
    );
    assert!(!html.contains("Accept and authorize"));
    let boxes: Vec<&str> = html
        .split("<input")
        .filter(|tag| tag.contains("name=\"roles[]\""))
        .collect();
    assert!(!boxes.is_empty());
    for tag in boxes {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        assert!(tag.contains("disabled"), "no longer editable: {tag}");
    }
    // What the page reads says the same.
    let after = fatima
        .run(LoadConsent { code: code.clone() })
        .await
        .unwrap();
    let app::consent::Viewer::Admin { held, .. } = after.viewer else {
        panic!("an administrator");
    };
    let held: Vec<_> = held
        .iter()
        .map(|grant| (grant.role, grant.ends_on.clone()))
        .collect();
    assert_eq!(
        held,
        [(
            app::role::ServiceRole::UserAdministrator,
            before.until.clone()
        )]
    );
}

/// Signing up signs nobody in: the page the browser comes back to says at
/// once to open the emailed link, and the form is gone.
#[tokio::test]
async fn after_signing_up_the_page_says_to_open_the_link_and_the_form_is_gone() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let pat = app.visitor();
    let path = format!("/invitations/{code}");
    let (_, _, html) = pat.page(&path).await;
    assert!(
        html.contains("name=\"organization_name\""),
        "the form first"
    );
    let form = [
        ("code", code.as_str()),
        ("organization_name", "Proseware"),
        ("your_name", "Pat Admin"),
        ("email", "pat@proseware.example"),
        ("password", "plum-orbit-canvas-42"),
    ];
    let location = pat.post_form("sign_up", &form, &path).await;
    assert_eq!(location, format!("{path}?signed_up=1"));
    let (_, _, html) = pat.page(&location).await;
    let said = from_role(&html, "status").expect("a status");
    assert!(said.contains("Check your inbox"), "{}", &said[..200]);
    assert!(
        !html.contains("name=\"organization_name\""),
        "no form again"
    );
    assert!(!html.contains("Create account"));
    assert!(html.contains("Sign in to accept"));
    // Sent twice (a second click), the answer is the same: nobody is refused.
    let again = pat.post_form("sign_up", &form, &path).await;
    assert_eq!(again, format!("{path}?signed_up=1"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE email = 'pat@proseware.example'")
            .await,
        1
    );
}
