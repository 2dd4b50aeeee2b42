//! The configuration, read from flags or the environment and checked once
//! at start by clap: a value that cannot be right stops the server with
//! what to write instead, and what the rest of the server reads is typed.
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use clap::ArgAction;
use clap::builder::BoolishValueParser;
use ipnet::IpNet;
use url::Url;

use crate::layers::allowed_host::Hosts;

/// Where the server listens when `LEPTOS_SITE_ADDR` is not set.
pub const DEFAULT_SITE_ADDR: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 3000);

/// An optional value that an empty variable leaves unset (clap reads
/// `LIAISON_PUBLIC_URL=` as the empty value, which the parser turns into
/// `None`; spelled as an alias so clap does not ask for a value).
type Unset<T> = Option<T>;

/// A comma-separated list, empty entries skipped (parsed whole, so clap
/// does not read it as values of its own).
type Listed<T> = Vec<T>;

/// How the server runs: every flag and variable of README's Configuration
/// table, typed.
#[derive(clap::Args, Clone, Debug)]
pub struct Config {
    /// Address to listen on [default: 127.0.0.1:3000].
    #[arg(long, env = "LEPTOS_SITE_ADDR")]
    pub site_addr: Option<SocketAddr>,
    /// Directory of the built site (JS, WASM, CSS, assets).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// The database: sqlite://FILE (created when missing) or
    /// postgres://USER:PASSWORD@HOST/DATABASE; migrated at start.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/liaison.db",
        hide_env_values = true
    )]
    pub database_url: String,
    /// Connections this process opens to the database at most.
    #[arg(long, env = "LIAISON_DATABASE_CONNECTIONS", default_value_t = app::db::DEFAULT_CONNECTIONS)]
    pub database_connections: u32,
    /// Seed the demo organizations and users (idempotent).
    #[arg(long, env = "LIAISON_DEMO", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    pub demo: bool,
    /// Password of the demo users; a random one is printed when unset.
    #[arg(long, env = "LIAISON_DEMO_PASSWORD", hide_env_values = true)]
    pub demo_password: Option<String>,
    /// Public address of the site, used in invitation links (default: the
    /// request's Host, when it is one of the hosts served).
    #[arg(long, env = "LIAISON_PUBLIC_URL", default_value = "", hide_default_value = true, value_parser = public_url)]
    pub public_url: Unset<Url>,
    /// More host names to serve, comma-separated, besides the public URL's,
    /// the listen address, localhost and 127.0.0.1.
    #[arg(long, env = "LIAISON_ALLOWED_HOSTS", default_value = "", hide_default_value = true, value_parser = host_names)]
    pub allowed_hosts: Listed<String>,
    /// Proxies whose X-Forwarded-For names the client: addresses or CIDR
    /// ranges, comma-separated (for example 127.0.0.1,10.0.0.0/8).
    #[arg(long, env = "LIAISON_TRUSTED_PROXIES", default_value = "", hide_default_value = true, value_parser = proxies)]
    pub trusted_proxies: Listed<IpNet>,
    /// Mark the session cookie Secure and send Strict-Transport-Security
    /// (serve over HTTPS).
    #[arg(long, env = "LIAISON_SECURE_COOKIES", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    pub secure_cookies: bool,
    /// SMTP server email leaves through: smtp://HOST:PORT (plain, no
    /// authentication) or smtps://USER:PASSWORD@HOST:PORT (TLS). Unset,
    /// email waits in the outbox (operators read it at /operator/outbox).
    #[arg(long, env = "LIAISON_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of Liaison's email.
    #[arg(
        long,
        env = "LIAISON_MAIL_FROM",
        default_value = "Liaison <no-reply@liaison.localhost>"
    )]
    pub mail_from: String,
    /// Let webhook endpoints be on loopback, private and link-local
    /// addresses (tests only: in production it lets a partner reach
    /// Liaison's own network).
    #[arg(long, env = "LIAISON_WEBHOOK_ALLOW_PRIVATE", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    pub webhook_allow_private: bool,
    /// API requests each partner (all its tokens together) may make per
    /// minute, and each client address without a valid token (a burst of
    /// as many, refilled evenly).
    #[arg(long, env = "LIAISON_API_RATE_PER_MINUTE", default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..))]
    pub api_rate_per_minute: u32,
    /// The time the server goes by (real time, unless a test moves it).
    #[arg(skip)]
    pub clock: app::db::Clock,
}

impl Config {
    /// Listening on `site_addr`, with nothing else configured (the
    /// defaults of the table).
    pub fn new(site_addr: SocketAddr, site_root: String) -> Config {
        let mut config = Config::from_flags(["liaison"]).expect("the defaults are valid");
        config.site_addr = Some(site_addr);
        config.site_root = site_root;
        config
    }

    /// The configuration `args` give, the environment aside.
    fn from_flags<'a>(args: impl IntoIterator<Item = &'a str>) -> Result<Config, clap::Error> {
        use clap::{Args, FromArgMatches};
        let command = Config::augment_args(clap::Command::new("liaison"))
            .mut_args(|arg| arg.env(None::<&str>));
        Config::from_arg_matches(&command.try_get_matches_from(args)?)
    }

    /// The address the server listens on.
    pub fn listen_addr(&self) -> SocketAddr {
        self.site_addr.unwrap_or(DEFAULT_SITE_ADDR)
    }

    /// The hosts this server answers for.
    pub fn hosts(&self) -> Hosts {
        Hosts::new(
            self.public_url.as_ref(),
            self.listen_addr(),
            &self.allowed_hosts,
        )
    }

    /// The SMTP server's address, when one is set.
    pub fn smtp_url(&self) -> Option<&str> {
        self.smtp_url.as_deref().filter(|url| !url.is_empty())
    }

    /// The address people reach the site at: the public URL when set, else
    /// the listen address (a wildcard one, `0.0.0.0` or `[::]`, reached on
    /// this machine's loopback address).
    pub fn base_url(&self) -> String {
        base_url(self.public_url.as_ref(), self.listen_addr())
    }
}

/// See [`Config::base_url`].
pub fn base_url(public_url: Option<&Url>, site_addr: SocketAddr) -> String {
    if let Some(url) = public_url {
        return url.origin().ascii_serialization();
    }
    let mut reached = site_addr;
    if site_addr.ip().is_unspecified() {
        reached.set_ip(match site_addr {
            SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{reached}")
}

/// `LIAISON_PUBLIC_URL`: empty for none, else an `http` or `https` URL with
/// a host and nothing after it but a slash (`https://liaison.example/`).
pub fn public_url(value: &str) -> Result<Option<Url>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let refused = || {
        "LIAISON_PUBLIC_URL must be http:// or https:// and a host, without a path, \
         such as https://liaison.example"
            .to_string()
    };
    let url = Url::parse(value).map_err(|_| refused())?;
    let plain = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|host| !host.is_empty())
        && url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none();
    if plain { Ok(Some(url)) } else { Err(refused()) }
}

/// `LIAISON_ALLOWED_HOSTS`: host names (`portal.example`, a port allowed),
/// without a scheme or a path.
pub fn host_names(value: &str) -> Result<Vec<String>, String> {
    listed(value)
        .map(|host| match Hosts::is_host(host) {
            true => Ok(host.to_string()),
            false => Err(format!(
                "{host:?} is not a host name (write portal.example, without a scheme or a path)"
            )),
        })
        .collect()
}

/// `LIAISON_TRUSTED_PROXIES`: addresses or CIDR ranges.
pub fn proxies(value: &str) -> Result<Vec<IpNet>, String> {
    listed(value).map(parse_proxy).collect()
}

/// Reads `10.0.0.0/8`, `10.1.2.3` or `::1` as a range of addresses.
pub fn parse_proxy(value: &str) -> Result<IpNet, String> {
    let value = value.trim();
    value
        .parse::<IpNet>()
        .or_else(|_| value.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{value:?} is neither an address nor a CIDR range"))
}

/// A list's entries, trimmed; empty ones (a trailing comma) are nothing.
fn listed(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, clap::Error> {
        Config::from_flags(["liaison"].into_iter().chain(args.iter().copied()))
    }

    #[test]
    fn a_bad_public_url_is_refused_at_start_with_what_to_write() {
        for bad in [
            "liaison.example",
            "ftp://liaison.example",
            "https://liaison.example/portal",
            "https://liaison.example/?a=1",
            "https://user@liaison.example",
            "https://",
        ] {
            let error = parse(&["--public-url", bad]).expect_err(bad).to_string();
            assert!(
                error.contains("such as https://liaison.example"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn the_public_url_is_read_once_without_its_trailing_slash() {
        let config = parse(&["--public-url", "https://Liaison.example/"]).unwrap();
        assert_eq!(config.base_url(), "https://liaison.example");
        assert_eq!(parse(&["--public-url", ""]).unwrap().public_url, None);
        let config = parse(&["--public-url", "http://liaison.example:8080"]).unwrap();
        assert_eq!(config.base_url(), "http://liaison.example:8080");
    }

    #[test]
    fn lists_skip_empty_entries_and_refuse_wrong_ones() {
        let config = parse(&[
            "--allowed-hosts",
            "portal.example, ,",
            "--trusted-proxies",
            "10.0.0.0/8,::1,",
        ])
        .unwrap();
        assert_eq!(config.allowed_hosts, ["portal.example"]);
        assert_eq!(config.trusted_proxies.len(), 2);
        assert!(parse(&["--allowed-hosts", "https://portal.example"]).is_err());
        assert!(parse(&["--trusted-proxies", "not-an-address"]).is_err());
        assert!(parse(&["--api-rate-per-minute", "0"]).is_err());
        let defaults = parse(&[]).unwrap();
        assert!(defaults.allowed_hosts.is_empty() && defaults.trusted_proxies.is_empty());
        assert_eq!(defaults.api_rate_per_minute, 120);
    }

    #[test]
    fn the_site_is_reached_at_its_public_url_else_at_its_listen_address() {
        let addr = |a: &str| a.parse().unwrap();
        let url = Url::parse("https://liaison.example/").unwrap();
        assert_eq!(
            base_url(Some(&url), addr("127.0.0.1:8080")),
            "https://liaison.example"
        );
        assert_eq!(
            base_url(None, addr("127.0.0.1:8080")),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            base_url(None, addr("0.0.0.0:8443")),
            "http://127.0.0.1:8443"
        );
        assert_eq!(base_url(None, addr("[::]:9000")), "http://[::1]:9000");
    }
}
