"""Progress on stderr: shown only on a terminal and not under -q."""
from __future__ import annotations

import sys
import time


class PageProgress:
    def __init__(self, label: str, enabled: bool = True) -> None:
        self.label = label
        self.enabled = enabled and sys.stderr.isatty()
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        eta = elapsed / done * (total - done) if done else 0
        sys.stderr.write(f"\r{self.label}: page {done}/{total}, {elapsed:.1f} s, ETA {eta:.0f} s   ")
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


class BatchProgress:
    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total = total
        self.enabled = enabled and sys.stderr.isatty()
        self.start = time.monotonic()
        self.done_docs = 0
        self.pages = 0
        self.failed = 0

    def update(self, pages: int, failed: bool) -> None:
        self.done_docs += 1
        self.pages += pages
        self.failed += int(failed)
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        rate = self.done_docs / elapsed * 60 if elapsed > 0 else 0.0
        eta = (self.total - self.done_docs) / (self.done_docs / elapsed) if self.done_docs and elapsed > 0 else 0
        width = 24
        filled = int(width * self.done_docs / max(1, self.total))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done_docs}/{self.total} documents, "
                         f"{self.pages} pages, {self.failed} failed, {rate:.1f} docs/min, ETA {eta:.0f} s   ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()
