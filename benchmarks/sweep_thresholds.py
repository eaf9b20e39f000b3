#!/usr/bin/env python3
"""Each fuzzy threshold of the parser (pipeline/parse/settings.py) moved by −0.1, −0.05, +0.05 and
+0.1 with the others held: fields matched on the development material. The pages are read once
(OCR and correction), then only the parse is run again per setting, so the sweep takes seconds.

Material (all development data, never held-out): the real pages of ../shared/realscans with their
expected fields, and our rendered plans (tests/fixtures) as sohoa reads their office-scan renders.

usage: python benchmarks/sweep_thresholds.py [--out benchmarks/results/thresholds.md]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, publish  # noqa: E402

from pipeline.correct import correct_text  # noqa: E402
from pipeline.evaluate import compare_fields, page_cases  # noqa: E402
from pipeline.parse import parse_document  # noqa: E402
from pipeline.parse.settings import names, thresholds, trial_thresholds  # noqa: E402
from pipeline.process import Options, process_document  # noqa: E402

REALSCANS = ROOT.parent / "shared" / "realscans"
STEPS = (-0.1, -0.05, 0.05, 0.1)


def read_once() -> list[tuple[str, str, str, dict]]:
    """(name, corrected text, raw text, expected) of every development page, read once."""
    from conftest import plan_fixtures
    from docgen import save_pdf, scan_document

    cases = []
    options = Options(page_workers=1)
    for doc_path, exp_path, _truth in page_cases(REALSCANS):
        doc = process_document(doc_path, options)
        raw = "\n".join(p.raw_text for p in doc.pages if not p.error)
        cases.append((doc_path.name, correct_text(raw)[0], raw, json.loads(exp_path.read_text(encoding="utf-8"))))
        print(f"read {doc_path.name}", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="sohoa-sweep-") as tmp:
        for name, plan in sorted(plan_fixtures().items()):
            pages, _ = scan_document(plan["layout"], "office", seed=3)
            pdf = Path(tmp) / f"{name}.pdf"
            save_pdf(pages, pdf)
            doc = process_document(pdf, options)
            raw = "\n".join(p.raw_text for p in doc.pages if not p.error)
            cases.append((name, correct_text(raw)[0], raw, plan["expected"]))
            print(f"read {name}", file=sys.stderr, flush=True)
    return cases


def score(cases) -> tuple[int, int, int, int]:
    """(realscans header fields matched, of, plan fields matched, of)."""
    rm = rt = pm = pt = 0
    for name, text, raw, expected in cases:
        parsed = parse_document(text, raw)
        res = compare_fields({"metadata": parsed.metadata, "sections": parsed.sections}, expected)
        if name.endswith((".png", ".jpg", ".jpeg")):
            header = [ok for f, ok in res if f.startswith("metadata.")]
            rm, rt = rm + sum(header), rt + len(header)
        else:
            pm, pt = pm + sum(ok for _, ok in res), pt + len(res)
    return rm, rt, pm, pt


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "thresholds.md")
    args = ap.parse_args(argv)
    cases = read_once()
    base = score(cases)
    cols = " | ".join(f"{d:+.2f}" for d in STEPS)
    lines = [f"Base (the shipped values): real pages' header fields **{base[0]}/{base[1]}**, our plans' fields "
             f"**{base[2]}/{base[3]}**. Each cell: real-page header fields, plan fields, with that one threshold moved.",
             "", f"| threshold | value | {cols} |", "| --- | ---: |" + " ---: |" * len(STEPS)]
    for name in names():
        value = getattr(thresholds(), name)
        cells = []
        for d in STEPS:
            v = round(value + d, 3)
            if not 0 < v <= 1:
                cells.append("–")
                continue
            with trial_thresholds(**{name: v}):
                s = score(cases)
            mark = "" if (s[0], s[2]) == (base[0], base[2]) else (" ↑" if s[0] + s[2] > base[0] + base[2] else " ↓")
            cells.append(f"{s[0]}, {s[2]}{mark}")
        lines.append(f"| {name} | {value} | " + " | ".join(cells) + " |")
        print(lines[-1], file=sys.stderr, flush=True)
    lines += ["", f"{len(cases)} development documents (real pages and our plans' office-scan renders), read once; "
              "only the parse is run again. ↑/↓: more/fewer fields than the shipped values. Development-set figures."]
    return publish(lines, args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
