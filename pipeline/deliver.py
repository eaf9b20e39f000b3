"""The archive deliverables beside the JSON: ALTO XML, hOCR and the searchable PDF/A, made for one
document where its page layout is still in memory (the process that read it)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .document import Document
from .errors import BadArguments, InputError
from .write import write_atomic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Deliverables:
    alto: Path | None = None
    pdf: Path | None = None
    hocr: Path | None = None

    def wanted(self) -> bool:
        return self.alto is not None or self.pdf is not None or self.hocr is not None


def check_input(kind: str, what: Deliverables, path: Path) -> None:
    """ALTO, hOCR and the PDF are made of word boxes on page images: a .txt has neither."""
    if kind == "text" and what.wanted():
        raise BadArguments("--alto, --hocr and --pdf need a scan (PDF or image); this input is text", path,
                           "drop them for .txt inputs")


SUFFIX = {"alto": ".alto.xml", "hocr": ".hocr", "pdf": ".pdf"}


def make(doc: Document, source: Path, wanted: tuple[str, ...], options, strict: bool) -> dict[str, bytes]:
    """The deliverables ``wanted`` ("alto", "hocr", "pdf") as bytes, keyed by their suffix, all made
    before any is written. ``strict`` (`sohoa run`, which was asked for them by name): what cannot be
    made is an error; otherwise (batch) it is a warning in the document's JSON and the rest goes on."""
    from . import alto

    out: dict[str, bytes] = {}
    if doc.layout is None and ("alto" in wanted or "hocr" in wanted):
        if strict:
            raise InputError("has a text layer of its own, which was used: there are no word boxes for "
                             "ALTO/hOCR", source, "add --force-ocr to read its pages")
        doc.quality.warnings.append("no ALTO/hOCR: this document was not read from page images "
                                    "(text input, or the PDF's own text layer; --force-ocr reads it)")
    if "alto" in wanted and doc.layout is not None:
        xml = alto.to_alto(doc, image_name=source.name)
        alto.validate(xml)
        out[SUFFIX["alto"]] = xml
    if "hocr" in wanted and doc.layout is not None:
        from .hocr import to_hocr

        out[SUFFIX["hocr"]] = to_hocr(doc, image_name=source.name)
    if "pdf" in wanted and doc.source.kind == "text":
        doc.quality.warnings.append("no PDF: the input is text, not a scan")
    elif "pdf" in wanted:
        import tempfile

        from . import pdfa

        with tempfile.TemporaryDirectory(prefix="sohoa-pdfout-") as tmp:
            target = Path(tmp) / "out.pdf"
            try:
                pdfa.write_pdfa(doc, source, target, options)
                out[SUFFIX["pdf"]] = target.read_bytes()
            except pdfa.KeptTextUnsafe as exc:  # the JSON is good; only this PDF cannot be made here
                if strict:
                    raise
                doc.quality.warnings.append(f"no PDF: {exc.what}")
    return out


def deliver(doc: Document, source: Path, what: Deliverables, options) -> list[str]:
    """`sohoa run`: make what ``what`` asks for, then write each to its path (nothing is written when
    any of them cannot be made); returns what was written."""
    targets = {name: getattr(what, name) for name in SUFFIX if getattr(what, name) is not None}
    made = make(doc, source, tuple(targets), options, strict=True)
    for name, path in targets.items():
        write_atomic(path, made[SUFFIX[name]])
        log.info("wrote %s", path)
    return [str(p) for p in targets.values()]


def batch_extras(doc: Document, source: Path, options) -> dict[str, bytes]:
    """The deliverables a batch asked for, as bytes for the writing process (suffix → data)."""
    return make(doc, source, options.deliver, options, strict=False)
