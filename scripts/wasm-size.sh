#!/usr/bin/env bash
# Builds the browser bundle alone (no server) and prints its size, raw and
# brotli (quality 11, as `scripts/bench.sh` and the bundle test measure it).
# Quick enough to weigh a change to the WASM, or one island: make it a plain
# `#[component]`, run this, compare.
#
#   scripts/wasm-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/tools/node_modules/.bin:$PATH"
target=target/front
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build -q -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release --target-dir "$target"
wasm-bindgen --target web --no-typescript --out-dir "$out" "$target/wasm32-unknown-unknown/wasm-release/frontend.wasm"
wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int "$out/frontend_bg.wasm" -o "$out/liaison.wasm"
node -e '
const zlib = require("zlib"), fs = require("fs");
const wasm = fs.readFileSync(process.argv[1]);
const brotli = zlib.brotliCompressSync(wasm, { params: {
  [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 22 } }).length;
console.log(`WASM: ${wasm.length} bytes raw, ${brotli} brotli`);
' "$out/liaison.wasm"
