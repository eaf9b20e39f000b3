"""Handwritten numbers in a typed header: the document number and the day are often filled in
by hand after printing. When the page pass read such a token as letters ("Z340", "@3"), it is
read again as digits only by two language models, and taken only when both agree."""
from __future__ import annotations

import logging
import re

import numpy as np

from .layout import Segment
from .ocr import read_digits

log = logging.getLogger(__name__)

_NUMBER_LINE = re.compile(r"^\W{0,2}S\S{0,2}\s*[:;.]?$")
_DAY_WORD = re.compile(r"^ng\S{1,3}$", re.IGNORECASE)
_MONTH_WORD = re.compile(r"^th\S{1,3}ng", re.IGNORECASE)
HEADER_SEGMENTS = 14


def _suspect(token: str) -> bool:
    core = token.split("/", 1)[0]
    return bool(core) and not core.isdigit() and len(core) <= 5 and any(ch.isalnum() for ch in core)


def _agreed(readings: list[str], max_len: int) -> str | None:
    digits = {r for r in readings if r.isdigit() and 1 <= len(r) <= max_len}
    return digits.pop() if len(digits) == 1 and len(readings) >= 2 and len(set(readings)) == 1 else None


def reread_header_numbers(segments: list[Segment], image: np.ndarray, langs: tuple[str, ...],
                          timeout: float) -> list[str]:
    """Fix handwritten number and day tokens in place; return what was changed (for warnings)."""
    changed = []
    for seg in segments[:HEADER_SEGMENTS]:
        words = seg.words
        for i, w in enumerate(words[:-1]):
            nxt = words[i + 1]
            is_number = bool(_NUMBER_LINE.match(w.text) and _suspect(nxt.text) and "/" not in nxt.text)
            is_day = _DAY_WORD.match(w.text) and i + 2 < len(words) and _MONTH_WORD.match(words[i + 2].text) \
                and not nxt.text.isdigit() and len(nxt.text) <= 3
            if not (is_number or is_day):
                continue
            value = _agreed(read_digits(image, (nxt.left, nxt.top, nxt.right, nxt.bottom), langs, timeout),
                            4 if is_number else 2)
            if value and (is_number or 1 <= int(value) <= 31):
                changed.append(f"{nxt.text} → {value}")
                log.info("handwritten %s re-read as digits: %s → %s", "number" if is_number else "day",
                         nxt.text, value)
                nxt.text = value
    return changed
