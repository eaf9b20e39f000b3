#!/usr/bin/env python3
"""`sohoa serve` under load on loopback: N documents uploaded at once by several clients while
another client asks for a document's status; every document must finish, none lost or duplicated.
Reports the time to finish them all and the p50/p95 of GET /documents/{id} while they run.

usage: python benchmarks/bench_serve.py [--docs 50] [--clients 5] [--scans 0] [--out benchmarks/results/serve.md]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, publish  # noqa: E402

from serving import PLAN_TXT, Server, load  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--clients", type=int, default=5)
    ap.add_argument("--scans", type=int, default=6, help="how many of the documents are one-page scans (PDF)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "serve.md")
    args = ap.parse_args(argv)
    from docgen import save_pdf, scan_document
    from conftest import plan_fixtures

    with tempfile.TemporaryDirectory(prefix="sohoa-bench-serve-") as tmp:
        tmp = Path(tmp)
        files = []
        layout = plan_fixtures()["danang-sgddt-cong-van"]["layout"]
        for i in range(args.docs):
            if i < args.scans:
                pages, _ = scan_document(layout, "office", seed=100 + i)
                p = tmp / f"scan-{i:03d}.pdf"
                save_pdf(pages[:1], p)
            else:
                p = tmp / f"doc-{i:03d}.txt"
                p.write_text(PLAN_TXT.replace("31/KH-UBND", f"{100 + i}/KH-UBND"), encoding="utf-8")
            files.append(p)
        srv = Server(tmp / "data").start()
        try:
            run = load(srv, files, args.clients, timeout=1200)
        finally:
            srv.stop()
    ids, results, lat = list(run["ids"].values()), run["results"], run["latencies"]
    t_upload, t_all = run["uploaded_s"], run["finished_s"]
    q = lambda f: lat[int(f * (len(lat) - 1))] * 1000 if lat else float("nan")  # noqa: E731
    done = sum(r["status"] == "done" for r in results)
    lines = ["| documents | of which scans | clients | uploads accepted in | all finished in | done | distinct ids | "
             "GET /documents/{id} while running: requests | p50 | p95 |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
             f"| {args.docs} | {args.scans} | {args.clients} | {t_upload:.1f} s | {t_all:.1f} s | {done} | "
             f"{len(set(ids))} | {len(lat)} | {q(0.5):.0f} ms | {q(0.95):.0f} ms |",
             "", "On this machine (2 cores), `sohoa serve --workers 2`, SQLite, loopback; the documents are our own "
             "generated plans (.txt) and one-page rendered scans."]
    return publish(lines, args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
