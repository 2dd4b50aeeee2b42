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

/// The sign-in form as Chromium sends it when the page has not hydrated: a
/// plain navigation, from the sign-in page of `/partner/billing`. Pages sent
/// with `Referrer-Policy: no-referrer` made it send `Origin: null` (kept here
/// as the hardest case); `Sec-Fetch-Site` says where it comes from.
async fn sign_in_as_a_form_navigation(
    app: &TestApp,
    sec_fetch_site: &str,
    password: &str,
) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(format!("{}/api/sign_in", app.base))
        .header("Origin", "null")
        .header(
            "Referer",
            format!("{}/login?next=/partner/billing", app.base),
        )
        .header("Sec-Fetch-Site", sec_fetch_site)
        .header("Sec-Fetch-Mode", "navigate")
        .header("Sec-Fetch-Dest", "document")
        .header("Accept", "text/html")
        .form(&[
            ("email", "admin@contoso.example"),
            ("password", password),
            ("next", "/partner/billing"),
        ])
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn signing_in_before_the_page_hydrates_works_and_another_site_still_cannot() {
    let app = TestApp::spawn().await;
    for site in ["cross-site", "same-site"] {
        let response = sign_in_as_a_form_navigation(&app, site, crate::common::PASSWORD).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{site}");
        assert!(response.headers().get("set-cookie").is_none(), "{site}");
    }
    let response = sign_in_as_a_form_navigation(&app, "same-origin", crate::common::PASSWORD).await;
    assert!(
        response.status().is_redirection(),
        "a sign-in form sent from the site itself must go through, got {}",
        response.status()
    );
    assert_eq!(
        response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/partner/billing")
    );
    assert!(response.headers().get("set-cookie").is_some());
}

#[tokio::test]
async fn a_wrong_password_sent_before_the_page_hydrates_comes_back_as_an_alert() {
    let app = TestApp::spawn().await;
    let response = sign_in_as_a_form_navigation(&app, "same-origin", "not-the-password").await;
    assert!(
        response.status().is_redirection(),
        "the browser must be sent back to the sign-in page, got {}",
        response.status()
    );
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("a location")
        .to_string();
    let back = format!("{}/login?next=/partner/billing&__path=", app.base);
    assert!(location.starts_with(&back), "{location}");
    assert!(location.contains("&__err="), "{location}");
    let (status, _, body) = app
        .visitor()
        .page(location.trim_start_matches(&app.base))
        .await;
    assert_eq!(status, StatusCode::OK);
    let alert = body.find("role=\"alert\"").expect("an alert on the page");
    assert!(
        body[alert..].contains("The email or the password is not correct."),
        "the sign-in page must say why"
    );
    assert!(!body.contains("Sign out"), "nobody is signed in");
}

/// A form's failure comes back in the address, so anyone can write one into
/// a link. The page shows it, but never words the link's author chose.
#[tokio::test]
async fn a_failure_in_the_address_cannot_put_a_strangers_words_on_a_page() {
    let app = TestApp::spawn().await;
    // `{"Internal":"call 555-0100"}`, encoded as Leptos encodes a form's failure.
    let (status, _, body) = app
        .visitor()
        .page("/login?__path=%2Fapi%2Fsign_in&__err=eyJJbnRlcm5hbCI6ImNhbGwgNTU1LTAxMDAifQ%3D%3D")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("role=\"alert\""), "the failure is shown");
    assert!(!body.contains("555-0100"), "but not the link's words");
}

/// Checks that a page runs scripts only with its response's nonce, and that
/// each of its scripts carries it; returns the nonce.
async fn scripts_carry_the_policy_nonce(policy: &str, response: reqwest::Response) -> String {
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {policy}"))
        .to_string();
    assert!(nonce.len() >= 16, "{nonce}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let html = response.text().await.expect("page");
    // leptos_i18n leaves an empty `<script></script>`: nothing in it to run.
    let scripts = html.matches("<script").count() - html.matches("<script></script>").count();
    assert!(scripts > 0, "{html}");
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        html.matches(" nonce=\"").count(),
        "every nonce on the page is this response's"
    );
    assert!(
        html.matches(&format!("nonce=\"{nonce}\"")).count() >= scripts,
        "every script carries the nonce: {html}"
    );
    nonce
}

/// The consent page as a signed-out visitor's browser gets it.
async fn consent_page(app: &TestApp, code: &str) -> reqwest::Response {
    app.visitor()
        .client
        .get(format!("{}/invitations/{code}", app.base))
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn pages_cannot_be_framed_and_do_not_leak_the_invitation_link() {
    let app = TestApp::spawn().await;
    let code = app.link_code("contoso", true).await;
    let response = consent_page(&app, &code).await;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let policy = header("content-security-policy");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("referrer-policy"), "same-origin");
    assert_eq!(header("x-content-type-options"), "nosniff");
    let nonce = scripts_carry_the_policy_nonce(&policy, response).await;
    // Another page load gets another nonce.
    let again = consent_page(&app, &code).await;
    let again = again.headers()["content-security-policy"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(!again.contains(&nonce));
}

#[tokio::test]
async fn an_oversized_body_is_refused_before_it_is_read() {
    let app = TestApp::spawn().await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    let huge = "x".repeat(server::MAX_REQUEST_BODY + 1);
    let (status, _) = alex
        .call_raw(
            "open_support_request",
            &[
                ("customer", "fabrikam"),
                ("title", "t"),
                ("description", &huge),
                ("severity", "low"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("SELECT COUNT(*) FROM support_requests").await, 0);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_and_secure_when_asked() {
    for (app, secure) in [
        (TestApp::spawn().await, false),
        (TestApp::spawn_secure().await, true),
    ] {
        let response = app
            .visitor()
            .client
            .post(format!("{}/api/sign_in", app.base))
            .header("Accept", "application/json")
            .form(&[
                ("email", "admin@fabrikam.example"),
                ("password", crate::common::PASSWORD),
            ])
            .send()
            .await
            .expect("sign in");
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(server::SESSION_COOKIE))
            .expect("session cookie")
            .to_string();
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(
            cookie.contains("SameSite=Lax") || cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        assert_eq!(cookie.contains("Secure"), secure, "{cookie}");
    }
}

#[tokio::test]
async fn the_not_found_page_runs_its_scripts_under_its_own_policy() {
    let app = TestApp::spawn().await;
    let response = app
        .visitor()
        .client
        .get(format!("{}/no-such-page", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    scripts_carry_the_policy_nonce(&policy, response).await;
}
