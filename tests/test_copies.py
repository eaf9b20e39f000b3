"""An office's copy block (thể thức bản sao, Decree 30 Appendix I Part III) under a document: the
document's signer and recipients are read above it, the copy's own fields into metadata.copy."""
from __future__ import annotations

from pipeline.correct import correct_text
from pipeline.parse import parse_document

DOCUMENT = """BỘ TÀI CHÍNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 2231/BTC-NSNN
Hà Nội, ngày 08 tháng 3 năm 2024
V/v hướng dẫn lập dự toán ngân sách năm 2025
Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.
Bộ Tài chính hướng dẫn việc lập dự toán ngân sách nhà nước năm 2025 như sau:
1. Các địa phương lập dự toán đúng thời hạn.
2. Báo cáo gửi về Bộ Tài chính trước ngày 20 tháng 7 năm 2024./.
Nơi nhận:
- Như trên;
- Kho bạc Nhà nước;
- Lưu: VT, NSNN.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Võ Thành Hưng
"""


def _parse(text: str):
    return parse_document(correct_text(text)[0])


def test_a_copy_block_keeps_the_documents_signer_and_list_and_is_read_apart():
    copy = """UBND TỈNH CÀ MAU
SỞ TÀI CHÍNH
Số: 112/SY-STC
SAO Y
Cà Mau, ngày 15 tháng 3 năm 2024
Nơi nhận:
- Các phòng thuộc Sở;
- Lưu: VT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Lý Thị Mỹ
"""
    alone, copied = _parse(DOCUMENT), _parse(DOCUMENT + copy)
    for key in ("issuer", "number", "date", "signer", "recipients", "title"):
        assert copied.metadata[key] == alone.metadata[key], key
    assert copied.metadata["signer"]["name"] == "Võ Thành Hưng"
    assert "copy" not in alone.metadata
    c = copied.metadata["copy"]
    assert (c["form"], c["issuer"], c["parent_issuer"], c["number"], c["place"], c["date"]) == \
        ("SAO Y", "SỞ TÀI CHÍNH", "UBND TỈNH CÀ MAU", "112/SY-STC", "Cà Mau", "2024-03-15")
    assert c["signer"] == {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Lý Thị Mỹ"}
    assert c["recipients"] == ["Các phòng thuộc Sở", "Lưu: VT"]
    assert any("copy block" in w for w in copied.warnings)


def test_an_older_copy_without_a_number_and_an_extract_are_found_by_their_form_line():
    old = "VĂN PHÒNG UBND HUYỆN\nSAOY BẢN CHÍNH\nNgày 02 tháng 4 năm 2024\nCHÁNH VĂN PHÒNG\nĐinh Văn Tú\n"
    p = _parse(DOCUMENT + old)
    assert p.metadata["signer"]["name"] == "Võ Thành Hưng"
    assert p.metadata["copy"]["form"] == "SAO Y BẢN CHÍNH"
    assert p.metadata["copy"]["number"] is None
    assert p.metadata["copy"]["signer"]["name"] == "Đinh Văn Tú"
    extract = "SỞ NỘI VỤ\nSố: 08/TS-SNV\nTRÍCH SAO\nCần Thơ, ngày 9 tháng 5 năm 2024\nGIÁM ĐỐC\nPhan Văn Lợi\n"
    p = _parse(DOCUMENT + extract)
    assert (p.metadata["copy"]["form"], p.metadata["copy"]["number"]) == ("TRÍCH SAO", "08/TS-SNV")
    assert p.metadata["recipients"] == _parse(DOCUMENT).metadata["recipients"]


def test_a_copy_named_in_the_body_is_no_copy_block():
    body = DOCUMENT.replace("2. Báo cáo", "2. Gửi kèm bản sao y các quyết định giao dự toán.\n3. Báo cáo")
    p = _parse(body)
    assert "copy" not in p.metadata
    assert p.metadata["signer"]["name"] == "Võ Thành Hưng"
