"""Header lines read partly as noise because a stamp's frame, a seal's ring or a mark crosses them.

Tesseract's page pass finds such a line among the stamp's ink and reads the two together: the
title of binhthuan-407 came out "à ; Và _ả mm duyệt bản Điều lệ …" for "Về việc phê duyệt bản
Điều lệ …", a received stamp's frame across its first words. Cut out along the band of the words
it was sure of and read alone as one line (psm 7), the line reads "Về việd phê duyệt …". The new
words replace the line's only when read more surely, with fewer words read as noise, and when
they keep the words the page pass was sure of; the number and date lines are left to the
handwriting step (their blanks).
"""
from __future__ import annotations

import logging
import re
from statistics import fmean

import numpy as np

from . import patterns
from .grid import Rules
from .layout import Segment
from .ocr import Word, ocr_page

log = logging.getLogger(__name__)

HEADER_SEGMENTS = 14  # the first page's header: issuer, number, date, type, title, "Kính gửi"
SURE = 85.0           # a word read this surely is print read right (Tesseract: 85–96 on print)
UNSURE = 50.0         # … and one under this is ink read as letters, or letters read as ink
MIN_SURE_WORDS = 3    # enough of the line read surely to know its band
GAIN = 3.0            # the new reading's mean confidence must beat the old one's by this much
KEEP_SURE = 0.9       # … and hold this share of the words the page pass was sure of
RULE_BAND = 4         # px (300 dpi) either side of a rule's line painted out of the grey ink


_NUMBERED = re.compile(r"^[\W_]*(?:[IVXLC]+|\d{1,2})[.,)]")


def _sure(words: list[Word]) -> list[Word]:
    return [w for w in words if w.conf >= SURE and any(ch.isalpha() for ch in w.text)]


def doubtful_lines(segments: list[Segment]) -> list[int]:
    """Indices of header segments read surely in part and as noise in part."""
    found = []
    for i, seg in enumerate(segments[:HEADER_SEGMENTS]):
        if len(_sure(seg.words)) < MIN_SURE_WORDS or not any(w.conf < UNSURE for w in seg.words):
            continue
        text = seg.text
        if patterns.NUMBER_LINE_LOOSE.match(text) or patterns.MONTH_WORD_LOOSE.search(text):
            continue  # a blank written in by hand: the handwriting step reads it
        if _NUMBERED.match(text):
            continue  # a heading's number ("__1." for "I."), the outline's key: read alone it came out "co 1"
        found.append(i)
    return found


def _kept(sure: list[Word], again: list[Word]) -> bool:
    texts = [w.text for w in again]
    return sum(w.text in texts for w in sure) >= KEEP_SURE * len(sure)


def _without_rules(crop: np.ndarray, rules: Rules, left: int, top: int) -> np.ndarray:
    """A crop of the grey ink with the page's rules painted out, as the cleaning erased them (a
    table's rule beside a cell's words was read as "|nghèo")."""
    out = crop.copy()
    for y, x0, x1 in rules.horizontal:
        out[max(0, y - RULE_BAND - top):max(0, y + RULE_BAND + 1 - top), max(0, x0 - left):max(0, x1 + 1 - left)] = 255
    for x, y0, y1 in rules.vertical:
        out[max(0, y0 - top):max(0, y1 + 1 - top), max(0, x - RULE_BAND - left):max(0, x + RULE_BAND + 1 - left)] = 255
    return out


def reread_doubtful_lines(segments: list[Segment], image: np.ndarray, lang: str, dpi: float,
                          timeout: float, grey: np.ndarray | None = None, rules: Rules = Rules()) -> list[str]:
    """Read each doubtful header line again alone; returns notes of the lines replaced. ``grey``:
    the header's grey ink in the same coordinates (``clean.header_ink``), read too: binarising broke
    a 200-dpi scan's thin italic strokes ("tt hm' động lực hượng" for "V/v huy động lực lượng");
    ``rules``: the page's rules, painted out of it as the cleaning erased them."""
    notes = []
    h, w = image.shape[:2]
    for i in doubtful_lines(segments):
        seg = segments[i]
        sure = _sure(seg.words)
        height = int(np.median([x.height for x in sure]))
        top = max(0, min(x.top for x in sure) - height // 4)
        bottom = min(h, max(x.bottom for x in sure) + height // 4)
        left, right = max(0, seg.left - height), min(w, seg.right + height)
        readings = []
        for source in (image, grey):
            if source is None or bottom > source.shape[0]:
                continue
            crop = np.ascontiguousarray(source[top:bottom, left:right])
            if source is grey:
                crop = _without_rules(crop, rules, left, top)
            readings.append([Word(x.text, x.conf, x.left + left, x.top + top, x.width, x.height,
                                  seg.words[0].block, seg.words[0].par, seg.words[0].line)
                             for x in ocr_page(crop, lang, dpi, timeout, psm=7)])
        again = max(readings, key=lambda r: fmean(x.conf for x in r) if r else -1.0)
        log.debug("doubtful header line %r read alone: %r", seg.text, " ".join(x.text for x in again))
        unsure_before = sum(x.conf < UNSURE for x in seg.words)
        if not again or not _kept(sure, again) or sum(x.conf < UNSURE for x in again) >= unsure_before \
                or fmean(x.conf for x in again) < fmean(x.conf for x in seg.words) + GAIN:
            continue
        old = seg.text
        segments[i] = Segment(again, seg.in_cell)
        log.info("header line re-read alone: %s → %s", old, segments[i].text)
        notes.append(f"header line crossed by a stamp or seal re-read alone: {old!r} → {segments[i].text!r}")
    return notes
