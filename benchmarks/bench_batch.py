#!/usr/bin/env python3
"""Batch benchmark: documents per minute with 1 and 2 local workers and on a Dask cluster of two
local workers (a real `dask scheduler` and `dask worker` processes on 127.0.0.1), and the peak
memory of a worker.

usage: python benchmarks/bench_batch.py [--docs N] [--out benchmarks/results/batch.md]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, publish  # noqa: E402

from cluster import local_cluster  # noqa: E402
from docgen import save_pdf, scan_document  # noqa: E402


def make_folder(folder: Path, n: int) -> None:
    plans = sorted((ROOT / "tests" / "fixtures" / "plans").glob("*.json"))
    for i in range(n):
        layout = json.loads(plans[i % len(plans)].read_text(encoding="utf-8"))["layout"]
        pages, _ = scan_document(layout, "office", seed=100 + i)
        save_pdf(pages[:1], folder / f"doc-{i:03d}.pdf")


def env() -> dict:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT)
    return e


def run_batch(indir: Path, outdir: Path, *extra: str) -> float:
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "pipeline", "batch", str(indir), "-o", str(outdir), "-q", *extra],
                       capture_output=True, env=env())
    if p.returncode != 0:
        raise RuntimeError(p.stderr.decode()[-500:])
    return time.perf_counter() - t0


def dask_run(indir: Path, outdir: Path) -> tuple[float, float]:
    with local_cluster(env(), workers=2) as addr:
        secs = run_batch(indir, outdir, "--scheduler", addr)
        from distributed import Client
        with Client(addr, timeout="5s") as c:
            peaks = c.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return secs, max(peaks.values()) / 1024


def _column(csv_path: Path, name: str) -> list[str]:
    import csv
    with open(csv_path, encoding="utf-8") as f:
        return [row[name] for row in csv.DictReader(f)]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=12)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "batch.md")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sohoa-batch-") as tmp:
        tmp = Path(tmp)
        indir = tmp / "in"
        indir.mkdir()
        make_folder(indir, args.docs)
        results = []
        peaks = []
        for workers in (1, 2):
            secs = run_batch(indir, tmp / f"out{workers}", "--workers", str(workers))
            results.append((f"local, {workers} worker{'s' if workers > 1 else ''}", secs))
            peaks.append(max(float(x) for x in _column(tmp / f"out{workers}" / "report.csv", "worker_peak_mb") if x))
        resume = run_batch(indir, tmp / "out2")
        dask_secs, dask_peak = dask_run(indir, tmp / "out-dask")
        results.append(("Dask, 2 local workers (1 thread each)", dask_secs))
        local_peak = max(peaks)
    lines = ["| run | documents | seconds | documents/minute |", "| --- | ---: | ---: | ---: |"]
    for name, secs in results:
        lines.append(f"| {name} | {args.docs} | {secs:.1f} | {args.docs / secs * 60:.1f} |")
    one, two = results[0][1], results[1][1]
    lines.append("")
    lines.append(f"Scaling from 1 to 2 local workers: **{one / two:.2f}×**. Re-running the finished batch (everything "
                 f"skipped by sha256) took {resume:.1f} s ({resume / two:.0%} of the first run). Peak memory of a Dask "
                 f"worker process: {dask_peak:.0f} MB; of a local worker process (its Tesseract included): {local_peak:.0f} MB. "
                 f"One-page office-quality PDFs, 300 dpi, on this 2-core machine.")
    return publish(lines, args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
