"""The archive deliverables beside the JSON: ALTO XML and the searchable PDF/A, written for one
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
    """ALTO and PDF are made of word boxes on page images: a .txt has neither."""
    if kind == "text" and what.wanted():
        raise BadArguments("--alto and --pdf need a scan (PDF or image); this input is text", path,
                           "drop --alto/--pdf for .txt inputs")


def deliver(doc: Document, source: Path, what: Deliverables, options) -> list[str]:
    """Write the ALTO and the PDF that ``what`` asks for; returns what was written."""
    from . import alto

    written = []
    if doc.layout is None and (what.alto is not None or what.hocr is not None):
        raise InputError("has a text layer of its own, which was used: there are no word boxes for ALTO/hOCR",
                         source, "add --force-ocr to read its pages")
    xml = None
    if what.alto is not None:  # made and checked first, written last: a failing PDF leaves no ALTO behind
        xml = alto.to_alto(doc)
        alto.validate(xml)
    if what.pdf is not None:
        from . import pdfa

        pdfa.write_pdfa(doc, source, what.pdf, options)
        written.append(str(what.pdf))
    if xml is not None:
        write_atomic(what.alto, xml)
        written.append(str(what.alto))
    if what.hocr is not None:
        from .hocr import to_hocr

        write_atomic(what.hocr, to_hocr(doc, image_name=source.name))
        written.append(str(what.hocr))
    for w in written:
        log.info("wrote %s", w)
    return written


def batch_extras(doc: Document, source: Path, options) -> dict[str, bytes]:
    """The ALTO, hOCR and PDF a batch asked for, as bytes for the writing process (suffix → data). A
    document without word boxes (text, or a PDF whose own text layer was used) gets none, with a
    warning in its JSON."""
    import tempfile

    from . import alto

    out: dict[str, bytes] = {}
    if ("alto" in options.deliver or "hocr" in options.deliver) and doc.layout is None:
        doc.quality.warnings.append("no ALTO/hOCR: this document was not read from page images "
                                    "(text input, or the PDF's own text layer; --force-ocr reads it)")
    if "alto" in options.deliver and doc.layout is not None:
        xml = alto.to_alto(doc, image_name=source.name)
        alto.validate(xml)
        out[".alto.xml"] = xml
    if "hocr" in options.deliver and doc.layout is not None:
        from .hocr import to_hocr

        out[".hocr"] = to_hocr(doc, image_name=source.name)
    if "pdf" in options.deliver:
        if doc.source.kind == "text":
            doc.quality.warnings.append("no PDF: the input is text, not a scan")
        else:
            from . import pdfa

            with tempfile.TemporaryDirectory(prefix="sohoa-pdfout-") as tmp:
                target = Path(tmp) / "out.pdf"
                try:
                    pdfa.write_pdfa(doc, source, target, options)
                    out[".pdf"] = target.read_bytes()
                except pdfa.KeptTextUnsafe as exc:  # the JSON is good; only this PDF cannot be made here
                    doc.quality.warnings.append(f"no PDF: {exc.what}")
    return out
