"""A logo beside the issuer block (a solid disk with white letters, as universities, hospitals and
companies print them): what Tesseract reads off it is left out of the text and the issuer."""
from __future__ import annotations

import json

import numpy as np
from PIL import Image, ImageDraw

from conftest import FIXTURES, run_cli
from docgen import _font, degrade, render, save_tiff
from pipeline.logos import drop_logo_words, solid_patches
from pipeline.ocr import Word

DOC = json.loads((FIXTURES / "types" / "dhxd-thongbao.json").read_text(encoding="utf-8"))


def _with_logo(page: Image.Image, fill=(20, 20, 20)) -> Image.Image:
    page = page.convert("RGB")
    d = ImageDraw.Draw(page)
    d.ellipse([55, 75, 245, 265], fill=fill)
    d.text((90, 130), "ĐH", font=_font("bold", 22), fill=(255, 255, 255))
    return page


def test_a_solid_patch_is_a_logo_and_print_or_handwriting_is_not():
    page = Image.new("L", (1400, 600), 255)
    d = ImageDraw.Draw(page)
    d.text((300, 100), "TRƯỜNG ĐẠI HỌC XÂY DỰNG", font=_font("bold", 14), fill=0)
    d.line([(300, 300), (420, 260), (520, 330), (640, 280)], fill=0, width=7)  # a pen's stroke
    assert not solid_patches(np.array(page), 300.0).any()
    d.ellipse([20, 60, 200, 240], fill=0)
    d.text((50, 110), "ĐH", font=_font("bold", 22), fill=255)
    patches = solid_patches(np.array(page), 300.0)
    ys, xs = np.nonzero(patches)
    assert xs.min() >= 15 and xs.max() <= 205 and ys.min() >= 55 and ys.max() <= 245
    assert patches[150, 110]  # the logo's own white letters are in it
    words = [Word("W3150", 12.0, 20, 130, 180, 58, 1, 1, 1), Word("TRƯỜNG", 95.0, 300, 100, 230, 46, 1, 1, 2)]
    kept, notes = drop_logo_words(words, np.array(page), 300.0)
    assert [w.text for w in kept] == ["TRƯỜNG"] and notes == ["words read off a logo in the header left out: 'W3150'"]


def test_a_scanned_letterhead_with_a_logo_keeps_its_issuer_and_text_clean(tmp_path):
    # regression (a university notice of our own with a black logo left of the issuer, office scan):
    # the logo was read as lines "“8m", "W3150", "IỦig" and the parent issuer "XH BỘ GIÁO DỤC VÀ ĐÀO TẠO"
    pages, _ = render(DOC["layout"])
    for colour in ((20, 20, 20), (0, 90, 170)):
        scanned = [degrade(_with_logo(pages[0], colour), "office", 3)] + [degrade(p, "office", 4) for p in pages[1:]]
        save_tiff(scanned, tmp_path / "tb.tiff")
        p = run_cli("run", str(tmp_path / "tb.tiff"), "-o", str(tmp_path / "tb.json"), "-q")
        assert p.returncode == 0, p.stderr.decode()
        out = json.loads((tmp_path / "tb.json").read_text(encoding="utf-8"))
        assert out["metadata"]["parent_issuer"] == "BỘ GIÁO DỤC VÀ ĐÀO TẠO"
        assert out["metadata"]["issuer"] == "TRƯỜNG ĐẠI HỌC XÂY DỰNG HÀ NỘI"
        assert out["text"].startswith("BỘ GIÁO DỤC VÀ ĐÀO TẠO\n"), out["text"][:80]
