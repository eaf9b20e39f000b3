"""The handwritten date of a received stamp ("dấu đến": ĐẾN, then "Ngày: 03/9/2019" written by
hand on the stamp's dotted line).

Tesseract reads that date as print and gets it wrong ("05/8 (2018." for 03/9/2019,
"qay.24121.2026." for 04/5/2026), so the parser has nothing to take into ``metadata.received``.
Here the ink right of the stamp's "Ngày" label is cut out of the page (the stamp's frame and its
dotted line left out), each glyph read by ``digits``, and the glyphs parsed as day, month and year.
Writers part them with a "/", a "." or a stroke as steep as a "1", so a thin stroke may be either:
the reading is taken only when one way of parting the glyphs, and only one, is a date, every
glyph read as a digit is read surely, and Tesseract, reading the cleared ink again, reads the same
digits (two readers that err differently). What was read goes back into the page as a line of its own
("Ngày: 03/9/2019", marked handwritten), where ``parse.received`` finds it and keeps it out of the
text; what cannot be read stays as Tesseract read it.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from itertools import combinations

import cv2
import numpy as np

from . import digits, ocr, patterns
from .errors import ToolError
from .layout import Segment
from .ocr import Word
from .quality import HANDWRITTEN_CONF

log = logging.getLogger(__name__)

STAMP_SEGMENTS = 16   # the stamp is on the first page's upper part (parse.received.LABEL_ZONE)
LABEL_LETTERS = 4     # the ink glyphs of a label read glued to its value: N, g, à, y
# each glyph read as a digit must be one at all (against "not a digit") this surely: on the 2,045
# real handwritten digits never trained on (scripts/build_digits.py), 94.9 % of glyphs reach it and
# 98.8 % of those are right (at 0.8: 70.7 % reach it — an eight-digit date would hardly ever be
# read); the parse's checks (one date only, a real day and month, a 19xx/20xx year) and the
# parser's (not before the document's date, not a year after it) come on top
DIGIT_CONF = 0.6
MAX_GLYPHS = 12       # "14 / 11 / 2024" is 10; more is the next word taken in

# the stamp's label: "Ngày:", "Ngày:.", "qay.24121.2026." (its N lost, the value glued on): a
# capital N with a mark after it or a stamp's word near, or the value glued on — the document's own
# "ngày 05 tháng 3" and a sentence's "từ ngày 01/3/2022" are lower case
_LABEL = re.compile(r"^\W{0,2}(?:(?P<cap>N)g|[nq]g?)[aàáảạ]y(?P<rest>.*)$")
_MARK = re.compile(r"^[:.…;,]")
# what tells a stamp: its word ĐẾN, its "Giờ" label (read "Gờ", "Gi:"), "Kính chuyển"
_STAMP_CUE = re.compile(r"^\W{0,2}(?:[ĐD][ẾEÉ]N\b|G[iìờơ]{0,2}[ờơoò]?\s*[:.…]|Chuy[ểe]n)", re.IGNORECASE)


def _cue_near(segments: list[Segment], si: int) -> bool:
    return any(_STAMP_CUE.match(w.text) for seg in segments[max(0, si - 2):si + 1] for w in seg.words)


def _value_words(seg: Segment, k: int) -> list[Word]:
    """The words Tesseract made of the handwriting after the label: up to a wide gap or a word of
    print read surely (the title or text beside the stamp)."""
    label = seg.words[k]
    right, out = label.right, []
    for w in seg.words[k + 1:]:
        if w.left - right > label.height or (w.conf >= 85 and sum(ch.isalpha() for ch in w.text) >= 3):
            break
        right = w.right
        out.append(w)
    return out


def date_labels(segments: list[Segment]) -> list[tuple[int, int, bool]]:
    """(segment index, word index, value glued to it) of each received stamp's "Ngày" label in the
    header whose value Tesseract did not read as a date."""
    found = []
    for si, seg in enumerate(segments[:STAMP_SEGMENTS]):
        for k, w in enumerate(seg.words):
            m = _LABEL.match(w.text)
            if not m:
                continue
            rest = m.group("rest")
            after = " ".join(x.text for x in seg.words[k + 1:k + 3])
            if patterns.MONTH_WORD_LOOSE.search(after):
                continue  # "ngày 05 tháng 3": a date in words, the document's or a sentence's
            glued = bool(re.search(r"\d", rest))
            if not (glued or m.group("cap") and (_MARK.match(rest) or _cue_near(segments, si))):
                continue
            value = (rest if glued else "") + "".join(x.text for x in _value_words(seg, k))
            if re.match(r"\W*\d{1,2}/\d{1,2}/\d{4}(?!\d)", value):
                # read as a date: stamped or printed (an invitation's "- Ngày: 07/11/2025"), and
                # parse.received takes a stamp's as it is
                continue
            found.append((si, k, glued))
    return found


def _without_rules(ink: np.ndarray, box: tuple[int, int, int, int], line_height: int) -> np.ndarray:
    """A copy of the page's ink with the stamp's frame and dotted line painted out around ``box``:
    the frame's rules are long, and a glyph cut out with one would be the whole stamp; the dots
    would be merged into the digits above them. (``grid.rule_masks`` finds a page's rules by a few
    centimetres of straight ink; a stamp's sides are shorter and a little tilted, so they are
    measured here in the label's line heights.)"""
    left, top, right, bottom = box
    y0, y1 = max(0, top - line_height), min(ink.shape[0], bottom + line_height)
    x0, x1 = max(0, left), min(ink.shape[1], right)
    region = ink[y0:y1, x0:x1]
    _, bw = cv2.threshold(region, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # thickened across first: a rule of a scanned stamp is a little tilted and one or two px thick
    across = cv2.morphologyEx(cv2.dilate(bw, np.ones((5, 1), np.uint8)), cv2.MORPH_OPEN,
                              np.ones((1, int(2.5 * line_height)), np.uint8))
    down = cv2.morphologyEx(cv2.dilate(bw, np.ones((1, 5), np.uint8)), cv2.MORPH_OPEN,
                            np.ones((int(1.5 * line_height), 1), np.uint8))
    rules = cv2.dilate(across | down, np.ones((3, 3), np.uint8))
    # … and the dots of its dotted line (a written "." with them: the parse counts digits then)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    dots = [i for i in range(1, n) if stats[i, 3] <= 0.22 * line_height and stats[i, 2] <= 0.3 * line_height]
    out = ink.copy()
    out[y0:y1, x0:x1][(rules > 0) | np.isin(labels, dots)] = 255
    return out


def _glyphs(clear: np.ndarray, label: Word, right: int, glued: bool) -> list[tuple[int, int, np.ndarray]]:
    """The handwriting's glyphs right of the label in ``clear`` (the ink with the stamp's frame and
    dots painted out), what is left of dots and of the frame's right side left out."""
    lh = label.height
    glyphs = digits.glyphs_in(clear, (label.left, label.top, right + lh, label.bottom), lh)
    glyphs = glyphs[LABEL_LETTERS:] if glued else [g for g in glyphs if g[0] >= label.right - 2]
    heights = sorted(digits.ink_height(g[2]) for g in glyphs)
    if not heights:
        return []
    tall = float(np.median(heights[len(heights) // 2:]))  # the digits' height; dots are most glyphs
    out = []
    for g in glyphs:
        h = digits.ink_height(g[2])
        if h < 0.35 * tall and g[1] - g[0] < 0.5 * tall:
            continue  # a dot of the dotted line (or a "." between the parts: the count tells them)
        if h > 1.6 * tall:
            break  # what is left of the frame's right side: the stamp ends
        out.append(g)
    return out


def _valid(day: str, month: str, year: str) -> str | None:
    if not (1 <= len(day) <= 2 and 1 <= len(month) <= 2 and len(year) == 4 and year[:2] in ("19", "20")):
        return None
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_glyphs(read: list[tuple[int, float, bool]]) -> tuple[str, str, tuple[int, ...]] | None:
    """(the date as written "03/9/2019", ISO date, the glyphs taken as separators) from the glyphs' readings — (digit, its
    probability at all, whether it may be a separator: a thin or leaning stroke) — or None when no
    way of parting them is a date, or more than one is. Two strokes as separators are tried first;
    with none (parts written with dots), the digits are parted by count."""
    strokes = [i for i, (_, _, sep) in enumerate(read) if sep]
    found: dict[str, tuple[str, tuple[int, ...]]] = {}
    for a, b in combinations(strokes, 2):
        parts = ["".join(str(d) for d, _, _ in read[s:e]) for s, e in ((0, a), (a + 1, b), (b + 1, len(read)))]
        sure = all(p >= DIGIT_CONF for i, (_, p, _) in enumerate(read) if i not in (a, b))
        if sure and (iso := _valid(*parts)):
            found["/".join(parts)] = (iso, (a, b))
    if not found and all(p >= DIGIT_CONF for _, p, _ in read):
        run = "".join(str(d) for d, _, _ in read)
        for i in (1, 2):
            for j in (1, 2):
                parts = [run[:i], run[i:i + j], run[i + j:]]
                if iso := _valid(*parts):
                    found["/".join(parts)] = (iso, ())
    if len(found) != 1:
        return None
    (written, (iso, seps)), = found.items()
    return written, iso, seps


def _agrees(clear: np.ndarray, glyphs: list, label: Word, read: list[tuple[int, float, bool]], written: str,
            langs: tuple[str, ...], timeout: float) -> bool:
    """Whether Tesseract, reading the handwriting again (digits and separators only, each model,
    as a line and as a word), reads the same digits: the classifier's alone took a broken "0" for
    a "2" and a "4" for a "1" on a 1-bit page (chinhphu-19); the two err differently. Tesseract
    may read a separator as a "1", so the glyphs' own digits count too."""
    lh = label.height
    crop = clear[max(0, label.top - lh // 2):label.bottom + lh // 3, max(0, glyphs[0][0] - 5):glyphs[-1][1] + 5]
    crop = cv2.copyMakeBorder(np.ascontiguousarray(crop), 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
    wanted = {written.replace("/", ""), "".join(str(d) for d, _, _ in read)}
    for lang in langs:
        for psm in ("7", "8"):
            try:
                text = ocr.reread(crop, lang, psm, "0123456789/.-", timeout)
            except ToolError:
                continue
            log.debug("received date re-read by Tesseract (%s, psm %s): %r", lang, psm, text)
            if re.sub(r"\D", "", text) in wanted:
                return True
    return False


def read_date(ink: np.ndarray, label: Word, values: list[Word], glued: bool, langs: tuple[str, ...],
              timeout: float) -> tuple[str, str, float] | None:
    """(date as written, ISO date, least glyph probability) read from the ink after ``label``, where
    Tesseract made ``values`` of the handwriting."""
    right = max([w.right for w in values] or [label.right])
    clear = _without_rules(ink, (label.left, label.top, right + label.height, label.bottom), label.height)
    glyphs = _glyphs(clear, label, right, glued)
    if not 6 <= len(glyphs) <= MAX_GLYPHS:
        return None
    p = digits.probabilities([g[2] for g in glyphs])
    read = []
    for (left, rgt, mask), row in zip(glyphs, p):
        d = int(row[:digits.OTHER].argmax())
        thin = rgt - left <= 0.5 * digits.ink_height(mask) or digits.slanted(mask)
        # a thin stroke is a "1" or a separator; read as something else it is a separator only
        sep = thin and (d == 1 or row.argmax() == digits.OTHER)
        read.append((d, float(row[d]), sep))
    parsed = parse_glyphs(read)
    shown = ["%d%s %.2f" % (d, "|" if s else "", p) for d, p, s in read]
    if parsed is None:
        log.info("received stamp's date not read (no one date): %s", shown)
        return None
    written, iso, seps = parsed
    if not _agrees(clear, glyphs, label, read, written, langs, timeout):
        log.info("received stamp's date not read (Tesseract reads otherwise): %s %s", written, shown)
        return None
    return written, iso, min(p for i, (_, p, _) in enumerate(read) if i not in seps)


def reread_received_dates(segments: list[Segment], ink: np.ndarray, langs: tuple[str, ...],
                          timeout: float) -> list[str]:
    """Read each received stamp's handwritten date; a reading is put in as a line of its own
    (label and date) in the segment's place, the words Tesseract made of it left out. Returns
    notes of what was read."""
    notes = []
    for si, k, glued in reversed(date_labels(segments)):  # from the end: inserting keeps indices above
        seg = segments[si]
        if seg.bottom >= ink.shape[0]:
            continue
        label, values = seg.words[k], _value_words(seg, k)
        read = read_date(ink, label, values, glued, langs, timeout)
        if read is None:
            continue
        written, iso, least = read
        conf = 100.0 * min(HANDWRITTEN_CONF, least)
        date_word = Word(written, conf, label.right + 1, label.top, max(w.right for w in [label, *values]) - label.right,
                         label.height, label.block, label.par, label.line, source="handwritten")
        label_word = Word("Ngày:", label.conf, label.left, label.top, label.width, label.height,
                          label.block, label.par, label.line)
        after = seg.words[k + 1 + len(values):]  # the values are the words right after the label
        was = " ".join(w.text for w in [label, *values])
        # the stamp's words before the label ("ĐẾN") stay on its line; the document's words after
        # it (a title's line read into the stamp's) go on as a line of their own
        stamp_line = Segment([*seg.words[:k], label_word, date_word])
        segments[si:si + 1] = [stamp_line] + ([Segment(after, seg.in_cell)] if after else [])
        notes.append(f"received stamp's handwritten date read: {was} → {written}")
        log.info("received stamp's date read from handwriting: %s → %s (%s)", was, written, iso)
    return notes
