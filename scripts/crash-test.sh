#!/usr/bin/env bash
# Crash tests of the real `liaison` binary under a load of acceptances.
#
#   scripts/crash-test.sh [--shared] [--postgres] [RUNS]   (RUNS: default 10; CI runs each once)
#
# Default: one process is killed with SIGKILL partway, restarted on the same
# database; every acknowledged acceptance is there, whole (and on SQLite
# PRAGMA integrity_check says ok).
# --shared: two processes share the load and one of them is killed; the
# other goes on and gets what the dead one left unanswered; every acceptance
# is present once, whole, with one audit event.
# --postgres: on a throwaway PostgreSQL cluster (scripts/postgres.sh)
# instead of an SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
test_name=every_acceptance_acknowledged
runs=10
postgres=""
for arg in "$@"; do
  case "$arg" in
    --shared) test_name=one_of_two_processes_killed ;;
    --postgres) postgres=1 ;;
    *) runs="$arg" ;;
  esac
done
if [ -n "$postgres" ]; then
  pg_dir=$(mktemp -d /tmp/liaison-crash-pg.XXXXXX)
  trap 'scripts/postgres.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
  LIAISON_TEST_POSTGRES=$(scripts/postgres.sh start "$pg_dir")
  export LIAISON_TEST_POSTGRES
fi
CRASH_RUNS="$runs" cargo test -p server --features app/ssr --test it \
  "crash::$test_name" -- --nocapture --test-threads 1 2>&1 | grep -E 'crash run|test result|panicked|FAILED'
