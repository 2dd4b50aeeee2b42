//! The real `liaison` binary is killed with SIGKILL in the middle of a load of
//! acceptances, then started again on the same database file: every
//! acceptance it acknowledged is there, whole (relationship, one grant per
//! service, audit event), and the file passes `PRAGMA integrity_check`.
//!
//! `CRASH_RUNS` (default 1) repeats it; `scripts/crash-test.sh 10` runs it ten
//! times and prints the figures of each run.
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::consent::AcceptOutcome;
use futures_util::stream::{self, StreamExt};

use crate::common::{Actor, PASSWORD, Process};

const CUSTOMERS: usize = 40;
const PARTNERS: usize = 25;

/// Customers `crash-c{i}` and CSP partners `crash-p{j}`, each partner with a
/// link that grants privileges; returns the links' codes.
async fn prepare(db_url: &str) -> Vec<String> {
    let pool = crate::common::connect(db_url).await;
    let hash: String = app::db::query_scalar(
        "SELECT password_hash FROM users WHERE email = 'admin@fabrikam.example'",
    )
    .fetch_one(&pool)
    .await
    .expect("hash");
    app::scale::customers_with_admins(
        &pool,
        &app::db::Clock::default(),
        "crash-c",
        CUSTOMERS,
        &hash,
    )
    .await
    .expect("customers");
    let codes = app::scale::partners_with_links(
        &pool,
        &app::db::Clock::default(),
        "crash-p",
        PARTNERS,
        7_700_000,
    )
    .await
    .expect("partners");
    pool.close().await;
    codes
}

/// The administrators of the load's customers, signed in on `server`, in
/// order: `admins[i]` is the administrator of customer i.
async fn signed_in_admins(server: &Process) -> Vec<Actor> {
    stream::iter(0..CUSTOMERS)
        .map(|i| {
            let browser = server.browser();
            async move {
                let email = format!("admin@crash-c{i}.example");
                let (status, body) = browser
                    .call_raw("sign_in", &[("email", &email), ("password", PASSWORD)])
                    .await;
                assert!(status.is_success() || status.is_redirection(), "{body}");
                browser
            }
        })
        .buffered(8)
        .collect()
        .await
}

struct Run {
    acknowledged: usize,
    not_acknowledged: usize,
    found: usize,
}

async fn one_run(run: usize) -> Run {
    let dir = tempfile::tempdir().expect("directory");
    let db_url = crate::common::fresh_database(dir.path()).await;
    let site_root = dir.path().join("site").display().to_string();

    // First start seeds the demo data; then the load's organizations are added.
    Process::start(&db_url, &site_root).await.kill();
    let codes = Arc::new(prepare(&db_url).await);
    let server = Process::start(&db_url, &site_root).await;
    let admins = signed_in_admins(&server).await;

    // Every customer accepts every partner's link, 32 requests in flight; the
    // server is killed partway through (a different moment each run).
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let failed = Arc::new(Mutex::new(0_usize));
    let pairs: Vec<(usize, usize)> = (0..PARTNERS)
        .flat_map(|j| (0..CUSTOMERS).map(move |i| (i, j)))
        .collect();
    let total = pairs.len();
    let load = stream::iter(pairs).for_each_concurrent(32, |(i, j)| {
        let (admins, acknowledged, failed) = (&admins, acknowledged.clone(), failed.clone());
        let codes = codes.clone();
        // Requests sent after the kill fail too: they count as not acknowledged.
        async move {
            let code = codes[j].clone();
            let answer = admins[i]
                .try_call_raw("accept_invitation", &crate::common::accept_form(&code))
                .await;
            if let Ok((status, body)) = &answer
                && status.is_success()
            {
                let outcome: AcceptOutcome = serde_json::from_str(body).expect("outcome");
                assert_eq!(outcome, AcceptOutcome::Created);
                acknowledged.lock().expect("lock").insert((i, j));
            } else {
                if let Ok((status, body)) = &answer
                    && !status.is_success()
                {
                    panic!("acceptance refused: {status} {body}");
                }
                *failed.lock().expect("lock") += 1;
            }
        }
    });
    // The kill comes once a share of the load is acknowledged (20 % to 80 %,
    // different each run), whatever the machine's speed.
    let target = total * (20 + 10 * (run % 7)) / 100;
    let done = std::sync::atomic::AtomicBool::new(false);
    let load = async {
        load.await;
        done.store(true, std::sync::atomic::Ordering::SeqCst);
    };
    let killer = async {
        while acknowledged.lock().expect("lock").len() < target
            && !done.load(std::sync::atomic::Ordering::SeqCst)
        {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        server.kill();
    };
    tokio::join!(load, killer);
    let acknowledged = acknowledged.lock().expect("lock").clone();
    let not_acknowledged = *failed.lock().expect("lock");
    assert!(
        !acknowledged.is_empty() && acknowledged.len() < total,
        "the kill came {} (acknowledged {} of {total})",
        if acknowledged.is_empty() {
            "too early"
        } else {
            "too late"
        },
        acknowledged.len()
    );

    // Started again: every acknowledged acceptance is there, whole.
    let server = Process::start(&db_url, &site_root).await;
    let pool = crate::common::connect(&db_url).await;
    if crate::common::engine() == app::db::Engine::Sqlite {
        let check: String = app::db::query_scalar("PRAGMA integrity_check")
            .fetch_one(&pool)
            .await
            .expect("integrity");
        assert_eq!(check, "ok");
    }
    let present: BTreeSet<(String, String)> = app::db::query_as(
        "SELECT customer_id, partner_id FROM relationships WHERE customer_id LIKE 'crash-c%'",
    )
    .fetch_all(&pool)
    .await
    .expect("relationships")
    .into_iter()
    .collect();
    for (i, j) in &acknowledged {
        assert!(
            present.contains(&(format!("crash-c{i}"), format!("crash-p{j}"))),
            "acknowledged acceptance crash-c{i} x crash-p{j} is gone"
        );
    }
    // Nothing half-written: each relationship has its grants and its audit event.
    let services: i64 = app::db::query_scalar("SELECT COUNT(*) FROM roles WHERE NOT high_risk")
        .fetch_one(&pool)
        .await
        .expect("roles");
    let incomplete: i64 = app::db::query_scalar(
        "SELECT COUNT(*) FROM relationships r WHERE r.customer_id LIKE 'crash-c%' AND (
            (SELECT COUNT(*) FROM role_grants g WHERE g.relationship_id = r.id) <> $1
            OR NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.action = 'relationship_created'
                           AND e.customer_id = r.customer_id AND e.partner_id = r.partner_id))",
    )
    .bind(services)
    .fetch_one(&pool)
    .await
    .expect("completeness");
    assert_eq!(incomplete, 0);
    // And the restarted server serves them.
    let admin = server.browser();
    let (status, body) = admin
        .call_raw(
            "sign_in",
            &[("email", "admin@crash-c0.example"), ("password", PASSWORD)],
        )
        .await;
    assert!(status.is_success() || status.is_redirection(), "{body}");
    let relationships = admin
        .run(app::relationships::PartnerRelationships {})
        .await
        .expect("relationships after restart");
    let of_c0 = present.iter().filter(|(c, _)| c == "crash-c0").count();
    assert_eq!(relationships.len(), of_c0);
    pool.close().await;
    server.kill();
    Run {
        acknowledged: acknowledged.len(),
        not_acknowledged,
        found: present.len(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acceptance_acknowledged_before_a_sigkill_survives_the_restart() {
    let runs: usize = std::env::var("CRASH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    for run in 0..runs {
        let figures = tokio::time::timeout(Duration::from_secs(300), one_run(run))
            .await
            .unwrap_or_else(|_| panic!("crash run {} took over 5 minutes", run + 1));
        println!(
            "crash run {}: {} acceptances acknowledged before SIGKILL, {} not acknowledged, \
             {} found after restart (all acknowledged present), integrity ok",
            run + 1,
            figures.acknowledged,
            figures.not_acknowledged,
            figures.found
        );
    }
}

/// What a run with two processes saw.
struct SharedRun {
    before_kill: usize,
    retried: usize,
    relationships: usize,
}

/// Two processes share the load, requests alternating between them; one is
/// killed with SIGKILL partway. The other goes on, and what was sent to the
/// dead one without an answer is sent again to it (as a load balancer's
/// client would), so in the end every acceptance is acknowledged: each is
/// present once, whole, with one audit event.
async fn shared_run(run: usize) -> SharedRun {
    let dir = tempfile::tempdir().expect("directory");
    let db_url = crate::common::fresh_database(dir.path()).await;
    let site_root = dir.path().join("site").display().to_string();
    Process::start(&db_url, &site_root).await.kill();
    let codes = Arc::new(prepare(&db_url).await);
    let survivor = Process::start(&db_url, &site_root).await;
    let victim = Process::start(&db_url, &site_root).await;
    let bases = [survivor.base.clone(), victim.base.clone()];
    let victim = Mutex::new(Some(victim));
    let admins = signed_in_admins(&survivor).await;

    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let retried = Arc::new(Mutex::new(0_usize));
    let pairs: Vec<(usize, usize)> = (0..PARTNERS)
        .flat_map(|j| (0..CUSTOMERS).map(move |i| (i, j)))
        .collect();
    let total = pairs.len();
    let load =
        stream::iter(pairs.into_iter().enumerate()).for_each_concurrent(32, |(n, (i, j))| {
            let (admins, acknowledged, retried, bases) =
                (&admins, acknowledged.clone(), retried.clone(), &bases);
            let code = codes[j].clone();
            async move {
                let form = crate::common::accept_form(&code);
                let mut answer = admins[i]
                    .at(&bases[n % 2])
                    .try_call_raw("accept_invitation", &form)
                    .await;
                if answer.is_err() {
                    *retried.lock().expect("lock") += 1;
                    answer = admins[i]
                        .at(&bases[0])
                        .try_call_raw("accept_invitation", &form)
                        .await;
                }
                let (status, body) = answer.expect("the surviving process answers");
                assert!(status.is_success(), "acceptance refused: {status} {body}");
                // Created, or Unchanged when the dead process had committed it
                // before its answer was lost.
                let _: AcceptOutcome = serde_json::from_str(&body).expect("outcome");
                acknowledged.lock().expect("lock").insert((i, j));
            }
        });
    let target = total * (20 + 10 * (run % 7)) / 100;
    let before_kill = std::sync::atomic::AtomicUsize::new(0);
    let killer = async {
        while acknowledged.lock().expect("lock").len() < target {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        before_kill.store(
            acknowledged.lock().expect("lock").len(),
            std::sync::atomic::Ordering::SeqCst,
        );
        if let Some(victim) = victim.lock().expect("lock").take() {
            victim.kill();
        }
    };
    tokio::join!(load, killer);
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert_eq!(acknowledged.len(), total, "every acceptance acknowledged");

    let pool = crate::common::connect(&db_url).await;
    let count = |sql: &'static str| crate::common::count_in(&pool, sql);
    let relationships =
        count("SELECT COUNT(*) FROM relationships WHERE customer_id LIKE 'crash-c%'").await;
    assert_eq!(
        relationships as usize, total,
        "each acceptance present once"
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM audit_events
             WHERE action = 'relationship_created' AND customer_id LIKE 'crash-c%'"
        )
        .await,
        relationships,
        "one audit event per relationship: none duplicated"
    );
    let services = count("SELECT COUNT(*) FROM roles WHERE NOT high_risk").await;
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM role_grants g JOIN relationships r ON r.id = g.relationship_id
             WHERE r.customer_id LIKE 'crash-c%'"
        )
        .await,
        relationships * services,
        "every relationship whole"
    );
    pool.close().await;
    survivor.kill();
    SharedRun {
        before_kill: before_kill.into_inner(),
        retried: *retried.lock().expect("lock"),
        relationships: relationships as usize,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_of_two_processes_killed_under_load_loses_and_duplicates_nothing() {
    let runs: usize = std::env::var("CRASH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    for run in 0..runs {
        let figures = tokio::time::timeout(Duration::from_secs(300), shared_run(run))
            .await
            .unwrap_or_else(|_| panic!("shared crash run {} took over 5 minutes", run + 1));
        println!(
            "crash run {} (two processes): {} acknowledged before one was killed, {} sent again \
             to the survivor, {} relationships, each once and whole",
            run + 1,
            figures.before_kill,
            figures.retried,
            figures.relationships
        );
    }
}
