#!/usr/bin/env bash
# Install everything sohoa needs on a fresh Debian/Ubuntu machine: system programs with apt,
# Python packages with pip. Safe to run again (it only installs what is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-vie poppler-utils qpdf fonts-liberation2)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing system packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
echo "setup: installing the sohoa package and its Python dependencies" >&2
$PY -m pip install -q --disable-pip-version-check -e ".[test]" 2>&1 | grep -v -e "Running pip as the 'root' user" -e "is ignored: it is neither" >&2 || true
$PY -c "import pipeline" || { echo "setup: the package did not install" >&2; exit 1; }
