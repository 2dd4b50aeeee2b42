#!/usr/bin/env bash
# Runs every test: format, lints, unit and integration tests, then the
# end-to-end tests in Debian's Chromium against the release build.
# Installs what is missing first (see scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
LIAISON_SETUP_BROWSER=1 scripts/setup.sh
export PATH="$PWD/tools/node_modules/.bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --all --check

step "layer order (every import points down; scripts/imports.py --check)"
python3 scripts/imports.py --check > /tmp/liaison-imports.txt || {
  cat /tmp/liaison-imports.txt
  exit 1
}

step "lints (server and browser builds)"
cargo clippy -p kernel -p app -p server --features app/ssr --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "unit and integration tests"
cargo test -p kernel -p app -p server --features app/ssr

step "release build"
cargo leptos build --release

step "end-to-end tests (Chromium)"
cd end2end
CI="${CI:-}" npx playwright test "$@"
