"""Output safety, limits, malformed files and property tests of the parser and corrector."""
from __future__ import annotations

import io
import os
import shutil
import struct

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image

from conftest import SAMPLE, run_cli
from pipeline.batch import output_path
from pipeline.document import Correction, Document, Page, Provenance, Quality, Source, validate
from pipeline.errors import OutputError
from pipeline.parse import parse_document


def test_output_path_stays_inside(tmp_path):
    assert output_path(tmp_path, "a/b.pdf") == (tmp_path / "a" / "b.pdf.json").resolve()
    with pytest.raises(OutputError):
        output_path(tmp_path, "../escape.pdf")
    with pytest.raises(OutputError):
        output_path(tmp_path, "/etc/passwd")


def test_symlinked_output_folder_is_not_written_through(tmp_path):
    src = tmp_path / "in" / "sub"
    src.mkdir(parents=True)
    shutil.copy(SAMPLE / "raw_ocr.txt", src / "a.txt")
    shutil.copy(SAMPLE / "raw_ocr.txt", tmp_path / "in" / "b.txt")
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere)
    p = run_cli("batch", str(tmp_path / "in"), "-o", str(out))
    assert p.returncode == 4
    assert list(elsewhere.iterdir()) == []
    report = pd.read_csv(out / "report.csv").set_index("path")
    assert report.loc["sub/a.txt", "status"] == "failed" and "output folder" in report.loc["sub/a.txt", "error"]
    assert report.loc["b.txt", "status"] == "ok"


def test_max_pages_limit(tmp_path):
    p = run_cli("run", str(SAMPLE / "scan.pdf"), "--max-pages", "2")
    assert p.returncode == 2
    assert "--max-pages" in p.stderr.decode()


def test_bomb_in_a_batch_fails_alone(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLE / "raw_ocr.txt", src / "a.txt")
    Image.new("L", (4000, 4000), 255).save(src / "big.png")
    p = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "--max-pixels", "1000000", "--workers", "2")
    assert p.returncode == 4
    report = pd.read_csv(tmp_path / "out" / "report.csv").set_index("path")
    assert "pixels" in report.loc["big.png", "error"]
    assert report.loc["a.txt", "status"] == "ok"


def _malformed() -> dict[str, bytes]:
    png = io.BytesIO()
    Image.new("RGB", (300, 300), "white").save(png, "PNG")
    jpg = io.BytesIO()
    Image.new("RGB", (300, 300), "white").save(jpg, "JPEG")
    tif = io.BytesIO()
    Image.new("L", (300, 300), 255).save(tif, "TIFF")
    pdf = (SAMPLE / "scan.pdf").read_bytes()
    return {
        "truncated.png": png.getvalue()[: len(png.getvalue()) // 2],
        "truncated.jpg": jpg.getvalue()[:200],
        "header-only.tif": tif.getvalue()[:8],
        "garbage-xref.pdf": b"%PDF-1.7\n" + os.urandom(2000),
        "cut.pdf": pdf[: len(pdf) // 3],
        "nul.txt": b"\x00\x00\x00",
        "latin1.txt": "Hà Nội".encode("latin-1", "replace") + b"\xe0\xe1",
        "riff-not-webp.webp": b"RIFF\x00\x00\x00\x00WAVEfmt ",
        "bmp-header.bmp": b"BM" + struct.pack("<I", 10**9) + b"\x00" * 20,
        "png-bad-crc.png": b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + b"\x00" * 13 + b"\x00\x00\x00\x00",
    }


# each malformed file: the exit codes allowed for it (2 = bad input; 4 when a page is decodable
# but fails later is not allowed here: these must be refused as bad input, or read as (empty) text)
ALLOWED = {name: {2} for name in _malformed()}
ALLOWED["nul.txt"] = {0, 2}


@pytest.mark.parametrize("name", sorted(_malformed()))
def test_replayed_malformed_files(tmp_path, name):
    f = tmp_path / name
    f.write_bytes(_malformed()[name])
    out = tmp_path / "out.json"
    p = run_cli("run", str(f), "-o", str(out))
    err = p.stderr.decode()
    assert p.returncode in ALLOWED[name], err
    assert "Traceback" not in err and "internal error" not in err
    if p.returncode == 2:
        assert name in err and len(err.strip().splitlines()) == 1
        assert not out.exists()


def _document_for(text: str) -> dict:
    parsed = parse_document(text)
    doc = Document(source=Source("x.txt", "0" * 64, "text", 1), metadata=parsed.metadata,
                   sections=parsed.sections, outline=parsed.outline, text=text,
                   pages=[Page(1, 0, 0, 0.0, 0.0, None, text)], corrections=[Correction(1, "a", "b", 1.0)],
                   quality=Quality(None, 0, parsed.warnings), provenance=Provenance("0", None, None))
    return doc.to_dict()


LINES = st.sampled_from(["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "n. THÀNH PHẦN", "1. Sở Tài chính: Bố trí.",
                         "- Việc một;", "+ Đại biểu", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                         "Nguyễn Văn A", "Số: 12/KH-UBND", "Hà Nội, ngày 1 tháng 2 năm 2024", "KẾ HOẠCH",
                         "Thời gian: từ ngày 08/3/2024 đến ngày 09/3/2024.", "a) Buổi sáng", "V/v việc gì"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=60)), max_size=40))
def test_parser_never_raises_and_output_is_valid(lines):
    validate(_document_for("\n".join(lines)))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_parser_on_any_text(text):
    validate(_document_for(text))
