#!/usr/bin/env python3
"""The development set of real pages (../shared/realscans): every page through ``sohoa``'s
pipeline, every expected field scored, a per-field table; text CER against the full-page
transcriptions beside plain ``tesseract -l vie`` on the same page; and the wrong fields that
sohoa reported as sure (confidence ≥ 0.9 in ``quality.fields``).

These pages were looked at while the project was developed: the figures say how sohoa does on
its development set, not on paper it has never seen.

usage: python benchmarks/bench_realscans.py [--out benchmarks/results/realscans.md] [--json FILE] [--no-tesseract]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, publish  # noqa: E402

from pipeline.evaluate import page_cases, compare_fields  # noqa: E402
from pipeline.metrics import cer  # noqa: E402
from pipeline.process import Options, process_document  # noqa: E402

REALSCANS = ROOT.parent / "shared" / "realscans"
SURE = 0.9


def field_name(path: str) -> str:
    """'metadata.recipients[3]' → 'metadata.recipients'."""
    return re.sub(r"\[\d+\]", "", path)


def quality_name(path: str) -> str | None:
    """The quality.fields key a compared field path belongs to."""
    m = re.match(r"metadata\.(signer\.\w+|\w+)", path)
    return m.group(1) if m else None


def plain_tesseract(image: Path) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    p = subprocess.run(["tesseract", str(image), "stdout", "-l", "vie"], capture_output=True, env=env, timeout=300)
    return p.stdout.decode("utf-8", "replace")


def measure(root: Path, with_tesseract: bool = True) -> dict:
    pages = []
    options = Options(page_workers=1)
    for doc_path, exp_path, truth_path in page_cases(root):
        t0 = time.perf_counter()
        doc = process_document(doc_path, options).to_dict()
        seconds = time.perf_counter() - t0
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        fields = compare_fields(doc, expected)
        qf = doc["quality"].get("fields") or {}
        sure_wrong = [p for p, ok in fields if not ok and quality_name(p) in qf
                      and (qf[quality_name(p)].get("confidence") or 0) >= SURE]
        row = {"page": doc_path.name, "seconds": round(seconds, 2), "fields": fields, "sure_wrong": sure_wrong}
        if truth_path is not None:
            truth = truth_path.read_text(encoding="utf-8")
            row["cer"] = cer(truth, doc["text"])
            if with_tesseract:
                row["cer_tesseract"] = cer(truth, plain_tesseract(doc_path))
        pages.append(row)
        print(f"{doc_path.name}: {sum(ok for _, ok in fields)}/{len(fields)} fields"
              + (f", CER {row['cer']:.2%}" if "cer" in row else "")
              + (f" (tesseract {row['cer_tesseract']:.2%})" if "cer_tesseract" in row else ""), file=sys.stderr)
    return summarise(pages)


def summarise(pages: list[dict]) -> dict:
    per_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in pages:
        for path, ok in row["fields"]:
            f = per_field[field_name(path)]
            f[0] += ok
            f[1] += 1
    header = {k: v for k, v in per_field.items() if k.startswith("metadata.")}
    ok = sum(v[0] for v in header.values())
    n = sum(v[1] for v in header.values())
    with_truth = [r for r in pages if "cer" in r]
    return {
        "pages": len(pages),
        "header_matched": ok, "header_total": n,
        "all_matched": sum(v[0] for v in per_field.values()), "all_total": sum(v[1] for v in per_field.values()),
        "per_field": {k: per_field[k] for k in sorted(per_field)},
        "cer_mean": sum(r["cer"] for r in with_truth) / len(with_truth) if with_truth else None,
        "cer_tesseract_mean": (sum(r["cer_tesseract"] for r in with_truth) / len(with_truth)
                               if with_truth and all("cer_tesseract" in r for r in with_truth) else None),
        "sure_wrong": [f"{r['page']}: {p}" for r in pages for p in r["sure_wrong"]],
        "rows": [{k: v for k, v in r.items() if k != "fields"} | {
            "matched": sum(ok for _, ok in r["fields"]), "total": len(r["fields"]),
            "missed": [p for p, ok in r["fields"] if not ok]} for r in pages],
    }


def to_markdown(s: dict) -> str:
    lines = ["## Real pages of the development set (`../shared/realscans`)", "",
             "Measured on pages the project was developed on (looked at while writing the rules): "
             "not a figure for unseen paper.", "",
             f"- pages: {s['pages']}; header fields matched: **{s['header_matched']}/{s['header_total']} = "
             f"{s['header_matched'] / max(1, s['header_total']):.1%}**; all expected fields (header and section "
             f"headings): {s['all_matched']}/{s['all_total']}",
             ]
    if s["cer_mean"] is not None:
        t = f" (plain `tesseract -l vie` on the same pages: {s['cer_tesseract_mean']:.2%})" \
            if s["cer_tesseract_mean"] is not None else ""
        lines.append(f"- mean CER of `text` on the pages with a transcription: **{s['cer_mean']:.2%}**{t}")
    lines.append(f"- wrong fields that sohoa gave confidence ≥ {SURE}: {len(s['sure_wrong'])}"
                 + (" (" + "; ".join(s["sure_wrong"]) + ")" if s["sure_wrong"] else ""))
    lines += ["", "| field | matched | of | share |", "| --- | ---: | ---: | ---: |"]
    for k, (ok, n) in s["per_field"].items():
        lines.append(f"| {k} | {ok} | {n} | {ok / n:.0%} |")
    lines += ["", "| page | fields | CER | CER plain tesseract | missed |", "| --- | ---: | ---: | ---: | --- |"]
    for r in s["rows"]:
        c = f"{r['cer']:.2%}" if "cer" in r else ""
        ct = f"{r['cer_tesseract']:.2%}" if "cer_tesseract" in r else ""
        lines.append(f"| {r['page']} | {r['matched']}/{r['total']} | {c} | {ct} | {', '.join(r['missed'])} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "realscans.md")
    ap.add_argument("--json", type=Path, help="also write the summary as JSON")
    ap.add_argument("--no-tesseract", action="store_true", help="skip plain tesseract on the transcribed pages")
    args = ap.parse_args(argv)
    if not REALSCANS.is_dir():
        print(f"{REALSCANS}: not found", file=sys.stderr)
        return 2
    s = measure(REALSCANS, with_tesseract=not args.no_tesseract)
    if args.json:
        args.json.write_text(json.dumps(s, ensure_ascii=False, indent=1), encoding="utf-8")
    return publish(to_markdown(s).rstrip("\n").split("\n"), args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
