"""Command line behaviour: help, exit codes of SPEC, stdout for data, stderr for the rest."""
from __future__ import annotations

import json
import os

import pytest

from conftest import SAMPLE, run_cli


def test_version_and_help():
    v = run_cli("--version")
    assert v.returncode == 0 and v.stdout.decode().startswith("sohoa ")
    h = run_cli("run", "--help")
    assert h.returncode == 0
    text = h.stdout.decode()
    for word in ("--lang", "--dpi", "--no-correct", "--keep-images", "--timeout", "exit codes"):
        assert word in text


def test_no_command_is_bad_arguments():
    p = run_cli()
    assert p.returncode == 1


def test_unknown_option_is_exit_1_not_2():
    p = run_cli("run", "x.pdf", "--no-such-option")
    assert p.returncode == 1
    assert b"Traceback" not in p.stderr


def test_missing_file_is_exit_2(tmp_path):
    p = run_cli("run", str(tmp_path / "nope.pdf"))
    assert p.returncode == 2
    err = p.stderr.decode()
    assert "nope.pdf" in err and "not found" in err
    assert "Traceback" not in err


def test_folder_names_batch(tmp_path):
    p = run_cli("run", str(tmp_path))
    assert p.returncode == 1
    assert "sohoa batch" in p.stderr.decode()
    assert b"Traceback" not in p.stderr


def test_text_input_json_on_stdout_logs_on_stderr():
    p = run_cli("run", str(SAMPLE / "raw_ocr.txt"), "-v")
    assert p.returncode == 0
    doc = json.loads(p.stdout)  # stdout is only the JSON
    assert doc["metadata"]["number"] == "/KH-UBND"


def test_output_file_written_atomically(tmp_path):
    out = tmp_path / "sub" / "doc.json"
    p = run_cli("run", str(SAMPLE / "raw_ocr.txt"), "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "sohoa.document/1"
    assert [x.name for x in out.parent.iterdir()] == ["doc.json"]  # no temp file left


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_is_exit_5_nonroot(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    p = run_cli("run", str(SAMPLE / "raw_ocr.txt"), "-o", str(ro / "x.json"))
    assert p.returncode == 5


def test_output_under_a_file_is_exit_5(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    p = run_cli("run", str(SAMPLE / "raw_ocr.txt"), "-o", str(blocker / "x.json"))
    assert p.returncode == 5
    err = p.stderr.decode()
    assert "x.json" in err and "Traceback" not in err
