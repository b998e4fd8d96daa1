#!/usr/bin/env bash
# postgres_cluster.sh — a throwaway PostgreSQL 15 cluster for the collector's
# tests and benchmark, so CI needs no running database service.
#
#   postgres_cluster.sh start STATE_DIR [--durable]   initdb in a fresh temporary folder, start it
#   postgres_cluster.sh with STATE_DIR COMMAND ...    run COMMAND with VELDWIJZER_TEST_POSTGRES=<url>
#   postgres_cluster.sh stop STATE_DIR                stop it and remove its folder
#
# The cluster listens on a unix socket only (listen_addresses = ''), in its own
# folder, with a random port number (it only names the socket). STATE_DIR keeps
# where the cluster is (`datadir`) and how to reach it (`url`, a postgresql://
# URL for the database veldwijzer_test). Without --durable fsync is off: the
# cluster is thrown away, so a power cut cannot matter; the benchmark passes
# --durable to measure what a real server does. initdb refuses to run as root,
# so as root the cluster runs as the `postgres` system user.
set -euo pipefail

command=${1:-}
state=${2:-}
if [[ -z $command || -z $state ]]; then
  echo "usage: $0 start|with|stop STATE_DIR [...]" >&2
  exit 2
fi

bin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
if [[ -z $bin ]]; then
  echo "$0: PostgreSQL 15 is not installed (/usr/lib/postgresql/15/bin); run script/setup" >&2
  exit 1
fi

as_owner=()
if [[ $(id -u) == 0 ]]; then
  as_owner=(runuser -u postgres --)
fi

stop_cluster() {
  [[ -f $state/datadir ]] || return 0
  local dir
  dir=$(cat "$state/datadir")
  if [[ -d $dir/data ]]; then
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  rm -f "$state/datadir" "$state/url"
}

case $command in
start)
  durable=0
  [[ ${3:-} == --durable ]] && durable=1
  mkdir -p "$state"
  stop_cluster # a cluster left over from an interrupted run
  dir=$(mktemp -d /tmp/veldwijzer-pg.XXXXXX)
  echo "$dir" >"$state/datadir"
  chmod 755 "$dir"
  if [[ ${#as_owner[@]} -gt 0 ]]; then
    chown postgres: "$dir"
  fi
  "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  port=$((20000 + RANDOM % 20000))
  settings="-c listen_addresses='' -k $dir -p $port -c max_connections=200 -c shared_buffers=64MB"
  if [[ $durable == 0 ]]; then
    settings+=" -c fsync=off -c full_page_writes=off"
  fi
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -o "$settings" -l "$dir/server.log" -w -t 60 start >/dev/null || {
    cat "$dir/server.log" >&2
    exit 1
  }
  "${as_owner[@]}" "$bin/createdb" -h "$dir" -p "$port" -U postgres veldwijzer_test
  echo "postgresql:///veldwijzer_test?host=$dir&port=$port&user=postgres" >"$state/url"
  echo "PostgreSQL 15 test cluster: $(cat "$state/url")"
  ;;
with)
  shift 2
  if [[ ! -f $state/url ]]; then
    echo "$0: no test cluster in $state (start it first)" >&2
    exit 1
  fi
  VELDWIJZER_TEST_POSTGRES=$(cat "$state/url")
  export VELDWIJZER_TEST_POSTGRES
  exec "$@"
  ;;
stop)
  stop_cluster
  ;;
*)
  echo "$0: unknown command '$command' (start, with, stop)" >&2
  exit 2
  ;;
esac
