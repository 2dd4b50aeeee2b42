//! The database: SQLite (one file, the default) or PostgreSQL, behind one
//! pool type, each run by its own driver ([`query`]). Stores write their SQL once, in the form both engines read
//! (`$1` placeholders, `ON CONFLICT`, `RETURNING`, `COALESCE`, text times);
//! what differs between the engines lives here, one function per concern:
//! connecting and migrating ([`connect`]), taking the write lock
//! ([`write`], over [`begin_write`]) and copying the database ([`backup`]). The one other
//! difference, name search (FTS5 trigrams against `pg_trgm`), lives in the
//! customer list's store, its only user.
use std::time::Duration;

use sqlx::Executor;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

mod pool;

pub use pool::{
    Conn, Done, Pool, Query, QueryAs, QueryScalar, Row, Target, Tx, Value, Values, query, query_as,
    query_scalar,
};

/// A transaction that holds the write lock ([`begin_write`]).
pub type WriteTx = Tx;

/// How many connections each server process opens at most, unless told.
pub const DEFAULT_CONNECTIONS: u32 = 8;

/// How much of an SQLite file the connections map into memory.
const MMAP_BYTES: u64 = 1 << 30;

/// The key of the PostgreSQL advisory lock that writers take (any constant
/// that no other application on the same database uses: "Liai").
const WRITE_LOCK_KEY: i64 = 0x4c69_6169;

/// Which engine a pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine a `DATABASE_URL` names, or why it names none.
    pub fn of_url(url: &str) -> Result<Engine, sqlx::Error> {
        match url.split(':').next() {
            Some("sqlite") => Ok(Engine::Sqlite),
            Some("postgres" | "postgresql") => Ok(Engine::Postgres),
            _ => Err(sqlx::Error::Configuration(
                format!("DATABASE_URL must start with sqlite:// or postgres://, not {url:?}")
                    .into(),
            )),
        }
    }

    /// The engine `pool` talks to.
    pub fn of(pool: &Pool) -> Engine {
        match pool {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }
}

/// Opens the database `url` names (an SQLite file is created when missing)
/// with at most `connections` connections, and applies its engine's
/// migrations. Several processes may start at once on one PostgreSQL
/// database: migrations run under PostgreSQL's lock, once.
pub async fn connect(url: &str, connections: u32) -> Result<Pool, sqlx::Error> {
    let engine = Engine::of_url(url)?;
    let pool = match engine {
        Engine::Sqlite => {
            let url = sqlite_url(url)?;
            let pool = SqlitePoolOptions::new()
                .max_connections(connections)
                // The connections live in this process: one cannot go stale,
                // so the pool does not ping it before every query.
                .test_before_acquire(false)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        // WAL: readers never wait for the writer. Read through
                        // a memory map: searches touch pages all over the file.
                        conn.execute(
                            format!(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;
                                 PRAGMA mmap_size = {MMAP_BYTES};"
                            )
                            .as_str(),
                        )
                        .await?;
                        Ok(())
                    })
                })
                .connect_with(url.parse::<SqliteConnectOptions>()?)
                .await?;
            sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
            Pool::Sqlite(pool)
        }
        Engine::Postgres => {
            let pool = PgPoolOptions::new()
                .max_connections(connections)
                .acquire_timeout(Duration::from_secs(30))
                .connect(url)
                .await?;
            sqlx::migrate!("../migrations/postgres").run(&pool).await?;
            Pool::Postgres(pool)
        }
    };
    Ok(pool)
}

/// `url` without its password, for logs.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// The SQLite URL with its folder created and `mode=rwc` (create when
/// missing), which the URL must carry: pool options cannot say it.
fn sqlite_url(url: &str) -> Result<String, sqlx::Error> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
    }
    Ok(match query {
        "" => format!("sqlite://{path}?mode=rwc"),
        query if query.contains("mode=") => format!("sqlite://{path}?{query}"),
        query => format!("sqlite://{path}?{query}&mode=rwc"),
    })
}

/// Begins a transaction that holds the write lock from its first statement,
/// so that a transaction that reads, decides and writes waits for the other
/// writers instead of deciding on what they are changing. On SQLite it is
/// the database's own lock (`BEGIN IMMEDIATE`); on PostgreSQL one advisory
/// lock that every writer of every process takes, released at commit or
/// rollback. Readers never wait on either.
pub async fn begin_write(pool: &Pool) -> Result<WriteTx, sqlx::Error> {
    match Engine::of(pool) {
        Engine::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Engine::Postgres => {
            let mut tx = pool.begin().await?;
            query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }
    }
}

/// Runs `work` in a transaction that holds the write lock ([`begin_write`]):
/// commits what it wrote when it answers `Ok`, rolls all of it back when it
/// answers `Err` (a refusal found under the lock writes nothing). Every
/// store's read-decide-write-audit sequence goes through here.
pub async fn write<T, E>(
    pool: &Pool,
    work: impl AsyncFnOnce(&mut Conn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<sqlx::Error>,
{
    let mut tx = begin_write(pool).await?;
    match work(&mut tx).await {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(error) => {
            // The error that stopped the work is the one to report; a failed
            // rollback ends with the connection, which releases the lock.
            let _ = tx.rollback().await;
            Err(error)
        }
    }
}

/// Begins a transaction that claims rows of a work queue (the outbox):
/// on SQLite under the write lock, as every writer; on PostgreSQL without
/// the advisory lock, the claiming query saying [`skip_locked`] instead, so
/// that workers of several processes take different rows and never wait
/// for the product's writers.
pub async fn begin_claim(pool: &Pool) -> Result<WriteTx, sqlx::Error> {
    match Engine::of(pool) {
        Engine::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Engine::Postgres => pool.begin().await,
    }
}

/// Runs `round` every `every` until the pool closes, as the workers that
/// send what the database holds do (email, webhooks): a round that fails
/// (a database restarting) is logged as `what` and tried again next time.
pub fn spawn_polling<F, Fut>(pool: Pool, every: std::time::Duration, what: &'static str, round: F)
where
    F: Fn(Pool) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<usize, sqlx::Error>> + Send,
{
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if pool.is_closed() {
                break;
            }
            if let Err(error) = round(pool.clone()).await {
                if pool.is_closed() {
                    break;
                }
                tracing::warn!(%error, "{what} could not be read this time");
            }
        }
    });
}

/// What ends the sub-query that picks the rows a [`begin_claim`]
/// transaction claims: PostgreSQL's `FOR UPDATE SKIP LOCKED` (rows another
/// worker holds are passed over), nothing on SQLite (one writer at a time).
pub fn skip_locked(pool: &Pool) -> &'static str {
    match Engine::of(pool) {
        Engine::Sqlite => "",
        Engine::Postgres => " FOR UPDATE SKIP LOCKED",
    }
}

/// Brings the query planner's statistics up to date after a bulk load
/// (SQLite's `PRAGMA optimize`, PostgreSQL's `ANALYZE`).
pub async fn refresh_statistics(conn: &mut Conn) -> Result<(), sqlx::Error> {
    let statement = match conn {
        Conn::Sqlite(_) | Conn::SqliteAlone(_) => "PRAGMA optimize",
        Conn::Postgres(_) | Conn::PostgresAlone(_) => "ANALYZE",
    };
    query(statement).execute(&mut *conn).await?;
    Ok(())
}

/// What [`backup`] did.
#[derive(Debug)]
pub enum BackupOutcome {
    /// A consistent copy of the SQLite file was written.
    SqliteCopy,
    /// `pg_dump` wrote an archive in its custom format (`pg_restore` reads it).
    PostgresDump,
}

/// Writes a consistent copy of the whole database to `path` while the server
/// keeps running; the file must not exist. SQLite: `VACUUM INTO` (one
/// snapshot, a database file). PostgreSQL: `pg_dump --format=custom` (one
/// snapshot, restored with `pg_restore`); `pg_dump` must be on the `PATH`.
pub async fn backup(
    pool: &Pool,
    url: &str,
    path: &std::path::Path,
) -> Result<BackupOutcome, sqlx::Error> {
    if path.exists() {
        return Err(sqlx::Error::Io(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} already exists; choose a new file", path.display()),
        )));
    }
    match Engine::of(pool) {
        Engine::Sqlite => {
            query("VACUUM INTO $1")
                .bind(path.display().to_string())
                .execute(pool)
                .await?;
            Ok(BackupOutcome::SqliteCopy)
        }
        Engine::Postgres => {
            let status = tokio::process::Command::new("pg_dump")
                .arg("--format=custom")
                .arg("--no-owner")
                .arg(format!("--file={}", path.display()))
                .arg(url)
                .status()
                .await
                .map_err(|error| {
                    sqlx::Error::Io(std::io::Error::new(
                        error.kind(),
                        format!("pg_dump could not be started ({error}); install PostgreSQL's client programs"),
                    ))
                })?;
            if status.success() {
                Ok(BackupOutcome::PostgresDump)
            } else {
                Err(sqlx::Error::Io(std::io::Error::other(format!(
                    "pg_dump failed ({status})"
                ))))
            }
        }
    }
}

/// SQL put together piece by piece, its arguments numbered `$1, $2, …` as
/// it grows (both engines read these; sqlx's `QueryBuilder` writes `?` for
/// this pool, which PostgreSQL does not read).
pub struct Sql<'q> {
    text: String,
    values: Values<'q>,
    count: usize,
}

impl<'q> Sql<'q> {
    pub fn new(text: &str) -> Sql<'q> {
        Sql {
            text: text.to_string(),
            values: Values::default(),
            count: 0,
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends the next placeholder and binds `value` to it.
    pub fn bind<T: Value<'q>>(&mut self, value: T) -> &mut Self {
        self.count += 1;
        self.text.push_str(&format!("${}", self.count));
        self.values.push(value);
        self
    }

    /// Runs the query and reads every row.
    pub async fn fetch_all<T: Row>(self, pool: &Pool) -> Result<Vec<T>, sqlx::Error> {
        QueryAs::<T>::built(self.text, self.values)
            .fetch_all(pool)
            .await
    }
}

/// The time the server goes by. Real time, unless a test moves it forward
/// (an adjustable clock, given to the server in its settings), so that a
/// test can reach a grant's end date without waiting for it. Stores are
/// given the time, by the `Actor` they act for or by a clock their caller
/// passes; only the edge reads the request's clock ([`Clock::current`]):
/// server functions and pages. The REST handlers, the scheduler and the
/// command line pass the clock they hold.
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<std::sync::Arc<std::sync::atomic::AtomicI64>>);

impl Clock {
    /// A clock that starts at real time and moves only when told.
    pub fn adjustable() -> Clock {
        Clock(Some(Default::default()))
    }

    /// Moves an adjustable clock forward (a real one does not move).
    pub fn advance(&self, by: Duration) {
        if let Some(offset) = &self.0 {
            let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
            offset.fetch_add(by, std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// Now, in Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        let offset = self
            .0
            .as_ref()
            .map_or(0, |offset| offset.load(std::sync::atomic::Ordering::SeqCst));
        (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64 + offset
    }

    /// Now, in UTC, as RFC 3339 text (sorts as time).
    pub fn now(&self) -> String {
        rfc3339(self.now_ms())
    }

    /// The clock of the request being served: the one the server provides,
    /// or real time. For the edge only (server functions, pages): a store
    /// is given its time.
    pub fn current() -> Clock {
        leptos::prelude::use_context::<Clock>().unwrap_or_default()
    }
}

/// Unix milliseconds as RFC 3339 text (sorts as time).
pub fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|at| {
            at.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// The day (`YYYY-MM-DD`, UTC) of Unix milliseconds.
pub fn day_of(ms: i64) -> String {
    rfc3339(ms).chars().take(10).collect()
}

/// A new time-ordered id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
