#!/usr/bin/env bash
# Installs what building and testing Liaison needs, only when it is missing.
# Everything comes from the package registries (crates.io, npm, PyPI, Debian).
# What waits on the network (Debian's Chromium, the npm and PyPI packages)
# installs in the background while wasm-bindgen compiles.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.117
SCHEMATHESIS_VERSION=4.32.5

log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

pids=()
background() {
  "$@" &
  pids+=($!)
}

# The release build's tools (scripts/build.sh): wasm-opt (npm binaryen:
# Debian's is too old, its output fails to hydrate), esbuild, lightningcss,
# pinned in tools/package.json. Scripts put tools/node_modules/.bin first on
# PATH.
tools_missing() {
  local tool
  for tool in wasm-opt esbuild lightningcss; do
    [ -x "tools/node_modules/.bin/$tool" ] || return 0
  done
  return 1
}
if tools_missing; then
  log "installing wasm-opt, esbuild and lightningcss (npm, tools/package.json)"
  background sh -c 'cd tools && npm ci --no-audit --no-fund >/dev/null'
fi

if [ "${LIAISON_SETUP_BROWSER:-0}" = 1 ]; then
  if ! command -v chromium >/dev/null; then
    log "installing Debian's chromium"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    background sh -c "$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null"
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ ! -d end2end/node_modules/smtp-server ]; then
    log "installing the end-to-end test packages"
    background sh -c 'cd end2end && npm ci --no-audit --no-fund >/dev/null'
  fi
  # Schemathesis (PyPI), which tests the REST API against its OpenAPI document.
  if ! tools/venv/bin/schemathesis --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    log "installing schemathesis $SCHEMATHESIS_VERSION (PyPI, in tools/venv)"
    background sh -c "python3 -m venv tools/venv && tools/venv/bin/pip install --quiet --disable-pip-version-check schemathesis==$SCHEMATHESIS_VERSION"
  fi
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  # Without default features: they add TLS (ring, built from C) for the
  # test runner's downloads, which nothing here uses.
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install --locked --no-default-features wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

failed=0
for pid in "${pids[@]}"; do
  wait "$pid" || failed=1
done
if [ "$failed" = 1 ]; then
  log "an installation failed (see above)"
  exit 1
fi
log "ready"
