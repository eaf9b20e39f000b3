#!/usr/bin/env python3
"""The corrector on real Tesseract errors of text it was never tuned on: held-out corpus documents
(never counted into the language model) are typeset as A4 pages, degraded as a photocopy or an
office scan, read by sohoa's OCR (`sohoa run --no-correct`, so cleaning and reading order are
sohoa's), and the corrector's CER before → after is measured against the typeset text.

Unlike bench_correct.py's synthetic damage, the errors here are Tesseract's own, so this figure does
not mirror the corrector's confusion table. The corrector's costs were still set by hand (from
glyph shapes and synthetic damage); the learnt channel (scripts/learn_channel.py) was learnt from
Tesseract's errors on *other* pages (the corpus's training part). Both are reported on the same OCR.

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
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from common import ROOT, publish  # noqa: E402

from bench_correct import heldout_docs  # noqa: E402
from docgen import _font, degrade, save_pdf, typeset_text  # noqa: E402
from pipeline.correct import correct_text  # noqa: E402
from pipeline.metrics import cer, error_counts, wer  # noqa: E402


def typeset(text: str, max_pages: int) -> tuple[list, str]:
    """The document's whole paragraphs on A4 pages in Liberation Serif 13 pt; the text that was set."""
    return typeset_text(text, _font("regular", 13), max_pages)


def ocr(pdf: Path, out: Path) -> str:
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(pdf), "-o", str(out), "--no-correct", "-q"],
                   check=True, cwd=ROOT)
    return json.loads(out.read_text(encoding="utf-8"))["text"]


def channels() -> dict[str, dict | None]:
    from pipeline.correct.candidates import learned_channel

    out: dict[str, dict | None] = {"hand-written costs": None}
    learned = learned_channel()
    if learned is not None:
        out["learnt channel (shipped)"] = learned
    return out


def main(argv: list[str]) -> int:
    from pipeline.correct.candidates import trial_channel
    from learn_channel import syllable_errors, syllables

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=12)
    ap.add_argument("--pages-per-doc", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "correct_real.md")
    args = ap.parse_args(argv)
    truths, raws, names = [], [], []
    with tempfile.TemporaryDirectory(prefix="sohoa-creal-") as tmp:
        for k, doc in enumerate(heldout_docs(args.docs)):
            pages, truth = typeset(doc, args.pages_per_doc)
            for profile in ("photocopy", "office"):
                scans = [degrade(p, profile, seed=100 + k) for p in pages]
                pdf = Path(tmp) / f"doc{k}-{profile}.pdf"
                save_pdf(scans, pdf)
                raws.append(ocr(pdf, Path(tmp) / f"doc{k}-{profile}.json"))
                truths.append(truth)
                names.append(f"held-out document {k + 1} ({profile})")
                print(names[-1], file=sys.stderr, flush=True)
    n = sum(error_counts(t, t)[1] for t in truths)
    ns = sum(len(syllables(t)) for t in truths)
    e_raw = sum(error_counts(t, r)[0] for t, r in zip(truths, raws))
    s_raw = sum(syllable_errors(t, r) for t, r in zip(truths, raws))
    lines = ["| corrector | CER | syllable errors | syllable errors removed | clean text changed |",
             "| --- | ---: | ---: | ---: | ---: |",
             f"| none (sohoa's OCR, `--no-correct`) | {e_raw / n:.2%} | {s_raw / ns:.2%} | – | – |"]
    for name, table in channels().items():
        with trial_channel(table):
            fixed = [correct_text(r)[0] for r in raws]
            clean = [correct_text(t)[0] for t in dict.fromkeys(truths)]
        e = sum(error_counts(t, f)[0] for t, f in zip(truths, fixed))
        se = sum(syllable_errors(t, f) for t, f in zip(truths, fixed))
        over = sum(syllable_errors(t, c) for t, c in zip(dict.fromkeys(truths), clean))
        lines.append(f"| {name} | {e / n:.2%} | {se / ns:.2%} | {1 - se / max(s_raw, 1):.0%} | "
                     f"{over / max(sum(len(syllables(t)) for t in dict.fromkeys(truths)), 1):.3%} |")
        print(lines[-1], file=sys.stderr, flush=True)
    lines += ["", "| page set | chars | CER OCR | syllable errors OCR |", "| --- | ---: | ---: | ---: |"]
    for name, t, r in zip(names, truths, raws):
        lines.append(f"| {name} | {len(t):,} | {cer(t, r):.2%} | {syllable_errors(t, r) / max(len(syllables(t)), 1):.2%} |")
    lines += ["", f"{len(set(truths))} held-out corpus documents (never in the language model, never in the channel's "
              f"training pages), {args.pages_per_doc} pages each, typeset in Liberation Serif 13 pt, scanned as a "
              f"photocopy and as an office scan, read by sohoa's OCR: {n:,} characters, {ns:,} syllables of real "
              "Tesseract errors. 'Clean text changed': the corrector run on the typeset text itself "
              "(over-correction; the held-out text has typos of its own, 'Luật Phi và lệ phí', 'trực tuyển', "
              "'điều kiệu', which the corrector mends and which count here as changes). The learnt channel's costs and scale were chosen on other pages "
              "(scripts/learn_channel.py, the corpus's training part): this is an unseen-text figure. "
              "Some held-out documents are fill-in forms of dot leaders (document 7): sohoa's OCR and plain "
              "Tesseract both lose lines there (CER about 50 %), which the corrector cannot give back; they "
              "are kept in the totals, and the syllable-error columns show what the corrector does."]
    return publish(lines, args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
