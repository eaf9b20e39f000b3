#!/usr/bin/env bash
# Set everything up, then digitise the bundled sample scan and print its JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
VENV=${SOHOA_VENV:-$(pwd)/.venv}
exec "$VENV/bin/sohoa" run samples/ke-hoach-thai-binh-2023/scan.pdf "$@"
