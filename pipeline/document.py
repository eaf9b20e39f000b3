"""The output model (SPEC ``sohoa.document/1``): dataclasses with ``to_dict`` / ``from_dict``.

``metadata``, ``sections`` and ``outline`` are plain JSON-shaped dicts built by ``parse``; the
rest are typed records. ``to_dict`` gives plain Python values only (numpy numbers are turned
into floats and ints here, in one place) so the result always serialises.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

SCHEMA_ID = "sohoa.document/1"


def plain(value: Any) -> Any:
    """Recursively turn numpy scalars and tuples into JSON-native values."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return value.item()
    return value


@dataclass
class Source:
    path: str
    sha256: str
    kind: str
    pages: int


@dataclass
class Page:
    number: int
    width: int
    height: int
    dpi: float
    skew_deg: float
    confidence: float
    text: str
    error: str | None = None
    raw_text: str = ""  # the OCR reading of the page, before correction


@dataclass
class Correction:
    """One change to what was read: by the corrector (``ocr-correction``, ``score`` in nats
    over the reading) or by the parser (``parser``, with its ``reason``)."""

    page: int
    from_: str
    to: str
    score: float | None
    kind: str = "ocr-correction"
    reason: str = ""

    def to_dict(self) -> dict:
        d = {"page": self.page, "from": self.from_, "to": self.to, "score": self.score, "kind": self.kind}
        if self.reason:
            d["reason"] = self.reason
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Correction:
        return cls(page=d["page"], from_=d["from"], to=d["to"], score=d["score"],
                   kind=d.get("kind", "ocr-correction"), reason=d.get("reason", ""))


@dataclass
class Quality:
    mean_confidence: float | None
    low_confidence_words: int
    warnings: list[str] = field(default_factory=list)
    failed_pages: list[int] = field(default_factory=list)
    fields: dict = field(default_factory=dict)  # header field → {"source", "confidence"} (quality.py)


@dataclass
class Step:
    name: str
    settings: dict
    seconds: float
    ran_on_pages: list[int] | None = None  # page steps: the pages it ran on (its trigger fired)
    changed: list[str] | None = None  # page steps: what it changed, page by page

    def to_dict(self) -> dict:
        d = {"name": self.name, "settings": self.settings, "seconds": self.seconds}
        if self.ran_on_pages is not None:
            d["ran_on_pages"] = self.ran_on_pages
        if self.changed is not None:
            d["changed"] = self.changed
        return d


@dataclass
class Provenance:
    version: str
    tesseract: str | None
    model: str | None
    steps: list[Step] = field(default_factory=list)
    models: str | None = None  # digest of the model files used (resources.models_digest)
    options: dict = field(default_factory=dict)  # the options that shape the output


@dataclass
class Document:
    source: Source
    metadata: dict
    sections: dict
    outline: list
    text: str
    pages: list[Page]
    corrections: list[Correction]
    quality: Quality
    provenance: Provenance
    schema: str = SCHEMA_ID
    # where each word is on each page (pipeline.pagelayout), for ALTO and the PDF's text layer;
    # not part of the JSON, None for text that came in already read or a document read back
    layout: list | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict:
        d = {
            "schema": self.schema,
            "source": asdict(self.source),
            "metadata": self.metadata,
            "sections": self.sections,
            "outline": self.outline,
            "text": self.text,
            "pages": [asdict(p) for p in self.pages],
            "corrections": [c.to_dict() for c in self.corrections],
            "quality": asdict(self.quality),
            "provenance": {**asdict(self.provenance), "steps": [st.to_dict() for st in self.provenance.steps]},
        }
        return plain(d)

    @classmethod
    def from_dict(cls, d: dict) -> Document:
        prov = dict(d["provenance"])
        prov["steps"] = [Step(**s) for s in prov.get("steps", [])]
        return cls(
            schema=d["schema"],
            source=Source(**d["source"]),
            metadata=d["metadata"],
            sections=d["sections"],
            outline=d["outline"],
            text=d["text"],
            pages=[Page(**p) for p in d["pages"]],
            corrections=[Correction.from_dict(c) for c in d["corrections"]],
            quality=Quality(**d["quality"]),
            provenance=Provenance(**prov),
        )

    def to_json(self) -> str:
        """The JSON text, checked against the published schema first: a document that breaks it
        is a bug in sohoa (InternalError, exit 6) and is never written."""
        d = self.to_dict()
        problem = schema_problem(d)
        if problem:
            from .errors import InternalError

            raise InternalError(f"the output fails its own schema ({problem})", self.source.path,
                                "a bug in sohoa: please report it with this file")
        return json.dumps(d, ensure_ascii=False, indent=2) + "\n"


def load_schema() -> dict:
    text = resources.files("pipeline.schema").joinpath("document.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = load_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate(doc: dict) -> None:
    """Raise jsonschema.ValidationError when ``doc`` breaks the published schema."""
    _validator().validate(doc)


def schema_problem(doc: dict) -> str | None:
    """The first way ``doc`` breaks the schema, said in one line, or None."""
    err = next(iter(_validator().iter_errors(doc)), None)
    if err is None:
        return None
    where = "/".join(str(p) for p in err.absolute_path) or "(top)"
    return f"{where}: {err.message[:200]}"


__all__ = [
    "Document", "Source", "Page", "Correction", "Quality", "Provenance", "Step", "validate", "load_schema", "schema_problem",
]
