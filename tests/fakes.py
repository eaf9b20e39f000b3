"""Fake external programs for fault injection: a directory put first on PATH whose `tesseract`
misbehaves on purpose (and hands everything else to the real one)."""
from __future__ import annotations

import shutil
import stat
from pathlib import Path

REAL = shutil.which("tesseract") or "/usr/bin/tesseract"

BEHAVIOURS = {
    # crashes on every page
    "crash": 'echo "Segmentation fault (core dumped)" >&2; exit 139',
    # never returns
    "hang": "sleep 600",
    # prints bytes that are not UTF-8 where the TSV should be
    "garbage": 'out="$2"; printf "level\\tpage_num\\n\\xff\\xfe\\xfa\\n" > "$out.tsv"; exit 0',
    # kills the process that called it (a worker) when the page is 1000 pixels high
    "kill-worker-on-1000": 'if head -c 32 "$1" | tr "\\n" " " | grep -q " 1000 255"; then kill -9 $PPID; sleep 5; fi; exec "$REAL" "$@"',
}


def fake_tesseract(folder: Path, behaviour: str) -> Path:
    """Write a `tesseract` into ``folder`` that answers --version/--list-langs like the real one
    and misbehaves on OCR; return the folder (to put first on PATH)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "tesseract"
    script.write_text(f"""#!/usr/bin/env bash
REAL="{REAL}"
case "$1" in --version|--list-langs|-v) exec "$REAL" "$@";; esac
{BEHAVIOURS[behaviour]}
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


def missing_program(folder: Path, name: str) -> Path:
    """A PATH folder where ``name`` is absent: copies of the basic tools only."""
    folder.mkdir(parents=True, exist_ok=True)
    for tool in ("env", "bash", "sh", "python3", "head", "grep"):
        src = shutil.which(tool)
        if src and tool != name:
            (folder / tool).symlink_to(src)
    return folder
