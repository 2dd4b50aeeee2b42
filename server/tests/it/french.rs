//! French, completely (issue 31, item 10): a French reader sees the roles
//! as Microsoft's French interface names them and the audit log's details
//! in French, while the REST API keeps the English names.
use crate::common::{Actor, TestApp};

/// GETs `path` as a French-reading browser does; the body, with the
/// apostrophes as a reader sees them.
async fn french_page(actor: &Actor, path: &str) -> String {
    actor
        .client
        .get(format!("{}{path}", actor.base))
        .header("Accept", "text/html")
        .header("Accept-Language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
}

#[tokio::test]
async fn a_french_reader_sees_french_role_names_and_a_french_audit_log() {
    let app = TestApp::spawn().await;
    let link = app
        .sign_in_as("admin@contoso.example")
        .await
        .run(app::invitations::LoadInvitation {})
        .await
        .expect("invitation")
        .link_with_dap;
    let path = format!("/{}", link.splitn(4, '/').nth(3).expect("a path"));
    let fatima = app.sign_in_as("admin@fabrikam.example").await;

    // The consent page's checkboxes, labelled with the French names.
    let consent = french_page(&fatima, &path).await;
    for name in [
        "Administrateur d'utilisateurs",
        "Administrateur du support technique",
        "Administrateur de licences",
        "Lecteur de sécurité",
        "Contributeur",
        "Lecteur Dynamics 365",
    ] {
        assert!(
            consent.contains(&format!("<span>{name}<")),
            "{name}: {consent}"
        );
    }
    assert!(!consent.contains("User Administrator"));

    fatima
        .run(crate::common::accept(
            link.rsplit('/').next().expect("code"),
        ))
        .await
        .expect("accepted");

    // Partner relationships names the granted roles in French.
    let relationships = french_page(&fatima, "/admin/partner-relationships").await;
    assert!(
        relationships.contains("Administrateur d'utilisateurs"),
        "{relationships}"
    );
    assert!(relationships.contains(">Contributeur<"), "{relationships}");
    assert!(
        !relationships.contains("Helpdesk Administrator"),
        "{relationships}"
    );

    // The audit log tells the grant in French: names, end, typography.
    let log = french_page(&fatima, "/admin/audit-log").await;
    assert!(
        log.contains("Administrateur d'utilisateurs, Administrateur du support technique"),
        "{log}"
    );
    assert!(log.contains("jusqu'au 20"), "the end in French: {log}");
    assert!(!log.contains("until 20"), "{log}");
    assert!(!log.contains("User Administrator"), "{log}");

    // An event written before details were data reads in French too.
    app::db::query(
        "INSERT INTO audit_events (id, occurred_at, action, actor_user_id, actor_email,
                                   actor_org_id, partner_id, customer_id, details, ip_address)
         VALUES ('legacy', '2026-01-01T00:00:00Z', 'role_removed', NULL,
                 'admin@fabrikam.example', $1, $2, $1, 'Owner', '::1')",
    )
    .bind(app.org_id("fabrikam").await)
    .bind(app.org_id("contoso").await)
    .execute(&app.pool)
    .await
    .expect("an old event");
    let log = french_page(&fatima, "/admin/audit-log").await;
    assert!(log.contains("<td>Propriétaire<"), "{log}");
    assert!(!log.contains(">Owner<"), "{log}");

    // The same log in English reads as it always did.
    let (_, _, english) = fatima.page("/admin/audit-log").await;
    assert!(
        english.contains("User Administrator, Helpdesk Administrator"),
        "{english}"
    );
    assert!(english.contains("; until 20"), "{english}");
}

#[tokio::test]
async fn the_rest_api_names_roles_in_english_whatever_the_language() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    let token = contoso
        .run(app::integrations::CreateToken {
            name: "Script".into(),
            expires_in_days: None,
        })
        .await
        .expect("token")
        .secret;
    let body = reqwest::Client::new()
        .get(format!("{}/api/v1/customers", app.base))
        .bearer_auth(token)
        .header("Accept-Language", "fr")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(body.contains("\"name\":\"User Administrator\""), "{body}");
    assert!(!body.contains("Administrateur"), "{body}");
}
