//! Support requests on the customer's behalf over real HTTP (R9): who opens,
//! reads, answers and closes them, with or without delegated admin privileges.

use crate::common::{Actor, TestApp, accept};
use app::audit::ReadAuditLog;
use app::error::{AppError, Invalid, Refusal};
use app::input::Field;
use app::relationships::RemoveDap;
use app::support::{
    CloseSupportRequest, OpenSupportRequest, PartnerSupportRequests, Refusal as SupportRefusal,
    ReplySupportRequest, SupportRequest, SupportRequests, SupportSummary, SupportThread,
};

fn refused(refusal: SupportRefusal) -> AppError {
    AppError::Refused(Refusal::Support(refusal))
}

async fn open(
    actor: &Actor,
    customer: &str,
    title: &str,
    severity: &str,
) -> Result<String, AppError> {
    actor
        .run(OpenSupportRequest {
            customer: customer.into(),
            title: title.into(),
            description: "Mailboxes are read-only since this morning.".into(),
            severity: severity.into(),
        })
        .await
}

async fn thread(actor: &Actor, id: &str) -> Result<SupportThread, AppError> {
    actor.run(SupportRequest { id: id.into() }).await
}

async fn reply(actor: &Actor, id: &str, body: &str) -> Result<(), AppError> {
    actor
        .run(ReplySupportRequest {
            id: id.into(),
            body: body.into(),
        })
        .await
}

async fn listed(actor: &Actor, operator: bool) -> Result<Vec<SupportSummary>, AppError> {
    actor.run(SupportRequests { operator }).await
}

/// Contoso has a relationship with Fabrikam whose privileges were removed.
async fn without_privileges(app: &TestApp) -> Actor {
    let code = app.link_code("contoso", true).await;
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    fatima.run(accept(&code)).await.expect("accepted");
    // No service: the privileges for every service.
    fatima
        .run(RemoveDap {
            partner: "contoso".into(),
            service: None,
        })
        .await
        .expect("removed");
    fatima
}

#[tokio::test]
async fn without_privileges_the_partner_opens_a_request_that_operator_and_customer_follow() {
    let app = TestApp::spawn().await;
    let fatima = without_privileges(&app).await;
    let harper = app.sign_in_as("helpdesk@contoso.example").await;
    let id = open(&harper, "fabrikam", "Mailboxes read-only", "high")
        .await
        .expect("opened");

    // The operator sees it among all requests and answers.
    let olivia = app.sign_in_as("operator@liaison.example").await;
    let all = listed(&olivia, true).await.expect("operator list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].customer, "Fabrikam");
    assert_eq!(all[0].partner, "Contoso");
    assert_eq!(all[0].severity, app::support::Severity::High);
    reply(&olivia, &id, "We are on it.").await.expect("reply");

    // The customer sees the request and the thread, and may add to it.
    let mine = listed(&fatima, false).await.expect("customer list");
    assert_eq!(mine.len(), 1);
    reply(&fatima, &id, "Thank you.")
        .await
        .expect("customer reply");

    // The partner sees the same thread, from its customer page too.
    let alex = app.sign_in_as("admin@contoso.example").await;
    let seen = thread(&alex, &id).await.expect("thread");
    let bodies: Vec<&str> = seen.replies.iter().map(|r| r.body.as_str()).collect();
    assert_eq!(bodies, ["We are on it.", "Thank you."]);
    assert_eq!(seen.replies[0].organization, "Operators");
    assert!(seen.may_reply && !seen.may_close);
    let from_page = alex
        .run(PartnerSupportRequests {
            customer: "fabrikam".into(),
        })
        .await
        .expect("partner list");
    assert_eq!(from_page.len(), 1);

    // Only the operator closes; then nobody replies.
    olivia
        .run(CloseSupportRequest { id: id.clone() })
        .await
        .expect("closed");
    assert_eq!(
        reply(&harper, &id, "One more thing").await,
        Err(refused(SupportRefusal::Closed))
    );
    let closed = thread(&fatima, &id).await.expect("thread");
    assert!(!closed.summary.open && !closed.may_reply);

    let log = fatima
        .run(ReadAuditLog {
            customer: None,
            action: None,
            from: None,
            to: None,
            before: None,
        })
        .await
        .expect("log");
    let support: Vec<&str> = log
        .entries
        .iter()
        .map(|e| e.action.as_str())
        .filter(|a| a.starts_with("support"))
        .collect();
    assert_eq!(
        support,
        [
            "support_request_closed",
            "support_request_replied",
            "support_request_replied",
            "support_request_opened"
        ]
    );
}

#[tokio::test]
async fn only_admin_and_helpdesk_agents_of_a_partner_of_the_customer_open_requests() {
    let app = TestApp::spawn().await;
    without_privileges(&app).await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    assert!(open(&alex, "fabrikam", "Licences", "low").await.is_ok());
    let sam = app.sign_in_as("sales@contoso.example").await;
    assert_eq!(
        open(&sam, "fabrikam", "Licences", "low").await,
        Err(refused(SupportRefusal::OnlyAdminOrHelpdeskAgents))
    );
    let nora = app.sign_in_as("admin@northwind.example").await;
    assert_eq!(
        open(&nora, "fabrikam", "Licences", "low").await,
        Err(AppError::NotFound)
    );
    for email in ["admin@fabrikam.example", "operator@liaison.example"] {
        let actor = app.sign_in_as(email).await;
        assert_eq!(
            open(&actor, "fabrikam", "Licences", "low").await,
            Err(AppError::NotAllowed),
            "{email}"
        );
    }
    assert_eq!(
        open(&app.visitor(), "fabrikam", "Licences", "low").await,
        Err(AppError::NotSignedIn)
    );
    // Bad input is named, and nothing is written.
    assert_eq!(
        open(&alex, "fabrikam", "  ", "low").await,
        Err(AppError::Invalid(Invalid::Missing(Field::Title)))
    );
    assert_eq!(
        open(&alex, "fabrikam", "Licences", "urgent").await,
        Err(AppError::Invalid(Invalid::Malformed(Field::Severity)))
    );
    assert_eq!(
        open(&alex, "fabrikam", &"t".repeat(201), "low").await,
        Err(AppError::Invalid(Invalid::TooLong {
            field: Field::Title,
            max: 200
        }))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM support_requests").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'support_request_opened'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_request_is_private_to_its_customer_its_partner_and_operators() {
    let app = TestApp::spawn().await;
    without_privileges(&app).await;
    let harper = app.sign_in_as("helpdesk@contoso.example").await;
    let id = open(&harper, "fabrikam", "Mailboxes", "medium")
        .await
        .expect("opened");
    for email in [
        "admin@northwind.example",
        "admin@tailspin.example",
        "user@fabrikam.example",
    ] {
        let outsider = app.sign_in_as(email).await;
        assert_eq!(
            thread(&outsider, &id).await,
            Err(AppError::NotFound),
            "{email}"
        );
        assert_eq!(
            reply(&outsider, &id, "hello").await,
            Err(AppError::NotFound),
            "{email}"
        );
    }
    let tom = app.sign_in_as("admin@tailspin.example").await;
    assert_eq!(listed(&tom, false).await, Ok(vec![]));
    let felix = app.sign_in_as("user@fabrikam.example").await;
    assert_eq!(
        listed(&felix, false).await,
        Err(AppError::Refused(Refusal::Relationships(
            app::relationships::Refusal::OnlyCustomerAdmins
        )))
    );
    // Asking for the operator's list is not enough to be an operator.
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    assert_eq!(listed(&fatima, true).await, Err(AppError::NotAllowed));
    assert_eq!(
        fatima.run(CloseSupportRequest { id: id.clone() }).await,
        Err(refused(SupportRefusal::OnlyOperatorsClose))
    );
    // Sales agents read their organization's requests but do not answer them.
    let sam = app.sign_in_as("sales@contoso.example").await;
    let seen = thread(&sam, &id).await.expect("thread");
    assert!(!seen.may_reply);
    assert_eq!(
        reply(&sam, &id, "hello").await,
        Err(refused(SupportRefusal::OnlyAdminOrHelpdeskAgents))
    );
    assert_eq!(
        reply(&harper, &id, "   ").await,
        Err(AppError::Invalid(Invalid::Missing(Field::Reply)))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM support_replies").await, 0);
    assert_eq!(
        thread(&harper, "no-such-request").await,
        Err(AppError::NotFound)
    );
}
