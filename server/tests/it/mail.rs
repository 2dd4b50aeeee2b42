//! Email through a real SMTP server, sent by the outbox workers of two real
//! `liaison` processes on one database (either engine): every message
//! arrives once, with the outbox's id as its Message-ID, in its
//! recipient's language, and what was sent is not kept.
use std::collections::HashSet;

use app::auth::RequestPasswordReset;

use crate::common::{self, Process, SmtpSink};

#[tokio::test]
async fn two_processes_deliver_every_queued_message_once_through_smtp() {
    let dir = tempfile::tempdir().expect("directory");
    let sink = SmtpSink::start(&dir.path().join("mail"));
    let db_url = common::fresh_database(dir.path()).await;
    let site_root = dir.path().join("site").display().to_string();
    let smtp = sink.url();
    let env = [
        ("LIAISON_SMTP_URL", smtp.as_str()),
        ("LIAISON_MAIL_FROM", "Liaison <liaison@liaison.test>"),
    ];
    let one = Process::start_with(&db_url, &site_root, &env).await;
    let two = Process::start_with(&db_url, &site_root, &env).await;
    let pool = common::connect(&db_url).await;
    app::db::query("UPDATE users SET locale = 'fr' WHERE email = 'admin@fabrikam.example'")
        .execute(&pool)
        .await
        .expect("a French reader");

    // Four reset links for each demo user, asked of either process.
    let emails: Vec<&str> = app::demo::demo_emails().collect();
    let mut asked = 0;
    for round in 0..4 {
        for (i, email) in emails.iter().enumerate() {
            let process = if (round + i) % 2 == 0 { &one } else { &two };
            process
                .browser()
                .run(RequestPasswordReset {
                    email: email.to_string(),
                })
                .await
                .expect("asked");
            asked += 1;
        }
    }

    let started = std::time::Instant::now();
    while sink.messages().len() < asked {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{} of {asked} messages arrived",
            sink.messages().len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Both workers go on polling a while: nothing more may come.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let messages = sink.messages();
    assert_eq!(messages.len(), asked, "each message once");

    let ids: Vec<String> = app::db::query_scalar("SELECT id FROM outbox")
        .fetch_all(&pool)
        .await
        .expect("outbox");
    let expected: HashSet<String> = ids
        .iter()
        .map(|id| format!("<{id}@liaison.test>"))
        .collect();
    let received: HashSet<String> = messages
        .iter()
        .map(|m| m["messageId"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(received, expected, "the outbox's ids are the Message-IDs");

    let subject_to = |to: &str| {
        messages
            .iter()
            .find(|m| m["to"].to_string().contains(to))
            .map(|m| m["subject"].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        subject_to("admin@fabrikam.example"),
        "Réinitialisez votre mot de passe Liaison"
    );
    assert_eq!(
        subject_to("admin@contoso.example"),
        "Reset your Liaison password"
    );
    let text = messages[0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("/password/"), "{text}");
    assert!(
        messages[0]["html"]
            .as_str()
            .unwrap_or_default()
            .contains("<a href=")
    );

    let unsent: i64 = app::db::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE sent_ms IS NULL OR text_body <> '' OR html_body <> ''",
    )
    .fetch_one(&pool)
    .await
    .expect("outbox");
    assert_eq!(unsent, 0, "every message sent, and its links not kept");
}

/// The h1 of a page, as text (markers and tags left out, entities undone).
fn heading_of(page: &str) -> Option<String> {
    let start = page.find("<h1")?;
    let open_end = start + page[start..].find('>')? + 1;
    let close = open_end + page[open_end..].find("</h1>")?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in page[open_end..close].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(unescape(text.trim()))
}

/// The version of a subscription, which a change names.
async fn version_of(app: &common::TestApp, subscription: &str) -> String {
    app::db::query_scalar::<i64>("SELECT version FROM subscriptions WHERE id = $1")
        .bind(subscription)
        .fetch_one(&app.pool)
        .await
        .expect("version")
        .to_string()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Every `http(s)://` address in a text part.
fn links_in_text(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|word| word.starts_with("http://") || word.starts_with("https://"))
        .map(str::to_string)
        .collect()
}

/// Every `href` of an HTML part, its entities undone.
fn links_in_html(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(unescape)
        .collect()
}

/// A string of the English locale file, `{{ x }}` left in.
fn english(section: &str, key: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/locales/en.json");
    let locale: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("en.json")).expect("json");
    locale[section][key]
        .as_str()
        .unwrap_or_else(|| panic!("{section}.{key}"))
        .to_string()
}

/// Runs the app as people would until every kind of email it writes has
/// been written; sends them through a real SMTP server; then, for every
/// message, checks its two parts (the same links, absolute; the footer
/// saying why; names escaped in the HTML) and follows every link as its
/// recipient: each leads to the page it names (the page's heading), never
/// to "Page not found".
#[tokio::test]
async fn every_link_of_every_email_leads_to_the_page_it_names() {
    use app::invitations::{CreateCustomerInvitation, SaveRequest};
    use app::subscriptions::{
        ChangeSeats, CreateSubscription, MigrateSubscription, OrderAddon, SetSubscriptionState,
    };
    use app::support::{OpenSupportRequest, ReplySupportRequest};
    let app = common::TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("directory");
    let sink = SmtpSink::start(&dir.path().join("mail"));
    // A name typed by a person, which the HTML must show as text.
    app::db::query(
        "UPDATE users SET display_name = 'Tom <script>alert(1)</script>'
         WHERE email = 'admin@tailspin.example'",
    )
    .execute(&app.pool)
    .await
    .expect("a name");

    // Northwind asks Fabrikam for one day, extending itself.
    let northwind = app.sign_in_as("admin@northwind.example").await;
    northwind
        .run(SaveRequest {
            roles: Some(vec!["reader".into()]),
            duration_days: "1".into(),
            auto_extend: Some("on".into()),
        })
        .await
        .expect("asked");
    let code = app.link_code("northwind", true).await;
    app.sign_in_as("admin@fabrikam.example")
        .await
        .run(common::accept_roles(&code, &["reader"]))
        .await
        .expect("accepted");

    // Contoso asks Tailspin for three roles; Tailspin keeps two.
    let contoso = app.sign_in_as("admin@contoso.example").await;
    contoso
        .run(SaveRequest {
            roles: Some(vec![
                "user-administrator".into(),
                "helpdesk-administrator".into(),
                "reader".into(),
            ]),
            duration_days: "8".into(),
            auto_extend: None,
        })
        .await
        .expect("asked");
    let code = app.link_code("contoso", true).await;
    let tom = app.sign_in_as("admin@tailspin.example").await;
    tom.run(common::accept_roles(
        &code,
        &["user-administrator", "helpdesk-administrator"],
    ))
    .await
    .expect("accepted in part");
    // One role removed, then granted again with the third.
    tom.run(app::relationships::RemoveRole {
        partner: "contoso".into(),
        role: "helpdesk-administrator".into(),
    })
    .await
    .expect("removed");
    tom.run(common::accept_roles(
        &code,
        &["user-administrator", "helpdesk-administrator", "reader"],
    ))
    .await
    .expect("restored");

    // Support, answered by each side and by an operator.
    let request = contoso
        .run(OpenSupportRequest {
            customer: "tailspin".into(),
            title: "Mail stuck".into(),
            description: "Since this morning.".into(),
            severity: "high".into(),
        })
        .await
        .expect("opened");
    let reply = |body: &str| ReplySupportRequest {
        id: request.clone(),
        body: body.into(),
    };
    tom.run(reply("Still stuck.")).await.expect("customer");
    contoso.run(reply("Looking.")).await.expect("partner");
    app.sign_in_as("operator@liaison.example")
        .await
        .run(reply("Fixed."))
        .await
        .expect("operator");

    // A subscription, and each kind of change to it.
    let subscription = contoso
        .run(CreateSubscription {
            customer: "tailspin".into(),
            service: "microsoft-365".into(),
            offer: "m365-e3".into(),
            seats: "5".into(),
        })
        .await
        .expect("created");
    contoso
        .run(ChangeSeats {
            customer: "tailspin".into(),
            subscription: subscription.clone(),
            version: version_of(&app, &subscription).await,
            seats: "10".into(),
        })
        .await
        .expect("seats");
    contoso
        .run(OrderAddon {
            customer: "tailspin".into(),
            subscription: subscription.clone(),
            version: version_of(&app, &subscription).await,
            addon: "m365-copilot".into(),
            quantity: "2".into(),
        })
        .await
        .expect("add-on");
    contoso
        .run(MigrateSubscription {
            customer: "tailspin".into(),
            subscription: subscription.clone(),
            version: version_of(&app, &subscription).await,
            offer: "m365-business-basic".into(),
        })
        .await
        .expect("migrated");
    for suspend in [true, false] {
        contoso
            .run(SetSubscriptionState {
                customer: "tailspin".into(),
                subscription: subscription.clone(),
                version: version_of(&app, &subscription).await,
                suspend,
            })
            .await
            .expect("state");
    }

    // Time: warnings, an extension, an end.
    app::relationships::schedule::run_once(&app.pool, &app.clock, &app.base)
        .await
        .expect("warnings");
    app.advance_days(9);
    app::relationships::schedule::run_once(&app.pool, &app.clock, &app.base)
        .await
        .expect("ends and extensions");
    // Every role removed at once.
    tom.run(common::accept_roles(&code, &["user-administrator"]))
        .await
        .expect("granted again");
    tom.run(app::relationships::RemoveDap {
        partner: "contoso".into(),
        service: None,
    })
    .await
    .expect("all removed");

    // A one-customer invitation declined.
    let invitation = contoso
        .run(CreateCustomerInvitation {
            domain: "fabrikam.example".into(),
        })
        .await
        .expect("invitation");
    app.sign_in_as("admin@fabrikam.example")
        .await
        .run(app::consent::DeclineInvitation {
            code: common::code_of(&invitation),
        })
        .await
        .expect("declined");

    // Accounts: an invitation, a reset link, a sign-up to verify.
    app.sign_in_as("admin@fabrikam.example")
        .await
        .run(app::accounts::InviteMember {
            email: "nina@fabrikam.example".into(),
            display_name: "Nina New".into(),
            role: None,
            administrator: None,
        })
        .await
        .expect("invited");
    app.visitor()
        .run(app::auth::RequestPasswordReset {
            email: "sales@contoso.example".into(),
        })
        .await
        .expect("asked");
    let link = app.link_code("contoso", true).await;
    let pat = app.visitor();
    pat.run(app::accounts::SignUp {
        code: link,
        organization_name: "Proseware".into(),
        your_name: "Pat Admin".into(),
        email: "pat@proseware.example".into(),
        password: "a long new password for pat".into(),
    })
    .await
    .expect("signed up");

    // Through SMTP, as people receive them.
    let mailer =
        app::outbox::Mailer::new(&sink.url(), "Liaison <liaison@liaison.test>").expect("mailer");
    let queued = app.count("SELECT COUNT(*) FROM outbox").await as usize;
    // The worker goes by the server's clock, 9 days ahead of real time,
    // as every message was written.
    while app::outbox::deliver_due(&app.pool, &app.clock, &mailer)
        .await
        .expect("sent")
        > 0
    {}
    let started = std::time::Instant::now();
    while sink.messages().len() < queued {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            let unsent: Vec<(String, String, Option<String>)> = app::db::query_as(
                "SELECT recipient, subject, last_error FROM outbox WHERE sent_ms IS NULL",
            )
            .fetch_all(&app.pool)
            .await
            .expect("outbox");
            panic!(
                "{} of {queued} arrived; not sent: {unsent:?}",
                sink.messages().len()
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let messages = sink.messages();
    assert_eq!(messages.len(), queued);

    let subjects_to = |to: &str| -> Vec<String> {
        messages
            .iter()
            .filter(|m| m["to"].to_string().contains(to))
            .map(|m| m["subject"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    // Subjects name what changed.
    let contoso_subjects = subjects_to("admin@contoso.example");
    for expected in [
        "Tailspin Toys accepted your relationship request without Reader (Azure)",
        "Tailspin Toys removed Helpdesk Administrator (Microsoft 365)",
        "Tailspin Toys granted Helpdesk Administrator (Microsoft 365), Reader (Azure)",
        "Tailspin Toys removed all delegated admin privileges",
        "Fabrikam declined your invitation",
        "New reply: Mail stuck",
    ] {
        assert!(
            contoso_subjects.iter().any(|s| s.starts_with(expected)),
            "{expected} in {contoso_subjects:?}"
        );
    }
    let tom_subjects = subjects_to("admin@tailspin.example");
    for expected in [
        "You accepted the request of Contoso",
        "Support request opened: Mail stuck",
        "Contoso added a subscription: ",
        "Contoso changed seats: ",
        "Contoso ordered an add-on: ",
        "Contoso migrated a subscription: ",
        "Contoso suspended ",
        "Contoso reactivated ",
        "Ending in ",
        "Ended at Tailspin Toys: ",
    ] {
        assert!(
            tom_subjects.iter().any(|s| s.starts_with(expected)),
            "{expected} in {tom_subjects:?}"
        );
    }
    assert!(
        subjects_to("admin@fabrikam.example")
            .iter()
            .any(|s| s.starts_with("Extended until ")),
        "an extension"
    );
    assert!(
        subjects_to("nina@fabrikam.example")
            .iter()
            .any(|s| s.contains("invited you to Fabrikam")),
        "who invited"
    );

    // Each recipient, signed in when they have a password.
    let mut browsers: std::collections::HashMap<String, common::Actor> = Default::default();
    let mut followed = 0;
    for message in &messages {
        let to = message["to"][0].as_str().expect("a recipient").to_string();
        let subject = message["subject"].as_str().unwrap_or_default();
        let text = message["text"].as_str().unwrap_or_default();
        let html = message["html"].as_str().unwrap_or_default();
        // Both parts, the footer saying why in each, names escaped.
        assert!(html.starts_with("<!DOCTYPE html>"), "{subject}: {html}");
        assert!(
            text.contains("You get this email because"),
            "{subject}: {text}"
        );
        assert!(
            html.contains("You get this email because"),
            "{subject}: {html}"
        );
        assert!(!html.contains("<script"), "{subject}: {html}");
        if text.contains("Tom <script>") {
            assert!(html.contains("Tom &lt;script&gt;"), "{subject}: {html}");
        }
        // The same links in both parts, each absolute.
        let links = links_in_text(text);
        assert_eq!(links_in_html(html), links, "{subject}");
        assert!(
            !links.is_empty() || subject.contains("two-step"),
            "{subject}"
        );
        for link in links {
            assert!(link.starts_with(&app.base), "{subject}: {link}");
            if !browsers.contains_key(&to) {
                let has_password = app
                    .count(&format!(
                        "SELECT COUNT(*) FROM users WHERE email = '{to}' AND password_hash <> ''
                         AND NOT email_unverified"
                    ))
                    .await
                    == 1;
                let browser = if has_password {
                    app.sign_in_as(&to).await
                } else {
                    app.visitor()
                };
                browsers.insert(to.clone(), browser);
            }
            let browser = &browsers[&to];
            let mut path = link[app.base.len()..].to_string();
            let first = path.clone();
            let (mut status, mut location, mut page) = browser.page(&path).await;
            for _ in 0..5 {
                let Some(next) = location.filter(|_| status.is_redirection()) else {
                    break;
                };
                path = next.trim_start_matches(&app.base).to_string();
                (status, location, page) = browser.page(&path).await;
            }
            assert_eq!(status, 200, "{subject} to {to}: {first} → {path}");
            let heading = heading_of(&page).unwrap_or_default();
            let expected = if first.starts_with("/verify/") {
                assert!(path.starts_with("/invitations/"), "{first} → {path}");
                english("consent", "heading").replace("{{ partner }}", "Contoso")
            } else if first == "/partner/customers/request-relationship" {
                english("invite", "heading")
            } else if let Some(slug) = first.strip_prefix("/partner/customers/") {
                app.text(&format!(
                    "SELECT name FROM organizations WHERE slug = '{slug}'"
                ))
                .await
            } else if first == "/admin/partner-relationships" {
                english("relationships", "heading")
            } else if first == "/admin/subscriptions" {
                english("subscriptions", "heading")
            } else if let Some(id) = first
                .strip_prefix("/admin/support-requests/")
                .or_else(|| first.strip_prefix("/partner/support-requests/"))
            {
                app.text(&format!(
                    "SELECT title FROM support_requests WHERE id = '{id}'"
                ))
                .await
            } else if first.starts_with("/password/") {
                if subject.starts_with("Reset") {
                    english("password", "reset_heading")
                } else {
                    english("password", "heading")
                }
            } else {
                panic!("{subject}: a link to a page this test does not know: {first}")
            };
            assert_eq!(heading, expected, "{subject} to {to}: {first}");
            followed += 1;
        }
    }
    assert!(followed >= messages.len(), "{followed} links followed");
}
