//! The layers every request goes through before and after the app: which
//! hosts are served, who the client is behind a proxy, how large a body may
//! be, where a form's answer may send the browser, which failure a page may
//! show, the HTTP status of a failed server function, and the headers every
//! response carries.
use std::net::IpAddr;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ipnet::IpNet;

/// The largest request body the server reads, in bytes.
pub const MAX_REQUEST_BODY: usize = 64 * 1024;

/// The host names this server answers for, ports aside (as Django's
/// `ALLOWED_HOSTS`): a request for any other `Host` is refused before
/// anything reads it, so no link, redirect or origin check is ever built
/// from a host someone else chose.
#[derive(Clone, Debug)]
pub struct Hosts(Vec<String>);

impl Hosts {
    /// The host of `public_url`, the listen address, `localhost` and the
    /// loopback addresses (so a health check or a test reaches one process
    /// directly), and `extra`.
    pub fn new(public_url: &str, site_addr: std::net::SocketAddr, extra: &[String]) -> Hosts {
        let public = public_url
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default())
            .and_then(host_of);
        let listen = host_of(&site_addr.to_string());
        let mut hosts: Vec<String> = public
            .into_iter()
            .chain(listen)
            .chain(["localhost", "127.0.0.1", "[::1]"].map(String::from))
            .chain(extra.iter().filter_map(|h| host_of(h)))
            .collect();
        let mut seen = std::collections::HashSet::new();
        hosts.retain(|h| seen.insert(h.clone()));
        Hosts(hosts)
    }

    /// Checks what an operator configured: a public URL with its scheme and
    /// host, and host names that are host names.
    pub fn check(public_url: &str, extra: &[String]) -> Result<(), String> {
        if !public_url.is_empty() {
            let host = public_url
                .strip_prefix("https://")
                .or_else(|| public_url.strip_prefix("http://"))
                .map(|rest| rest.split('/').next().unwrap_or_default());
            if host.and_then(host_of).is_none() {
                return Err(format!(
                    "LIAISON_PUBLIC_URL {public_url:?} must be http:// or https:// and a host, \
                     such as https://liaison.example"
                ));
            }
        }
        match extra.iter().find(|h| host_of(h).is_none()) {
            Some(bad) => Err(format!(
                "LIAISON_ALLOWED_HOSTS: {bad:?} is not a host name (write portal.example, \
                 without a scheme or a path)"
            )),
            None => Ok(()),
        }
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }

    fn serves(&self, authority: &str) -> bool {
        host_of(authority).is_some_and(|host| self.0.contains(&host))
    }
}

/// `example.com` of `Example.com:3000`, `[::1]` of `[::1]:3000`, in lower
/// case; nothing for what a `Host` header must not hold (user information,
/// a port that is not a number).
fn host_of(authority: &str) -> Option<String> {
    let authority: axum::http::uri::Authority = authority.trim().parse().ok()?;
    let port_is_a_number = authority
        .port()
        .is_none_or(|port| port.as_str().bytes().all(|b| b.is_ascii_digit()) && port.as_u16() > 0);
    let host = authority.host();
    let plain = !authority.as_str().contains('@') && port_is_a_number && !host.is_empty();
    plain.then(|| host.to_ascii_lowercase())
}

/// The host a request names: its `Host` header, or the authority of an
/// HTTP/2 request's address.
fn request_host(request: &Request<Body>) -> Option<&str> {
    request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()))
}

/// Refuses a request for a host this server does not serve, with 400.
pub async fn allowed_host(
    State(hosts): State<Hosts>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if request_host(&request).is_some_and(|host| hosts.serves(host)) {
        return next.run(request).await;
    }
    tracing::info!(
        host = request_host(&request).unwrap_or("-"),
        "refused a request for a host this server does not serve"
    );
    (
        StatusCode::BAD_REQUEST,
        "This server does not serve that host. Its operator lists the hosts it serves \
         in LIAISON_PUBLIC_URL and LIAISON_ALLOWED_HOSTS.\n",
    )
        .into_response()
}

/// Reads `10.0.0.0/8`, `10.1.2.3` or `::1` as a range of addresses.
pub fn parse_proxy(value: &str) -> Result<IpNet, String> {
    let value = value.trim();
    value
        .parse::<IpNet>()
        .or_else(|_| value.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{value:?} is neither an address nor a CIDR range"))
}

/// The client of a request that came from `peer`. Only a trusted proxy's
/// `X-Forwarded-For` is believed, and only as far as trusted proxies wrote
/// it: read from the right, the first address that is not a trusted proxy is
/// the client (what is left of it, anyone could have written).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let peer = peer.to_canonical();
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        let hop = hop.trim();
        // An address, or one with a port (`203.0.113.7:5555`, `[2001:db8::1]:443`).
        let address = hop
            .parse::<IpAddr>()
            .or_else(|_| hop.parse::<std::net::SocketAddr>().map(|a| a.ip()));
        match address {
            Ok(ip) => {
                client = ip.to_canonical();
                if !is_trusted(&client) {
                    break;
                }
            }
            // Not an address: nothing to its left can be trusted.
            Err(_) => break,
        }
    }
    client
}

/// Names the client of every request for the audit log and the sign-in
/// throttle (`app::request::client_ip`).
pub async fn client(
    State(trusted): State<std::sync::Arc<[IpNet]>>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let client = client_address(peer, request.headers(), &trusted);
        request
            .extensions_mut()
            .insert(app::request::ClientAddress(client));
    }
    next.run(request).await
}

/// Refuses a body over [`MAX_REQUEST_BODY`] with 413: at once when its
/// length is announced, as soon as it passes the limit when it is sent in
/// chunks. No form of ours comes near it. Also refuses, with 400, text that
/// holds the NUL character (in the address or the body, raw, percent- or
/// JSON-escaped): nobody types it, and PostgreSQL cannot store it.
/// A server function's address: `/api/…`, but not the REST API's
/// `/api/v1/…`, which answers for itself (problem details, bearer tokens,
/// no cookies to forge a request with).
fn server_function(path: &str) -> bool {
    path.starts_with("/api/") && !path.starts_with("/api/v1/")
}

pub async fn body_within_limit(request: Request<Body>, next: Next) -> Response {
    use http_body::Body as _;
    let path = request.uri().path();
    let caller = if server_function(path) {
        Caller::ServerFunction
    } else if path.starts_with("/api/v1/") {
        Caller::RestApi
    } else {
        Caller::Page
    };
    if request
        .uri()
        .query()
        .is_some_and(|query| holds_nul(query.as_bytes()))
        || holds_nul(request.uri().path().as_bytes())
    {
        return nul_refused(caller);
    }
    // Only text is read as text: a binary body is the decoder's to refuse.
    let text = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|kind| kind.to_str().ok())
        .is_none_or(|kind| {
            kind.starts_with("application/x-www-form-urlencoded")
                || kind.contains("json")
                || kind.starts_with("text/")
        });
    let hint = request.body().size_hint();
    if hint.exact() == Some(0) {
        return next.run(request).await;
    }
    if hint.lower() > MAX_REQUEST_BODY as u64 {
        return too_large(caller);
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(bytes) if text && holds_nul(&bytes) => nul_refused(caller),
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(error) if is_length_limit(&error) => too_large(caller),
        Err(_) => (
            StatusCode::BAD_REQUEST,
            "The request body could not be read.\n",
        )
            .into_response(),
    }
}

/// Whether `bytes` hold a NUL character, raw or as `%00` or `\u0000`.
fn holds_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
        || bytes
            .windows(3)
            .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
        || bytes
            .windows(6)
            .any(|w| w[0] == b'\\' && w[1].eq_ignore_ascii_case(&b'u') && &w[2..] == b"0000")
}

/// Who a refused request came from, which decides how the refusal reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Caller {
    ServerFunction,
    /// `/api/v1/…`: RFC 9457 problem details.
    RestApi,
    Page,
}

/// 400: as the error a server function answers with, as a problem for the
/// REST API, or as text for a page.
fn nul_refused(caller: Caller) -> Response {
    match caller {
        Caller::ServerFunction => {
            let error = app::error::AppError::Request("text holds the NUL character".to_string());
            (
                StatusCode::BAD_REQUEST,
                [(header::CONTENT_TYPE, "application/json")],
                serde_json::to_string(&error).unwrap_or_default(),
            )
                .into_response()
        }
        Caller::RestApi => problem(
            StatusCode::BAD_REQUEST,
            "Text may not contain the NUL character.",
        ),
        Caller::Page => (
            StatusCode::BAD_REQUEST,
            "Text may not contain the NUL character.\n",
        )
            .into_response(),
    }
}

/// 413: as a problem for the REST API, as text for anyone else.
fn too_large(caller: Caller) -> Response {
    const DETAIL: &str = "The request is larger than this server accepts.";
    match caller {
        Caller::RestApi => problem(StatusCode::PAYLOAD_TOO_LARGE, DETAIL),
        _ => (StatusCode::PAYLOAD_TOO_LARGE, format!("{DETAIL}\n")).into_response(),
    }
}

/// An RFC 9457 problem of the REST API with `status` and `detail`.
fn problem(status: StatusCode, detail: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        serde_json::json!({
            "type": "about:blank",
            "title": status.canonical_reason().unwrap_or_default(),
            "status": status.as_u16(),
            "detail": detail,
        })
        .to_string(),
    )
        .into_response()
}

fn is_length_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = error.source();
    }
    false
}

/// A page's address with a slash at the end (`/partner/customers/fabrikam/`)
/// is sent to the page (`/partner/customers/fabrikam`), rather than rendering
/// it with a 404.
pub async fn no_trailing_slash(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path();
    let page =
        matches!(*request.method(), Method::GET | Method::HEAD) && !path.starts_with("/api/");
    let trimmed = path.trim_end_matches('/');
    // Only a path that stays on this site: `//evil.example/` must never
    // become `//evil.example`.
    let local = trimmed.starts_with('/') && !trimmed.starts_with("//") && !trimmed.contains('\\');
    if page && path.len() > 1 && path.ends_with('/') && local {
        let target = match request.uri().query() {
            Some(query) => format!("{trimmed}?{query}"),
            None => trimmed.to_string(),
        };
        if let Ok(target) = HeaderValue::from_str(&target) {
            return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, target)]).into_response();
        }
    }
    next.run(request).await
}

/// The cookie that names the failure of the visitor's last form post (a
/// digest of it, not its words). `__Host-` over HTTPS: no other host,
/// a sibling subdomain included, can set it.
const FAILURE_COOKIE: &str = "liaison_form_failure";
const FAILURE_COOKIE_SECURE: &str = "__Host-liaison_form_failure";

/// How long a failure stays shown on reloads of its page.
const FAILURE_COOKIE_SECONDS: u32 = 60 * 60;

/// The two keys that carry a form's failure back to its page.
const FAILURE_KEYS: [&str; 2] = ["__path", "__err"];

/// A form the browser posts itself is answered with a redirect; a refusal
/// travels back to the page in the address (`__path`, `__err`), and the page
/// shows it. Anyone can write those into a link, so:
/// - a redirect goes only to a path on this site, never to another site a
///   client named in its `Referer`;
/// - the visitor's browser keeps a digest of the failure its redirect
///   carried (an HttpOnly cookie, until its next form answer or an hour), and
///   a page shows a failure from its address only if it is that one. Any
///   other is taken out of the address by a redirect before the page
///   renders, so no words from a link ever reach a page. A link cannot set
///   a cookie, and nothing is written on the server.
pub async fn form_failures(
    State(site): State<FailureSite>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let cookie = if site.secure {
        FAILURE_COOKIE_SECURE
    } else {
        FAILURE_COOKIE
    };
    let kept = cookie_value(request.headers(), cookie).map(str::to_string);
    let post = request.method() == Method::POST && server_function(request.uri().path());
    if post {
        let mut response = next.run(request).await;
        let Some(location) = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
        else {
            return response;
        };
        let (local, failure) = local_redirect(location, &site.hosts);
        if let Ok(local) = HeaderValue::from_str(&local) {
            response.headers_mut().insert(header::LOCATION, local);
        }
        // The last answer decides: a refusal is kept, a success forgets the
        // refusal before it.
        let set = match failure {
            Some(failure) => Some(format!(
                "{cookie}={}; Max-Age={FAILURE_COOKIE_SECONDS}",
                digest(&failure)
            )),
            None => kept.map(|_| format!("{cookie}=; Max-Age=0")),
        };
        if let Some(set) = set {
            let secure = if site.secure { "; Secure" } else { "" };
            let set = format!("{set}; Path=/; HttpOnly; SameSite=Lax{secure}");
            if let Ok(set) = HeaderValue::from_str(&set) {
                response.headers_mut().append(header::SET_COOKIE, set);
            }
        }
        return response;
    }
    let query = request.uri().query().unwrap_or_default();
    let pairs = decoded(query);
    if !pairs
        .iter()
        .any(|(key, _)| FAILURE_KEYS.contains(&key.as_str()))
    {
        return next.run(request).await;
    }
    let carried = failure_of(&pairs).map(|failure| digest(&failure));
    if carried.is_some() && carried == kept {
        return next.run(request).await;
    }
    let clean = without_failure(request.uri().path(), query);
    match HeaderValue::from_str(&clean) {
        Ok(clean) => (StatusCode::SEE_OTHER, [(header::LOCATION, clean)]).into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "The address could not be read.\n").into_response(),
    }
}

/// What [`form_failures`] needs to know about the site.
#[derive(Clone, Debug)]
pub struct FailureSite {
    pub hosts: Hosts,
    /// Served over HTTPS: the cookie is `Secure` and `__Host-`.
    pub secure: bool,
}

/// The value of the cookie `name` the request carries.
fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
}

/// A query's pairs as the app reads them: keys and values decoded.
fn decoded(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

/// The failure a query carries: exactly one `__path` and one `__err`, or
/// none (a page reads only one of each, so more than one is never shown).
fn failure_of(pairs: &[(String, String)]) -> Option<(String, String)> {
    let all = |key: &str| -> Vec<&String> {
        pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v)
            .collect()
    };
    match (all("__path").as_slice(), all("__err").as_slice()) {
        ([path], [err]) => Some(((*path).clone(), (*err).clone())),
        _ => None,
    }
}

/// A digest of a failure, to compare without keeping its words.
fn digest((path, err): &(String, String)) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::new()
        .chain_update(path.as_bytes())
        .chain_update([0])
        .chain_update(err.as_bytes())
        .finalize();
    hash.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// `path?query` without a form's failure, however its keys are written.
fn without_failure(path: &str, query: &str) -> String {
    let rest: Vec<&str> = query
        .split('&')
        .filter(|raw| {
            let key = decoded(raw).into_iter().next().map(|(key, _)| key);
            !raw.is_empty() && !key.is_some_and(|key| FAILURE_KEYS.contains(&key.as_str()))
        })
        .collect();
    if rest.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", rest.join("&"))
    }
}

/// A path on this site: one slash first, never two (`//evil.example` is
/// another site to a browser, and so is `/\evil.example`), and nothing a
/// browser would read otherwise (spaces, control characters).
fn is_local_path(address: &str) -> bool {
    let mut bytes = address.bytes();
    bytes.next() == Some(b'/')
        && !matches!(bytes.next(), Some(b'/' | b'\\'))
        && !address
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control() || b == b'\\')
}

/// Where a form's answer sends the browser, as a path on this site (a
/// `Location` naming a host not served here, or anything else than a plain
/// path, goes home instead), and the failure it carries. Leptos writes a
/// refusal after whatever the `Referer` held: a page that still showed an
/// earlier failure would carry two, so only the last is kept.
fn local_redirect(location: &str, hosts: &Hosts) -> (String, Option<(String, String)>) {
    let local = match location.split_once("://") {
        Some(("http" | "https", rest)) => {
            let (authority, path) = match rest.find('/') {
                Some(at) => rest.split_at(at),
                None => (rest, "/"),
            };
            if hosts.serves(authority) { path } else { "/" }
        }
        Some(_) => "/",
        None => location,
    };
    let local = if is_local_path(local) { local } else { "/" };
    let (address, fragment) = match local.split_once('#') {
        Some((address, fragment)) => (address, Some(fragment)),
        None => (local, None),
    };
    let (path, query) = address.split_once('?').unwrap_or((address, ""));
    let pairs = decoded(query);
    let last = |key: &str| {
        pairs
            .iter()
            .rfind(|(k, _)| k == key)
            .map(|(_, value)| value.clone())
    };
    let failure = last("__path").zip(last("__err"));
    let mut address = without_failure(path, query);
    if let Some((path, err)) = &failure {
        address.push(if address.contains('?') { '&' } else { '?' });
        address.push_str(
            &form_urlencoded::Serializer::new(String::new())
                .append_pair("__path", path)
                .append_pair("__err", err)
                .finish(),
        );
    }
    if let Some(fragment) = fragment {
        address.push('#');
        address.push_str(fragment);
    }
    (address, failure)
}

/// What [`same_origin_and_headers`] needs to know about the site.
#[derive(Clone, Debug)]
pub struct Site {
    /// `https://liaison.example`, without a trailing slash, or empty.
    pub public_url: String,
    /// Served over HTTPS: browsers are told to keep to it.
    pub secure: bool,
}

/// Refuses a server-function call another site's page makes with the
/// visitor's cookies (the browser says so in `Sec-Fetch-Site`, or else in
/// `Origin`: an `Origin` is ours when it names the request's `Host`, which
/// [`allowed_host`] checked, or the configured public address). Gives every
/// response the headers that keep pages from being framed, links from leaking
/// through `Referer`, types from being sniffed, and what a signed-in visitor
/// saw from being kept by any cache.
pub async fn same_origin_and_headers(
    State(site): State<Site>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let headers = request.headers();
    // Where a call comes from. A browser's `Sec-Fetch-Site` cannot be set by
    // a page, so when it is there it decides: only the site itself may call.
    // A form sent before the page hydrates is a plain navigation, which
    // carries `Origin: null` (the pages send no referrer) and
    // `Sec-Fetch-Site: same-origin`. Clients without it (older browsers, other
    // programs) are judged by `Origin`.
    let foreign = match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => !matches!(site, "same-origin" | "none"),
        None => match (
            headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
            headers.get(header::HOST).and_then(|v| v.to_str().ok()),
        ) {
            (Some(origin), host) => {
                origin != site.public_url
                    && origin
                        .split_once("://")
                        .is_none_or(|(_, origin_host)| Some(origin_host) != host)
            }
            (None, _) => false,
        },
    };
    // Minted here rather than while the page renders, so every page gets its
    // policy whatever the rendering does with its response options.
    let nonce: std::sync::Arc<str> = leptos::nonce::Nonce::new().as_inner().clone();
    request
        .extensions_mut()
        .insert(app::request::PageNonce(nonce.clone()));
    let mut response =
        if request.method() == Method::POST && server_function(request.uri().path()) && foreign {
            let body = serde_json::to_string(&app::error::AppError::NotAllowed).unwrap_or_default();
            (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response()
        } else {
            next.run(request).await
        };
    let out = response.headers_mut();
    let kind = out
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let page = kind.starts_with("text/html");
    // Pages, server functions' answers and the CSV export hold what a
    // signed-in visitor may see: no cache keeps them, shared or the
    // browser's (the back button after signing out shows nothing).
    // The JS, WASM, CSS and images keep the caching the file server gives.
    let private = page || kind.starts_with("application/json") || kind.starts_with("text/csv");
    if private {
        out.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    // A page runs only the scripts that carry its nonce; anything else runs
    // nothing at all.
    let policy = if page {
        HeaderValue::from_str(&app::request::content_security_policy(&nonce)).ok()
    } else {
        None
    };
    out.insert(
        header::CONTENT_SECURITY_POLICY,
        policy.unwrap_or(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'",
        )),
    );
    out.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A Referer goes to this site only, never to another: the invitation
    // link in the consent page's address is a bearer secret. This site needs
    // it: a form the browser posts before the page is interactive is sent
    // back to its page (with any failure to show) through the Referer.
    out.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if site.secure {
        // Two years, as browsers' preload lists ask.
        out.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000"),
        );
    }
    response
}

/// Gives every failed server-function call its HTTP status, in one place:
/// Leptos answers a failure with 500 and the error as JSON, whatever it is;
/// here the error is read back and `app::request::status_of` decides (401,
/// 403, 404, 422, 503; 500 only for an internal failure). That covers calls
/// whose arguments cannot be read (a missing field, a wrong type): they fail
/// before any server function runs, and are the client's error, 422. A form
/// the browser posted itself is answered with a redirect instead, which
/// this leaves alone.
pub async fn failure_status(request: Request<Body>, next: Next) -> Response {
    let api = server_function(request.uri().path());
    let response = next.run(request).await;
    const MAX_ERROR: usize = 64 * 1024;
    // Leptos' error answers are whole bytes, their size known; anything
    // else passes untouched.
    let small = axum::body::HttpBody::size_hint(response.body())
        .upper()
        .is_some_and(|length| length <= MAX_ERROR as u64);
    if !api || response.status() != StatusCode::INTERNAL_SERVER_ERROR || !small {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = app::request::status_of(&error);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The pages whose last segment is a secret: an emailed link's token or
/// an invitation's code.
const SECRET_SEGMENTS: [&str; 3] = ["/password/", "/verify/", "/invitations/"];

/// `path` as logs may keep it: the secret of an emailed link or an
/// invitation replaced by `…`, so a log never holds a working link.
pub fn redacted_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in SECRET_SEGMENTS {
        if let Some(secret) = path.strip_prefix(prefix)
            && !secret.is_empty()
        {
            return format!("{prefix}…").into();
        }
    }
    path.into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn logs_never_hold_a_link_secret() {
        use super::redacted_path;
        assert_eq!(redacted_path("/password/abc123"), "/password/…");
        assert_eq!(redacted_path("/verify/abc123"), "/verify/…");
        assert_eq!(redacted_path("/invitations/0123456789"), "/invitations/…");
        assert_eq!(redacted_path("/partner/customers"), "/partner/customers");
        assert_eq!(redacted_path("/password/"), "/password/");
    }

    use super::*;

    #[test]
    fn the_nul_character_is_seen_raw_percent_or_json_escaped_and_nothing_else() {
        for held in [
            &b"a\0b"[..],
            b"email=%00",
            b"{\"email\":\"\\u0000\"}",
            b"\\U0000",
        ] {
            assert!(holds_nul(held), "{held:?}");
        }
        for clean in [
            &b"email=a%20b%2500"[..],
            b"100",
            b"%0A",
            b"\\u00000x"[1..].as_ref(),
            b"",
        ] {
            assert!(!holds_nul(clean), "{clean:?}");
        }
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        let trusted = [
            parse_proxy("10.0.0.0/8").unwrap(),
            parse_proxy("::1").unwrap(),
        ];
        let headers = forwarded(&["203.0.113.7"]);
        // A client that is not a trusted proxy is who it is, whatever it says.
        assert_eq!(
            client_address(ip("198.51.100.1"), &headers, &trusted),
            ip("198.51.100.1")
        );
        assert_eq!(
            client_address(ip("10.0.0.2"), &headers, &trusted),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_address(ip("::1"), &headers, &trusted),
            ip("203.0.113.7")
        );
        // Without trusted proxies the header is ignored.
        assert_eq!(
            client_address(ip("10.0.0.2"), &headers, &[]),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn the_client_is_the_rightmost_address_no_trusted_proxy_wrote() {
        let trusted = [parse_proxy("10.0.0.0/8").unwrap()];
        for (header, client) in [
            // The client wrote the first two itself; the proxies appended the rest.
            (
                &["1.1.1.1, 2.2.2.2", "203.0.113.7, 10.0.0.5"][..],
                "203.0.113.7",
            ),
            // Garbage right of the proxies' part: the last proxy reached is all we know.
            (&["203.0.113.7, nonsense, 10.0.0.5"], "10.0.0.5"),
            // Addresses with ports are the same addresses.
            (&["203.0.113.7:5555, [2001:db8::1]:443"], "2001:db8::1"),
            // Only proxies: the leftmost of them.
            (&["10.0.0.9"], "10.0.0.9"),
            // No header: the proxy itself.
            (&[], "10.0.0.2"),
        ] {
            let found = client_address(ip("10.0.0.2"), &forwarded(header), &trusted);
            assert_eq!(found, ip(client), "{header:?}");
        }
        // An IPv4 peer seen through an IPv6 socket is the same address.
        let trusted = [parse_proxy("127.0.0.1").unwrap()];
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(
            client_address(ip("::ffff:127.0.0.1"), &headers, &trusted),
            ip("203.0.113.7")
        );
        assert!(parse_proxy("not-an-address").is_err());
    }

    #[test]
    fn the_hosts_served_are_the_public_one_the_listen_address_and_loopback() {
        let hosts = Hosts::new(
            "https://Liaison.example/",
            "192.0.2.10:3000".parse().unwrap(),
            &["portal.example".into()],
        );
        for host in [
            "liaison.example",
            "liaison.example:443",
            "192.0.2.10:3000",
            "localhost:3000",
            "127.0.0.1",
            "[::1]:8080",
            "PORTAL.example",
        ] {
            assert!(hosts.serves(host), "{host}");
        }
        for host in [
            "evil.example",
            "liaison.example.evil.example",
            "",
            "a b",
            "[::2]",
        ] {
            assert!(!hosts.serves(host), "{host}");
        }
        assert_eq!(
            Hosts::new("", "127.0.0.1:3000".parse().unwrap(), &[]).names(),
            ["127.0.0.1", "localhost", "[::1]"]
        );
        assert_eq!(
            Hosts::check("https://liaison.example/", &["portal.example".into()]),
            Ok(())
        );
        assert_eq!(Hosts::check("", &[]), Ok(()));
        assert!(Hosts::check("liaison.example", &[]).is_err());
        assert!(Hosts::check("ftp://liaison.example", &[]).is_err());
        assert!(Hosts::check("", &["https://portal.example".into()]).is_err());
    }

    fn failure(path: &str, err: &str) -> Option<(String, String)> {
        Some((path.to_string(), err.to_string()))
    }

    #[test]
    fn a_forms_answer_stays_on_this_site_with_its_last_failure_only() {
        let hosts = &Hosts::new(
            "https://liaison.example",
            "127.0.0.1:3000".parse().unwrap(),
            &[],
        );
        assert_eq!(
            local_redirect("http://127.0.0.1:3000/login?next=/a", hosts),
            ("/login?next=/a".to_string(), None)
        );
        assert_eq!(
            local_redirect("https://liaison.example/b?q=1", hosts).0,
            "/b?q=1"
        );
        assert_eq!(
            local_redirect("/partner/customers/a?done=x#users", hosts).0,
            "/partner/customers/a?done=x#users"
        );
        for elsewhere in [
            "https://evil.example/x",
            "//evil.example/x",
            "/\\evil.example/x",
            "\\\\evil.example/x",
            "http://127.0.0.1:3000//evil.example/x",
            "http://127.0.0.1:3000/\\evil.example/x",
            "http://127.0.0.1:3000@evil.example/x",
            "javascript://127.0.0.1:3000/%0aalert(1)",
            "http:evil.example",
            "/a\tb",
            "",
        ] {
            assert_eq!(local_redirect(elsewhere, hosts).0, "/", "{elsewhere}");
        }
        let (address, last) = local_redirect(
            "http://127.0.0.1:3000/p?open=user&__path=%2Fapi%2Fa&__err=old&x=1&%5F%5Fpath=%2Fapi%2Fb&__err=new",
            hosts,
        );
        assert_eq!(address, "/p?open=user&x=1&__path=%2Fapi%2Fb&__err=new");
        assert_eq!(last, failure("/api/b", "new"));
    }

    #[test]
    fn a_failure_reads_back_from_the_address_it_is_written_in() {
        let hosts = Hosts::new("", "127.0.0.1:3000".parse().unwrap(), &[]);
        let (address, written) = local_redirect("/p?a=1&__path=%2Fapi%2Fb&__err=e%3D", &hosts);
        let query = address.split_once('?').unwrap().1;
        assert_eq!(failure_of(&decoded(query)), written);
        assert_eq!(written, failure("/api/b", "e="));
        assert_eq!(without_failure("/p", query), "/p?a=1");
        // However the keys are written, they are the keys the page reads.
        assert_eq!(
            failure_of(&decoded("%5F%5Fpath=%2Fapi%2Fb&_%5Ferr=e")),
            failure("/api/b", "e")
        );
        assert_eq!(
            without_failure("/p", "%5F%5Fpath=x&_%5Ferr=e&b=2"),
            "/p?b=2"
        );
        // One of each, or none.
        assert_eq!(failure_of(&decoded("__path=x")), None);
        assert_eq!(failure_of(&decoded("__path=x&__err=a&__err=b")), None);
        assert_ne!(
            digest(&("a".into(), "bc".into())),
            digest(&("ab".into(), "c".into()))
        );
    }

    #[test]
    fn a_cookie_is_read_by_its_exact_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("liaison_form_failure_x=1; liaison_form_failure=abc"),
        );
        assert_eq!(cookie_value(&headers, FAILURE_COOKIE), Some("abc"));
        assert_eq!(cookie_value(&headers, FAILURE_COOKIE_SECURE), None);
    }
}
