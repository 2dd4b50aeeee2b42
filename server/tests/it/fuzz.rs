//! Hostile input to every server function: each argument replaced by SQL and
//! HTML metacharacters, control characters, huge and malformed values, or
//! left out; bodies that are not UTF-8, not a form, or over the size limit;
//! and seeded random mutations. Never a 5xx, never a partial write, and what
//! was stored is shown escaped.
use reqwest::StatusCode;

use crate::common::{Actor, snapshot};
use crate::matrix::{ACTORS, FUNCTIONS, World, cells};

const HOSTILE: &[&str] = &[
    "",
    " ",
    "' OR '1'='1",
    "'; DROP TABLE users; --",
    "\" OR \"\"=\"",
    "fabrikam' --",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "&amp;&lt;&#0;",
    "\0",
    "line\r\nInjected-Header: yes",
    "\u{202e}gnp.exe",
    "😀👩‍👩‍👧",
    "-1",
    "0",
    "4294967296",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "12.345",
    "true",
    "null",
    "[]",
    "{}",
    "../../etc/passwd",
    "%00%ff",
    "2026-02-30",
    "9999-99",
];

/// A deterministic generator (xorshift), so a failure replays.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a", "Z", "0", "9", "-", "'", "\"", "<", ">", "&", ";", "%", "\\", "/", " ", "\t",
            "\n", "\0", "é", "ß", "中", "😀", "\u{fffd}", "\u{200b}", "=", "+", "#", "?",
        ];
        let len = match self.below(10) {
            0 => 0,
            1 => 300 + self.below(6000),
            _ => 1 + self.below(40),
        };
        (0..len).map(|_| PIECES[self.below(PIECES.len())]).collect()
    }
}

fn percent_encoded(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The ways one request goes wrong.
enum Body {
    Form(Vec<(String, String)>),
    Raw(&'static str, Vec<u8>),
}

fn variants(valid: &[(String, String)], random: &mut Random) -> Vec<(String, Body)> {
    let mut out = Vec::new();
    for (i, (name, _)) in valid.iter().enumerate() {
        for value in HOSTILE {
            let mut args = valid.to_vec();
            args[i].1 = value.to_string();
            out.push((format!("{name}={value:?}"), Body::Form(args)));
        }
        let mut args = valid.to_vec();
        args[i].1 = "x".repeat(60 * 1024);
        out.push((format!("{name}=60 KiB"), Body::Form(args)));
        let mut args = valid.to_vec();
        args.remove(i);
        out.push((format!("{name} missing"), Body::Form(args)));
        let mut args = valid.to_vec();
        args.push((name.clone(), "twice".into()));
        out.push((format!("{name} twice"), Body::Form(args)));
        // Not UTF-8, percent-encoded and raw.
        let mut form: Vec<u8> = Vec::new();
        for (j, (k, v)) in valid.iter().enumerate() {
            if j > 0 {
                form.push(b'&');
            }
            form.extend(k.bytes());
            form.push(b'=');
            if i == j {
                form.extend(b"%FF%FE%C3%28");
            } else {
                form.extend(percent_encoded(v).bytes());
            }
        }
        out.push((
            format!("{name}=%FF%FE"),
            Body::Raw("application/x-www-form-urlencoded", form),
        ));
        let mut raw = format!("{name}=").into_bytes();
        raw.extend([0xff, 0xfe, 0xc3, 0x28]);
        out.push((
            format!("{name}=raw bytes"),
            Body::Raw("application/x-www-form-urlencoded", raw),
        ));
    }
    let mut extra = valid.to_vec();
    extra.push(("unexpected".into(), "field".into()));
    out.push(("an unknown field".into(), Body::Form(extra)));
    out.push((
        "an empty body".into(),
        Body::Raw("application/x-www-form-urlencoded", vec![]),
    ));
    out.push((
        "JSON with wrong types".into(),
        Body::Raw(
            "application/json",
            br#"{"customer": 7, "seats": [], "id": null}"#.to_vec(),
        ),
    ));
    out.push((
        "a binary body".into(),
        Body::Raw("application/octet-stream", vec![0, 159, 146, 150, 255]),
    ));
    out.push((
        "a 1 MiB body".into(),
        Body::Raw(
            "application/x-www-form-urlencoded",
            format!("x={}", "y".repeat(1 << 20)).into_bytes(),
        ),
    ));
    for round in 0..8 {
        let args = valid
            .iter()
            .map(|(k, v)| {
                let value = if random.below(3) == 0 {
                    v.clone()
                } else {
                    random.string()
                };
                (k.clone(), value)
            })
            .collect();
        out.push((format!("random mutation {round}"), Body::Form(args)));
    }
    out
}

async fn send(actor: &Actor, function: &str, body: &Body) -> (StatusCode, String) {
    let request = actor
        .client
        .post(format!("{}/api/{function}", actor.base))
        .header("Accept", "application/json")
        .header("Origin", &actor.base);
    let request = match body {
        Body::Form(args) => request.form(args),
        Body::Raw(kind, bytes) => request.header("Content-Type", *kind).body(bytes.clone()),
    };
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn hostile_input_to_every_server_function_never_errs_on_our_side_nor_writes_half() {
    let world = World::new().await;
    let watching = crate::common::connect(&world.app.db_url).await;
    let mut watcher = watching.acquire().await.expect("connection");
    let mut random = Random(0x5eed_0001_50f0_2026);
    let mut browsers = Vec::new();
    for (_, email) in ACTORS {
        browsers.push(match email {
            Some(email) => world.app.sign_in_as(email).await,
            None => world.app.visitor(),
        });
    }
    let (mut tried, mut refused) = (0, 0);
    for (function, row) in FUNCTIONS {
        // Signing out would leave the functions after it nobody to call them.
        if matches!(*function, "sign_out" | "sign_out_everywhere") {
            continue;
        }
        // The first kind of visitor the matrix lets through; for a function
        // whose arguments the matrix cannot forge (an emailed token, a code
        // of an authenticator app), which refuses everyone there, a visitor.
        let actor = cells(row).iter().position(|&y| y).unwrap_or(0);
        let browser = &browsers[actor];
        let valid = world.arguments(function, actor).await;
        for (what, body) in variants(&valid, &mut random) {
            let before = snapshot(&mut watcher).await;
            let (status, answer) = send(browser, function, &body).await;
            tried += 1;
            assert!(
                !status.is_server_error(),
                "{function} with {what}: {status} {answer}"
            );
            if !status.is_success() && !status.is_redirection() {
                refused += 1;
                if status != StatusCode::PAYLOAD_TOO_LARGE {
                    let error: Result<app::error::AppError, _> = serde_json::from_str(&answer);
                    assert!(error.is_ok(), "{function} with {what}: {status} {answer}");
                }
                let after = snapshot(&mut watcher).await;
                let changed: Vec<&String> = before
                    .keys()
                    .filter(|table| before.get(*table) != after.get(*table))
                    .collect();
                assert!(
                    changed.is_empty(),
                    "{function} with {what} was refused ({status}) but changed {changed:?}"
                );
            }
        }
    }
    println!("hostile inputs: {tried} requests, {refused} refused, none answered 5xx");
    assert!(tried > 1000, "{tried}");

    // Hostile current passwords (to change it, to turn two-step
    // verification off) counted as failed sign-ins of their accounts, as
    // they must; the rest of this test signs in again.
    app::db::query("DELETE FROM sign_in_failures")
        .execute(&world.app.pool)
        .await
        .expect("failures forgotten");

    // What was stored is shown as text, never as markup.
    let contoso = world.app.sign_in_as("admin@contoso.example").await;
    let fabrikam = world.app.sign_in_as("admin@fabrikam.example").await;
    let hostile_title = "<script>alert('x')</script>";
    let id: String = contoso
        .call(
            "open_support_request",
            &[
                ("customer", "fabrikam"),
                ("title", hostile_title),
                ("description", "<img src=x onerror=alert(1)>"),
                ("severity", "high"),
            ],
        )
        .await
        .expect("a title may hold any text");
    for (actor, path) in [
        (&fabrikam, format!("/admin/support-requests/{id}")),
        (&fabrikam, "/admin/support-requests".to_string()),
        (&contoso, format!("/partner/support-requests/{id}")),
    ] {
        let (status, _, html) = actor.page(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            !html.contains(hostile_title),
            "{path} shows the title as markup"
        );
        assert!(
            !html.contains("<img src=x"),
            "{path} shows the description as markup"
        );
        assert!(
            html.contains("&lt;script&gt;alert"),
            "{path} does not show the title"
        );
    }
}
