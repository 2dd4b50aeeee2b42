//! Which hosts are served: a request for any other `Host` is refused before
//! anything reads it.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The host names this server answers for, ports aside (as Django's
/// `ALLOWED_HOSTS`): no link, redirect or origin check is ever built from
/// a host someone else chose.
#[derive(Clone, Debug)]
pub struct Hosts(Vec<String>);

impl Hosts {
    /// The host of `public_url`, the listen address, `localhost` and the
    /// loopback addresses (so a health check or a test reaches one process
    /// directly), and `extra`.
    pub fn new(
        public_url: Option<&url::Url>,
        site_addr: std::net::SocketAddr,
        extra: &[String],
    ) -> Hosts {
        let public = public_url.and_then(|url| host_of(url.authority()));
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

    /// Whether `name` is a host name a `Host` header may hold (a port
    /// allowed), as the configuration must list them.
    pub fn is_host(name: &str) -> bool {
        host_of(name).is_some()
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }

    /// Whether a request naming `authority` (`host[:port]`) is for us.
    pub fn serves(&self, authority: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hosts_served_are_the_public_one_the_listen_address_and_loopback() {
        let public = url::Url::parse("https://Liaison.example/").unwrap();
        let hosts = Hosts::new(
            Some(&public),
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
            Hosts::new(None, "127.0.0.1:3000".parse().unwrap(), &[]).names(),
            ["127.0.0.1", "localhost", "[::1]"]
        );
        assert!(Hosts::is_host("portal.example:8443"));
        for bad in [
            "https://portal.example",
            "a@portal.example",
            "portal.example/x",
            "",
        ] {
            assert!(!Hosts::is_host(bad), "{bad}");
        }
    }
}
