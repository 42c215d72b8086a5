#!/usr/bin/env bash
# Run every check CI runs: ruff (lint and format), the import-linter layering contract, mypy, then the
# test suite twice: on SQLite files, and on PostgreSQL (#19) — a throwaway cluster this script starts
# (scripts/pg_cluster.sh) when the PostgreSQL server is installed (Debian: `postgresql`), or the server
# of SAFETYSTATION_TEST_DB_URL. Arguments go to both pytest runs (e.g. -m "not slow", a test path).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/venv.sh requirements-dev.lock
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
.venv/bin/mypy
started=$SECONDS
echo "[test] SQLite" >&2
.venv/bin/python -m pytest "$@"
echo "[test] SQLite: $(( SECONDS - started )) s" >&2

url="${SAFETYSTATION_TEST_DB_URL:-}"
if [ -z "$url" ]; then
    if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && [ -z "${PG_BIN:-}" ]; then
        if [ -n "${SAFETYSTATION_CI:-}" ]; then
            echo "[test] PostgreSQL is not installed (.ci/run installs it): the PostgreSQL run cannot be made" >&2
            exit 1
        fi
        echo "[test] PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL run is skipped" >&2
        exit 0
    fi
    cluster="$(mktemp -d /tmp/safetystation-pg.XXXXXX)"
    port=$(( 55000 + RANDOM % 5000 ))
    trap 'scripts/pg_cluster.sh stop "$cluster" >/dev/null 2>&1 || true; rm -rf "$cluster"' EXIT
    url="$(scripts/pg_cluster.sh start "$cluster" "$port")"
fi
started=$SECONDS
echo "[test] PostgreSQL ($url)" >&2
.venv/bin/python -m pytest --db-url "$url" "$@"
echo "[test] PostgreSQL: $(( SECONDS - started )) s" >&2
