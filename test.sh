#!/usr/bin/env bash
# Run every check CI runs: ruff (lint and format), the import-linter layering contract, mypy, the tests.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/venv.sh requirements-dev.lock
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
