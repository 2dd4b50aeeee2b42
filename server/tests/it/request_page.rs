//! The request page keeps the two paragraphs a partner edited (R2): saved
//! for the partner, they are what the page starts from after a reload, for
//! every agent who sends the link; never another partner's.
use crate::common::TestApp;
use app::error::{AppError, Invalid};
use app::invitations::{EmailParagraphs, LoadInvitation, SaveInvitationEmail};
use reqwest::StatusCode;

fn save(first: &str, second: &str) -> SaveInvitationEmail {
    SaveInvitationEmail {
        first_paragraph: first.into(),
        second_paragraph: second.into(),
    }
}

#[tokio::test]
async fn the_edited_paragraphs_are_kept_for_the_partner() {
    let app = TestApp::spawn().await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    // Never saved: the page starts from its default text.
    let page = alex.run(LoadInvitation {}).await.expect("page");
    assert_eq!(page.paragraphs, None);

    alex.run(save("</textarea><b>x</b> & Hello from Contoso <3", ""))
        .await
        .expect("saved");
    let kept = Some(EmailParagraphs {
        first: "</textarea><b>x</b> & Hello from Contoso <3".into(),
        second: String::new(),
    });
    assert_eq!(
        alex.run(LoadInvitation {}).await.expect("page").paragraphs,
        kept
    );
    // After a reload (the page as the server renders it), and for the
    // partner's other agents.
    let (status, _, html) = alex.page("/partner/customers/request-relationship").await;
    assert_eq!(status, StatusCode::OK);
    // Kept, and written as text: it cannot close the textarea.
    assert!(
        html.contains("&lt;/textarea>&lt;b>x&lt;/b> &amp; Hello from Contoso &lt;3</textarea>"),
        "{html}"
    );
    let sales = app.sign_in_as("sales@contoso.example").await;
    assert_eq!(
        sales.run(LoadInvitation {}).await.expect("page").paragraphs,
        kept
    );
    // Sales agents send the link too: they keep their edit as well.
    sales
        .run(save("Sales says hello.", "Second words."))
        .await
        .expect("saved");
    assert_eq!(
        alex.run(LoadInvitation {}).await.expect("page").paragraphs,
        Some(EmailParagraphs {
            first: "Sales says hello.".into(),
            second: "Second words.".into(),
        })
    );
    // Another partner's page is its own.
    let nora = app.sign_in_as("admin@northwind.example").await;
    assert_eq!(
        nora.run(LoadInvitation {}).await.expect("page").paragraphs,
        None
    );

    // Too long: refused, naming the paragraph; what was kept stays.
    assert_eq!(
        alex.run(save("ok", &"x".repeat(2001))).await,
        Err(AppError::Invalid(Invalid::ParagraphTooLong {
            paragraph: 2,
            max: 2000
        }))
    );
    assert_eq!(
        alex.run(LoadInvitation {})
            .await
            .expect("page")
            .paragraphs
            .map(|p| p.first),
        Some("Sales says hello.".to_string())
    );

    // Only the partner's agents who send the link keep its text.
    let helpdesk = app.sign_in_as("helpdesk@contoso.example").await;
    assert_eq!(
        helpdesk.run(save("mine", "")).await,
        Err(AppError::NotAllowed)
    );
    let fatima = app.sign_in_as("admin@fabrikam.example").await;
    assert_eq!(
        fatima.run(save("mine", "")).await,
        Err(AppError::NotAllowed)
    );
    assert_eq!(
        app.visitor().run(save("mine", "")).await,
        Err(AppError::NotSignedIn)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM invitation_emails").await, 1);
}

#[tokio::test]
async fn the_paragraphs_are_kept_from_a_plain_form_post_too() {
    let app = TestApp::spawn().await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    let to = alex
        .post_form(
            "save_invitation_email",
            &[
                ("first_paragraph", "Posted before the page was interactive."),
                ("second_paragraph", "Still kept."),
            ],
            "/partner/customers/request-relationship",
        )
        .await;
    assert_eq!(
        to,
        "/partner/customers/request-relationship?saved=email#email-heading"
    );
    let (_, _, html) = alex.page(&to).await;
    assert!(html.contains("Posted before the page was interactive."));
    assert!(html.contains("Still kept."));
    assert!(html.contains("role=\"status\""));
}
