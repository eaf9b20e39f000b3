"""Vietnamese syllable structure: tone, onset, rhyme, and whether a syllable can exist.

A syllable is onset + rhyme + one of six tones. Rhymes are learnt from the corpus (every rhyme
that a frequent syllable shows); onsets are the fixed set of the orthography. Stop-final rhymes
(-p, -t, -c, -ch) take only the sắc or nặng tone.
"""
from __future__ import annotations

import re
import unicodedata

TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}  # huyền sắc hỏi ngã nặng
ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
          "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")
VOWELS = set("aăâeêioôơuưy")
_D = str.maketrans({"đ": "d", "Đ": "D"})


def split_tone(s: str) -> tuple[str, int]:
    """('toan', 1) for 'toàn': the syllable without its tone mark, and the tone (0 = ngang)."""
    d = unicodedata.normalize("NFD", s)
    tone = 0
    out = []
    for ch in d:
        if ch in TONES:
            tone = TONES[ch]
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)), tone


def skeleton(s: str) -> str:
    """Letters only, no marks at all: 'Đường' → 'duong'."""
    d = unicodedata.normalize("NFD", s.translate(_D).lower())
    return "".join(ch for ch in d if unicodedata.category(ch) != "Mn")


def onset_rhyme(toneless: str) -> tuple[str, str]:
    for on in ONSETS:
        if toneless.startswith(on):
            rest = toneless[len(on):]
            if on in ("gi", "qu") and (not rest or rest[0] not in VOWELS):
                return on[0], toneless[1:]  # "gìn" = g + in
            return on, rest
    return "", toneless


_STOP = re.compile(r"(p|t|c|ch)$")


def is_valid(s: str, rhymes: set[str]) -> bool:
    """Could ``s`` (lower case, NFC) be a Vietnamese syllable?"""
    toneless, tone = split_tone(s)
    on, rhyme = onset_rhyme(toneless)
    if rhyme not in rhymes:
        return False
    if _STOP.search(rhyme) and tone not in (2, 5):
        return False
    return True


def mark_distance(a: str, b: str) -> int:
    """How many marks (tone, hat, horn, breve, bar of đ) differ between two same-skeleton syllables."""
    ta, toa = split_tone(a)
    tb, tob = split_tone(b)
    diff = int(toa != tob)
    diff += sum(1 for x, y in zip(ta, tb) if x != y)
    return diff + abs(len(ta) - len(tb))


def rhymes_of(words) -> set[str]:
    out = set()
    for w in words:
        toneless, _ = split_tone(w)
        out.add(onset_rhyme(toneless)[1])
    return out
