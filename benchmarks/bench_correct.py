#!/usr/bin/env python3
"""Corrector benchmark: CER/WER before → after on the mission's raw OCR, on held-out corpus
documents with synthetic OCR damage, and on the same text undamaged (over-correction);
correction speed; the language model's perplexity on held-out text.

usage: python benchmarks/bench_correct.py [--docs N] [--out benchmarks/results/correct.md]
"""
from __future__ import annotations

import argparse
import gzip
import math
import re
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, publish  # noqa: E402

from damage import damage  # noqa: E402
from pipeline.correct import correct_text  # noqa: E402
from pipeline.correct.lm import BOS, EOS, load_lm  # noqa: E402
from pipeline.layout import reorder_text_header  # noqa: E402
from pipeline.metrics import cer, error_counts, wer  # noqa: E402

SAMPLE = ROOT / "samples" / "ke-hoach-thai-binh-2023"
HELDOUT = ROOT / "benchmarks" / "data" / "heldout.txt.gz"


def heldout_docs(n: int) -> list[str]:
    with gzip.open(HELDOUT, "rt", encoding="utf-8") as f:
        docs = f.read().split("### heldout\n")
    docs = [d for d in docs if len(d) > 2000]
    return docs[:n]


def perplexity(texts: list[str]) -> tuple[float, int]:
    lm = load_lm()
    log_sum, n = 0.0, 0
    for t in texts:
        for line in t.splitlines():
            for chunk in re.split(r"[.,;:!?()\[\]\"“”'/]|\s-\s", unicodedata.normalize("NFC", line)):
                sylls = [s.lower() for s in re.findall(r"[^\W\d_]+", chunk)]
                if not sylls:
                    continue
                seq = [BOS] + sylls + [EOS]
                for a, b in zip(seq, seq[1:]):
                    log_sum += lm.logp(a, b)
                    n += 1
    return math.exp(-log_sum / max(n, 1)), n


def timed(text: str) -> tuple[str, float]:
    t0 = time.process_time()
    out, _ = correct_text(text)
    return out, time.process_time() - t0


def rates(truths: list[str], hyps: list[str]) -> tuple[float, float]:
    """CER and WER summed over documents (an edit distance over a whole corpus would take hours)."""
    tot = [0, 0, 0, 0]
    for t, h in zip(truths, hyps):
        for i, v in enumerate(error_counts(t, h)):
            tot[i] += v
    return tot[0] / max(tot[1], 1), tot[2] / max(tot[3], 1)


def correct_each(docs: list[str]) -> tuple[list[str], float]:
    outs, secs = [], 0.0
    for d in docs:
        o, s = timed(d)
        outs.append(o)
        secs += s
    return outs, secs


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=30, help="held-out documents to use (default 30)")
    ap.add_argument("--rate", type=float, default=0.08, help="share of syllables damaged (default 0.08)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "correct.md")
    args = ap.parse_args(argv)

    correct_text("khởi động")  # load the model outside the timings
    rows = []
    truth = (SAMPLE / "truth.txt").read_text(encoding="utf-8")
    raw = reorder_text_header((SAMPLE / "raw_ocr.txt").read_text(encoding="utf-8"))
    out, secs = timed(raw)
    rows.append(("mission raw OCR (raw_ocr.txt)", len(raw), cer(truth, raw), cer(truth, out), wer(truth, raw),
                 wer(truth, out), secs))

    from pipeline.process import process_document
    full = process_document(SAMPLE / "raw_ocr.txt").text
    rows.append(("mission raw OCR through `sohoa run` (correction + the parser's header and signer readings)",
                 len(raw), cer(truth, raw), cer(truth, full), wer(truth, raw), wer(truth, full), secs))

    docs = heldout_docs(args.docs)
    damaged = [damage(d, rate=args.rate, seed=i) for i, d in enumerate(docs)]
    fixed, secs = correct_each(damaged)
    cb, wb = rates(docs, damaged)
    ca, wa = rates(docs, fixed)
    chars = sum(len(d) for d in damaged)
    rows.append((f"{len(docs)} held-out documents, synthetic damage {args.rate:.0%}", chars, cb, ca, wb, wa, secs))
    removed = 1 - ca / max(cb, 1e-9)
    fixed_clean, secs_clean = correct_each(docs)
    over_c, over_w = rates(docs, fixed_clean)
    rows.append((f"the same {len(docs)} documents undamaged", sum(len(d) for d in docs), 0.0, over_c, 0.0, over_w,
                 secs_clean))
    ppl, n = perplexity(docs)

    lines = ["| text | chars | CER before | CER after | WER before | WER after | CPU s | chars/s |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, chars, cb, ca, wb, wa, s in rows:
        lines.append(f"| {name} | {chars:,} | {cb:.2%} | {ca:.2%} | {wb:.2%} | {wa:.2%} | {s:.2f} | {chars / s:,.0f} |")
    lines.append("")
    lines.append(f"Share of character errors removed on damaged held-out text: **{removed:.0%}**. "
                 f"Characters changed on clean held-out text: **{over_c:.2%}**. "
                 f"Bigram perplexity of the language model on held-out text: **{ppl:.1f}** ({n:,} bigrams).")
    return publish(lines, args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
