"""The holder's received stamp (ĐẾN): read apart into metadata.received (SPEC), never taken for
the end of a title, and only what reads whole."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.parse import parse_document
from pipeline.parse.received import find_received

HEADER = ["BỘ CÔNG THƯƠNG", "Số: 23/2024/TT-BCT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
          "Hà Nội, ngày 07 tháng 11 năm 2024"]


def test_stamp_number_date_and_unit_are_read():
    lines = [*HEADER, "CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", "ĐẾN Số: 1234", "Ngày: 14/11/2024", "Chuyển: TTĐT",
             "THÔNG TƯ", "Quy định về quản lý vật liệu nổ công nghiệp"]
    received, used, warnings = find_received(lines)
    assert received == {"number": "1234", "date": "2024-11-14", "routed_to": "TTĐT"}
    # the office's name above the ĐẾN line is the stamp's too (chinhphu-19: 7 words long)
    assert used == [5, 6, 7, 8] and warnings == []
    # regression (real scan bct-23): the number's code above the ĐẾN line, left there when the
    # stamped "23" went its own way, is no office's name and stays in the text
    _, used, _ = find_received([HEADER[0], "Số:", "/2024/TT-BCT", "ĐẾN vụ» 21//12624", *HEADER[2:]])
    assert used == [3]
    # … while the office's name with a letter read as a digit is the stamp's (chinhphu-19)
    _, used, _ = find_received([*HEADER, "6ổNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", "ĐẾN qay.24121.2026."])
    assert used == [5, 6]


def test_a_title_ending_in_den_nam_is_no_stamp():
    lines = [*HEADER, "KẾ HOẠCH", "THỰC HIỆN CHƯƠNG TRÌNH GIAI ĐOẠN 2021-2025,", "ĐẾN NĂM 2030 ngày 14/11/2024"]
    assert find_received(lines) == (None, [], [])
    lines = [*HEADER, "QUYẾT ĐỊNH", "PHÊ DUYỆT QUY HOẠCH TỈNH THỜI KỲ 2021-2030, TẦM NHÌN", "ĐẾN 2050"]
    assert find_received(lines) == (None, [], [])


def test_a_stamp_whose_handwriting_was_not_read_is_a_warning_not_a_field():
    # the real CCITT page chinhphu-19: "ĐẾN qay.24121.2026." — the date is handwriting read as noise
    received, used, warnings = find_received([*HEADER, "ĐẾN qay.24121.2026.", "NGHỊ QUYẾT"])
    assert received is None and used == [5]
    assert warnings == ["a received stamp (ĐẾN) was found; its number, date, routed_to could not be read"]
    # a date with a part missing is not a date ("05/8 (2018")
    received, _, _ = find_received([*HEADER, "ĐẾN", "Ngày:. 05/8 (2018.", "Chuyển: VP"])
    assert received == {"number": None, "date": None, "routed_to": "VP"}


def test_received_goes_to_metadata_and_the_document_date_stays():
    text = "\n".join([*HEADER, "ĐẾN Số: 88", "Ngày: 14/11/2024", "THÔNG TƯ", "Quy định về quản lý vật liệu nổ",
                      "Căn cứ Luật Quản lý, sử dụng vũ khí ngày 20 tháng 6 năm 2017;"])
    meta = parse_document(text).metadata
    assert meta["received"] == {"number": "88", "date": "2024-11-14", "routed_to": None}
    assert meta["date"] == "2024-11-07" and meta["number"] == "23/2024/TT-BCT"


def test_a_stamped_scan_reads_the_stamp_apart(tmp_path):
    """A plan with the received stamp of the office that got it (blue ink, top right): the stamp
    goes to metadata.received, and neither the header's fields nor the text hold it."""
    from PIL import ImageDraw

    from conftest import plan_fixtures, run_document
    from docgen import _font, render, save_pdf
    from pipeline.evaluate import compare_fields

    plan = plan_fixtures()["tienyen-ubnd-nong-thon-moi"]
    pages, _ = render(plan["layout"])
    page = pages[0].convert("RGB")
    d, ink, x, y = ImageDraw.Draw(page), (40, 40, 140), 1300, 12
    d.rectangle([x, y, x + 700, y + 215], outline=ink, width=5)
    d.text((x + 25, y + 12), "SỞ NỘI VỤ TỈNH QUẢNG NINH", font=_font("bold", 11), fill=ink)
    d.text((x + 25, y + 70), "ĐẾN", font=_font("bold", 16), fill=ink)
    d.text((x + 210, y + 70), "Số: 5678", font=_font("regular", 12), fill=ink)
    d.text((x + 210, y + 118), "Ngày: 14/11/2024", font=_font("regular", 12), fill=ink)
    d.text((x + 25, y + 165), "Chuyển: Phòng CCHC", font=_font("regular", 12), fill=ink)
    pdf = tmp_path / "stamped.pdf"
    save_pdf([page, *pages[1:]], pdf)
    doc = run_document(pdf, tmp_path)
    assert doc["metadata"]["received"] == {"number": "5678", "date": "2024-11-14", "routed_to": "Phòng CCHC"}
    assert [f for f, ok in compare_fields(doc, plan["expected"]) if not ok] == []
    assert "ĐẾN" not in doc["text"] and "QUẢNG NINH" not in doc["text"]


def test_an_invitations_day_line_is_no_stamp():
    lines = ["UBND TỈNH LÂM ĐỒNG", "Số: 560/GM-UBND", "GIẤY MỜI", "Họp đánh giá kết quả cải cách hành chính",
             "Kính gửi: các sở, ngành", "1. Thành phần:", "- Đại diện lãnh đạo các sở;", "2. Thời gian:",
             "- Ngày: 07/11/2025 (Sáng thứ Sáu).", "3. Địa điểm: Phòng họp số 02"]
    assert find_received(lines) == (None, [], [])


def test_a_reviewer_may_correct_the_received_stamp():
    import pytest
    from fastapi import HTTPException

    from pipeline.serve.app import EDITABLE, _check_value, _get, _set

    assert {"received.number", "received.date", "received.routed_to"} <= set(EDITABLE)
    meta: dict = {}
    _set(meta, "received.date", "2024-11-14")
    assert meta["received"] == {"number": None, "date": "2024-11-14", "routed_to": None}
    assert _get(meta, "received.date") == "2024-11-14" and _get({}, "received.number") is None
    with pytest.raises(HTTPException):
        _check_value("received.date", "14/11/2024")


def test_two_stamps_are_both_left_out_and_a_routing_run_into_the_text_is_not_taken():
    # regression (real scan bct-23): an office's stamp and its portal's on one page — only the
    # first was found, the second's "Gờ.... Ngày 4/41" (its colon lost on the dotted line) cut
    # the title in two; and its "Kính chuyển... TT" glued to the body's first line gave
    # routed_to "TT Căn cứ Luật Quản lý, …"
    lines = [*HEADER, "ĐẾN vụ» 21//12624", "THÔNG TƯ", "Quy định về quản lý, sử dụng vật liệu nổ công nghiệp,",
             "Gờ.... Ngày 4/41", "thuộc thẩm quyền quản lý của Bộ Công Thương",
             "Kính chuyển... TT Căn cứ Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ ngày"]
    received, used, warnings = find_received(lines)
    assert received is None and used == [5, 8]
    assert warnings == ["a received stamp (ĐẾN) was found; its number, date, routed_to could not be read"]
    # of two stamps, the one something was read of is reported, its fields not mixed with the other's
    received, used, _ = find_received([*HEADER, "ĐẾN Số: 12", "THÔNG TƯ", "Quy định về quản lý, sử dụng",
                                       "vật liệu nổ công nghiệp, tiền chất", "thuốc nổ thuộc thẩm quyền quản lý",
                                       "Gio... Ngay 14/11/2024", "Chuyển: TTĐT"])
    assert received == {"number": "12", "date": None, "routed_to": None} and used == [5, 10, 11]


# a pen's hand: URW's Z003 (Zapf Chancery, fonts-urw-base35 — scripts/setup.sh), a slanted script
HAND_FONT = Path("/usr/share/fonts/opentype/urw-base35/Z003-MediumItalic.otf")


def _stamp_ink(written: str, label_word: str = "Ngày:"):
    """A received stamp on a 300-dpi page as the handwriting step sees it (grey, ink kept): its
    frame, "ĐẾN", the "Giờ:" and "Ngày:" labels with dotted lines and the date written in a
    script hand just above the dots; and the word boxes Tesseract gives for the label, for what
    it made of the handwriting and for a word of the document beside the stamp."""
    from PIL import Image, ImageDraw, ImageFont

    from docgen import _font
    from pipeline.ocr import Word

    page = Image.new("L", (1400, 420), 255)
    d, f = ImageDraw.Draw(page), _font("regular", 12)
    d.rectangle([40, 20, 1000, 330], outline=0, width=4)
    d.text((70, 150), "ĐẾN", font=_font("bold", 16), fill=0)
    d.text((260, 120), "Giờ: " + "." * 34, font=f, fill=0)
    d.text((260, 210), label_word + " " + "." * 30, font=f, fill=0)
    left, top, right, bottom = d.textbbox((260, 210), label_word, font=f)
    baseline = 210 + f.getmetrics()[0]  # the dotted line's
    hand, x = ImageFont.truetype(str(HAND_FONT), 64), right + 30
    d.text((x, baseline - 6), written, font=hand, fill=20, anchor="ls")
    label = Word(label_word, 91, left, top, right - left, bottom - top, 1, 1, 1)
    read = Word("05/8", 38, x, top - 10, int(d.textlength(written, font=hand)), bottom - top + 20, 1, 1, 1)
    title = Word("trong", 95, 1100, top, 150, bottom - top, 1, 1, 1)
    return np.array(page), label, read, title


def test_a_received_stamps_handwritten_date_is_read_from_the_ink():
    """The date written by hand on the stamp's dotted line (read by Tesseract as "05/8 (2018." for
    03/9/2019, real scan chinhphu-71) is read glyph by glyph, confirmed by Tesseract reading the
    cleared ink again, and put in as the stamp's own line, where the parser takes it into
    metadata.received; the document's words beside it stay."""
    from pipeline.layout import Segment
    from pipeline.received_stamp import reread_received_dates

    for written, iso in (("03/9/2024", "2024-09-03"), ("14/11/2024", "2024-11-14"), ("8.6.2023", "2023-06-08"),
                         ("30/12/2023", "2023-12-30")):
        ink, label, read, title = _stamp_ink(written)
        segments = [Segment([label, read, title])]
        notes = reread_received_dates(segments, ink, ("vie", "eng"), 30)
        assert [" ".join(w.text for w in s.words) for s in segments] == [f"Ngày: {written.replace('.', '/')}", "trong"]
        assert notes == [f"received stamp's handwritten date read: Ngày: 05/8 → {written.replace('.', '/')}"]
        assert segments[0].words[1].source == "handwritten" and segments[0].words[1].conf <= 75
        received, _, _ = find_received([*HEADER, "ĐẾN", "Ngày: " + written.replace(".", "/")])
        assert received["date"] == iso
    # where the two readers differ ("5.3.2024": Tesseract reads "35.3.2024", "33.4024"…) nothing is taken
    ink, label, read, title = _stamp_ink("5.3.2024")
    segments = [Segment([label, read, title])]
    assert reread_received_dates(segments, ink, ("vie", "eng"), 30) == [] and len(segments[0].words) == 3


def test_a_received_date_read_two_ways_or_before_the_document_is_not_taken():
    from pipeline.received_stamp import parse_glyphs

    # "1 1 1 2024" with no separator seen: 11/1 or 1/11 — no reading
    run = [(1, 0.95, True)] * 3 + [(d, 0.97, False) for d in (2, 0, 2, 4)]
    assert parse_glyphs(run) is None
    # two thin strokes are the separators where that alone makes a date ("03|9|2019", chinhphu-71)
    run = [(0, 0.99, False), (3, 0.99, False), (1, 0.6, True), (9, 0.99, False), (1, 0.8, True),
           (2, 0.99, False), (0, 0.98, False), (1, 0.85, True), (9, 0.99, False)]
    assert parse_glyphs(run) == ("03/9/2019", "2019-09-03", (2, 4))
    # a digit read unsure ("0" of a broken 1-bit stroke read as "2" at 0.51, chinhphu-19): nothing
    run[0] = (2, 0.51, False)
    assert parse_glyphs(run) is None
    # a received date before the document's own is a misreading: left out, with a warning
    meta = parse_document("\n".join([*HEADER, "ĐẾN Số: 88", "Ngày: 14/10/2024", "THÔNG TƯ",
                                     "Quy định về quản lý vật liệu nổ"])).metadata
    assert meta["received"] == {"number": "88", "date": None, "routed_to": None}


def test_a_sentences_date_and_the_documents_are_no_stamp_label():
    from pipeline.layout import Segment
    from pipeline.ocr import Word
    from pipeline.received_stamp import date_labels

    def seg(*texts):
        return Segment([Word(t, 60, 100 + 120 * i, 50, 100, 40, 1, 1, 1) for i, t in enumerate(texts)])

    segments = [seg("Hà", "Nội,", "ngày", "#0", "tháng", "8", "năm", "2019"),
                seg("Về", "kế", "hoạch", "giảng", "dạy", "từ", "ngày", "01/3/2022"),
                seg("Ngày", "20/12/2023", "của", "Bộ")]
    assert date_labels(segments) == []
    # the stamp's: with its mark, glued to the value, or beside the stamp's "Giờ" label
    assert date_labels([seg("Ngày:.", "05/8", "(2018.")]) == [(0, 0, False)]
    assert date_labels([seg("ĐẾN", "qay.24121.2026.")]) == [(0, 1, True)]
    assert date_labels([seg("Gờ....`", "Ngày", "4/41")]) == [(0, 1, False)]
    # an invitation's printed meeting day (lamdong-560: "- Ngày: 07/11/2025"), read as a date, is
    # no handwriting to read: it would have become a received date and left the text
    assert date_labels([seg("-", "Ngày:", "07/11/2025", "(Sáng", "thứ", "Sáu).")]) == []
