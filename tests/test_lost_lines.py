"""A printed line that Tesseract's page layout passed over is read alone and put back; a
signature's strokes or a lone stroke where no line was lost are not read as a line."""
from __future__ import annotations

import json

import cv2
import numpy as np
from PIL import Image, ImageDraw

from conftest import FIXTURES, run_cli
from docgen import _font, save_tiff, scan_document
from pipeline.lost_lines import lost_runs, reread_lost_lines
from pipeline.ocr import ocr_page

LINES = ["Nơi nhận:", "- Ban Bí thư Trung ương Đảng;", "- Thủ tướng, các Phó Thủ tướng Chính phủ;",
         "- Các bộ, cơ quan ngang bộ;", "- Lưu: VT, TCCV."]


def _page(signature: bool = False) -> np.ndarray:
    page = Image.new("L", (2000, 900), 255)
    d = ImageDraw.Draw(page)
    font = _font("regular", 13)
    for i, t in enumerate(LINES):
        d.text((150, 100 + 70 * i), t, font=font, fill=0)
    if signature:  # a signer's scrawl below the list: eight strokes each of a letter's size, no letters
        rng, x = np.random.default_rng(3), 1100
        for k in range(8):
            d.line([(x + 3 * j, 720 + int(18 * np.sin(j / 3.0 + k)) + int(rng.integers(-4, 5))) for j in range(18)],
                   fill=0, width=5)
            x += 70
    return np.array(page)


def _without(words, text: str):
    """The page's words less one printed line: as Tesseract's layout writes them when it loses it."""
    drop = text.split()
    line = next(ws for ws in _lines(words) if [w.text for w in ws] == drop)
    return [w for w in words if w not in line]


def _lines(words):
    lines = {}
    for w in words:
        lines.setdefault((w.block, w.par, w.line), []).append(w)
    return list(lines.values())


def test_a_line_left_out_of_the_words_is_found_and_read_alone():
    image = _page()
    words = ocr_page(image, "vie", 300.0, 30.0)
    assert [" ".join(w.text for w in ws) for ws in _lines(words)][:4] == LINES[:4]
    assert lost_runs(words, image) == []  # nothing lost: nothing to do
    passed_over = _without(words, LINES[2])
    runs = lost_runs(passed_over, image)
    assert len(runs) == 1 and runs[0].top > 100 + 70 * 2 - 20 and runs[0].bottom < 100 + 70 * 3
    again, notes = reread_lost_lines(passed_over, image, "vie", 300.0, 30.0)
    added = [w.text for w in again if w.block >= 80000]
    assert " ".join(added) == LINES[2], notes
    assert len(notes) == 1


def test_a_signature_is_not_read_as_a_lost_line():
    image = _page(signature=True)
    words = ocr_page(image, "vie", 300.0, 30.0)
    words = [w for w in words if w.top < 650]  # whatever Tesseract made of the scrawl: not words
    assert len(lost_runs(words, image)) == 1  # a row of letter-sized marks with nothing read beside it…
    again, notes = reread_lost_lines(words, image, "vie", 300.0, 30.0)
    assert notes == [] and len(again) == len(words)  # … that does not read surely as words


def test_a_handwritten_mark_beside_a_read_line_is_not_a_lost_line():
    # a blank's handwriting ("Số:  57 /KH") stands on a read line: the handwriting step's work
    image = _page()
    words = ocr_page(image, "vie", 300.0, 30.0)
    cv2.putText(image, "57 12 31", (1000, 100 + 70 * 2 + 40), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.5, 0, 4)
    assert lost_runs(words, image) == []


def test_a_rendered_decree_keeps_a_recipient_and_the_signer_title_tesseract_passed_over(tmp_path):
    # regression (a rendered NGHỊ ĐỊNH, photocopied, seed 5): Tesseract's layout lost the closing
    # band's row "- Thủ tướng, các Phó Thủ tướng Chính phủ; | PHÓ THỦ TƯỚNG": a recipient was
    # missing and the signer's title was null
    doc = json.loads((FIXTURES / "types" / "chinhphu-nd.json").read_text(encoding="utf-8"))
    pages, _ = scan_document(doc["layout"], "photocopy", seed=5)
    save_tiff(pages, tmp_path / "nd.tiff")
    p = run_cli("run", str(tmp_path / "nd.tiff"), "-o", str(tmp_path / "nd.json"), "-q")
    assert p.returncode == 0, p.stderr.decode()
    out = json.loads((tmp_path / "nd.json").read_text(encoding="utf-8"))
    md = out["metadata"]
    assert md["signer"] == {"authority": "TM. CHÍNH PHỦ KT. THỦ TƯỚNG", "title": "PHÓ THỦ TƯỚNG", "name": "Trần Hồng Hà"}
    assert "Thủ tướng, các Phó Thủ tướng Chính phủ" in md["recipients"]
    assert any("passed over" in w for w in out["quality"]["warnings"])
