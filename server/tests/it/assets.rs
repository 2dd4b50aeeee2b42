//! The browser's files under `/pkg`, as the release build leaves them:
//! named after their content, compressed ahead with brotli and gzip, and
//! named to the pages by the site's `assets.txt`.
use std::io::{Read, Write};
use std::path::Path;

use reqwest::StatusCode;

use crate::common::{self, TestApp};

const OUTPUT_NAME: &str = "liaison.Ab3_-xYz0123456789";
const STYLESHEET: &str = "liaison.cSs0123456789abcd.css";

/// A WASM file long and repetitive enough to be worth compressing.
fn wasm() -> Vec<u8> {
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    for i in 0..4000u32 {
        wasm.extend_from_slice(format!("function {} ", i % 37).as_bytes());
    }
    wasm
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).expect("brotli");
    }
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut writer = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    writer.write_all(bytes).expect("gzip");
    writer.finish().expect("gzip")
}

/// A site root as `scripts/build.sh` writes it: each file with its `.br`
/// and `.gz`, and `assets.txt` naming them when `named` is set.
fn site(root: &Path, named: bool) {
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg");
    let files: [(String, Vec<u8>); 3] = [
        (format!("{OUTPUT_NAME}.wasm"), wasm()),
        (
            format!("{OUTPUT_NAME}.js"),
            "export default function init() {}\n"
                .repeat(20)
                .into_bytes(),
        ),
        (
            STYLESHEET.to_string(),
            "body { margin: 0; }\n".repeat(20).into_bytes(),
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(pkg.join(format!("{name}.br")), brotli(&bytes)).expect("br");
        std::fs::write(pkg.join(format!("{name}.gz")), gzip(&bytes)).expect("gz");
        std::fs::write(pkg.join(&name), bytes).expect("file");
    }
    // A development build's file, with no hash in its name.
    std::fs::write(pkg.join("liaison.wasm"), wasm()).expect("file");
    if named {
        std::fs::write(
            root.join("assets.txt"),
            format!("output-name {OUTPUT_NAME}\nstylesheet {STYLESHEET}\n"),
        )
        .expect("assets.txt");
    }
}

/// A server over a site root written by `site`.
async fn serve(named: bool) -> (TestApp, tempfile::TempDir) {
    let root = tempfile::tempdir().expect("temporary directory");
    site(root.path(), named);
    let site_root = root.path().display().to_string();
    let app = TestApp::spawn_with(|config| config.site_root = site_root).await;
    (app, root)
}

async fn get(app: &TestApp, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    let mut request = app.visitor().client.get(format!("{}{path}", app.base));
    if let Some(encodings) = accept_encoding {
        request = request.header("Accept-Encoding", encodings);
    }
    request.send().await.expect("request")
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_file_named_after_its_content_is_kept_a_year_and_sent_compressed_as_the_build_left_it() {
    let (app, root) = serve(true).await;
    let pkg = root.path().join("pkg");
    let path = format!("/pkg/{OUTPUT_NAME}.wasm");

    let raw = get(&app, &path, None).await;
    assert_eq!(raw.status(), StatusCode::OK);
    assert_eq!(
        header(&raw, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(
        header(&raw, "vary")
            .to_ascii_lowercase()
            .contains("accept-encoding")
    );
    assert_eq!(header(&raw, "content-type"), "application/wasm");
    assert_eq!(header(&raw, "x-content-type-options"), "nosniff");
    assert!(raw.headers().get("content-encoding").is_none());
    assert!(raw.headers().get("set-cookie").is_none(), "no session");
    assert_eq!(raw.bytes().await.expect("body").to_vec(), wasm());

    let br = get(&app, &path, Some("gzip, deflate, br")).await;
    assert_eq!(br.status(), StatusCode::OK);
    assert_eq!(header(&br, "content-encoding"), "br");
    assert_eq!(header(&br, "content-type"), "application/wasm");
    assert_eq!(
        header(&br, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(
        header(&br, "vary")
            .to_ascii_lowercase()
            .contains("accept-encoding")
    );
    let body = br.bytes().await.expect("body").to_vec();
    assert_eq!(
        body,
        std::fs::read(pkg.join(format!("{OUTPUT_NAME}.wasm.br"))).expect("br"),
        "the build's brotli, not one made on the fly"
    );
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&body[..], 4096)
        .read_to_end(&mut decoded)
        .expect("brotli");
    assert_eq!(decoded, wasm());

    let gz = get(&app, &path, Some("gzip")).await;
    assert_eq!(gz.status(), StatusCode::OK);
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    assert_eq!(
        header(&gz, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(
        header(&gz, "vary")
            .to_ascii_lowercase()
            .contains("accept-encoding")
    );
    let body = gz.bytes().await.expect("body").to_vec();
    assert_eq!(
        body,
        std::fs::read(pkg.join(format!("{OUTPUT_NAME}.wasm.gz"))).expect("gz")
    );
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_end(&mut decoded)
        .expect("gzip");
    assert_eq!(decoded, wasm());

    for (file, kind) in [
        (format!("{OUTPUT_NAME}.js"), "text/javascript"),
        (STYLESHEET.to_string(), "text/css"),
    ] {
        let response = get(&app, &format!("/pkg/{file}"), Some("br")).await;
        assert_eq!(response.status(), StatusCode::OK, "{file}");
        assert!(
            header(&response, "content-type").starts_with(kind),
            "{file}"
        );
        assert_eq!(header(&response, "content-encoding"), "br", "{file}");
        assert_eq!(
            header(&response, "cache-control"),
            "public, max-age=31536000, immutable",
            "{file}"
        );
    }
}

#[tokio::test]
async fn a_file_asked_again_is_not_modified_and_still_kept_a_year() {
    let (app, _root) = serve(true).await;
    let path = format!("/pkg/{OUTPUT_NAME}.wasm");
    let first = get(&app, &path, Some("br")).await;
    let modified = header(&first, "last-modified").to_string();
    assert!(!modified.is_empty());
    let again = app
        .visitor()
        .client
        .get(format!("{}{path}", app.base))
        .header("Accept-Encoding", "br")
        .header("If-Modified-Since", modified)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(
        header(&again, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(
        header(&again, "vary")
            .to_ascii_lowercase()
            .contains("accept-encoding")
    );
}

#[tokio::test]
async fn a_missing_file_or_one_without_a_hash_is_not_kept_a_year() {
    let (app, _root) = serve(true).await;
    for path in [
        "/pkg/liaison.Zz3_-xYz0123456789.wasm".to_string(),
        "/pkg/missing.js".to_string(),
    ] {
        let response = get(&app, &path, Some("br, gzip")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(
            !header(&response, "cache-control").contains("immutable"),
            "{path}"
        );
    }
    // A development build's file: the browser asks again each time.
    let unhashed = get(&app, "/pkg/liaison.wasm", Some("br")).await;
    assert_eq!(unhashed.status(), StatusCode::OK);
    assert!(!header(&unhashed, "cache-control").contains("immutable"));
    assert!(
        header(&unhashed, "vary")
            .to_ascii_lowercase()
            .contains("accept-encoding")
    );
}

#[tokio::test]
async fn the_pages_link_the_files_assets_txt_names() {
    let (app, _root) = serve(true).await;
    let (status, _, page) = app.visitor().page("/login").await;
    assert_eq!(status, StatusCode::OK);
    for link in [
        format!("/pkg/{OUTPUT_NAME}.js"),
        format!("/pkg/{OUTPUT_NAME}.wasm"),
        format!(r#"id="leptos" href="/pkg/{STYLESHEET}""#),
    ] {
        assert!(page.contains(&link), "{link} in {page}");
    }
    assert!(!page.contains("/pkg/liaison.css"));
}

#[tokio::test]
async fn without_assets_txt_the_pages_link_the_development_names() {
    let (app, _root) = serve(false).await;
    let (status, _, page) = app.visitor().page("/login").await;
    assert_eq!(status, StatusCode::OK);
    for link in [
        r#""/pkg/liaison.js""#,
        r#""/pkg/liaison.wasm""#,
        r#"id="leptos" href="/pkg/liaison.css""#,
    ] {
        assert!(page.contains(link), "{link} in {page}");
    }
    assert!(!page.contains(OUTPUT_NAME));
}

#[tokio::test]
async fn a_server_whose_assets_txt_is_not_valid_does_not_start() {
    let root = tempfile::tempdir().expect("temporary directory");
    site(root.path(), false);
    std::fs::write(root.path().join("assets.txt"), "output-name liaison\n").expect("assets.txt");
    let db_url = common::fresh_database(root.path()).await;
    let pool = common::connect(&db_url).await;
    let settings = server::Config::new(
        "127.0.0.1:0".parse().expect("address"),
        root.path().display().to_string(),
    );
    let error = server::router(pool, &settings)
        .await
        .expect_err("a server that does not start");
    let message = error.to_string();
    assert!(message.contains("assets.txt"), "{message}");
    assert!(message.contains("stylesheet"), "{message}");
}
