"""Urgency stamps in red ink ("HỎA TỐC", "KHẨN"), tilted, read apart from the page's text."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from docgen import _font
from pipeline.stamps import ANGLES, _angles, _match


def _letters_at(angle: float) -> np.ndarray:
    """A stamp's row of letters ("HỎA TỐC") turned ``angle`` degrees, as a mask (1 = ink)."""
    img = Image.new("L", (700, 300), 0)
    ImageDraw.Draw(img).text((120, 110), "HỎA TỐC", font=_font("bold", 22), fill=255)
    return (np.array(img.rotate(angle, fillcolor=0)) > 128).astype(np.uint8)


def test_a_stamp_is_read_first_at_the_slant_of_its_letters():
    # regression (real scan lamdong-560 at 150 dpi, bench_degraded): the stamp, tilted about 17°,
    # was tried only at 0°, ±15°, ±30°, ±40° and read at none; the row of letters' own slant
    # (the long side of the least rectangle round them) is tried first
    for tilt in (17, -12, 8):
        first = _angles(_letters_at(tilt))[0]
        assert abs(first + tilt) <= 2, (tilt, first)
    assert _angles(np.zeros((50, 50), np.uint8)) == list(ANGLES)  # no letters: the usual angles


def test_the_mark_is_found_among_a_few_words_but_not_in_a_sentence():
    # the same stamp's broken frame, not taken out, was read as more words: "HÒA TỐC) -NOA TỌC ?"
    assert _match("HÒA TỐC) -NOA TỌC ?") == "HỎA TỐC"
    assert _match("KHẨN") == "KHẨN"
    assert _match("đề nghị các đơn vị khẩn trương triển khai thực hiện ngay") is None
