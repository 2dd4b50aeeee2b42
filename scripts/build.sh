#!/usr/bin/env bash
# Builds Liaison for release, as cargo-leptos would, with the tools of
# tools/package.json: the server (`target/release/liaison`) and, at the same
# time, the site (LEPTOS_SITE_ROOT, default target/site): the browser's WASM
# (wasm-bindgen, then wasm-opt with the flags of Cargo.toml), its JS
# (esbuild), the stylesheet (lightningcss, for the browsers of
# `browserquery`), the public files, then content-hashed names with brotli
# and gzip copies (scripts/site.mjs).
#
#   scripts/build.sh           # the server and the site
#   scripts/build.sh --site    # the site only (the server is built elsewhere)
#
# `cargo leptos watch` still works for development; it writes unhashed names,
# which the server then prefers over an older build's.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"
site=${LEPTOS_SITE_ROOT:-target/site}
# cargo-leptos's folder for the WASM build, so that both reuse it.
front=target/front

server=
if [ "${1:-}" != --site ]; then
  cargo build --release -p server --bin liaison &
  server=$!
fi

# Cargo.toml's `[[workspace.metadata.leptos]]` is the one place for these.
setting() { sed -n "s/^$1 = //p" Cargo.toml | tr -d '[]",'; }
cargo build -p frontend --lib --target wasm32-unknown-unknown --no-default-features \
  --profile "$(setting lib-profile-release)" --target-dir "$front"
stage=$(mktemp -d /tmp/liaison-site.XXXXXX)
trap 'rm -rf "$stage"; if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi' EXIT
wasm-bindgen --target web --out-name liaison --out-dir "$stage" \
  "$front/wasm32-unknown-unknown/$(setting lib-profile-release)/frontend.wasm"
# shellcheck disable=SC2046 # one flag per word
wasm-opt $(setting wasm-opt-features) "$stage/liaison_bg.wasm" -o "$stage/liaison.wasm"
esbuild "$stage/liaison.js" --minify --format=esm --log-level=warning --outfile="$stage/liaison.min.js"
mv "$stage/liaison.min.js" "$stage/liaison.js"
lightningcss --minify --targets "$(setting browserquery)" "$(setting style-file)" -o "$stage/liaison.css"
mkdir -p "$site"
cp -R "$(setting assets-dir)/." "$site/"
node scripts/site.mjs "$stage" "$site"

if [ -n "$server" ]; then
  wait "$server"
fi
