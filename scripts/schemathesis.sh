#!/usr/bin/env bash
# R16: Schemathesis (PyPI, installed in tools/venv by scripts/setup.sh) reads
# the OpenAPI document the server generates and sends each operation of the
# REST API generated and hostile input, with a real admin agent's token, to
# a real server (the release build, demo data, a throwaway SQLite file). It
# fails on any 5xx, any status, content type, header or body the document
# does not describe.
#
#   scripts/schemathesis.sh [PORT]      # after scripts/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-3104}
base="http://127.0.0.1:$port"
dir=$(mktemp -d /tmp/liaison-schemathesis.XXXXXX)
password="schemathesis-demo-password"
LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
  DATABASE_URL="sqlite://$dir/liaison.db" LIAISON_DEMO_PASSWORD="$password" \
  LIAISON_WEBHOOK_ALLOW_PRIVATE=1 LIAISON_API_RATE_PER_MINUTE=1000000 RUST_LOG=warn \
  target/release/liaison --demo > "$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "$base/login" && break
  sleep 0.25
done

# A token, as an admin agent makes one on /partner/integrations.
jar="$dir/cookies"
curl -fs -c "$jar" -b "$jar" -o /dev/null -H "Origin: $base" -H 'Accept: application/json' \
  --data-urlencode "email=admin@contoso.example" --data-urlencode "password=$password" \
  "$base/api/sign_in"
token=$(curl -fs -c "$jar" -b "$jar" -H "Origin: $base" -H 'Accept: application/json' \
  --data-urlencode "name=Schemathesis" "$base/api/create_token" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')

tools/venv/bin/schemathesis run "$base/api/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples 40 --seed 22 --phases examples,coverage,fuzzing \
  --generation-database none --no-color || {
  echo "schemathesis found problems; the server's log:"
  tail -50 "$dir/server.log"
  exit 1
}
