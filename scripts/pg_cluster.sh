#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite (issue #19), in a folder of its own, listening on a
# Unix socket in that folder and on 127.0.0.1:PORT; trust authentication, fsync off (test data only).
#
#   scripts/pg_cluster.sh start DIR [PORT]   initdb (first time) and start; prints the database URL
#   scripts/pg_cluster.sh stop DIR           stop it (the folder stays; delete it to start afresh)
#
# PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user (Debian's
# postgresql package creates it). Binaries: $PG_BIN, else Debian's newest /usr/lib/postgresql/*/bin.
set -euo pipefail
cmd="${1:?start|stop}"; dir="$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)"; port="${3:-54329}"
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
case "$cmd" in
start)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
        "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
    ;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
