"""`sohoa batch --archive FONDS.toml`: the document metadata of Thông tư 02/2019/TT-BNV."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from lxml import etree

from conftest import run_cli
from pipeline.archive import load_fonds, split_number
from pipeline.errors import BadArguments

DECISION = """ỦY BAN NHÂN DÂN
HUYỆN MƯỜNG NHÉ
Số: 125/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Mường Nhé, ngày 04 tháng 3 năm 2024
QUYẾT ĐỊNH
Về việc thành lập Tổ công tác rà soát hộ nghèo năm 2024
CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN MƯỜNG NHÉ
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Thành lập Tổ công tác rà soát hộ nghèo năm 2024.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Giàng A Dơ
"""

NOTICE = """SỞ Y TẾ TỈNH LÀO CAI
BỆNH VIỆN ĐA KHOA
Số: /TB-BV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lào Cai, ngày tháng 5 năm 2024
THÔNG BÁO
Lịch trực Tết Nguyên đán
Bệnh viện thông báo lịch trực như sau.
GIÁM ĐỐC
Nguyễn Văn Hùng
"""

FONDS = """[fonds]
organ_id = "000.00.00.H12"
code = "P15"
name = "Ủy ban nhân dân huyện Mường Nhé"

[file]
code = "P15.2024.02.07"

[defaults]
doc_id_template = "{organ_id}.{year}.{number}"
mode = "Hạn chế"
physical_state = "Bình thường"
"""


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_number_is_split_into_its_two_parts():
    assert split_number("125/QĐ-UBND") == ("125", "QĐ-UBND")
    assert split_number("/TB-BV") == ("", "TB-BV")  # left blank or not read: no number invented
    assert split_number(None) == ("", "")
    assert split_number("15/2020/NĐ-CP") == ("15", "2020/NĐ-CP")


def test_settings_file_errors_name_the_file_and_the_key(tmp_path):
    bad = tmp_path / "f.toml"
    bad.write_text("[file]\ncod = 'x'\n", encoding="utf-8")
    with pytest.raises(BadArguments, match="unknown setting file.cod"):
        load_fonds(bad)
    bad.write_text("[file\n", encoding="utf-8")
    with pytest.raises(BadArguments, match="not valid TOML"):
        load_fonds(bad)
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    assert load_fonds(empty).file_code == ""


def test_batch_writes_the_circulars_metadata_and_names_files_by_archive_code(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-quyet-dinh.txt").write_text(DECISION, encoding="utf-8")
    (src / "b-thong-bao.txt").write_text(NOTICE, encoding="utf-8")
    (src / "c-broken.pdf").write_bytes(b"%PDF-1.4 broken")
    fonds = tmp_path / "fonds.toml"
    fonds.write_text(FONDS, encoding="utf-8")
    out = tmp_path / "out"
    p = run_cli("batch", str(src), "-o", str(out), "--archive", str(fonds), "--workers", "1", "-q")
    assert p.returncode == 4, p.stderr.decode()  # the broken PDF fails; the batch goes on
    rows = _rows(out / "archive-metadata.csv")
    assert [r["Tệp gốc"] for r in rows] == ["a-quyet-dinh.txt", "b-thong-bao.txt"]
    a, b = rows
    assert a["Mã lưu trữ tài liệu"] == "P15.2024.02.07.001" and b["Mã lưu trữ tài liệu"] == "P15.2024.02.07.002"
    assert (a["Tên loại văn bản"], a["Mã tên loại văn bản"]) == ("Quyết định", "QĐ")
    assert (a["Số của văn bản"], a["Ký hiệu của văn bản"]) == ("125", "QĐ-UBND")
    assert a["Ngày, tháng, năm văn bản"] == "04/03/2024"
    assert a["Tên cơ quan, tổ chức ban hành văn bản"] == "ỦY BAN NHÂN DÂN HUYỆN MƯỜNG NHÉ"
    assert a["Trích yếu nội dung"] == "Về việc thành lập Tổ công tác rà soát hộ nghèo năm 2024"
    assert a["Mã định danh văn bản"] == "000.00.00.H12.2024.125"
    assert (a["Chế độ sử dụng"], a["Tình trạng vật lý"], a["Ngôn ngữ"]) == ("Hạn chế", "Bình thường", "Tiếng Việt")
    assert a["Ghi chú"] == ""
    # the notice's number and day were left blank: empty and listed, never guessed
    assert (b["Số của văn bản"], b["Ký hiệu của văn bản"]) == ("", "TB-BV")
    assert b["Ngày, tháng, năm văn bản"] == "" and b["Mã định danh văn bản"] == ""
    assert "không đọc được: số, ngày" in b["Ghi chú"]
    xml = etree.parse(str(out / "archive" / "P15.2024.02.07.001.xml"))
    assert xml.findtext("codeNumber") == "125" and xml.findtext("organName") == "ỦY BAN NHÂN DÂN HUYỆN MƯỜNG NHÉ"
    assert (out / "archive-metadata.xlsx").stat().st_size > 0


def test_a_wrong_settings_file_stops_the_batch_before_any_work(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(DECISION, encoding="utf-8")
    fonds = tmp_path / "fonds.toml"
    fonds.write_text("[fond]\ncode = 'x'\n", encoding="utf-8")
    p = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "--archive", str(fonds))
    assert p.returncode == 1 and b"fonds.toml" in p.stderr and b"[fond]" in p.stderr
    assert b"Traceback" not in p.stderr
    assert not (tmp_path / "out" / "a.txt.json").exists()
