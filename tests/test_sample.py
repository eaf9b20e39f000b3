"""The mission's document: its raw OCR text and its scan against expected.json and truth.txt."""
from __future__ import annotations

import json

import pytest

from conftest import SAMPLE, run_cli
from pipeline.document import validate
from pipeline.evaluate import compare_fields
from pipeline.metrics import cer, wer

EXPECTED = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
TRUTH = (SAMPLE / "truth.txt").read_text(encoding="utf-8")


def _fields(out: dict) -> tuple[int, int, list[str]]:
    res = compare_fields(out, EXPECTED)
    return sum(ok for _, ok in res), len(res), [f for f, ok in res if not ok]


def test_raw_ocr_text_fields_and_error_rates():
    proc = run_cli("run", str(SAMPLE / "raw_ocr.txt"))
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    ok, total, missed = _fields(out)
    assert total == 119
    assert ok == 119, missed  # every field (issue 14: the bar sat at 116 where 119 is reached)
    raw = (SAMPLE / "raw_ocr.txt").read_text(encoding="utf-8")
    assert cer(TRUTH, out["text"]) < 0.6 * cer(TRUTH, raw)
    assert wer(TRUTH, out["text"]) < 0.5 * wer(TRUTH, raw)


def test_no_correct_leaves_text_alone():
    proc = run_cli("run", str(SAMPLE / "raw_ocr.txt"), "--no-correct")
    out = json.loads(proc.stdout)
    assert out["corrections"] == []
    assert "ừong" in out["text"]


@pytest.fixture(scope="module")
def scan_output(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("scan") / "out.json"
    proc = run_cli("run", str(SAMPLE / "scan.pdf"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == b""  # data went to the file, nothing to stdout
    return json.loads(out.read_text(encoding="utf-8"))


def test_scan_end_to_end(scan_output):
    validate(scan_output)
    assert scan_output["source"]["pages"] == 4
    assert [p["number"] for p in scan_output["pages"]] == [1, 2, 3, 4]
    ok, total, missed = _fields(scan_output)
    assert ok >= 118, missed  # 118/119: the signer "Khắc" under the seal ring is read "Khác"
    assert cer(TRUTH, scan_output["text"]) < 0.005  # 0.28 % reached


def test_scan_pages_and_provenance(scan_output):
    for p in scan_output["pages"]:
        assert p["width"] > 2000 and p["height"] > 3000
        assert p["dpi"] == pytest.approx(300, abs=1)
        assert abs(p["skew_deg"]) < 3
        assert p["confidence"] > 80
    names = [s["name"] for s in scan_output["provenance"]["steps"]]
    assert names == ["load", "clean", "header_ink", "red_header", "ocr", "orientation", "logo_words", "urgency_stamp",
                     "merged_lines", "lost_lines", "reading_order", "signature_overlay", "doubtful_lines", "handwriting",
                     "received_stamp", "signer", "correct", "parse"]
    assert scan_output["provenance"]["tesseract"]
    assert scan_output["quality"]["mean_confidence"] > 80
    # page numbers printed at the top of pages 2-4 are not part of the text
    assert not any(line.strip() in {"2", "3", "4"} for line in scan_output["text"].splitlines())
