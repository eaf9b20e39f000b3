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
from .parse.header import damaged_name_word, looks_like_name, title_part
from .parse.vocab import vocab
from .text import best_match, is_upper_line

log = logging.getLogger(__name__)

SEARCH_LINES = 13   # how far under the title a signature and a name go, in line heights (a seal of 40 mm under 14 pt capitals: 12)
MIN_CONF = 10.0  # words Tesseract has no faith in at all are seal specks
DOUBTFUL_CONF = 75.0  # a name word read below this (a signature stroke across it) is read again


def _is_title(seg: Segment) -> bool:
    line = title_part(seg.text)  # without a seal's or a signature's debris before it
    text = re.sub(r"^\W*(?:TM|KT|TL|TUQ|Q)\W+", "", line)
    return is_upper_line(line) and bool(best_match(text, vocab().signer_titles, 0.8))


def _last_title(segments: list[Segment], shape: tuple[int, int]) -> tuple[int, Segment, int] | None:
    """(index, line, line height) of the signer's title: the last title line of the lower right."""
    h, w = shape
    titles = [i for i, s in enumerate(segments) if s.words and s.left > w * 0.4 and s.top > h * 0.3 and _is_title(s)]
    if not titles:
        return None
    title = segments[titles[-1]]
    return titles[-1], title, int(statistics.median(wd.height for wd in title.words))


def _names_below(segments: list[Segment], title: Segment, line_height: int) -> list[int]:
    """Indices of the name-like lines in the title's column, as far down as a seal and a signature go."""
    return [k for k, s in enumerate(segments) if s.words and title.bottom < s.top < title.bottom + SEARCH_LINES * line_height
            and s.right > title.left - line_height and s.left < title.right + line_height and looks_like_name(s.text)]


def unnamed_title(segments: list[Segment], shape: tuple[int, int]) -> tuple[int, Segment, int] | None:
    """The signer's title line (lower right) when no name can be read below it: (index, line,
    line height); None when there is no signer block or its name was read."""
    found = _last_title(segments, shape)
    if found is None or _names_below(segments, found[1], found[2]):
        return None
    return found


def _signer_name_line(segments: list[Segment], shape: tuple[int, int]) -> int | None:
    """The index of the name line under the signer's title (the last name-like line of the
    column below the last title), None when there is none."""
    found = _last_title(segments, shape)
    names = _names_below(segments, found[1], found[2]) if found else []
    return names[-1] if names else None


def doubtful_name(segments: list[Segment], shape: tuple[int, int]) -> int | None:
    """The index of the signer's name line when a word of it was read with little confidence."""
    k = _signer_name_line(segments, shape)
    if k is None:
        return None
    words = segments[k].words
    # a first word that is no name's (lower case, no syllable: "ô Thị Lan") lost letters to a stroke
    return k if min(wd.conf for wd in words) < DOUBTFUL_CONF or damaged_name_word(words[0].text) else None


STROKE_CONF = 50.0  # every word of a line between title and name read below this: pen strokes


def signature_strokes(segments: list[Segment], shape: tuple[int, int]) -> list[int]:
    """Indices of the lines between the signer's title and name, in their column, that are the
    signature or the seal read as words ("Sun TẾ Ty" at 22–46, lamdong-416): every word read
    unsure, no title and no name in them (a title line or a name under the seal is read unsure
    too, and stays)."""
    found = _last_title(segments, shape)
    if found is None:
        return []
    i, title, line_height = found
    names = _names_below(segments, title, line_height)
    # down to the name, or with no name read, as far as a seal and a signature go (hcm-753 p4: a
    # seal's "về" at 42 under a title whose name was printed in red)
    end = names[-1] if names else len(segments)
    return [k for k in range(i + 1, end) if segments[k].words
            and segments[k].top < title.bottom + SEARCH_LINES * line_height
            and segments[k].left < title.right + line_height and segments[k].right > title.left - line_height
            and all(wd.conf < STROKE_CONF for wd in segments[k].words) and not _is_title(segments[k])
            and not looks_like_name(segments[k].text)]


def drop_signature_strokes(segments: list[Segment], shape: tuple[int, int]) -> list[str]:
    """Leave the signature's strokes read as words out of the text; return notes."""
    strokes = signature_strokes(segments, shape)
    notes = [f"a signature read as words left out: {segments[k].text!r}" for k in strokes]
    for k in reversed(strokes):
        del segments[k]
    return notes


def needs_reread(segments: list[Segment], shape: tuple[int, int]) -> bool:
    """The signer step's trigger: a title with no name under it, a name read with doubt, or a
    signature read as words between them."""
    return unnamed_title(segments, shape) is not None or doubtful_name(segments, shape) is not None \
        or bool(signature_strokes(segments, shape))


def reread_doubtful_name(segments: list[Segment], image: np.ndarray, lang: str, dpi: float,
                         timeout: float) -> list[str]:
    """Read the signer's name line again on its own (one line of text, psm 7) when a word of it was
    read with little confidence or its first word is no name's: a signature stroke across the name
    makes the page pass lose letters ("n Thị Lê Vân" for "Hà Thị Lê Vân", "ô Thị Lan"). The crop
    reaches well left of the line, where the lost letters are. The new reading is taken only when
    it is a name of as many words whose first word is a name's where the old one was not, or read
    with more confidence; the note keeps what was read before."""
    h, w = image.shape[:2]
    k = doubtful_name(segments, (h, w))
    if k is None:
        return []
    line = segments[k]
    line_height = int(statistics.median(wd.height for wd in line.words))
    left, top = max(0, line.left - 4 * line_height), max(0, line.top - line_height // 2)
    right, bottom = min(w, line.right + 2 * line_height), min(h, line.bottom + line_height // 2)
    crop = np.ascontiguousarray(image[top:bottom, left:right])
    words = [wd for seg in _lines(ocr_page(crop, lang, dpi, timeout, psm=7), left, top) for wd in seg.words
             if any(ch.isalpha() for ch in wd.text)]  # stroke ends read as "_—"
    again = _without_leading_specks(Segment(sorted(words, key=lambda x: x.left))) if words else None
    mean = statistics.fmean
    taken = again is not None and looks_like_name(again.text) and len(again.words) == len(line.words) and (
        (damaged_name_word(line.words[0].text) and not damaged_name_word(again.words[0].text))
        or mean(wd.conf for wd in again.words) > mean(wd.conf for wd in line.words))
    if not taken:
        # the doubt stands (danang-5710: "_ Lễ Trung Chỉnh" for Lê Trung Chinh, each word read at
        # 90 under the stroke): the name is not reported surer than its doubtful reading
        for wd in line.words:
            wd.conf = min(wd.conf, DOUBTFUL_CONF - 1)
        return [f"signer name read with doubt (a stroke or a seal crosses it): {line.text!r}"]
    old = line.text
    segments[k] = again
    log.info("signer name re-read on its own line: %s → %s", old, again.text)
    return [f"signer name re-read on its own line (a stroke crossed it): {old!r} → {again.text!r}"]


def _without_leading_specks(name: Segment) -> Segment:
    """A stroke end or a seal speck read as a word at a name line's start, left out."""
    while len(name.words) > 2 and name.words[0].conf < DOUBTFUL_CONF \
            and damaged_name_word(name.words[0].text) and looks_like_name(
            " ".join(wd.text for wd in name.words[1:])):
        name = Segment(name.words[1:])
    return name


def _lines(words: list, left: int, top: int) -> list[Segment]:
    """Tesseract's lines of a crop's words (specks left out), in page coordinates."""
    lines: dict[tuple[int, int, int], list] = {}
    for wd in words:
        if wd.conf < MIN_CONF:
            continue
        wd.left += left
        wd.top += top
        lines.setdefault((wd.block, wd.par, wd.line), []).append(wd)
    return [Segment(sorted(ws, key=lambda x: x.left)) for ws in lines.values()]


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
    # one column of text (psm 4): the name with the signature and the seal ring around it; when
    # the ring and the strokes make that a picture with no text, one uniform block (psm 6)
    for psm in (4, 6):
        names = [s for s in _lines(ocr_page(crop, lang, dpi, timeout, psm=psm), left, top) if looks_like_name(s.text)]
        if names:
            break
    else:
        return []
    name = names[-1]  # the printed name is the last line; a signature above it reads as noise
    name = _without_leading_specks(name)
    segments.insert(i + 1, name)
    log.info("signer name re-read under the title: %s", name.text)
    return [f"signer name re-read under the seal: {name.text}"]
