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


def test_ruled_table_read_cell_by_cell_each_cells_lines_together():
    # regression (real scan hcm-753 p3): a deadlines table whose cells are a word space or two
    # apart was read as lines running across the cells ("… danh sách Trước ngày Phòng Đào tạo;")
    from pipeline.grid import Rules

    def row_line(y, parts, block):  # one Tesseract line across three cells, 30 px between them
        words, x = [], 0
        for cell_x, text in parts:
            x = cell_x
            for t in text.split():
                words.append(Word(t, 95.0, x, y, 22 * len(t), 40, block, 1, y))
                x += 22 * len(t) + 14
        return words

    words = (row_line(1010, [(420, "Ban hành kế hoạch; rà soát"), (1000, "Trước ngày"), (1260, "Phòng Đào tạo;")], 1)
             + row_line(1060, [(420, "danh sách sinh viên"), (1020, "27/6/2026"), (1260, "Trung tâm QLCL")], 1)
             + row_line(1130, [(420, "Chọn mẫu ngẫu nhiên"), (1000, "Trước ngày"), (1260, "Trung tâm QLCL")], 2)
             + row_line(1180, [(420, "và hướng dẫn"), (1020, "30/6/2026"), (1260, "các khoa")], 2))
    rules = Rules(horizontal=((995, 400, 2000), (1115, 400, 2000), (1235, 400, 2000)),
                  vertical=((400, 995, 1235), (975, 995, 1235), (1235, 995, 1235), (2000, 995, 1235)))
    texts = [s.text for s in reading_order(words, 2480, 3508, rules)]
    assert texts == ["Ban hành kế hoạch; rà soát", "danh sách sinh viên", "Trước ngày", "27/6/2026",
                     "Phòng Đào tạo;", "Trung tâm QLCL",
                     "Chọn mẫu ngẫu nhiên", "và hướng dẫn", "Trước ngày", "30/6/2026", "Trung tâm QLCL", "các khoa"]
    # without the rules the lines run across the cells, as before
    assert [s.text for s in reading_order(words, 2480, 3508)][0] == "Ban hành kế hoạch; rà soát Trước ngày Phòng Đào tạo;"


def test_a_frame_beside_text_and_a_pages_edge_are_no_table():
    # regression (real scans bct-23, shtt-786): a received stamp's frame beside the date line, and
    # the dark edges of a photocopy, were taken for a ruled table and the header read in pieces
    from pipeline.grid import Rules, grids

    boxes = [(300, 400, 700, 440), (1000, 400, 1700, 440), (300, 470, 700, 510), (1000, 470, 1700, 510),
             (1950, 420, 2300, 460), (1950, 480, 2300, 520)]
    frame = Rules(horizontal=((380, 1900, 2400), (560, 1900, 2400)), vertical=((1900, 380, 560), (2400, 380, 560)))
    assert grids(frame, boxes, 40) == []
    edges = Rules(horizontal=((60, 80, 2400),), vertical=((80, 60, 3400), (2400, 60, 3400)))
    assert grids(edges, boxes, 40) == []


def test_rendered_ruled_table_with_narrow_cells_reads_each_cells_lines_together(tmp_path):
    # end to end through the cleaning (which erases the rules and keeps where they were) and real
    # Tesseract: a deadlines table whose cell text comes within a word space of the next cell
    from PIL import Image, ImageDraw

    from conftest import run_document
    from docgen import _font

    font = _font("regular", 13)
    page = Image.new("L", (2480, 1400), 255)
    d = ImageDraw.Draw(page)
    d.text((300, 150), "4. Tiến độ thực hiện", font=_font("bold", 13), fill=0)
    cols = [280, 400, 1290, 1640, 2200]  # TT | Nội dung | Thời hạn | Đơn vị chủ trì
    rows = [
        ["1", ["Rà soát danh sách hộ nghèo và cận", "nghèo trên địa bàn các xã"], ["Trước ngày", "15/3/2025"],
         ["Phòng Lao động;", "UBND các xã"]],
        ["2", ["Tổng hợp kết quả, báo cáo Ủy ban", "nhân dân huyện"], ["Trước ngày", "30/4/2025"],
         ["Văn phòng HĐND", "và UBND huyện"]],
    ]
    y = 260
    d.line([(cols[0], y), (cols[-1], y)], fill=0, width=3)
    for tt, task, due, unit in rows:
        for i, lines in enumerate([[tt], task, due, unit]):
            for k, line in enumerate(lines):
                d.text((cols[i] + 14, y + 14 + 62 * k), line, font=font, fill=0)
        y += 150
        d.line([(cols[0], y), (cols[-1], y)], fill=0, width=3)
    for x in cols:
        d.line([(x, 260), (x, y)], fill=0, width=3)
    path = tmp_path / "table.png"
    page.save(path, dpi=(300, 300))
    text = run_document(path, tmp_path)["text"]
    for first, second in [("Rà soát danh sách hộ nghèo và cận", "nghèo trên địa bàn các xã"),
                          ("Trước ngày", "15/3/2025"), ("Phòng Lao động;", "UBND các xã"),
                          ("Tổng hợp kết quả, báo cáo Ủy ban", "nhân dân huyện"), ("Văn phòng HĐND", "và UBND huyện")]:
        assert f"{first}\n{second}" in text, text
    assert text.index("UBND các xã") < text.index("Tổng hợp kết quả")  # row by row


def test_a_tables_row_numbers_and_rule_remains():
    # regression (real scan hcm-753 p2): cut from its line by the rule, a row's number read at
    # confidence 46 was dropped as a speck, and the erased rule's remains ("_") stayed in a cell
    from pipeline.grid import Rules

    words = [Word("TT", 95.0, 470, 900, 40, 36, 1, 1, 1), Word("Khoa", 95.0, 590, 900, 100, 36, 1, 1, 1),
             Word("Đối", 95.0, 1330, 900, 60, 36, 1, 1, 1), Word("tượng", 95.0, 1400, 900, 120, 36, 1, 1, 1)]
    for i, (num, conf) in enumerate([("1", 90.0), ("2", 90.0), ("3", 77.0), ("4", 46.0)]):
        y = 990 + 92 * i
        words += [Word(num, conf, 497, y, 20, 36, 2 + i, 1, 1), Word("_", 53.0, 546, y - 8, 24, 56, 2 + i, 1, 1),
                  Word("Khoa", 96.0, 590, y, 110, 37, 2 + i, 1, 1), Word(f"K{i}", 96.0, 714, y, 60, 37, 2 + i, 1, 1),
                  Word("Sinh", 96.0, 1330, y, 90, 37, 2 + i, 1, 1)]
    rows = tuple((y, 446, 2108) for y in (884, 976, 1068, 1160, 1251, 1341))
    rules = Rules(horizontal=rows, vertical=((450, 881, 1345), (566, 881, 1345), (1306, 881, 1345), (2108, 881, 1345)))
    texts = [s.text for s in reading_order(words, 2480, 3508, rules)]
    assert texts[3:9] == ["1", "Khoa K0", "Sinh", "2", "Khoa K1", "Sinh"]
    assert "4" in texts and "_" not in " ".join(texts)


def test_page_number_in_a_wide_top_margin_and_letters_too_small_to_be_letters():
    # regression (real scan hcm-753 p2): the page number stood at 10 % of the page's height (wider
    # margin than Decree 30's), and show-through read as "LẠ" 9 px tall among 36 px words
    words = (_line("2", 1230, 300, 1, 36) + _line("– Dữ liệu khảo sát được sử dụng", 350, 420, 2, 36)
             + [Word("LẠ", 40.0, 1460, 500, 28, 9, 3, 1, 1)] + _line("lượng giáo dục và báo cáo", 350, 520, 4, 36))
    assert _texts(words, 2480, 2805) == ["– Dữ liệu khảo sát được sử dụng", "lượng giáo dục và báo cáo"]
    # a number in the body at that height, not centred, stays
    assert "2" in _texts(_line("2", 400, 300, 1, 36) + _line("– Dữ liệu khảo sát", 350, 420, 2, 36), 2480, 2805)


def test_a_ruled_cell_spanning_rows_is_read_with_the_row_it_opens():
    # regression (real scan hcm-753 p2): the lines of a cell spanning rows 1–5 were shared out
    # among those rows by their height on the page
    from pipeline.grid import Rules

    words = []
    for i in range(3):
        y = 990 + 92 * i
        words += [Word(str(i + 1), 90.0, 497, y, 20, 36, 2 + i, 1, 1), Word(f"Khoa{i}", 96.0, 590, y, 110, 37, 2 + i, 1, 1)]
    for k, t in enumerate(["Sinh viên được chọn", "theo hướng dẫn", "mềm khảo sát"]):
        words += [Word(w, 96.0, 1330 + 120 * j, 1010 + 60 * k, 100, 37, 9, 1, k) for j, w in enumerate(t.split())]
    rules = Rules(horizontal=((970, 446, 2108), (1068, 446, 1307), (1160, 446, 1307), (1251, 446, 2108)),
                  vertical=((450, 970, 1251), (566, 970, 1251), (1306, 970, 1251), (2108, 970, 1251)))
    texts = [s.text for s in reading_order(words, 2480, 3508, rules)]
    assert texts == ["1", "Khoa0", "Sinh viên được chọn", "theo hướng dẫn", "mềm khảo sát", "2", "Khoa1", "3", "Khoa2"]


def test_number_line_with_a_garbled_word_still_opens_the_headers_second_row():
    # regression (real scan chinhphu-19): "Sề, 19/2026/NQ-CP" was not taken for the number line and
    # was read right after the issuer, before the national title
    words = (_line("CHÍNH PHỦ", 600, 320, 1) + _line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1140, 320, 2)
             + _line("Độc lập - Tự do - Hạnh phúc", 1340, 394, 3)
             + _line("Sề, 19/2026/NQ-CP", 525, 506, 4) + _line("Hà Nội, ngày 29 tháng 4 năm 2026", 1290, 518, 5))
    assert _texts(words) == ["CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                             "Sề, 19/2026/NQ-CP", "Hà Nội, ngày 29 tháng 4 năm 2026"]


def test_a_line_tesseract_read_as_two_is_joined():
    # regression (real phone photo lamdong-416): the tilted national title came out as
    # "CỘNG HÒA XÃ HỘI CHỦ" and "NGHĨA VIỆT N", two lines
    words = (_line("BỘ CÔNG AN", 500, 80, 1) + _line("CỘNG HÒA XÃ HỘI CHỦ", 1220, 91, 2)
             + [Word(t, 90.0, 1620 + 150 * i, 103, 130, 40, 3, 1, 1) for i, t in enumerate(["NGHĨA", "VIỆT", "NAM"])]
             + _line("Độc lập - Tự do - Hạnh phúc", 1400, 190, 4))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _texts(words)
    # a piece further off stays apart
    words = _line("Khoa Cơ khí", 300, 1000, 1) + _line("Sinh viên", 700, 1010, 2)
    assert _texts(words) == ["Khoa Cơ khí", "Sinh viên"]


def test_a_dash_read_unsure_alone_is_a_speck():
    # regression (real phone photo lamdong-416): the short rule under the issuer read "-" at 5
    words = _line("BỘ CÔNG AN", 500, 80, 1) + [Word("-", 5.0, 660, 140, 17, 10, 2, 1, 1)] + _line("CÔNG AN TỈNH", 400, 160, 3)
    assert _texts(words) == ["BỘ CÔNG AN", "CÔNG AN TỈNH"]


def test_number_line_printed_lower_than_the_date_line_is_still_read_first():
    # regression (real scan hcm-753 p1, its header's words as Tesseract gave them): "só: 3/KH-DCT"
    # sat 90 px under the place-date line and was read after it; Decree 30's number and place-date
    # are one row, the number first (SPEC)
    words = [Word(t, float(c), x, y, w, h, b, p, ln) for t, c, x, y, w, h, b, p, ln in [
        ('BỘ', 96, 435, 235, 68, 47, 1, 1, 1), ('CÔNG', 96, 520, 235, 143, 47, 1, 1, 1),
        ('THƯƠNG', 96, 678, 242, 220, 40, 1, 1, 1), ('CỘNG', 75, 1203, 228, 139, 47, 1, 1, 1),
        ('HÒA', 96, 1356, 223, 107, 43, 1, 1, 1), ('XÃ', 96, 1476, 225, 67, 41, 1, 1, 1),
        ('HỘI', 73, 1557, 228, 90, 47, 1, 1, 1), ('CHỦ', 96, 1662, 223, 104, 44, 1, 1, 1),
        ('NGHĨA', 96, 1779, 225, 161, 42, 1, 1, 1), ('VIỆT', 95, 1953, 228, 113, 48, 1, 1, 1),
        ('NAM', 96, 2080, 234, 111, 33, 1, 1, 1), ('_:', 20, 480, 279, 10, 81, 1, 1, 2),
        ('ˆ', 19, 756, 316, 15, 10, 1, 1, 2), ('Độc', 96, 1383, 257, 57, 80, 1, 1, 2),
        ('lập', 93, 1472, 257, 67, 80, 1, 1, 2), ('-', 93, 1563, 308, 15, 7, 1, 1, 2),
        ('Tự', 97, 1605, 289, 48, 35, 1, 1, 2), ('do', 93, 1672, 289, 48, 35, 1, 1, 2),
        ('-', 93, 1739, 309, 15, 6, 1, 1, 2), ('Hạnh', 96, 1865, 289, 25, 35, 1, 1, 2),
        ('phú', 97, 1935, 289, 48, 35, 1, 1, 2), ('TRƯỜNG', 96, 230, 317, 224, 68, 1, 1, 3),
        ('ĐẠI', 95, 469, 328, 92, 45, 1, 1, 3), ('HỌC', 96, 576, 327, 115, 46, 1, 1, 3),
        ('CÔNG', 96, 708, 327, 152, 58, 1, 1, 3), ('THƯƠNG', 95, 876, 322, 231, 42, 1, 1, 3),
        ('ộc', 90, 1421, 299, 22, 35, 1, 1, 3), ('lập', 93, 1502, 299, 46, 35, 1, 1, 3),
        ('-', 93, 1560, 286, 18, 69, 1, 1, 3), ('Tụ', 96, 1637, 325, 8, 9, 1, 1, 3),
        ('anh', 86, 1817, 300, 44, 34, 1, 1, 3), ('phúc', 96, 1907, 300, 105, 34, 1, 1, 3),
        ('THÀNH', 93, 332, 386, 183, 36, 1, 1, 4), ('PHÓ', 93, 531, 375, 109, 47, 1, 1, 4),
        ('HÒ', 91, 656, 386, 78, 36, 1, 1, 4), ('CHÍ', 93, 750, 386, 95, 36, 1, 1, 4),
        ('MINH', 92, 861, 386, 143, 36, 1, 1, 4), ('Thành', 95, 1178, 449, 126, 37, 1, 1, 5),
        ('phố', 91, 1312, 439, 84, 58, 1, 1, 5), ('Hồ', 84, 1408, 439, 60, 47, 1, 1, 5),
        ('Chí', 96, 1485, 449, 75, 37, 1, 1, 5), ('Minh', 87, 1570, 449, 114, 40, 1, 1, 5),
        ('ngày', 93, 1701, 450, 99, 47, 1, 1, 5), ('sÈŠ', 0, 1818, 412, 64, 74, 1, 1, 5),
        ('tháng', 96, 1891, 449, 117, 48, 1, 1, 5), ('6', 88, 2022, 450, 24, 36, 1, 1, 5),
        ('năm', 96, 2059, 452, 85, 34, 1, 1, 5), ('2026', 96, 2160, 450, 102, 37, 1, 1, 5),
        ('só:', 68, 485, 515, 62, 47, 1, 1, 6), ('3/KH-DCT', 0, 557, 503, 294, 66, 1, 1, 6)]]
    texts = [s.text for s in reading_order(words, 2480, 3506)]
    assert texts.index("só: 3/KH-DCT") + 1 == texts.index("Thành phố Hồ Chí Minh ngày sÈŠ tháng 6 năm 2026"), texts


def test_a_photocopys_margin_line_with_specks_beside_it_is_no_table():
    # regression (real scan shtt-786): the dark margin line of a photocopy, with specks read beside
    # it ("|", "Ị", "AF") and a short stroke across it, was taken for a table's inner rule
    from pipeline.grid import Rules, grids
    from pipeline.layout import printed_boxes

    words = []
    for k in range(12):
        y = 1100 + 150 * k
        words += [Word("Ị" if k % 2 else "|", 30.0, 209, y, 16, 40, 1, 1, k), Word("Căn", 95.0, 300, y, 90, 40, 2, 1, k),
                  Word("cứ", 95.0, 400, y, 60, 40, 2, 1, k)]
    words.append(Word("AF", 82.0, 149, 1368, 110, 40, 1, 1, 99))
    rules = Rules(horizontal=((1077, 175, 455), (3238, 253, 2253)), vertical=((232, 1051, 3274), (2263, 258, 3266)))
    assert grids(rules, [(w.left, w.top, w.right, w.bottom) for w in words], 43)  # every box: a "table"
    assert grids(rules, printed_boxes(words), 43) == []


def test_a_signer_title_standing_above_the_recipients_label_is_read_after_them():
    # regression (real scan hcm-753 p4): the signer's title a line above "Nơi nhận:", with only
    # seal specks beside the recipients (dropped as noise): it was read first
    words = (_line("thời gian quy định./.", 350, 1670, 1) + _line("HIỆU TRƯỞNG", 1405, 1740, 2)
             + _line("Nơi nhận:", 369, 1821, 3) + _line("- BGH (b/c);", 371, 1894, 4)
             + _line("- Lưu: VT, QLCL.", 372, 2008, 5) + _line("Thái Doãn Thanh", 1450, 2300, 6))
    assert _texts(words) == ["thời gian quy định./.", "Nơi nhận:", "- BGH (b/c);", "- Lưu: VT, QLCL.",
                             "HIỆU TRƯỞNG", "Thái Doãn Thanh"]


def _two_pieces(first: str, second: str, gap: int, block2: int) -> list[Word]:
    """A date line read in two pieces ``gap`` pixels apart, the second on Tesseract line ``block2``."""
    words = _line(first, 1260, 395, 1)
    return words + _line(second, words[-1].right + gap, 400, block2)


def test_a_dates_blank_read_as_no_word_does_not_cut_its_line():
    """Found with bench_blanks: a month written in by hand and read as no word left "tháng" and
    "năm 2024" 2.2 heights apart on one Tesseract line; the line was cut there, so the date line
    ended at "tháng" and neither the month's blank nor the date was found. A column's gutter that
    wide between other words still cuts."""
    assert "Cần Thơ, ngày 24 tháng năm 2024" in _texts(_two_pieces("Cần Thơ, ngày 24 tháng", "năm 2024", 111, 1))
    assert "Cần Thơ, ngày 24 tháng Tám" in _texts(_two_pieces("Cần Thơ, ngày 24 tháng Tám", "mùa 2024", 111, 1))


def test_a_date_line_tesseract_ended_at_a_blank_is_one_line_again():
    """Found with bench_blanks (seed 23): Tesseract ended the date line at "tháng" and read
    "` năm 2024" (the month's handwriting as a stray mark) as a line of its own; the month's blank
    had no "năm" after it and the date was lost. Level, within a blank's width, with the next date
    word among its first three words, the two are one line; a line further off, or without the
    date word, stays apart."""
    date = "Đồng Nai, ngày 25 tháng"
    assert f"{date} ` năm 2024" in _texts(_two_pieces(date, "` năm 2024", 126, 2))
    assert date in _texts(_two_pieces(date, "` năm 2024", 400, 2))
    assert date in _texts(_two_pieces(date, "` mùa 2024", 126, 2))


def test_a_place_glued_to_ngay_is_two_words():
    """Found with bench_blanks (seed 23): "Đồng Nai,ngày" read with the comma's space lost, the
    day's word was "Nai,ngày" and the day's blank after it was not found."""
    words = _line("Đồng Nai,ngày", 1225, 397, 1) + _line("tháng 7 năm 2024", 1620, 397, 1)
    segs = reading_order(words, 2480, 3508)
    line = next(s for s in segs if "tháng" in s.text)
    assert line.text.startswith("Đồng Nai, ngày")
    day = next(w for w in line.words if w.text == "ngày")
    assert day.right == words[1].right and 1.5 * day.height <= day.width <= 2.3 * day.height


def test_rules_turn_with_the_page():
    import numpy as np

    from pipeline.grid import find_rules, rule_masks, turned
    page = np.full((400, 300), 255, np.uint8)
    page[100:103, 20:280] = 0    # a rule across
    page[150:380, 200:203] = 0   # a rule down
    before = find_rules(*rule_masks(page, 300))
    for quarters in (1, 2, 3):
        after = find_rules(*rule_masks(np.ascontiguousarray(np.rot90(page, -quarters)), 300))
        got = turned(before, quarters, page.shape)
        for mine, theirs in ((got.horizontal, after.horizontal), (got.vertical, after.vertical)):
            assert len(mine) == len(theirs) == 1
            assert all(abs(a - b) <= 3 for a, b in zip(mine[0], theirs[0])), (quarters, mine, theirs)


def test_a_rule_across_the_page_ends_a_band_and_a_copy_blocks_rows_read_in_turn():
    """A copy block (Decree 30, Part III) under a full-width rule: the document's closing band
    ends at the rule, and the copy's three rows — body | form, number | place-date, recipients |
    signer — are read each left then right."""
    from pipeline.grid import Rules

    words = (_line("Nơi nhận:", 350, 2000, 1) + _line("KT. CHỦ TỊCH", 1500, 1995, 2)
             + _line("- Lưu: VT.", 350, 2050, 3) + _line("Nguyễn Văn A", 1450, 2250, 4)
             + _line("VĂN PHÒNG UBND", 380, 2400, 5) + _line("SAO Y", 1600, 2400, 6)
             + _line("Số: 37/SY-VP", 400, 2460, 7) + _line("Vinh, ngày 20 tháng 7 năm 2023", 1300, 2460, 8)
             + _line("Nơi nhận:", 350, 2560, 9) + _line("TL. CHỦ TỊCH", 1500, 2550, 10)
             + _line("- Lưu: VT.", 350, 2610, 11) + _line("Trần Văn B", 1480, 2800, 12))
    order = [s.text for s in reading_order(words, 2480, 3508, Rules(horizontal=((2340, 354, 2244),)))]
    assert order == ["Nơi nhận:", "- Lưu: VT.", "KT. CHỦ TỊCH", "Nguyễn Văn A",
                     "VĂN PHÒNG UBND", "SAO Y", "Số: 37/SY-VP", "Vinh, ngày 20 tháng 7 năm 2023",
                     "Nơi nhận:", "- Lưu: VT.", "TL. CHỦ TỊCH", "Trần Văn B"]


def test_the_numbers_blank_read_as_no_word_does_not_cut_its_line():
    """"Số:" | wide gap | "/TTr-UBND" in one Tesseract line (the number stamped in red, cleaned away):
    one piece, so that the blank is found and read; it had been cut and read after the date line."""
    words = (_line("Số:", 435, 393, 2) + _line("/TTr-UBND", 625, 401, 2)
             + _line("Mường La, ngày tháng năm 2024", 1270, 400, 2))
    assert _texts(words)[0] == "Số: /TTr-UBND"


def test_a_sentence_naming_the_state_is_not_cut_as_a_header_row():
    """Regression (a rendered LUẬT, photocopy): a law's first line, "Căn cứ Hiến pháp nước Cộng hòa xã
    hội chủ nghĩa Việt Nam;", was cut where the State's name begins and read as a header row: its
    first words went into the header, its last ones were taken for the national title and into
    the law's title. The national title is set in capitals (or, read in small letters from text
    OCR'd elsewhere, follows no sentence); the motto opens with a capital."""
    from pipeline.layout import split_columns

    assert split_columns("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;") == [
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"]
    assert split_columns("nhằm giữ vững độc lập, chủ quyền") == ["nhằm giữ vững độc lập, chủ quyền"]
    assert split_columns("SỞ Y TẾ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == ["SỞ Y TẾ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert split_columns("nhân dân Cộng hoà xã hội chủ nghĩa viẻt nam") == ["nhân dân", "Cộng hoà xã hội chủ nghĩa viẻt nam"]
    assert split_columns("TỈNH X Độc lập - Tự do") == ["TỈNH X", "Độc lập - Tự do"]
