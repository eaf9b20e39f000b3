"""Write stage: outputs appear whole or not at all (temp file in the same folder + rename)."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that a crash or Ctrl-C never leaves a truncated file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write here ({exc.strerror})", path,
                          "choose another output path or fix the folder's permissions") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:  # KeyboardInterrupt included: never leave the temp file behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write ({exc.strerror})", path, "check free space and permissions") from None
        raise


def remove_stale_temps(folder: Path) -> int:
    """Delete temp files an interrupted earlier run left (``.name.xxxx.tmp``)."""
    n = 0
    for p in Path(folder).rglob(".*.tmp"):
        with contextlib.suppress(OSError):
            p.unlink()
            n += 1
    return n
