//! What every handler of the REST API works with.
use crate::db::Pool;
use crate::request::SiteSettings;

/// The pool, the site's settings and the clock, for every handler.
#[derive(Clone)]
pub struct ApiState {
    pub pool: Pool,
    pub site: SiteSettings,
    pub allow_private: crate::notify::AllowPrivate,
    /// The time tokens expire by (real time, unless a test moves it).
    pub clock: crate::db::Clock,
}
