//! `liaison`: the Liaison web server.
use std::net::SocketAddr;

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Parser, Subcommand};
use server::{Settings, router, serve};
use tracing_subscriber::EnvFilter;

// Rendering a page allocates and frees thousands of small strings; glibc's
// allocator took about a fifth of the server's CPU time under load
// (`perf record` while wrk loaded `/partner/customers`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "liaison",
    version,
    about = "Partner–customer relationship portal"
)]
struct Cli {
    /// Address to listen on [default: 127.0.0.1:3000].
    #[arg(long, env = "LEPTOS_SITE_ADDR")]
    site_addr: Option<SocketAddr>,
    /// Directory of the built site (JS, WASM, CSS, assets).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    site_root: String,
    /// The database: sqlite://FILE (created when missing) or
    /// postgres://USER:PASSWORD@HOST/DATABASE; migrated at start.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/liaison.db",
        hide_env_values = true
    )]
    database_url: String,
    /// Connections this process opens to the database at most.
    #[arg(long, env = "LIAISON_DATABASE_CONNECTIONS", default_value_t = app::db::DEFAULT_CONNECTIONS)]
    database_connections: u32,
    /// Seed the demo organizations and users (idempotent).
    #[arg(long, env = "LIAISON_DEMO", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    demo: bool,
    /// Password of the demo users; a random one is printed when unset.
    #[arg(long, env = "LIAISON_DEMO_PASSWORD", hide_env_values = true)]
    demo_password: Option<String>,
    /// Public address of the site, used in invitation links (default: the
    /// request's Host, when it is one of the hosts served).
    #[arg(long, env = "LIAISON_PUBLIC_URL", default_value = "")]
    public_url: String,
    /// More host names to serve, comma-separated, besides the public URL's,
    /// the listen address, localhost and 127.0.0.1.
    #[arg(long, env = "LIAISON_ALLOWED_HOSTS", value_delimiter = ',')]
    allowed_hosts: Vec<String>,
    /// Proxies whose X-Forwarded-For names the client: addresses or CIDR
    /// ranges, comma-separated (for example 127.0.0.1,10.0.0.0/8).
    #[arg(long, env = "LIAISON_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<String>,
    /// Mark the session cookie Secure and send Strict-Transport-Security
    /// (serve over HTTPS).
    #[arg(long, env = "LIAISON_SECURE_COOKIES", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    secure_cookies: bool,
    /// SMTP server email leaves through: smtp://HOST:PORT (plain, no
    /// authentication) or smtps://USER:PASSWORD@HOST:PORT (TLS). Unset,
    /// email waits in the outbox (operators read it at /operator/outbox).
    #[arg(long, env = "LIAISON_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of Liaison's email.
    #[arg(
        long,
        env = "LIAISON_MAIL_FROM",
        default_value = "Liaison <no-reply@liaison.localhost>"
    )]
    mail_from: String,
    /// Let webhook endpoints be on loopback, private and link-local
    /// addresses (tests only: in production it lets a partner reach
    /// Liaison's own network).
    #[arg(long, env = "LIAISON_WEBHOOK_ALLOW_PRIVATE", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    webhook_allow_private: bool,
    /// API requests each partner (all its tokens together) may make per
    /// minute, and each client address without a valid token (a burst of
    /// as many, refilled evenly).
    #[arg(long, env = "LIAISON_API_RATE_PER_MINUTE", default_value_t = 120)]
    api_rate_per_minute: u32,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Copy the database to FILE, consistently, while the server runs:
    /// SQLite's VACUUM INTO (a database file), or pg_dump's custom format
    /// on PostgreSQL (pg_dump must be on the PATH; restore with pg_restore).
    Backup {
        /// Where to write the copy (must not exist yet).
        file: std::path::PathBuf,
    },
    /// Create an operator (on an empty database too) and print a one-time
    /// link, valid 24 hours, where they choose their password. Run again,
    /// it prints a new link (the earlier one stops working). The link is on
    /// LIAISON_PUBLIC_URL when set, else on LEPTOS_SITE_ADDR when set, else
    /// where the server last started on this database announced itself.
    CreateOperator {
        #[arg(long)]
        email: String,
    },
    /// Fill the database with many partners and customers (for benchmarks).
    /// Users' password is LIAISON_DEMO_PASSWORD (random and printed when unset).
    SeedScale {
        #[arg(long, default_value_t = 10)]
        partners: usize,
        #[arg(long, default_value_t = 1000)]
        customers_per_partner: usize,
    },
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let cli = Cli::parse();

    let database = app::db::redacted(&cli.database_url);
    let pool = app::db::connect(&cli.database_url, cli.database_connections).await?;
    if let Some(Command::Backup { file }) = &cli.command {
        let outcome = app::db::backup(&pool, &cli.database_url, file)
            .await
            .map_err(|e| format!("backup to {} failed: {e}", file.display()))?;
        match outcome {
            app::db::BackupOutcome::SqliteCopy => println!(
                "Copied {database} to {} (an SQLite database file: serve it with DATABASE_URL=sqlite://{})",
                file.display(),
                file.display()
            ),
            app::db::BackupOutcome::PostgresDump => println!(
                "Dumped {database} to {} with pg_dump --format=custom (restore it with pg_restore --no-owner --dbname=DATABASE {})",
                file.display(),
                file.display()
            ),
        }
        pool.close().await;
        return Ok(());
    }
    if let Some(Command::CreateOperator { email }) = &cli.command {
        let email = app::input::Email::parse(email)
            .map_err(|_| format!("not an email address: {email}"))?;
        let token = app::accounts::store::create_operator(&pool, email.as_str())
            .await
            .map_err(|e| format!("create-operator failed: {e}"))?;
        let recorded = app::request::store::site_address(&pool)
            .await
            .map_err(|e| format!("create-operator failed: {e}"))?;
        let base = match (&cli.site_addr, recorded) {
            (None, Some(recorded)) if cli.public_url.trim().is_empty() => recorded,
            (site_addr, _) => base_url(&cli.public_url, site_addr.unwrap_or(DEFAULT_SITE_ADDR)),
        };
        println!(
            "Operator {}: choose the password within 24 hours, once, at\n{base}/password/{token}",
            email.as_str()
        );
        pool.close().await;
        return Ok(());
    }
    if let Some(Command::SeedScale {
        partners,
        customers_per_partner,
    }) = &cli.command
    {
        let password = demo_password(&cli);
        let started = std::time::Instant::now();
        let scale = app::scale::Scale {
            partners: *partners,
            customers_per_partner: *customers_per_partner,
        };
        let written = app::scale::seed(&pool, scale, &password)
            .await
            .map_err(|e| format!("seed-scale failed: {e}"))?;
        println!(
            "Wrote {} partners, {} customers, {} rows in {:.1} s",
            written.partners,
            written.customers,
            written.rows,
            started.elapsed().as_secs_f64()
        );
        pool.close().await;
        return Ok(());
    }
    tracing::info!(%database, "database ready");
    if cli.demo {
        let password = demo_password(&cli);
        app::demo::seed(&pool, &password)
            .await
            .map_err(|e| format!("seeding the demo data failed: {e}"))?;
        tracing::info!(users = app::demo::demo_emails().count(), "demo data ready");
    }

    // A list's empty entries (a trailing comma) are nothing; a wrong one
    // stops the server with what to write instead.
    let listed = |values: Vec<String>| -> Vec<String> {
        values
            .into_iter()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let allowed_hosts = listed(cli.allowed_hosts);
    server::Hosts::check(&cli.public_url, &allowed_hosts)?;
    let trusted_proxies = listed(cli.trusted_proxies)
        .iter()
        .map(|proxy| {
            server::parse_proxy(proxy).map_err(|e| format!("LIAISON_TRUSTED_PROXIES: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mailer = match cli.smtp_url.as_deref().filter(|url| !url.is_empty()) {
        Some(url) => Some(app::outbox::Mailer::new(url, &cli.mail_from)?),
        None => None,
    };
    let settings = Settings {
        smtp: mailer.is_some(),
        public_url: cli.public_url,
        secure_cookies: cli.secure_cookies,
        allowed_hosts,
        trusted_proxies,
        webhook_allow_private: cli.webhook_allow_private,
        api_rate_per_minute: cli.api_rate_per_minute.max(1),
        ..Settings::new(cli.site_addr.unwrap_or(DEFAULT_SITE_ADDR), cli.site_root)
    };
    let app = router(pool.clone(), &settings).await?;
    let base = base_url(&settings.public_url, settings.site_addr);
    // What `liaison create-operator`, run beside this server, links to.
    app::request::store::record_site_address(&pool, &base)
        .await
        .map_err(|e| format!("recording the site's address failed: {e}"))?;
    app::relationships::schedule::spawn(pool.clone(), settings.clock.clone(), base);
    app::notify::webhooks::spawn_worker(
        pool.clone(),
        settings.clock.clone(),
        app::notify::webhooks::AllowPrivate(settings.webhook_allow_private),
    );
    if settings.webhook_allow_private {
        tracing::warn!(
            "LIAISON_WEBHOOK_ALLOW_PRIVATE: webhook endpoints may be on private addresses"
        );
    }
    match mailer {
        Some(mailer) => {
            app::outbox::spawn_worker(pool.clone(), mailer);
            tracing::info!("email leaves through LIAISON_SMTP_URL");
        }
        None => tracing::info!("no LIAISON_SMTP_URL: email waits in the outbox (/operator/outbox)"),
    }
    let listener = tokio::net::TcpListener::bind(settings.site_addr).await?;
    tracing::info!("listening on http://{}", settings.site_addr);
    tracing::info!(
        hosts = settings.hosts().names().join(", "),
        trusted_proxies = settings
            .trusted_proxies
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        "serving these hosts only"
    );
    serve(listener, app, shutdown_signal()).await?;
    pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Where the server listens when LEPTOS_SITE_ADDR is not set.
const DEFAULT_SITE_ADDR: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 3000);

/// The address people reach the site at: the public URL when set, else the
/// listen address (a wildcard one, `0.0.0.0` or `[::]`, reached on this
/// machine's loopback address).
fn base_url(public_url: &str, site_addr: SocketAddr) -> String {
    let public_url = public_url.trim().trim_end_matches('/');
    if !public_url.is_empty() {
        return public_url.to_string();
    }
    let mut reached = site_addr;
    if site_addr.ip().is_unspecified() {
        reached.set_ip(match site_addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{reached}")
}

/// The demo users' password: the configured one, or a random one, printed.
fn demo_password(cli: &Cli) -> String {
    match cli.demo_password.clone().filter(|p| !p.is_empty()) {
        Some(password) => password,
        None => {
            let password = app::demo::random_password();
            println!("Password for every demo user: {password}");
            password
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
    // Open event streams end, so that finishing the requests in flight
    // does not wait for them (the browsers reconnect to another process).
    app::customers::stop_live_streams();
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_site_is_reached_at_its_public_url_else_at_its_listen_address() {
        let addr = |a: &str| a.parse().unwrap();
        assert_eq!(
            super::base_url("https://liaison.example/", addr("127.0.0.1:8080")),
            "https://liaison.example"
        );
        assert_eq!(
            super::base_url("", addr("127.0.0.1:8080")),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            super::base_url("", addr("0.0.0.0:8443")),
            "http://127.0.0.1:8443"
        );
        assert_eq!(super::base_url(" ", addr("[::]:9000")), "http://[::1]:9000");
    }
}
