//! Liaison's benchmark: one run on one machine, one table of medians and
//! ratios against the machine's own limits. Run it with `scripts/bench.sh`
//! (it builds the release server and site first).
//!
//! What it measures, against a release `liaison` over a database of
//! `BENCH_CUSTOMERS` customers (default 100 000) for one partner:
//! - invitation acceptance over HTTP (the server function, `BENCH_WRITERS`
//!   clients at once), and the same database writes in-process through sqlx
//!   (the floor the server cannot beat);
//! - `/partner/customers` (first page, a deep page, a name search); for
//!   scale, a page with no data (`/login`, signed in: the session, the user
//!   and the page's frame, which every page pays) and a static file from the
//!   same server (the ceiling);
//! - the release bundle's sizes, raw, gzip and brotli.
//!
//! Each load runs `BENCH_SECONDS` (default 5) after a one-second warm-up;
//! every figure is the median of `BENCH_ROUNDS` (default 3) rounds.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const PASSWORD: &str = "bench-password";

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One load's result.
#[derive(Clone, Copy, Debug, Default)]
struct Load {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: usize,
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

/// The median of each figure over the rounds.
fn median_load(rounds: Vec<Load>) -> Load {
    let take = |f: fn(&Load) -> f64| median(&mut rounds.iter().map(f).collect::<Vec<_>>());
    Load {
        per_second: take(|l| l.per_second),
        p50_ms: take(|l| l.p50_ms),
        p99_ms: take(|l| l.p99_ms),
        errors: rounds.iter().map(|l| l.errors).sum(),
    }
}

/// A closed loop: `workers` tasks each send one request after the other
/// for `seconds`; `call(worker)` does one and says whether it succeeded.
async fn closed_loop<F, Fut>(workers: usize, seconds: f64, call: F) -> Load
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|worker| {
            let call = call.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                while Instant::now() < deadline {
                    let at = Instant::now();
                    if call(worker).await {
                        latencies.push(at.elapsed().as_secs_f64() * 1000.0);
                    } else {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.expect("worker");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::NAN)
    };
    Load {
        per_second: latencies.len() as f64 / elapsed,
        p50_ms: at(0.50),
        p99_ms: at(0.99),
        errors,
    }
}

async fn rounds<F, Fut>(workers: usize, call: F) -> Load
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let seconds: f64 = env_or("BENCH_SECONDS", 5.0);
    let count: usize = env_or("BENCH_ROUNDS", 3);
    closed_loop(workers, 1.0, call.clone()).await;
    let mut all = Vec::new();
    for _ in 0..count {
        all.push(closed_loop(workers, seconds, call.clone()).await);
    }
    median_load(all)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `program`, pinned to the CPUs `BENCH_SERVER_CPUS` lists (`taskset -c`)
/// when it is set, so that the server and the load generator (which
/// `scripts/bench.sh` pins to others) do not share a core.
fn pinned(program: &Path) -> Command {
    match std::env::var("BENCH_SERVER_CPUS") {
        Ok(cpus) if !cpus.is_empty() => {
            let mut command = Command::new("taskset");
            command.arg("-c").arg(cpus).arg(program);
            command
        }
        _ => Command::new(program),
    }
}

async fn start(bin: &Path, db_url: &str, site_root: &Path, port: u16) -> Server {
    let child = pinned(bin)
        .env("DATABASE_URL", db_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site_root)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("liaison starts");
    let started = Instant::now();
    while reqwest::get(format!("http://127.0.0.1:{port}/login"))
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "liaison did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Server(child)
}

/// Debian's nginx on `port`, balancing `upstreams` round-robin as
/// `scripts/cluster.sh` does, in the foreground (killed when dropped).
async fn nginx(bin: &Path, dir: &Path, port: u16, upstreams: &[u16]) -> Server {
    let dir = dir.join(format!("nginx-{port}"));
    std::fs::create_dir_all(&dir).expect("nginx folder");
    let servers: String = upstreams
        .iter()
        .map(|p| format!("    server 127.0.0.1:{p};\n"))
        .collect();
    let d = dir.display();
    let conf = format!(
        "worker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\ndaemon off;\n\
         events {{ worker_connections 4096; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
         fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
         upstream liaison {{\n{servers}    keepalive 64;\n  }}\n\
         server {{\n    listen 127.0.0.1:{port};\n    location / {{\n      proxy_pass http://liaison;\n\
         proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n\
         proxy_set_header Host $http_host;\n      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
         }}\n  }}\n}}\n"
    );
    let path = dir.join("nginx.conf");
    std::fs::write(&path, conf).expect("nginx.conf");
    let child = pinned(bin)
        .arg("-c")
        .arg(&path)
        .arg("-p")
        .arg(&dir)
        .stdout(Stdio::null())
        .spawn()
        .expect("nginx starts");
    let started = Instant::now();
    while reqwest::get(format!("http://127.0.0.1:{port}/login"))
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "nginx did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Server(child)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port()
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn sign_in(client: &reqwest::Client, base: &str, email: &str) {
    let response = client
        .post(format!("{base}/api/sign_in"))
        .header("Accept", "application/json")
        .header("Origin", base)
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .expect("sign in");
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{email}: {}",
        response.status()
    );
}

fn sizes(path: &Path) -> (usize, usize, usize) {
    let raw = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&raw).expect("gzip");
    let gzip = gzip.finish().expect("gzip").len();
    let mut brotli = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 11, 22);
        writer.write_all(&raw).expect("brotli");
    }
    (raw.len(), gzip, brotli.len())
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` asks; nothing to list.
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let bin = std::env::var("LIAISON_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target/release/liaison"));
    let site_root = std::env::var("LEPTOS_SITE_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target/site"));
    let customers: usize = env_or("BENCH_CUSTOMERS", 100_000);
    let writers: usize = env_or("BENCH_WRITERS", 16);
    let readers: usize = env_or("BENCH_READERS", 32);
    let seconds: f64 = env_or("BENCH_SECONDS", 5.0);
    let rounds_count: usize = env_or("BENCH_ROUNDS", 3);
    // Enough new (customer, partner) pairs for every acceptance of every round.
    let partners_for_acceptance: usize = env_or("BENCH_LINKS", 10_000);

    let dir = tempfile::tempdir().expect("directory");
    // An empty PostgreSQL database (scripts/bench.sh makes one), or a file.
    let db_url = std::env::var("BENCH_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| format!("sqlite://{}/bench.db", dir.path().display()));
    let engine = match app::db::Engine::of_url(&db_url) {
        Ok(app::db::Engine::Postgres) => "PostgreSQL",
        _ => "SQLite",
    };
    eprintln!("seeding {customers} customers...");
    let seeded = Instant::now();
    let status = Command::new(&bin)
        .args(["seed-scale", "--partners", "1", "--customers-per-partner"])
        .arg(customers.to_string())
        .env("DATABASE_URL", &db_url)
        .env("LIAISON_DEMO_PASSWORD", PASSWORD)
        .env("RUST_LOG", "warn")
        .status()
        .expect("seed-scale");
    assert!(status.success());
    let seed_seconds = seeded.elapsed().as_secs_f64();
    let pool = app::db::connect(&db_url, app::db::DEFAULT_CONNECTIONS)
        .await
        .expect("database");
    let codes = Arc::new(
        app::scale::partners_with_links(
            &pool,
            &app::db::Clock::default(),
            "bench-p",
            partners_for_acceptance,
            6_600_000,
        )
        .await
        .expect("partners"),
    );
    pool.close().await;

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let server = start(&bin, &db_url, &site_root, port).await;
    eprintln!("server up; signing in...");

    // Acceptance over HTTP: customer `first + w` accepts partner links in
    // turn, each pair new; each load (direct, through nginx) has customers
    // of its own.
    let half = partners_for_acceptance / 2;
    let accept_over = |base: String, first: usize| {
        let codes = codes.clone();
        async move {
            let mut admins = Vec::new();
            for w in 0..writers {
                let client = browser();
                sign_in(
                    &client,
                    &base,
                    &format!("admin@scale-p0-c{:06}.example", first + w),
                )
                .await;
                admins.push(client);
            }
            let admins = Arc::new(admins);
            let next_link: Arc<Vec<AtomicUsize>> =
                Arc::new((0..writers).map(|_| AtomicUsize::new(0)).collect());
            move |w: usize| {
                let (admins, next_link, base) = (admins.clone(), next_link.clone(), base.clone());
                let codes = codes.clone();
                async move {
                    let j = next_link[w].fetch_add(1, Ordering::Relaxed);
                    assert!(j < half, "raise BENCH_LINKS");
                    let code = &codes[j];
                    let response = admins[w]
                        .post(format!("{base}/api/accept_invitation"))
                        .header("Accept", "application/json")
                        .header("Origin", &base)
                        .form(&accept_form(code))
                        .send()
                        .await;
                    match response {
                        Ok(r) if r.status().is_success() => {
                            r.text().await.is_ok_and(|b| b.contains("Created"))
                        }
                        _ => false,
                    }
                }
            }
        }
    };
    let accept_http = accept_over(base.clone(), 0).await;
    eprintln!("acceptance over HTTP...");
    let http = rounds(writers, accept_http).await;

    // Pages.
    let partner = browser();
    sign_in(&partner, &base, "admin@scale-p0.example").await;
    let get = |path: String| {
        let (client, base) = (partner.clone(), base.clone());
        move |_w: usize| {
            let (client, url) = (client.clone(), format!("{base}{path}"));
            async move {
                match client.get(url).header("Accept", "text/html").send().await {
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    _ => false,
                }
            }
        }
    };
    let deep = format!("scale-p0-c{:06}", customers * 9 / 10);
    let pages = [
        (
            "`/partner/customers` first page",
            "/partner/customers".to_string(),
        ),
        (
            "deep page (`?after=` 90 %)",
            format!("/partner/customers?after={deep}"),
        ),
        (
            "name search (`?q=Harbor Ridge`)",
            "/partner/customers?q=Harbor%20Ridge".to_string(),
        ),
        (
            "name search, later page",
            format!("/partner/customers?q=Logistics&after={deep}"),
        ),
    ];
    let mut page_loads = Vec::new();
    for (name, path) in &pages {
        eprintln!("{name}...");
        page_loads.push((*name, rounds(readers, get(path.clone())).await));
    }
    eprintln!("page with no data...");
    let empty_page = rounds(readers, get("/login".to_string())).await;
    eprintln!("static file (ceiling)...");
    let static_file = rounds(readers, get("/favicon.svg".to_string())).await;

    // One process against two, both behind nginx (BENCH_NGINX names it).
    let mut behind_nginx = Vec::new();
    if let Ok(nginx_bin) = std::env::var("BENCH_NGINX")
        && !nginx_bin.is_empty()
    {
        let second_port = free_port();
        let second = start(&bin, &db_url, &site_root, second_port).await;
        for (label, upstreams, first) in [
            ("one process", vec![port], writers),
            ("two processes", vec![port, second_port], 2 * writers),
        ] {
            let front_port = free_port();
            let front = nginx(Path::new(&nginx_bin), dir.path(), front_port, &upstreams).await;
            let front_base = format!("http://127.0.0.1:{front_port}");
            eprintln!("behind nginx, {label}: acceptance...");
            let accept = rounds(writers, accept_over(front_base.clone(), first).await).await;
            let reader = browser();
            sign_in(&reader, &front_base, "admin@scale-p0.example").await;
            let first_page = {
                let (client, url) = (reader.clone(), format!("{front_base}/partner/customers"));
                move |_w: usize| {
                    let (client, url) = (client.clone(), url.clone());
                    async move {
                        match client.get(url).header("Accept", "text/html").send().await {
                            Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                            _ => false,
                        }
                    }
                }
            };
            eprintln!("behind nginx, {label}: first page...");
            let page = rounds(readers, first_page).await;
            behind_nginx.push((label, accept, page));
            drop(front);
        }
        drop(second);
    }
    drop(server);

    // The floor: the same acceptances in-process, straight through sqlx.
    eprintln!("acceptance in-process (floor)...");
    let pool = app::db::connect(&db_url, app::db::DEFAULT_CONNECTIONS)
        .await
        .expect("database");
    let mut users = Vec::new();
    for w in 0..writers {
        let id = app::id::UserId::new(format!("user-scale-p0-c{w:06}"));
        users.push(
            app::request::user_with_id(&pool, &id)
                .await
                .expect("user")
                .expect("exists"),
        );
    }
    let users = Arc::new(users);
    let next_floor: Arc<Vec<AtomicUsize>> =
        Arc::new((0..writers).map(|_| AtomicUsize::new(half)).collect());
    let accept_floor = {
        let (pool, users, codes) = (pool.clone(), users.clone(), codes.clone());
        move |w: usize| {
            let (pool, users, next) = (pool.clone(), users.clone(), next_floor.clone());
            let codes = codes.clone();
            async move {
                let j = next[w].fetch_add(1, Ordering::Relaxed);
                assert!(j < 2 * half, "raise BENCH_LINKS");
                matches!(
                    app::consent::store::accept(
                        &pool,
                        &codes[j],
                        &app::audit_log::Actor::new(&users[w], "127.0.0.1"),
                        &app::role::Ask::default().roles,
                        None,
                    )
                    .await,
                    Ok(app::consent::AcceptOutcome::Created)
                )
            }
        }
    };
    let floor = rounds(writers, accept_floor).await;
    pool.close().await;

    // The release bundle, by the names the build gave it (`assets.txt`),
    // as the server finds them.
    let pkg = site_root.join("pkg");
    let assets = server::layers::assets::Assets::read(&site_root).expect("assets.txt");
    let bundle: Vec<(String, (usize, usize, usize))> = [
        format!("{}.wasm", assets.output_name),
        format!("{}.js", assets.output_name),
        assets.stylesheet,
    ]
    .into_iter()
    .map(|file| {
        let sizes = sizes(&pkg.join(&file));
        (file, sizes)
    })
    .collect();

    // The table.
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    println!("## Liaison benchmark ({engine})\n");
    let pinning = match std::env::var("BENCH_SERVER_CPUS") {
        Ok(cpus) if !cpus.is_empty() => format!(
            "server processes (and nginx) pinned to CPUs {cpus}, the load generator to {}",
            std::env::var("BENCH_CLIENT_CPUS").unwrap_or_else(|_| "the others".into())
        ),
        _ => "server and load generator share the CPUs, not pinned".to_string(),
    };
    println!(
        "{cpus} CPUs ({pinning}); {engine}; {customers} customers seeded in {seed_seconds:.1} s; \
         each figure is the median of {rounds_count} rounds of {seconds} s.\n"
    );
    println!("| load | clients | requests/s | p50 | p99 | errors |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let row = |name: &str, clients: usize, l: &Load| {
        println!(
            "| {name} | {clients} | {:.0} | {:.2} ms | {:.2} ms | {} |",
            l.per_second, l.p50_ms, l.p99_ms, l.errors
        );
    };
    row("acceptance over HTTP", writers, &http);
    row(
        "acceptance in-process through sqlx (floor)",
        writers,
        &floor,
    );
    for (name, load) in &page_loads {
        row(name, readers, load);
    }
    row(
        "page with no data (`/login`, signed in)",
        readers,
        &empty_page,
    );
    row("static file (ceiling)", readers, &static_file);
    for (label, accept, page) in &behind_nginx {
        row(
            &format!("acceptance through nginx, {label}"),
            writers,
            accept,
        );
        row(
            &format!("`/partner/customers` first page through nginx, {label}"),
            readers,
            page,
        );
    }
    let ceiling = static_file.per_second;
    println!("\n| ratio | value | budget | |");
    println!("| --- | ---: | ---: | --- |");
    let accept_ratio = http.per_second / floor.per_second;
    println!(
        "| acceptance HTTP / in-process floor | {accept_ratio:.2} | >= 0.5 | {} |",
        verdict(accept_ratio >= 0.5)
    );
    for (name, load) in &page_loads {
        let ratio = load.per_second / ceiling;
        let (fast, many) = (load.p99_ms < 50.0, load.per_second >= 5000.0);
        let which = match (fast, many) {
            (true, true) | (false, false) => "",
            (true, false) => " (p99 met, rate not)",
            (false, true) => " (rate met, p99 not)",
        };
        println!(
            "| {name} / static file | {ratio:.2} | p99 < 50 ms and >= 5000/s | {}{which} |",
            verdict(fast && many)
        );
    }
    println!(
        "| page with no data / static file | {:.2} | (for scale: what every page pays) | |",
        empty_page.per_second / ceiling
    );
    if let [(_, accept_one, page_one), (_, accept_two, page_two)] = behind_nginx.as_slice() {
        println!(
            "| acceptance through nginx, two processes / one | {:.2} | (for scale) | |",
            accept_two.per_second / accept_one.per_second
        );
        println!(
            "| first page through nginx, two processes / one | {:.2} | (for scale) | |",
            page_two.per_second / page_one.per_second
        );
        println!(
            "| first page through nginx, one process / direct | {:.2} | (what the hop costs) | |",
            page_one.per_second / page_loads[0].1.per_second
        );
    }
    println!("\n| bundle file | raw | gzip | brotli |");
    println!("| --- | ---: | ---: | ---: |");
    for (file, (raw, gzip, brotli)) in &bundle {
        println!(
            "| {file} | {} | {} | {} |",
            kb(*raw),
            kb(*gzip),
            kb(*brotli)
        );
    }
    let wasm_brotli = bundle[0].1.2;
    println!(
        "\nWASM brotli {} against a budget of 400 KB (issue 18; end2end/tests/bundle.spec.ts): {}.",
        kb(wasm_brotli),
        verdict(wasm_brotli <= 400_000)
    );
}

/// An acceptance as the consent page's form posts it: the authorization
/// given and every role of the default ask kept ticked.
fn accept_form(code: &str) -> Vec<(&str, &str)> {
    let mut form = vec![("code", code), ("authorize", "yes")];
    for role in app::role::Ask::default().roles {
        form.push(("roles[]", role.as_sql()));
    }
    form
}
