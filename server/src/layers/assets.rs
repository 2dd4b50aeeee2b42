//! The browser's files under `/pkg` (the JS, the WASM, the CSS), on a
//! route of their own: no session, no page policy, no Leptos context. The
//! release build (`scripts/build.sh`) names them after their content and
//! compresses them ahead, with brotli at its best and gzip; the file
//! server sends the compressed file the browser accepts, and a browser
//! keeps a file named after its content for a year without asking again.
use std::io;
use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use tower_http::services::ServeDir;

/// Where the browser's files are served from, under the site root.
pub const PKG: &str = "pkg";

/// The file that names the release build's files, in the site root.
pub const ASSETS_FILE: &str = "assets.txt";

/// A file named after its content never changes: kept a year, never asked
/// for again.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The names of the build's files under `/pkg`: `<output_name>.js`,
/// `<output_name>.wasm` and the stylesheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assets {
    /// The JS and the WASM, without their extension (`liaison.<hash>`).
    pub output_name: String,
    /// The stylesheet's file name (`liaison.<hash>.css`).
    pub stylesheet: String,
}

impl Default for Assets {
    /// The names of a build that does not name its files after their
    /// content (`cargo leptos watch`, the tests).
    fn default() -> Assets {
        Assets {
            output_name: "liaison".to_string(),
            stylesheet: "liaison.css".to_string(),
        }
    }
}

/// Whether `cargo leptos` built the site after `scripts/build.sh` did: it
/// writes `pkg/liaison.js` and leaves the older `assets.txt`, whose files
/// no longer match the server.
fn unhashed_build_is_newer(site_root: &Path, assets: &Path) -> bool {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    match (
        modified(&site_root.join(PKG).join("liaison.js")),
        modified(assets),
    ) {
        (Some(unhashed), Some(hashed)) => unhashed > hashed,
        _ => false,
    }
}

impl Assets {
    /// The names `<site_root>/assets.txt` gives, read once at start, or
    /// today's names when the site has no such file, or when `cargo leptos`
    /// built the site after it was written. A file that cannot
    /// be read or says something else is an error: the server does not
    /// start with pages that would load nothing.
    pub fn read(site_root: &Path) -> io::Result<Assets> {
        let path = site_root.join(ASSETS_FILE);
        if unhashed_build_is_newer(site_root, &path) {
            return Ok(Assets::default());
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Assets::default()),
            Err(error) => {
                return Err(io::Error::new(
                    error.kind(),
                    format!("{} could not be read: {error}", path.display()),
                ));
            }
        };
        Assets::parse(&text).map_err(|reason| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{} is not valid: {reason}", path.display()),
            )
        })
    }

    /// The names in an `assets.txt`: one `output-name NAME` line and one
    /// `stylesheet NAME.css` line, in any order; blank lines are skipped.
    pub fn parse(text: &str) -> Result<Assets, String> {
        let (mut output_name, mut stylesheet) = (None, None);
        for (number, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())) {
            if line.is_empty() {
                continue;
            }
            let (key, value) = line
                .split_once(char::is_whitespace)
                .map(|(key, value)| (key, value.trim()))
                .ok_or_else(|| format!("line {number}: expected `KEY VALUE`, found `{line}`"))?;
            if !is_file_name(value) {
                return Err(format!(
                    "line {number}: `{value}` is not a file name (letters, digits, `.`, `_`, `-`)"
                ));
            }
            let slot = match key {
                "output-name" => &mut output_name,
                "stylesheet" if value.ends_with(".css") => &mut stylesheet,
                "stylesheet" => {
                    return Err(format!(
                        "line {number}: the stylesheet `{value}` is not a .css file"
                    ));
                }
                _ => {
                    return Err(format!(
                        "line {number}: unknown key `{key}` (expected `output-name` or `stylesheet`)"
                    ));
                }
            };
            if slot.replace(value.to_string()).is_some() {
                return Err(format!("line {number}: `{key}` is given twice"));
            }
        }
        match (output_name, stylesheet) {
            (Some(output_name), Some(stylesheet)) => Ok(Assets {
                output_name,
                stylesheet,
            }),
            (None, _) => Err("no `output-name` line".to_string()),
            (_, None) => Err("no `stylesheet` line".to_string()),
        }
    }
}

/// A plain file name: it goes into the page's links and its script.
fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The route `/pkg/*`: the files in `<site_root>/pkg`, the brotli
/// (`<file>.br`) or gzip (`<file>.gz`) one when the browser accepts it and
/// the build wrote it.
pub fn router(site_root: &Path) -> Router {
    let files = ServeDir::new(site_root.join(PKG))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .nest_service(&format!("/{PKG}"), files)
        .layer(from_fn(cache_named_by_content))
}

/// A file found is kept a year when its name carries its content's hash,
/// and caches are told its body depends on `Accept-Encoding` (the file
/// server does not say so, and the compression layer leaves an answer
/// already compressed alone). A file without a hash (a development build)
/// keeps the file server's revalidation; a missing one is never kept.
async fn cache_named_by_content(request: Request<Body>, next: Next) -> Response {
    let hashed = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(is_named_by_content);
    let mut response = next.run(request).await;
    let status = response.status();
    if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
        return response;
    }
    let headers = response.headers_mut();
    let varies = headers.get_all(header::VARY).iter().any(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(',')
                .any(|v| v.trim().eq_ignore_ascii_case("accept-encoding"))
        })
    });
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if hashed && matches!(status, StatusCode::OK | StatusCode::NOT_MODIFIED) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    }
    response
}

/// Whether `file` is `<name>.<hash>.<extension>`, the hash at least 16
/// letters, digits, `_` or `-`.
fn is_named_by_content(file: &str) -> bool {
    let mut parts = file.rsplit('.');
    let (Some(extension), Some(hash), Some(name)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !extension.is_empty()
        && !name.is_empty()
        && hash.len() >= 16
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_a_hash_of_sixteen_characters_or_more_is_named_by_content() {
        assert!(is_named_by_content("liaison.Ab3_-xYz0123456789.wasm"));
        assert!(is_named_by_content("liaison.abcdefghijklmnop.css"));
        assert!(!is_named_by_content("liaison.wasm"));
        assert!(
            !is_named_by_content("liaison.abcdefghijklmno.css"),
            "15 characters"
        );
        assert!(!is_named_by_content("liaison.abcdefgh+jklmnop.css"));
        assert!(!is_named_by_content(".abcdefghijklmnop.css"));
        assert!(!is_named_by_content("liaison.abcdefghijklmnop.wasm.br"));
    }

    #[test]
    fn a_site_cargo_leptos_wrote_after_the_release_build_keeps_its_own_names() {
        let site = tempfile::tempdir().expect("site");
        let pkg = site.path().join(PKG);
        std::fs::create_dir_all(&pkg).expect("pkg");
        let hashed = Assets {
            output_name: "liaison.Ab3_-xYz0123456789".into(),
            stylesheet: "liaison.abcdefghijklmnop.css".into(),
        };
        std::fs::write(pkg.join("liaison.js"), "old").expect("js");
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(
            site.path().join(ASSETS_FILE),
            "output-name liaison.Ab3_-xYz0123456789\nstylesheet liaison.abcdefghijklmnop.css\n",
        )
        .expect("assets.txt");
        assert_eq!(Assets::read(site.path()).expect("read"), hashed);

        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(pkg.join("liaison.js"), "new").expect("js");
        assert_eq!(Assets::read(site.path()).expect("read"), Assets::default());
    }

    #[test]
    fn assets_txt_gives_both_names_and_anything_else_is_refused() {
        let assets = Assets::parse(
            "output-name liaison.Ab3_-xYz0123456789\nstylesheet liaison.abcdefghijklmnop.css\n",
        );
        assert_eq!(
            assets,
            Ok(Assets {
                output_name: "liaison.Ab3_-xYz0123456789".into(),
                stylesheet: "liaison.abcdefghijklmnop.css".into(),
            })
        );
        for text in [
            "",
            "output-name liaison.abc",
            "stylesheet liaison.css",
            "output-name liaison.abc\nstylesheet liaison.js",
            "output-name ../liaison\nstylesheet liaison.css",
            "output-name liaison\"<script>\nstylesheet liaison.css",
            "output-name liaison\noutput-name other\nstylesheet liaison.css",
            "output-name liaison\nstylesheet liaison.css\nscript x.js",
            "output-name\nstylesheet liaison.css",
        ] {
            assert!(Assets::parse(text).is_err(), "{text:?}");
        }
    }
}
