"""Our own plans (other provinces, departments, signers, sections) parsed from their text."""
from __future__ import annotations

import pytest

from conftest import parse_rendered, plan_fixtures
from pipeline.correct import correct_text
from pipeline.evaluate import compare_fields
from pipeline.parse import parse_document

PLANS = plan_fixtures()


@pytest.mark.parametrize("name", sorted(PLANS))
def test_plan_text_parses_fully(name):
    plan = PLANS[name]
    p = parse_rendered(plan["layout"])
    res = compare_fields({"metadata": p.metadata, "sections": p.sections}, plan["expected"])
    missed = [f for f, ok in res if not ok]
    assert not missed


def test_blank_day_gives_null_date_with_warning():
    p = parse_document("SỞ TƯ PHÁP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                       "Số: /KH-STP\nCần Thơ, ngày tháng 4 năm 2024\nKẾ HOẠCH\nTuyên truyền pháp luật\n")
    assert p.metadata["date"] is None
    assert p.metadata["place"] == "Cần Thơ"
    assert any("date" in w for w in p.warnings)


def test_missing_role_is_absent_not_invented():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 5/KH-UBND\nBắc Ninh, ngày 1 tháng 2 năm 2024\nKẾ HOẠCH\n"
            "Kiểm tra công vụ\nI. MỤC ĐÍCH\nKiểm tra việc chấp hành kỷ luật.\nII. CHẾ ĐỘ BÁO CÁO\nBáo cáo hằng quý.\n")
    p = parse_document(text)
    assert set(p.sections) == {"purpose"}
    assert [o["heading"] for o in p.outline] == ["MỤC ĐÍCH", "CHẾ ĐỘ BÁO CÁO"]
    assert p.outline[1]["role"] is None


def test_damaged_roman_numerals_follow_the_sequence():
    text = ("KẾ HOẠCH\nViệc A\nI. MỤC ĐÍCH, YÊU CẦU\nNội dung.\nn. NỘI DUNG\n- Việc một;\n"
            "m, THÀNH PHẦN THAM DỰ\n1. Đại biểu tỉnh: Lãnh đạo Sở.\nIV. KINH PHÍ: Từ ngân sách tỉnh.\n")
    p = parse_document(text)
    assert [(o["number"], o["role"]) for o in p.outline] == [
        ("I", "purpose"), ("II", "agenda"), ("III", "participants"), ("IV", "funding")]
    assert p.sections["funding"]["source"] == "ngân sách tỉnh"


def test_a_numeral_read_as_a_letter_with_its_full_stop_lost_is_the_numeral_due():
    # regression (a rendered CHƯƠNG TRÌNH sent as a 200 dpi fax): "I. MỤC TIÊU, YÊU CẦU" read
    # "L MỤC TIÊU, YÊU CẦU": the purpose section was lost
    text = ("CHƯƠNG TRÌNH\nViệc A\nL MỤC TIÊU, YÊU CẦU\nNội dung.\nII. NHIỆM VỤ VÀ GIẢI PHÁP\n- Việc một;\n"
            "L PHẠM VI ÁP DỤNG\nTrong tỉnh.\n")
    p = parse_document(text)
    # the second "L" is no numeral: III is due there
    assert [(o["number"], o["role"]) for o in p.outline] == [("I", "purpose"), ("II", "agenda")]
    assert p.sections["purpose"]["heading"] == "MỤC TIÊU, YÊU CẦU"


def test_parent_issuer_rule():
    two = parse_document("UBND TỈNH NAM ĐỊNH\nSỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN\n"
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-SNN\n")
    assert two.metadata["parent_issuer"] == "UBND TỈNH NAM ĐỊNH"
    assert two.metadata["issuer"] == "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"
    one = parse_document("ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-UBND\n")
    assert one.metadata["parent_issuer"] is None
    assert one.metadata["issuer"] == "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH"


def test_unreadable_handwritten_day_keeps_place():
    p = parse_document("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                       "Độc lập - Tự do - Hạnh phúc\nSố: 23 /BC-UBND\nQuảng Ngãi, ngày @# tháng 01 năm 2025\nBÁO CÁO\nTình hình\n")
    assert p.metadata["place"] == "Quảng Ngãi"
    assert p.metadata["date"] is None
    assert p.metadata["number"] == "23/BC-UBND"
    assert p.metadata["doc_type"] == "BÁO CÁO" and p.metadata["doc_type_code"] == "BC"


def test_left_block_below_the_national_title_and_run_together_locality():
    """Regression (real scan, Hưng Yên): the issuer block sat lower than the national title and
    the number line was unreadable; 'HƯNGYÊN' lost its space."""
    p = parse_document("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHĐND TỈNH HƯNGYÊN\nVĂN PHÒNG\n"
                       "Độc lập - Tự do - Hạnh phúc\nHưng Yên, ngày 18 tháng 12 năm 2017\nKẾ HOẠCH\nTổ chức thực hiện\n")
    assert p.metadata["parent_issuer"] == "HĐND TỈNH HƯNG YÊN"
    assert p.metadata["issuer"] == "VĂN PHÒNG"
    assert p.metadata["date"] == "2017-12-18"


def test_rules_and_dashes_at_block_edges_are_not_names():
    p = parse_document("- UBND THÀNH PHỐ ĐÀ NẴNG _\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                       "Số: 1906/SGDĐT-CTrTT\nV/V khẩn trương thực hiện\nĐà Nẵng, ngày 26 tháng 7 năm 2020\n")
    assert p.metadata["parent_issuer"] == "UBND THÀNH PHỐ ĐÀ NẴNG"
    assert p.metadata["doc_type"] == "CÔNG VĂN"
    assert p.metadata["title"] == "khẩn trương thực hiện"


def test_heading_whose_full_stop_was_lost():
    p = parse_document("KẾ HOẠCH\nViệc A\nI MỤC TIÊU\nNội dung.\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính: Bố trí kinh phí.\n")
    assert [(o["number"], o["role"]) for o in p.outline] == [("I", "purpose"), ("II", "responsibilities")]


def test_signer_block_damaged_by_a_seal():
    closing = ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\n. _ KT GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nXu\nTrần Văn Hùng\n")
    p = parse_document("SỞ TƯ PHÁP\nSố: 1/KH-STP\nKẾ HOẠCH\nViệc A\nI. MỤC ĐÍCH\nNội dung.\n" + closing)
    assert p.metadata["signer"] == {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Trần Văn Hùng"}
    assert p.metadata["recipients"] == ["Như trên", "Lưu: VT"]
    no_authority = parse_document("SỞ TƯ PHÁP\nSố: 1/KH-STP\nNơi nhận:\n- Lưu: VT.\nGIÁM ĐỐC.\nCHÁNH ÁN\n"
                                  "Phạm Minh Tuấn\n")
    assert no_authority.metadata["signer"]["title"] == "GIÁM ĐỐC"


def test_arabic_numbers_at_the_top_level():
    text = ("KẾ HOẠCH\nTổ chức việc A\n1. MỤC ĐÍCH, YÊU CẦU\na) Mục đích\n- Nâng cao nhận thức;\n"
            "2. NỘI DUNG THỰC HIỆN\n- Tổ chức hội nghị;\n3. KINH PHÍ\nTừ nguồn ngân sách huyện năm 2024.\n"
            "4. TỔ CHỨC THỰC HIỆN\n- Phòng Văn hóa và Thông tin: Chủ trì tổ chức;\n- Phòng Tài chính - Kế hoạch: Bố trí kinh phí.")
    p = parse_document(text)
    assert [(o["number"], o["role"]) for o in p.outline] == [
        ("1", "purpose"), ("2", "agenda"), ("3", "funding"), ("4", "responsibilities")]
    assert [u["unit"] for u in p.sections["responsibilities"]["items"]] == [
        "Phòng Văn hóa và Thông tin", "Phòng Tài chính - Kế hoạch"]
    assert p.sections["funding"]["source"] == "nguồn ngân sách huyện năm 2024"


def test_item_number_read_with_a_comma():
    """Regression (photocopy render): '1, Phòng Chuyển đổi số: …' was not an item, so the unit was lost."""
    text = ("KẾ HOẠCH\nViệc A\nI. TỔ CHỨC THỰC HIỆN\n1, Phòng Chuyển đổi số: Chủ trì, theo dõi.\n"
            "2. Văn phòng Sở: Bố trí kinh phí.\n")
    p = parse_document(text)
    assert [u["unit"] for u in p.sections["responsibilities"]["items"]] == ["Phòng Chuyển đổi số", "Văn phòng Sở"]
    corrected, _ = correct_text("1, Phòng Chuyển đổi số: Chủ trì.\n2024, năm")
    assert corrected == "1. Phòng Chuyển đổi số: Chủ trì.\n2024, năm"


def test_deputy_signs_for_the_head():
    """KT. X is signed by X's deputy: the title follows even when a seal destroyed its line."""
    base = "SỞ TƯ PHÁP\nSố: 1/KH-STP\nNơi nhận:\n- Lưu: VT.\n"
    p = parse_document(base + "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ T W\nBùi: Đình Long\n")
    assert p.metadata["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                                    "name": "Bùi Đình Long"}
    p = parse_document(base + "KT. BỘ TRƯỞNG\nCHÁNH ÁN\nTrần Văn Hùng I\n")
    assert p.metadata["signer"]["title"] == "THỨ TRƯỞNG"
    assert p.metadata["signer"]["name"] == "Trần Văn Hùng"


@pytest.mark.parametrize("title", ["CHỈ HUY TRƯỞNG", "PHÓ THỐNG ĐỐC", "TỔNG THANH TRA", "CHÍNH ỦY"])
def test_signer_titles_of_other_bodies_are_read_as_printed(title):
    # regression (a plan of our own, rendered): "CHỈ HUY TRƯỞNG" came out "CHI CỤC TRƯỞNG", the nearest
    # title the vocabulary had; titles from the corpus's signature blocks and the armed forces added
    text = f"BỘ CHỈ HUY QUÂN SỰ TỈNH NGHỆ AN\nSố: 1207/KH-BCH\nNơi nhận:\n- Lưu: VT.\n{title}\nĐại tá Phạm Văn Tuấn\n"
    assert parse_document(text).metadata["signer"]["title"] == title


def test_party_authority_is_kept_as_printed():
    # regression (a Tỉnh ủy plan of our own, rendered): "T/M BAN THƯỜNG VỤ" came out "TM. BAN THƯỜNG VỤ",
    # and the text's line was rewritten so; SPEC keeps the Party's form
    base = "TỈNH ỦY BẮC GIANG\nSố 112-KH/TU\nNơi nhận:\n- Lưu: Văn phòng Tỉnh ủy.\n"
    p = parse_document(base + "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\nLâm Thị Hương Thành\n")
    assert p.metadata["signer"] == {"authority": "T/M BAN THƯỜNG VỤ", "title": "PHÓ BÍ THƯ THƯỜNG TRỰC",
                                    "name": "Lâm Thị Hương Thành"}
    p = parse_document(base + "K/T BÍ THƯ\nPHÓ BÍ THƯ\nLâm Thị Hương Thành\n")
    assert (p.metadata["signer"]["authority"], p.metadata["signer"]["title"]) == ("K/T BÍ THƯ", "PHÓ BÍ THƯ")
    p = parse_document(base + "K/T BÍ THƯ\n\nLâm Thị Hương Thành\n")
    assert p.metadata["signer"]["title"] == "PHÓ BÍ THƯ"


def test_title_in_capitals_over_two_lines():
    p = parse_document("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 5/KH-UBND\nBắc Ninh, ngày 1 tháng 2 năm 2024\nKẾ HOẠCH\n"
                       "TRIỂN KHAI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH\nNĂM 2024\nCăn cứ Luật Tổ chức chính quyền địa phương "
                       "ngày 19 tháng 6 năm 2015;\n")
    assert p.metadata["title"] == "TRIỂN KHAI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2024"
    assert p.metadata["references"] == ["Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"]
    qd = parse_document("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO\nSố: 286/QĐ-VKSTC\nHà Nội, ngày 08 tháng 7 năm 2019\n"
                        "QUYẾT ĐỊNH\nBan hành Quy định về quy trình\nVIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO\n")
    assert qd.metadata["title"] == "Ban hành Quy định về quy trình"


def test_seal_debris_before_deputy_title_and_name_is_ignored():
    # regression (phone photo, seal over the signer block): ": r . PHÓ TRƯỞNG BAN" was taken as a
    # second "KT." authority, giving "PHÓ PHÓ TRƯỞNG BAN", and "Y, Lê Đức Giang" kept the "Y"
    text = ("BAN CHỈ HUY PCTT VÀ TKCN\nTỈNH THANH HÓA\nSố: 12/KH-BCH\nThanh Hóa, ngày 2 tháng 5 năm 2024\n"
            "KẾ HOẠCH\nPhòng, chống thiên tai\nI. MỤC ĐÍCH\nChủ động ứng phó.\n"
            "Nơi nhận:\n- UBND tỉnh;\n. KT. TRƯỞNG AN\n: r . PHÓ TRƯỞNG BAN\nTu\n- Lưu: VT.\nY, Lê Đức Giang -\n")
    signer = parse_document(text).metadata["signer"]
    assert signer == {"authority": "KT. TRƯỞNG BAN", "title": "PHÓ TRƯỞNG BAN", "name": "Lê Đức Giang"}


def test_a_name_is_kept_as_read_never_snapped_to_a_list():
    # issue 14: the name rule used to turn every middle "Thi" into "Thị" and any surname outside a
    # 65-name list into the nearest listed one (Hầu → Châu, Vừ → Vũ, Giàng → Giang)
    from pipeline.parse.header import _canonical_name
    for name in ("Lê Thì Thu Hà", "Trần Văn Thi", "Hầu A Lềnh", "Vừ A Dính", "Giàng Seo Phử",
                 "Thiếu tá Nguyễn Văn An", "Đại úy Lê Thị Hoa", "Ksor Phước Hà", "Lễ Văn Tám"):
        assert _canonical_name(name) == name
    # a seal's speck read as a modifier circumflex after the name (a rendered THÔNG BÁO, phone photo)
    assert _canonical_name("Đỗ Văn Hiệp ˆ") == "Đỗ Văn Hiệp"
    # a degree's level read as other strokes (a Sở Y tế plan of our own, photocopied): the name had
    # been null ("BSCKNH." matched no degree); the degree, a closed list's word, is mended
    assert _canonical_name("BSCKNH. Hoàng Văn Thắng") == "BSCKII. Hoàng Văn Thắng"
    assert _canonical_name("BSCK1. Hà Văn Bình") == "BSCKI. Hà Văn Bình"


@pytest.mark.parametrize("title, name", [("PHÓ CHỦ TỊCH THƯỜNG TRỰC", "Hầu A Lềnh"),
                                         ("PHÓ GIÁM ĐỐC", "Thượng tá Vừ A Dính"),
                                         ("CHÁNH VĂN PHÒNG", "Giàng Seo Phử")])
def test_signer_title_whole_and_name_as_printed(title, name):
    authority = "KT. CHỦ TỊCH" if title.startswith("PHÓ CHỦ") else ("KT. GIÁM ĐỐC" if "GIÁM" in title else "TL. CHỦ TỊCH")
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/QĐ-UBND\nLào Cai, ngày 3 tháng 4 năm 2024\nQUYẾT ĐỊNH\n"
            "Về việc phê duyệt kế hoạch\nĐiều 1. Phê duyệt.\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n"
            f"{authority}\n{title}\n{name}\n")
    signer = parse_document(text).metadata["signer"]
    assert signer == {"authority": authority, "title": title, "name": name}


_CLOSING_HEAD = ("SỞ TƯ PHÁP\nSố: 3/KH-STP\nCần Thơ, ngày 4 tháng 4 năm 2024\nKẾ HOẠCH\nPhổ biến pháp luật\n"
                 "I. MỤC ĐÍCH\nNâng cao hiểu biết.\nNơi nhận:\n- UBND thành phố;\n- Lưu: VT, PBGDPL.\n")


def test_title_with_a_speck_read_as_dash_is_the_title():
    # regression (phone photo): "- GIÁM ĐỐC." was taken for a recipient and the signer was lost
    signer = parse_document(_CLOSING_HEAD + "TN\n- GIÁM ĐỐC.\nX\nc Phạm Minh Tuấn.\n").metadata["signer"]
    assert signer["title"] == "GIÁM ĐỐC" and signer["name"] == "Phạm Minh Tuấn"


def test_title_right_under_the_authority_wins_over_debris_read_as_a_title():
    # regression (phone photo): seal debris read "CHÁNH ÁN" near the name and replaced "CHỦ TỊCH"
    text = _CLOSING_HEAD + "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH ›:,\nna\nI\nCHÁNH ÁN\nLê Thị Thu Hà\n"
    signer = parse_document(text).metadata["signer"]
    assert signer == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Lê Thị Thu Hà"}


def test_recipient_under_the_authority_is_not_the_title():
    # regression (real scan 299): "Nơi nhận:" lost, "- Như trên;" right under "TL. CHỦ TỊCH" was
    # fuzzily read as the title THỨ TRƯỞNG instead of CHÁNH VĂN PHÒNG above the name
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 299/UBND-TTHC\nQuảng Ngãi, ngày 15 tháng 01 năm 2025\n"
            "V/v công bố Danh mục TTHC\nKính gửi: Sở Tư pháp\nĐề nghị thực hiện./.\nTL. CHỦ TỊCH\n- Như trên;\n"
            "- PCT UBND tỉnh;\n- Lưu: VT, TTHC.\nx\nCHANH VAN PHONG\nNguyễn Quốc Việt\n")
    signer = parse_document(text).metadata["signer"]
    assert signer == {"authority": "TL. CHỦ TỊCH", "title": "CHÁNH VĂN PHÒNG", "name": "Nguyễn Quốc Việt"}


@pytest.mark.parametrize("block, parent, issuer", [
    (["BỘ CÔNG THƯƠNG", "CỤC HÓA CHẤT"], "BỘ CÔNG THƯƠNG", "CỤC HÓA CHẤT"),
    (["BỘCÔNG THƯƠNG", "TRƯỜNG ĐẠI HỌC ĐIỆN LỰC"], "BỘ CÔNG THƯƠNG", "TRƯỜNG ĐẠI HỌC ĐIỆN LỰC"),
    (["BỘ Y TẾ", "BỆNH VIỆN BẠCH MAI"], "BỘ Y TẾ", "BỆNH VIỆN BẠCH MAI"),
    (["ỦY BAN MTTQ VIỆT NAM", "TỈNH LÂM ĐỒNG", "BAN THƯỜNG TRỰC"], "ỦY BAN MTTQ VIỆT NAM TỈNH LÂM ĐỒNG", "BAN THƯỜNG TRỰC"),
    (["UBND TỈNHLÂMĐÒNG", "HỘI CỰU GIÁO CHỨC"], "UBND TỈNH LÂM ĐỒNG", "HỘI CỰU GIÁO CHỨC"),
    (["ĐẠI HỌC QUỐC GIA HÀ NỘI", "TRƯỜNG ĐẠI HỌC KHOA HỌC TỰ NHIÊN"], "ĐẠI HỌC QUỐC GIA HÀ NỘI",
     "TRƯỜNG ĐẠI HỌC KHOA HỌC TỰ NHIÊN"),
    (["ỦY BAN NHÂN DÂN", "TỈNH THÁI BÌNH"], None, "ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH"),
    (["SỞ GIÁO DỤC", "VÀ ĐÀO TẠO"], None, "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
    (["TTĐT(2L v}", "CHÍNH PHỦ"], None, "CHÍNH PHỦ"),  # a portal's signature overlay above the issuer
    # regression (a plan of our own, rendered): a body's number after its name was taken for debris
    (["BỘ TƯ LỆNH QUÂN KHU 4", "BỘ CHỈ HUY QUÂN SỰ TỈNH NGHỆ AN"], "BỘ TƯ LỆNH QUÂN KHU 4",
     "BỘ CHỈ HUY QUÂN SỰ TỈNH NGHỆ AN"),
    (["BỘ QUỐC PHÒNG", "BỆNH VIỆN 108"], "BỘ QUỐC PHÒNG", "BỆNH VIỆN 108"),
    # three bodies: the issuer is the last, its direct supervising body the one above (it had been
    # "SỞ GIÁO DỤC VÀ ĐÀO TẠO TRƯỜNG THPT …" under the UBND); "PHÒNG, CHỐNG" is no office
    (["UBND TỈNH LÂM ĐỒNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỜNG THPT CHUYÊN THĂNG LONG"], "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
     "TRƯỜNG THPT CHUYÊN THĂNG LONG"),
    (["UBND TỈNH BẾN TRE", "SỞ Y TẾ", "BỆNH VIỆN ĐA KHOA TỈNH"], "SỞ Y TẾ", "BỆNH VIỆN ĐA KHOA TỈNH"),
    (["UBND TỈNH THANH HÓA", "BAN CHỈ HUY", "PHÒNG, CHỐNG THIÊN TAI VÀ TKCN"], "UBND TỈNH THANH HÓA",
     "BAN CHỈ HUY PHÒNG, CHỐNG THIÊN TAI VÀ TKCN"),
    # a line beginning with a word a locality's letters spell is no locality when no known name
    # follows ("QUÂN KHU 7" had come out "QUẬN KHU 7")
    (["BỘ QUỐC PHÒNG", "QUÂN KHU 7", "BỘ CHỈ HUY QUÂN SỰ TỈNH"], "BỘ QUỐC PHÒNG QUÂN KHU 7", "BỘ CHỈ HUY QUÂN SỰ TỈNH"),
])
def test_two_level_issuer_rule(block, parent, issuer):
    # SPEC: the upper line is the parent when it names a body of its own and a lower line begins one
    text = "\n".join(block) + ("\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/KH-X\n"
                               "Hà Nội, ngày 2 tháng 5 năm 2024\nKẾ HOẠCH\nTriển khai công tác\nI. MỤC ĐÍCH\nLàm tốt.\n")
    meta = parse_document(text).metadata
    assert (meta["parent_issuer"], meta["issuer"]) == (parent, issuer)


def test_party_and_youth_union_titles_are_not_issuers():
    text = ("BCH ĐOÀN TỈNH TIỀN GIANG\n***\nĐOÀN TNCS HỒ CHÍ MINH\nSố: 2309-CV/TĐTN-XDĐ\n"
            "Tiền Giang, ngày 18 tháng 4 năm 2025\nV/v huy động lực lượng\nKính gửi: Các cơ sở Đoàn.\n")
    meta = parse_document(text).metadata
    assert meta["issuer"] == "BCH ĐOÀN TỈNH TIỀN GIANG" and meta["parent_issuer"] is None
    assert meta["national_title"] == "ĐOÀN TNCS HỒ CHÍ MINH"


@pytest.mark.parametrize("type_line, doc_type, code", [("NGHỊ ĐỊNH", "NGHỊ ĐỊNH", "NĐ"), ("THÔNG TƯ", "THÔNG TƯ", "TT"),
                                                       ("CHƯƠNG TRÌNH HOẠT ĐỘNG", "CHƯƠNG TRÌNH", "CTr"),
                                                       ("GIẤY PHÉP SỬ DỤNG VẬT LIỆU NỔ", "GIẤY PHÉP", "GP")])
def test_every_decree30_type_and_a_type_line_that_goes_on(type_line, doc_type, code):
    text = ("BỘ CÔNG THƯƠNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 23/2024/X-BCT\n"
            f"Hà Nội ngày 07 tháng 11 năm 2024\n{type_line}\nQuy định về quản lý\nCăn cứ Luật Quản lý.\n")
    meta = parse_document(text).metadata
    assert (meta["doc_type"], meta["doc_type_code"]) == (doc_type, code)
    assert meta["place"] == "Hà Nội" and meta["date"] == "2024-11-07"  # the comma after the place was lost


def test_document_codes_with_a_year_and_party_numbers():
    from pipeline.parse.header import doc_code_from_number
    assert doc_code_from_number("71/2019/NĐ-CP") == ("NĐ", "CP")
    assert doc_code_from_number("12-KH/TU") == ("KH", "TU")
    assert doc_code_from_number("/KH-UBND") == ("KH", "UBND")


def test_sentence_case_sections_numbered_in_arabic():
    # a giấy mời or a school's plan: "1. Mục đích", "2. Thành phần mời:", no Roman headings
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 560/GM-UBND\nLâm Đồng, ngày 5 tháng 11 năm 2025\nGIẤY MỜI\n"
            "Họp đánh giá chỉ số cải cách hành chính\n1. Chủ trì: Đồng chí Nguyễn Ngọc Phúc - Phó Chủ tịch UBND tỉnh.\n"
            "2. Thành phần mời:\n- Giám đốc các sở;\n- Chủ tịch UBND các xã.\n"
            "3. Nội dung: Họp đánh giá kết quả và giải pháp nâng cao các chỉ số.\n"
            "4. Thời gian: từ 08h00 ngày 07/11/2025.\n6. Phân công chuẩn bị:\n- Sở Nội vụ chuẩn bị báo cáo.\n")
    sections = parse_document(text).sections
    assert {r: s["heading"] for r, s in sections.items()} == {
        "participants": "Thành phần mời", "agenda": "Nội dung", "responsibilities": "Phân công chuẩn bị"}


def test_the_recipients_label_is_never_a_signer_name():
    # regression (real page hcm-753 p4): the signer's name lost under a seal, "Nơi nhận" read beside
    # the title was taken for the name
    from pipeline.parse.header import looks_like_name
    assert not looks_like_name("Nơi nhận")
    assert not looks_like_name("Nơi nhận:")
    assert looks_like_name("Thái Doãn Thanh")


@pytest.mark.parametrize("name", ["PGS.TS. Nguyễn Ngọc Quang", "ThS. Lê Văn Nam", "PGS. TS. Nguyễn Ngọc Quang",
                                  "GS.TSKH. Đặng Vũ Minh", "BSCKII. Trần Thị Hoa"])
def test_a_degree_before_the_signers_name_is_kept_with_it(name):
    # regression (a hospital plan of our own, rendered): "PGS.TS. Nguyễn Ngọc Quang" was no name
    # (its capitals taken for a list's abbreviation) and the signer's name came out null
    text = f"BỘ Y TẾ\nBỆNH VIỆN BẠCH MAI\nSố: 1/KH-BM\nNơi nhận:\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n{name}\n"
    assert parse_document(text).metadata["signer"]["name"] == name


def test_a_broken_filed_copy_line_is_neither_a_title_nor_joined_to_the_item_above():
    # regression (a BÁO CÁO of our own, photocopied): "- Lưu: VT, NVY." came apart into "Lưu: VT,"
    # (its dash lost: joined to "Bộ Y tế") and "VE NVY" under "Q. GIÁM ĐỐC" (taken for the title)
    p = parse_document("SỞ Y TẾ\nSố: 77/BC-SYT\nNơi nhận:\n- UBND tỉnh;\n- Bộ Y tế;\nLưu: VT,\n-\nQ. GIÁM ĐỐC\n"
                       "VE NVY\nHuỳnh Minh Trúc\n")
    assert p.metadata["signer"] == {"authority": "Q. GIÁM ĐỐC", "title": None, "name": "Huỳnh Minh Trúc"}
    assert p.metadata["recipients"] == ["UBND tỉnh", "Bộ Y tế", "Lưu: VT"]
    # a title outside the vocabulary, in Vietnamese words, is still a title; "Lưu trữ" is a recipient
    p = parse_document("SỞ Y TẾ\nSố: 77/BC-SYT\nNơi nhận:\n- UBND tỉnh;\n- Sở Nội vụ, Chi cục Văn thư -\nLưu trữ tỉnh;\n"
                       "- Lưu: VT.\nTL. GIÁM ĐỐC\nTRƯỞNG PHÒNG NGHIỆP VỤ DƯỢC\nHuỳnh Minh Trúc\n")
    assert p.metadata["signer"]["title"] == "TRƯỞNG PHÒNG NGHIỆP VỤ DƯỢC"
    assert len(p.metadata["recipients"]) == 3
