"""Bad inputs: each is exit 2 with one line naming the file, and no output file."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import struct
import zlib

import pytest
from PIL import Image

from conftest import SAMPLE, run_cli


def _expect_bad(path, tmp_path, *words):
    out = tmp_path / "out.json"
    p = run_cli("run", str(path), "-o", str(out))
    err = p.stderr.decode()
    assert p.returncode == 2, err
    assert str(path.name) in err
    for w in words:
        assert w in err, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()
    return err


def test_empty_file(tmp_path):
    f = tmp_path / "empty.pdf"
    f.write_bytes(b"")
    _expect_bad(f, tmp_path, "empty")


def test_text_renamed_png(tmp_path):
    f = tmp_path / "letter.png"
    f.write_text("not an image at all", encoding="utf-8")
    _expect_bad(f, tmp_path, "not a PNG")


def test_random_bytes_tif(tmp_path):
    f = tmp_path / "noise.tif"
    f.write_bytes(os.urandom(4096))
    _expect_bad(f, tmp_path)


def test_unsupported_kind(tmp_path):
    f = tmp_path / "sheet.xlsx"
    f.write_bytes(b"PK\x03\x04" + os.urandom(100))
    _expect_bad(f, tmp_path, "unsupported")


def test_truncated_pdf(tmp_path):
    f = tmp_path / "cut.pdf"
    f.write_bytes((SAMPLE / "scan.pdf").read_bytes()[:5000])
    _expect_bad(f, tmp_path)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_encrypted_pdf_says_decrypt(tmp_path):
    src = tmp_path / "one.pdf"
    Image.new("RGB", (850, 1100), "white").save(src, "PDF", resolution=100)
    enc = tmp_path / "locked.pdf"
    subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", str(src), str(enc)], check=True)
    _expect_bad(enc, tmp_path, "encrypted", "qpdf")


def _png_header_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b"")


def test_decompression_bomb_refused_before_decoding(tmp_path):
    f = tmp_path / "bomb.png"
    f.write_bytes(_png_header_claiming(100_000, 100_000))
    _expect_bad(f, tmp_path, "pixels")


def test_zero_page_pdf(tmp_path):
    f = tmp_path / "zero.pdf"
    f.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                  b"trailer<</Root 1 0 R>>\n%%EOF\n")
    _expect_bad(f, tmp_path)


def test_text_layer_pdf_uses_its_text(tmp_path, plans):
    """A born-digital PDF: its own text is used instead of OCR, and the output says so."""
    from docgen import render

    _, truth = render(plans["tienyen-ubnd-nong-thon-moi"]["layout"])
    pdf = tmp_path / "digital.pdf"
    _make_text_pdf(truth, pdf)
    out = tmp_path / "out.json"
    p = run_cli("run", str(pdf), "-o", str(out))
    assert p.returncode == 0, p.stderr.decode()
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert any("text layer" in w for w in doc["quality"]["warnings"])
    assert doc["metadata"]["number"] == "88/KH-UBND"
    assert doc["provenance"]["steps"][0]["settings"]["text_layer"] is True


def _make_text_pdf(text: str, path) -> None:
    from fpdf import FPDF

    from docgen import FONT_DIRS

    font = next(d / "LiberationSerif-Regular.ttf" for d in FONT_DIRS if (d / "LiberationSerif-Regular.ttf").exists())
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("Lib", "", str(font))
    pdf.set_font("Lib", size=11)
    for line in text.splitlines():
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_pdf_structure_is_read_once_per_document_and_rotation_is_honoured(tmp_path, monkeypatch):
    """Issue 14: pdfinfo and pdfimages -list ran again for every page (pages² work), and a page's
    /Rotate was ignored when its embedded image was taken."""
    from docgen import save_pdf
    from pipeline import load, poppler
    from pipeline.load import Limits

    portrait = Image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi
    portrait.paste((0, 0, 0), (100, 100, 600, 200))  # a black bar near the top left
    pdf = tmp_path / "four.pdf"
    save_pdf([portrait] * 4, pdf, dpi=150)
    turned = tmp_path / "turned.pdf"
    subprocess.run(["qpdf", str(pdf), "--rotate=+90:2", str(turned)], check=True)

    calls: list[str] = []
    real_run = poppler._run
    monkeypatch.setattr(poppler, "_run", lambda args, *a, **k: calls.append(" ".join(args[:2])) or real_run(args, *a, **k))
    pages = [load.load_page(turned, "pdf", n, 150, Limits()) for n in range(1, 5)]
    assert sum(c.startswith("pdfinfo") for c in calls) == 1
    assert sum(c == "pdfimages -list" for c in calls) == 1
    assert pages[0].image.shape[:2] == (1754, 1240)  # as stored
    assert pages[1].image.shape[:2] == (1240, 1754)  # shown turned a quarter clockwise, as a viewer shows it
    # the bar that was at the top left is now at the top right
    assert pages[1].image[100:600, -200:-100].mean() < 50
