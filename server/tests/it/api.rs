//! R16: the partner REST API over real HTTP with real tokens: what a token
//! sees (its partner's data only), refused tokens (none, wrong, revoked,
//! expired, of a deactivated agent), problem details, rate limiting, and
//! the OpenAPI document.
use app::integrations::{CreateToken, NewToken, RevokeToken};
use reqwest::StatusCode;
use serde_json::Value;

use crate::common::TestApp;

async fn token_of(app: &TestApp, email: &str, expires_in_days: Option<&str>) -> String {
    let admin = app.sign_in_as(email).await;
    let token: NewToken = admin
        .run(CreateToken {
            name: "Script".into(),
            expires_in_days: expires_in_days.map(str::to_string),
        })
        .await
        .expect("token");
    assert!(token.secret.starts_with("lia_"));
    token.secret
}

async fn get(app: &TestApp, token: Option<&str>, path: &str) -> (StatusCode, String, Value) {
    let mut request = reqwest::Client::new().get(format!("{}{path}", app.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = response.text().await.expect("body");
    (
        status,
        kind,
        serde_json::from_str(&body).unwrap_or(Value::Null),
    )
}

async fn send(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<&str>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let body = response.text().await.expect("body");
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_token_reads_its_partners_link_and_customers_and_nothing_of_another_partner() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let token = token_of(&app, "admin@contoso.example", None).await;

    let (status, kind, body) =
        get(&app, Some(&token), "/api/v1/customers/relationshiprequests").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("application/json"), "{kind}");
    let code = app.link_code("contoso", true).await;
    assert_eq!(
        body,
        serde_json::json!({
            "url": format!("{}/invitations/{code}", app.base),
            "attributes": {"objectType": "RelationshipRequest"}
        })
    );

    // Keyset pages of one: every customer once, in order, then no `next`.
    let mut seen = Vec::new();
    let mut path = "/api/v1/customers?limit=1".to_string();
    loop {
        let (status, _, page) = get(&app, Some(&token), &path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 1);
        seen.extend(
            items
                .iter()
                .map(|c| c["slug"].as_str().unwrap_or_default().to_string()),
        );
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/customers?limit=1&after={next}"),
            None => break,
        }
    }
    let (_, _, all) = get(&app, Some(&token), "/api/v1/customers").await;
    let slugs: Vec<String> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["slug"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(seen, slugs);
    assert!(slugs.contains(&"fabrikam".to_string()), "{slugs:?}");
    assert!(
        !slugs.contains(&"tailspin".to_string()),
        "not Contoso's customer"
    );
    let fabrikam = all["items"]
        .as_array()
        .and_then(|items| items.iter().find(|c| c["slug"] == "fabrikam"))
        .expect("fabrikam");
    let role = &fabrikam["roles"][0];
    assert!(
        role["endsOn"].as_str().is_some_and(|d| d.len() == 10),
        "{role}"
    );
    assert_eq!(role["state"], "active");

    let (status, _, subscriptions) = get(
        &app,
        Some(&token),
        "/api/v1/customers/fabrikam/subscriptions",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(subscriptions.is_array());
    // Another partner's customer, or one that does not exist: the same 404.
    for path in [
        "/api/v1/customers/tailspin/subscriptions",
        "/api/v1/customers/nobody/subscriptions",
    ] {
        let (status, kind, problem) = get(&app, Some(&token), path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(kind, "application/problem+json");
        assert_eq!(problem["status"], 404);
    }
    for bad in [
        "limit=0",
        "limit=101",
        "limit=abc",
        "limit=-1",
        "limit=1&limit=2",
    ] {
        let (status, kind, problem) =
            get(&app, Some(&token), &format!("/api/v1/customers?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(kind, "application/problem+json");
        assert_eq!(problem["title"], "Bad Request");
        assert_eq!(problem["code"], "bad_query", "{bad}");
        let detail = problem["detail"].as_str().unwrap_or_default();
        assert!(
            detail
                == "The query parameter limit is not valid: the OpenAPI document says what it takes.",
            "{bad}: {detail}"
        );
    }
    // Parameters it does not know are ignored.
    let (status, _, _) = get(&app, Some(&token), "/api/v1/customers?limit=5&sort=name").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn no_token_a_wrong_one_a_revoked_one_an_expired_one_and_a_deactivated_agents_are_refused() {
    let app = TestApp::spawn().await;
    let path = "/api/v1/customers/relationshiprequests";
    let (status, kind, problem) = get(&app, None, path).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(kind, "application/problem+json");
    assert_eq!(problem["status"], 401);
    let (status, _, _) = get(&app, Some("lia_not-a-token"), path).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Revoked: refused at once.
    let token = token_of(&app, "admin@contoso.example", None).await;
    assert_eq!(get(&app, Some(&token), path).await.0, StatusCode::OK);
    let admin = app.sign_in_as("admin@contoso.example").await;
    let id = app
        .text("SELECT id FROM api_tokens ORDER BY created_at DESC LIMIT 1")
        .await;
    admin
        .run(RevokeToken { id: id.clone() })
        .await
        .expect("revoked");
    assert_eq!(
        get(&app, Some(&token), path).await.0,
        StatusCode::UNAUTHORIZED
    );
    // Another partner cannot revoke Contoso's tokens.
    let other = token_of(&app, "admin@contoso.example", None).await;
    let other_id = app
        .text("SELECT id FROM api_tokens WHERE revoked_at IS NULL")
        .await;
    let adatum = app.sign_in_as("admin@adatum.example").await;
    assert_eq!(
        adatum.run(RevokeToken { id: other_id }).await,
        Err(app::error::AppError::NotFound)
    );
    assert_eq!(get(&app, Some(&other), path).await.0, StatusCode::OK);

    // Expired: works for its days, not after.
    let expiring = token_of(&app, "admin@contoso.example", Some("1")).await;
    assert_eq!(get(&app, Some(&expiring), path).await.0, StatusCode::OK);
    app.advance_days(2);
    assert_eq!(
        get(&app, Some(&expiring), path).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(get(&app, Some(&other), path).await.0, StatusCode::OK);

    // Its agent deactivated (or no longer an admin agent): refused.
    app::db::query("UPDATE users SET role = 'sales_agent' WHERE email = 'admin@contoso.example'")
        .execute(&app.pool)
        .await
        .expect("demoted");
    assert_eq!(
        get(&app, Some(&other), path).await.0,
        StatusCode::UNAUTHORIZED
    );

    // Only the hash is kept.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM api_tokens WHERE token_hash = '{other}' OR prefix = '{other}'"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn invitations_and_endpoints_are_created_listed_and_removed_with_problems_for_bad_input() {
    let app = TestApp::spawn().await;
    let token = token_of(&app, "admin@contoso.example", None).await;
    let (status, created) = send(
        &app,
        &token,
        reqwest::Method::POST,
        "/api/v1/invitations",
        Some(r#"{"domain": "tailspin.example"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["state"], "pending");
    assert!(
        created["url"]
            .as_str()
            .is_some_and(|u| u.contains("/invitations/"))
    );
    let (_, listed) = send(
        &app,
        &token,
        reqwest::Method::GET,
        "/api/v1/invitations",
        None,
    )
    .await;
    assert_eq!(listed[0]["id"], created["id"]);
    let id = created["id"].as_str().expect("id");
    let (status, _) = send(
        &app,
        &token,
        reqwest::Method::DELETE,
        &format!("/api/v1/invitations/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, problem) = send(
        &app,
        &token,
        reqwest::Method::DELETE,
        &format!("/api/v1/invitations/{id}"),
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "cancelled already: {problem}"
    );
    // Another partner's token does not see it.
    let adatum = token_of(&app, "admin@adatum.example", None).await;
    let (_, theirs) = send(
        &app,
        &adatum,
        reqwest::Method::GET,
        "/api/v1/invitations",
        None,
    )
    .await;
    assert_eq!(theirs, serde_json::json!([]));

    for (body, expected) in [
        ("not json", StatusCode::BAD_REQUEST),
        (r#"{"domain": 3}"#, StatusCode::BAD_REQUEST),
        (
            r#"{"domain": "not a domain"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (status, problem) = send(
            &app,
            &token,
            reqwest::Method::POST,
            "/api/v1/invitations",
            Some(body),
        )
        .await;
        assert_eq!(status, expected, "{body}: {problem}");
        assert_eq!(problem["status"], expected.as_u16());
        let code = if expected == StatusCode::BAD_REQUEST {
            "bad_body"
        } else {
            "malformed"
        };
        assert_eq!(problem["code"], code, "{body}");
    }

    let (status, problem) = send(
        &app,
        &token,
        reqwest::Method::POST,
        "/api/v1/webhooks/endpoints",
        Some(r#"{"url": "http://169.254.169.254/latest"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(problem["code"], "endpoint_private");
    assert_eq!(
        problem["detail"],
        "This address is on a loopback, private or link-local network, which webhooks may not reach. Use a public address."
    );
    let (status, endpoint) = send(
        &app,
        &token,
        reqwest::Method::POST,
        "/api/v1/webhooks/endpoints",
        Some(r#"{"url": "https://93.184.216.34/hooks/liaison"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(
        endpoint["secret"]
            .as_str()
            .is_some_and(|s| s.starts_with("whsec_"))
    );
    let (_, listed) = send(
        &app,
        &token,
        reqwest::Method::GET,
        "/api/v1/webhooks/endpoints",
        None,
    )
    .await;
    assert_eq!(listed[0]["url"], "https://93.184.216.34/hooks/liaison");
    assert!(
        listed[0].get("secret").is_none(),
        "the secret is shown once"
    );
    let id = endpoint["id"].as_str().expect("id");
    let (status, _) = send(
        &app,
        &adatum,
        reqwest::Method::DELETE,
        &format!("/api/v1/webhooks/endpoints/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not Adatum's");
    let (status, _) = send(
        &app,
        &token,
        reqwest::Method::DELETE,
        &format!("/api/v1/webhooks/endpoints/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn each_partner_is_rate_limited_with_retry_after() {
    let app = TestApp::spawn_with(|settings| settings.api_rate_per_minute = 5).await;
    let token = token_of(&app, "admin@contoso.example", None).await;
    let other = token_of(&app, "admin@adatum.example", None).await;
    let path = "/api/v1/invitations";
    for _ in 0..5 {
        assert_eq!(get(&app, Some(&token), path).await.0, StatusCode::OK);
    }
    let response = reqwest::Client::new()
        .get(format!("{}{path}", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    // Another partner's token is counted apart.
    assert_eq!(get(&app, Some(&other), path).await.0, StatusCode::OK);
}

#[tokio::test]
async fn made_up_tokens_from_one_client_share_its_budget_and_get_429_past_it() {
    let app = TestApp::spawn_with(|settings| settings.api_rate_per_minute = 5).await;
    let path = "/api/v1/invitations";
    // Made before the burst, so that the burst's budget does not refill
    // meanwhile (one request every 12 s).
    let token = token_of(&app, "admin@contoso.example", None).await;
    let revoked = token_of(&app, "admin@contoso.example", None).await;
    let admin = app.sign_in_as("admin@contoso.example").await;
    let id = app
        .text("SELECT id FROM api_tokens ORDER BY created_at DESC, id DESC LIMIT 1")
        .await;
    admin.run(RevokeToken { id }).await.expect("revoked");

    // Eight tokens of Liaison's shape that do not exist, each new.
    let mut statuses = Vec::new();
    for n in 0..8 {
        let made_up = format!("lia_{n:0>43}");
        statuses.push(get(&app, Some(&made_up), path).await.0);
    }
    let mut expected = vec![StatusCode::UNAUTHORIZED; 5];
    expected.extend([StatusCode::TOO_MANY_REQUESTS; 3]);
    assert_eq!(statuses, expected, "counted by the client's address");
    // A revoked token, or none, is counted by the address too.
    assert_eq!(
        get(&app, Some(&revoked), path).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(get(&app, None, path).await.0, StatusCode::TOO_MANY_REQUESTS);
    // A valid token is counted by its partner, not by the address.
    assert_eq!(get(&app, Some(&token), path).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_partners_tokens_share_one_budget_and_another_partner_is_counted_apart() {
    let app = TestApp::spawn_with(|settings| settings.api_rate_per_minute = 5).await;
    let first = token_of(&app, "admin@contoso.example", None).await;
    let second = token_of(&app, "admin@contoso.example", None).await;
    let third = token_of(&app, "admin@contoso.example", None).await;
    let other = token_of(&app, "admin@adatum.example", None).await;
    let path = "/api/v1/invitations";
    for token in [&first, &second, &first, &second, &first] {
        assert_eq!(get(&app, Some(token), path).await.0, StatusCode::OK);
    }
    for token in [&second, &third, &first] {
        assert_eq!(
            get(&app, Some(token), path).await.0,
            StatusCode::TOO_MANY_REQUESTS,
            "Contoso's tokens share one budget"
        );
    }
    assert_eq!(get(&app, Some(&other), path).await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_eleventh_endpoint_is_refused_over_the_api_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let token = token_of(&app, "admin@contoso.example", None).await;
    let add = |n: usize| {
        let (app, token) = (&app, &token);
        async move {
            send(
                app,
                token,
                reqwest::Method::POST,
                "/api/v1/webhooks/endpoints",
                Some(&format!(r#"{{"url": "https://93.184.216.34/hooks/{n}"}}"#)),
            )
            .await
        }
    };
    for n in 0..10 {
        let (status, endpoint) = add(n).await;
        assert_eq!(status, StatusCode::CREATED, "{n}: {endpoint}");
    }
    let (status, problem) = add(10).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(problem["code"], "too_many_endpoints");
    assert_eq!(
        problem["detail"],
        "You have 10 endpoints, as many as a partner may have. Remove one before adding another."
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM webhook_endpoints").await,
        10
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'webhook_endpoint_added'")
            .await,
        10
    );
    let (_, listed) = send(
        &app,
        &token,
        reqwest::Method::GET,
        "/api/v1/webhooks/endpoints",
        None,
    )
    .await;
    assert_eq!(listed.as_array().map(Vec::len), Some(10));
    // Another partner has its own ten.
    let adatum = token_of(&app, "admin@adatum.example", None).await;
    let (status, _) = send(
        &app,
        &adatum,
        reqwest::Method::POST,
        "/api/v1/webhooks/endpoints",
        Some(r#"{"url": "https://93.184.216.34/hooks/adatum"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_names_every_route() {
    let app = TestApp::spawn().await;
    let (status, _, document) = get(&app, None, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(document["openapi"], "3.1.0");
    let paths: Vec<&str> = document["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    for path in [
        "/api/v1/customers/relationshiprequests",
        "/api/v1/customers",
        "/api/v1/customers/{customer}/subscriptions",
        "/api/v1/invitations",
        "/api/v1/invitations/{id}",
        "/api/v1/webhooks/endpoints",
        "/api/v1/webhooks/endpoints/{id}",
    ] {
        assert!(paths.contains(&path), "{path} in {paths:?}");
    }
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    // Every operation says what a refused token and too many requests get.
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("operations") {
            for status in ["401", "429"] {
                let answer = &operation["responses"][status];
                assert!(
                    answer["content"]["application/problem+json"].is_object(),
                    "{method} {path} documents {status}: {answer}"
                );
            }
            assert!(
                operation["responses"]["429"]["headers"]["Retry-After"].is_object(),
                "{method} {path}"
            );
        }
    }
}

/// Every route of the OpenAPI document, with what it is called with: a
/// route without a row fails, so a new one cannot ship unreviewed. Only an
/// admin agent's token gets in; a signed-in browser's cookie (even an
/// admin agent's) does not, nor does anyone without a token.
const ROUTES: &[(&str, &str, Option<&str>)] = &[
    ("get", "/api/v1/customers/relationshiprequests", None),
    ("get", "/api/v1/customers", None),
    ("get", "/api/v1/customers/fabrikam/subscriptions", None),
    ("get", "/api/v1/invitations", None),
    (
        "post",
        "/api/v1/invitations",
        Some(r#"{"domain": "matrix.example"}"#),
    ),
    ("delete", "/api/v1/invitations/{id}", None),
    ("get", "/api/v1/webhooks/endpoints", None),
    (
        "post",
        "/api/v1/webhooks/endpoints",
        Some(r#"{"url": "https://93.184.216.34/m"}"#),
    ),
    ("delete", "/api/v1/webhooks/endpoints/{id}", None),
];

#[tokio::test]
async fn every_api_route_admits_exactly_an_admin_agents_token() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let (_, _, document) = get(&app, None, "/api/v1/openapi.json").await;
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("operations").keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    let listed = |method: &str, path: &str| {
        ROUTES.iter().any(|(m, p, _)| {
            *m == method && (p == &path || path.contains("{customer}") && p.contains("fabrikam"))
        })
    };
    for (method, path) in &documented {
        assert!(listed(method, path), "{method} {path} has no row");
    }
    assert_eq!(documented.len(), ROUTES.len());

    let token = token_of(&app, "admin@contoso.example", None).await;
    let browser = app.sign_in_as("admin@contoso.example").await;
    for (method, path, body) in ROUTES {
        let method: reqwest::Method = method.to_uppercase().parse().expect("method");
        // A real id of Contoso's for the routes that name one.
        let path = if path.contains("/invitations/{id}") {
            let (_, created) = send(
                &app,
                &token,
                reqwest::Method::POST,
                "/api/v1/invitations",
                Some(r#"{"domain": "cancel.example"}"#),
            )
            .await;
            path.replace("{id}", created["id"].as_str().expect("id"))
        } else if path.contains("/endpoints/{id}") {
            let (_, created) = send(
                &app,
                &token,
                reqwest::Method::POST,
                "/api/v1/webhooks/endpoints",
                Some(r#"{"url": "https://93.184.216.34/x"}"#),
            )
            .await;
            path.replace("{id}", created["id"].as_str().expect("id"))
        } else {
            path.to_string()
        };
        for client in [reqwest::Client::new(), browser.client.clone()] {
            let mut request = client.request(method.clone(), format!("{}{path}", app.base));
            if let Some(body) = body {
                request = request
                    .header("content-type", "application/json")
                    .body(*body);
            }
            let response = request.send().await.expect("request");
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path} without a token"
            );
        }
        let (status, answer) = send(&app, &token, method.clone(), &path, *body).await;
        assert!(
            status.is_success(),
            "{method} {path} with a token: {status} {answer}"
        );
    }
    // Other partner agents cannot make tokens at all.
    for email in [
        "sales@contoso.example",
        "helpdesk@contoso.example",
        "admin@fabrikam.example",
    ] {
        let agent = app.sign_in_as(email).await;
        let made = agent
            .run(CreateToken {
                name: "Nope".into(),
                expires_in_days: None,
            })
            .await;
        assert!(made.is_err(), "{email}");
    }
}

#[tokio::test]
async fn unknown_addresses_and_methods_under_the_api_answer_with_problems() {
    let app = TestApp::spawn().await;
    let token = token_of(&app, "admin@contoso.example", None).await;
    let (status, kind, problem) = get(&app, Some(&token), "/api/v1/nothing/here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(kind, "application/problem+json");
    assert_eq!(problem["status"], 404);
    let (status, _) = send(
        &app,
        &token,
        reqwest::Method::PUT,
        "/api/v1/invitations",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    // The scheme is read in any case (RFC 9110).
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/invitations", app.base))
        .header("Authorization", format!("bearer {token}"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
}

/// A GET with `Accept-Language: language`.
async fn get_in(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
    language: &str,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new()
        .get(format!("{}{path}", app.base))
        .header("accept-language", language);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let body = response.text().await.expect("body");
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_refusal_reads_as_on_the_page_in_the_requests_language_with_a_stable_code() {
    let app = TestApp::spawn().await;
    let token = token_of(&app, "admin@contoso.example", None).await;
    let (_, created) = send(
        &app,
        &token,
        reqwest::Method::POST,
        "/api/v1/invitations",
        Some(r#"{"domain": "tailspin.example"}"#),
    )
    .await;
    let path = format!(
        "/api/v1/invitations/{}",
        created["id"].as_str().expect("id")
    );
    let cancel = |language: &'static str| {
        let (app, token, path) = (&app, &token, &path);
        async move {
            let response = reqwest::Client::new()
                .delete(format!("{}{path}", app.base))
                .bearer_auth(token)
                .header("accept-language", language)
                .send()
                .await
                .expect("request");
            let status = response.status();
            let language = response
                .headers()
                .get("content-language")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            (status, language, body)
        }
    };
    assert_eq!(cancel("en").await.0, StatusCode::NO_CONTENT);

    // Cancelled already: the sentence the invitations page shows, by language.
    let (status, language, english) = cancel("en-GB,en;q=0.9").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(language, "en");
    assert_eq!(english["code"], "invitation_not_pending");
    assert_eq!(
        english["detail"],
        "This invitation is no longer pending: it was accepted, declined, cancelled or has expired."
    );
    let (status, language, french) = cancel("de;q=1, fr-FR;q=0.8, en;q=0.5").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(language, "fr");
    assert_eq!(french["code"], "invitation_not_pending");
    assert_eq!(
        french["detail"],
        "Cette invitation n'est plus en attente\u{a0}: elle a été acceptée, refusée, annulée ou a expiré."
    );
    assert_eq!(french["title"], english["title"]);
    // A language Liaison does not speak: English.
    let (_, language, _) = cancel("de").await;
    assert_eq!(language, "en");

    // The problems of the request itself too, and nothing Rust-specific.
    let (status, problem) = get_in(&app, None, "/api/v1/invitations", "fr").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["code"], "unauthorized");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("Un jeton d’API valide est nécessaire")),
        "{problem}"
    );
    let (status, problem) = get_in(&app, Some(&token), "/api/v1/customers?limit=0", "fr").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["code"], "bad_query");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("Les paramètres de l’adresse ne sont pas valides")),
        "{problem}"
    );
    let (_, problem) = get_in(&app, Some(&token), "/api/v1/nothing", "fr").await;
    assert_eq!(problem["code"], "not_found");
    assert_eq!(problem["detail"], "Rien ici pour ce jeton.");

    // Every code sent is one the OpenAPI document lists.
    let (_, _, document) = get(&app, None, "/api/v1/openapi.json").await;
    let codes = document["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]
        .as_array()
        .expect("the codes")
        .clone();
    for code in [
        "invitation_not_pending",
        "unauthorized",
        "bad_query",
        "not_found",
        "endpoint_private",
        "service_held_by",
        "rate_limited",
    ] {
        assert!(codes.contains(&Value::from(code)), "{code}");
    }
    assert!(
        !codes.iter().any(|code| code
            .as_str()
            .is_none_or(|c| c.contains('.') || c.contains('"'))),
        "{codes:?}"
    );
}

#[tokio::test]
async fn a_page_of_customers_carries_every_customers_roles_as_their_pages_show_them() {
    let app = TestApp::spawn().await;
    let fabrikam = app.accepts("admin@fabrikam.example", "contoso", true).await;
    app.accepts("admin@tailspin.example", "contoso", true).await;
    fabrikam
        .run(app::relationships::RemoveRole {
            partner: "contoso".into(),
            role: "helpdesk-administrator".into(),
        })
        .await
        .expect("removed one role");
    let token = token_of(&app, "admin@contoso.example", None).await;
    let browser = app.sign_in_as("admin@contoso.example").await;

    let (status, _, page) = get(&app, Some(&token), "/api/v1/customers?limit=100").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let items = page["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{page}");
    for customer in items {
        let slug = customer["slug"].as_str().expect("slug");
        let overview = browser
            .run(app::customers::LoadCustomer {
                customer: slug.to_string(),
            })
            .await
            .expect("the customer's page");
        let shown: Vec<Value> = overview
            .grants
            .iter()
            .flat_map(|service| {
                service.roles.iter().map(|grant| {
                    serde_json::json!({
                        "id": grant.role.as_sql(),
                        "service": service.service,
                        "state": match grant.state {
                            app::relationships::GrantState::Active => "active",
                            app::relationships::GrantState::Removed => "removed",
                            app::relationships::GrantState::Ended => "ended",
                            app::relationships::GrantState::NotGranted => "notgranted",
                        },
                        "endsOn": grant.ends_on,
                        "autoExtend": grant.auto_extend,
                        "lastUsedOn": grant.last_used_on,
                    })
                })
            })
            .collect();
        let listed: Vec<Value> = customer["roles"]
            .as_array()
            .expect("roles")
            .iter()
            .map(|role| {
                let mut role = role.clone();
                role.as_object_mut().expect("a role").remove("name");
                role
            })
            .collect();
        assert!(shown.len() >= 2, "{slug}: {shown:?}");
        assert_eq!(listed, shown, "{slug}");
    }
    let fabrikam = items
        .iter()
        .find(|c| c["slug"] == "fabrikam")
        .expect("fabrikam");
    assert!(
        fabrikam["roles"]
            .as_array()
            .expect("roles")
            .iter()
            .any(|role| role["id"] == "helpdesk-administrator" && role["state"] == "removed"),
        "{fabrikam}"
    );
}
