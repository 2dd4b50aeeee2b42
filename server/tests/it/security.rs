//! What keeps another site from acting with a visitor's session, and pages
//! from being framed or leaking the invitation link.
use app::error::AppError;
use reqwest::StatusCode;

use app::subscriptions::Refusal as SubscriptionRefusal;

use crate::common::{Actor, TestApp, from_role};

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
    alex.run(app::invitations::RotateInvitationLink {})
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
    let visitor = app.visitor();
    let form = [
        ("email", "admin@contoso.example"),
        ("password", "not-the-password"),
        ("next", "/partner/billing"),
    ];
    let location = visitor
        .post_form("sign_in", &form, "/login?next=/partner/billing")
        .await;
    assert!(
        location.starts_with("/login?next=/partner/billing&__path="),
        "{location}"
    );
    assert!(location.contains("&__err="), "{location}");
    let (status, _, body) = visitor.page(&location).await;
    assert_eq!(status, StatusCode::OK);
    let alert = body.find("role=\"alert\"").expect("an alert on the page");
    assert!(
        body[alert..].contains("The email or the password is not correct."),
        "the sign-in page must say why"
    );
    assert!(!body.contains("Sign out"), "nobody is signed in");
}

/// Words a stranger writes into a link, hoping the page shows them as its own.
const PHISHING: &str = "Accept at https://evil.example/i/1 instead";

/// `error` as Leptos writes a form's failure into an address.
fn in_an_address(error: &AppError) -> String {
    use base64::Engine as _;
    let json = serde_json::to_vec(error).expect("json");
    base64::engine::general_purpose::URL_SAFE
        .encode(json)
        .replace('=', "%3D")
}

/// A form's failure comes back in the address, so anyone can write one into
/// a link: the consent page, the sign-in page and a customer's page each
/// drop any failure the server did not mint for this visitor, before
/// rendering, and never show its words.
#[tokio::test]
async fn no_words_from_an_address_reach_a_page_unless_the_server_minted_them_for_this_visitor() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let code = app.link_code("contoso", true).await;
    let tailspin = app.sign_in_as("admin@tailspin.example").await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    let visitor = app.visitor();
    let consent = format!("/invitations/{code}");
    let pages: [(&Actor, &str, &str); 3] = [
        (&visitor, "/login?next=/partner/billing", "sign_in"),
        (&tailspin, &consent, "accept_invitation"),
        (
            &contoso,
            "/partner/customers/fabrikam?open=subscription",
            "create_subscription",
        ),
    ];
    let forged = [
        AppError::from(SubscriptionRefusal::ServiceHeldBy(PHISHING.into())),
        AppError::from(SubscriptionRefusal::NotPartnerOfRecord(PHISHING.into())),
        AppError::Internal(PHISHING.into()),
    ];
    for (actor, page, function) in pages {
        for error in &forged {
            let separator = if page.contains('?') { '&' } else { '?' };
            let err = in_an_address(error);
            // As Leptos writes it, and with its keys percent-encoded (the
            // page decodes them to the same keys).
            for link in [
                format!("{page}{separator}__path=%2Fapi%2F{function}&__err={err}"),
                format!("{page}{separator}%5F%5Fpath=%2Fapi%2F{function}&%5F%5Ferr={err}"),
            ] {
                let (status, location, _) = actor.page(&link).await;
                assert_eq!(status, StatusCode::SEE_OTHER, "{link}");
                assert_eq!(location.as_deref(), Some(page), "{link}");
            }
            let (status, _, body) = actor.page(page).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            assert!(!body.contains("evil.example"), "{page}");
        }
    }
}

#[tokio::test]
async fn a_forms_failure_is_shown_only_to_the_visitor_who_sent_the_form() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    let form = [("email", "admin@contoso.example"), ("password", "wrong")];
    let location = visitor.post_form("sign_in", &form, "/login").await;
    assert!(location.starts_with("/login?__path="), "{location}");
    // Someone else sent the same address sees the page without it.
    let (status, clean, _) = app.visitor().page(&location).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(clean.as_deref(), Some("/login"));
    // The visitor who sent the form reads why, on a reload too (the page
    // becomes interactive from the same address).
    for _ in 0..2 {
        let (status, _, body) = visitor.page(&location).await;
        assert_eq!(status, StatusCode::OK);
        let alert = from_role(&body, "alert").expect("an alert");
        assert!(alert.contains("The email or the password is not correct."));
    }
    // Once the visitor's next form went through, the old refusal is gone.
    let form = [
        ("email", "admin@contoso.example"),
        ("password", crate::common::PASSWORD),
    ];
    visitor.post_form("sign_in", &form, &location).await;
    let (status, clean, _) = visitor.page(&location).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(clean.as_deref(), Some("/login"));
}

#[tokio::test]
async fn a_forms_answer_never_sends_the_browser_to_another_site() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    for referer in [
        "https://evil.example/phish?x=1".to_string(),
        "//evil.example/phish".to_string(),
        format!("{}//evil.example/phish", app.base),
        format!("{}@evil.example/phish", app.base),
    ] {
        let response = visitor
            .client
            .post(format!("{}/api/sign_in", app.base))
            .header("Accept", "text/html")
            .header("Referer", &referer)
            .header("Sec-Fetch-Site", "same-origin")
            .form(&[("email", "admin@contoso.example"), ("password", "wrong")])
            .send()
            .await
            .expect("request");
        assert!(response.status().is_redirection(), "{referer}");
        let location = response.headers()["location"].to_str().unwrap_or_default();
        assert_eq!(location, "/", "{referer}");
    }
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

/// The port of `app`'s address.
fn port(app: &TestApp) -> &str {
    app.base.rsplit(':').next().expect("port")
}

/// The invitation link `actor` is given when its request names `host`.
async fn link_for_host(
    actor: &Actor,
    app: &TestApp,
    host: &str,
    origin: &str,
) -> reqwest::Response {
    actor
        .client
        .post(format!("{}/api/load_invitation", app.base))
        .header("Host", host)
        .header("Origin", origin)
        .header("Accept", "application/json")
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn a_request_for_a_host_this_server_does_not_serve_is_refused_and_links_name_only_served_hosts()
 {
    let app = TestApp::spawn().await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    for path in [
        "/login",
        "/partner/customers/request-relationship",
        "/favicon.svg",
    ] {
        let response = alex
            .client
            .get(format!("{}{path}", app.base))
            .header("Host", "evil.example")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
    }
    let refused = link_for_host(&alex, &app, "evil.example", "http://evil.example").await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(
        !refused
            .text()
            .await
            .unwrap_or_default()
            .contains("/invitations/")
    );
    // A host it serves: the link names that host.
    for host in [
        format!("localhost:{}", port(&app)),
        format!("127.0.0.1:{}", port(&app)),
    ] {
        let response = link_for_host(&alex, &app, &host, &format!("http://{host}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{host}");
        let page: serde_json::Value = response.json().await.expect("json");
        let link = page["link_with_dap"].as_str().unwrap_or_default();
        assert!(
            link.starts_with(&format!("http://{host}/invitations/")),
            "{link}"
        );
    }
}

#[tokio::test]
async fn with_a_public_address_links_name_it_whatever_host_the_request_names() {
    let app = TestApp::spawn_with(|s| {
        s.public_url = server::config::public_url("https://liaison.example/").unwrap()
    })
    .await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    for host in [
        "liaison.example".to_string(),
        format!("localhost:{}", port(&app)),
    ] {
        let response = link_for_host(&alex, &app, &host, "https://liaison.example").await;
        assert_eq!(response.status(), StatusCode::OK, "{host}");
        let page: serde_json::Value = response.json().await.expect("json");
        let link = page["link_with_dap"].as_str().unwrap_or_default();
        assert!(
            link.starts_with("https://liaison.example/invitations/"),
            "{link}"
        );
    }
    let refused = link_for_host(&alex, &app, "evil.example", "https://liaison.example").await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
}

/// Signs in as `email` from `address`, as a trusted proxy forwards it.
async fn sign_in_from(
    app: &TestApp,
    address: &str,
    email: &str,
    password: &str,
) -> (Actor, Result<(), AppError>) {
    let actor = app.visitor_from(address);
    let result = actor.run(crate::common::sign_in(email, password)).await;
    (actor, result)
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_visitor_has_its_own_address() {
    use futures_util::stream::{self, StreamExt};
    let app = TestApp::spawn_with(|s| {
        s.trusted_proxies = vec![server::parse_proxy("127.0.0.1").unwrap()]
    })
    .await;
    // The proxy appends the address it saw; the client wrote the first one.
    let guesser = "198.51.100.1, 203.0.113.7";
    let failures: Vec<_> = stream::iter(0..100)
        .map(|i| {
            let app = &app;
            async move {
                let email = format!("nobody-{i}@contoso.example");
                sign_in_from(app, guesser, &email, "guess").await.1
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    assert!(failures.iter().all(|f| matches!(
        f,
        Err(AppError::Refused(app::error::Refusal::SignIn(
            app::auth::Refusal::WrongCredentials
        )))
    )));
    // The guesser's address is throttled, right password or not...
    let (_, guessed) = sign_in_from(
        &app,
        "203.0.113.7",
        "admin@fabrikam.example",
        crate::common::PASSWORD,
    )
    .await;
    assert!(
        matches!(
            guessed,
            Err(AppError::Refused(app::error::Refusal::SignIn(
                app::auth::Refusal::TooManyAttempts { .. }
            )))
        ),
        "{guessed:?}"
    );
    // ...and everyone else behind the same proxy signs in, and the audit log
    // names the visitor, not the proxy.
    assert_eq!(
        audited_acceptance_from(&app, "203.0.113.8").await,
        "203.0.113.8"
    );
}

/// Fabrikam's administrator signs in and accepts Contoso's link, both sent
/// on with `X-Forwarded-For: {forwarded_for}`; returns the address the audit
/// log records for it.
async fn audited_acceptance_from(app: &TestApp, forwarded_for: &str) -> String {
    let code = app.link_code("contoso", true).await;
    let (fatima, signed_in) = sign_in_from(
        app,
        forwarded_for,
        "admin@fabrikam.example",
        crate::common::PASSWORD,
    )
    .await;
    assert_eq!(signed_in, Ok(()));
    fatima
        .run(crate::common::accept(&code))
        .await
        .expect("accepted");
    app.text("SELECT ip_address FROM audit_events WHERE action = 'relationship_created'")
        .await
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forwarded_address_is_ignored() {
    let app = TestApp::spawn().await;
    assert_eq!(
        audited_acceptance_from(&app, "203.0.113.8").await,
        "127.0.0.1"
    );
}

#[tokio::test]
async fn what_a_signed_in_visitor_sees_is_kept_by_no_cache() {
    let app = TestApp::spawn().await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    let page = alex.page_response("/partner/customers").await;
    let answer = alex
        .client
        .post(format!("{}/api/partner_customers", app.base))
        .header("Accept", "application/json")
        .header("Origin", &app.base)
        .send()
        .await
        .expect("request");
    let csv = alex
        .client
        .get(format!(
            "{}/partner/billing/invoice.csv?month=2026-11",
            app.base
        ))
        .send()
        .await
        .expect("request");
    for (what, response) in [("page", page), ("answer", answer), ("csv", csv)] {
        assert_eq!(response.status(), StatusCode::OK, "{what}");
        assert_eq!(
            response.headers()["cache-control"]
                .to_str()
                .unwrap_or_default(),
            "private, no-store",
            "{what}"
        );
        assert!(
            response
                .headers()
                .get("strict-transport-security")
                .is_none(),
            "{what}: not over HTTPS"
        );
    }
}

#[tokio::test]
async fn over_https_browsers_are_told_to_keep_to_it() {
    let app = TestApp::spawn_secure().await;
    let response = app.visitor().page_response("/login").await;
    assert_eq!(
        response.headers()["strict-transport-security"]
            .to_str()
            .unwrap_or_default(),
        "max-age=63072000"
    );
}

#[tokio::test]
async fn a_page_address_with_a_trailing_slash_leads_to_the_page() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let alex = app.sign_in_as("admin@contoso.example").await;
    let (status, location, _) = alex.page("/partner/customers/fabrikam/?open=user").await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        location.as_deref(),
        Some("/partner/customers/fabrikam?open=user")
    );
    let (status, _, body) = alex.page("/partner/customers/fabrikam?open=user").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Fabrikam"));
    // Never a way off the site.
    let (status, location, _) = alex.page("//evil.example/").await;
    assert!(!location.unwrap_or_default().contains("evil"), "{status}");
}

#[tokio::test]
async fn an_oversized_body_sent_in_chunks_is_refused_with_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn().await;
    let host = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let head = format!(
        "POST /api/open_support_request HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    let chunk = format!("2000\r\n{}\r\n", "x".repeat(0x2000));
    // 72 KiB in 8 KiB chunks; the server may stop reading once it has refused.
    for _ in 0..9 {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        stream.read_to_end(&mut answer),
    )
    .await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert_eq!(app.count("SELECT COUNT(*) FROM support_requests").await, 0);
}
