"""What every benchmark shares: the repository on sys.path, and publishing a report."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _p in (str(ROOT), str(ROOT / "tests")):
    if _p not in sys.path:
        sys.path.insert(0, _p)


def publish(lines: list[str], out: Path) -> int:
    """Print the Markdown report and write it to ``out`` (benchmarks/results/…)."""
    report = "\n".join(lines) + "\n"
    print(report)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    return 0
