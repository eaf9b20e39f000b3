"""Small text helpers shared by the parsers: accent folding, fuzzy matching, dates."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from rapidfuzz import fuzz

from .patterns import DIGIT_LIKE

_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold(s: str) -> str:
    """Upper case without any diacritic: 'Thái Bình' → 'THAI BINH' (OCR loses marks, not letters)."""
    d = unicodedata.normalize("NFD", s.translate(_D))
    return "".join(ch for ch in d if unicodedata.category(ch) != "Mn").upper()


def unmarked(s: str) -> str:
    """The letters without their tone and vowel marks, case and "Đ" kept: 'Š' → 'S', 'Ủy' → 'Uy'."""
    return "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))


def capital_letters(s: str) -> str:
    """The letters of ``s`` without marks, spaces or marks of punctuation, in capitals as folded:
    'SAO Y BẢN CHÍNH' → 'SAOYBANCHINH' (a capital line compared letter for letter)."""
    return re.sub(r"[^A-Z]", "", fold(s))


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def similarity(a: str, b: str) -> float:
    """0..1 similarity of the folded forms."""
    return fuzz.ratio(fold(a), fold(b)) / 100.0


def best_match(text: str, choices: list[str], threshold: float) -> str | None:
    best, score = None, threshold
    for c in choices:
        s = similarity(text, c)
        if s >= score:
            best, score = c, s
    return best


def is_upper_line(s: str) -> bool:
    letters = [ch for ch in s if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def strip_end(s: str) -> str:
    return s.strip().rstrip(" .;,:-'\"\\^*■")


def digits(token: str) -> str | None:
    t = token.translate(DIGIT_LIKE)
    return t if t.isdigit() else None


def make_date(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None
