from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "ke-hoach-thai-binh-2023"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_cli(*args: str, env: dict | None = None, timeout: float = 300, cwd: Path | None = None,
            input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run `python -m pipeline ARGS` as a user would, in a separate process."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    if env:
        full_env.update(env)
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, timeout=timeout,
                          env=full_env, cwd=cwd, input=input)


def interrupt_batch(src: Path, out: Path, fake_bin: Path, workers: int, settle: float,
                    env: dict | None = None) -> subprocess.CompletedProcess:
    """`sohoa batch SRC -o OUT` with ``fake_bin`` first on PATH, sent SIGINT ``settle`` seconds
    after ``OUT/a.txt.json`` (the quick document) is written."""
    import signal
    import time

    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    full_env["PATH"] = f"{fake_bin}{os.pathsep}{full_env['PATH']}"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "batch", str(src), "-o", str(out), "--workers",
                             str(workers)], env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while not (out / "a.txt.json").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(settle)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


def run_document(path: Path, tmp_path: Path, *extra: str) -> dict:
    """``sohoa run`` on one file; its JSON, checked against the schema."""
    from pipeline.document import validate

    out = tmp_path / "out.json"
    p = run_cli("run", str(path), "-o", str(out), *extra)
    assert p.returncode == 0, p.stderr.decode()
    doc = json.loads(out.read_text(encoding="utf-8"))
    validate(doc)
    return doc


def parse_rendered(layout: dict):
    """A document of our own rendered to its text (as text OCR'd elsewhere would come), corrected and
    parsed: ``pipeline.parse.parse_document``'s result."""
    from docgen import render
    from pipeline.correct import correct_text
    from pipeline.parse import parse_document

    _, truth = render(layout)
    return parse_document(correct_text(truth)[0])


def plan_fixtures() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "plans").glob("*.json"))}


@pytest.fixture(scope="session")
def plans() -> dict[str, dict]:
    return plan_fixtures()


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE
