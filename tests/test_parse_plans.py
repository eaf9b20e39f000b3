"""Our own plans (other provinces, departments, signers, sections) parsed from their text."""
from __future__ import annotations

import pytest

from conftest import plan_fixtures
from docgen import render
from pipeline.correct import correct_text
from pipeline.evaluate import compare_fields
from pipeline.parse import parse_document

PLANS = plan_fixtures()


@pytest.mark.parametrize("name", sorted(PLANS))
def test_plan_text_parses_fully(name):
    plan = PLANS[name]
    _, truth = render(plan["layout"])
    corrected, _ = correct_text(truth)
    p = parse_document(corrected)
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


def test_parent_issuer_rule():
    two = parse_document("UBND TỈNH NAM ĐỊNH\nSỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN\n"
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-SNN\n")
    assert two.metadata["parent_issuer"] == "UBND TỈNH NAM ĐỊNH"
    assert two.metadata["issuer"] == "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"
    one = parse_document("ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-UBND\n")
    assert one.metadata["parent_issuer"] is None
    assert one.metadata["issuer"] == "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH"
