"""Synthetic OCR damage of the kinds seen on Vietnamese scans, for the corrector's tests and
benchmark: tone marks dropped or swapped, hats and horns lost, glyphs fused or split
("tr" → "ừ", "kh" → "Idi", "m" → "rn"), stray marks. Deterministic for a seed."""
from __future__ import annotations

import random
import re
import unicodedata

TONES = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
HATS = {"\u0302", "\u0306", "\u031b"}
GLYPH = [("tr", "ừ"), ("kh", "Idi"), ("kh", "Ich"), ("th", "ứi"), ("l", "ỉ"), ("m", "rn"), ("n", "ii"),
         ("h", "li"), ("k", "ic"), ("ư", "u"), ("ơ", "o*"), ("g", "e"), ("ă", "ã"), ("đ", "d")]
STRAY = ["^", "'", "\\", "*"]


def _marks(s: str, rng: random.Random) -> str:
    d = unicodedata.normalize("NFD", s)
    choice = rng.random()
    if choice < 0.45:  # tone dropped
        d = "".join(ch for ch in d if ch not in TONES)
    elif choice < 0.75:  # tone swapped
        tones = [ch for ch in d if ch in TONES]
        if tones:
            d = d.replace(tones[0], rng.choice([t for t in TONES if t != tones[0]]))
        else:
            vowels = [i for i, ch in enumerate(d) if ch.lower() in "aeiouy"]
            if vowels:
                i = rng.choice(vowels)
                d = d[:i + 1] + rng.choice(TONES) + d[i + 1:]
    else:  # hat or horn lost
        d = "".join(ch for ch in d if ch not in HATS) if any(ch in HATS for ch in d) else d
    return unicodedata.normalize("NFC", d)


def _glyph(s: str, rng: random.Random) -> str:
    options = [(a, b) for a, b in GLYPH if a in s]
    if not options:
        return s
    a, b = rng.choice(options)
    return s.replace(a, b, 1)


def damage(text: str, rate: float = 0.08, seed: int = 0) -> str:
    """Damage about ``rate`` of the syllables of ``text`` (lines and spacing kept)."""
    rng = random.Random(seed)

    def one(m: re.Match) -> str:
        w = m.group()
        if rng.random() >= rate:
            return w
        r = rng.random()
        if r < 0.6:
            w = _marks(w, rng)
        elif r < 0.9:
            w = _glyph(w, rng)
        else:
            w = w + rng.choice(STRAY)
        return w
    return re.sub(r"[^\W\d_]+", one, text)
