"""An appendix (phụ lục) after the signature: text of the document, but no part of its sections
nor of its closing — the signer and recipients are read above it, however long it runs."""
from __future__ import annotations

from pipeline.correct import correct_text
from pipeline.parse import parse_document

PLAN = """UBND TỈNH LẠNG SƠN
SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 77/KH-SNN
Lạng Sơn, ngày 15 tháng 02 năm 2024
KẾ HOẠCH
Trồng rừng thay thế năm 2024
I. MỤC ĐÍCH, YÊU CẦU
Hoàn thành trồng rừng thay thế theo chỉ tiêu giao tại Phụ lục kèm theo Kế hoạch này.
II. TỔ CHỨC THỰC HIỆN
Chi cục Kiểm lâm chủ trì, theo dõi và báo cáo kết quả hằng quý./.
Nơi nhận:
- UBND tỉnh;
- Chi cục Kiểm lâm;
- Lưu: VT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Hoàng Văn Páo
"""


def _cells(n: int) -> str:
    """A table read cell by cell (as a ruled table comes out of the scan): one line per cell."""
    return "".join(f"{i}\nTrồng rừng tại xã số {i}\nHạt Kiểm lâm huyện\nQuý {1 + i % 4}/2024\n" for i in range(1, n + 1))


def _parse(text: str):
    return parse_document(correct_text(text)[0])


def test_a_long_appendix_after_the_signature_leaves_the_closing_and_the_sections_whole():
    for appendix in ("PHỤ LỤC I\nCHỈ TIÊU TRỒNG RỪNG NĂM 2024\n(Kèm theo Kế hoạch số 77/KH-SNN ngày 15/02/2024)\n",
                     "DANH SÁCH CÁC XÃ TRỒNG RỪNG\n(Kèm theo Kế hoạch số 77/KH-SNN ngày 15/02/2024)\n"):
        p = _parse(PLAN + appendix + _cells(15))
        assert p.metadata["signer"] == {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Hoàng Văn Páo"}
        assert p.metadata["recipients"] == ["UBND tỉnh", "Chi cục Kiểm lâm", "Lưu: VT"]
        assert "Trồng rừng tại xã" not in p.sections["responsibilities"]["text"]


def test_an_appendix_named_in_the_body_does_not_end_it():
    text = PLAN.replace("I. MỤC ĐÍCH, YÊU CẦU\n", "I. MỤC ĐÍCH, YÊU CẦU\nPHỤ LỤC CÁC CHỈ TIÊU\n")
    p = _parse(text)
    assert p.metadata["signer"]["name"] == "Hoàng Văn Páo"
    assert set(p.sections) == {"purpose", "responsibilities"}


def test_a_regulation_issued_with_a_decision_leaves_the_decisions_closing_whole():
    """A QĐ ban hành Quy chế: the regulation follows the decision's signature with its own header
    and "(Ban hành kèm theo Quyết định số …)", and many articles, with no signature of its own at
    the end: the decision's signer had been pushed out of reach (null)."""
    regulation = ("ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                  "QUY CHẾ\nQuản lý rừng trồng thay thế\n(Ban hành kèm theo Kế hoạch số 77/KH-SNN ngày 15/02/2024)\n"
                  "Chương I\nQUY ĐỊNH CHUNG\n"
                  + "".join(f"Điều {i}. Nội dung điều {i}\nCác tổ chức, cá nhân thực hiện theo điều này.\n"
                            for i in range(1, 25)))
    p = _parse(PLAN + regulation)
    assert p.metadata["signer"] == {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Hoàng Văn Páo"}
    assert p.metadata["recipients"] == ["UBND tỉnh", "Chi cục Kiểm lâm", "Lưu: VT"]
