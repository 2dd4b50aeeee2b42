//! Who the client is: the TCP peer, or behind a trusted proxy the address
//! the proxy forwarded for.
use std::net::IpAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` names the client.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Arc<[IpNet]>);

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
    State(TrustedProxies(trusted)): State<TrustedProxies>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_proxy;
    use axum::http::HeaderValue;

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
}
