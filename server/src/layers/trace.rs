//! One log span per request, named by its request id, its path kept
//! without the secrets some paths carry.
use axum::body::Body;
use axum::extract::Request;

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

/// The span a request is logged in: its id (`x-request-id`), method and
/// redacted path.
pub fn span(request: &Request<Body>) -> tracing::Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    let path = redacted_path(request.uri().path());
    tracing::info_span!("request", id, method = %request.method(), path = %path)
}

#[cfg(test)]
mod tests {
    use super::redacted_path;

    #[test]
    fn logs_never_hold_a_link_secret() {
        assert_eq!(redacted_path("/password/abc123"), "/password/…");
        assert_eq!(redacted_path("/verify/abc123"), "/verify/…");
        assert_eq!(redacted_path("/invitations/0123456789"), "/invitations/…");
        assert_eq!(redacted_path("/partner/customers"), "/partner/customers");
        assert_eq!(redacted_path("/password/"), "/password/");
    }
}
