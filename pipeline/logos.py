"""Words Tesseract read off a logo in the header.

A university's, a hospital's or a company's letterhead prints its logo beside the issuer block: a
solid disk or shield with letters in white. Cleaning turns the solid area's inside white and keeps
its letters' outlines, and Tesseract reads them as words ("“8m", "W3150", "xH" before "BỘ GIÁO DỤC
VÀ ĐẠO TẠO" on a rendered university notice): lines of junk in the text and a parent issuer of
"XH BỘ GIÁO DỤC…". The logo is found on the header as it was scanned (blue and black kept): ink
that stays after an opening wider than any printed stroke, in a patch the size of a logo. A word
that lies on such a patch is the logo's, and is left out; the page image is not changed (erasing
the patch moved the deskew angle and damaged letters beside an emblem's ribbons on a real page).
"""
from __future__ import annotations

import logging

import cv2
import numpy as np

from .ocr import Word

log = logging.getLogger(__name__)

STROKE_MM = 1.3     # an opening this wide leaves no printed stroke (a 14 pt bold stem is under 1 mm)
PATCH_MM = 6.0      # a solid patch at least this wide and high is a logo, not a blot
ON_PATCH = 0.25     # share of a word's box on a patch that makes it the logo's
DARK = 110          # grey level under which the header's ink counts as dark


def solid_patches(ink: np.ndarray, dpi: float) -> np.ndarray:
    """Mask (uint8 0/1) of the solid dark patches of the header ``ink`` (grey, cleaned coordinates)."""
    px = max(3, int(round(STROKE_MM / 25.4 * dpi)))
    dark = (ink < DARK).astype(np.uint8)
    solid = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((px, px), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    side = PATCH_MM / 25.4 * dpi
    keep = [i for i in range(1, n) if stats[i, cv2.CC_STAT_WIDTH] >= side and stats[i, cv2.CC_STAT_HEIGHT] >= side]
    patches = np.zeros_like(solid)
    if keep:
        # its hull: the logo's own white letters are holes or notches in it (a letter near the
        # edge opens a hole to the outside), and what was read there is the logo's too
        outlines, _ = cv2.findContours(np.isin(labels, keep).astype(np.uint8), cv2.RETR_EXTERNAL,
                                       cv2.CHAIN_APPROX_SIMPLE)
        cv2.drawContours(patches, [cv2.convexHull(c) for c in outlines], -1, 1, thickness=cv2.FILLED)
    return patches


def _share_on(mask: np.ndarray, w: Word) -> float:
    box = mask[max(0, w.top):max(0, w.bottom), max(0, w.left):max(0, w.right)]
    return float(box.mean()) if box.size else 0.0


def drop_logo_words(words: list[Word], ink: np.ndarray | None, dpi: float) -> tuple[list[Word], list[str]]:
    """The page's words less those read off a logo in the header; notes of what was left out."""
    if ink is None:
        return words, []
    patches = solid_patches(ink, dpi)
    if not patches.any():
        return words, []
    gone = [w for w in words if w.top < ink.shape[0] and _share_on(patches, w) >= ON_PATCH]
    if not gone:
        return words, []
    text = " ".join(w.text for w in gone)
    log.info("words read off a logo left out: %s", text)
    return [w for w in words if w not in gone], [f"words read off a logo in the header left out: {text!r}"]
