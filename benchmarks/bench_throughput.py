#!/usr/bin/env python3
"""CPU per page: `sohoa batch` (one worker) beside plain `tesseract -l vie` on the same colour pages,
in one run, and each page step's share of sohoa's time (from the documents' provenance).

Plain Tesseract reads each page image as the scanner gave it (rasterised from the PDF at 300 dpi
by pdftoppm, not counted), one process per page with OMP_THREAD_LIMIT=1. sohoa's CPU is the
whole batch process tree (start-up, imports, models, its Tesseract children, reports), divided by
pages. Documents: our own rendered plans as office scans (colour, JPEG, tilted) — development data.

usage: python benchmarks/bench_throughput.py [--docs 8] [--out benchmarks/results/throughput.md]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, publish  # noqa: E402

from docgen import save_pdf, scan_document  # noqa: E402


def child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_cpu(cmd: list[str], env: dict | None = None) -> float:
    """CPU seconds of ``cmd`` and every process it waited for."""
    before = child_cpu()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return child_cpu() - before


def measure(folder: Path, out: Path, pages_dir: Path) -> dict:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    images = sorted(pages_dir.glob("*.png"))
    plain = sum(run_cpu(["tesseract", str(p), "stdout", "-l", "vie"], env) for p in images)
    sohoa = run_cpu([sys.executable, "-m", "pipeline", "batch", str(folder), "-o", str(out), "--workers", "1", "-q"],
                    dict(os.environ, PYTHONPATH=str(ROOT)))
    steps: dict[str, float] = defaultdict(float)
    for j in out.glob("*.json"):
        for s in json.loads(j.read_text(encoding="utf-8"))["provenance"]["steps"]:
            steps[s["name"]] += s["seconds"]
    return {"pages": len(images), "plain": plain, "sohoa": sohoa, "steps": dict(steps)}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=8)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "throughput.md")
    args = ap.parse_args(argv)
    plans = sorted((ROOT / "tests" / "fixtures" / "plans").glob("*.json"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="sohoa-tput-") as tmp:
        tmp = Path(tmp)
        scans = []  # every page of every plan, as office scans
        for i, plan in enumerate(plans):
            pages, _ = scan_document(json.loads(plan.read_text(encoding="utf-8"))["layout"], "office", seed=40 + i)
            scans.append(pages)
        flat = [p for pages in scans for p in pages]
        for label, per_doc in (("4-page documents", 4), ("one-page documents", 1)):
            src, pages_dir = tmp / f"in-{per_doc}", tmp / f"pages-{per_doc}"
            src.mkdir()
            pages_dir.mkdir()
            for i in range(args.docs):
                # one-page: each plan's first page; 4-page: the plans' pages one after another
                pages = [scans[i % len(scans)][0]] if per_doc == 1 else \
                    [flat[(i * per_doc + k) % len(flat)] for k in range(per_doc)]
                pdf = src / f"doc{i:02d}.pdf"
                save_pdf(pages, pdf)
                subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(pages_dir / f"doc{i:02d}")], check=True)
            m = measure(src, tmp / f"out-{per_doc}", pages_dir)
            rows.append((label, m))
            print(label, m, file=sys.stderr, flush=True)
    lines = ["| documents | pages | plain tesseract CPU s/page | sohoa batch CPU s/page | sohoa ÷ plain |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for label, m in rows:
        p = m["pages"]
        lines.append(f"| {args.docs} {label} | {p} | {m['plain'] / p:.2f} | {m['sohoa'] / p:.2f} | "
                     f"**{m['sohoa'] / m['plain']:.2f}×** |")
    label, m = rows[0]
    total = sum(m["steps"].values()) or 1.0
    lines += ["", "Where sohoa's time goes (4-page run, wall seconds of each step summed over pages, from "
              "`provenance.steps`; the rest of its CPU is start-up, imports and reports):", "",
              "| step | seconds | share |", "| --- | ---: | ---: |"]
    for name, sec in sorted(m["steps"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {name} | {sec:.2f} | {sec / total:.0%} |")
    lines += ["", "Our own rendered plans scanned as office colour scans (JPEG in PDF, 300 dpi, tilted 1.2°); the "
              "4-page documents are their pages one after another: development data. Plain Tesseract reads the colour page as rasterised; sohoa reads its own "
              "cleaned, binarised page."]
    return publish(lines, args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
