#!/usr/bin/env bash
# Set everything up, then digitise the bundled sample scan and print its JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec "${PYTHON:-python3}" -m pipeline run samples/ke-hoach-thai-binh-2023/scan.pdf "$@"
