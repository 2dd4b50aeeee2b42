//! The accept loop: how long a client may take to send a request, how long
//! a connection may sit idle, and how many connections are open at once.
//!
//! `axum::serve` has none of these: a review held 1 000 descriptors for
//! 23 s and more with half-sent requests, and kept a connection that
//! trickled a byte every 5 s open for 75 s. Here hyper serves each
//! connection over a stream that keeps two clocks (one for a request's head,
//! one for the wait between requests), each request's body has a deadline,
//! and a semaphore bounds the connections.
//!
//! Connections are HTTP/1.1 only, without upgrades (no WebSocket): what
//! `axum::serve` gave with the features this workspace enables, less the
//! upgrades nothing here uses.
use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker, ready};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode};
use axum::{BoxError, Router};
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::futures::OwnedNotified;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};
use tower::ServiceExt as _;

/// How long a client has to send a request's head (its request line and
/// headers), from the connection's opening or from the first byte of a
/// later request on it. A browser sends a head in one packet; ten seconds
/// is room for a slow mobile link, and nginx's and Go's usual figure.
pub const HEADER_READ: Duration = Duration::from_secs(10);

/// How long a connection may wait, between the end of an answer and the
/// first byte of the next request, before it is closed. Longer than the
/// 60 s that load balancers and proxies keep their idle connections to a
/// server (AWS ALB, nginx's `keepalive_timeout` for an upstream): the one in
/// front must close first, else it may send a request on a connection this
/// server is closing and answer its client 502.
pub const IDLE: Duration = Duration::from_secs(75);

/// How long a request's body may take to arrive, from the end of its head.
/// The largest body read is [`MAX_REQUEST_BODY`](crate::MAX_REQUEST_BODY),
/// 64 KiB: thirty seconds is 2 KiB/s, slower than any link still in use.
/// A body late past it is answered 408 and its connection closed.
pub const BODY_READ: Duration = Duration::from_secs(30);

/// How long a write to a client may make no progress before the
/// connection is closed: a client that asks for a large file and never
/// reads it does not keep its slot.
pub const WRITE_STALL: Duration = Duration::from_secs(30);

/// Connections open at once. At the cap, idle connections (between
/// requests) are closed at once, and the next connection waits in the
/// kernel's queue (not refused) until one closes, which the limits above
/// make happen soon: browsers keeping connections open for later never
/// hold out a visitor. Half of the usual 1 024 descriptors a process may hold,
/// leaving the rest to the database pool, files served, mail and webhooks.
pub const MAX_CONNECTIONS: usize = 512;

/// The limits a server keeps to; [`Limits::default`] holds the constants
/// above, and tests choose shorter ones.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// See [`HEADER_READ`].
    pub header_read: Duration,
    /// See [`IDLE`].
    pub idle: Duration,
    /// See [`BODY_READ`].
    pub body_read: Duration,
    /// See [`MAX_CONNECTIONS`].
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: HEADER_READ,
            idle: IDLE,
            body_read: BODY_READ,
            connections: MAX_CONNECTIONS,
        }
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown`
/// resolves; then stops accepting, closes idle connections and waits for
/// the requests in flight. Handlers read the client's address as
/// `ConnectInfo<SocketAddr>`, as with `into_make_service_with_connect_info`.
pub async fn serve_with(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: Limits,
) -> io::Result<()> {
    let mut shutdown = std::pin::pin!(shutdown);
    let slots = Arc::new(Semaphore::new(limits.connections.max(1)));
    let crowd = Arc::new(Crowd::default());
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    // `Timed` keeps the time a head may take. Hyper's own header timeout
    // starts whenever it waits for a request, so it would also close idle
    // connections at the header limit.
    http.header_read_timeout(None);
    let mut warned = None;
    loop {
        let (stream, peer, slot) = tokio::select! {
            () = &mut shutdown => break,
            next = next_connection(&listener, &slots, &crowd, &mut warned) => next,
        };
        // Without TCP_NODELAY, a response written in two pieces waits for
        // the client's delayed ACK: every request took 40 ms under load
        // (measured with scripts/bench.sh and wrk: 44 ms median for a static
        // file).
        if let Err(error) = stream.set_nodelay(true) {
            tracing::warn!(%error, "TCP_NODELAY could not be set");
        }
        let exchange = Arc::new(Exchange::default());
        let stream = TokioIo::new(Timed::new(stream, exchange.clone(), crowd.clone(), limits));
        let service = {
            let router = router.clone();
            hyper::service::service_fn(move |request| {
                answer(router.clone(), request, peer, limits.body_read, &exchange)
            })
        };
        let connection = graceful.watch(http.serve_connection(stream, service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                // Clients that leave, or that were too slow: nothing to do.
                tracing::debug!(%peer, %error, "connection ended");
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// The next connection, once one of `slots` is free. An accept that fails
/// for want of descriptors (`EMFILE`) is tried again a second later, as
/// `axum::serve` does; one the client gave up on is skipped. A full house is
/// logged, at most once a minute (`warned` is when it last was).
async fn next_connection(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
    crowd: &Crowd,
    warned: &mut Option<Instant>,
) -> (TcpStream, SocketAddr, OwnedSemaphorePermit) {
    let slot = match slots.clone().try_acquire_owned() {
        Ok(slot) => slot,
        Err(_) => {
            if warned.is_none_or(|at| at.elapsed() > Duration::from_secs(60)) {
                *warned = Some(Instant::now());
                tracing::warn!("every connection slot is taken: idle ones close, new ones wait");
            }
            // Idle connections make room: those idle now are woken, and
            // those that become idle meanwhile see the flag.
            crowd.waiting.store(true, Ordering::Relaxed);
            crowd.idle_close.notify_waiters();
            let slot = match slots.clone().acquire_owned().await {
                Ok(slot) => slot,
                // The semaphore is never closed.
                Err(_) => std::future::pending().await,
            };
            crowd.waiting.store(false, Ordering::Relaxed);
            slot
        }
    };
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => return (stream, peer, slot),
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::ConnectionRefused
                        | io::ErrorKind::ConnectionAborted
                        | io::ErrorKind::ConnectionReset
                ) => {}
            Err(error) => {
                tracing::error!(%error, "accepting a connection failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Answers one request with `router`: its body must arrive within
/// `body_read`, else the answer is 408. The request takes its turn on the
/// connection's `exchange` until its answer's body is dropped (sent, or the
/// connection gone).
fn answer(
    router: Router,
    request: Request<Incoming>,
    peer: SocketAddr,
    body_read: Duration,
    exchange: &Arc<Exchange>,
) -> impl Future<Output = Result<Response<Answered>, Infallible>> + use<> {
    let turn = Turn::begin(exchange.clone());
    let late = Arc::new(AtomicBool::new(false));
    let (mut parts, body) = request.into_parts();
    parts.extensions.insert(ConnectInfo(peer));
    let body = Body::new(Deadline {
        body,
        by: Instant::now() + body_read,
        sleep: None,
        late: late.clone(),
    });
    let request = Request::from_parts(parts, body);
    async move {
        let response = match router.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        // The body-limit layer answers a late body in its routes' form; an
        // answer that did not wait for the body is replaced all the same.
        let response =
            if late.load(Ordering::Relaxed) && response.status() != StatusCode::REQUEST_TIMEOUT {
                crate::layers::body_limit::late(crate::layers::Refusals::Text)
            } else {
                response
            };
        Ok(response.map(|body| Answered { body, _turn: turn }))
    }
}

/// What a connection's requests tell its stream ([`Timed`]).
#[derive(Default)]
struct Exchange {
    /// Counts each request in (at its head) and out (at its answer's end):
    /// odd while one is being answered.
    turns: AtomicU64,
    /// The connection's task, as the stream last saw it. Hyper does not read
    /// again when an answer ends (nothing has come to read), so the end of a
    /// turn wakes it: the stream then starts the idle clock.
    task: Mutex<Option<Waker>>,
}

/// One request on a connection, from its head to its answer's end.
struct Turn(Arc<Exchange>);

impl Turn {
    fn begin(exchange: Arc<Exchange>) -> Turn {
        exchange.turns.fetch_add(1, Ordering::Relaxed);
        Turn(exchange)
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.0.turns.fetch_add(1, Ordering::Relaxed);
        let task = self.0.task.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(task) = task.as_ref() {
            task.wake_by_ref();
        }
    }
}

/// An answer's body, which ends its request's [`Turn`] when hyper drops it.
struct Answered {
    body: Body,
    _turn: Turn,
}

impl http_body::Body for Answered {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A request body that fails once its deadline `by` has passed while it
/// waits for the client, and says so in `late`. Unlike tower-http's
/// `RequestBodyTimeout`, which times each wait, the deadline is for the
/// whole body: a byte every few seconds does not keep it going.
struct Deadline<B> {
    body: B,
    by: Instant,
    /// Made on the first wait: most bodies are empty or arrive at once.
    sleep: Option<Pin<Box<Sleep>>>,
    late: Arc<AtomicBool>,
}

impl<B> http_body::Body for Deadline<B>
where
    B: http_body::Body + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = B::Data;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<B::Data>, BoxError>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.body).poll_frame(cx) {
            return Poll::Ready(frame.map(|frame| frame.map_err(Into::into)));
        }
        let by = this.by;
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(by)));
        ready!(sleep.as_mut().poll(cx));
        this.late.store(true, Ordering::Relaxed);
        Poll::Ready(Some(Err(crate::layers::body_limit::LateBody.into())))
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// What every connection's stream knows of the others: whether a new
/// connection waits for a slot, which closes idle ones.
#[derive(Default)]
struct Crowd {
    waiting: AtomicBool,
    /// Wakes the connections idle when a new one starts to wait.
    idle_close: Arc<Notify>,
}

/// What a connection is waiting for, and so which limit runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Clock {
    /// A request is being answered: nothing (its body has its deadline).
    Off,
    /// The next request, after an answer: [`Limits::idle`].
    Idle,
    /// The rest of a request's head: [`Limits::header_read`].
    Head,
}

/// A connection's stream, whose reads fail with `TimedOut` when the client
/// is too slow: the head of a request must be complete within
/// `header_read` of the connection's opening or of its first byte, and a
/// connection between requests gets `idle`. The requests' turns tell the
/// stream where it is. (The start of a head sent along with the previous
/// request, pipelined, is read during that request's turn: the rest of it
/// gets the idle limit. Browsers do not pipeline.)
struct Timed {
    stream: TcpStream,
    exchange: Arc<Exchange>,
    /// The turn count when last read.
    seen: u64,
    clock: Clock,
    sleep: Pin<Box<Sleep>>,
    limits: Limits,
    crowd: Arc<Crowd>,
    /// While idle: woken when a new connection waits for a slot.
    crowded: Option<Pin<Box<OwnedNotified>>>,
    /// While a write waits for the client to read: [`WRITE_STALL`].
    stalled: Option<Pin<Box<Sleep>>>,
}

impl Timed {
    fn new(stream: TcpStream, exchange: Arc<Exchange>, crowd: Arc<Crowd>, limits: Limits) -> Timed {
        // Whoever opens a connection sends a request at once: the first
        // wait is a head's, not an idle connection's.
        Timed {
            stream,
            exchange,
            seen: 0,
            clock: Clock::Head,
            sleep: Box::pin(tokio::time::sleep(limits.header_read)),
            limits,
            crowd,
            crowded: None,
            stalled: None,
        }
    }

    /// A write that made no progress for [`WRITE_STALL`] fails; one that
    /// did resets the clock.
    fn write_within<T>(
        &mut self,
        cx: &mut Context<'_>,
        written: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if written.is_ready() {
            self.stalled = None;
            return written;
        }
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_STALL)));
        if stalled.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client read nothing for too long",
            )));
        }
        Poll::Pending
    }

    /// Whether an idle connection gives its slot up: a new one waits for it.
    fn makes_room(&mut self, cx: &mut Context<'_>) -> bool {
        if self.clock != Clock::Idle {
            self.crowded = None;
            return false;
        }
        let crowd = self.crowd.clone();
        let crowded = self
            .crowded
            .get_or_insert_with(|| Box::pin(crowd.idle_close.clone().notified_owned()));
        if crowded.as_mut().poll(cx).is_ready() {
            self.crowded = None;
        }
        self.crowd.waiting.load(Ordering::Relaxed)
    }

    fn start(&mut self, clock: Clock) {
        self.clock = clock;
        let limit = match clock {
            Clock::Off => return,
            Clock::Idle => self.limits.idle,
            Clock::Head => self.limits.header_read,
        };
        self.sleep.as_mut().reset(Instant::now() + limit);
    }
}

impl AsyncRead for Timed {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        {
            let mut task = this
                .exchange
                .task
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if !task.as_ref().is_some_and(|task| task.will_wake(cx.waker())) {
                *task = Some(cx.waker().clone());
            }
        }
        let turn = this.exchange.turns.load(Ordering::Relaxed);
        if turn != this.seen {
            this.seen = turn;
            this.start(if turn % 2 == 1 {
                Clock::Off
            } else {
                Clock::Idle
            });
        }
        let before = buf.filled().len();
        let read = Pin::new(&mut this.stream).poll_read(cx, buf);
        if read.is_pending() {
            if this.makes_room(cx) {
                // The end of the stream, between requests: hyper closes it.
                return Poll::Ready(Ok(()));
            }
            if this.clock != Clock::Off && this.sleep.as_mut().poll(cx).is_ready() {
                let what = if this.clock == Clock::Head {
                    "the request head did not arrive in time"
                } else {
                    "the connection was idle too long"
                };
                return Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, what)));
            }
        } else if this.clock == Clock::Idle && buf.filled().len() > before {
            this.start(Clock::Head);
        }
        read
    }
}

impl AsyncWrite for Timed {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.write_within(cx, written)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.write_within(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
