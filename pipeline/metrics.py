"""CER and WER with the SPEC's folding: NFC, whitespace folded, tone-placement style folded."""
from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

_TONES = "\u0300\u0301\u0309\u0303\u0323"
_STYLE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([" + _TONES + r"])(?![^\W\d_])")


def fold_style(s: str) -> str:
    """hoà → hòa, thuỷ → thủy: tone placement is a style, not an error."""
    d = unicodedata.normalize("NFD", s)
    d = _STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), d)
    return unicodedata.normalize("NFC", d)


def normalise(s: str) -> str:
    return re.sub(r"\s+", " ", fold_style(unicodedata.normalize("NFC", s))).strip()


def cer(truth: str, hyp: str) -> float:
    t, h = normalise(truth), normalise(hyp)
    return Levenshtein.distance(t, h) / max(1, len(t))


def wer(truth: str, hyp: str) -> float:
    t, h = normalise(truth).split(), normalise(hyp).split()
    return Levenshtein.distance(t, h) / max(1, len(t))


def error_counts(truth: str, hyp: str) -> tuple[int, int, int, int]:
    """(character edits, truth characters, word edits, truth words), to add up over documents."""
    t, h = normalise(truth), normalise(hyp)
    tw, hw = t.split(), h.split()
    return Levenshtein.distance(t, h), len(t), Levenshtein.distance(tw, hw), len(tw)
