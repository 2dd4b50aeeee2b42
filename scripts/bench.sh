#!/usr/bin/env bash
# Liaison's benchmark, in one run on this machine: builds the release server
# and site, then prints one table per engine, SQLite and PostgreSQL
# (acceptance against its in-process floor, the 100 000-customer list against
# a static file, one process against two behind nginx, bundle sizes) and the
# consent page's hydration time, a navigation in the app and what each page
# weighs, in headless Chromium.
#
# The load generator runs on CPU 0, the servers (liaison, nginx, PostgreSQL)
# on CPU 1 (taskset), so that they do not take each other's time.
#
# Knobs (environment): BENCH_CUSTOMERS (100000), BENCH_SECONDS (5),
# BENCH_ROUNDS (3), BENCH_WRITERS (16), BENCH_READERS (32), HYDRATION_RUNS (9),
# BENCH_ENGINES ("sqlite postgres").
# Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
LIAISON_SETUP_BROWSER=1 scripts/setup.sh
export PATH="$PWD/tools/node_modules/.bin:$PATH"

echo "== release build" >&2
scripts/build.sh >&2

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "== installing Debian's nginx" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null
fi
export BENCH_NGINX=$(command -v nginx || echo /usr/sbin/nginx)
export BENCH_SERVER_CPUS=1 BENCH_CLIENT_CPUS=0
cargo bench -p server --bench liaison --no-run >&2

for engine in ${BENCH_ENGINES:-sqlite postgres}; do
  echo "== load, $engine" >&2
  if [ "$engine" = postgres ]; then
    pg_dir=$(mktemp -d /tmp/liaison-bench-pg.XXXXXX)
    trap '"$root/scripts/postgres.sh" stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
    # Durable (fsync on), as a real server: the figures include its commits.
    pg_url=$(taskset -c "$BENCH_SERVER_CPUS" scripts/postgres.sh start "$pg_dir")
    "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" "$pg_url/postgres" -qc "CREATE DATABASE bench"
    BENCH_DATABASE_URL="$pg_url/bench" taskset -c "$BENCH_CLIENT_CPUS" cargo bench -p server --bench liaison
    scripts/postgres.sh stop "$pg_dir"
  else
    taskset -c "$BENCH_CLIENT_CPUS" cargo bench -p server --bench liaison
  fi
done

echo "== hydration (headless Chromium)" >&2
cd end2end
CI=true npx playwright test --config perf.config.ts --reporter line 2>&1 | grep -E '^(hydration|navigation|page weight)'
