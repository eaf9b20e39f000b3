"""The JSON output follows the published schema, and the model round-trips unchanged."""
from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import SAMPLE, run_cli
from pipeline.document import Document, load_schema, validate


@pytest.fixture(scope="module")
def raw_output() -> dict:
    proc = run_cli("run", str(SAMPLE / "raw_ocr.txt"))
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def test_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(load_schema())


def test_real_output_validates(raw_output):
    validate(raw_output)
    assert raw_output["schema"] == "sohoa.document/1"
    assert raw_output["source"]["kind"] == "text"


def test_round_trip_is_unchanged(raw_output):
    again = Document.from_dict(raw_output).to_dict()
    assert again == raw_output


def test_schema_rejects_broken_output(raw_output):
    broken = json.loads(json.dumps(raw_output))
    broken["metadata"]["date"] = "23/11/2023"  # not ISO
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    del broken["metadata"]
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
