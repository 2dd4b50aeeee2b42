//! How long a client may take, and how many connections it may hold: a
//! request sent slowly or not at all, a body that stalls, a connection left
//! idle are closed within the server's limits, and connections over the cap
//! wait for a free slot. Raw sockets, since an HTTP client only sends whole
//! requests. The limits are short so that the tests are quick; the
//! assertions leave a busy machine plenty of room above them, and use lower
//! bounds only where no delay can break them (a timer never fires early).
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::common;

/// The limits the servers here keep: the idle limit differs from the
/// header limit, so that each is seen to be the one that closed.
const LIMITS: server::Limits = server::Limits {
    header_read: Duration::from_secs(1),
    idle: Duration::from_secs(2),
    body_read: Duration::from_secs(1),
    connections: 20,
};

/// Room for a busy machine above a limit.
const SLACK: Duration = Duration::from_secs(9);

/// What clocks may round a lower bound by.
const EPSILON: Duration = Duration::from_millis(50);

/// The real router over a fresh database, served within [`LIMITS`] until
/// `shutdown` resolves.
struct Server {
    addr: SocketAddr,
    serving: JoinHandle<std::io::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn spawn() -> Server {
        Server::spawn_until(std::future::pending()).await
    }

    async fn spawn_until(shutdown: impl Future<Output = ()> + Send + 'static) -> Server {
        Server::spawn_within(shutdown, LIMITS).await
    }

    async fn spawn_within(
        shutdown: impl Future<Output = ()> + Send + 'static,
        limits: server::Limits,
    ) -> Server {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db_url = common::fresh_database(dir.path()).await;
        let pool = common::connect(&db_url).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("port");
        let addr = listener.local_addr().expect("address");
        let settings = server::Config::new(addr, dir.path().join("site").display().to_string());
        let router = server::router(pool, &settings).await.expect("router");
        let serving = tokio::spawn(server::serve_with(listener, router, shutdown, limits));
        Server {
            addr,
            serving,
            _dir: dir,
        }
    }

    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.expect("connected")
    }

    /// A complete request for the sign-in page.
    fn get(&self) -> String {
        format!("GET /login HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr)
    }

    /// A request's head that stops before the blank line ending it.
    fn half_head(&self) -> String {
        format!(
            "GET /login HTTP/1.1\r\nHost: {}\r\nAccept: text/html\r\n",
            self.addr
        )
    }
}

/// Reads `stream` until the server closes it (the end of the stream or an
/// error); returns how long after `since` that was, and what came before.
/// Fails the test when it is still open `limit` after `since`.
async fn closed(
    stream: &mut (impl AsyncRead + Unpin),
    since: Instant,
    limit: Duration,
) -> (Duration, Vec<u8>) {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let left = limit.saturating_sub(since.elapsed());
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Err(_) => panic!(
                "still open {limit:?} on, having sent {:?}",
                String::from_utf8_lossy(&received)
            ),
            Ok(Ok(0) | Err(_)) => return (since.elapsed(), received),
            Ok(Ok(read)) => received.extend_from_slice(&buffer[..read]),
        }
    }
}

/// Reads one response off `stream`, its body by `Content-Length` or by
/// chunks; returns its status. Fails the test when none comes in time.
async fn response(stream: &mut TcpStream) -> u16 {
    tokio::time::timeout(SLACK * 3, read_response(stream))
        .await
        .expect("a response in time")
}

async fn read_response(stream: &mut TcpStream) -> u16 {
    let mut data = Vec::new();
    let head_end = loop {
        if let Some(at) = find(&data, b"\r\n\r\n") {
            break at + 4;
        }
        more(stream, &mut data).await;
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let status = head
        .get(9..12)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("a status line: {head}"));
    let mut body = data.split_off(head_end);
    let header = |name: &str| {
        head.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
            .map(str::trim)
    };
    if let Some(length) = header("content-length") {
        let length: usize = length.parse().expect("a length");
        while body.len() < length {
            more(stream, &mut body).await;
        }
    } else if header("transfer-encoding").is_some_and(|coding| coding.contains("chunked")) {
        loop {
            let line_end = loop {
                if let Some(at) = find(&body, b"\r\n") {
                    break at;
                }
                more(stream, &mut body).await;
            };
            let size = String::from_utf8_lossy(&body[..line_end]).to_string();
            let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
                .unwrap_or_else(|_| panic!("a chunk size: {size:?}"));
            // The size line, the chunk and its CRLF (the last chunk, empty,
            // is followed by the blank line ending the trailers).
            let chunk_end = line_end + 2 + size + 2;
            while body.len() < chunk_end {
                more(stream, &mut body).await;
            }
            body.drain(..chunk_end);
            if size == 0 {
                break;
            }
        }
    }
    status
}

async fn more(stream: &mut TcpStream, data: &mut Vec<u8>) {
    let mut buffer = [0u8; 8192];
    let read = stream.read(&mut buffer).await.expect("read");
    assert!(
        read > 0,
        "closed mid-response: {:?}",
        String::from_utf8_lossy(data)
    );
    data.extend_from_slice(&buffer[..read]);
}

fn find(data: &[u8], what: &[u8]) -> Option<usize> {
    data.windows(what.len()).position(|window| window == what)
}

/// No answer, or 408: what a server may say to a client too slow with its
/// request's head.
fn no_answer_or_408(received: &[u8]) -> bool {
    received.is_empty() || received.starts_with(b"HTTP/1.1 408")
}

#[tokio::test]
async fn a_half_sent_request_or_none_is_closed_within_the_header_limit() {
    let server = Server::spawn().await;
    let since = Instant::now();
    let mut silent = server.connect().await;
    let mut half = server.connect().await;
    half.write_all(server.half_head().as_bytes())
        .await
        .expect("sent");

    let limit = LIMITS.header_read + SLACK;
    let (half_after, answer) = closed(&mut half, since, limit).await;
    assert!(
        no_answer_or_408(&answer),
        "{:?}",
        String::from_utf8_lossy(&answer)
    );
    let (silent_after, answer) = closed(&mut silent, since, limit).await;
    assert!(answer.is_empty(), "{:?}", String::from_utf8_lossy(&answer));
    for after in [half_after, silent_after] {
        assert!(
            after + EPSILON >= LIMITS.header_read,
            "closed early: {after:?}"
        );
    }
    eprintln!("half-sent head closed after {half_after:?}, silent after {silent_after:?}");

    // A whole request on the same server is answered.
    let mut stream = server.connect().await;
    stream
        .write_all(server.get().as_bytes())
        .await
        .expect("sent");
    assert_eq!(response(&mut stream).await, 200);
}

#[tokio::test]
async fn a_head_trickled_a_byte_at_a_time_is_closed_within_the_header_limit() {
    let server = Server::spawn().await;
    let (mut reading, mut writing) = server.connect().await.into_split();
    let since = Instant::now();
    let closing =
        tokio::spawn(async move { closed(&mut reading, since, LIMITS.header_read + SLACK).await });
    // A head that never ends: each byte comes well within any per-read
    // timeout, but the head's limit counts from its first.
    let head = server.half_head().into_bytes();
    let mut sent = 0;
    for byte in head.iter().chain(std::iter::repeat(&b'a')) {
        if closing.is_finished() || writing.write_all(&[*byte]).await.is_err() {
            break;
        }
        sent += 1;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let (after, answer) = closing.await.expect("read");
    assert!(
        no_answer_or_408(&answer),
        "{:?}",
        String::from_utf8_lossy(&answer)
    );
    assert!(
        after + EPSILON >= LIMITS.header_read,
        "closed early: {after:?}"
    );
    assert!(sent >= 2, "only {sent} bytes were sent before the close");
    eprintln!("trickle closed after {after:?}, {sent} bytes sent");
}

#[tokio::test]
async fn an_idle_connection_is_kept_for_the_idle_limit_then_closed() {
    let server = Server::spawn().await;
    let mut stream = server.connect().await;
    stream
        .write_all(server.get().as_bytes())
        .await
        .expect("sent");
    assert_eq!(response(&mut stream).await, 200);
    // Kept alive: the next request goes on the same connection.
    let asked = Instant::now();
    stream
        .write_all(server.get().as_bytes())
        .await
        .expect("sent");
    assert_eq!(response(&mut stream).await, 200);

    // The idle clock starts after the answer, so after the request was sent.
    let (after, rest) = closed(&mut stream, asked, LIMITS.idle + SLACK).await;
    assert!(rest.is_empty(), "{:?}", String::from_utf8_lossy(&rest));
    assert!(
        after + EPSILON >= LIMITS.idle,
        "closed before the idle limit: {after:?}"
    );
    eprintln!("idle connection closed {after:?} after its last request");
}

#[tokio::test]
async fn a_request_begun_after_an_idle_wait_has_the_header_limit() {
    let server = Server::spawn().await;
    let mut stream = server.connect().await;
    stream
        .write_all(server.get().as_bytes())
        .await
        .expect("sent");
    assert_eq!(response(&mut stream).await, 200);
    tokio::time::sleep(LIMITS.header_read / 2).await;

    // Half a request after the wait: the header limit runs from its first
    // byte, neither the idle limit nor what is left of it.
    let since = Instant::now();
    stream
        .write_all(server.half_head().as_bytes())
        .await
        .expect("sent");
    let (after, answer) = closed(&mut stream, since, LIMITS.header_read + SLACK).await;
    assert!(
        no_answer_or_408(&answer),
        "{:?}",
        String::from_utf8_lossy(&answer)
    );
    assert!(
        after + EPSILON >= LIMITS.header_read,
        "closed early: {after:?}"
    );
    eprintln!("head begun after an idle wait closed after {after:?}");
}

#[tokio::test]
async fn a_body_that_stops_is_answered_408_within_the_body_limit() {
    let server = Server::spawn().await;
    let mut stream = server.connect().await;
    let since = Instant::now();
    let head = format!(
        "POST /login HTTP/1.1\r\nHost: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n",
        server.addr
    );
    stream.write_all(head.as_bytes()).await.expect("sent");
    stream.write_all(b"email=a%40").await.expect("sent");

    let (after, answer) = closed(&mut stream, since, LIMITS.body_read + SLACK).await;
    assert!(
        answer.starts_with(b"HTTP/1.1 408"),
        "{:?}",
        String::from_utf8_lossy(&answer)
    );
    assert!(
        after + EPSILON >= LIMITS.body_read,
        "closed early: {after:?}"
    );
    eprintln!("stalled body answered 408 and closed after {after:?}");
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_a_slot_and_are_then_served() {
    let server = Server::spawn().await;
    let cap = LIMITS.connections;
    let since = Instant::now();
    // More half-sent requests than the server takes at once: the first
    // `cap` are accepted, the rest wait in the kernel's queue.
    let mut waiting = Vec::new();
    for _ in 0..cap + 5 {
        let mut stream = server.connect().await;
        stream
            .write_all(server.half_head().as_bytes())
            .await
            .expect("sent");
        waiting.push(tokio::spawn(async move {
            closed(&mut stream, since, 2 * LIMITS.header_read + SLACK)
                .await
                .0
        }));
    }
    // A whole request behind them is answered once their slots free.
    let mut stream = server.connect().await;
    stream
        .write_all(server.get().as_bytes())
        .await
        .expect("sent");
    assert_eq!(response(&mut stream).await, 200);
    let answered = since.elapsed();
    assert!(
        answered < LIMITS.header_read + SLACK,
        "answered after {answered:?}"
    );
    // It was queued behind `cap` connections that hold their slot until
    // their head's limit: no slot was free before.
    assert!(
        answered + EPSILON >= LIMITS.header_read,
        "answered after {answered:?}, before any slot was free"
    );

    let mut closed_after = Vec::new();
    for handle in waiting {
        closed_after.push(handle.await.expect("read"));
    }
    closed_after.sort();
    // Those accepted only once the first slots freed were closed a limit
    // later: never more than `cap` held at once.
    let first_round = closed_after
        .iter()
        .filter(|after| **after + EPSILON < 2 * LIMITS.header_read)
        .count();
    assert!(
        first_round <= cap,
        "{first_round} connections held at once: {closed_after:?}"
    );
    eprintln!("answered after {answered:?}; half-sent closed after {closed_after:?}");
}

#[tokio::test]
async fn shutdown_finishes_the_request_in_flight_and_stops_accepting() {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = Server::spawn_until(async {
        let _ = stopped.await;
    })
    .await;
    let mut stream = server.connect().await;
    let head = format!(
        "POST /login HTTP/1.1\r\nHost: {}\r\nExpect: 100-continue\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\n\r\n",
        server.addr
    );
    stream.write_all(head.as_bytes()).await.expect("sent");
    // The server reads the body: the request is in flight.
    assert_eq!(response(&mut stream).await, 100);

    stop.send(()).expect("the server listens for it");
    stream.write_all(b"email=a%40").await.expect("sent");
    let status = response(&mut stream).await;
    assert!(
        status != 408 && status < 500,
        "the request in flight was answered {status}"
    );
    eprintln!("the request in flight at shutdown was answered {status}");
    closed(&mut stream, Instant::now(), SLACK).await;
    let stopped = tokio::time::timeout(SLACK, server.serving)
        .await
        .expect("the server stops once its requests are answered");
    assert!(matches!(stopped, Ok(Ok(()))), "{stopped:?}");
    assert!(
        TcpStream::connect(server.addr).await.is_err(),
        "a stopped server accepts no connection"
    );
}

#[tokio::test]
async fn idle_connections_make_room_for_a_new_one_at_the_cap() {
    // Browsers keep connections open for later: at the cap, those idle
    // close so that a new visitor is served, long before the idle limit.
    let limits = server::Limits {
        idle: Duration::from_secs(120),
        connections: 5,
        ..LIMITS
    };
    let server = Server::spawn_within(std::future::pending(), limits).await;
    let mut idle = Vec::new();
    for _ in 0..limits.connections {
        let mut stream = server.connect().await;
        stream
            .write_all(server.get().as_bytes())
            .await
            .expect("sent");
        assert_eq!(response(&mut stream).await, 200);
        idle.push(stream);
    }
    let asked = Instant::now();
    let mut fresh = server.connect().await;
    fresh
        .write_all(server.get().as_bytes())
        .await
        .expect("sent");
    assert_eq!(response(&mut fresh).await, 200);
    let served = asked.elapsed();
    assert!(served < limits.idle / 2, "served only after {served:?}");
    let (after, rest) = closed(&mut idle[0], asked, SLACK).await;
    assert!(rest.is_empty(), "{:?}", String::from_utf8_lossy(&rest));
    eprintln!(
        "a new connection at the cap served after {served:?}; an idle one closed after {after:?}"
    );
}
