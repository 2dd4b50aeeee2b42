//! The addresses a form's answer is written in: a path on this site, and
//! the failure (`__path`, `__err`) it carries, read as the page reads it.
use super::allowed_host::Hosts;

/// The two keys that carry a form's failure back to its page.
pub const FAILURE_KEYS: [&str; 2] = ["__path", "__err"];

/// A query's pairs as the app reads them: keys and values decoded.
pub fn decoded(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

/// The failure a query carries: exactly one `__path` and one `__err`, or
/// none (a page reads only one of each, so more than one is never shown).
pub fn failure_of(pairs: &[(String, String)]) -> Option<(String, String)> {
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

/// `path?query` without a form's failure, however its keys are written.
pub fn without_failure(path: &str, query: &str) -> String {
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
pub fn local_redirect(location: &str, hosts: &Hosts) -> (String, Option<(String, String)>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(path: &str, err: &str) -> Option<(String, String)> {
        Some((path.to_string(), err.to_string()))
    }

    #[test]
    fn a_forms_answer_stays_on_this_site_with_its_last_failure_only() {
        let public = url::Url::parse("https://liaison.example").unwrap();
        let hosts = &Hosts::new(Some(&public), "127.0.0.1:3000".parse().unwrap(), &[]);
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
        let hosts = Hosts::new(None, "127.0.0.1:3000".parse().unwrap(), &[]);
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
    }
}
