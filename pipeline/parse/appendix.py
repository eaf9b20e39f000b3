"""An appendix (phụ lục) printed after the signature: lists, tables of units and deadlines that a
plan or a decision sends with it. It is the document's text, but it is no part of the body's
sections nor of the closing: the signer and the recipients are read above it (a long appendix
would otherwise push them out of the closing's reach)."""
from __future__ import annotations

import re

from ..patterns import RECIPIENTS_LABEL
from ..text import fold, is_upper_line
from .header import _AUTHORITY

# "PHỤ LỤC", "PHỤ LỤC I", "PHỤ LỤC 02: …" in capitals, as the appendix's heading stands
_HEADING = re.compile(r"^\W{0,2}PH[UỤ]\s*L[UỤ]C(?:\s+(?:[IVXL]{1,5}|\d{1,2})\b)?\s*[:.\-–]?\s*(?:[^a-zđà-ỹ]*)$")
# "(Kèm theo Kế hoạch số 45/KH-UBND ngày …)", the line that ties the appendix to its document
# (or "(Ban hành kèm theo Quyết định số …)": a regulation or a charter a decision issues)
_ATTACHED = re.compile(r"^\s*[(\[{]\s*(?:Ban\s+hành\s+)?K[eèẻ]m\s+theo\b", re.IGNORECASE)


def _closing_marker(line: str) -> bool:
    """"Nơi nhận:" or a signer's authority line: the closing has begun."""
    s = line.strip()
    return bool(RECIPIENTS_LABEL.match(s) or _AUTHORITY.match(s))


def find_appendix(lines: list[str], start: int) -> int | None:
    """Where an appendix after the closing begins (its heading, or the capital title lines right
    above its "(Kèm theo …)" line), or None. An appendix is looked for only after the closing has
    begun: a body may name its appendices ("theo Phụ lục kèm theo") and open with none."""
    closing = next((i for i in range(start, len(lines)) if _closing_marker(lines[i])), None)
    if closing is None:
        return None
    for i in range(closing + 1, len(lines)):
        s = lines[i].strip()
        if _HEADING.match(s) and "PHU LUC" in fold(s):
            return i
        if _ATTACHED.match(s):
            j = i
            while j - 1 > closing and i - (j - 1) <= 3 and is_upper_line(lines[j - 1]):
                j -= 1
            return j
    return None
