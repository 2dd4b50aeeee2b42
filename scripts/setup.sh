#!/usr/bin/env bash
# Installs what building and testing Liaison needs, only when it is missing.
# Everything comes from the package registries (crates.io, npm, Debian).
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.117
SCHEMATHESIS_VERSION=4.32.5

log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 11 minutes)"
  cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install --locked wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-opt: Debian's binaryen is too old (its output fails to hydrate); the npm
# package is recent. It lives in tools/node_modules and scripts put it first on PATH.
if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
  log "installing wasm-opt (npm binaryen, pinned in tools/package.json)"
  (cd tools && npm ci --no-audit --no-fund >/dev/null)
fi

if [ "${LIAISON_SETUP_BROWSER:-0}" = 1 ]; then
  if ! command -v chromium >/dev/null; then
    log "installing Debian's chromium"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ ! -d end2end/node_modules/smtp-server ]; then
    log "installing the end-to-end test packages"
    (cd end2end && npm ci --no-audit --no-fund >/dev/null)
  fi
  # Schemathesis (PyPI), which tests the REST API against its OpenAPI document.
  if ! tools/venv/bin/schemathesis --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    log "installing schemathesis $SCHEMATHESIS_VERSION (PyPI, in tools/venv)"
    python3 -m venv tools/venv
    tools/venv/bin/pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
fi
log "ready"
