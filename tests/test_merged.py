"""Two printed lines of small type that Tesseract read as one row of tall, unsure words."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from docgen import _font
from pipeline.merged import merged_runs, reread_merged_lines
from pipeline.ocr import Word


def _body(y: int, block: int) -> list[Word]:
    return [Word(t, 95.0, 200 + 150 * i, y, 120, 36, block, 1, 1) for i, t in enumerate("Đề nghị các đồng chí dự họp".split())]


def test_a_run_of_tall_unsure_words_is_found_and_a_tall_sure_word_is_not():
    merged = [Word(t, c, 382 + 100 * i, 2803, 90, 100, 14, 2, 1) for i, (t, c) in enumerate(
        [("NG", 0.0), ("ca", 33.0), ("th", 0.0), ("Nsoe", 0.0)])] + [Word("Phí", 89.0, 790, 2866, 69, 37, 14, 2, 1)]
    runs = merged_runs(_body(2600, 1) + merged)
    assert runs == [(382, 2803, 859, 2903)]  # the sure word beside the run goes with it
    assert merged_runs(_body(2600, 1) + [Word("TỜ", 92.0, 300, 500, 200, 100, 3, 1, 1),
                                          Word("TRÌNH", 93.0, 520, 500, 300, 100, 3, 1, 1)]) == []


def test_the_run_is_read_again_as_a_block_of_two_lines():
    # regression (real scan lamdong-560): "- Như thành phần mời; / - Phó chủ tịch …" in 11 pt was
    # read "- NG ca th NG HN Nsoe Phí" at confidence 0, and the recipients were one too few
    page = Image.new("L", (1400, 700), 255)
    d = ImageDraw.Draw(page)
    font = _font("regular", 11)
    d.text((100, 300), "- Như thành phần mời;", font=font, fill=0)
    d.text((100, 346), "- Phó chủ tịch Nguyễn Ngọc Phúc;", font=font, fill=0)
    image = np.array(page)
    merged = [Word(t, 0.0, 100 + 140 * i, 300, 120, 90, 14, 2, 1) for i, t in enumerate(["NG", "ca", "th", "Nsoe"])]
    words, notes = reread_merged_lines(_body(100, 1) + merged, image, "vie", 300.0, 30.0)
    again = [w for w in words if w.block >= 90000]
    lines = {}
    for w in again:
        lines.setdefault(w.line, []).append(w.text)
    assert [" ".join(v) for v in lines.values()] == ["- Như thành phần mời;", "- Phó chủ tịch Nguyễn Ngọc Phúc;"], notes
    assert not any(w.text == "Nsoe" for w in words) and len(notes) == 1
    assert sum(1 for w in words if w.block == 1) == 7  # the body's words stay


def test_tall_words_of_letters_read_fairly_are_a_run_too():
    # regression (the same page turned 1°, bench_degraded): the two recipients' lines were read
    # "- Phó chủ tnh Nguy ẫn Ngọc Phú" with the tall words at 64, 93, 34, 79, 74 — one under 40, so
    # the run was not found and the first recipient was lost
    fair = [Word(t, c, 409 + 95 * i, 2808, 88, 95 + 10 * (i == 3), 10, 1, 2) for i, (t, c) in enumerate(
        [("Phó", 64.0), ("chủ", 93.0), ("tnh", 34.0), ("Nguy", 79.0), ("ẫn", 74.0)])]
    assert len(merged_runs(_body(2600, 1) + fair)) == 1
    # two tall words of a title in large type, read surely, are no run
    assert merged_runs(_body(2600, 1) + [Word(t, 90.0, 300 + 220 * i, 500, 200, 100, 3, 1, 1)
                                          for i, t in enumerate(["QUYẾT", "ĐỊNH", "NÀY"])]) == []
