//! Each group of routes keeps its guards: the server functions (known or
//! not) refuse another site, a NUL is refused in the form each group
//! answers in, and every answer carries the headers every answer carries.
use reqwest::StatusCode;

use crate::common::TestApp;

#[tokio::test]
async fn another_site_cannot_post_to_an_unknown_server_function_either() {
    let app = TestApp::spawn().await;
    let response = app
        .visitor()
        .client
        .post(format!("{}/api/no_such_function", app.base))
        .header("Sec-Fetch-Site", "cross-site")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let error: app::error::AppError = response.json().await.expect("error");
    assert_eq!(error, app::error::AppError::NotAllowed);
}

#[tokio::test]
async fn a_nul_is_refused_in_the_form_each_group_of_routes_answers_in() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    let get = |path: &str| {
        visitor
            .client
            .get(format!("{}{path}?q=%00", app.base))
            .send()
    };
    let api = get("/api/v1/customers").await.expect("request");
    assert_eq!(api.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        api.headers()["content-type"],
        "application/problem+json",
        "the REST API answers with a problem"
    );
    for page in ["/partner/billing/invoice.csv", "/login"] {
        let response = get(page).await.expect("request");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{page}");
        assert!(
            response.text().await.expect("text").contains("NUL"),
            "{page}"
        );
    }
    let function = visitor
        .client
        .post(format!("{}/api/sign_in", app.base))
        .header("Accept", "application/json")
        .form(&[("email", "a\0@example.com"), ("password", "x")])
        .send()
        .await
        .expect("request");
    assert_eq!(function.status(), StatusCode::BAD_REQUEST);
    let error: app::error::AppError = function.json().await.expect("error");
    assert!(
        matches!(error, app::error::AppError::Request(_)),
        "{error:?}"
    );
}

#[tokio::test]
async fn every_answer_carries_the_headers_every_answer_carries() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    for path in [
        "/login",
        "/api/v1/customers",
        "/no/such/page",
        "/partner/events",
    ] {
        let response = visitor
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("request");
        let headers = response.headers();
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        let html = headers
            .get("content-type")
            .and_then(|kind| kind.to_str().ok())
            .is_some_and(|kind| kind.starts_with("text/html"));
        let policy = headers["content-security-policy"]
            .to_str()
            .unwrap_or_default();
        assert_eq!(policy.contains("'nonce-"), html, "{path}: {policy}");
    }
}
