#!/usr/bin/env python3
"""Fields benchmark: structured fields matched, through the whole pipeline from the image.

- our plans (tests/fixtures/plans) rendered as office PDFs, photocopied TIFFs and phone photos
  (phone: one-page plans only), scored against their expected JSON;
- our documents of other Decree-30 types (tests/fixtures/types) as office PDFs (a seal over the
  signer), photocopied TIFFs and 200 dpi faxes, scored on their header fields;
- the eight real scans of ../shared/realscans (if present), scored against their expect.json;
- the mission's scan and raw OCR text against expected.json.

usage: python benchmarks/bench_fields.py [--out benchmarks/results/fields.md]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, publish  # noqa: E402

from docgen import save_pdf, save_tiff, scan_document  # noqa: E402
from pipeline.evaluate import compare_fields  # noqa: E402

REALSCANS = ROOT.parent / "shared" / "realscans"
SAMPLE = ROOT / "samples" / "ke-hoach-thai-binh-2023"


def run(path: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    p = subprocess.run([sys.executable, "-m", "pipeline", "run", str(path), "-q"], capture_output=True, env=env)
    return json.loads(p.stdout) if p.stdout else {}


def score(out: dict, expected: dict) -> tuple[int, int, list[str]]:
    res = compare_fields(out, expected)
    return sum(ok for _, ok in res), len(res), [f for f, ok in res if not ok]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "fields.md")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sohoa-fields-") as tmp:
        tmp = Path(tmp)
        for plan_path in sorted((ROOT / "tests" / "fixtures" / "plans").glob("*.json")):
            plan = json.loads(plan_path.read_text(encoding="utf-8"))
            for profile in ("office", "photocopy", "phone"):
                pages, _ = scan_document(plan["layout"], profile, seed=21)
                if profile == "phone" and len(pages) > 1:
                    continue
                path = tmp / f"{plan_path.stem}-{profile}"
                if profile == "office":
                    path = path.with_suffix(".pdf")
                    save_pdf(pages, path)
                elif profile == "photocopy":
                    path = path.with_suffix(".tif")
                    save_tiff(pages, path)
                else:
                    path = path.with_suffix(".jpg")
                    pages[0].save(path, quality=80)
                ok, total, missed = score(run(path), plan["expected"])
                rows.append(("our plans", f"{plan_path.stem} ({profile})", ok, total, missed))
                print(rows[-1], file=sys.stderr, flush=True)
        # the other Decree-30 types of our own (tests/fixtures/types): scanned in colour with a seal
        # over the signer, photocopied, and faxed at 200 dpi
        for doc_path in sorted((ROOT / "tests" / "fixtures" / "types").glob("*.json")):
            doc = json.loads(doc_path.read_text(encoding="utf-8"))
            for profile in ("office", "photocopy", "fax"):
                pages, _ = scan_document(doc["layout"], profile, seed=21)
                path = tmp / f"type-{doc_path.stem}-{profile}"
                if profile == "office":
                    path = path.with_suffix(".pdf")
                    save_pdf(pages, path)
                else:
                    path = path.with_suffix(".tif")
                    save_tiff(pages, path, dpi=200 if profile == "fax" else 300)
                ok, total, missed = score(run(path), doc["expected"])
                rows.append(("our other types", f"{doc_path.stem} ({profile})", ok, total, missed))
                print(rows[-1], file=sys.stderr, flush=True)
    if REALSCANS.is_dir():
        for exp in sorted(REALSCANS.glob("*.expect.json")):
            name = exp.name[:-len(".expect.json")]
            img = next(p for p in REALSCANS.iterdir() if p.stem == name and not p.name.endswith(".json"))
            ok, total, missed = score(run(img), json.loads(exp.read_text(encoding="utf-8")))
            rows.append(("real scans (header fields)", name, ok, total, missed))
            print(rows[-1], file=sys.stderr, flush=True)
    expected = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
    for inp in ("raw_ocr.txt", "scan.pdf"):
        ok, total, missed = score(run(SAMPLE / inp), expected)
        rows.append(("mission document", inp, ok, total, missed))

    lines = ["| set | document | fields matched | missed |", "| --- | --- | ---: | --- |"]
    for group, name, ok, total, missed in rows:
        share = f"{ok / total:.0%}" if total else "–"
        lines.append(f"| {group} | {name} | {ok}/{total} ({share}) | {', '.join(missed) or '–'} |")
    lines.append("")
    for group in dict.fromkeys(r[0] for r in rows):
        ok = sum(r[2] for r in rows if r[0] == group)
        total = sum(r[3] for r in rows if r[0] == group)
        worst = min(r[2] / r[3] for r in rows if r[0] == group and r[3])
        lines.append(f"- **{group}**: {ok}/{total} fields ({ok / total:.1%}); worst document {worst:.0%}.")
    return publish(lines, args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
