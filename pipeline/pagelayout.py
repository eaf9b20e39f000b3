"""Where each word of a page is, in the page image as it came in: the words of the reading, their
boxes and confidences, with the corrected text laid onto them. It is what the ALTO file and the
PDF's text layer are made from; it is not part of the JSON (which stays small).

Boxes come from Tesseract on the cleaned page (scaled to 300 dpi, deskewed, maybe turned upright)
and are mapped back into the pixels of the page as loaded, so that a text layer lies on the
original scan.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import cv2
import numpy as np

Box = tuple[int, int, int, int]  # left, top, right, bottom (pixels of the page as loaded)


@dataclass
class LayoutWord:
    text: str  # corrected
    read: str  # what the OCR read
    conf: float  # Tesseract's confidence, 0–100
    box: Box
    source: str = "printed"


@dataclass
class LayoutLine:
    words: list[LayoutWord] = field(default_factory=list)

    @property
    def box(self) -> Box:
        return (min(w.box[0] for w in self.words), min(w.box[1] for w in self.words),
                max(w.box[2] for w in self.words), max(w.box[3] for w in self.words))


@dataclass
class PageLayout:
    number: int
    width: int  # of the page image as loaded
    height: int
    dpi: float
    lines: list[LayoutLine] = field(default_factory=list)


def to_original(boxes: list[Box], cleaned_shape: tuple[int, int], original_shape: tuple[int, int],
                scale: float, skew: float, turn: int = 0) -> list[Box]:
    """Boxes on the cleaned page → boxes on the page as loaded: undo the quarter turn that set the
    page upright, then the scaling and deskew of ``clean.clean_page`` (the same matrix as
    ``clean.to_cleaned``, inverted)."""
    if not boxes:
        return []
    ch, cw = cleaned_shape
    h, w = original_shape
    pts = np.array([[(l, t), (r, t), (l, b), (r, b)] for l, t, r, b in boxes], np.float64).reshape(-1, 2)
    k = (turn // 90) % 4
    if k:  # the cleaned image is the upright one; its pre-turn shape had width and height swapped if odd
        pw, ph = (ch, cw) if k % 2 else (cw, ch)
        x, y = pts[:, 0].copy(), pts[:, 1].copy()
        if k == 1:  # turned clockwise by 90°: (x, y) ← (ph - y, x)
            pts[:, 0], pts[:, 1] = y, ph - x
        elif k == 2:
            pts[:, 0], pts[:, 1] = pw - x, ph - y
        else:
            pts[:, 0], pts[:, 1] = pw - y, x
    big_w, big_h = (w, h) if scale == 1.0 else (int(round(w * scale)), int(round(h * scale)))
    m = cv2.getRotationMatrix2D((w / 2, h / 2), skew if abs(skew) >= 0.05 else 0.0, scale)
    m[0, 2] += big_w / 2 - w / 2
    m[1, 2] += big_h / 2 - h / 2
    inv = cv2.invertAffineTransform(m)
    orig = pts @ inv[:, :2].T + inv[:, 2]
    out = []
    for quad in orig.reshape(-1, 4, 2):
        l, t = np.clip(quad.min(axis=0), 0, [w - 1, h - 1])
        r, b = np.clip(quad.max(axis=0), 0, [w, h])
        out.append((int(l), int(t), int(np.ceil(r)), int(np.ceil(b))))
    return out


def lay_text(read: list[tuple[str, float, Box, str]], corrected: str) -> LayoutLine:
    """The words of one line as read, with the corrected line's tokens laid onto them: a token
    replacing one read word takes its box; tokens replacing several words share their boxes'
    span, in proportion to their length; a token with no read word beside it joins its neighbour."""
    out = LayoutLine()
    tokens = corrected.split()
    if not read:
        return out
    texts = [w[0] for w in read]
    pending: list[str] = []
    ops = difflib.SequenceMatcher(None, texts, tokens, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op in ("equal", "replace") and i2 - i1 == j2 - j1:
            for (t, c, b, s), new in zip(read[i1:i2], tokens[j1:j2]):
                out.words.append(LayoutWord(new, t, c, b, s))
        elif i2 > i1:  # words merged, split or dropped: spread the new tokens over the words' span
            span = read[i1:i2]
            l, t_, r, bt = (min(w[2][0] for w in span), min(w[2][1] for w in span),
                            max(w[2][2] for w in span), max(w[2][3] for w in span))
            news = tokens[j1:j2] or [""]
            total = sum(len(n) + 1 for n in news)
            x = float(l)
            conf = min(w[1] for w in span)
            raw = " ".join(w[0] for w in span)
            for n in news:
                x2 = x + (r - l) * (len(n) + 1) / total
                out.words.append(LayoutWord(n, raw, conf, (int(x), t_, int(x2), bt), span[0][3]))
                x = x2
        elif out.words:  # inserted tokens with no read word of their own join the word before
            out.words[-1].text = " ".join([out.words[-1].text, *tokens[j1:j2]])
        else:
            pending += tokens[j1:j2]
    out.words = [w for w in out.words if w.text]
    if pending and out.words:  # … or, at the start of the line, the word after
        out.words[0].text = " ".join([*pending, out.words[0].text])
    return out
