//! `liaison`: the Liaison web server.
use clap::{Parser, Subcommand};
use server::{Config, router, serve};
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
    #[command(flatten)]
    config: Config,
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
        /// `numbered` ("Harbor Ridge Logistics 105") or `realistic`
        /// (surnames, places and trades from longer lists, no numbers).
        #[arg(long, default_value = "numbered")]
        names: app::scale::Names,
    },
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    // Every value is checked here: a wrong one stops the server with what
    // to write instead.
    let Cli { config, command } = Cli::parse();

    let database = app::db::redacted(&config.database_url);
    let pool = app::db::connect(&config.database_url, config.database_connections).await?;
    if let Some(Command::Backup { file }) = &command {
        let outcome = app::db::backup(&pool, &config.database_url, file)
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
    if let Some(Command::CreateOperator { email }) = &command {
        let email = app::input::Email::parse(email)
            .map_err(|_| format!("not an email address: {email}"))?;
        let token = app::accounts::store::create_operator(&pool, &config.clock, email.as_str())
            .await
            .map_err(|e| format!("create-operator failed: {e}"))?;
        let recorded = app::request::store::site_address(&pool)
            .await
            .map_err(|e| format!("create-operator failed: {e}"))?;
        let base = match (&config.site_addr, &config.public_url, recorded) {
            (None, None, Some(recorded)) => recorded,
            _ => config.base_url(),
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
        names,
    }) = &command
    {
        let password = demo_password(&config);
        let started = std::time::Instant::now();
        let scale = app::scale::Scale {
            partners: *partners,
            customers_per_partner: *customers_per_partner,
            names: *names,
        };
        let written = app::scale::seed(&pool, &config.clock, scale, &password)
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
    if config.demo {
        let password = demo_password(&config);
        app::demo::seed(&pool, &config.clock, &password)
            .await
            .map_err(|e| format!("seeding the demo data failed: {e}"))?;
        tracing::info!(users = app::demo::demo_emails().count(), "demo data ready");
    }

    let mailer = match config.smtp_url() {
        Some(url) => Some(app::outbox::Mailer::new(url, &config.mail_from)?),
        None => None,
    };
    let app = router(pool.clone(), &config)
        .await
        .map_err(|e| e.to_string())?;
    let base = config.base_url();
    // What `liaison create-operator`, run beside this server, links to.
    app::request::store::record_site_address(&pool, &config.clock, &base)
        .await
        .map_err(|e| format!("recording the site's address failed: {e}"))?;
    app::relationships::schedule::spawn(pool.clone(), config.clock.clone(), base);
    app::notify::webhooks::spawn_worker(
        pool.clone(),
        config.clock.clone(),
        app::notify::webhooks::AllowPrivate(config.webhook_allow_private),
    );
    if config.webhook_allow_private {
        tracing::warn!(
            "LIAISON_WEBHOOK_ALLOW_PRIVATE: webhook endpoints may be on private addresses"
        );
    }
    match mailer {
        Some(mailer) => {
            app::outbox::spawn_worker(pool.clone(), config.clock.clone(), mailer);
            tracing::info!("email leaves through LIAISON_SMTP_URL");
        }
        None => tracing::info!("no LIAISON_SMTP_URL: email waits in the outbox (/operator/outbox)"),
    }
    let listener = tokio::net::TcpListener::bind(config.listen_addr()).await?;
    tracing::info!("listening on http://{}", config.listen_addr());
    tracing::info!(
        hosts = config.hosts().names().join(", "),
        trusted_proxies = config
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

/// The demo users' password: the configured one, or a random one, printed.
fn demo_password(config: &Config) -> String {
    match config.demo_password.clone().filter(|p| !p.is_empty()) {
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
