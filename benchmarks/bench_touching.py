#!/usr/bin/env python3
"""Touching handwritten digits, cut apart by the digit reader: pairs of real handwritten digits the
reader was never trained on (MNIST's test set, writers not among the training set's, see
scripts/build_digits.py), set side by side so close that they touch and leant as handwriting leans,
read by ``pipeline.digits.each_digit`` with each set of cut slopes. A pair is right when it is cut
in two and both digits are read; a single held-out digit is right when it is left whole and read.

The digits are **unseen handwriting**; the slopes were chosen on these same pairs (three sets
tried), so the gain between them is a development figure.

usage: python benchmarks/bench_touching.py [--pairs 1200] [--out benchmarks/results/touching.md]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, publish  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from build_digits import held_out_handwriting  # noqa: E402

from pipeline import digits  # noqa: E402

SLOPES = {"columns only (before)": (0.0,), "columns and lines leaning 0.3, 0.6 (shipped)": digits.CUT_SLOPES}
SIZE = 56  # MNIST's digits as held_out_handwriting gives them


def touching_pair(a: np.ndarray, b: np.ndarray, overlap: int, shear: float) -> np.ndarray:
    width = 2 * SIZE - overlap
    img = np.zeros((SIZE, width), np.uint8)
    img[:, :SIZE] = a
    img[:, SIZE - overlap:] = np.maximum(img[:, SIZE - overlap:], b)
    m = np.float32([[1, -shear, shear * SIZE / 2], [0, 1, 0]])  # top leaning right
    return cv2.warpAffine(img, m, (width + 20, SIZE))


def measure(pairs: int, seed: int = 3) -> dict[str, tuple[int, ...]]:
    held_out, labels = held_out_handwriting()
    mnist = [(g, int(y)) for g, y in zip(held_out, labels) if g.shape[0] == SIZE]
    rng = np.random.default_rng(seed)
    saved = digits.CUT_SLOPES
    result = {name: [0, 0, 0, 0, 0] for name in SLOPES}  # pairs right, cut in two, pairs; singles right, singles
    try:
        for _ in range(pairs):
            i, j = rng.integers(len(mnist), size=2)
            (a, ya), (b, yb) = mnist[i], mnist[j]
            mask = (touching_pair(a, b, int(rng.integers(20, 32)), float(rng.uniform(0, 0.35))) > 100).astype(np.uint8)
            if cv2.connectedComponents(mask)[0] != 2:
                continue  # they do not touch (or a digit is in pieces): not what is measured
            cols = np.nonzero(mask.any(axis=0))[0]
            glyph = (int(cols.min()), int(cols.max()) + 1, mask[:, cols.min():cols.max() + 1])
            for name, slopes in SLOPES.items():
                digits.CUT_SLOPES = slopes
                read = digits.each_digit([glyph], 40)
                result[name][0] += len(read) == 2 and read[0][0] == ya and read[1][0] == yb
                result[name][1] += len(read) == 2
                result[name][2] += 1
        # … and single digits, which a cut must leave whole
        for name, slopes in SLOPES.items():
            digits.CUT_SLOPES = slopes
            for g, y in mnist:
                mask = (g > 100).astype(np.uint8)
                cols = np.nonzero(mask.any(axis=0))[0]
                read = digits.each_digit([(int(cols.min()), int(cols.max()) + 1, mask[:, cols.min():cols.max() + 1])], 40)
                result[name][3] += len(read) == 1 and read[0][0] == y
                result[name][4] += 1
    finally:
        digits.CUT_SLOPES = saved
    return {k: tuple(v) for k, v in result.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=1200, help="pairs drawn (those that do not touch are skipped)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "touching.md")
    args = ap.parse_args()
    result = measure(args.pairs)
    lines = ["# Touching handwritten digits (held-out MNIST pairs: unseen handwriting)", "",
             "| cuts tried | touching pairs read right | cut in two | of | single digits read right (left whole) | of |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, (ok, two, n, single, singles) in result.items():
        lines.append(f"| {name} | {ok} ({ok / n:.1%}) | {two} | {n} | {single} ({single / singles:.1%}) | {singles} |")
    return publish(lines, args.out)


if __name__ == "__main__":
    sys.exit(main())
