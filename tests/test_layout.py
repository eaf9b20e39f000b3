"""Reading order from word boxes (no OCR needed: boxes are built by hand)."""
from __future__ import annotations

from pipeline.layout import reading_order, reorder_text_header
from pipeline.ocr import Word


def _line(text: str, x: int, y: int, block: int, h: int = 40) -> list[Word]:
    words, cx = [], x
    for i, t in enumerate(text.split()):
        w = 22 * len(t)
        words.append(Word(t, 95.0, cx, y, w, h, block, 1, 1 if i >= 0 else 0))
        cx += w + 14
    return words


def _texts(words, width=2480, height=3508):
    return [s.text for s in reading_order(words, width, height)]


def test_header_blocks_left_then_right_then_number_row():
    words = (_line("ỦY BAN NHÂN DÂN", 300, 240, 1) + _line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1200, 250, 2)
             + _line("TỈNH BẮC NINH", 330, 300, 3) + _line("Độc lập - Tự do - Hạnh phúc", 1300, 310, 4)
             + _line("Số: 5/KH-UBND", 330, 390, 5) + _line("Bắc Ninh, ngày 1 tháng 2 năm 2024", 1250, 395, 6)
             + _line("KẾ HOẠCH", 1100, 500, 7))
    assert _texts(words) == ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                             "Độc lập - Tự do - Hạnh phúc", "Số: 5/KH-UBND", "Bắc Ninh, ngày 1 tháng 2 năm 2024",
                             "KẾ HOẠCH"]


def test_one_tesseract_line_holding_both_columns_is_cut():
    row = _line("ỦY BAN NHÂN DÂN", 300, 240, 1) + _line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1200, 240, 1)
    assert _texts(row) == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


def test_closing_recipients_before_signer():
    words = (_line("quyết định./.", 350, 2000, 1, ) + _line("Nơi nhận:", 350, 2100, 2)
             + _line("TM. ỦY BAN NHÂN DÂN", 1400, 2095, 3) + _line("- Sở Tài chính;", 350, 2150, 4)
             + _line("CHỦ TỊCH", 1500, 2150, 5) + _line("- Lưu: VT.", 350, 2200, 6)
             + _line("Nguyễn Văn A", 1450, 2400, 7))
    assert _texts(words) == ["quyết định./.", "Nơi nhận:", "- Sở Tài chính;", "- Lưu: VT.",
                             "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"]


def test_band_whose_partner_comes_first_does_not_crash():
    """Regression: the gutter of a band whose first piece's partner lies above it was empty."""
    words = (_line("Nơi nhận:", 350, 2104, 1) + _line("KT. GIÁM ĐỐC", 1400, 2100, 2)
             + _line("- Như trên;", 350, 2160, 3) + _line("PHÓ GIÁM ĐỐC", 1400, 2162, 4))
    assert _texts(words)[0] in ("Nơi nhận:", "KT. GIÁM ĐỐC")


def test_table_rows_read_row_by_row():
    words = (_line("Nhiệm vụ", 400, 1000, 1) + _line("Đơn vị", 1100, 1000, 2) + _line("Thời hạn", 1800, 1000, 3)
             + _line("Rà soát", 400, 1080, 4) + _line("Phòng NN", 1100, 1080, 5) + _line("Tháng 3", 1800, 1080, 6))
    assert _texts(words) == ["Nhiệm vụ", "Đơn vị", "Thời hạn", "Rà soát", "Phòng NN", "Tháng 3"]


def test_page_number_dropped():
    words = _line("3", 1230, 120, 1) + _line("- Lựa chọn mô hình tiên tiến;", 350, 300, 2)
    assert _texts(words) == ["- Lựa chọn mô hình tiên tiến;"]


def test_text_header_columns_reordered():
    text = "nhân dân Cộng hoà xã hội chủ nghĩa việt nam\nTỈNH X Độc lập - Tự do\nSố: 1/KH Hà Nam, ngày 2 tháng 3 năm 2024\nKẾ HOẠCH"
    assert reorder_text_header(text).split("\n") == [
        "nhân dân", "TỈNH X", "Cộng hoà xã hội chủ nghĩa việt nam", "Độc lập - Tự do", "Số: 1/KH",
        "Hà Nam, ngày 2 tháng 3 năm 2024", "KẾ HOẠCH"]


def test_an_issuer_line_beginning_with_so_is_not_the_number_line():
    """Regression: with the horned vowels in its class, the reading order took "SỞ TƯ PHÁP" (an
    issuer) for the start of the number block and read the header's two columns interleaved."""
    from pipeline.patterns import NUMBER_LINE, NUMBER_LINE_START

    for issuer in ("SỞ TƯ PHÁP", "Sở Y tế", "SƠN LA"):
        assert not NUMBER_LINE_START.match(issuer)
    for number in ("Số: 12/KH-UBND", "So: 12/KH", "Sô 57/QĐ-UBND", "SỐ: /TB-VP"):
        assert NUMBER_LINE_START.match(number), number
        assert NUMBER_LINE.match(number).group("rest")


def test_table_with_a_cell_spanning_rows_reads_row_by_row():
    # regression (real scan hcm-753 p2): the header row's cells are not top-aligned (read right to
    # left), and where a tall cell left rows of two pieces the table was read as two blocks — the
    # tall cell's last lines came after the next section's heading
    words = (_line("TT", 300, 1012, 1) + _line("Khoa tham gia", 700, 1006, 2) + _line("Đối tượng", 1500, 1000, 3)
             + _line("1", 300, 1080, 4) + _line("Khoa Cơ khí", 700, 1080, 5) + _line("Sinh viên chọn", 1500, 1090, 6)
             + _line("2", 300, 1150, 7) + _line("Khoa Thông tin", 700, 1150, 8) + _line("theo hướng dẫn", 1500, 1145, 9)
             + _line("3", 300, 1220, 10) + _line("Khoa Sinh học", 700, 1220, 11) + _line("mềm khảo sát", 1500, 1215, 12)
             + _line("4 Khoa Thương mại", 300, 1290, 13) + _line("trên hệ thống", 1500, 1290, 14)
             + _line("3.2. Phương pháp chọn mẫu", 300, 1380, 15))
    assert _texts(words) == ["TT", "Khoa tham gia", "Đối tượng", "1", "Khoa Cơ khí", "Sinh viên chọn",
                             "2", "Khoa Thông tin", "theo hướng dẫn", "3", "Khoa Sinh học", "mềm khảo sát",
                             "4 Khoa Thương mại", "trên hệ thống", "3.2. Phương pháp chọn mẫu"]
