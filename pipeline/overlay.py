"""A digital-signature overlay printed onto the page.

A document signed with a digital certificate and then printed or rendered carries the signing
software's stamp: a seal or portal logo and a few small lines, "Người ký: Ủy ban Nhân dân tỉnh
…", "Email: …", "Cơ quan: …", "Thời gian ký: 12.03.2025 08:15:43 +07:00", at the top of the first
page or in the signature's place. SPEC: it is not the document's text, like a seal. Its lines are
found by their labels — two or more in one column, close together, one of them the signing's own
(signer or signing time) — and left out with the lines between them (a label's value run onto a
second line).
"""
from __future__ import annotations

import logging
import re
from statistics import median

from .layout import Segment
from .text import fold

log = logging.getLogger(__name__)

_LABEL = re.compile(r"^\W{0,3}(NGUOI KY|KY BOI|THOI GIAN KY|NGAY KY|EMAIL|E MAIL|E-MAIL|CO QUAN|CHUC VU)\s*[:;.,]")
_SIGNING = ("NGUOI KY", "KY BOI", "THOI GIAN KY", "NGAY KY")
REACH = 8.0   # line heights from the first label to the last


def _label(seg: Segment) -> str | None:
    m = _LABEL.match(fold(seg.text).upper())
    return m.group(1) if m else None


def overlay_lines(segments: list[Segment]) -> list[int]:
    """Indexes of the segments that are a digital-signature overlay's lines."""
    if len(segments) < 2:
        return []
    line_h = median(s.height for s in segments) or 1
    labelled = [(k, _label(s)) for k, s in enumerate(segments)]
    labelled = [(k, lab) for k, lab in labelled if lab]
    out: set[int] = set()
    for i, (k, _) in enumerate(labelled):
        first = segments[k]
        group = [(j, lab) for j, lab in labelled[i:]
                 if 0 <= segments[j].top - first.top <= REACH * line_h and abs(segments[j].left - first.left) <= 1.5 * line_h]
        if len(group) < 2 or not any(lab in _SIGNING for _, lab in group):
            continue
        top = min(segments[j].top for j, _ in group)
        bottom = max(segments[j].bottom for j, _ in group)
        left = min(segments[j].left for j, _ in group)
        right = max(segments[j].right for j, _ in group)
        for j, s in enumerate(segments):
            middle = (s.top + s.bottom) / 2
            if top <= middle <= bottom and left - line_h <= s.left and s.right <= right + 2 * line_h:
                out.add(j)
    return sorted(out)


def drop_overlay(segments: list[Segment]) -> list[str]:
    """Leave a digital-signature overlay's lines out of the page's segments; return notes."""
    gone = overlay_lines(segments)
    if not gone:
        return []
    text = " / ".join(segments[k].text for k in gone)
    for k in reversed(gone):
        del segments[k]
    log.info("digital-signature overlay left out of the text: %s", text)
    return [f"a digital-signature overlay left out of the text: {text!r}"]
