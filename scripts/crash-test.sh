#!/usr/bin/env bash
# Kills the real server with SIGKILL in the middle of a load of acceptances,
# restarts it on the same database and checks that every acknowledged
# acceptance is there, whole, and that PRAGMA integrity_check says ok.
# Usage: scripts/crash-test.sh [RUNS]   (default 10; CI runs it once)
set -euo pipefail
cd "$(dirname "$0")/.."
CRASH_RUNS="${1:-10}" cargo test -p server --features app/ssr --test it \
  crash:: -- --nocapture --test-threads 1 2>&1 | grep -E 'crash run|test result|panicked|FAILED'
