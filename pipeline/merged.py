"""Two printed lines that Tesseract read as one.

Small type set close (a recipients block in 11 pt under 14 pt body text) sometimes defeats
Tesseract's line finding: two lines become one row of words each as tall as both lines, read at
confidence 0 ("- NG ca th NG HN Nsoe Phí" for "- Như thành phần mời; / - Phó chủ tịch Nguyễn Ngọc
Phúc;"). Such a run of words is cut out of the page and read again as a block of text (psm 6),
where the lines are found anew. The new words replace the old ones only when read more surely.
"""
from __future__ import annotations

import logging
from statistics import fmean, median

import numpy as np

from .ocr import Word, ocr_page

log = logging.getLogger(__name__)

TALL = 1.8      # a word this many times the page's word height holds two lines
UNSURE = 40.0   # … and Tesseract's confidence in it is below this
FAIR = 80.0     # … or it is one of three or more such words of letters, read below this on average
GAIN = 20.0     # the new reading's mean confidence must beat the old one's by this much


def _word_height(words: list[Word]) -> float:
    sure = [w.height for w in words if w.conf >= 60 and any(ch.isalpha() for ch in w.text)]
    return median(sure) if sure else 0.0


def merged_runs(words: list[Word]) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of each run of words that holds two lines read as one."""
    height = _word_height(words)
    if not height:
        return []
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault((w.block, w.par, w.line), []).append(w)
    runs = []
    for ws in lines.values():
        tall = [w for w in ws if w.height >= TALL * height]
        lettered = [w for w in tall if sum(ch.isalpha() for ch in w.text) >= 2]
        # two unsure ones; or words of letters as tall as two lines read no better than fair (a page
        # turned 1°: "Phó chủ tnh Nguy ẫn" at 64, 93, 34, 79, 74 for two recipients' lines)
        if sum(w.conf < UNSURE for w in tall) < 2 and not (len(lettered) >= 3 and fmean(w.conf for w in lettered) < FAIR):
            continue
        run = list(tall)
        grown = True
        while grown:  # the words next to the run on its line (the run's ends read as print)
            left, right = min(w.left for w in run), max(w.right for w in run)
            near = [w for w in ws if w not in run and (0 <= w.left - right < 2.5 * height or 0 <= left - w.right < 2.5 * height)]
            run += near
            grown = bool(near)
        runs.append((min(w.left for w in run), min(w.top for w in run), max(w.right for w in run),
                     max(w.bottom for w in run)))
    return runs


def _ink_ends(image: np.ndarray, top: int, bottom: int, left: int, right: int, gap: int) -> tuple[int, int]:
    """The run's ends moved out to where its rows' ink ends (a gap of ``gap`` blank columns): the
    words of a misread run need not cover all its letters."""
    cols = (image[max(0, top):bottom] < 128).any(axis=0)
    blank = 0
    while right < len(cols) and blank < gap:
        blank = 0 if cols[right] else blank + 1
        right += 1
    blank = 0
    while left > 0 and blank < gap:
        left -= 1
        blank = 0 if cols[left] else blank + 1
    return left + (blank if blank >= gap else 0), right - (blank if blank >= gap else 0)


def _inside(w: Word, box: tuple[int, int, int, int], pad: int) -> bool:
    """The word's centre within the run's rows, and within its ends give or take ``pad``."""
    cx, cy = (w.left + w.right) / 2, (w.top + w.bottom) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] <= cy <= box[3]


def reread_merged_lines(words: list[Word], image: np.ndarray, lang: str, dpi: float,
                        timeout: float) -> tuple[list[Word], list[str]]:
    """The page's words with each merged run read again; notes of what changed."""
    notes = []
    pad = int(0.5 * _word_height(words))
    for k, box in enumerate(merged_runs(words)):
        # read with a margin round the run; what is read is what lies inside the run (the line
        # above or below, cut by the margin, is already read)
        old = [w for w in words if _inside(w, box, pad)]
        lo, hi = _ink_ends(image, box[1], box[3], min(w.left for w in old), max(w.right for w in old), 4 * pad)
        box = (lo, box[1], hi, box[3])
        left, top = max(0, lo - pad), max(0, box[1] - pad)
        crop = np.ascontiguousarray(image[top:box[3] + pad, left:hi + pad])
        if crop.size == 0:
            continue
        again = [Word(w.text, w.conf, w.left + left, w.top + top, w.width, w.height, 90000 + k, w.par, w.line)
                 for w in ocr_page(crop, lang, dpi, timeout, psm=6) if w.text.strip()]
        again = [w for w in again if _inside(w, box, pad)]
        if not again or not old or fmean(w.conf for w in again) < fmean(w.conf for w in old) + GAIN:
            continue
        words = [w for w in words if not _inside(w, box, pad)] + again
        before, after = " ".join(w.text for w in old), " ".join(w.text for w in again)
        log.info("two lines read as one, read again: %s → %s", before, after)
        notes.append(f"two lines read as one, read again as a block: {before!r} → {after!r}")
    return words, notes
