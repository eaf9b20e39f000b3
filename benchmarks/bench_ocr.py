#!/usr/bin/env python3
"""OCR benchmark: CER and seconds per page of plain `tesseract -l vie` and of `sohoa run` (with and
without correction) on the same pages, in one run.

Documents: the mission's 4-page scan, and our own plans (tests/fixtures/plans) rendered under five
scan profiles: clean, office (colour PDF, red seal, 1.2° skew, JPEG), photocopy (binarised
multi-page TIFF, speckle, 2° skew), fax (200 dpi), phone (JPEG photo, 3.5° skew, blur, uneven
light; first page only). Plain tesseract is given the page images themselves, page by page, as a
user would run it; it is timed both as installed (OpenMP threads) and with OMP_THREAD_LIMIT=1.

usage: python benchmarks/bench_ocr.py [--plans N] [--out benchmarks/results/ocr.md]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, publish  # noqa: E402

from docgen import render, save_pdf, save_tiff, scan_document  # noqa: E402
from pipeline.metrics import error_counts  # noqa: E402

SAMPLE = ROOT / "samples" / "ke-hoach-thai-binh-2023"
PROFILES = ["clean", "office", "photocopy", "fax", "phone"]


def plain_tesseract(images: list[Path], omp_one: bool) -> tuple[str, float]:
    env = dict(os.environ)
    if omp_one:
        env["OMP_THREAD_LIMIT"] = "1"
    else:
        env.pop("OMP_THREAD_LIMIT", None)
    texts = []
    t0 = time.perf_counter()
    for img in images:
        out = subprocess.run(["tesseract", str(img), "-", "-l", "vie"], capture_output=True, env=env, check=True)
        texts.append(out.stdout.decode("utf-8", "replace"))
    return "\n".join(texts), time.perf_counter() - t0


def sohoa(path: Path, correct: bool) -> tuple[str, float, int]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.pop("OMP_THREAD_LIMIT", None)
    args = [sys.executable, "-m", "pipeline", "run", str(path), "-q"] + ([] if correct else ["--no-correct"])
    t0 = time.perf_counter()
    out = subprocess.run(args, capture_output=True, env=env)
    secs = time.perf_counter() - t0
    if out.returncode != 0:
        raise RuntimeError(f"sohoa failed on {path}: {out.stderr.decode()[-300:]}")
    return json.loads(out.stdout)["text"], secs, out.returncode


def peak_memory_mb(path: Path) -> float:
    """Peak resident memory of the largest process of one `sohoa run` (measured in a child that
    runs nothing else, so other benchmark steps do not count)."""
    code = ("import resource, subprocess, sys; subprocess.run([sys.executable, '-m', 'pipeline', 'run', sys.argv[1], "
            "'-q', '-o', '/dev/null']); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, env=env, check=True)
    return int(out.stdout.split()[-1]) / 1024


def make_documents(workdir: Path, n_plans: int) -> list[dict]:
    docs = []
    # the mission's scan: its page images as embedded (what a user would OCR page by page)
    pages_dir = workdir / "sample-pages"
    pages_dir.mkdir()
    subprocess.run(["pdfimages", "-j", str(SAMPLE / "scan.pdf"), str(pages_dir / "p")], check=True)
    docs.append({"name": "mission scan.pdf (office, seal)", "profile": "office", "input": SAMPLE / "scan.pdf",
                 "images": sorted(pages_dir.glob("p-*")), "truth": (SAMPLE / "truth.txt").read_text(encoding="utf-8")})
    plans = sorted((ROOT / "tests" / "fixtures" / "plans").glob("*.json"))[:n_plans]
    for plan_path in plans:
        layout = json.loads(plan_path.read_text(encoding="utf-8"))["layout"]
        for profile in PROFILES:
            pages, truth = scan_document(layout, profile, seed=11)
            stem = f"{plan_path.stem}-{profile}"
            if profile == "phone":
                pages = pages[:1]
                truth = _first_page_truth(layout) if len(render(layout)[0]) > 1 else truth
            images = []
            for i, p in enumerate(pages, 1):
                img = workdir / f"{stem}-p{i}.{'jpg' if profile in ('office', 'phone') else 'png'}"
                p.save(img, quality=95) if img.suffix == ".jpg" else p.save(img)
                images.append(img)
            if profile == "office":
                inp = workdir / f"{stem}.pdf"
                save_pdf(pages, inp)
            elif profile == "photocopy":
                inp = workdir / f"{stem}.tif"
                save_tiff(pages, inp)
            else:
                inp = images[0] if len(images) == 1 else None
                if inp is None:
                    inp = workdir / f"{stem}.tif"
                    save_tiff(pages, inp, dpi=200 if profile == "fax" else 300)
            docs.append({"name": f"{plan_path.stem} ({profile})", "profile": profile, "input": inp,
                         "images": images, "truth": truth})
    return docs


def _first_page_truth(layout: dict) -> str | None:
    return None  # a photo of page 1 of a multi-page plan has no separate truth: CER not measured


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=3, help="how many of our plans to render (default 3)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ocr.md")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as tmp:
        docs = make_documents(Path(tmp), args.plans)
        for d in docs:
            n = len(d["images"])
            plain_text, plain_s = plain_tesseract(d["images"], omp_one=True)
            default_s = plain_tesseract(d["images"], omp_one=False)[1] if d["profile"] == "office" and "mission" in d["name"] else None
            raw_text, raw_s, _ = sohoa(d["input"], correct=False)
            text, s, _ = sohoa(d["input"], correct=True)
            row = {"name": d["name"], "profile": d["profile"], "pages": n, "plain_s": plain_s / n,
                   "default_s": default_s / n if default_s else None, "raw_s": raw_s / n, "s": s / n}
            if d["truth"]:
                for key, hyp in (("plain", plain_text), ("raw", raw_text), ("sohoa", text)):
                    row[key] = error_counts(d["truth"], hyp)
            rows.append(row)
            print(json.dumps({k: v for k, v in row.items()}, default=str), file=sys.stderr, flush=True)
    peak = peak_memory_mb(SAMPLE / "scan.pdf")

    def rate(r, key):
        return f"{r[key][0] / max(r[key][1], 1):.2%}" if key in r else "–"

    lines = ["| document (profile) | pages | CER plain tesseract | CER sohoa --no-correct | CER sohoa | "
             "s/page plain (OMP=1) | s/page sohoa --no-correct | s/page sohoa |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['name']} | {r['pages']} | {rate(r, 'plain')} | {rate(r, 'raw')} | {rate(r, 'sohoa')} | "
                     f"{r['plain_s']:.2f} | {r['raw_s']:.2f} | {r['s']:.2f} |")
    lines.append("")
    lines.append("| profile | documents | CER plain tesseract | CER sohoa | s/page plain (OMP=1) | s/page sohoa |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for prof in PROFILES:
        rs = [r for r in rows if r["profile"] == prof and "plain" in r and "mission" not in r["name"]]
        if not rs:
            continue
        agg = {k: [sum(r[k][0] for r in rs), sum(r[k][1] for r in rs)] for k in ("plain", "sohoa")}
        pages = sum(r["pages"] for r in rs)
        lines.append(f"| {prof} | {len(rs)} | {agg['plain'][0] / agg['plain'][1]:.2%} | "
                     f"{agg['sohoa'][0] / agg['sohoa'][1]:.2%} | {sum(r['plain_s'] * r['pages'] for r in rs) / pages:.2f} | "
                     f"{sum(r['s'] * r['pages'] for r in rs) / pages:.2f} |")
    m = rows[0]
    lines.append("")
    lines.append(f"Mission scan (4 pages, 300 dpi): plain `tesseract -l vie` page by page takes {m['default_s']:.2f} s/page "
                 f"as installed (OpenMP threads on 2 cores) and {m['plain_s']:.2f} s/page with OMP_THREAD_LIMIT=1; "
                 f"`sohoa run` takes {m['s']:.2f} s/page for the whole job (load, clean, OCR with pages in parallel, "
                 f"correct, parse, JSON): **{m['s'] / m['plain_s']:.2f}×** the single-thread plain run and "
                 f"**{m['s'] / m['default_s']:.2f}×** the default one. Peak memory of the largest process of "
                 f"`sohoa run` on it: {peak:.0f} MB.")
    return publish(lines, args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
