"""Urgency stamps ("HỎA TỐC", "KHẨN") in red ink, often tilted, on the first page's header.

The cleaning removes red ink (it is the seal's colour), and with it these stamps. Here the red
ink of the top of the page is taken on its own, each red patch of stamp size is read by Tesseract
at a few angles, and a reading that is one of Decree 30's urgency marks is returned.
"""
from __future__ import annotations

import logging
import re

import cv2
import numpy as np

from . import patterns
from .clean import to_cleaned
from .ocr import ocr_page
from .parse.vocab import vocab
from .text import fold, similarity

log = logging.getLogger(__name__)

TOP = 0.4                       # stamps sit in the header, above "Kính gửi" / the title
ANGLES = (0, -15, 15, -30, 30, -40, 40)


def _red(band: np.ndarray) -> np.ndarray:
    r, g, b = cv2.split(band)
    redder = cv2.subtract(r, cv2.max(g, b))  # saturates at 0 for grey and blue
    return ((redder > 50) & (r > 110)).astype(np.uint8)


def _letters(mask: np.ndarray) -> np.ndarray:
    """The stamp's letters without its frame (an arrow, a box): the frame is one long stroke."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    h, w = mask.shape
    keep = [i for i in range(1, n) if stats[i, 2] < 0.35 * w and stats[i, 3] < 0.35 * h and stats[i, 4] >= 4]
    return np.isin(labels, keep).astype(np.uint8)


def _rotate(img: np.ndarray, angle: float) -> np.ndarray:
    h, w = img.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(img, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)


def _match(text: str) -> str | None:
    f = fold(text).strip(" .!:")
    words = [w for w in f.split() if sum(ch.isalpha() for ch in w) >= 2]
    for mark in sorted(vocab().urgency, key=len, reverse=True):
        if len(f) <= len(mark) + 8 and (fold(mark) in f or similarity(f, fold(mark)) >= 0.8):
            return mark
        # the mark whole among a few more words: pieces of the stamp's frame read as letters
        # ("HÒA TỐC) -NOA TỌC ?" at 150 dpi, where the broken frame was not taken out)
        if re.search(rf"(?<!\w){re.escape(fold(mark))}(?!\w)", f) and len(words) <= 2 * len(mark.split()) + 2:
            return mark
    return None


def _angles(letters: np.ndarray) -> list[float]:
    """The angles to read a stamp at: the slant of its row of letters first (the long side of the
    least rectangle round them: lamdong-560's stamp, tilted about 17°, was read at none of the
    usual angles on the page at 150 dpi), then the usual few."""
    ys, xs = np.nonzero(letters)
    if len(xs) < 20:
        return list(ANGLES)
    (_, _), (rw, rh), a = cv2.minAreaRect(np.column_stack([xs, ys]).astype(np.float32))
    slant = a if rw >= rh else a - 90  # OpenCV's angle of the side it calls width
    slant = (slant + 90) % 180 - 90
    measured = [] if abs(slant) > 45 else [round(float(slant), 1)]
    return measured + [x for x in ANGLES if not measured or abs(x - measured[0]) > 3]


def red_header(image: np.ndarray, scale: float, skew: float, dpi: float) -> np.ndarray | None:
    """The red ink of the top of the page in the cleaned page's coordinates, or None when there is
    too little for a stamp (or the page is grey). Cheap: taken before the page image is dropped."""
    if image.ndim != 3:
        return None
    red = _red(to_cleaned(image, scale, skew, 0.0, TOP)[0])
    return red if red.sum() >= (dpi / 10) ** 2 else None  # less red than a 2.5 mm square: no stamp


def read_urgency(red: np.ndarray, dpi: float, lang: str, timeout: float) -> str | None:
    """The urgency mark among the red patches of ``red_header``, or None."""
    joined = cv2.dilate(red, np.ones((int(dpi / 12), int(dpi / 12)), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    width = red.shape[1]
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if not (0.08 * width <= w <= 0.6 * width and h >= dpi / 10):
            continue  # a speck or a whole-width rule, not a stamp
        letters = _letters(red[y:y + h, x:x + w])
        crop = np.where(letters > 0, 0, 255).astype(np.uint8)
        crop = cv2.copyMakeBorder(crop, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
        for angle in _angles(letters):
            words = ocr_page(np.ascontiguousarray(_rotate(crop, angle)), lang, dpi, timeout, psm=6)
            mark = _match(" ".join(wd.text for wd in words if wd.conf >= 20))
            if mark:
                log.info("urgency stamp read at %d°: %s", angle, mark)
                return mark
    return None


_NUMBER_LINE = patterns.NUMBER_LINE_LOOSE


def insert_mark(lines: list[str], mark: str) -> int:
    """Put the mark into the header's lines, before the number line ("Số: …"), where the parser
    looks for it; returns where it went."""
    at = next((i for i, line in enumerate(lines[:14]) if _NUMBER_LINE.match(line)), min(4, len(lines)))
    lines.insert(at, mark)
    return at
