//! The address of the page being shown, and addresses to other pages.
use leptos::prelude::*;

/// The address of the page being shown (path and query), as the router
/// has it. The failure of a form the browser posted itself (`__path`,
/// `__err`) is left out: it belongs to that one answer, not to the page.
pub fn here() -> String {
    let location = leptos_router::hooks::use_location();
    address(
        &location.pathname.get_untracked(),
        &location.search.get_untracked(),
    )
}

/// `path?search`, without a form's failure.
fn address(path: &str, search: &str) -> String {
    let query = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            !pair.is_empty() && !pair.starts_with("__path=") && !pair.starts_with("__err=")
        })
        .collect::<Vec<_>>()
        .join("&");
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// The path of the page being shown, without its query.
pub fn here_path() -> String {
    let mut here = here();
    if let Some(query) = here.find('?') {
        here.truncate(query);
    }
    here
}

/// One value of the page's query string (non-empty), as the page opened
/// with it.
pub fn query_value(name: &str) -> Option<String> {
    leptos_router::hooks::use_query_map()
        .read_untracked()
        .get(name)
        .filter(|v| !v.is_empty())
}

/// Percent-encodes a value for a query string.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The login page address that brings the visitor back to `path`.
pub fn login_url(path: &str) -> String {
    format!("/login?next={}", encode_query_value(path))
}

/// Sends a visitor whose session ended to sign in, and back to this page
/// afterwards. The sign-in page is loaded anew: it starts from a clean state.
pub fn sign_in_again() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(&login_url(&here()));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn login_url_encodes_the_return_path() {
        assert_eq!(
            super::login_url("/invitations/a b?x=1"),
            "/login?next=/invitations/a%20b%3Fx%3D1"
        );
    }

    #[test]
    fn an_address_leaves_out_a_form_failure() {
        assert_eq!(super::address("/a", ""), "/a");
        assert_eq!(super::address("/a", "?q=x&after=2"), "/a?q=x&after=2");
        assert_eq!(
            super::address("/a", "?next=%2Fb&__path=%2Fapi%2Fsign_in&__err=eyJ9"),
            "/a?next=%2Fb"
        );
        assert_eq!(super::address("/a", "?__path=%2Fapi%2Fx&__err=e"), "/a");
    }
}
