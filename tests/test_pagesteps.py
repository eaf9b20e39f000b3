"""A page's work as named steps: extra passes run only where their trigger fires, a user can switch
one off, and provenance says where each ran, how long it took and what it changed."""
from __future__ import annotations

from conftest import plan_fixtures, run_cli, run_document
from docgen import save_pdf, scan_document
from pipeline.pagesteps import OPTIONAL, STEPS

PLANS = plan_fixtures()


def _steps(doc: dict) -> dict[str, dict]:
    return {s["name"]: s for s in doc["provenance"]["steps"]}


def test_every_step_is_in_provenance_with_where_it_ran(tmp_path):
    pages, _ = scan_document(PLANS["hanam-stttt-chuyen-doi-so"]["layout"], "office", seed=5)
    pdf = tmp_path / "two.pdf"
    save_pdf(pages, pdf)
    doc = run_document(pdf, tmp_path)
    steps = _steps(doc)
    assert [s.name for s in STEPS] == [n for n in steps if n not in ("correct", "parse")]
    n = len(pages)
    for always in ("load", "clean", "ocr", "reading_order"):
        assert steps[always]["ran_on_pages"] == list(range(1, n + 1))
    assert steps["header_ink"]["ran_on_pages"] == [1]  # the header is on the first page only
    # a full upright page never asks the detector (a short last page, under 15 words, may)
    assert 1 not in steps["orientation"]["ran_on_pages"] and steps["orientation"]["changed"] == []
    assert any("deskewed" in c for c in steps["clean"]["changed"])  # the office scan is tilted 1.2°


def test_a_page_on_its_side_triggers_the_orientation_step(tmp_path):
    pages, _ = scan_document(PLANS["danang-sgddt-cong-van"]["layout"], "clean")
    sideways = pages[0].rotate(90, expand=True, fillcolor="white")
    png = tmp_path / "sideways.png"
    sideways.save(png)
    doc = run_document(png, tmp_path)
    orientation = _steps(doc)["orientation"]
    assert orientation["ran_on_pages"] == [1]
    assert orientation["changed"] in (["page 1: turned 90°"], ["page 1: turned 270°"])
    assert doc["metadata"]["number"] == PLANS["danang-sgddt-cong-van"]["expected"]["metadata"]["number"]


def test_a_step_switched_off_does_not_run_and_the_output_says_so(tmp_path):
    plan = PLANS["cantho-stp-pho-bien-phap-luat"]
    pages, _ = scan_document(plan["layout"], "office", seed=3, by_hand={"number": "47", "day": "15"})
    pdf = tmp_path / "signed.pdf"
    save_pdf(pages[:1], pdf)
    on = run_document(pdf, tmp_path)
    assert _steps(on)["handwriting"]["ran_on_pages"] == [1] and _steps(on)["handwriting"]["changed"]
    assert on["metadata"]["date"] == "2024-04-15"  # the day written in by hand, which Tesseract reads "4ø"
    off = run_document(pdf, tmp_path, "--skip-step", "handwriting")
    steps = _steps(off)
    assert steps["handwriting"]["ran_on_pages"] == [] and steps["handwriting"]["settings"]["switched_off"]
    assert off["metadata"]["date"] is None  # nobody read the handwritten day: null, not a guess
    assert off["provenance"]["options"]["skip_steps"] == ["handwriting"]


def test_only_optional_steps_can_be_switched_off(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("KẾ HOẠCH\n", encoding="utf-8")
    p = run_cli("run", str(txt), "--skip-step", "ocr")
    assert p.returncode == 1 and b"invalid choice" in p.stderr
    from pipeline.cli import _optional_steps

    assert set(OPTIONAL) == set(_optional_steps())  # the CLI's list (kept light for --help) is the steps' own
