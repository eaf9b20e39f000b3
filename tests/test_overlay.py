"""A digital-signature overlay printed onto the page ("Người ký: …", "Email: …", "Thời gian ký: …")
is no part of the document's text (SPEC), wherever it stands; the document's own lines that
mention an e-mail or a signer stay."""
from __future__ import annotations

import json

from PIL import ImageDraw

from conftest import FIXTURES, run_cli
from docgen import _font, degrade, render, save_tiff, seal_position
from pipeline.layout import Segment
from pipeline.ocr import Word
from pipeline.overlay import drop_overlay

OVERLAY = ["Người ký: Ủy ban Nhân dân", "tỉnh Quảng Ngãi", "Email: ubnd@quangngai.gov.vn",
           "Thời gian ký: 12.03.2025 08:15:43 +07:00"]


def _line(text: str, left: int, top: int, height: int = 30) -> Segment:
    words, x = [], left
    for t in text.split():
        words.append(Word(t, 90.0, x, top, 18 * len(t), height, 1, 1, top))
        x += 18 * len(t) + 12
    return Segment(words)


def test_the_overlays_lines_go_and_the_documents_stay():
    segments = [_line("KT. CHỦ TỊCH", 1300, 2000, 45), _line("PHÓ CHỦ TỊCH", 1300, 2060, 45)] \
        + [_line(t, 1250, 2140 + 32 * k) for k, t in enumerate(OVERLAY)] + [_line("Hồ Quang Bửu", 1300, 2300, 45)]
    notes = drop_overlay(segments)
    assert [s.text for s in segments] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hồ Quang Bửu"]
    assert len(notes) == 1 and "Thời gian ký" in notes[0]
    # a công văn's contact lines ("Email: …" alone, "Điện thoại: …") and a sentence about signers stay
    body = [_line("Người ký số chịu trách nhiệm về nội dung văn bản.", 300, 900),
            _line("Email: vanthu@snv.gov.vn", 300, 1500), _line("Điện thoại: 0243 824 1234", 300, 1540)]
    assert drop_overlay(body) == [] and len(body) == 3


def test_a_rendered_decision_with_an_overlay_keeps_its_fields_and_text(tmp_path):
    doc = json.loads((FIXTURES / "types" / "quangnam-qd.json").read_text(encoding="utf-8"))
    pages, _ = render(doc["layout"])
    for where in ("top", "signature"):
        page = pages[0 if where == "top" else -1].convert("RGB")
        if where == "top":
            x, y = 1500, 20
        else:  # in the signature's place, between the signer's title and name
            x, y = seal_position(pages[-1])
            x, y = x - 150, y - 66
        d = ImageDraw.Draw(page)
        d.rectangle([x, y, x + 760, y + 128], outline=(25, 25, 25), width=3)
        d.ellipse([x + 10, y + 20, x + 100, y + 110], fill=(200, 30, 30))
        for k, t in enumerate(OVERLAY):
            d.text((x + 110, y + 6 + 28 * k), t, font=_font("regular", 7), fill=(25, 25, 25))
        scanned = [degrade(page if i == (0 if where == "top" else len(pages) - 1) else p, "office", 1 + i)
                   for i, p in enumerate(pages)]
        save_tiff(scanned, tmp_path / "qd.tiff")
        p = run_cli("run", str(tmp_path / "qd.tiff"), "-o", str(tmp_path / "qd.json"), "-q")
        assert p.returncode == 0, p.stderr.decode()
        out = json.loads((tmp_path / "qd.json").read_text(encoding="utf-8"))
        assert not any(w in out["text"] for w in ("Người ký", "Thời gian ký", "gov.vn", "Quảng Ngãi")), where
        assert out["metadata"]["signer"] == doc["expected"]["metadata"]["signer"]
        assert out["metadata"]["issuer"] == doc["expected"]["metadata"]["issuer"]
