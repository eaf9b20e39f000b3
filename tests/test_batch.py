"""`sohoa batch`: a tree of documents, reports, resume, failures, and a real Dask cluster."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, SAMPLE, plan_fixtures, run_cli
from docgen import scan_document, save_pdf, save_tiff
from cluster import local_cluster
from fakes import fake_tesseract

PLANS = plan_fixtures()


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    (root / "2024" / "quy1").mkdir(parents=True)
    (root / ".trash").mkdir()
    shutil.copy(SAMPLE / "raw_ocr.txt", root / "thai-binh.txt")
    pages, _ = scan_document(PLANS["cantho-stp-pho-bien-phap-luat"]["layout"], "office", seed=1)
    save_pdf(pages, root / "2024" / "can-tho.pdf")
    pages, _ = scan_document(PLANS["hanam-stttt-chuyen-doi-so"]["layout"], "photocopy", seed=2)
    save_tiff(pages, root / "2024" / "quy1" / "ha-nam.tif")
    (root / "2024" / "notes.docx").write_bytes(b"PK\x03\x04 not ours")
    (root / ".trash" / "old.pdf").write_bytes(b"%PDF-1.4 hidden")
    (root / "2024" / "loop").symlink_to(root)  # a link loop must not hang the walk
    return root


def _batch(indir: Path, outdir: Path, *extra: str, env=None) -> subprocess.CompletedProcess:
    return run_cli("batch", str(indir), "-o", str(outdir), *extra, env=env, timeout=600)


@pytest.fixture(scope="module")
def first_run(tree, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    t0 = time.monotonic()
    p = _batch(tree, out, "--workers", "2")
    return out, p, time.monotonic() - t0


def test_tree_of_outputs_and_reports(first_run):
    out, p, _ = first_run
    assert p.returncode == 0, p.stderr.decode()
    jsons = sorted(x.relative_to(out).as_posix() for x in out.rglob("*.json"))
    assert jsons == ["2024/can-tho.pdf.json", "2024/quy1/ha-nam.tif.json", "thai-binh.txt.json"]
    report = pd.read_csv(out / "report.csv")
    assert sorted(report["path"]) == ["2024/can-tho.pdf", "2024/notes.docx", "2024/quy1/ha-nam.tif", "thai-binh.txt"]
    by = report.set_index("path")
    assert by.loc["2024/notes.docx", "status"] == "skipped"
    assert by.loc["2024/quy1/ha-nam.tif", "pages"] == 2
    assert by.loc["thai-binh.txt", "number"] == "/KH-UBND"
    assert bool(by.loc["thai-binh.txt", "has_funding"]) is True
    pq = pd.read_parquet(out / "report.parquet")
    assert len(pq) == len(report) and list(pq.columns) == list(report.columns)
    resp = pd.read_csv(out / "responsibilities.csv")
    assert {"path", "number", "date", "unit", "task"} <= set(resp.columns)
    assert (resp["path"] == "thai-binh.txt").sum() >= 10
    assert "Công an tỉnh" in set(resp["unit"])


def test_second_run_rewrites_nothing_and_is_fast(first_run, tree):
    out, _, first_seconds = first_run
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.json")}
    t0 = time.monotonic()
    p = _batch(tree, out)
    second = time.monotonic() - t0
    assert p.returncode == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.json")} == before
    assert second < 0.3 * first_seconds
    report = pd.read_csv(out / "report.csv")
    assert set(report["status"]) == {"skipped"}
    assert report["number"].notna().sum() == 3  # skipped rows still carry the document's fields


def test_changed_input_is_redone(tree, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    doc = src / "a.txt"
    doc.write_text((SAMPLE / "raw_ocr.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(src, out).returncode == 0
    first = json.loads((out / "a.txt.json").read_text(encoding="utf-8"))
    doc.write_text(doc.read_text(encoding="utf-8").replace("/KH-UBND", "99/KH-UBND", 1), encoding="utf-8")
    assert _batch(src, out).returncode == 0
    second = json.loads((out / "a.txt.json").read_text(encoding="utf-8"))
    assert second["source"]["sha256"] != first["source"]["sha256"]
    assert second["metadata"]["number"] == "99/KH-UBND"
    mtime = (out / "a.txt.json").stat().st_mtime_ns
    assert _batch(src, out, "--force").returncode == 0
    assert (out / "a.txt.json").stat().st_mtime_ns != mtime


def test_bad_documents_fail_alone(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLE / "raw_ocr.txt", src / "good.txt")
    (src / "cut.pdf").write_bytes((SAMPLE / "scan.pdf").read_bytes()[:3000])
    (src / "empty.png").write_bytes(b"")
    out = tmp_path / "out"
    p = _batch(src, out)
    assert p.returncode == 4
    err = p.stderr.decode()
    assert "cut.pdf" in err and "empty.png" in err and "Traceback" not in err
    assert (out / "good.txt.json").exists()
    assert not (out / "cut.pdf.json").exists()
    report = pd.read_csv(out / "report.csv").set_index("path")
    assert report.loc["cut.pdf", "status"] == "failed" and "PDF" in report.loc["cut.pdf", "error"]
    assert report.loc["empty.png", "status"] == "failed"
    assert report.loc["good.txt", "status"] == "ok"


def test_output_inside_input_is_not_read_back(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLE / "raw_ocr.txt", src / "a.txt")
    out = src / "results"
    assert _batch(src, out).returncode == 0
    assert _batch(src, out).returncode == 0
    report = pd.read_csv(out / "report.csv")
    assert list(report["path"]) == ["a.txt"]


def _poison_png(path: Path) -> None:
    from PIL import Image
    Image.new("RGB", (2480, 1000), "white").save(path, dpi=(300, 300))


def test_worker_killed_mid_document_is_reported_and_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLE / "raw_ocr.txt", src / "good.txt")
    _poison_png(src / "poison.png")
    fake = fake_tesseract(tmp_path / "bin", "kill-worker-on-1000")
    env = {"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    out = tmp_path / "out"
    p = _batch(src, out, "--workers", "2", "--retries", "1", env=env)
    assert p.returncode == 4, p.stderr.decode()
    report = pd.read_csv(out / "report.csv").set_index("path")
    assert report.loc["poison.png", "status"] == "failed"
    assert "died" in report.loc["poison.png", "error"]
    assert report.loc["good.txt", "status"] == "ok"


# ------------------------------------------------------------------ Dask

@pytest.fixture()
def dask_cluster(tmp_path, request):
    """A real `dask scheduler` and two `dask worker` processes on 127.0.0.1."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    extra_path = getattr(request, "param", None)
    if extra_path:
        env["PATH"] = f"{extra_path(tmp_path)}{os.pathsep}{env['PATH']}"
    with local_cluster(env, workers=2) as addr:
        yield addr, env


@pytest.mark.slow  # a real scheduler and two workers: run in CI and with -m slow
def test_dask_cluster_gives_the_same_result_as_local(tree, first_run, dask_cluster, tmp_path):
    addr, env = dask_cluster
    out = tmp_path / "dask-out"
    p = _batch(tree, out, "--scheduler", addr, env=env)
    assert p.returncode == 0, p.stderr.decode()
    local_out = first_run[0]
    for rel in ("thai-binh.txt.json", "2024/can-tho.pdf.json", "2024/quy1/ha-nam.tif.json"):
        a = json.loads((local_out / rel).read_text(encoding="utf-8"))
        b = json.loads((out / rel).read_text(encoding="utf-8"))
        assert a["text"] == b["text"]
        assert a["sections"] == b["sections"]
        assert a["metadata"] == b["metadata"]


@pytest.mark.slow
@pytest.mark.parametrize("dask_cluster", [lambda d: fake_tesseract(d / "bin", "kill-worker-on-1000")],
                         indirect=True)
def test_dask_document_that_kills_workers_is_failed(dask_cluster, tmp_path):
    addr, env = dask_cluster
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLE / "raw_ocr.txt", src / "good.txt")
    _poison_png(src / "poison.png")
    out = tmp_path / "out"
    p = _batch(src, out, "--scheduler", addr, env=env)
    assert p.returncode == 4, p.stderr.decode()
    report = pd.read_csv(out / "report.csv").set_index("path")
    assert report.loc["poison.png", "status"] == "failed"
    assert report.loc["good.txt", "status"] == "ok"
    assert (out / "good.txt.json").exists()
