//! Email, through a transactional outbox: a store writes the message in
//! the transaction of the change that causes it ([`enqueue`]), so a change
//! that commits always has its message and a change that fails has none.
//! A worker in every server process ([`spawn_worker`]) claims the messages
//! that are due for a while, sends them over SMTP and marks them sent, or
//! gives them a later attempt (backoff). Claims are taken under the write
//! lock on SQLite, with `SKIP LOCKED` on PostgreSQL, so two processes never hold
//! one message at once; a process that dies holding a claim lets it lapse
//! and another sends the message again with the same Message-ID, which
//! mail servers and clients use to drop the copy. Without SMTP, the
//! messages wait and operators read them (`/operator/outbox`).
use crate::db::{Clock, Conn, Pool, WriteTx};
use kernel::error::AppError;

/// How long a worker holds the messages it claimed before another may.
const CLAIM: std::time::Duration = std::time::Duration::from_secs(60);

/// Messages one worker claims at a time.
const BATCH: i64 = 20;

/// After this many failed attempts a message is no longer tried (it stays
/// listed, failed, with the last error).
pub const MAX_ATTEMPTS: i64 = 10;

/// How often a worker looks for due messages.
const POLL: std::time::Duration = std::time::Duration::from_millis(500);

/// One message to send: plain text and HTML with the same content, the
/// HTML in Liaison's look (its colours, inline: mail clients drop style
/// sheets; nothing loaded from elsewhere), and in both a footer that says
/// why the recipient gets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub to: String,
    pub subject: String,
    /// The body as text, without the footer.
    pub text: String,
    /// The body as HTML (escaped), without the template around it.
    pub html: String,
    /// Why the recipient gets this email, said at its end.
    pub because: String,
    /// The language of the message (`lang` of the HTML).
    pub lang: &'static str,
}

/// The product's look, from `style/main.css`.
mod look {
    pub const INK: &str = "#1c2430";
    pub const MUTED: &str = "#5a6473";
    pub const LINE: &str = "#d9dee5";
    pub const BG: &str = "#f6f7f9";
    pub const CARD: &str = "#ffffff";
    pub const ACCENT: &str = "#1f4e8c";
    pub const ACCENT_INK: &str = "#ffffff";
    pub const FONT: &str = "system-ui,-apple-system,'Segoe UI',Roboto,sans-serif";
}

impl Message {
    /// A message to `to` with `subject`, to which paragraphs and links are
    /// added in order, each written both as text and as (escaped) HTML.
    pub fn new(to: &str, subject: impl Into<String>) -> Self {
        Message {
            to: to.to_string(),
            subject: subject.into(),
            text: String::new(),
            html: String::new(),
            because: String::new(),
            lang: "en",
        }
    }

    /// The language the message is written in.
    pub fn in_language(mut self, locale: crate::i18n::Locale) -> Self {
        self.lang = match locale {
            crate::i18n::Locale::fr => "fr",
            _ => "en",
        };
        self
    }

    pub fn paragraph(mut self, text: impl AsRef<str>) -> Self {
        let text = text.as_ref();
        self.text.push_str(text);
        self.text.push_str("\n\n");
        self.html.push_str(&format!(
            "<p style=\"margin:0 0 16px\">{}</p>",
            as_html(text)
        ));
        self
    }

    /// A link: its label, then the address on a line of its own in the
    /// text; a button labelled in the HTML, with the address below it for
    /// a client that shows no button.
    pub fn link(mut self, label: impl AsRef<str>, url: &str) -> Self {
        let label = label.as_ref();
        self.text.push_str(&format!("{label}:\n{url}\n\n"));
        self.html.push_str(&format!(
            "<p style=\"margin:8px 0 20px\"><a href=\"{url}\" style=\"display:inline-block;\
             background:{accent};color:{accent_ink};text-decoration:none;font-weight:600;\
             padding:10px 18px;border-radius:6px;border:1px solid {accent}\">{label}</a>\
             <br><span style=\"font-size:12px;color:{muted};word-break:break-all\">{url}</span></p>",
            url = as_html(url),
            label = as_html(label),
            accent = look::ACCENT,
            accent_ink = look::ACCENT_INK,
            muted = look::MUTED,
        ));
        self
    }

    /// Why the recipient gets this email: the footer of both parts.
    pub fn because(mut self, why: impl AsRef<str>) -> Self {
        self.because = why.as_ref().to_string();
        self
    }

    /// The text part: the body, then the footer under a rule.
    pub fn finished_text(&self) -> String {
        let body = self.text.trim_end();
        if self.because.is_empty() {
            body.to_string()
        } else {
            format!("{body}\n\n--\n{}\n", self.because)
        }
    }

    /// The HTML part: the body in the product's template (the name on top,
    /// a card with the subject as heading, the footer below).
    pub fn finished_html(&self) -> String {
        use look::*;
        let subject = as_html(&self.subject);
        let footer = if self.because.is_empty() {
            String::new()
        } else {
            format!(
                "<tr><td style=\"padding:16px 4px 0;font-size:13px;color:{MUTED}\">{}</td></tr>",
                as_html(&self.because)
            )
        };
        format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{subject}</title></head>\
             <body style=\"margin:0;padding:0;background:{BG};color:{INK};font-family:{FONT};line-height:1.5\">\
             <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:{BG}\">\
             <tr><td align=\"center\" style=\"padding:24px 12px\">\
             <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:560px\">\
             <tr><td style=\"padding:0 4px 12px;font-size:20px;font-weight:700;color:{ACCENT}\">Liaison</td></tr>\
             <tr><td style=\"background:{CARD};border:1px solid {LINE};border-radius:8px;padding:24px;font-size:15px;color:{INK}\">\
             <h1 style=\"margin:0 0 16px;font-size:19px;line-height:1.3;color:{INK}\">{subject}</h1>\
             {body}</td></tr>{footer}</table></td></tr></table></body></html>",
            lang = self.lang,
            body = self.html,
        )
    }
}

/// "Alex Admin (admin@contoso.example)": a person by name and address, as
/// every email names people.
pub fn person(name: &str, email: &str) -> String {
    let name = name.trim();
    if name.is_empty() || name.eq_ignore_ascii_case(email) {
        email.to_string()
    } else {
        format!("{name} ({email})")
    }
}

/// The language stored for a user ("en", "fr") as a locale.
pub fn locale_of(stored: &str) -> crate::i18n::Locale {
    match stored {
        "fr" => crate::i18n::Locale::fr,
        _ => crate::i18n::Locale::en,
    }
}

/// Text as the HTML part writes it: escaped, its line breaks kept.
fn as_html(text: &str) -> String {
    kernel::html::escape(text).replace('\n', "<br>")
}

/// Queues `message` in the transaction `conn` belongs to, due at once:
/// `now_ms` is the time of the change that writes it.
pub async fn enqueue(conn: &mut Conn, now_ms: i64, message: &Message) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO outbox (id, recipient, subject, text_body, html_body, created_ms, next_attempt_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(crate::db::new_id())
    .bind(&message.to)
    .bind(&message.subject)
    .bind(message.finished_text())
    .bind(message.finished_html())
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(())
}

/// A message as the outbox page lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Queued {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub created_ms: i64,
    pub attempts: i64,
    pub sent_ms: Option<i64>,
    pub failed_ms: Option<i64>,
    pub last_error: Option<String>,
}

/// The newest `limit` messages, newest first.
pub async fn newest(pool: &Pool, limit: i64) -> Result<Vec<Queued>, AppError> {
    Ok(crate::db::query_as(
        "SELECT id, recipient, subject, text_body, created_ms, attempts, sent_ms, failed_ms, last_error
         FROM outbox ORDER BY created_ms DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// A message claimed for sending.
#[derive(Debug, sqlx::FromRow)]
struct Claimed {
    id: String,
    recipient: String,
    subject: String,
    text_body: String,
    html_body: String,
    attempts: i64,
}

/// A work queue whose due rows the workers of every process claim for a
/// while before they act on them: the outbox's messages, the webhooks'
/// deliveries. [`claim_due`] is how any of them is claimed.
pub(crate) trait Queue {
    /// A claimed row.
    type Claimed;

    /// Whether anything may be claimed at `now`: a read without a lock, so
    /// that a process with nothing to do never takes one.
    async fn anything_due(conn: &mut Conn, now: i64) -> Result<bool, sqlx::Error>;

    /// Claims what is due at `now` in `tx`, a [`crate::db::begin_claim`]
    /// transaction on `pool`'s engine.
    async fn claim(
        pool: &Pool,
        tx: &mut WriteTx,
        now: i64,
    ) -> Result<Vec<Self::Claimed>, sqlx::Error>;
}

/// Claims what queue `Q` has due at `now`: a read first, then (only when
/// something is due) the claim in a transaction of its own.
pub(crate) async fn claim_due<Q: Queue>(
    pool: &Pool,
    now: i64,
) -> Result<Vec<Q::Claimed>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let due = Q::anything_due(&mut conn, now).await?;
    drop(conn);
    if !due {
        return Ok(Vec::new());
    }
    let mut tx = crate::db::begin_claim(pool).await?;
    let claimed = Q::claim(pool, &mut tx, now).await?;
    tx.commit().await?;
    Ok(claimed)
}

/// The outbox as a [`Queue`]: up to [`BATCH`] due messages at a time, each
/// for [`CLAIM`], counting an attempt for each.
struct Outbox;

impl Queue for Outbox {
    type Claimed = Claimed;

    async fn anything_due(conn: &mut Conn, now: i64) -> Result<bool, sqlx::Error> {
        let due: Option<(String,)> = crate::db::query_as(
            "SELECT id FROM outbox
             WHERE sent_ms IS NULL AND failed_ms IS NULL AND next_attempt_ms <= $1
               AND (claimed_until_ms IS NULL OR claimed_until_ms <= $1)
             LIMIT 1",
        )
        .bind(now)
        .fetch_optional(conn)
        .await?;
        Ok(due.is_some())
    }

    async fn claim(pool: &Pool, tx: &mut WriteTx, now: i64) -> Result<Vec<Claimed>, sqlx::Error> {
        crate::db::query_as(&format!(
            "UPDATE outbox SET claimed_until_ms = $2, attempts = attempts + 1
             WHERE id IN (
                 SELECT id FROM outbox
                 WHERE sent_ms IS NULL AND failed_ms IS NULL AND next_attempt_ms <= $1
                   AND (claimed_until_ms IS NULL OR claimed_until_ms <= $1)
                 ORDER BY next_attempt_ms LIMIT $3{})
             RETURNING id, recipient, subject, text_body, html_body, attempts",
            crate::db::skip_locked(pool)
        ))
        .bind(now)
        .bind(now + CLAIM.as_millis() as i64)
        .bind(BATCH)
        .fetch_all(&mut **tx)
        .await
    }
}

/// The wait before attempt `attempts + 1`: 5 s, doubling, at most an hour.
pub fn backoff(attempts: i64) -> std::time::Duration {
    let seconds = 5_u64.saturating_mul(1 << attempts.clamp(0, 20));
    std::time::Duration::from_secs(seconds.min(3600))
}

/// Where messages go: an SMTP server, and the sender's address.
#[derive(Clone)]
pub struct Mailer {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl Mailer {
    /// `smtp://host:port` (plain, no authentication) or
    /// `smtps://user:password@host:port` (TLS), and the `From` address.
    pub fn new(url: &str, from: &str) -> Result<Mailer, String> {
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
            .map_err(|e| format!("LIAISON_SMTP_URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .map_err(|e| format!("LIAISON_MAIL_FROM ({from}): {e}"))?;
        Ok(Mailer { transport, from })
    }

    async fn send(&self, message: &Claimed) -> Result<(), String> {
        use lettre::AsyncTransport;
        use lettre::message::MultiPart;
        let to: lettre::message::Mailbox = message
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let host = self.from.email.domain().to_string();
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&message.subject)
            .message_id(Some(format!("<{}@{host}>", message.id)))
            .multipart(MultiPart::alternative_plain_html(
                message.text_body.clone(),
                message.html_body.clone(),
            ))
            .map_err(|e| format!("message: {e}"))?;
        self.transport
            .send(email)
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

/// Sends what is due once, at `clock`'s now; returns how many messages
/// were sent.
pub async fn deliver_due(
    pool: &Pool,
    clock: &Clock,
    mailer: &Mailer,
) -> Result<usize, sqlx::Error> {
    let now = clock.now_ms();
    let mut sent = 0;
    for message in claim_due::<Outbox>(pool, now).await? {
        match mailer.send(&message).await {
            Ok(()) => {
                sent += 1;
                // What was sent is not kept: the links it carried were for
                // its recipient only.
                crate::db::query(
                    "UPDATE outbox SET sent_ms = $2, claimed_until_ms = NULL, last_error = NULL,
                            text_body = '', html_body = ''
                     WHERE id = $1",
                )
                .bind(&message.id)
                .bind(clock.now_ms())
                .execute(pool)
                .await?;
            }
            Err(error) => {
                let attempts = message.attempts;
                tracing::warn!(id = %message.id, attempts, %error, "an email was not sent");
                let now = clock.now_ms();
                let failed = (attempts >= MAX_ATTEMPTS).then_some(now);
                crate::db::query(
                    "UPDATE outbox SET claimed_until_ms = NULL, last_error = $2,
                            next_attempt_ms = $3, failed_ms = $4
                     WHERE id = $1",
                )
                .bind(&message.id)
                .bind(error.chars().take(500).collect::<String>())
                .bind(now + backoff(attempts).as_millis() as i64)
                .bind(failed)
                .execute(pool)
                .await?;
            }
        }
    }
    Ok(sent)
}

/// Sends due messages every [`POLL`], by `clock`, until the pool closes.
pub fn spawn_worker(pool: Pool, clock: Clock, mailer: Mailer) {
    crate::db::spawn_polling(pool, POLL, "the outbox", move |pool| {
        let (clock, mailer) = (clock.clone(), mailer.clone());
        async move { deliver_due(&pool, &clock, &mailer).await }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_reads_the_same_as_text_and_as_escaped_html() {
        let message = Message::new("a@b.example", "Hi <you>")
            .paragraph("Tom & Jerry")
            .link("Set your password", "https://l.example/p/x?a=1&b=2")
            .because("You get this email because you asked.");
        assert_eq!(
            message.finished_text(),
            "Tom & Jerry\n\nSet your password:\nhttps://l.example/p/x?a=1&b=2\n\n--\n\
             You get this email because you asked.\n"
        );
        let html = message.finished_html();
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
        assert!(html.contains("<title>Hi &lt;you&gt;</title>"));
        assert!(html.contains(">Hi &lt;you&gt;</h1>"));
        assert!(html.contains(">Tom &amp; Jerry</p>"));
        assert!(html.contains("<a href=\"https://l.example/p/x?a=1&amp;b=2\" style="));
        assert!(html.contains(">Set your password</a>"));
        assert!(html.contains(">You get this email because you asked.</td>"));
        assert!(html.ends_with("</body></html>"));
    }

    #[test]
    fn names_typed_by_people_cannot_add_markup_to_the_html() {
        let name = "<script>alert('x')</script> \"Bob\" & <b>co</b>";
        let message = Message::new("a@b.example", format!("{name} removed a role"))
            .paragraph(format!("{name} removed a role."))
            .link(name, "https://l.example/a?b=\"><script>")
            .because(format!("Because of {name}."));
        let html = message.finished_html();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;Bob&quot; &amp; &lt;b&gt;co&lt;/b&gt;"));
        // Text stays text: the name as it was typed.
        assert!(message.finished_text().contains(name));
    }

    #[test]
    fn the_html_uses_the_products_colours_inline_and_loads_nothing() {
        let html = Message::new("a@b.example", "Hi")
            .in_language(crate::i18n::Locale::fr)
            .paragraph("Bonjour")
            .link("Ouvrir", "https://l.example/")
            .finished_html();
        assert!(html.contains("<html lang=\"fr\">"));
        assert!(html.contains("#1f4e8c") && html.contains("#f6f7f9"));
        for outside in ["<link", "<img", "<style", "url(", "@import", "src="] {
            assert!(!html.contains(outside), "{outside}");
        }
    }

    #[test]
    fn a_person_is_named_with_their_address() {
        assert_eq!(
            person("Alex Admin", "admin@contoso.example"),
            "Alex Admin (admin@contoso.example)"
        );
        assert_eq!(person(" ", "a@b.example"), "a@b.example");
        assert_eq!(person("a@b.example", "a@b.example"), "a@b.example");
    }

    #[test]
    fn attempts_wait_longer_each_time_up_to_an_hour() {
        assert_eq!(backoff(0).as_secs(), 5);
        assert_eq!(backoff(1).as_secs(), 10);
        assert_eq!(backoff(3).as_secs(), 40);
        assert_eq!(backoff(10).as_secs(), 3600);
        assert_eq!(backoff(1000).as_secs(), 3600);
    }
}
