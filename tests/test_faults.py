"""Faults of the external programs and interruptions, injected with fake executables on PATH."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from PIL import Image

from conftest import ROOT, SAMPLE, interrupt_batch, plan_fixtures, run_cli
from docgen import render, save_pdf
from fakes import fake_tesseract, missing_program

PLANS = plan_fixtures()


@pytest.fixture(scope="module")
def page_png(tmp_path_factory):
    pages, _ = render(PLANS["danang-sgddt-cong-van"]["layout"])
    path = tmp_path_factory.mktemp("img") / "page.png"
    pages[0].convert("L").save(path, dpi=(300, 300))
    return path


def _env_with(folder) -> dict:
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.parametrize("behaviour, words", [("crash", "crashed"), ("garbage", "unreadable")])
def test_tesseract_failing_marks_the_page_failed(page_png, tmp_path, behaviour, words):
    env = _env_with(fake_tesseract(tmp_path / "bin", behaviour))
    out = tmp_path / "out.json"
    p = run_cli("run", str(page_png), "-o", str(out), env=env)
    err = p.stderr.decode()
    assert p.returncode == 4, err
    assert "Traceback" not in err
    doc = json.loads(out.read_text(encoding="utf-8"))  # the rest is written
    assert doc["quality"]["failed_pages"] == [1]
    assert doc["pages"][0]["error"] and words in doc["pages"][0]["error"]


def test_tesseract_hanging_past_timeout(page_png, tmp_path):
    env = _env_with(fake_tesseract(tmp_path / "bin", "hang"))
    out = tmp_path / "out.json"
    t0 = time.monotonic()
    p = run_cli("run", str(page_png), "-o", str(out), "--timeout", "2", env=env)
    assert time.monotonic() - t0 < 30
    assert p.returncode == 4
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "did not finish within 2 s" in doc["pages"][0]["error"]


def test_one_bad_page_of_three_keeps_the_others(tmp_path):
    """Pages 1 and 3 are fine; page 2 is 1000 px high and its tesseract 'kills' nothing but the
    fake crashes on it, so only page 2 fails."""
    pages, _ = render(PLANS["hanam-stttt-chuyen-doi-so"]["layout"])
    odd = Image.new("L", (2480, 1000), 255)
    pdf = tmp_path / "three.pdf"
    save_pdf([pages[0], odd, pages[1]], pdf)
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "tesseract"
    script.write_text('#!/usr/bin/env bash\ncase "$1" in --version|--list-langs) exec /usr/bin/tesseract "$@";; esac\n'
                      'if head -c 32 "$1" | tr "\\n" " " | grep -q " 1000 255"; then exit 1; fi\n'
                      'exec /usr/bin/tesseract "$@"\n')
    script.chmod(0o755)
    out = tmp_path / "out.json"
    p = run_cli("run", str(pdf), "-o", str(out), env=_env_with(folder))
    assert p.returncode == 4, p.stderr.decode()
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["quality"]["failed_pages"] == [2]
    assert doc["metadata"]["number"] == "125/KH-STTTT"


def test_missing_tesseract_is_exit_3_before_work(page_png, tmp_path):
    folder = missing_program(tmp_path / "bin", "tesseract")
    out = tmp_path / "out.json"
    p = run_cli("run", str(page_png), "-o", str(out), env={"PATH": str(folder)})
    err = p.stderr.decode()
    assert p.returncode == 3, err
    assert "tesseract" in err and "apt-get install" in err and "Traceback" not in err
    assert not out.exists()


def test_missing_language_model_is_exit_3(page_png, tmp_path):
    p = run_cli("run", str(page_png), "--lang", "xyz")
    assert p.returncode == 3
    assert "xyz" in p.stderr.decode()


def test_missing_poppler_is_exit_3(tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "tesseract").symlink_to("/usr/bin/tesseract")
    for tool in ("env", "bash", "sh"):
        (folder / tool).symlink_to(f"/bin/{tool}")
    p = run_cli("run", str(SAMPLE / "scan.pdf"), env={"PATH": str(folder)})
    assert p.returncode == 3
    assert "poppler" in p.stderr.decode()


def test_text_input_needs_no_tesseract(tmp_path):
    folder = missing_program(tmp_path / "bin", "tesseract")
    p = run_cli("run", str(SAMPLE / "raw_ocr.txt"), env={"PATH": str(folder)})
    assert p.returncode == 0


def test_ctrl_c_exits_130_and_leaves_nothing(tmp_path):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["PATH"] = f"{fake_tesseract(tmp_path / 'bin', 'hang')}{os.pathsep}{env['PATH']}"
    outdir = tmp_path / "out"
    outdir.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(SAMPLE / "scan.pdf"), "-o",
                             str(outdir / "scan.json")], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert list(outdir.iterdir()) == []
    assert b"Traceback" not in err


def test_after_ctrl_c_no_program_is_started_until_a_new_document(tmp_path):
    """Regression: after Ctrl-C the page threads still running went on to their next step and
    started Tesseract again; it hung (the fault's fake), and the interpreter waited for those
    threads at exit: `sohoa run` was still there 60 s after Ctrl-C (the full test run, under load)."""
    from pipeline import children

    hang = str(fake_tesseract(tmp_path / "bin", "hang") / "tesseract")
    try:
        children.stop_all()
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            children.run([hang, "x", "y"], timeout=30)
        assert time.monotonic() - started < 2
    finally:
        children.resume()
    assert children.run(["true"], timeout=10).returncode == 0


def test_atomic_write_leaves_no_temp_on_failure(tmp_path, monkeypatch):
    from pipeline import write as w

    target = tmp_path / "x.json"

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(w.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        w.write_atomic(target, "{}")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_during_batch_exits_130_keeps_finished_work(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text((SAMPLE / "raw_ocr.txt").read_text(encoding="utf-8"), encoding="utf-8")
    pages, _ = render(PLANS["danang-sgddt-cong-van"]["layout"])
    pages[0].save(src / "b.png")
    out = tmp_path / "out"
    p = interrupt_batch(src, out, fake_tesseract(tmp_path / "bin", "hang"), 1, 1.0)
    assert p.returncode == 130, p.stderr.decode()
    assert json.loads((out / "a.txt.json").read_text(encoding="utf-8"))["source"]["kind"] == "text"
    assert not list(out.rglob("*.tmp")) and not (out / "b.png.json").exists()
