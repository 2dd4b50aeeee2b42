#!/usr/bin/env bash
# Liaison's benchmark, in one run on this machine: builds the release server
# and site, then prints one table (acceptance against its in-process floor,
# the 100 000-customer list against a static file, bundle sizes) and the
# consent page's hydration time, a navigation in the app and what each page
# weighs, in headless Chromium.
#
# Knobs (environment): BENCH_CUSTOMERS (100000), BENCH_SECONDS (5),
# BENCH_ROUNDS (3), BENCH_WRITERS (16), BENCH_READERS (32), HYDRATION_RUNS (9).
# Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
LIAISON_SETUP_BROWSER=1 scripts/setup.sh
export PATH="$PWD/tools/node_modules/.bin:$PATH"

echo "== release build" >&2
cargo leptos build --release >&2

echo "== load" >&2
cargo bench -p server --bench liaison

echo "== hydration (headless Chromium)" >&2
cd end2end
CI=true npx playwright test --config perf.config.ts --reporter line 2>&1 | grep -E '^(hydration|navigation|page weight)'
