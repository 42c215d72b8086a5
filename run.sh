#!/usr/bin/env bash
# Start SafetyStation (creates the .venv environment on first use). Arguments go to main.py.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/venv.sh requirements.lock
exec .venv/bin/python main.py "$@"
