"""The signer's name under a seal: Tesseract's page segmentation sometimes takes the area of a
seal (a ring of specks around the name) for a picture and returns no text there at all, although
the printed name is clean. When a signer title ("PHÓ GIÁM ĐỐC") ends the right column with no
name-like line under it, the band under the title is read again on its own as a block of text.
"""
from __future__ import annotations

import logging
import re
import statistics

import numpy as np

from .layout import Segment
from .ocr import ocr_page
from .parse.header import looks_like_name
from .parse.vocab import vocab
from .text import best_match, is_upper_line

log = logging.getLogger(__name__)

SEARCH_LINES = 9    # how far under the title a signature and a name go, in line heights
MIN_CONF = 10.0  # words Tesseract has no faith in at all are seal specks


def _is_title(seg: Segment) -> bool:
    text = re.sub(r"^\W*(?:TM|KT|TL|TUQ|Q)\W+", "", seg.text.strip())
    return is_upper_line(seg.text) and bool(best_match(text, vocab().signer_titles, 0.8))


def unnamed_title(segments: list[Segment], shape: tuple[int, int]) -> tuple[int, Segment, int] | None:
    """The signer's title line (lower right) when no name can be read below it: (index, line,
    line height); None when there is no signer block or its name was read."""
    h, w = shape
    titles = [i for i, s in enumerate(segments) if s.words and s.left > w * 0.4 and s.top > h * 0.3 and _is_title(s)]
    if not titles:
        return None
    i = titles[-1]
    title = segments[i]
    line_height = int(statistics.median(wd.height for wd in title.words))
    below = [s for s in segments if s.words and s.top > title.bottom and s.top < title.bottom + SEARCH_LINES * line_height
             and s.right > title.left - line_height and s.left < title.right + line_height]
    if any(looks_like_name(s.text) for s in below):
        return None
    return i, title, line_height


def reread_signer_name(segments: list[Segment], image: np.ndarray, lang: str, dpi: float,
                       timeout: float) -> list[str]:
    """Insert the name line found under a signer title with nothing readable below it; return notes."""
    h, w = image.shape[:2]
    found_title = unnamed_title(segments, (h, w))
    if found_title is None:
        return []
    i, title, line_height = found_title
    left = max(0, title.left - 4 * line_height)
    right = min(w, title.right + 4 * line_height)
    top, bottom = title.bottom + line_height // 3, min(h, title.bottom + SEARCH_LINES * line_height)
    if bottom - top < 2 * line_height:
        return []
    crop = np.ascontiguousarray(image[top:bottom, left:right])
    # one column of text (psm 4): the name with the signature and the seal ring around it
    words = [wd for wd in ocr_page(crop, lang, dpi, timeout, psm=4) if wd.conf >= MIN_CONF]
    lines: dict[tuple[int, int, int], list] = {}
    for wd in words:
        wd.left += left
        wd.top += top
        lines.setdefault((wd.block, wd.par, wd.line), []).append(wd)
    found = [Segment(sorted(ws, key=lambda x: x.left)) for ws in lines.values()]
    names = [s for s in found if looks_like_name(s.text)]
    if not names:
        return []
    name = names[-1]  # the printed name is the last line; a signature above it reads as noise
    segments.insert(i + 1, name)
    log.info("signer name re-read under the title: %s", name.text)
    return [f"signer name re-read under the seal: {name.text}"]
