"""Handwritten numbers in a typed header: the document number and the day are often filled in
by hand after printing ("Số: 1595/SGDĐT", "ngày 31 tháng 5"). Tesseract reads such a number as
letters ("Z340") or as the wrong digits ("4635"), so the blank is cut out of the page (with blue
ink kept, see ``clean.header_ink``) and read glyph by glyph by ``digits``.

The reading replaces Tesseract's only when Tesseract was not sure of a clean number and every
glyph reads as a digit with some confidence; otherwise, for a token that is not a number at all,
a digits-only Tesseract re-read is taken when the vie and eng models agree.
"""
from __future__ import annotations

import logging
import re
import statistics
from typing import NamedTuple

import numpy as np

from . import digits, patterns
from .layout import Segment
from .ocr import Word, read_digits
from .quality import HANDWRITTEN_CONF
from .text import digits as text_digits, unmarked

log = logging.getLogger(__name__)

HEADER_SEGMENTS = 14
TYPED_CONF = 90.0   # Tesseract reads print this sure; handwriting it reads at 0–85
GLYPH_CONF = 0.6    # the least sure glyph of a classifier reading
# … and when Tesseract did read digits there: on real handwriting the classifier never saw
# (scripts/build_digits.py's held-out 2,045 UCI and MNIST digits), glyphs it gives ≥ 0.94 of being
# that digit are right 99.3 % of the time (≥ 0.9: 99.3 %, ≥ 0.97: 99.6 %; the feature networks
# alone reached 99.6 % at 0.97 on the UCI part). Lower let a typed "1906" read at 70 dpi become "1706".
OVERRULE_CONF = 0.94
# … unless Tesseract itself was unsure of those digits (its confidence under 50 on a word of the
# blank; typed digits it reads at 90 and more): then a reading every glyph of which is a digit at
# 0.8 is taken (right 99.4 % on the same held-out handwriting)
UNSURE_TESSERACT, OVERRULE_UNSURE_CONF = 50.0, 0.8
# Where Tesseract read no digits at all, the classifier's reading is taken only when its least sure
# glyph is a digit at all (against "not a digit") at 0.45: on the held-out handwriting, glyphs
# under it are right 55 % of the time (98.4 % above); on the development pages five readings under
# it were wrong ("459" for 4552, "7" for 8204, "8" for 753, "28" for 22, a nine-digit run) and one
# right ("18").
READ_FLOOR = 0.45
# ink beside digits Tesseract read surely counts when it stands this far (line heights) from their
# box and is as tall as this much of the line: a thin "1" is, a speck or a comma is not
BESIDE_MARGIN, BESIDE_HEIGHT = 0.15, 0.5
# Tesseract's digits in a blank below this confidence are no evidence against the digit reader's
# (it reads handwriting at 0–85, the dev pages' typed days and months at 80 and over)
DISPUTE_BELOW = 60.0
REREAD_CONF = 0.5   # a digits-only Tesseract re-read that two models agreed on: a reading, not a sure one


# the word with a number's printed "/" and its code ("/KH-UBND", "/2024/NĐ-CP"), not the handwriting
_CODE_WORD = re.compile(r"^/(?:\d{4}/)?[A-ZĐ]{2}")
# A Party or Youth Union number ("Số 2309-CV/TĐTN", SPEC): the type's letters follow the digits
# after a hyphen, before the "/"
_PARTY_CODE = re.compile(r"-[A-ZĐ]{1,5}/")
# an agency code read glued to the handwriting before it, the printed "/" between them lost or
# read as a mark or digit ("4‡#7MTTQ-BTT" for 477/MTTQ-BTT, a page lit unevenly)
_GLUED_CODE = re.compile(rf"(?<=[^\sA-Za-zĐđ])(?P<code>{patterns.AGENCY_CODE.pattern})$")
# … and its label, which has no colon, read glued to the handwritten digits ("Sốg7" for "Số 57")
_PARTY_LABEL_GLUED = re.compile(r"^\W{0,2}S[ốỐôÔoóồổ]\S{1,6}$")


def _code_start(text: str) -> int:
    """Where the printed code after a number's digits starts in a token: its "/", or the hyphen
    of a Party number's type ("-CV/"), or an agency code glued to the handwriting with its "/" lost
    ("4‡#7MTTQ-BTT"); the token's end when it has none."""
    m = _PARTY_CODE.search(text)
    if m:
        return m.start()
    if "/" in text:
        return text.index("/")
    m = _GLUED_CODE.search(text)
    return m.start("code") if m else len(text)


def _suspect(token: str) -> bool:
    core = token[:_code_start(token)]
    return bool(core) and not core.isdigit() and len(core) <= 5 and any(ch.isalnum() for ch in core)


def _agreed(readings: list[str], max_len: int) -> str | None:
    found = {r for r in readings if r.isdigit() and 1 <= len(r) <= max_len}
    return found.pop() if len(found) == 1 and len(readings) >= 2 and len(set(readings)) == 1 else None


def _confirmed(read: tuple[str, float, float], old: str, ink: np.ndarray, box: tuple[int, int, int, int],
               langs: tuple[str, ...], timeout: float) -> str | None:
    """A reading of the blank that two readers agree on, where neither was sure enough alone.

    Tesseract reads the blank again, digits only, once per model: when one of those readings is
    the classifier's (its glyphs a digit at ``READ_FLOOR`` at least), two recognisers that err
    differently agree ("839" at 52 for a handwritten 299: the classifier and the eng model read
    299). When both models agree on a reading of as many digits as the classifier counted and
    of more than the page pass saw, the page pass dropped a digit ("47" for a stamped "407" whose
    last digit the classifier took for a 2): the count and the digits come from different
    readers. Neither rule takes fewer digits than the page pass read."""
    if box[2] <= box[0]:
        return None
    again = [r for r in read_digits(ink, box, langs, timeout) if r]
    digits_seen = len(old) if old.isdigit() else 0
    if read[2] >= READ_FLOOR and read[0] in again and len(read[0]) >= digits_seen:
        return read[0]
    both = _agreed(again, 5)
    if both and len(both) == len(read[0]) and len(both) > digits_seen and old.isdigit():
        return both
    return None


def _x_at(word: Word, index: int) -> int:
    """Where character ``index`` of a word starts, by proportion (glued words have no char boxes)."""
    return word.left + int(word.width * index / max(len(word.text), 1))


def _rows(mask: np.ndarray) -> tuple[int, int]:
    rows = np.nonzero(mask.any(axis=1))[0]
    return (int(rows.min()), int(rows.max()) + 1) if rows.size else (0, 0)


def _join_fragments(glyphs: list[tuple[int, int, np.ndarray]], line_height: int) -> list[tuple[int, int, np.ndarray]]:
    """A broken stroke's loose piece (the top of a "/" crossed by a handwritten "2", bca-4552; an
    end of a thin "T"'s bar, tiengiang-2309) goes with the glyph before it: narrow, short, (almost)
    touching it and up at its top, it is no character of its own. A hyphen is as short but sits
    at the middle of the letters (hungyen-288's "/KH-VP")."""
    out: list[tuple[int, int, np.ndarray]] = []
    for left, right, mask in glyphs:
        top, bottom = _rows(mask)
        fragment = right - left < 0.2 * line_height and bottom - top < 0.4 * line_height
        if out and fragment and left - out[-1][1] <= max(1, 0.05 * line_height):
            pl, pr, pm = out[-1]
            ptop, pbottom = _rows(pm)
            if (top + bottom) / 2 < ptop + (pbottom - ptop) / 3:
                gap = np.zeros((mask.shape[0], left - pr), dtype=mask.dtype)
                out[-1] = (pl, right, np.hstack([pm, gap, mask]))
                continue
        out.append((left, right, mask))
    return out


def _printed_slash(ink: np.ndarray, word: Word, seg: Segment, line_height: int) -> int | None:
    """Where the printed "/" of a number glued to its code ("4‡#7/MTTQ-BTT") starts on the page.

    Tesseract gives no character boxes for a glued word and the handwriting before the "/" is
    read as any number of letters, so a proportional guess can fall inside the code or the
    digits. The code after the "/" is print, one ink glyph per character: counted from the word's
    right end, the glyph as many places back as the code has characters is the "/" (taken only
    when it is as tall as print and near the guess). A glyph wider than a "/" there is the last
    digit written into it: the "/" is its right part."""
    # marks OCR added that leave no glyph of their own ("/'KH-VP") are not counted; a code read
    # glued to the digits had its "/" before it all the same
    code = re.sub(r"[^\w/()-]", "", word.text[_code_start(word.text):])
    if "/" not in word.text and _GLUED_CODE.search(word.text):
        code = "/" + code
    glyphs = _join_fragments([g for g in digits.glyphs_in(ink, (word.left, seg.top, word.right + 2, seg.bottom), line_height)
                              if g[2].sum() >= 0.005 * line_height * line_height], line_height)
    # two letters of bold print that touch are one glyph: a glyph counts as many characters as
    # its width holds capitals (a capital is about as wide as it is tall)
    tall = [h for h in (digits.ink_height(g[2]) for g in glyphs[-len(code):]) if h >= 0.6 * line_height]
    cap = statistics.median(tall) if tall else line_height
    count = 0
    for index in range(len(glyphs) - 1, 0, -1):  # glyph 0 is left for the digits
        left, right, mask = glyphs[index]
        holds = max(1, round((right - left) / (1.05 * cap)))
        count += holds
        if count >= len(code):
            break
    # the count passed the "/" by one inside a glyph two characters wide: the last digit written
    # into the "/" (bca-4552's "2/"), caught by the wide-glyph rule below
    into_slash = count == len(code) + 1 and holds >= 2
    if count != len(code) and not into_slash:  # too few glyphs, or passed the "/" otherwise
        return None
    height = digits.ink_height(mask)
    guess = _x_at(word, _code_start(word.text))
    if code.startswith("-"):
        # a Party number's hyphen ("2309-CV/"): short and wider than high, where the count lands
        hyphen = height < 0.4 * line_height and right - left >= 1.2 * height
        return left if hyphen and abs(left - guess) <= 2 * line_height else None
    if height < 0.6 * line_height or abs(left - guess) > 2 * line_height:
        return None
    if into_slash or right - left > 0.8 * height:
        # the last digit written into the "/" is one glyph with it: the "/" is its right part
        return right - int(0.45 * cap)
    if digits.slanted(mask):
        return left
    # no "/" there: the "/" touched the code's first letter ("/N" of "02/NQ", "/KH") and the
    # two were counted as one character, so the glyph found is the last digit; the "/" is the
    # left part of the glyph after it
    if index + 1 < len(glyphs):
        nxt_left, nxt_right, nxt = glyphs[index + 1]
        part = nxt[:, :max(1, int(0.45 * cap))]
        if nxt_right - nxt_left > 0.8 * digits.ink_height(nxt) and digits.slanted(part, leftmost=True):
            return nxt_left
    return None


def _apart_in_word(ink: np.ndarray, word_from: int, word_to: int, seg: Segment, line_height: int) -> int | None:
    """Where ink at the end of a printed date word's box stands apart from its letters: a thin
    first digit written close after the word (the "1" of 14 or of 12) that Tesseract's box of
    "ngày" or "tháng" took in without growing much wider. Only the word's second half is looked
    at; a printed word's letters, and the pieces of one broken by the scan, stand closer."""
    glyphs = digits.glyphs_in(ink, (word_from, seg.top, word_to, seg.bottom), line_height)
    half = word_from + (word_to - word_from) // 2
    for k, g in enumerate(glyphs):
        before = max((h[1] for h in glyphs[:k]), default=word_from)
        if k and g[0] >= half and g[0] - before >= APART * line_height:
            return int(g[0])
    return None


def _blank_glyphs(ink: np.ndarray, left: int, right: int, seg: Segment, line_height: int,
                  skip_letters: int = 0, printed_until: int = 0, word_from: int = 0) -> list[tuple[int, int, np.ndarray]]:
    if word_from and (apart := _apart_in_word(ink, word_from, left, seg, line_height)) is not None:
        left = apart  # (the blank read from there: a glyph cut at the word's box would be two)
    glyphs = [g for g in digits.glyphs_in(ink, (left, seg.top, right, seg.bottom), line_height) if g[0] >= printed_until]
    if skip_letters:
        # a word glued to the blank: drop its letters ("ngày" = 4 glyphs; "Số:" ends at its colon)
        colon = [i for i, g in enumerate(glyphs[:4]) if digits.is_colon(g[2], line_height)]
        glyphs = glyphs[colon[-1] + 1:] if colon else glyphs[skip_letters:]
    return [g for g in glyphs if not digits.is_colon(g[2], line_height)]


def _in_range(kind: str, value: str) -> bool:
    """A day is 1–31, a month 1–12, each of one or two digits; a number any run of up to five."""
    if not value.isdigit():
        return False
    if kind == "number":
        return len(value) <= 5
    return len(value) <= 2 and 1 <= int(value) <= (31 if kind == "day" else 12)


def _mended(kind: str, old: str, read: list[tuple[int, float, float]]) -> str | None:
    """A day or month Tesseract read as digits that cannot be one ("40" for a handwritten 10,
    binhthuan-407), mended glyph by glyph with the reader: each digit is the reader's where it is
    sure of it (among digits, ``OVERRULE_UNSURE_CONF``), else Tesseract's where the reader's best
    guess is that same digit (two readers agreeing) — else nothing is taken."""
    if kind not in ("day", "month") or not old.isdigit() or _in_range(kind, old) or len(read) != len(old):
        return None
    out = []
    for (digit, conf, _), seen in zip(read, old):
        if conf >= OVERRULE_UNSURE_CONF or str(digit) == seen:
            out.append(str(digit))
        else:
            return None
    value = "".join(out)
    return value if _in_range(kind, value) else None


def _recount(kind: str, glyphs: list, line_height: int, each: list, read: tuple[str, float, float] | None):
    """(each, read) of a day or month, read again whole where the cut glyphs made no day or month:
    it has two digits at most, and a cut that made three (a "6" cut into "62") gives way to the
    glyphs read whole — each a digit at all, surely (two "1"s run together were read whole as one
    "1" at 0.49: bench_blanks seed 47, a month 11 read 1)."""
    if kind == "number" or not read or _in_range(kind, read[0]):
        return each, read
    whole = digits.each_digit(glyphs, line_height, split=False)
    again = digits.run_of(whole, GLYPH_CONF)
    if again and _in_range(kind, again[0]) and again[2] >= GLYPH_CONF:
        return whole, again
    return each, read


def _month_after(words: list[Word], start: int) -> int | None:
    """The index of "tháng" at ``start`` or one of the two places after it, when the words before it
    (from ``start - 1``) are scraps."""
    for j in (start, start + 1, start + 2):
        if j < len(words) and patterns.month_word(words[j].text) and _all_scraps(words[start - 1:j]):
            return j
    return None


def _all_scraps(words: list[Word]) -> bool:
    """Words that are a blank's handwriting read as marks: none longer than three characters (no
    other word of the date), and no digits read surely — unless a mark read unsure is among them
    ("ngày 2 ị tháng" for 21: a typed day has no mark between it and "tháng")."""
    marks = any(not x.text.isdigit() and x.conf < UNSURE_TESSERACT for x in words)
    return all((marks or not (x.text.isdigit() and x.conf >= TYPED_CONF)) and _short_or_marks(x.text) for x in words)


def _short_or_marks(text: str) -> bool:
    """Three characters at most, or six of marks alone ("'`-.": strokes of one digit)."""
    return len(text) <= 3 or (len(text) <= 6 and not any(ch.isalnum() for ch in text))


def _year_after(words: list[Word], start: int) -> int | None:
    """The index of "năm" two or three places after ``start`` (the month's ink read as two or
    three scraps: "tháng / ở) năm"), when the words between are scraps."""
    for j in (start + 2, start + 3):
        if j < len(words) and patterns.YEAR_WORD_LOOSE.match(words[j].text) and _all_scraps(words[start:j]):
            return j
    return None


# "Số:" is about 1.3 times as wide as its box is high (bca-4552: 56 × 42); wider, it took in handwriting
NUMBER_WORD_WIDTH = 1.8
# printed "ngày" read at ≥ 90 in the dev pages' headers: 1.72–2.27 times as wide as its box is high
# (57 of 59 words; the other two, 3.3, took in handwriting); its "y" starts before 1.7 heights
DAY_WORD_WIDTH, DAY_WORD_END = 2.6, 1.7
# "Số:" and the "/" of the code further apart than this many heights: a blank with room to write in
EMPTY_NUMBER_GAP = 1.5
# printed "tháng" read at ≥ 90 on the dev pages' headers: 2.18–2.57 times as wide as its box is
# high (28 words); wider, the box took in handwriting. Its "g" starts before 2.3 heights.
MONTH_WORD_WIDTH, MONTH_WORD_END = 2.8, 2.3
# a digit written inside the printed date word's box stands this far (line heights) from the word's
# last letter (0.21–0.22 in the cases seen); its letters stand closer (up to 0.07, rendered Times)
APART = 0.15


class Blank(NamedTuple):
    """A printed blank of the header with what Tesseract made of the ink in it."""
    kind: str                  # "number", "day" or "month"
    index: int                 # the word rewritten with the reading
    left: int                  # where the ink may be, in page x
    right: int
    skip: int                  # letters of a glued word ("ngày", "Số:") to skip before the digits
    scraps: tuple[int, int] = (0, 0)  # other words the same ink was read as [start, end): dropped with it
    slash: bool = False        # the printed "/" before the code was not read: it goes back after the digits
    printed_until: int = 0     # glyphs starting left of this page x are the printed word's
    word_from: int = 0         # where the printed word's box starts, when the blank starts at its end
    label: str = ""            # the number's label, rewritten before the digits read inside its box
    slash_read: bool = False   # a "/" read in the handwriting (a leaning "1"): the code word after it has the printed one


def _blank_after(kind: str, index: int, word: Word, right: int, scraps: tuple[int, int] = (0, 0)) -> Blank:
    """The day's or month's blank after its printed word ("ngày", "tháng"). A box of the word wider
    than the word (its width to height past what print measures) took in the first digit ("tháng,"
    for the "1" of 11, "tháng/O" for 10): the blank starts inside it, where the printed word ends."""
    wide, end = (DAY_WORD_WIDTH, DAY_WORD_END) if kind == "day" else (MONTH_WORD_WIDTH, MONTH_WORD_END)
    if word.width > wide * word.height:
        return Blank(kind, index, word.left, right, 0, scraps, printed_until=word.left + int(end * word.height))
    return Blank(kind, index, word.right, right, 0, scraps, word_from=word.left)


def _scrap(w: Word) -> bool:
    """A word that may be handwriting read as letters: short, or a little longer and read unsure
    (four digits came out as "2Z)#7Z7" at 7)."""
    return len(w.text) <= 5 or (len(w.text) <= 8 and w.conf < UNSURE_TESSERACT)


def _number_word(w: Word, i: int) -> bool:
    """"Số:" on its own; at the start of a line also as OCR cased it ("số.", "só:")."""
    text = w.text[:1].upper() + w.text[1:] if i == 0 else w.text
    return bool(patterns.NUMBER_WORD_ALONE.match(text))


def _blanks(seg: Segment) -> list[Blank]:
    """Each blank on a line: the number after "Số:", the day after "ngày", the month after "tháng"."""
    words = seg.words
    found = []
    for i, w in enumerate(words):
        if _number_word(w, i) and i + 1 < len(words):
            nxt = words[i + 1].text
            party = bool(_PARTY_CODE.match(nxt))
            if nxt.startswith("/") and not _CODE_WORD.match(nxt) and _scrap(words[i + 1]) \
                    and i + 2 < len(words) and _CODE_WORD.match(words[i + 2].text):
                # "Số: /Ñ% /KH-UBND", "Số: / /KH-STP": the handwriting (a leaning "1") read as a
                # "/" of its own before the code word, which has the printed one
                found.append(Blank("number", i + 1, w.right, words[i + 2].left, 0, slash_read=True))
                continue
            if w.width > NUMBER_WORD_WIDTH * w.height and (nxt.startswith("/") or party):
                # Tesseract's box of "Số" took in the digits written after it ("Sốø;" for "Số 57"
                # before "-KH/ĐTN"): they are read in it after its letters; a Party number's label
                # has no colon (SPEC)
                found.append(Blank("number", i, w.left, words[i + 1].left, 2, label="Số " if party else "Số: "))
                continue
            if nxt.startswith("/"):
                if words[i + 1].left - w.right > EMPTY_NUMBER_GAP * w.height:
                    # "Số:   /KH-UBND" with room between: digits written there may have been read as
                    # no word (a thin "7"); the ink there is read — a blank left blank has none
                    found.append(Blank("number", i, w.right, words[i + 1].left, 0, label="Số: "))
                continue
            # the digits may be read as up to four scraps (one a digit) before the word with the "/"
            j = next((k for k in range(i + 1, min(i + 6, len(words))) if "/" in words[k].text), None)
            code = next((k for k in range(i + 2, min(i + 5, len(words))) if patterns.AGENCY_CODE.fullmatch(words[k].text)), None)
            if j is None and code is not None and all(len(words[k].text) <= 5 for k in range(i + 1, code)):
                # "Số: 220 6 UBND-KGVX": the "/" was lost; the digits are the words up to the code
                found.append(Blank("number", code - 1, w.right, words[code].left, 0, (i + 1, code - 1), True))
                continue
            if j is None and (glued := _GLUED_CODE.search(nxt)) and 0 < glued.start("code") <= 6:
                # "Số: 4‡#7MTTQ-BTT": the handwriting and the code read as one word, the "/" lost
                found.append(Blank("number", i + 1, w.right, _x_at(words[i + 1], glued.start("code")), 0))
                continue
            if j is None or not all(_scrap(words[k]) for k in range(i + 1, j)):
                continue
            # a box of "Số:" wider than the word took in the first digit ("Số:" 2 heights wide, the
            # "4" of 42 in it): the blank starts inside it, after its colon
            start, skip = (w.left, 2) if w.width > NUMBER_WORD_WIDTH * w.height else (w.right, 0)
            if not words[j].text.startswith("/") and j + 1 < len(words) and _CODE_WORD.match(words[j + 1].text) \
                    and _scrap(words[j]):
                # "Số: G⁄/. /SGDĐT-VP" for 691: a leaning "1" read as a "/" before the printed
                # one, which starts the code word after it (bench_blanks seed 47)
                found.append(Blank("number", i + 1, start, words[j + 1].left, skip, (i + 2, j + 1), slash_read=True))
            elif words[j].text.startswith("/"):  # "Số: 5 2 /GM-UBND"
                found.append(Blank("number", i + 1, start, words[j].left, skip, (i + 2, j)))
            else:                              # "Số: 5 2 2/GM-UBND"
                found.append(Blank("number", j, start, _x_at(words[j], _code_start(words[j].text)), skip, (i + 1, j)))
        elif i < 3 and _PARTY_LABEL_GLUED.match(w.text) and i + 1 < len(words) and _PARTY_CODE.match(words[i + 1].text):
            # a Party number's label (no colon) glued to its digits: "Sốg7 -KH/ĐTN" for "Số 57-KH/ĐTN"
            found.append(Blank("number", i, w.left, words[i + 1].left, 2, label="Số "))
        elif patterns.NUMBER_WORD_PREFIXED.match(w.text) and i + 1 < len(words) and words[i + 1].text.startswith("/"):
            found.append(Blank("number", i, w.left, words[i + 1].left, 2))
        elif patterns.NUMBER_WORD_PREFIXED.match(w.text) and i < 3 \
                and (code := next((k for k in range(i + 1, min(i + 4, len(words))) if "/" in words[k].text), None)) \
                and _CODE_WORD.match(words[code].text) and all(_scrap(words[k]) for k in range(i + 1, code)):
            # "Số:¿2_ ð-Š /KH-UBND": the digits read glued to "Số:" and as scraps before the code
            found.append(Blank("number", i, w.left, words[code].left, 2, (i + 1, code)))
        elif patterns.NUMBER_WORD_GLUED.match(w.text) and i < 3:
            found.append(Blank("number", i, w.left, _x_at(w, _code_start(w.text)), 2))
        elif patterns.DAY_WORD_LOOSE.match(w.text) and i + 2 < len(words) and patterns.MONTH_WORD_LOOSE.match(words[i + 2].text):
            if w.right > words[i + 1].left + 2:
                # Tesseract's box of "ngày" took in the handwriting after it (the day's box lies
                # inside it): the blank starts where the printed word ends, about 1.7 times its
                # height from its start (a broken "n" makes counting its glyphs unsafe)
                found.append(Blank("day", i + 1, w.left, words[i + 2].left, 0, printed_until=w.left + int(DAY_WORD_END * w.height)))
            else:
                found.append(_blank_after("day", i + 1, w, words[i + 2].left))
        elif patterns.DAY_WORD_GLUED.match(w.text) and i + 1 < len(words) and patterns.MONTH_WORD_LOOSE.match(words[i + 1].text):
            found.append(Blank("day", i, w.left, words[i + 1].left, 4))
        elif patterns.DAY_WORD_LOOSE.match(w.text) and i + 1 < len(words) and patterns.month_word(words[i + 1].text) \
                and words[i + 1].left - w.right > 0.5 * w.height:
            found.append(_blank_after("day", i, w, words[i + 1].left))  # the day's ink read as no word
        elif patterns.DAY_WORD_LOOSE.match(w.text) and (month := _month_after(words, i + 2)):
            # the day's handwriting read as two or three scraps ("ngày .Š Ễ tháng")
            found.append(_blank_after("day", i + 1, w, words[month].left, (i + 2, month)))
        elif patterns.DAY_WORD_LOOSE.match(w.text) and i + 1 < len(words) and patterns.MONTH_WORD_LOOSE.search(words[i + 1].text) \
                and not patterns.MONTH_WORD_LOOSE.match(words[i + 1].text):
            m = patterns.MONTH_WORD_LOOSE.search(words[i + 1].text)  # "“Ñtháng": the day glued to "tháng"
            found.append(Blank("day", i + 1, w.right, _x_at(words[i + 1], m.start()), 0))
        if patterns.month_word(w.text) and i + 2 < len(words) and patterns.YEAR_WORD_LOOSE.match(words[i + 2].text):
            found.append(_blank_after("month", i + 1, w, words[i + 2].left))
        elif patterns.month_word(w.text) and i + 1 < len(words) and patterns.YEAR_WORD_LOOSE.match(words[i + 1].text) \
                and words[i + 1].left - w.right > 0.5 * w.height:
            found.append(_blank_after("month", i, w, words[i + 1].left))  # the month's ink read as no word
        elif patterns.month_word(w.text) and (year := _year_after(words, i + 1)):
            found.append(_blank_after("month", i + 1, w, words[year].left, (i + 2, year)))
    return found


def _rewrite(word: Word, kind: str, value: str, slash: bool = False, label: str = "") -> str:
    text = word.text
    if slash:
        return value + "/"
    if label:
        return label + value
    if kind == "number":
        if patterns.NUMBER_WORD_PREFIXED.match(text) and not patterns.NUMBER_WORD_ALONE.match(text):
            return "Số: " + value
        if patterns.NUMBER_WORD_GLUED.match(text) and not patterns.NUMBER_WORD_ALONE.match(text):
            return "Số: " + value + text[_code_start(text):]
        if "/" not in text and _GLUED_CODE.search(text):
            return value + "/" + text[_code_start(text):]  # the "/" read as a digit or lost: put back
        return value + text[_code_start(text):] if "/" in text else value
    if (bare := _bare_date_word(text, kind)) is not None:
        return bare + " " + value
    if patterns.DAY_WORD_GLUED.match(text) and not patterns.DAY_WORD_LOOSE.match(text):
        return "ngày " + value
    m = patterns.MONTH_WORD_LOOSE.search(text)
    return value + " " + text[m.start():] if m and m.start() > 0 else value


def _bare_date_word(text: str, kind: str = "") -> str | None:
    """The printed "ngày"/"tháng" (kind "day"/"month" asks for that one) without the mark glued
    after it where the pen's stroke began, or None when text is not that word."""
    day = kind != "month" and patterns.DAY_WORD_LOOSE.match(text)
    month = kind != "day" and patterns.month_word(text)
    return text.rstrip(patterns.TRAILING_MARKS) if day or month else None


def _drop_glued_mark(printed: Word) -> None:
    """A mark glued to the printed date word before a blank ("tháng.") is no punctuation of the
    date: the parser reads "tháng 3", not "tháng. 3"."""
    if (bare := _bare_date_word(printed.text)) is not None:
        printed.text = bare


def _old_value(words: list[Word], blank: Blank) -> str:
    """What Tesseract read in the blank: the target word's part in it and its scraps, in order."""
    text = words[blank.index].text
    if blank.kind == "number" and blank.slash_read:
        own = text
    elif blank.kind == "number":
        core = text[:_code_start(text)]
        glued = (patterns.NUMBER_WORD_GLUED.match(text) or patterns.NUMBER_WORD_PREFIXED.match(text)) \
            and not patterns.NUMBER_WORD_ALONE.match(text)
        own = core[3:].lstrip(":;.") if glued else "" if patterns.NUMBER_WORD_ALONE.match(text) else core
    elif blank.kind == "day" and patterns.DAY_WORD_LOOSE.match(text):
        own = ""  # the day's ink read as no word: the blank's word is "ngày" itself
    else:
        m = patterns.MONTH_WORD_LOOSE.search(text)
        own = text[:m.start()] if m else text
    parts = {blank.index: own} | {k: words[k].text for k in range(*blank.scraps)}
    return "".join(parts[k] for k in sorted(parts))


def _ink_beside(ink: np.ndarray, seg: Segment, blank: Blank) -> bool:
    """Digit-sized ink in the blank outside the box of the digits Tesseract read surely: a thin
    handwritten "1" it passed over ("tháng 12" read "tháng 2" at 95, so the month came out 2)."""
    if seg.bottom >= ink.shape[0] or blank.right <= blank.left:
        return False
    word = seg.words[blank.index]
    line_height = int(statistics.median(w.height for w in seg.words))
    margin = BESIDE_MARGIN * line_height
    glyphs = _blank_glyphs(ink, blank.left, blank.right, seg, line_height, blank.skip, blank.printed_until,
                           blank.word_from)
    return any((g[1] < word.left - margin or g[0] > word.right + margin)
               and digits.ink_height(g[2]) >= BESIDE_HEIGHT * line_height for g in glyphs)


def _open_blanks(segments: list[Segment], ink: np.ndarray | None = None):
    """(segment, blank, value read so far, Tesseract's least confidence on it, whether ink stands
    beside the digits it read surely) of each header blank that is not a typed number read with
    confidence — or is, with ink beside it (``ink``: the header with coloured ink kept)."""
    for seg in segments[:HEADER_SEGMENTS]:
        if not seg.words:
            continue
        for blank in _blanks(seg):
            conf = min(w.conf for w in [seg.words[blank.index], *seg.words[slice(*blank.scraps)]])
            old = _old_value(seg.words, blank)
            if not (old.isdigit() and conf >= TYPED_CONF):  # typed and read with confidence (every scrap of it)
                yield seg, blank, old, conf, False
            elif ink is not None and _ink_beside(ink, seg, blank):
                yield seg, blank, old, conf, True


class Dispute(NamedTuple):
    """A blank whose digits the two readers read differently, neither surely, or a day or month
    that neither read: Tesseract's reading stands in the text (what was read), and the field made
    of it is left null (``refuse_disputed``)."""
    kind: str          # "number", "day" or "month"
    tesseract: str     # Tesseract's reading (digits, or letters where it read none), and its confidence (0–100)
    conf: float
    reader: str        # the digit reader's


def _disputed(kind: str, old: str, conf: float, read: tuple[str, float, float] | None,
              each: list[tuple[int, float, float]] = ()) -> Dispute | None:
    """Tesseract's unsure digits left standing where the digit reader read other digits: on unseen
    handwriting (bench_blanks seed 47) Tesseract's reading was wrong in each of five such blanks
    (the reader right in four); on the dev pages none was the header's number or date. A day or
    month read as letters ("Z7", "|Š") and not read by the reader either is one too: the corrector
    and the parser take look-alike letters for digits (27, 15), right for print, a guess for
    handwriting (seed 47: two wrong dates)."""
    if kind != "number" and old and not old.isdigit():
        return Dispute(kind, old, conf, read[0] if read else "")
    if read is None and old.isdigit() and conf < DISPUTE_BELOW and len(each) > len(old):
        # more digit-sized glyphs in the blank than Tesseract read digits, unsure, and the reader
        # not sure of them either: a digit may have been passed over (a thin "1": "tháng 12" read
        # "2" at 51, bench_blanks seed 61) — Tesseract's count is no evidence here
        return Dispute(kind, old, conf, "".join(str(d) for d, _, _ in each) + "?")
    if read is None or not old.isdigit() or conf >= DISPUTE_BELOW or int(read[0]) == int(old):
        return None
    return Dispute(kind, old, conf, read[0])


def _as_digits(read: str) -> str | None:
    """The digits a reading stands for, look-alike letters taken as digits as the parser takes them."""
    bare = unmarked(read).strip(" .,:;'`\"")
    return text_digits(bare) if bare else None


def refuse_disputed(metadata: dict, disputes: list[Dispute]) -> list[str]:
    """Leave null the number or date made of digits the readers disputed (SPEC: a field that cannot
    be read is null with a warning, never a guess); returns the warnings."""
    warnings = []
    for d in disputes:
        number, date = metadata.get("number"), metadata.get("date")
        said = f"Tesseract read {d.tesseract!r} (at {d.conf:.0f}), the digit reader {d.reader!r}"
        own = re.match(r"\d+", number or "")
        if d.kind == "number" and own and own.group() == d.tesseract:
            metadata["number"] = None
            warnings.append(f"the number's handwritten digits were read two ways ({said}): number {number!r} left null")
        elif d.kind in ("day", "month") and date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) \
                and (value := _as_digits(d.tesseract)) is not None \
                and int(date[8:] if d.kind == "day" else date[5:7]) == int(value):
            metadata["date"] = None
            if d.tesseract.isdigit():
                warnings.append(f"the date's handwritten {d.kind} was read two ways ({said}): date {date} left null")
            else:
                warnings.append(f"the date's handwritten {d.kind} could not be read (Tesseract read {d.tesseract!r}): "
                                f"date {date}, made of look-alike letters, left null")
    return warnings


def has_blanks(segments: list[Segment], ink: np.ndarray | None = None) -> bool:
    """The trigger of the handwriting step: a number, day or month blank still to read."""
    return next(_open_blanks(segments, ink), None) is not None


def reread_header_numbers(segments: list[Segment], image: np.ndarray, langs: tuple[str, ...],
                          timeout: float, ink: np.ndarray | None = None,
                          disputes: list[Dispute] | None = None) -> list[str]:
    """Fix handwritten number and day tokens in place; return what was changed (for warnings).
    ``ink``: the top of the page with coloured ink kept (``clean.header_ink``), None to use
    only Tesseract; ``disputes`` collects the blanks left as Tesseract read them that the digit
    reader read otherwise, and the days and months neither read (``_disputed``)."""
    changed: list[str] = []
    scraps: list[tuple[Segment, list[Word]]] = []  # removed after the loop: the blanks' indices hold till then
    for seg, blank, old, tesseract_conf, beside in _open_blanks(segments, ink):
        kind, index, left, right, skip = blank[:5]
        word = seg.words[index]
        line_height = int(statistics.median(w.height for w in seg.words))
        value, sure, read, each, slash = None, REREAD_CONF, None, [], None
        if ink is not None and seg.bottom < ink.shape[0] and kind == "number" \
                and ("/" in word.text or _GLUED_CODE.search(word.text)) and not blank.slash_read:
            slash = _printed_slash(ink, word, seg, line_height)
            right = slash or right
        if ink is not None and seg.bottom < ink.shape[0] and right > left:
            glyphs = _blank_glyphs(ink, left, right, seg, line_height, skip, blank.printed_until, blank.word_from)
            each = digits.each_digit(glyphs, line_height)
            each, read = _recount(kind, glyphs, line_height, each, digits.run_of(each, GLYPH_CONF))
            # Tesseract's own digits give way only to a sure reading of as many digits (it counts
            # well even when it reads wrong; an extra digit is a "/" or a stroke taken in)
            # … and "sure" is then the glyph's probability of being that digit at all: among digits
            # only, a typed "9" at 70 dpi that the reader took for no digit still came out a sure "7"
            # digits glued to their printed word ("Số:22" for 420): Tesseract's confidence is mostly
            # the print's, and its count is what it made of one run of ink — neither is evidence
            # … and where ink stands beside the digits Tesseract read, it counted without that ink
            own_count = skip > 0 or beside  # the reader's count stands whatever Tesseract counted
            needed = OVERRULE_UNSURE_CONF if tesseract_conf < UNSURE_TESSERACT or own_count else OVERRULE_CONF
            # the printed "/" found on the ink closes the blank: its glyphs are counted between
            # "Số:" and the "/", and digits Tesseract was unsure of ("22" at 34 for a handwritten
            # 8204, btp-8204) are no better evidence of the count than of the digits
            if slash is not None and tesseract_conf < UNSURE_TESSERACT:
                needed, own_count = GLYPH_CONF, True
            if read and ((not old.isdigit() and read[2] >= READ_FLOOR)
                         or (read[2] >= needed and (len(read[0]) == len(old) or own_count))):
                value, sure = read[0], float(read[1])
        if value is None and read and skip == 0:  # a glued word's letters would be read as digits too
            value = _confirmed(read, old, ink, (max(left, blank.printed_until), seg.top, right, seg.bottom),
                               langs, timeout)
            sure = float(read[1]) if value else sure
        if value is None and _suspect(old) and skip == 0:
            value = _agreed(read_digits(image, (word.left, word.top, word.right, word.bottom), langs, timeout),
                            5 if kind == "number" else 2)
        if not (value and _in_range(kind, value)) and (mend := _mended(kind, old, each)):
            value, sure = mend, REREAD_CONF
        if not (value and _in_range(kind, value)) and disputes is not None \
                and (dispute := _disputed(kind, old, 0.0 if beside else tesseract_conf, read, each)):
            disputes.append(dispute)
            log.info("handwritten %s read two ways or not at all: %s", kind, dispute)
        if not value or not _in_range(kind, value) or (value == old and blank.scraps[1] <= blank.scraps[0]):
            continue  # (the same digits read as scraps, "ngày 2 3 tháng", are still joined)
        new = value if blank.slash_read else _rewrite(word, kind, value, blank.slash, blank.label)
        changed.append(f"{word.text} → {new}")
        log.info("handwritten %s re-read: %s → %s", kind, word.text, new)
        word.text = new
        if kind != "number" and index > 0:
            _drop_glued_mark(seg.words[index - 1])
        # scraps of the same ink read as more words go with it
        scraps.append((seg, seg.words[slice(*blank.scraps)]))
        # the field is now a reading of handwriting: its confidence is the reader's, capped
        word.source = "handwritten"
        word.conf = 100.0 * min(sure, HANDWRITTEN_CONF)
    for seg, words in scraps:
        seg.words = [w for w in seg.words if not any(w is x for x in words)]
    return changed
