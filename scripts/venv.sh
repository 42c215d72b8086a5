#!/usr/bin/env bash
# Create or refresh the project's .venv from a lock file (the argument); sourced by run.sh and test.sh.
# The lock file's checksum is stamped inside .venv, so a changed lock reinstalls exactly once.
set -euo pipefail
lock="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.lock-$(basename "$lock").sha256"
want="$(cat "$root/requirements.lock" "$root/$lock" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ]; then
    py="${PYTHON:-python3}"
    "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
        echo "需要 Python 3.11 或更高版本（当前：$("$py" --version 2>&1)）" >&2; exit 1; }
    echo "首次运行：正在创建运行环境 .venv …" >&2
    "$py" -m venv "$venv"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/$lock"
    echo "$want" > "$stamp"
fi
