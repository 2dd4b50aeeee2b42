//! What keeps another site from acting with a visitor's session, and pages
//! from being framed or leaking the invitation link.
use app::error::AppError;
use reqwest::StatusCode;

use crate::common::TestApp;

#[tokio::test]
async fn another_site_cannot_call_server_functions_with_the_visitors_cookies() {
    let app = TestApp::spawn().await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    for (header, value) in [
        ("Origin", "https://evil.example"),
        ("Sec-Fetch-Site", "cross-site"),
    ] {
        let response = alex
            .client
            .post(format!("{}/api/rotate_invitation_link", app.base))
            .header("Accept", "application/json")
            .header(header, value)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{header}");
        let error: AppError = response.json().await.expect("error");
        assert_eq!(error, AppError::NotAllowed);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'invitation_link_rotated'")
            .await,
        0
    );
    // The same call from the site itself goes through.
    let _: () = alex
        .call("rotate_invitation_link", &[])
        .await
        .expect("same origin");
}

#[tokio::test]
async fn pages_cannot_be_framed_and_do_not_leak_the_invitation_link() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let response = app
        .visitor()
        .client
        .get(format!("{}/invitations/{code}", app.base))
        .send()
        .await
        .expect("request");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header("content-security-policy"), "frame-ancestors 'none'");
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("referrer-policy"), "no-referrer");
    assert_eq!(header("x-content-type-options"), "nosniff");
}
