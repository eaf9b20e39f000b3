#!/usr/bin/env python3
"""Handwritten blanks, end to end: the number, day and month of a typed header written in by
hands the digit reader never saw, through the whole pipeline (clean, OCR, handwriting step, parse).

Each page is the first page of one of our plans (tests/fixtures/plans) with its number, day and
month printed as blanks ("Số:      /KH-…", "ngày      tháng      năm 2024"); the values are drawn
at random and written with real handwritten digits from MNIST's test set, whose writers are not
among the training set's (see scripts/build_digits.py: never trained on), one glyph per digit, at a random
size and slant, spaced or touching, in blue or black ink, then scanned as an office PDF, a
photocopy (1-bit) or a phone photo. A field is right when it equals what was written, refused
when it is null (the pipeline said it could not read it), wrong otherwise: a wrong field is what
SPEC forbids most ("never a guess presented as a reading").

The handwriting is **unseen**; the header layouts are our own renders.

usage: python benchmarks/bench_blanks.py [--pages 60] [--seed 5] [--out benchmarks/results/blanks.md]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, publish  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from build_digits import HELD_OUT_MNIST  # noqa: E402
from docgen import scan_document  # noqa: E402

from pipeline.process import Options, process_document  # noqa: E402

PROFILES = ("office", "photocopy", "phone")
INKS = {"blue": (40, 50, 170), "black": (35, 35, 45)}
BLANK_DAY = re.compile(r"ngày\s+\d+\s+tháng\s+\d+")


def held_out_mnist() -> dict[int, list[np.ndarray]]:
    """The committed sample of MNIST's test set (writers not among the training set's; what
    build_digits never trains on), as ink masks cropped to the ink."""
    with np.load(HELD_OUT_MNIST) as data:
        images, labels = data["images"], data["labels"]
    out: dict[int, list[np.ndarray]] = {}
    for label in range(10):
        masks = []
        for x in images[labels == label]:
            g = cv2.resize(x, (84, 84), interpolation=cv2.INTER_CUBIC)
            ys, xs = np.nonzero(g > 100)
            masks.append(g[ys.min():ys.max() + 1, xs.min():xs.max() + 1])
        out[label] = masks
    return out


def make_hand(bank: dict[int, list[np.ndarray]], rng: np.random.Generator):
    """A writer for docgen: digits of the bank at ``height`` × a random size, sheared as one hand
    leans, each next digit a random distance after the last (from touching to spaced)."""
    size, shear = rng.uniform(0.85, 1.25), rng.uniform(-0.05, 0.35)
    spacing = rng.uniform(-0.12, 0.3)
    pen = int(rng.integers(0, 3))

    written: dict[tuple[str, int], np.ndarray] = {}  # docgen measures the blank, then writes in it

    def write(text: str, height: int) -> np.ndarray:
        if (text, height) not in written:
            written[(text, height)] = _write(text, height)
        return written[(text, height)]

    def _write(text: str, height: int) -> np.ndarray:
        h = int(height * size)
        glyphs = []
        for ch in text:
            g = bank[int(ch)][int(rng.integers(len(bank[int(ch)])))]
            w = max(2, int(g.shape[1] * h / g.shape[0]))
            glyphs.append(cv2.resize(g, (w, h), interpolation=cv2.INTER_LINEAR))
        gap = int(spacing * h)
        width = sum(g.shape[1] for g in glyphs) + gap * (len(glyphs) - 1) + int(abs(shear) * h) + 4
        row = np.zeros((h, max(width, 4)), np.uint8)
        x = int(abs(shear) * h) // 2 + 2
        for g in glyphs:
            x = max(0, x)
            row[:, x:x + g.shape[1]] = np.maximum(row[:, x:x + g.shape[1]], g[:, :row.shape[1] - x])
            x += g.shape[1] + gap
        m = np.float32([[1, -shear, shear * h], [0, 1, 0]])  # top leaning right
        row = cv2.warpAffine(row, m, (row.shape[1] + int(abs(shear) * h), h))
        if pen:
            row = cv2.erode(row, np.ones((pen + 1, pen + 1), np.uint8))
        return row

    return write


def pages(n: int, seed: int):
    """(name, layout, by_hand, expected number, expected date, profile, hand, ink) × n."""
    plans = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "tests" / "fixtures" / "plans").glob("*.json"))]
    bank = held_out_mnist()
    rng = np.random.default_rng(seed)
    for k in range(n):
        plan = plans[k % len(plans)]
        layout = dict(plan["layout"])
        code = layout["number"].split("/", 1)[1]
        year = re.search(r"năm (\d{4})", layout["date_line"]).group(1)
        layout["number"] = "Số: /" + code
        layout["date_line"] = BLANK_DAY.sub("ngày tháng", layout["date_line"])
        if "ngày tháng" not in layout["date_line"]:
            layout["date_line"] = re.sub(r"ngày\s+tháng\s+\d+", "ngày tháng", layout["date_line"])
        number = str(int(rng.integers(1, 10 ** int(rng.integers(1, 5)))))
        day, month = int(rng.integers(1, 29)), int(rng.integers(1, 13))
        # offices write a day or month under 10 as "5" or as "05"
        pad = rng.random() < 0.4
        by_hand = {"number": number, "day": f"{day:02d}" if pad else str(day),
                   "month": f"{month:02d}" if pad else str(month)}
        profile = PROFILES[k % len(PROFILES)]
        ink = "blue" if rng.random() < 0.6 else "black"
        yield (f"{k:03d}-{profile}-{ink}", layout, by_hand, f"{number}/{code}", f"{year}-{month:02d}-{day:02d}",
               profile, make_hand(bank, rng), ink)


def measure(n: int, seed: int, keep: Path | None = None) -> tuple[Counter, list[str], float]:
    counts: Counter = Counter()
    wrong: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sohoa-blanks-") as tmp:
        for name, layout, by_hand, number, date, profile, hand, ink in pages(n, seed):
            scanned, _ = scan_document(layout, profile, seed=int(name[:3]), by_hand=by_hand, hand=hand, colour=INKS[ink])
            path = Path(keep or tmp) / f"{name}.png"
            scanned[0].save(path)
            meta = process_document(path, Options(page_workers=1)).to_dict()["metadata"]
            for field, want, got in (("number", number, meta.get("number")), ("date", date, meta.get("date"))):
                verdict = "right" if got == want else "refused" if got is None else "wrong"
                counts[(field, verdict)] += 1
                counts[(field, profile, verdict)] += 1
                if verdict != "right":
                    wrong.append(f"{name}: {field} written {want!r} ({by_hand}), read {got!r}")
            print(f"{name}: number {meta.get('number')!r} ({number}), date {meta.get('date')!r} ({date})",
                  file=sys.stderr)
    return counts, wrong, (time.perf_counter() - started) / max(n, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="keep the rendered pages in this folder")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "blanks.md")
    args = ap.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    counts, wrong, per_page = measure(args.pages, args.seed, args.keep)
    lines = ["## Handwritten blanks (unseen handwriting, our header layouts)", "",
             f"{args.pages} first pages of our plans, number, day and month written in with held-out MNIST digits "
             f"(never trained on), seed {args.seed}; {per_page:.1f} s per page through the whole pipeline.", "",
             "| field | scan | right | refused (null) | wrong |", "| --- | --- | ---: | ---: | ---: |"]
    for field in ("number", "date"):
        for profile in (*PROFILES, "all"):
            key = (field,) if profile == "all" else (field, profile)
            r, f, w = (counts[(*key, v)] for v in ("right", "refused", "wrong"))
            total = max(r + f + w, 1)
            lines.append(f"| {field} | {profile} | {r} ({r / total:.0%}) | {f} ({f / total:.0%}) | {w} ({w / total:.0%}) |")
    lines += ["", "Not right (written → read):", ""] + [f"- {x}" for x in wrong]
    return publish(lines, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
