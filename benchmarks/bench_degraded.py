#!/usr/bin/env python3
"""The development set's real pages scanned worse: each page of ``../shared/realscans`` turned
2°, brought down to 150 dpi, made 1-bit, saved as a coarse JPEG, and lit unevenly, then read and
scored like ``bench_realscans`` (header fields matched; CER on the transcribed pages).

What it measures is how much each kind of worse scanning costs on pages whose answers are known;
the pages are the development set's (looked at while the rules were written), so the figures
say how the pipeline holds up when the same paper is scanned worse, not how it does on paper it
has never seen. A drop under one degradation points at a step that leans on the page being
clean.

usage: python benchmarks/bench_degraded.py [--only rotate2,dpi150] [--out benchmarks/results/degraded.md]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_realscans import REALSCANS, measure  # noqa: E402
from common import ROOT, publish  # noqa: E402

from pipeline.evaluate import page_cases  # noqa: E402


def rotate2(img: np.ndarray) -> np.ndarray:
    """Turned 2° (a page laid crooked on the glass), the corners filled white. Turned at three times
    the size and brought back by area, as a scanner samples a crooked page: a turn at the page's
    own size blurs every stroke once more than a scan would."""
    h, w = img.shape[:2]
    big = cv2.resize(img, (3 * w, 3 * h), interpolation=cv2.INTER_CUBIC)
    m = cv2.getRotationMatrix2D((1.5 * w, 1.5 * h), 2.0, 1.0)
    big = cv2.warpAffine(big, m, (3 * w, 3 * h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    return cv2.resize(big, (w, h), interpolation=cv2.INTER_AREA)


def dpi150(img: np.ndarray) -> np.ndarray:
    """150 dpi, an archive's low setting (an A4 page 1,240 pixels wide; a narrower page as it is)."""
    f = 1240 / img.shape[1]
    return cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else img


def bilevel(img: np.ndarray) -> np.ndarray:
    """1-bit, as a fax or an archive's CCITT scanner stores it (Otsu's threshold)."""
    grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img
    _, bw = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return bw


def jpeg25(img: np.ndarray) -> np.ndarray:
    """Saved as JPEG at quality 25 (an e-mailed scan squeezed small): blocks and ringing."""
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 25])
    return cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)


def uneven(img: np.ndarray) -> np.ndarray:
    """Lit from one side (a phone photo by a window): the far side darkened to 55 %, contrast lower."""
    h, w = img.shape[:2]
    ramp = np.linspace(1.0, 0.55, w, dtype=np.float32)[None, :]
    ramp = np.repeat(ramp, h, axis=0)
    f = img.astype(np.float32)
    f = 40 + 0.8 * f  # a grey cast: black ink no longer black
    f = f * (ramp[..., None] if img.ndim == 3 else ramp)
    return np.clip(f, 0, 255).astype(np.uint8)


DEGRADATIONS = {"rotate2": rotate2, "dpi150": dpi150, "bilevel": bilevel, "jpeg25": jpeg25, "uneven": uneven}


def degraded_copy(root: Path, out: Path, how) -> None:
    """Every page of ``root`` degraded into ``out`` as PNG (its stated dpi kept, scaled with the
    page), with its expectation and transcription."""
    for doc, exp, truth in page_cases(root):
        img = cv2.imread(str(doc), cv2.IMREAD_COLOR)
        with Image.open(doc) as im:
            dpi = im.info.get("dpi")
        bad = how(img)
        stem = exp.name[: -len(".expect.json")]
        pil = Image.fromarray(bad if bad.ndim == 2 else cv2.cvtColor(bad, cv2.COLOR_BGR2RGB))
        if bad.ndim == 2 and how is bilevel:
            pil = pil.convert("1")
        scale = bad.shape[1] / img.shape[1]
        pil.save(out / f"{stem}.png", **({"dpi": (float(dpi[0]) * scale, float(dpi[1]) * scale)} if dpi else {}))
        shutil.copy(exp, out / exp.name)
        if truth is not None:
            shutil.copy(truth, out / truth.name)


def to_markdown(results: dict[str, dict]) -> list[str]:
    lines = ["## The development set's real pages scanned worse (`bench_degraded`)", "",
             "Measured on the development set's pages (looked at while the rules were written), each degraded "
             "by the benchmark: how much a worse scan of the same paper costs, not a figure for unseen paper.", "",
             "| scan | header fields | share | CER (transcribed pages) |", "| --- | ---: | ---: | ---: |"]
    for name, s in results.items():
        cer = f"{s['cer_mean']:.2%}" if s.get("cer_mean") is not None else ""
        lines.append(f"| {name} | {s['header_matched']}/{s['header_total']} | "
                     f"{s['header_matched'] / max(1, s['header_total']):.1%} | {cer} |")
    lines.append("")
    base = results.get("as scanned")
    for name, s in results.items():
        if name == "as scanned" or base is None:
            continue
        before = {r["page"].rsplit(".", 1)[0]: set(r["missed"]) for r in base["rows"]}
        lost = [f"{r['page'].rsplit('.', 1)[0]}: {', '.join(sorted(set(r['missed']) - before.get(r['page'].rsplit('.', 1)[0], set())))}"
                for r in s["rows"] if set(r["missed"]) - before.get(r["page"].rsplit(".", 1)[0], set())]
        lines.append(f"- {name}, fields lost against the pages as scanned: " + ("; ".join(lost) or "none"))
    return lines


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated degradations (default: all): " + ", ".join(DEGRADATIONS))
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "degraded.md")
    ap.add_argument("--json", type=Path, help="also write the summaries as JSON")
    args = ap.parse_args(argv)
    if not REALSCANS.is_dir():
        print(f"{REALSCANS}: not found", file=sys.stderr)
        return 2
    names = args.only.split(",") if args.only else list(DEGRADATIONS)
    results = {"as scanned": measure(REALSCANS, with_tesseract=False)}
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            degraded_copy(REALSCANS, Path(tmp), DEGRADATIONS[name])
            results[name] = measure(Path(tmp), with_tesseract=False)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return publish(to_markdown(results), args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
