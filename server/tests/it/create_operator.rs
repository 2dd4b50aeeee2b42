//! `liaison create-operator` prints a link to where the server listens: its
//! public URL when set, else its listen address when set, else the address
//! the server serving the same database announced when it started.
use crate::common::{self, Process};

/// Runs `liaison create-operator` on `db_url` with only `env` set besides;
/// returns the link it printed.
fn create_operator(db_url: &str, env: &[(&str, &str)]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
        .args(["create-operator", "--email", "ops@liaison.test"])
        .env_remove("LEPTOS_SITE_ADDR")
        .env_remove("LIAISON_PUBLIC_URL")
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .output()
        .expect("liaison create-operator");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .split_whitespace()
        .find(|word| word.starts_with("http"))
        .unwrap_or_else(|| panic!("a link in: {stdout}"))
        .to_string()
}

#[tokio::test]
async fn the_operators_link_points_at_the_running_server() {
    let dir = tempfile::tempdir().expect("directory");
    let db_url = common::fresh_database(dir.path()).await;
    let site_root = dir.path().join("site").display().to_string();
    // The server listens on a port of its own (not 3000).
    let server = Process::start(&db_url, &site_root).await;
    assert!(!server.base.ends_with(":3000"));

    let link = create_operator(&db_url, &[]);
    assert!(
        link.starts_with(&format!("{}/password/", server.base)),
        "{link} is on {}",
        server.base
    );
    // The link opens the page where the password is chosen.
    let path = link.trim_start_matches(&server.base);
    let (status, _, page) = server.browser().page(path).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    for name in ["New password", "Confirm password", "Set password"] {
        assert!(page.contains(name), "{name}");
    }

    // Told explicitly, it follows the same settings as the server.
    let link = create_operator(&db_url, &[("LIAISON_PUBLIC_URL", "https://liaison.test/")]);
    assert!(link.starts_with("https://liaison.test/password/"), "{link}");
    let link = create_operator(&db_url, &[("LEPTOS_SITE_ADDR", "0.0.0.0:8181")]);
    assert!(
        link.starts_with("http://127.0.0.1:8181/password/"),
        "{link}"
    );
}
