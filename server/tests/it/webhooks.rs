//! R15 through real parts: a real HTTP receiver started by the test gets
//! the partner's events, signed (checked by an independent implementation,
//! Python's `hmac`); a real SMTP server gets the email of both sides; a
//! failing endpoint is tried again; a crash between the commit and the
//! delivery loses nothing, and two workers post each delivery once;
//! endpoints on private addresses are refused.
use std::sync::{Arc, Mutex};

use app::db::Clock;
use app::integrations::{AddEndpoint, LoadIntegrations, NewEndpoint};
use app::notify::AllowPrivate;
use app::notify::webhooks::deliver_due;

use crate::common::{self, PASSWORD, Process, SmtpSink, TestApp, accept_roles};

/// One request the receiver got.
#[derive(Clone, Debug)]
pub struct Received {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
}

/// A real HTTP server on a free port that records every post, answering
/// the first `failures` of them with a 500 and the rest with a 204.
pub struct Receiver {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    pub async fn start(failures: usize) -> Receiver {
        use axum::http::{HeaderMap, StatusCode};
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let seen = received.clone();
        let hook = move |headers: HeaderMap, body: String| {
            let seen = seen.clone();
            async move {
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string()
                };
                let mut all = seen.lock().expect("lock");
                all.push(Received {
                    id: header("webhook-id"),
                    timestamp: header("webhook-timestamp"),
                    signature: header("webhook-signature"),
                    body,
                });
                if all.len() <= failures {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        };
        let router = axum::Router::new().route("/hook", axum::routing::post(hook));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("port");
        let url = format!("http://{}/hook", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, router).await });
        Receiver { url, received }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits up to 30 s for `n` requests.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let started = std::time::Instant::now();
        while self.received().len() < n {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(30),
                "{} of {n} webhooks arrived",
                self.received().len()
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        self.received()
    }
}

/// Whether `secret` signed `received`, as Standard Webhooks defines it,
/// checked by Python's standard library rather than by our code.
pub fn signed_by(secret: &str, received: &Received) -> bool {
    const CHECK: &str = r#"
import base64, hashlib, hmac, sys
secret, msg_id, ts, header = sys.argv[1:5]
body = sys.stdin.buffer.read()
key = base64.b64decode(secret.split("_", 1)[1])
expected = base64.b64encode(hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
sys.exit(0 if any(s.startswith("v1,") and hmac.compare_digest(s[3:], expected) for s in header.split()) else 1)
"#;
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args(["-c", CHECK, secret, &received.id, &received.timestamp])
        .arg(&received.signature)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(received.body.as_bytes())
        .expect("body");
    child.wait().expect("python3 ends").success()
}

async fn add_endpoint(admin: &common::Actor, url: &str) -> NewEndpoint {
    admin
        .run(AddEndpoint {
            url: url.to_string(),
        })
        .await
        .expect("endpoint added")
}

#[tokio::test]
async fn an_acceptance_reaches_the_partners_endpoint_signed_and_both_sides_by_email() {
    let dir = tempfile::tempdir().expect("directory");
    let sink = SmtpSink::start(&dir.path().join("mail"));
    let receiver = Receiver::start(0).await;
    let db_url = common::fresh_database(dir.path()).await;
    let site_root = dir.path().join("site").display().to_string();
    let smtp = sink.url();
    let env = [
        ("LIAISON_SMTP_URL", smtp.as_str()),
        ("LIAISON_MAIL_FROM", "Liaison <liaison@liaison.test>"),
        ("LIAISON_WEBHOOK_ALLOW_PRIVATE", "1"),
    ];
    // Two processes: the endpoint is added on one, the acceptance is served
    // by the other, and either worker may post it.
    let one = Process::start_with(&db_url, &site_root, &env).await;
    let two = Process::start_with(&db_url, &site_root, &env).await;
    let pool = common::connect(&db_url).await;

    let contoso = one.browser();
    contoso
        .run(common::sign_in("admin@contoso.example", PASSWORD))
        .await
        .expect("signed in");
    let endpoint = add_endpoint(&contoso, &receiver.url).await;
    assert!(endpoint.secret.starts_with("whsec_"), "{}", endpoint.secret);
    let page = contoso.run(LoadIntegrations {}).await.expect("page");
    assert_eq!(page.endpoints.len(), 1);
    let code = {
        let page = contoso
            .run(app::invitations::LoadInvitation {})
            .await
            .expect("link");
        page.link_with_dap
            .rsplit('/')
            .next()
            .expect("code")
            .to_string()
    };

    let tailspin = two.browser();
    tailspin
        .run(common::sign_in("admin@tailspin.example", PASSWORD))
        .await
        .expect("signed in");
    // A French reader (signing in wrote the language of the page).
    app::db::query("UPDATE users SET locale = 'fr' WHERE email = 'admin@tailspin.example'")
        .execute(&pool)
        .await
        .expect("a French reader");
    tailspin
        .run(accept_roles(
            &code,
            &["user-administrator", "helpdesk-administrator"],
        ))
        .await
        .expect("accepted");

    let received = receiver.wait_for(1).await;
    let hook = &received[0];
    assert!(
        signed_by(&endpoint.secret, hook),
        "the signature checks out"
    );
    assert!(!signed_by("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", hook));
    let body: serde_json::Value = serde_json::from_str(&hook.body).expect("JSON");
    assert_eq!(body["type"], "relationship.created");
    assert!(body["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')));
    assert_eq!(body["data"]["customerName"], "Tailspin Toys");
    assert_eq!(body["data"]["by"], "admin@tailspin.example");
    let roles: Vec<&str> = body["data"]["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(roles, ["User Administrator", "Helpdesk Administrator"]);
    assert!(hook.id.starts_with("msg_"));

    // Both sides by email: Contoso's admin agents, and the administrator
    // who accepted (in French), with what was granted and no secret.
    let started = std::time::Instant::now();
    let about = |messages: &[serde_json::Value], to: &str| {
        messages
            .iter()
            .find(|m| m["to"].to_string().contains(to))
            .cloned()
    };
    loop {
        let messages = sink.messages();
        if about(&messages, "admin@contoso.example").is_some()
            && about(&messages, "admin@tailspin.example").is_some()
        {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "both emails arrive: {messages:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let messages = sink.messages();
    let partner = about(&messages, "admin@contoso.example").expect("partner");
    // The subject says what was not granted; people by name and address,
    // roles with their service.
    assert_eq!(
        partner["subject"],
        "Tailspin Toys accepted your relationship request without 6 roles"
    );
    let text = partner["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("Tom Tailspin (admin@tailspin.example) accepted"),
        "{text}"
    );
    assert!(
        text.contains(
            "User Administrator (Microsoft 365), Helpdesk Administrator (Microsoft 365), until 20"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Not granted (the customer unticked them): License Administrator (Microsoft 365)"
        ),
        "{text}"
    );
    let customer = about(&messages, "admin@tailspin.example").expect("customer");
    assert_eq!(
        customer["subject"],
        "Vous avez accepté la demande de Contoso"
    );
    let text = customer["text"].as_str().unwrap_or_default();
    assert!(text.contains("/admin/partner-relationships"), "{text}");
    assert!(
        text.contains("Administrateur d'utilisateurs (Microsoft 365)"),
        "{text}"
    );
    assert!(text.contains("Vous recevez cet e-mail parce que"), "{text}");
    for message in &messages {
        let text = message["text"].to_string();
        assert!(!text.contains("whsec_") && !text.contains(&code), "{text}");
    }

    // The page lists the delivery, answered 204, once.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(receiver.received().len(), 1, "posted once");
    let page = contoso.run(LoadIntegrations {}).await.expect("page");
    assert_eq!(page.deliveries.len(), 1);
    assert_eq!(page.deliveries[0].event_type, "relationship.created");
    assert_eq!(page.deliveries[0].response_code, Some(204));
}

/// A server with the demo data whose endpoints may be on loopback; no
/// worker runs, each test posts with `deliver_due` itself.
async fn app_allowing_private() -> TestApp {
    TestApp::spawn_with(|settings| settings.webhook_allow_private = true).await
}

/// Tailspin accepts Contoso's link: one event for Contoso's endpoints.
async fn tailspin_accepts(app: &TestApp) {
    let code = app.link_code("contoso", true).await;
    let admin = app.sign_in_as("admin@tailspin.example").await;
    admin
        .run(accept_roles(&code, &["reader"]))
        .await
        .expect("accepted");
}

#[tokio::test]
async fn a_failing_endpoint_is_tried_again_later_with_the_same_id_and_delivered_once() {
    let app = app_allowing_private().await;
    let receiver = Receiver::start(1).await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    add_endpoint(&contoso, &receiver.url).await;
    tailspin_accepts(&app).await;
    let allow = AllowPrivate(true);

    assert_eq!(
        deliver_due(&app.pool, &app.clock, allow)
            .await
            .expect("posted"),
        0
    );
    assert_eq!(receiver.received().len(), 1, "tried once, answered 500");
    let page = contoso.run(LoadIntegrations {}).await.expect("page");
    assert_eq!(page.deliveries[0].response_code, Some(500));
    assert_eq!(
        page.deliveries[0].status,
        app::integrations::DeliveryStatus::Retrying
    );
    // Not before its backoff.
    assert_eq!(
        deliver_due(&app.pool, &app.clock, allow)
            .await
            .expect("posted"),
        0
    );
    assert_eq!(receiver.received().len(), 1);

    app.clock.advance(std::time::Duration::from_secs(6));
    assert_eq!(
        deliver_due(&app.pool, &app.clock, allow)
            .await
            .expect("posted"),
        1
    );
    let received = receiver.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].id, received[1].id, "the same webhook-id");
    assert_eq!(received[0].body, received[1].body, "the same body");

    app.clock.advance(std::time::Duration::from_secs(3600));
    assert_eq!(
        deliver_due(&app.pool, &app.clock, allow)
            .await
            .expect("posted"),
        0
    );
    assert_eq!(receiver.received().len(), 2, "nothing after a 2xx");
    let page = contoso.run(LoadIntegrations {}).await.expect("page");
    assert_eq!(page.deliveries[0].attempts, 2);
    assert_eq!(page.deliveries[0].response_code, Some(204));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM webhook_attempts").await,
        2,
        "each attempt recorded"
    );

    // "Redeliver" posts it again, with the same id.
    contoso
        .run(app::integrations::Redeliver {
            id: page.deliveries[0].id.clone(),
        })
        .await
        .expect("redelivered");
    assert_eq!(
        deliver_due(&app.pool, &app.clock, allow)
            .await
            .expect("posted"),
        1
    );
    assert_eq!(receiver.received()[2].id, received[0].id);
}

#[tokio::test]
async fn a_crash_between_the_commit_and_the_post_loses_nothing_and_two_workers_post_each_once() {
    let app = app_allowing_private().await;
    let receiver = Receiver::start(0).await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    add_endpoint(&contoso, &receiver.url).await;
    // Events committed while no worker runs (the process died right
    // after the commit): Tailspin accepts, then removes and restores.
    tailspin_accepts(&app).await;
    let tailspin = app.sign_in_as("admin@tailspin.example").await;
    for _ in 0..3 {
        tailspin
            .run(app::relationships::RemoveDap {
                partner: "contoso".into(),
                service: None,
            })
            .await
            .expect("removed");
        let code = app.link_code("contoso", true).await;
        tailspin
            .run(accept_roles(&code, &["reader"]))
            .await
            .expect("restored");
    }
    let events = app
        .count("SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_ms IS NULL")
        .await;
    assert_eq!(events, 7, "created, then removed and restored three times");
    // A worker claimed some of them, then died without posting.
    app::db::query(
        "UPDATE webhook_deliveries SET claimed_until_ms = $1, attempts = 1
         WHERE id IN (SELECT id FROM webhook_deliveries ORDER BY id LIMIT 3)",
    )
    .bind(app.clock.now_ms() + 60_000)
    .execute(&app.pool)
    .await
    .expect("a dead worker's claims");

    // Two workers at once: the unclaimed ones, each once.
    let allow = AllowPrivate(true);
    let (a, b) = tokio::join!(
        deliver_due(&app.pool, &app.clock, allow),
        deliver_due(&app.pool, &app.clock, allow)
    );
    assert_eq!(a.expect("one") + b.expect("two"), 4);
    // The dead worker's claims lapse; then both workers again.
    app.clock.advance(std::time::Duration::from_secs(61));
    let (a, b) = tokio::join!(
        deliver_due(&app.pool, &app.clock, allow),
        deliver_due(&app.pool, &app.clock, allow)
    );
    assert_eq!(a.expect("one") + b.expect("two"), 3);
    let received = receiver.received();
    let ids: std::collections::HashSet<_> = received.iter().map(|r| r.id.clone()).collect();
    assert_eq!(received.len(), 7, "every event posted");
    assert_eq!(ids.len(), 7, "none twice");
    let types: Vec<String> = received
        .iter()
        .map(|r| {
            serde_json::from_str::<serde_json::Value>(&r.body).expect("JSON")["type"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        types.iter().filter(|t| *t == "privileges.removed").count(),
        3
    );
    assert_eq!(
        types.iter().filter(|t| *t == "privileges.restored").count(),
        3
    );
    assert_eq!(
        types
            .iter()
            .filter(|t| *t == "relationship.created")
            .count(),
        1
    );
}

#[tokio::test]
async fn endpoints_on_private_loopback_and_link_local_addresses_are_refused() {
    use app::error::{AppError, Refusal};
    use app::integrations::Refusal as Why;
    let app = TestApp::spawn().await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    for (url, why) in [
        ("http://127.0.0.1:8080/hook", Why::EndpointPrivate),
        ("http://localhost/hook", Why::EndpointPrivate),
        ("http://10.0.0.7/hook", Why::EndpointPrivate),
        ("http://192.168.1.1/hook", Why::EndpointPrivate),
        (
            "http://169.254.169.254/latest/meta-data",
            Why::EndpointPrivate,
        ),
        ("http://[::1]/hook", Why::EndpointPrivate),
        ("http://[::ffff:127.0.0.1]/hook", Why::EndpointPrivate),
        ("http://[fd00::1]/hook", Why::EndpointPrivate),
        ("http://0.0.0.0/hook", Why::EndpointPrivate),
        ("ftp://93.184.216.34/hook", Why::EndpointUrl),
        ("file:///etc/passwd", Why::EndpointUrl),
        ("https://user:pass@93.184.216.34/", Why::EndpointUrl),
        ("not a url", Why::EndpointUrl),
    ] {
        let refused = contoso
            .run(AddEndpoint {
                url: url.to_string(),
            })
            .await;
        assert_eq!(
            refused,
            Err(AppError::Refused(Refusal::Integrations(why))),
            "{url}"
        );
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM webhook_endpoints").await, 0);

    // An endpoint that became private (its name now resolves to loopback,
    // say) is checked again at each attempt: nothing is posted to it.
    let receiver = Receiver::start(0).await;
    app::db::query(
        "INSERT INTO webhook_endpoints (id, partner_id, url, secret, created_at, created_by)
         SELECT 'rebound', organization_id, $1, 'whsec_AAAA', '2026-01-01T00:00:00Z', id
         FROM users WHERE email = 'admin@contoso.example'",
    )
    .bind(&receiver.url)
    .execute(&app.pool)
    .await
    .expect("an endpoint");
    tailspin_accepts(&app).await;
    let clock: &Clock = &app.clock;
    assert_eq!(
        deliver_due(&app.pool, clock, AllowPrivate(false))
            .await
            .expect("posted"),
        0
    );
    assert!(receiver.received().is_empty(), "nothing reached loopback");
    assert_eq!(
        app.text("SELECT error FROM webhook_attempts").await,
        "the endpoint is on a private address"
    );
}

#[tokio::test]
async fn every_change_that_matters_is_an_event_with_email_to_whom_it_concerns() {
    use app::invitations::SaveRequest;
    let app = TestApp::spawn().await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    contoso
        .run(SaveRequest {
            roles: Some(vec!["reader".into(), "user-administrator".into()]),
            duration_days: "8".into(),
            auto_extend: None,
        })
        .await
        .expect("asked");
    let code = app.link_code("contoso", true).await;
    let tom = app.sign_in_as("admin@tailspin.example").await;
    tom.run(accept_roles(&code, &["reader", "user-administrator"]))
        .await
        .expect("accepted");
    contoso
        .run(app::support::OpenSupportRequest {
            customer: "tailspin".into(),
            title: "Mail stuck".into(),
            description: "Since this morning.".into(),
            severity: "high".into(),
        })
        .await
        .expect("opened");
    contoso
        .run(app::subscriptions::CreateSubscription {
            customer: "tailspin".into(),
            service: "microsoft-365".into(),
            offer: "m365-e3".into(),
            seats: "5".into(),
        })
        .await
        .expect("created");
    tom.run(app::relationships::RemoveRole {
        partner: "contoso".into(),
        role: "reader".into(),
    })
    .await
    .expect("removed");
    app::relationships::schedule::run_once(&app.pool, &app.clock, "http://liaison.test")
        .await
        .expect("a round: 8 days left");
    app.advance_days(9);
    app::relationships::schedule::run_once(&app.pool, &app.clock, "http://liaison.test")
        .await
        .expect("a round: ended");

    let types: Vec<String> =
        app::db::query_scalar("SELECT type FROM events ORDER BY created_ms, id")
            .fetch_all(&app.pool)
            .await
            .expect("events");
    assert_eq!(
        types,
        [
            "relationship.created",
            "support.opened",
            "subscription.created",
            "privileges.removed",
            "role.expiring",
            "role.ended",
        ]
    );
    let mail = |to: &'static str| {
        let pool = app.pool.clone();
        async move {
            app::db::query_scalar::<String>(
                "SELECT subject FROM outbox WHERE recipient = $1 ORDER BY created_ms, id",
            )
            .bind(to)
            .fetch_all(&pool)
            .await
            .expect("outbox")
        }
    };
    assert_eq!(
        mail("admin@contoso.example").await,
        [
            "Tailspin Toys accepted your relationship request",
            "Tailspin Toys removed Reader (Azure)",
            "Ending in 8 days at Tailspin Toys: User Administrator (Microsoft 365)",
            "Ended at Tailspin Toys: User Administrator (Microsoft 365)",
        ]
    );
    assert_eq!(
        mail("admin@tailspin.example").await,
        [
            "You accepted the request of Contoso",
            "Support request opened: Mail stuck",
            "Contoso added a subscription: Microsoft 365 E3 × 5",
            "Ending in 8 days at Tailspin Toys: User Administrator (Microsoft 365)",
            "Ended at Tailspin Toys: User Administrator (Microsoft 365)",
        ]
    );
    // The sales agent of Contoso is not an admin agent: nothing for them.
    assert!(mail("sales@contoso.example").await.is_empty());
}

/// Runs the worker until nothing more is delivered; returns how many were.
async fn post_what_is_due(app: &TestApp) -> usize {
    let mut delivered = 0;
    loop {
        match deliver_due(&app.pool, &app.clock, AllowPrivate(true)).await {
            Ok(0) => return delivered,
            Ok(n) => delivered += n,
            Err(error) => panic!("the worker failed: {error}"),
        }
    }
}

#[tokio::test]
async fn the_eleventh_endpoint_is_refused_even_when_added_at_once_and_nothing_is_written() {
    use app::error::{AppError, Refusal};
    use app::integrations::{Refusal as Why, RemoveEndpoint};
    let app = app_allowing_private().await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    let add = |n: usize| {
        contoso.run(AddEndpoint {
            url: format!("http://127.0.0.1:9/hooks/{n}"),
        })
    };
    for n in 0..8 {
        add(n).await.expect("endpoint added");
    }
    // Four at once for the last two places.
    let (a, b, c, d) = tokio::join!(add(8), add(9), add(10), add(11));
    let answers = [a, b, c, d];
    let too_many: Result<NewEndpoint, AppError> = Err(AppError::Refused(Refusal::Integrations(
        Why::TooManyEndpoints,
    )));
    assert_eq!(
        answers.iter().filter(|answer| answer.is_ok()).count(),
        2,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|answer| **answer == too_many).count(),
        2
    );
    assert_eq!(add(12).await, too_many);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM webhook_endpoints").await,
        10
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'webhook_endpoint_added'")
            .await,
        10,
        "nothing written for a refused one"
    );
    // Removing one makes room for one.
    let page = contoso.run(LoadIntegrations {}).await.expect("page");
    contoso
        .run(RemoveEndpoint {
            id: page.endpoints[0].id.clone(),
        })
        .await
        .expect("removed");
    add(13).await.expect("endpoint added");
    assert_eq!(add(14).await, too_many);
}

#[tokio::test]
async fn redelivering_many_times_quickly_posts_a_bounded_number_of_times() {
    use app::error::{AppError, Refusal};
    use app::integrations::{Redeliver, Refusal as Why};
    let app = app_allowing_private().await;
    let receiver = Receiver::start(0).await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    add_endpoint(&contoso, &receiver.url).await;
    tailspin_accepts(&app).await;
    assert_eq!(post_what_is_due(&app).await, 1);
    let page = contoso.run(LoadIntegrations {}).await.expect("page");
    let id = page.deliveries[0].id.clone();
    let redeliver = || contoso.run(Redeliver { id: id.clone() });
    let refused =
        |why| -> Result<(), AppError> { Err(AppError::Refused(Refusal::Integrations(why))) };

    // Fourteen quick clicks: the event is queued once.
    let mut answers = Vec::new();
    for _ in 0..14 {
        answers.push(redeliver().await);
    }
    post_what_is_due(&app).await;
    assert_eq!(
        receiver.received().len(),
        2,
        "posted once more, not once per click: {answers:?}"
    );
    assert_eq!(answers[0], Ok(()));
    assert!(
        answers[1..]
            .iter()
            .all(|answer| *answer == refused(Why::RedeliveryWaiting)),
        "{answers:?}"
    );

    // Clicked again as soon as each is posted: ten a minute.
    let mut answers = Vec::new();
    for _ in 0..14 {
        let answer = redeliver().await;
        if answer.is_ok() {
            post_what_is_due(&app).await;
        }
        answers.push(answer);
    }
    assert_eq!(
        receiver.received().len(),
        11,
        "ten redeliveries this minute: {answers:?}"
    );
    assert_eq!(
        answers[9..].to_vec(),
        vec![refused(Why::TooManyRedeliveries); 5]
    );

    // A minute later, again.
    app.clock.advance(std::time::Duration::from_secs(61));
    redeliver().await.expect("redelivered");
    post_what_is_due(&app).await;
    let received = receiver.received();
    assert_eq!(received.len(), 12);
    assert!(
        received.iter().all(|r| r.id == received[0].id),
        "the same webhook-id"
    );
}

#[tokio::test]
async fn an_endpoint_gets_at_most_thirty_posts_a_minute_and_the_rest_wait_without_holding_up_others()
 {
    let app = app_allowing_private().await;
    let busy = Receiver::start(0).await;
    let quiet = Receiver::start(0).await;
    let contoso = app.sign_in_as("admin@contoso.example").await;
    let busy_endpoint = add_endpoint(&contoso, &busy.url).await.endpoint.id;
    add_endpoint(&contoso, &quiet.url).await;
    tailspin_accepts(&app).await;
    // Thirty-nine more for the busy endpoint, due before the quiet one's.
    let event = app.text("SELECT id FROM events").await;
    let earlier = app.clock.now_ms() - 1_000;
    for n in 0..39 {
        app::db::query(
            "INSERT INTO webhook_deliveries (id, event_id, endpoint_id, created_ms, next_attempt_ms)
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(format!("flood-{n:02}"))
        .bind(&event)
        .bind(&busy_endpoint)
        .bind(earlier)
        .execute(&app.pool)
        .await
        .expect("a delivery");
    }

    assert_eq!(post_what_is_due(&app).await, 31);
    assert_eq!(busy.received().len(), 30, "thirty a minute");
    assert_eq!(
        quiet.received().len(),
        1,
        "the other endpoint is not held up"
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM webhook_deliveries
             WHERE delivered_ms IS NULL AND failed_ms IS NULL AND attempts = 0"
        )
        .await,
        10,
        "the rest wait, untried"
    );

    // The next minute, the rest.
    app.clock.advance(std::time::Duration::from_secs(61));
    assert_eq!(post_what_is_due(&app).await, 10);
    assert_eq!(busy.received().len(), 40);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_ms IS NULL")
            .await,
        0
    );
}
