"""Printed lines that Tesseract passed over.

Tesseract's page layout sometimes loses a whole line: in a closing band of two columns (a
recipients list beside a signer's title lines) the row "- Thủ tướng, các Phó Thủ tướng Chính phủ;
| PHÓ THỦ TƯỚNG" fell between two of its blocks and no word of it was written out, so a recipient
and the signer's title were lost from the text and the fields. Such a line is still ink on the
page. Ink no word covers is gathered into rows of glyph-sized marks; a row of letters with no
word beside it is cut out and read alone as one line (psm 7). What it reads is kept only when
read surely and as words: a signature, a seal's remains or a logo read as a line comes out
unsure or as marks, and is left out.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from statistics import fmean, median

import cv2
import numpy as np

from .ocr import Word, ocr_page

log = logging.getLogger(__name__)

MIN_GLYPHS = 5      # marks of a letter's size a run must hold to be a line of print
MIN_WIDTH = 4.0     # … and its width, in line heights
SURE = 75.0         # the mean confidence a re-read line must reach to be kept
GAP = 2.0           # a gap this many line heights wide ends a run (the next column)


@dataclass(frozen=True)
class Run:
    left: int
    top: int
    right: int
    bottom: int
    glyphs: int


def _line_height(words: list[Word]) -> float:
    sure = [w.height for w in words if w.conf >= 60 and sum(ch.isalpha() for ch in w.text) >= 2]
    return median(sure) if len(sure) >= 10 else 0.0


def _glyphs(image: np.ndarray, words: list[Word], height: float) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of the marks of a letter's size that no word's box covers."""
    ink = (image < 128).astype(np.uint8)
    pad = int(0.3 * height)
    h, w = ink.shape
    for wd in words:
        ink[max(0, wd.top - pad):min(h, wd.bottom + pad), max(0, wd.left - pad):min(w, wd.right + pad)] = 0
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    out = []
    for x, y, bw, bh, area in stats[1:]:
        # a letter (accents and dots, too small alone, ride on their letters' rows anyway)
        if 0.35 * height <= bh <= 1.6 * height and bw <= 2.5 * height and area >= 0.03 * height * height:
            out.append((int(x), int(y), int(x + bw), int(y + bh)))
    return out


def _rows(glyphs: list[tuple[int, int, int, int]], height: float) -> list[list[tuple[int, int, int, int]]]:
    """Glyphs grouped by the height of their middles (one printed row each)."""
    rows: list[list[tuple[int, int, int, int]]] = []
    for g in sorted(glyphs, key=lambda g: (g[1] + g[3]) / 2):
        mid = (g[1] + g[3]) / 2
        if rows and abs(mid - median((r[1] + r[3]) / 2 for r in rows[-1])) <= 0.5 * height:
            rows[-1].append(g)
        else:
            rows.append([g])
    return rows


def _beside(words: list[Word], run: Run, height: float) -> bool:
    """Some word shares the run's rows near it: the line was read (the marks are a blank's
    handwriting, a letter Tesseract split off, a stroke through a word), not passed over."""
    for w in words:
        overlap = min(w.bottom, run.bottom) - max(w.top, run.top)
        if overlap > 0.3 * min(w.height, run.bottom - run.top) and \
                w.right > run.left - 3 * height and w.left < run.right + 3 * height:
            return True
    return False


def lost_runs(words: list[Word], image: np.ndarray) -> list[Run]:
    """Runs of letter-sized ink that no word covers or stands beside."""
    height = _line_height(words)
    if not height:
        return []
    runs = []
    for row in _rows(_glyphs(image, words, height), height):
        row.sort()
        start = 0
        for i in range(1, len(row) + 1):
            if i < len(row) and row[i][0] - max(g[2] for g in row[start:i]) <= GAP * height:
                continue
            part = row[start:i]
            start = i
            run = Run(min(g[0] for g in part), min(g[1] for g in part), max(g[2] for g in part),
                      max(g[3] for g in part), len(part))
            if run.glyphs >= MIN_GLYPHS and run.right - run.left >= MIN_WIDTH * height \
                    and not _beside(words, run, height):
                runs.append(run)
    return runs


def _sure_words(words: list[Word]) -> bool:
    letters = [w for w in words if sum(ch.isalpha() for ch in w.text) >= 2]
    return bool(letters) and len(letters) >= 0.5 * len(words) and fmean(w.conf for w in words) >= SURE


def reread_lost_lines(words: list[Word], image: np.ndarray, lang: str, dpi: float,
                      timeout: float) -> tuple[list[Word], list[str]]:
    """The page's words with the lines Tesseract passed over read alone and added; notes."""
    notes = []
    height = _line_height(words)
    for k, run in enumerate(lost_runs(words, image)):
        pad = int(0.6 * height)
        left, top = max(0, run.left - pad), max(0, run.top - pad)
        crop = np.ascontiguousarray(image[top:run.bottom + pad, left:run.right + pad])
        found = [Word(w.text, w.conf, w.left + left, w.top + top, w.width, w.height, 80000 + k, 1, 1)
                 for w in ocr_page(crop, lang, dpi, timeout, psm=7) if w.text.strip()]
        text = " ".join(w.text for w in found)
        if not found or not _sure_words(found):
            log.debug("ink no word covers, not read as a line: %r", text)
            continue
        words = words + found
        log.info("a line Tesseract passed over, read alone: %s", text)
        notes.append(f"a line the page's reading passed over, read alone: {text!r}")
    return words, notes
