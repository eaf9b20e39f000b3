"""Where the data files of ``models/`` are, installed or in a checkout."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def models_dir() -> Path:
    # Installed: models/ is shipped as the package ``pipeline.models`` (see pyproject.toml).
    installed = Path(__file__).parent / "models"
    if (installed / "vocab").is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "models"


@lru_cache(maxsize=None)
def load_json(relative: str) -> dict:
    return json.loads((models_dir() / relative).read_text(encoding="utf-8"))


MODEL_FILES = ("lm/syllables.json.gz", "confusions/ocr.json", "confusions/learned.json", "digits/mlp.npz",
               "digits/cnn.npz", "vocab/decree30.json")


@lru_cache(maxsize=1)
def models_digest() -> str:
    """A short digest of the model files: part of a document's resume key, so that a batch
    re-run after a model changed redoes its documents."""
    import hashlib

    h = hashlib.sha256()
    for rel in MODEL_FILES:
        p = models_dir() / rel
        h.update(rel.encode())
        h.update(p.read_bytes() if p.exists() else b"")
    return h.hexdigest()[:16]
