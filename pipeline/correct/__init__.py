"""Correct stage: Vietnamese post-OCR correction, line by line (``corrector``).

Its parts: ``syllable`` (what a Vietnamese syllable can be), ``lm`` (the syllable bigram model),
``candidates`` (what a token may have been, with the channel's costs, hand-written or learnt from
Tesseract's own errors) and ``corrector`` (cleaning of stray marks, Viterbi over the candidates,
names kept as read, the changes recorded).
"""
from __future__ import annotations

from .corrector import Change, correct_line, correct_text

__all__ = ["Change", "correct_line", "correct_text"]
