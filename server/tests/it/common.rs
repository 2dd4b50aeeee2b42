//! `TestApp`: the real router on a random port over a fresh database: an
//! SQLite file, or a new database on the PostgreSQL server that
//! `LIAISON_TEST_POSTGRES` names (`postgres://USER@HOST:PORT`; the test
//! command starts a throwaway one and runs the suite on both engines).
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use app::db::{Engine, Pool};
use app::error::AppError;
use leptos::server_fn::ServerFn;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;

pub const PASSWORD: &str = "demo-password-for-tests";

pub struct TestApp {
    pub base: String,
    pub pool: Pool,
    pub db_url: String,
    /// The server's clock, which a test moves forward (`advance_days`).
    pub clock: app::db::Clock,
    _dir: Arc<tempfile::TempDir>,
}

impl TestApp {
    /// A server with the demo data, on its own database file.
    pub async fn spawn() -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db_url = fresh_database(dir.path()).await;
        let pool = connect(&db_url).await;
        app::demo::seed(&pool, &app::db::Clock::default(), PASSWORD)
            .await
            .expect("demo data");
        TestApp::on(pool, db_url, Arc::new(dir)).await
    }

    /// A server with the demo data whose session cookie is marked `Secure`.
    pub async fn spawn_secure() -> TestApp {
        TestApp::spawn_with(|settings| settings.secure_cookies = true).await
    }

    /// A server with the demo data, configured by `configure` (the listen
    /// address is already set).
    pub async fn spawn_with(configure: impl FnOnce(&mut server::Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db_url = fresh_database(dir.path()).await;
        let pool = connect(&db_url).await;
        app::demo::seed(&pool, &app::db::Clock::default(), PASSWORD)
            .await
            .expect("demo data");
        TestApp::serve(pool, db_url, Arc::new(dir), configure).await
    }

    /// Another server over the same database, as after a restart.
    pub async fn restart(&self) -> TestApp {
        let pool = connect(&self.db_url).await;
        TestApp::on(pool, self.db_url.clone(), self._dir.clone()).await
    }

    /// A server over another database (a restored backup).
    pub async fn over(db_url: &str) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let pool = connect(db_url).await;
        TestApp::on(pool, db_url.to_string(), Arc::new(dir)).await
    }

    async fn on(pool: Pool, db_url: String, dir: Arc<tempfile::TempDir>) -> TestApp {
        TestApp::serve(pool, db_url, dir, |_| {}).await
    }

    async fn serve(
        pool: Pool,
        db_url: String,
        dir: Arc<tempfile::TempDir>,
        configure: impl FnOnce(&mut server::Config),
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("port");
        let addr: SocketAddr = listener.local_addr().expect("address");
        let mut settings = server::Config::new(addr, dir.path().join("site").display().to_string());
        settings.clock = app::db::Clock::adjustable();
        configure(&mut settings);
        let router = server::router(pool.clone(), &settings)
            .await
            .expect("router");
        tokio::spawn(server::serve(listener, router, std::future::pending()));
        TestApp {
            base: format!("http://{addr}"),
            pool,
            db_url,
            clock: settings.clock.clone(),
            _dir: dir,
        }
    }

    /// Moves the server's clock `minutes` minutes forward.
    pub fn advance_minutes(&self, minutes: u64) {
        self.clock
            .advance(std::time::Duration::from_secs(minutes * 60));
    }

    /// Moves the server's clock `days` days forward.
    pub fn advance_days(&self, days: u64) {
        self.clock
            .advance(std::time::Duration::from_secs(days * 24 * 60 * 60));
    }

    /// A browser that is not signed in.
    pub fn visitor(&self) -> Actor {
        self.visitor_with(reqwest::header::HeaderMap::new())
    }

    /// A browser that is not signed in, behind a proxy that sends every
    /// request on with `X-Forwarded-For: {forwarded_for}`.
    pub fn visitor_from(&self, forwarded_for: &str) -> Actor {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            forwarded_for.parse().expect("a header value"),
        );
        self.visitor_with(headers)
    }

    fn visitor_with(&self, headers: reqwest::header::HeaderMap) -> Actor {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            // A lost answer fails the test instead of hanging it.
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .expect("client");
        Actor {
            client,
            jar,
            base: self.base.clone(),
        }
    }

    /// A browser signed in as `email` with the demo password.
    pub async fn sign_in_as(&self, email: &str) -> Actor {
        let actor = self.visitor();
        let signed_in = actor.run(sign_in(email, PASSWORD)).await;
        assert_eq!(signed_in, Ok(()), "sign-in of {email}");
        actor
    }

    pub async fn count(&self, sql: &str) -> i64 {
        app::db::query_scalar(sql)
            .fetch_one(&self.pool)
            .await
            .expect(sql)
    }

    /// The one text value `sql` selects.
    pub async fn text(&self, sql: &str) -> String {
        app::db::query_scalar(sql)
            .fetch_one(&self.pool)
            .await
            .expect(sql)
    }

    /// The argon2 hash of the demo password, to give new users without hashing again.
    pub async fn password_hash(&self) -> String {
        app::db::query_scalar(
            "SELECT password_hash FROM users WHERE email = 'admin@fabrikam.example'",
        )
        .fetch_one(&self.pool)
        .await
        .expect("hash")
    }

    pub async fn org_id(&self, slug: &str) -> String {
        app::db::query_scalar("SELECT id FROM organizations WHERE slug = $1")
            .bind(slug)
            .fetch_one(&self.pool)
            .await
            .expect("organization")
    }

    /// `customer_admin` accepts the partner's link (with or without delegated
    /// admin privileges) and stays signed in.
    pub async fn accepts(
        &self,
        customer_admin: &str,
        partner_slug: &str,
        include_dap: bool,
    ) -> Actor {
        let code = self.link_code(partner_slug, include_dap).await;
        let admin = self.sign_in_as(customer_admin).await;
        admin.run(accept(&code)).await.expect("accepted");
        admin
    }

    /// The demo admin agent of the partner `partner_slug`, signed in.
    async fn partner_admin(&self, partner_slug: &str) -> Actor {
        self.sign_in_as(&format!("admin@{partner_slug}.example"))
            .await
    }

    /// The code of a new one-customer invitation of the partner to `domain`.
    pub async fn one_customer_invitation(&self, partner_slug: &str, domain: &str) -> String {
        let invitation = self
            .partner_admin(partner_slug)
            .await
            .run(app::invitations::CreateCustomerInvitation {
                domain: domain.into(),
            })
            .await
            .expect("one-customer invitation");
        code_of(&invitation)
    }

    /// The code of the partner's active link (with or without DAP).
    pub async fn link_code(&self, partner_slug: &str, include_dap: bool) -> String {
        let page = self
            .partner_admin(partner_slug)
            .await
            .run(app::invitations::LoadInvitation {})
            .await
            .expect("invitation");
        let link = if include_dap {
            page.link_with_dap
        } else {
            page.link_without_dap
        };
        link.rsplit('/').next().expect("code").to_string()
    }
}

/// The code of a one-customer invitation, the end of its link.
pub fn code_of(invitation: &app::invitations::CustomerInvitation) -> String {
    invitation
        .link
        .rsplit('/')
        .next()
        .expect("code")
        .to_string()
}

/// The arguments of a sign-in with `email` and `password`.
pub fn sign_in(email: &str, password: &str) -> app::auth::SignIn {
    app::auth::SignIn {
        email: email.into(),
        password: password.into(),
        next: None,
    }
}

/// The arguments of an acceptance of the link `code`, the authorization
/// given, every role of the default ask kept ticked.
pub fn accept(code: &str) -> app::consent::AcceptInvitation {
    accept_roles(
        code,
        &app::role::Ask::default()
            .roles
            .iter()
            .map(|role| role.as_sql())
            .collect::<Vec<_>>(),
    )
}

/// An acceptance of the link `code` as a form posts it: the authorization
/// given, the default ask's roles ticked.
pub fn accept_form(code: &str) -> Vec<(&str, &str)> {
    let mut form = vec![("code", code), ("authorize", "yes")];
    for role in app::role::Ask::default().roles {
        form.push(("roles[]", role.as_sql()));
    }
    form
}

/// The arguments of an acceptance of the link `code` that keeps `roles`
/// (as the catalog writes them) ticked.
pub fn accept_roles(code: &str, roles: &[&str]) -> app::consent::AcceptInvitation {
    app::consent::AcceptInvitation {
        code: code.into(),
        authorize: Some("yes".into()),
        roles: Some(roles.iter().map(|role| role.to_string()).collect()),
        ask: None,
    }
}

pub struct Actor {
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub base: String,
}

impl Actor {
    /// The same browser (its cookies, its connections) talking to another
    /// server at `base`: cookies do not name a port, so a session begun on
    /// one server process goes along to another.
    pub fn at(&self, base: &str) -> Actor {
        Actor {
            client: self.client.clone(),
            jar: self.jar.clone(),
            base: base.to_string(),
        }
    }

    /// Calls the server function `F` with its own arguments, as the app's
    /// code does: a renamed or retyped argument fails to compile. The answer
    /// and the error come back typed.
    pub async fn run<F>(&self, args: F) -> Result<F::Output, AppError>
    where
        F: ServerFn<Error = AppError> + serde::Serialize,
        F::Output: DeserializeOwned,
    {
        let form = serde_qs::to_string(&args).expect("arguments");
        let (status, body) = self
            .send(F::PATH, form)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", F::PATH));
        answer(F::PATH, status, &body)
    }

    /// Calls a server function by name, for tables of them (the
    /// authorization matrix, the fuzz test); elsewhere, [`run`](Self::run).
    pub async fn call<T: DeserializeOwned>(
        &self,
        function: &str,
        form: &[(&str, &str)],
    ) -> Result<T, AppError> {
        let (status, body) = self.call_raw(function, form).await;
        answer(function, status, &body)
    }

    /// Posts `form` (URL-encoded) to the server function at `path`.
    async fn send(&self, path: &str, form: String) -> Result<(StatusCode, String), reqwest::Error> {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("Accept", "application/json")
            .header("Origin", &self.base)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await?;
        let status = response.status();
        Ok((status, response.text().await?))
    }

    pub async fn call_raw(&self, function: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        self.try_call_raw(function, form).await.expect("request")
    }

    /// As `call_raw`, for a server that may be gone.
    pub async fn try_call_raw(
        &self,
        function: &str,
        form: &[(&str, &str)],
    ) -> Result<(StatusCode, String), reqwest::Error> {
        let form = serde_urlencoded::to_string(form).expect("a form");
        self.send(&format!("/api/{function}"), form).await
    }

    /// Sends a form to a server function as the browser does on a page
    /// without an island (or before the page is interactive): a navigation
    /// from `from_page`, asking for HTML. Such a post is always answered with
    /// a redirect, success or not: returns the address the browser follows
    /// (the failure, if any, is in it).
    pub async fn post_form(
        &self,
        function: &str,
        form: &[(&str, &str)],
        from_page: &str,
    ) -> String {
        let response = self
            .client
            .post(format!("{}/api/{function}", self.base))
            .header("Accept", "text/html,application/xhtml+xml")
            .header("Origin", &self.base)
            .header("Referer", format!("{}{from_page}", self.base))
            .header("Sec-Fetch-Site", "same-origin")
            .header("Sec-Fetch-Mode", "navigate")
            .form(form)
            .send()
            .await
            .expect("request");
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(|l| l.trim_start_matches(&self.base).to_string());
        let status = response.status();
        assert!(status.is_redirection(), "{function}: got {status}");
        location.unwrap_or_else(|| panic!("{function}: a redirect without a location"))
    }

    /// GETs `path` as a download; returns the status, the content type and the body.
    pub async fn download(&self, path: &str) -> (StatusCode, String, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request");
        let status = response.status();
        let kind = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        (status, kind, response.text().await.expect("body"))
    }

    /// GETs a page as an English-reading browser does.
    pub async fn page_response(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header("Accept", "text/html")
            .header("Accept-Language", "en")
            .send()
            .await
            .expect("request")
    }

    /// GETs a page; returns the status, the `Location` header and the body.
    pub async fn page(&self, path: &str) -> (StatusCode, Option<String>, String) {
        let response = self.page_response(path).await;
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        (status, location, response.text().await.expect("body"))
    }

    /// The session cookie as the browser holds it.
    pub fn session_cookie(&self) -> Option<String> {
        let url: Url = self.base.parse().expect("url");
        let cookies = self.jar.cookies(&url)?;
        cookies
            .to_str()
            .ok()?
            .split("; ")
            .find(|c| c.starts_with(server::SESSION_COOKIE))
            .map(str::to_string)
    }
}

/// A server function's answer, typed: its value on success, else its error.
/// A 500 fails the test: no input may cause one.
fn answer<T: DeserializeOwned>(
    function: &str,
    status: StatusCode,
    body: &str,
) -> Result<T, AppError> {
    if status.is_success() {
        Ok(serde_json::from_str(body).unwrap_or_else(|e| panic!("{function}: {e}: {body}")))
    } else {
        assert!(
            status != StatusCode::INTERNAL_SERVER_ERROR,
            "{function} answered 500: {body}"
        );
        Err(serde_json::from_str(body)
            .unwrap_or_else(|e| panic!("{function} {status}: {e}: {body}")))
    }
}

/// Tables that change without being data: who is signed in, sign-in
/// failures, passwords waiting for their page, and the migrations.
const NOT_DATA: &str = "'sessions', 'sign_in_failures', 'passwords_to_show', '_sqlx_migrations'";

/// Every table's content but [`NOT_DATA`], one string per table: two
/// databases (or one before and after a call) compare equal when no row
/// differs.
pub async fn snapshot(conn: &mut app::db::Conn) -> std::collections::BTreeMap<String, String> {
    let postgres = conn.engine() == app::db::Engine::Postgres;
    let tables: Vec<String> = app::db::query_scalar(&if postgres {
        format!(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
               AND table_name NOT IN ({NOT_DATA})"
        )
    } else {
        format!(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
             AND name NOT IN ({NOT_DATA}) AND name NOT LIKE 'sqlite_%'"
        )
    })
    .fetch_all(&mut *conn)
    .await
    .expect("tables");
    let mut content = std::collections::BTreeMap::new();
    for table in tables {
        let sql = if postgres {
            format!("SELECT string_agg(t::text, chr(10) ORDER BY t::text) FROM \"{table}\" t")
        } else {
            let columns: Vec<String> =
                app::db::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                    .bind(&table)
                    .fetch_all(&mut *conn)
                    .await
                    .expect("columns");
            let row = columns
                .iter()
                .map(|c| format!("quote(\"{c}\")"))
                .collect::<Vec<_>>()
                .join("||'|'||");
            format!(
                "SELECT group_concat(r, char(10)) FROM (SELECT {row} AS r FROM \"{table}\" ORDER BY 1)"
            )
        };
        let all: Option<String> = app::db::query_scalar(&sql)
            .fetch_one(&mut *conn)
            .await
            .expect("rows");
        content.insert(table, all.unwrap_or_default());
    }
    content
}

/// How many acceptances created the relationship and how many found it
/// already there; any other answer counts in neither.
pub fn created_and_unchanged(
    outcomes: &[Result<app::consent::AcceptOutcome, AppError>],
) -> (usize, usize) {
    use app::consent::AcceptOutcome;
    let count = |wanted: AcceptOutcome| outcomes.iter().filter(|o| **o == Ok(wanted)).count();
    (
        count(AcceptOutcome::Created),
        count(AcceptOutcome::Unchanged),
    )
}

/// The number `sql` counts in the database of `pool`.
pub async fn count_in(pool: &Pool, sql: &str) -> i64 {
    app::db::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

/// The engine the tests run on.
pub fn engine() -> Engine {
    match std::env::var("LIAISON_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => Engine::Postgres,
        _ => Engine::Sqlite,
    }
}

/// The URL of a new, empty database for one test: an SQLite file in `dir`,
/// or a database of its own on the `LIAISON_TEST_POSTGRES` server.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("LIAISON_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => {
            use sqlx::Connection;
            let server = server.trim_end_matches('/');
            let name = format!("liaison_test_{}", uuid::Uuid::new_v4().simple());
            let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
                .await
                .expect("the test PostgreSQL server");
            sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await
                .expect("a test database");
            admin.close().await.ok();
            format!("{server}/{name}")
        }
        _ => format!("sqlite://{}/liaison.db", dir.display()),
    }
}

/// A pool over `db_url`, migrated, as the server opens it. Also sends the
/// server's logs to the test's output, filtered by `RUST_LOG` (nothing
/// when unset): an internal error's reference then comes with its cause.
pub async fn connect(db_url: &str) -> Pool {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off")),
        )
        .with_test_writer()
        .try_init();
    app::db::connect(db_url, app::db::DEFAULT_CONNECTIONS)
        .await
        .expect("database")
}

/// The real `liaison` binary, started on `db_url` with the demo data; it
/// is killed with SIGKILL when dropped, so a failing test leaves no server
/// behind.
pub struct Process {
    child: std::process::Child,
    pub base: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Process {
    pub async fn start(db_url: &str, site_root: &str) -> Process {
        Process::start_with(db_url, site_root, &[]).await
    }

    /// As [`start`](Self::start), with more environment variables.
    pub async fn start_with(db_url: &str, site_root: &str, env: &[(&str, &str)]) -> Process {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
            .env("DATABASE_URL", db_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", site_root)
            .env("LIAISON_DEMO", "1")
            .env("LIAISON_DEMO_PASSWORD", PASSWORD)
            .env("RUST_LOG", "error")
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("liaison starts");
        let base = format!("http://127.0.0.1:{port}");
        let started = std::time::Instant::now();
        loop {
            if let Ok(response) = reqwest::get(format!("{base}/login")).await
                && response.status().is_success()
            {
                break;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "liaison did not start"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Process { child, base }
    }

    /// Kills it with SIGKILL, as a crash would.
    pub fn kill(self) {
        // Dropping it kills it.
    }

    /// A browser of its own, not signed in.
    pub fn browser(&self) -> Actor {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        Actor {
            client: reqwest::Client::builder()
                .cookie_provider(jar.clone())
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("client"),
            jar,
            base: self.base.clone(),
        }
    }
}

/// A page's HTML from its first element with `role="{role}"` on, if any.
pub fn from_role<'a>(page: &'a str, role: &str) -> Option<&'a str> {
    page.find(&format!("role=\"{role}\"")).map(|at| &page[at..])
}

/// A real SMTP server (`end2end/smtp-sink.mjs`, Node's `smtp-server`) on a
/// free port, writing each message it receives as JSON into its folder;
/// stopped when dropped. Its npm packages are installed by the test
/// command's set-up (`scripts/setup.sh`).
pub struct SmtpSink {
    child: std::process::Child,
    pub port: u16,
    pub dir: std::path::PathBuf,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SmtpSink {
    pub fn start(dir: &std::path::Path) -> SmtpSink {
        use std::io::BufRead;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/smtp-sink.mjs");
        let mut child = std::process::Command::new("node")
            .arg(script)
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("node runs the SMTP sink");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the sink says it listens");
        assert!(line.contains("listening"), "smtp sink: {line}");
        SmtpSink {
            child,
            port,
            dir: dir.to_path_buf(),
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received so far.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let mut files: Vec<_> = std::fs::read_dir(&self.dir)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "json"));
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_slice(&std::fs::read(p).expect("message")).expect("json"))
            .collect()
    }
}

/// Opens every page of the router and every plain route (parameters filled
/// in with `code` and placeholders) as `actor`, but those in `open`, and
/// lists each that neither refuses (403) nor sends to an address starting
/// with `held_to`. Returns how many were opened and the ones that answered.
pub async fn routes_not_held(
    actor: &Actor,
    code: &str,
    open: &[&str],
    held_to: &str,
) -> (usize, Vec<String>) {
    let pages = server::route_list()
        .iter()
        .map(|route| route.path().to_string())
        .collect::<Vec<_>>();
    let mut walked = 0;
    let mut answered = Vec::new();
    for route in pages.iter().map(String::as_str).chain(server::PLAIN_ROUTES) {
        if open.contains(&route) {
            continue;
        }
        let path = route
            .replace("{customer}", "fabrikam")
            .replace("{code}", code)
            .replace("{token}", "not-a-token")
            .replace("{id}", "00000000-0000-0000-0000-000000000000");
        // Only the status: the live list would stream for ever.
        let response = actor.page_response(&path).await;
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_string();
        walked += 1;
        let held = status == reqwest::StatusCode::FORBIDDEN
            || (status.is_redirection() && location.starts_with(held_to));
        if !held {
            answered.push(format!("{route}: {status} {location}"));
        }
    }
    (walked, answered)
}

/// A fresh database served by one `liaison` process that sends its email to
/// a real SMTP sink, from Liaison's test sender.
pub async fn process_with_mail(dir: &std::path::Path) -> (Process, SmtpSink, String) {
    let sink = SmtpSink::start(&dir.join("mail"));
    let db_url = fresh_database(dir).await;
    let site_root = dir.join("site").display().to_string();
    let smtp = sink.url();
    let env = [
        ("LIAISON_SMTP_URL", smtp.as_str()),
        ("LIAISON_MAIL_FROM", "Liaison <liaison@liaison.test>"),
    ];
    let process = Process::start_with(&db_url, &site_root, &env).await;
    (process, sink, db_url)
}

/// A pool over the database `url` names, of the engine under test, not
/// migrated: for tests that start from an older schema.
pub async fn unmigrated(url: &str) -> app::db::Pool {
    match engine() {
        app::db::Engine::Sqlite => app::db::Pool::Sqlite(
            sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(1)
                .connect(&format!("{url}?mode=rwc"))
                .await
                .expect("SQLite"),
        ),
        app::db::Engine::Postgres => app::db::Pool::Postgres(
            sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .connect(url)
                .await
                .expect("PostgreSQL"),
        ),
    }
}

/// Applies `migrator`'s migrations to `pool`.
pub async fn run_migrator(migrator: &sqlx::migrate::Migrator, pool: &app::db::Pool) {
    match pool {
        app::db::Pool::Sqlite(pool) => migrator.run(pool).await,
        app::db::Pool::Postgres(pool) => migrator.run(pool).await,
    }
    .expect("migrations");
}

/// Runs several statements at once (`;` between them).
pub async fn run_script(pool: &app::db::Pool, sql: &str) {
    match pool {
        app::db::Pool::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        app::db::Pool::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
    }
    .expect(sql);
}
