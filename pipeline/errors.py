"""Exit codes (SPEC) and the exceptions that carry them.

Every user-facing failure is one of these classes; ``cli.py`` is the only place that turns
them into an exit code and a one-line message. A message always names the file, what went
wrong and what to do.
"""
from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    BAD_ARGS = 1
    BAD_INPUT = 2
    MISSING_DEPENDENCY = 3
    PARTIAL_FAILURE = 4
    OUTPUT_ERROR = 5
    INTERNAL_ERROR = 6
    INTERRUPTED = 130


class SohoaError(Exception):
    """Base class: an expected failure with a message for the user."""

    exit_code: ExitCode = ExitCode.BAD_ARGS

    def __init__(self, what: str, path: str | Path | None = None, hint: str = "") -> None:
        self.what = what
        self.path = str(path) if path is not None else None
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.path}: " if self.path else ""
        todo = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.what}{todo}"

    def __reduce__(self):  # picklable across process pools and Dask workers
        return (self.__class__, (self.what, self.path, self.hint))


class BadArguments(SohoaError):
    exit_code = ExitCode.BAD_ARGS


class InputError(SohoaError):
    """Missing, unreadable, empty, encrypted or unsupported input."""

    exit_code = ExitCode.BAD_INPUT


class MissingDependency(SohoaError):
    exit_code = ExitCode.MISSING_DEPENDENCY


class OutputError(SohoaError):
    exit_code = ExitCode.OUTPUT_ERROR


class InternalError(SohoaError):
    """A bug in sohoa found before anything is written (e.g. a document failing its own schema)."""

    exit_code = ExitCode.INTERNAL_ERROR


class PageError(SohoaError):
    """One page could not be processed (OCR crash, timeout); the document goes on."""

    exit_code = ExitCode.PARTIAL_FAILURE


class ToolError(PageError):
    """An external program failed (crashed, hung, printed garbage)."""
