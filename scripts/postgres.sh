#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and scripts/cluster.sh, from
# Debian's server binaries (installed when missing):
#
#   scripts/postgres.sh start DIR [--fast]
#        initdb into DIR, start it on a free port, print its URL
#        (postgres://liaison@127.0.0.1:PORT). --fast turns off fsync, for
#        tests only: a crash of the machine (not of a Liaison process) could
#        then lose what the server acknowledged.
#   scripts/postgres.sh stop DIR    # stop it (DIR can then be deleted)
#
# The cluster trusts local connections (it listens on 127.0.0.1 only and
# lives as long as the test run). As root, the server runs as the
# `postgres` user that Debian's package creates: PostgreSQL refuses root.
set -euo pipefail

log() { printf '\033[1mpostgres:\033[0m %s\n' "$*" >&2; }

bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    log "installing Debian's postgresql (server binaries)"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$dir"
}

# Runs a server binary as the cluster's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "${1:-}" in
  start)
    dir=${2:?usage: scripts/postgres.sh start DIR}
    bin=$(bin_dir)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" --pgdata="$dir/data" --username=liaison --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
    port=$(free_port)
    # Enough connections for every test and every server pool at once.
    options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=400"
    if [ "${3:-}" = --fast ]; then
      options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait \
      --options="$options" \
      start >/dev/null || {
      cat "$dir/server.log" >&2
      exit 1
    }
    echo "$port" >"$dir/port"
    log "running in $dir on 127.0.0.1:$port"
    echo "postgres://liaison@127.0.0.1:$port"
    ;;
  stop)
    dir=${2:?usage: scripts/postgres.sh stop DIR}
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$(bin_dir)/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null
      log "stopped the server in $dir"
    fi
    ;;
  *)
    echo "usage: scripts/postgres.sh start DIR | stop DIR" >&2
    exit 2
    ;;
esac
