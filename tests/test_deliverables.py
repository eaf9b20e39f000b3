"""Archive deliverables: ALTO 4.4 and the searchable PDF/A-2b, from rendered scans of plans that are
not the mission sample, with the real Tesseract, OCRmyPDF, Ghostscript and poppler."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import cv2
import numpy as np
import pytest
from lxml import etree

from conftest import ROOT, plan_fixtures, run_cli
from docgen import scan_document, save_pdf
from pipeline.alto import NS, SCHEMA_FILE
from pipeline.clean import to_cleaned
from pipeline.pagelayout import lay_text, to_original

PLANS = plan_fixtures()
A = f"{{{NS}}}"


@pytest.fixture(scope="module")
def delivered(tmp_path_factory):
    """One rendered two-column-header plan, scanned as an office scan (tilted 1.2°, JPEG, yellowed
    paper), read once with --alto and --pdf."""
    tmp = tmp_path_factory.mktemp("deliver")
    pages, _ = scan_document(PLANS["cantho-stp-pho-bien-phap-luat"]["layout"], "office", seed=11)
    pdf = tmp / "scan.pdf"
    save_pdf(pages, pdf)
    p = run_cli("run", str(pdf), "-o", str(tmp / "out.json"), "--alto", str(tmp / "out.alto.xml"),
                "--pdf", str(tmp / "out.pdf"), "--hocr", str(tmp / "out.hocr"), "-q")
    assert p.returncode == 0, p.stderr.decode()
    doc = json.loads((tmp / "out.json").read_text(encoding="utf-8"))
    return {"dir": tmp, "scan": pdf, "pages": pages, "doc": doc, "hocr": tmp / "out.hocr",
            "alto": etree.parse(str(tmp / "out.alto.xml")), "pdf": tmp / "out.pdf"}


def _alto_words(alto, page: int) -> list[etree._Element]:
    return alto.findall(f".//{A}Page[@PHYSICAL_IMG_NR='{page}']//{A}String")


def test_alto_follows_the_schema_shipped_and_the_one_in_shared(delivered):
    ours = etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))
    assert ours.validate(delivered["alto"]), ours.error_log
    shared = ROOT.parent / "shared" / "standards" / "alto-4-4.xsd"
    if shared.exists():
        assert etree.XMLSchema(etree.parse(str(shared))).validate(delivered["alto"])


def test_alto_words_are_the_corrected_text_in_reading_order(delivered):
    doc, alto = delivered["doc"], delivered["alto"]
    for page in doc["pages"]:
        words = [s.get("CONTENT") for s in _alto_words(alto, page["number"])]
        assert words, f"page {page['number']} has no words"
        assert " ".join(words).split() == page["text"].split()
        for s in _alto_words(alto, page["number"]):
            assert 0.0 <= float(s.get("WC")) <= 1.0
            assert unicodedata.is_normalized("NFC", s.get("CONTENT"))


def test_alto_boxes_lie_on_the_words_of_the_original_scan(delivered):
    """Cut confident words out of the scan as it was given (tilted, not the cleaned image) at their
    ALTO box and read each crop alone: the crop says the word."""
    page = np.asarray(delivered["pages"][0].convert("L"))
    strings = [s for s in _alto_words(delivered["alto"], 1)
               if float(s.get("WC")) > 0.9 and len(s.get("CONTENT")) >= 5 and s.get("CONTENT").isalpha()]
    assert len(strings) >= 20
    picked = strings[:: max(1, len(strings) // 10)][:10]
    right = 0
    for s in picked:
        x, y, w, h = (int(float(s.get(k))) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
        crop = page[max(0, y - 8): y + h + 8, max(0, x - 8): x + w + 8]
        ok, png = cv2.imencode(".png", crop)
        read = subprocess.run(["tesseract", "-", "-", "-l", "vie", "--psm", "8"], input=png.tobytes(),
                              capture_output=True, timeout=60).stdout.decode().strip()
        right += read.lower().strip(".,;:") == s.get("CONTENT").lower()
    assert right >= 8, f"{right}/{len(picked)} crops read as their word"


def test_pdf_is_pdfa2b_with_the_scan_images_and_the_corrected_text(delivered):
    pdf = delivered["pdf"]
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True).stdout
    assert "<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>B</pdfaid:conformance>" in meta
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+%d" % len(delivered["pages"]), info)
    # the page images are the scan's (colour, full size), not the binarised ones
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert images and all(line.split()[5] == "rgb" and int(line.split()[3]) >= 2400 for line in images)
    doc = delivered["doc"]
    for page in doc["pages"]:
        text = subprocess.run(["pdftotext", "-f", str(page["number"]), "-l", str(page["number"]), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        assert sorted(unicodedata.normalize("NFC", text).split()) == sorted(page["text"].split())


def test_pdf_words_sit_on_their_alto_boxes(delivered):
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(delivered["pdf"]), "-"],
                         capture_output=True, text=True).stdout
    pdf_words = [(m.group(5), float(m.group(1)), float(m.group(2))) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]
    strings = _alto_words(delivered["alto"], 1)
    assert len(pdf_words) == len(strings)
    # the scan was rendered at 300 dpi: a PDF point is 300/72 pixels
    at: dict[str, list[tuple[float, float]]] = {}
    for w, x, y in pdf_words:
        at.setdefault(unicodedata.normalize("NFC", w), []).append((x * 300 / 72, y * 300 / 72))
    near = 0
    for s in strings:
        # across, at the word's own place; down, on its line (OCRmyPDF sets a line's words on one
        # baseline, and a scan tilted 1.2° has a line's words at different heights)
        line = s.getparent()
        x = float(s.get("HPOS"))
        top, bottom = float(line.get("VPOS")), float(line.get("VPOS")) + float(line.get("HEIGHT"))
        near += any(abs(px - x) <= 6 and top - 25 <= py <= bottom for px, py in at.get(s.get("CONTENT"), []))
    assert near >= 0.95 * len(strings), f"{near}/{len(strings)} words at their ALTO place"


def test_ocrmypdf_users_get_sohoas_text_through_the_plugin(delivered, tmp_path):
    """`ocrmypdf --plugin pipeline.ocrmypdf_plugin`: OCRmyPDF's own run, sohoa reading each page."""
    ocrmypdf = Path(sys.executable).with_name("ocrmypdf")
    out = tmp_path / "plugin.pdf"
    p = subprocess.run([str(ocrmypdf), "--plugin", "pipeline.ocrmypdf_plugin", "-l", "vie", "--output-type", "pdf",
                        "--pages", "1", "-q", str(delivered["scan"]), str(out)], capture_output=True, timeout=300,
                       cwd=ROOT)
    assert p.returncode == 0, p.stderr.decode()
    assert b"sohoa" in subprocess.run(["pdfinfo", str(out)], capture_output=True).stdout
    text = unicodedata.normalize("NFC", subprocess.run(["pdftotext", "-l", "1", str(out), "-"],
                                                       capture_output=True, text=True).stdout)
    first = delivered["doc"]["pages"][0]["text"].split()
    got = text.split()
    assert len(set(first) & set(got)) >= 0.95 * len(set(first))


def test_batch_writes_alto_and_pdf_beside_the_json_and_redoes_documents_done_without(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    pages, _ = scan_document(PLANS["danang-sgddt-cong-van"]["layout"], "photocopy", seed=2)
    save_pdf(pages[:1], src / "sub" / "cv.pdf")
    (src / "note.txt").write_text("ỦY BAN NHÂN DÂN\nSố: 12/TB-UBND\nTHÔNG BÁO\nVề việc nghỉ lễ\n", encoding="utf-8")
    out = tmp_path / "out"
    p = run_cli("batch", str(src), "-o", str(out), "--workers", "1", "-q")
    assert p.returncode == 0, p.stderr.decode()
    assert not (out / "sub" / "cv.pdf.alto.xml").exists()
    p = run_cli("batch", str(src), "-o", str(out), "--workers", "1", "--alto", "--pdf", "--hocr", "-q")
    assert p.returncode == 0, p.stderr.decode()
    assert b'class="ocrx_word"' in (out / "sub" / "cv.pdf.hocr").read_bytes()
    assert etree.XMLSchema(etree.parse(str(SCHEMA_FILE))).validate(etree.parse(str(out / "sub" / "cv.pdf.alto.xml")))
    assert b"<pdfaid:part>2" in subprocess.run(["pdfinfo", "-meta", str(out / "sub" / "cv.pdf.pdf")],
                                               capture_output=True).stdout
    import csv

    with open(out / "report.csv", encoding="utf-8-sig") as f:
        rows = {r["path"]: r for r in csv.DictReader(f)}
    assert "deliver" in rows["sub/cv.pdf"]["redone_because"], rows["sub/cv.pdf"]
    note = json.loads((out / "note.txt.json").read_text(encoding="utf-8"))
    assert any("no ALTO" in w for w in note["quality"]["warnings"])
    assert not (out / "note.txt.alto.xml").exists() and not (out / "note.txt.pdf").exists()
    # and a third run with the same options does nothing
    p = run_cli("batch", str(src), "-o", str(out), "--workers", "1", "--alto", "--pdf", "--hocr")
    assert b"0 done, 2 skipped" in p.stderr, p.stderr.decode()


def test_run_refuses_alto_for_text_and_unwritable_pdf_before_any_work(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("KẾ HOẠCH\n", encoding="utf-8")
    p = run_cli("run", str(txt), "--alto", str(tmp_path / "a.xml"))
    assert p.returncode == 1 and b"need a scan" in p.stderr and b"Traceback" not in p.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    pages, _ = scan_document(PLANS["danang-sgddt-cong-van"]["layout"], "clean")
    pdf = tmp_path / "s.pdf"
    save_pdf(pages[:1], pdf)
    p = run_cli("run", str(pdf), "--pdf", str(blocker / "out.pdf"))
    assert p.returncode == 5 and b"is a file" in p.stderr
    assert not list(tmp_path.glob("**/*.tmp"))


# ------------------------------------------------------------------ units


def test_boxes_map_back_through_scale_and_deskew():
    """A box drawn on a page, carried to the cleaned page by the cleaner's own warp, comes back."""
    page = np.full((1200, 900), 255, np.uint8)
    cv2.rectangle(page, (300, 500), (520, 560), 0, -1)
    for scale, skew in ((1.0, 0.0), (1.5, 2.0), (0.75, -3.5)):
        cleaned, _ = to_cleaned(page, scale, skew)
        ys, xs = np.where(cleaned < 128)
        box = (int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()))
        (l, t, r, b), = to_original([box], cleaned.shape[:2], page.shape[:2], scale, skew)
        # the mapped box holds the rectangle (a tilted box's hull is a little larger)
        assert l <= 302 and t <= 502 and r >= 518 and b >= 558, (scale, skew, (l, t, r, b))
        assert l >= 300 - 30 and r <= 520 + 30 and t >= 500 - 30 and b <= 560 + 30


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_boxes_map_back_from_a_page_set_upright(turn):
    page = np.full((1000, 700), 255, np.uint8)
    cv2.rectangle(page, (100, 200), (300, 260), 0, -1)
    upright = np.ascontiguousarray(np.rot90(page, k=-(turn // 90)))
    ys, xs = np.where(upright < 128)
    (l, t, r, b), = to_original([(int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)],
                                upright.shape[:2], page.shape[:2], 1.0, 0.0, turn)
    assert max(abs(l - 100), abs(t - 200), abs(r - 301), abs(b - 261)) <= 1, (turn, (l, t, r, b))


def test_corrected_tokens_are_laid_on_the_read_words():
    read = [("ừong", 50.0, (0, 0, 40, 10), "printed"), ("năm", 90.0, (50, 0, 80, 10), "printed"),
            ("2023", 95.0, (90, 0, 130, 10), "printed")]
    line = lay_text(read, "trong năm 2023")
    assert [(w.text, w.read, w.box) for w in line.words] == [
        ("trong", "ừong", (0, 0, 40, 10)), ("năm", "năm", (50, 0, 80, 10)), ("2023", "2023", (90, 0, 130, 10))]
    merged = lay_text([("Thành", 80.0, (0, 0, 50, 10), "printed"), ("phố", 80.0, (60, 0, 90, 10), "printed")],
                      "Thành phố Hồ")
    assert " ".join(w.text for w in merged.words) == "Thành phố Hồ"
    split = lay_text([("KếHoạch", 60.0, (0, 0, 100, 10), "printed")], "Kế Hoạch")
    assert [w.text for w in split.words] == ["Kế", "Hoạch"]
    assert split.words[0].box[0] == 0 and split.words[1].box[2] == 100 and split.words[0].box[2] <= split.words[1].box[0]
    assert lay_text([], "x").words == []


def test_a_pdf_with_a_thin_text_layer_gets_sohoas_text(tmp_path):
    """A few words of text of its own, too few to use: sohoa reads the page image, and the PDF/A
    carries that image with sohoa's text (OCRmyPDF would otherwise refuse a page with text)."""
    from test_inputs import _make_text_pdf

    pdf = tmp_path / "thin.pdf"
    _make_text_pdf("KẾ HOẠCH\nTổ chức Tết trồng cây năm 2025\nSố: 12/KH-UBND", pdf)
    p = run_cli("run", str(pdf), "-o", str(tmp_path / "o.json"), "--pdf", str(tmp_path / "o.pdf"), "-q")
    assert p.returncode == 0, p.stderr.decode()
    text = subprocess.run(["pdftotext", str(tmp_path / "o.pdf"), "-"], capture_output=True, text=True).stdout
    assert "12/KH-UBND" in text and text.count("12/KH-UBND") == 1  # one text, not two


def test_a_text_layer_pdf_keeps_its_text_in_the_pdfa_and_has_no_alto(tmp_path):
    """A born-digital PDF: made PDF/A without OCR (its own text stays, no image rasterised);
    ALTO is refused with what to do, since its words were never located on a page image."""
    from docgen import render
    from test_inputs import _make_text_pdf

    _, truth = render(PLANS["tienyen-ubnd-nong-thon-moi"]["layout"])
    pdf = tmp_path / "digital.pdf"
    _make_text_pdf(truth, pdf)
    p = run_cli("run", str(pdf), "-o", str(tmp_path / "o.json"), "--pdf", str(tmp_path / "o.pdf"), "-q")
    gs = tuple(int(x) for x in subprocess.run(["gs", "--version"], capture_output=True, text=True).stdout.split("."))
    if gs < (10, 2, 1):  # OCRmyPDF refuses these with a PDF's own text (they corrupt it): said, with what to do
        assert p.returncode == 3 and b"--force-ocr" in p.stderr and b"upgrade Ghostscript" in p.stderr
        assert not (tmp_path / "o.pdf").exists() and not list(tmp_path.glob(".o.pdf*"))
        p = run_cli("run", str(pdf), "-o", str(tmp_path / "o.json"), "--alto", str(tmp_path / "o.xml"))
        assert p.returncode == 2 and b"--force-ocr" in p.stderr and b"Traceback" not in p.stderr
        return
    assert p.returncode == 0, p.stderr.decode()
    assert b"<pdfaid:part>2" in subprocess.run(["pdfinfo", "-meta", str(tmp_path / "o.pdf")],
                                               capture_output=True).stdout
    text = subprocess.run(["pdftotext", str(tmp_path / "o.pdf"), "-"], capture_output=True, text=True).stdout
    assert "88/KH-UBND" in text and "".join(truth.split()[:12]) == "".join(unicodedata.normalize("NFC", text).split()[:12])
    assert subprocess.run(["pdfimages", "-list", str(tmp_path / "o.pdf")], capture_output=True,
                          text=True).stdout.count("\n") <= 2  # no page image was made of it
    p = run_cli("run", str(pdf), "-o", str(tmp_path / "o2.json"), "--alto", str(tmp_path / "o.xml"))
    assert p.returncode == 2 and b"--force-ocr" in p.stderr and b"Traceback" not in p.stderr
    assert not (tmp_path / "o.xml").exists()


def test_hocr_is_read_back_by_ocrmypdfs_parser_as_the_same_words_and_boxes(delivered):
    """hOCR checked by a real consumer: OCRmyPDF's own hOCR parser reads the same words, in the same
    order and at the same places as the ALTO."""
    from ocrmypdf.hocrtransform import HocrParser

    page = HocrParser(delivered["hocr"]).parse()
    words = page.words
    strings = _alto_words(delivered["alto"], 1)
    assert [w.text for w in words] == [s.get("CONTENT") for s in strings]
    for w, s in zip(words, strings):
        assert (round(w.bbox.left), round(w.bbox.top)) == (int(float(s.get("HPOS"))), int(float(s.get("VPOS"))))
