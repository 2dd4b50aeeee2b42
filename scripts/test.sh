#!/usr/bin/env bash
# Runs every test: format, the layer order, lints, unit and integration tests
# (on SQLite, then on a throwaway PostgreSQL cluster), then the REST API
# against its OpenAPI document and the end-to-end tests in Debian's Chromium
# against the release build: on SQLite, then behind nginx with three
# processes on PostgreSQL (scripts/cluster.sh).
# Installs what is missing first (scripts/setup.sh; PostgreSQL and nginx
# from Debian in scripts/postgres.sh and scripts/cluster.sh).
#
# The server side compiles once: the tests build in release, with clippy
# linting the workspace's crates as they compile (clippy-driver as rustc's
# workspace wrapper), and that build's `target/release/liaison` is the one
# the browser tests drive. The browser's side (scripts/build.sh --site, then
# its lints) builds meanwhile in target/front.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step prints the free disk space, and the end a table of each step's
# duration.
steps=()
step_name=""
step_start=$SECONDS
finish_step() {
  if [ -n "$step_name" ]; then
    steps+=("$(printf '%5ds  %s' $((SECONDS - step_start)) "$step_name")")
  fi
}
step() {
  finish_step
  step_name="$*"
  step_start=$SECONDS
  printf '\n\033[1m== %s\033[0m (%s free)\n' "$*" \
    "$(df -h --output=avail . | tail -1 | tr -d ' ')"
}
summary() {
  local status=${1:-$?}
  finish_step
  printf '\n\033[1m== durations\033[0m\n'
  printf '%s\n' "${steps[@]}"
  printf '%5ds  total (exit %d)\n' "$SECONDS" "$status"
}
trap summary EXIT

step "tools (scripts/setup.sh)"
LIAISON_SETUP_BROWSER=1 scripts/setup.sh
export PATH="$PWD/tools/node_modules/.bin:$PATH"

# A fresh clone gains nothing from incremental caches; they double what the
# builds write to disk.
if [ -n "${CI:-}" ]; then
  export CARGO_INCREMENTAL=0
fi

step "format"
cargo fmt --all --check

step "layer order (every import points down; scripts/imports.py --check)"
python3 scripts/imports.py --check > /tmp/liaison-imports.txt || {
  cat /tmp/liaison-imports.txt
  exit 1
}

step "build and lint: the server and its tests (release), the site and its lints (target/front)"
browser_log=target/browser-build.log
mkdir -p target
(
  scripts/build.sh --site
  cargo clippy -p frontend --target wasm32-unknown-unknown --target-dir target/front -- -D warnings
) > "$browser_log" 2>&1 &
browser=$!
# clippy's driver lints the workspace's crates while they compile; every
# later cargo command here keeps the same environment, so nothing rebuilds.
RUSTC_WORKSPACE_WRAPPER=$(rustup which clippy-driver 2> /dev/null || command -v clippy-driver)
export RUSTC_WORKSPACE_WRAPPER
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
host=(-p kernel -p app -p server --features app/ssr --release)
server_ok=0
cargo test "${host[@]}" --all-targets --no-run || server_ok=$?
browser_ok=0
wait "$browser" || browser_ok=$?
echo "-- the site and its lints (from $browser_log):"
tail -n 40 "$browser_log"
if [ "$server_ok" != 0 ] || [ "$browser_ok" != 0 ]; then
  [ "$browser_ok" != 0 ] && cat "$browser_log"
  exit 1
fi

step "unit and integration tests (SQLite)"
cargo test "${host[@]}"

step "integration tests on PostgreSQL (a throwaway cluster: scripts/postgres.sh)"
pg_dir=$(mktemp -d /tmp/liaison-test-pg.XXXXXX)
trap 'rc=$?; scripts/postgres.sh stop "$pg_dir"; rm -rf "$pg_dir"; summary $rc' EXIT
pg_url=$(scripts/postgres.sh start "$pg_dir" --fast)
LIAISON_TEST_POSTGRES="$pg_url" cargo test "${host[@]}" --test it
scripts/postgres.sh stop "$pg_dir"

step "the REST API against its OpenAPI document (Schemathesis: scripts/schemathesis.sh)"
scripts/schemathesis.sh

step "end-to-end tests (Chromium, SQLite)"
(cd end2end && CI="${CI:-}" npx playwright test "$@")

step "end-to-end tests behind nginx (three processes on PostgreSQL: scripts/cluster.sh)"
scripts/cluster.sh --e2e --no-build
