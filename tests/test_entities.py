"""The spaCy side of the parser: entity patterns and the registered components."""
from __future__ import annotations

import pytest

from pipeline.parse import parse_document, parse_documents
from pipeline.parse.entities import blank_with_entities, dates, entities, units

PLAN = """ỦY BAN NHÂN DÂN
TỈNH NINH BÌNH
Số: 112/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Ninh Bình, ngày 05 tháng 6 năm 2024
KẾ HOẠCH
Kiểm tra công tác phòng cháy năm 2024
Căn cứ Chỉ thị số 19/CT-TTg ngày 24/6/2022 của Thủ tướng Chính phủ;
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao ý thức phòng cháy.
II. TỔ CHỨC THỰC HIỆN
1. Công an tỉnh chủ trì kiểm tra các cơ sở;
2. Sở Công Thương: phối hợp kiểm tra chợ, trung tâm thương mại.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Phạm Quang Ngọc
"""


@pytest.mark.parametrize("text,iso", [
    ("Hà Nội, ngày 08 tháng 7 năm 2019", "2019-07-08"),
    ("ngày z3 tháng l0 năm 2O23", "2023-10-23"),          # digits read as look-alike letters
    ("Đà Nẵng, ngày 26tháng 7 năm 2020", "2020-07-26"),    # no space after the day
    ("trước ngày 15/9/2024.", "2024-09-15"),
    ("Cần Thơ, ngày … tháng 3 năm 2024", None),            # blank day: a date, but no ISO
    ("ngày 31 tháng 2 năm 2024", None),                    # no such day
])
def test_dates(text, iso):
    found = dates(text)
    assert len(found) == 1 and found[0][1] == iso


def test_no_date_in_plain_words():
    assert dates("Ngày thứ nhất: khai mạc hội nghị năm nay") == []


def test_document_numbers():
    text = "Căn cứ Kế hoạch số 47/KH-UBND và Nghị quyết số 29-NQ/TW; Số: /KH-STP"
    assert [e.text for e in entities(text) if e.label == "DOC_NUMBER"] == ["47/KH-UBND", "29-NQ/TW", "/KH-STP"]


@pytest.mark.parametrize("text,names", [
    ("Sở Tài chính chủ trì, phối hợp với Đài Phát thanh và Truyền hình Thái Bình xây dựng phóng sự",
     ["Sở Tài chính", "Đài Phát thanh và Truyền hình Thái Bình"]),
    ("Công an tỉnh: Xây dựng kế hoạch bảo đảm an ninh", ["Công an tỉnh"]),
    ("Văn nghệ (Ban Thi đua - Khen thưởng, Sở Nội vụ thực hiện)", ["Ban Thi đua - Khen thưởng", "Sở Nội vụ"]),
])
def test_units_end_at_punctuation_or_verb(text, names):
    assert [u.text for u in units(text)] == names


def test_entity_offsets_point_into_the_text():
    text = "Báo Nghệ An đưa tin từ ngày 01/3/2024"
    for e in entities(text):
        assert text[e.start:e.end] == e.text


def test_components_are_registered_for_spacy_users():
    import spacy  # noqa: F401 - the factories are found by name

    nlp = blank_with_entities()
    for name in ("sohoa_header", "sohoa_outline", "sohoa_roles"):
        nlp.add_pipe(name)
    assert nlp.pipe_names == ["sohoa_patterns", "sohoa_units", "sohoa_header", "sohoa_outline", "sohoa_roles"]
    doc = nlp(PLAN)
    parsed = doc.user_data["sohoa"]["parsed"]
    assert parsed.metadata["date"] == "2024-06-05"
    assert {e.label_ for e in doc.ents} >= {"DATE", "DOC_NUMBER", "ORG"}


def test_pipe_over_many_documents_equals_one_by_one():
    other = PLAN.replace("112/KH-UBND", "7/KH-UBND").replace("05 tháng 6", "17 tháng 9")
    many = parse_documents([PLAN, other])
    one = [parse_document(PLAN), parse_document(other)]
    assert [p.metadata for p in many] == [p.metadata for p in one]
    assert [p.sections for p in many] == [p.sections for p in one]
    assert many[1].metadata["number"] == "7/KH-UBND" and many[1].metadata["date"] == "2024-09-17"
    units_found = [i["unit"] for i in many[0].sections["responsibilities"]["items"]]
    assert units_found == ["Công an tỉnh", "Sở Công Thương"]


def test_a_day_partly_read_is_no_day():
    # regression (issue 11, real scan): a handwritten "18" read "4#" gave the 4th, a wrong date
    # reported as read; the day is all of what stands between "ngày" and "tháng"
    from pipeline.parse.entities import iso_of

    assert iso_of("Hưng Yên, ngày 4# tháng 12 năm 2017") is None
    assert iso_of("ngày 1 8 tháng 12 năm 2017") is None
    assert iso_of("Hà Nội, ngày 05 tháng 3 năm 2024") == "2024-03-05"
    assert iso_of("Đắk Nông, ngày28 tháng 5 năm 2025") == "2025-05-28"
    assert iso_of("ngàyl5 tháng 01 năm 2025") == "2025-01-15"  # "l" for "1", glued
    assert iso_of("Hà Nội, ngai 05, tháng 3 năm 2024") == "2024-03-05"  # "ngày" misread
