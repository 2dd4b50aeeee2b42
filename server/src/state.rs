//! The one application state: what every route, layer and server function
//! is given, built once from the [`Config`]. A handler or layer takes the
//! part it needs (`State<Hosts>`, `State<Pool>`…) through axum's `FromRef`.
use axum::extract::FromRef;
use leptos::prelude::{LeptosOptions, provide_context};

use crate::config::Config;
use crate::layers::allowed_host::Hosts;
use crate::layers::assets::Assets;
use crate::layers::client::TrustedProxies;
use app::db::Pool;

/// Whether the site is served over HTTPS (`LIAISON_SECURE_COOKIES`): the
/// cookies are `Secure`, and browsers are told to keep to HTTPS.
#[derive(Clone, Copy, Debug, Default)]
pub struct Https(pub bool);

/// Everything the routes share.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: Pool,
    pub options: LeptosOptions,
    /// The site's public address, as the app reads it.
    pub site: app::request::SiteSettings,
    pub hosts: Hosts,
    pub proxies: TrustedProxies,
    pub https: Https,
    /// The time the server goes by (real time, unless a test moves it).
    pub clock: app::db::Clock,
    pub allow_private: app::notify::AllowPrivate,
    pub throttle: app::auth::SignInThrottle,
    pub mail: app::accounts::MailSettings,
    /// The stylesheet the pages link to, as the build named it.
    pub stylesheet: app::shell::Stylesheet,
}

impl AppState {
    /// The state `config` describes, over `pool`. The names of the JS,
    /// the WASM and the CSS are read from the site's `assets.txt` here,
    /// once; a file that says something unexpected is an error.
    pub fn new(pool: Pool, config: &Config) -> std::io::Result<AppState> {
        let assets = Assets::read(std::path::Path::new(&config.site_root))?;
        // Not Leptos' `hash_files`: it reads a file at every page.
        let options = LeptosOptions::builder()
            .output_name(assets.output_name)
            .site_root(config.site_root.clone())
            .site_pkg_dir("pkg")
            .site_addr(config.listen_addr())
            .env(leptos::config::Env::PROD)
            .build();
        Ok(AppState {
            pool,
            options,
            site: app::request::SiteSettings {
                public_url: config.public_url.clone(),
            },
            hosts: config.hosts(),
            proxies: TrustedProxies(config.trusted_proxies.clone().into()),
            https: Https(config.secure_cookies),
            clock: config.clock.clone(),
            allow_private: app::notify::AllowPrivate(config.webhook_allow_private),
            throttle: app::auth::SignInThrottle::default(),
            mail: app::accounts::MailSettings {
                smtp: config.smtp_url().is_some(),
            },
            stylesheet: app::shell::Stylesheet(assets.stylesheet.into()),
        })
    }

    /// What a page or a server function finds in Leptos' context: the
    /// shared parts of this state, and what each request starts anew (its
    /// user, looked up once; the passwords it shows; its page's nonce).
    pub fn context(&self) -> impl Fn() + Clone + Send + Sync + 'static {
        let state = self.clone();
        move || {
            provide_context(state.options.clone());
            provide_context(state.clock.clone());
            provide_context(state.allow_private);
            provide_context(state.throttle.clone());
            provide_context(state.pool.clone());
            provide_context(state.site.clone());
            provide_context(state.mail);
            provide_context(state.stylesheet.clone());
            provide_context(app::delegated::PasswordsToShow::default());
            provide_context(app::request::RequestUser::default());
            app::request::provide_page_nonce();
        }
    }
}

/// What the REST API's handlers work with, taken from the one state.
impl FromRef<AppState> for app::api::ApiState {
    fn from_ref(state: &AppState) -> app::api::ApiState {
        app::api::ApiState {
            pool: state.pool.clone(),
            site: state.site.clone(),
            allow_private: state.allow_private,
            clock: state.clock.clone(),
        }
    }
}
