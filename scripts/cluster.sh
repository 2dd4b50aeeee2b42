#!/usr/bin/env bash
# Liaison as it runs for many users: a PostgreSQL server, several stateless
# `liaison` processes and Debian's nginx in front, balancing round-robin.
# Everything runs from one temporary folder and stops on Ctrl-C.
#
#   scripts/cluster.sh [--processes N] [--port PORT] [--no-build]
#       starts the cluster with the demo data and prints its address
#   scripts/cluster.sh --e2e [--no-build]
#       starts it, runs the browser tests against it (tests/cluster.spec.ts
#       among them checks that requests are spread), and stops it
#
# Each response names the process that served it (X-Liaison-Upstream, from
# nginx). Installs what is missing (scripts/setup.sh, PostgreSQL and nginx
# from Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

processes=3
port=""
build=1
e2e=""
while [ $# -gt 0 ]; do
  case "$1" in
    --processes) processes=$2; shift ;;
    --port) port=$2; shift ;;
    --no-build) build="" ;;
    --e2e) e2e=1 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '\033[1mcluster:\033[0m %s\n' "$*" >&2; }
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

if [ -n "$e2e" ]; then LIAISON_SETUP_BROWSER=1 scripts/setup.sh; else scripts/setup.sh; fi
export PATH="$root/tools/node_modules/.bin:$PATH"
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  log "installing Debian's nginx"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if [ -n "$build" ]; then
  scripts/build.sh
fi

dir=$(mktemp -d /tmp/liaison-cluster.XXXXXX)
# The PostgreSQL server (run as the postgres user when root) lives inside.
chmod 755 "$dir"
pids=()
stop() {
  set +e
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  "$root/scripts/postgres.sh" stop "$dir/postgres"
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

server_url=$(scripts/postgres.sh start "$dir/postgres")
psql_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql
"$psql_bin" "$server_url/postgres" -qc "CREATE DATABASE liaison" >/dev/null
export DATABASE_URL="$server_url/liaison"
export LEPTOS_SITE_ROOT="$root/target/site"
export LIAISON_TRUSTED_PROXIES=127.0.0.1
export LIAISON_DEMO_PASSWORD="${LIAISON_DEMO_PASSWORD:-e2e-demo-password}"
export RUST_LOG="${RUST_LOG:-warn}"

wait_for() {
  python3 - "$1" <<'PY' || { log "nothing answers at $1"; exit 1; }
import sys, time, urllib.request
for _ in range(600):
    try:
        urllib.request.urlopen(sys.argv[1], timeout=2)
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(1)
PY
}

upstreams=""
for n in $(seq 1 "$processes"); do
  p=$(free_port)
  LEPTOS_SITE_ADDR="127.0.0.1:$p" target/release/liaison --demo >"$dir/liaison-$n.log" 2>&1 &
  pids+=($!)
  # The first one migrates and seeds; the others start on what it wrote.
  wait_for "http://127.0.0.1:$p/login"
  upstreams="$upstreams    server 127.0.0.1:$p;
"
  log "liaison process $n on 127.0.0.1:$p (log: $dir/liaison-$n.log)"
done

port=${port:-$(free_port)}
mkdir -p "$dir/nginx"
cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
daemon on;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi;
  uwsgi_temp_path $dir/nginx/uwsgi;
  scgi_temp_path $dir/nginx/scgi;
  upstream liaison {
$upstreams    keepalive 32;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://liaison;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      # A request a process could not take goes to the next one; nginx
      # never sends a POST twice once a process has received it.
      proxy_next_upstream error timeout;
      add_header X-Liaison-Upstream \$upstream_addr always;
    }
  }
}
CONF
"$nginx_bin" -c "$dir/nginx.conf" -p "$dir/nginx"
address="http://127.0.0.1:$port"
wait_for "$address/login"
log "nginx balancing $processes processes round-robin"
echo "Liaison on $address (demo password: $LIAISON_DEMO_PASSWORD)"

if [ -n "$e2e" ]; then
  cd end2end
  E2E_BASE_URL="$address" CI="${CI:-}" npx playwright test
else
  log "Ctrl-C stops everything"
  wait "${pids[0]}"
fi
