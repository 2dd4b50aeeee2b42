//! The SQLite pool, its pragmas, migrations and small helpers for rows.
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// How much of the database file the connections map into memory.
const MMAP_BYTES: u64 = 1 << 30;

/// Opens (creating when missing) the database, with WAL and foreign keys on,
/// and applies the migrations.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or(rest))
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
    }
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .row_buffer_size(128)
        // Read through a memory map instead of copying every page into each
        // connection's own cache: searches touch pages all over the file.
        .pragma("mmap_size", MMAP_BYTES.to_string());
    // The connections live in this process: one cannot go stale, so the
    // pool does not ping it before every query (a round trip to its thread).
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    Ok(pool)
}

/// Writes a consistent copy of the whole database to `path` while the server
/// keeps running (`VACUUM INTO` reads one snapshot). The file must not exist.
pub async fn backup(pool: &SqlitePool, path: &std::path::Path) -> Result<(), sqlx::Error> {
    if path.exists() {
        return Err(sqlx::Error::Io(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} already exists; choose a new file", path.display()),
        )));
    }
    sqlx::query("VACUUM INTO ?")
        .bind(path.display().to_string())
        .execute(pool)
        .await?;
    Ok(())
}

/// Now, in UTC, as RFC 3339 text (sorts as time).
pub fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Now, in Unix milliseconds (for comparisons that must not depend on text format).
pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// A new time-ordered id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Begins a transaction that holds SQLite's write lock from its first
/// statement, so a read-then-write transaction waits for other writers
/// instead of failing.
pub async fn begin_write(
    pool: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}
