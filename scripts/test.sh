#!/usr/bin/env bash
# Runs every test: format, lints, unit and integration tests (on SQLite,
# then on a throwaway PostgreSQL cluster), then the end-to-end tests in
# Debian's Chromium against the release build: on SQLite, then behind nginx
# with three processes on PostgreSQL (scripts/cluster.sh).
# Installs what is missing first (scripts/setup.sh; PostgreSQL and nginx
# from Debian in scripts/postgres.sh and scripts/cluster.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
LIAISON_SETUP_BROWSER=1 scripts/setup.sh
export PATH="$PWD/tools/node_modules/.bin:$PATH"

# Each step names the free disk space too: CI once ran out of it in the
# release build (the debug builds and their incremental caches take ~5 GB).
step() {
  printf '\n\033[1m== %s\033[0m (%s free)\n' "$*" \
    "$(df -h --output=avail . | tail -1 | tr -d ' ')"
}

# A fresh clone gains nothing from incremental caches; they double what the
# debug builds write to disk.
if [[ -n "${CI:-}" ]]; then
  export CARGO_INCREMENTAL=0
fi

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

step "unit and integration tests (SQLite)"
cargo test -p kernel -p app -p server --features app/ssr

step "integration tests on PostgreSQL (a throwaway cluster: scripts/postgres.sh)"
pg_dir=$(mktemp -d /tmp/liaison-test-pg.XXXXXX)
trap 'scripts/postgres.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
pg_url=$(scripts/postgres.sh start "$pg_dir" --fast)
LIAISON_TEST_POSTGRES="$pg_url" cargo test -p server --features app/ssr --test it
scripts/postgres.sh stop "$pg_dir"

if [[ -n "${CI:-}" ]]; then
  # Nothing after this point uses the debug builds: give their disk to the
  # release builds.
  rm -rf target/debug target/wasm32-unknown-unknown
fi

step "release build"
cargo leptos build --release

step "the REST API against its OpenAPI document (Schemathesis: scripts/schemathesis.sh)"
scripts/schemathesis.sh

step "end-to-end tests (Chromium, SQLite)"
(cd end2end && CI="${CI:-}" npx playwright test "$@")

step "end-to-end tests behind nginx (three processes on PostgreSQL: scripts/cluster.sh)"
scripts/cluster.sh --e2e --no-build
