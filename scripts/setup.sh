#!/usr/bin/env bash
# Install everything sohoa needs on a fresh Debian/Ubuntu machine: system programs with apt,
# then a virtual environment in .venv/ with this package and its Python dependencies (stock
# Debian 12 / Ubuntu 24.04 Python refuses `pip install` into the system: PEP 668).
# Safe to run again: it installs only what is missing. Any failing step stops it loudly.
#
#   SOHOA_VENV=DIR   where the virtual environment goes (default: .venv in this folder)
#   PYTHON=python3.X the interpreter the environment is made from (default: python3)
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)

fail() { echo "setup: FAILED: $*" >&2; exit 1; }

APT_PACKAGES=(tesseract-ocr tesseract-ocr-vie poppler-utils qpdf ghostscript fonts-liberation2 fonts-urw-base35
              python3-venv)
# the tests also start a real PostgreSQL and drive the review page in a real headless Chromium
if [ "${SOHOA_SETUP_TESTS:-0}" = "1" ]; then
  APT_PACKAGES+=(postgresql chromium chromium-driver)
fi
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "system packages missing (${missing[*]}) and no sudo: run this script as root"
    SUDO="sudo"
  fi
  echo "setup: installing system packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]}"
fi
command -v tesseract >/dev/null || fail "tesseract is not on PATH after installing tesseract-ocr"

VENV=${SOHOA_VENV:-$here/.venv}
PY=${PYTHON:-python3}
if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating the virtual environment $VENV" >&2
  "$PY" -m venv "$VENV" || fail "$PY -m venv $VENV (on Debian/Ubuntu: apt-get install python3-venv)"
fi
echo "setup: installing the sohoa package and its Python dependencies into $VENV" >&2
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >&2 || fail "pip upgrade in $VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$here[test]" >&2 \
  || fail "pip install -e '.[test]' into $VENV"
# checked from outside the checkout: the installed package must work on its own
(cd / && "$VENV/bin/python" -c "import pipeline, pipeline.process, spacy, cv2") \
  || fail "the package does not import from $VENV"
(cd / && "$VENV/bin/sohoa" --version >/dev/null) || fail "$VENV/bin/sohoa does not run"
echo "setup: done; sohoa is $VENV/bin/sohoa (or: source $VENV/bin/activate)" >&2
