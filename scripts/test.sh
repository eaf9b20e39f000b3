#!/usr/bin/env bash
# Set everything up, then run the test suite (the default run skips tests marked slow;
# under CI=true the slow ones run too when SOHOA_SLOW=1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PY=${PYTHON:-python3}
args=(-q -p no:cacheprovider)
if [ "${SOHOA_SLOW:-0}" = "1" ]; then
  args+=(-m "")
fi
exec $PY -m pytest "${args[@]}" "$@"
