#!/usr/bin/env python3
"""The corrector on real Tesseract errors of text it was never tuned on: held-out corpus documents
(never counted into the language model) are typeset as A4 pages, degraded as a photocopy or an
office scan, read by sohoa's OCR (`sohoa run --no-correct`, so cleaning and reading order are
sohoa's), and the corrector's CER before → after is measured against the typeset text.

Unlike bench_correct.py's synthetic damage, the errors here are Tesseract's own, so this figure does
not mirror the corrector's confusion table. The corrector's costs were still set by hand (from
glyph shapes and synthetic damage), not learnt from these pages.

usage: python benchmarks/bench_correct_real.py [--docs 6] [--pages-per-doc 2] [--out benchmarks/results/correct_real.md]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, publish  # noqa: E402

from bench_correct import heldout_docs  # noqa: E402
from docgen import _font, _new_page, _paragraph, degrade, save_pdf  # noqa: E402
from pipeline.correct import correct_text  # noqa: E402
from pipeline.metrics import cer, error_counts, wer  # noqa: E402


def typeset(text: str, max_pages: int) -> tuple[list, str]:
    """The document's paragraphs on A4 pages in Liberation Serif 13 pt; the text that was set."""
    font = _font("regular", 13)
    pen = _new_page(None)
    pen.y = 300
    set_lines = []
    for para in (p.strip() for p in text.split("\n")):
        if not para:
            continue
        pen = _paragraph(pen, para, font, indent=0, gap=10)
        if len(pen.pages) > max_pages:
            pen.pages.pop()
            break
        set_lines.append(para)
    return pen.pages[:max_pages], "\n".join(set_lines)


def ocr(pdf: Path, out: Path) -> str:
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(pdf), "-o", str(out), "--no-correct", "-q"],
                   check=True, cwd=ROOT)
    return json.loads(out.read_text(encoding="utf-8"))["text"]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=6)
    ap.add_argument("--pages-per-doc", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "correct_real.md")
    args = ap.parse_args(argv)
    rows = []
    truths, raws, fixed = [], [], []
    with tempfile.TemporaryDirectory(prefix="sohoa-creal-") as tmp:
        for k, doc in enumerate(heldout_docs(args.docs)):
            pages, truth = typeset(doc, args.pages_per_doc)
            for profile in ("photocopy", "office"):
                scans = [degrade(p, profile, seed=100 + k) for p in pages]
                pdf = Path(tmp) / f"doc{k}-{profile}.pdf"
                save_pdf(scans, pdf)
                raw = ocr(pdf, Path(tmp) / f"doc{k}-{profile}.json")
                out, _ = correct_text(raw)
                rows.append((f"held-out document {k + 1} ({profile})", len(truth), cer(truth, raw), cer(truth, out),
                             wer(truth, raw), wer(truth, out)))
                truths.append(truth)
                raws.append(raw)
                fixed.append(out)
                print(rows[-1], file=sys.stderr, flush=True)
    e_raw = sum(error_counts(t, r)[0] for t, r in zip(truths, raws))
    e_fix = sum(error_counts(t, f)[0] for t, f in zip(truths, fixed))
    n = sum(error_counts(t, t)[1] for t in truths)
    lines = ["| text | chars | CER OCR | CER corrected | WER OCR | WER corrected |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, chars, c0, c1, w0, w1 in rows:
        lines.append(f"| {name} | {chars:,} | {c0:.2%} | {c1:.2%} | {w0:.2%} | {w1:.2%} |")
    lines += ["", f"All pages: CER **{e_raw / n:.2%} → {e_fix / n:.2%}** ({1 - e_fix / max(e_raw, 1):.0%} of "
              f"Tesseract's character errors removed; {n:,} characters of held-out text, real Tesseract "
              "errors, development-independent text)."]
    return publish(lines, args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
