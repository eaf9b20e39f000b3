"""A header line that a stamp's frame crosses, read by the page pass with the stamp's ink as noise
("à ; Và _ả mm duyệt bản …" for "Về việc phê duyệt bản …", real scan binhthuan-407): read again
alone along the band of its sure words."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from docgen import _font
from pipeline.doubtful_lines import doubtful_lines, reread_doubtful_lines
from pipeline.layout import Segment
from pipeline.ocr import Word

TITLE = "Về việc phê duyệt bản Điều lệ của Hiệp hội nghề cá tỉnh"


def _crossed_title():
    """A bold title line with a received stamp's box over its first words (the stamp's own lines
    above and below it), and the words the page pass made of it: the stamp's ink and the first
    words as unsure noise in one tall box, the rest read surely."""
    page = Image.new("L", (2200, 400), 255)
    d, f = ImageDraw.Draw(page), _font("bold", 14)
    x, y = 300, 180
    d.text((x, y), TITLE, font=f, fill=0)
    d.rectangle([120, 60, 420, 330], outline=0, width=5)          # the stamp's frame across "Về việc"
    d.text((140, 80), "ỦY BAN", font=_font("regular", 10), fill=0)
    d.line([(130, 300), (410, 250)], fill=0, width=4)                # a handwritten stroke in it
    words, cursor = [], x
    for k, w in enumerate(TITLE.split()):
        left, top, right, bottom = d.textbbox((cursor, y), w, font=f)
        if k >= 2:  # "phê" on: print read surely
            words.append(Word(w, 93, left, top, right - left, bottom - top, 1, 1, 1))
        cursor = right + int(d.textlength(" ", font=f))
    noise = [Word(t, c, 130 + 60 * i, 70, 55, 260, 1, 1, 1) for i, (t, c) in enumerate((("à", 12), (";", 20), ("Và", 35), ("mm", 8)))]
    return np.array(page), Segment(noise + words)


def test_a_title_line_crossed_by_a_stamp_is_read_again_alone():
    image, seg = _crossed_title()
    segments = [Segment([Word("QUYẾT", 95, 900, 10, 160, 50, 1, 1, 1), Word("ĐỊNH", 95, 1080, 10, 120, 50, 1, 1, 1)]), seg]
    assert doubtful_lines(segments) == [1]
    notes = reread_doubtful_lines(segments, image, "vie", 300, 30)
    assert len(notes) == 1 and notes[0].startswith("header line crossed by a stamp or seal re-read alone")
    words = segments[1].text.split()
    assert "Về" in words[:3] and segments[1].text.endswith("Hiệp hội nghề cá tỉnh")


def test_lines_read_surely_numbered_headings_and_blanks_are_not_read_again():
    def seg(*pairs):
        return Segment([Word(t, c, 100 + 150 * i, 50, 140, 40, 1, 1, 1) for i, (t, c) in enumerate(pairs)])

    sure = seg(("Về", 95), ("việc", 94), ("tổ", 96), ("chức", 95))
    numbered = seg(("__1.", 30), ("ĐÁNH", 90), ("GIÁ", 92), ("KHÁI", 91), ("QUÁT", 93))
    number_line = seg(("Số:", 90), ("4#7", 20), ("/KH-UBND", 91), ("ngày", 95), ("tháng", 95))
    date_line = seg(("Hà", 95), ("Nội,", 95), ("ngày", 95), ("#0", 20), ("tháng", 95), ("8", 40))
    assert doubtful_lines([sure, numbered, number_line, date_line]) == []


def test_a_line_whose_strokes_the_binarising_broke_is_read_from_the_grey_ink():
    """tiengiang-2309 (200 dpi, thin italic): the cleaned page's "V/v huy động lực lượng tham dự …"
    came out "tt hm' động lực hượng tham cụt …"; the header's grey ink, read alone, gave the line."""
    line = "huy động lực lượng tham dự Khai mạc Lễ hội"
    page = Image.new("L", (2000, 200), 255)
    d, f = ImageDraw.Draw(page), _font("italic", 14)
    d.text((100, 60), line, font=f, fill=0)
    grey = np.array(page)
    broken = grey.copy()
    broken[:, ::3] = 255  # every third column lost: the binarising's broken strokes
    broken[::4, :] = 255
    words, cursor = [], 100
    for k, w in enumerate(line.split()):
        left, top, right, bottom = d.textbbox((cursor, 60), w, font=f)
        sure = k in (1, 4, 7, 9)
        words.append(Word(w if sure else "~" + w[:1], 93 if sure else 12, left, top, right - left, bottom - top, 1, 1, 1))
        cursor = right + int(d.textlength(" ", font=f))
    seg = Segment(words)
    alone = [Segment(list(seg.words))]
    reread_doubtful_lines(alone, broken, "vie", 300.0, 30.0)
    with_grey = [Segment(list(seg.words))]
    notes = reread_doubtful_lines(with_grey, broken, "vie", 300.0, 30.0, grey)
    assert notes and with_grey[0].text == line, with_grey[0].text
    assert alone[0].text != line


def test_the_pages_rules_are_painted_out_of_the_grey_ink():
    """Regression: read from the grey ink, a narrow table cell's line came out "|nghèo trên địa bàn"
    (tests/test_layout.py's rendered table): the rule the cleaning erased was still in the grey."""
    from pipeline.doubtful_lines import _without_rules
    from pipeline.grid import Rules

    grey = np.full((100, 300), 255, np.uint8)
    grey[:, 50:53] = 0      # a vertical rule at x 51
    grey[70:72, :] = 0      # a horizontal one at y 71
    grey[30:40, 100:120] = 0  # a letter
    out = _without_rules(grey[10:90, 20:280], Rules(horizontal=((71, 0, 299),), vertical=((51, 0, 99),)), 20, 10)
    assert out.min() == 0 and (out == 0).sum() == 200  # the letter only
