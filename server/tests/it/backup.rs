//! `liaison backup FILE` copies the database while the server runs: an
//! SQLite file through `VACUUM INTO`, a PostgreSQL database through
//! `pg_dump`, restored here with `pg_restore` as README says.
use app::db::Engine;

use crate::common::{TestApp, connect, engine, fresh_database, snapshot};

#[tokio::test]
async fn a_backup_taken_while_the_server_runs_holds_every_row() {
    let app = TestApp::spawn().await;
    app.accepts("admin@fabrikam.example", "contoso", true).await;
    let dir = tempfile::tempdir().expect("directory");
    let file = dir.path().join("copy.db");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
        .arg("backup")
        .arg(&file)
        .env("DATABASE_URL", &app.db_url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("liaison backup");
    assert!(output.status.success(), "{output:?}");
    let copy_url = match engine() {
        Engine::Sqlite => format!("sqlite://{}", file.display()),
        Engine::Postgres => {
            let url = fresh_database(dir.path()).await;
            let restored = std::process::Command::new("pg_restore")
                .arg("--no-owner")
                .arg(format!("--dbname={url}"))
                .arg(&file)
                .output()
                .expect("pg_restore");
            assert!(restored.status.success(), "{restored:?}");
            url
        }
    };
    let copy = connect(&copy_url).await;
    for table in [
        "organizations",
        "users",
        "relationships",
        "role_grants",
        "roles",
        "audit_events",
        "invitation_links",
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let copied: i64 = app::db::query_scalar(&sql)
            .fetch_one(&copy)
            .await
            .expect("count");
        assert_eq!(copied, app.count(&sql).await, "{table}");
        assert!(copied > 0, "{table}");
    }
    if engine() == Engine::Sqlite {
        let check: String = app::db::query_scalar("PRAGMA integrity_check")
            .fetch_one(&copy)
            .await
            .expect("integrity");
        assert_eq!(check, "ok");
    }
    // Not only the counts: every row of every table is the same.
    let mut original = app.pool.acquire().await.expect("connection");
    let mut copied = copy.acquire().await.expect("connection");
    assert_eq!(snapshot(&mut copied).await, snapshot(&mut original).await);
    drop((original, copied));
    // Restored: a server started on the copy serves the same relationships.
    let restored = TestApp::over(&copy_url).await;
    let fatima = restored.sign_in_as("admin@fabrikam.example").await;
    let partners = fatima
        .run(app::relationships::PartnerRelationships {})
        .await
        .expect("relationships from the restored copy");
    assert_eq!(partners.len(), 1);
    // A second backup never overwrites the first.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_liaison"))
        .arg("backup")
        .arg(&file)
        .env("DATABASE_URL", &app.db_url)
        .output()
        .expect("liaison backup");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}
