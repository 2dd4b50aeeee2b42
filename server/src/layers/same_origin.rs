//! Cross-site checks on the server functions: another site's page may not
//! call them with the visitor's cookies.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses a call another site's page makes with the visitor's cookies,
/// with 403 and the error a server function answers with. The browser says
/// where a call comes from in `Sec-Fetch-Site`, or else in `Origin`: an
/// `Origin` is ours when it names the request's `Host`, which the
/// `allowed_host` layer checked, or the configured public address.
pub async fn same_origin(
    State(site): State<app::request::SiteSettings>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if request.method() == Method::POST && foreign(request.headers(), &site) {
        let body = serde_json::to_string(&app::error::AppError::NotAllowed).unwrap_or_default();
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    next.run(request).await
}

/// Whether a request comes from another site. A browser's `Sec-Fetch-Site`
/// cannot be set by a page, so when it is there it decides: only the site
/// itself may call. A form sent before the page hydrates is a plain
/// navigation, which carries `Origin: null` (the pages send no referrer)
/// and `Sec-Fetch-Site: same-origin`. Clients without it (older browsers,
/// other programs) are judged by `Origin`.
fn foreign(headers: &HeaderMap, site: &app::request::SiteSettings) -> bool {
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(fetched) => !matches!(fetched, "same-origin" | "none"),
        None => match (
            headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
            headers.get(header::HOST).and_then(|v| v.to_str().ok()),
        ) {
            (Some(origin), host) => {
                let public = site
                    .public_url
                    .as_ref()
                    .map(|url| url.origin().ascii_serialization());
                origin != public.as_deref().unwrap_or_default()
                    && origin
                        .split_once("://")
                        .is_none_or(|(_, origin_host)| Some(origin_host) != host)
            }
            (None, _) => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn only_the_site_itself_may_call_with_the_visitors_cookies() {
        let public = app::request::SiteSettings {
            public_url: url::Url::parse("https://liaison.example").ok(),
        };
        let unset = app::request::SiteSettings::default();
        let host = ("host", "127.0.0.1:3000");
        for (pairs, site, expected) in [
            (&[("sec-fetch-site", "same-origin")][..], &unset, false),
            (
                &[
                    ("sec-fetch-site", "cross-site"),
                    ("origin", "http://127.0.0.1:3000"),
                    host,
                ][..],
                &unset,
                true,
            ),
            (&[("origin", "http://127.0.0.1:3000"), host], &unset, false),
            (&[("origin", "https://evil.example"), host], &unset, true),
            (
                &[("origin", "https://liaison.example"), host],
                &public,
                false,
            ),
            (&[("origin", "null"), host], &public, true),
            (&[host], &public, false),
        ] {
            assert_eq!(foreign(&headers(pairs), site), expected, "{pairs:?}");
        }
    }
}
