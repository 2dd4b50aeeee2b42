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
    sqlx::query("UPDATE users SET locale = 'fr' WHERE email = 'admin@fabrikam.example'")
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

    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM outbox")
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

    let unsent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE sent_ms IS NULL OR text_body <> '' OR html_body <> ''",
    )
    .fetch_one(&pool)
    .await
    .expect("outbox");
    assert_eq!(unsent, 0, "every message sent, and its links not kept");
}
