#!/usr/bin/env bash
# Set everything up, then run the test suite. The default run skips tests marked slow; under
# CI=true (or SOHOA_SLOW=1) the slow ones run too.
set -euo pipefail
cd "$(dirname "$0")/.."
SOHOA_SETUP_TESTS=1 bash scripts/setup.sh
VENV=${SOHOA_VENV:-$(pwd)/.venv}
args=(-q -p no:cacheprovider)
if [ "${SOHOA_SLOW:-0}" = "1" ] || [ "${CI:-}" = "true" ]; then
  args+=(-m "")
fi
exec "$VENV/bin/python" -m pytest "${args[@]}" "$@"
