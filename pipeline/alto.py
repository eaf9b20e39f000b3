"""ALTO 4.4 XML of a document: pages, text blocks in reading order, lines and words with their boxes
(pixels of the page image as loaded) and word confidences (``WC``). A word's ``CONTENT`` is the
corrected text; where the OCR read something else, that reading is kept as an ``ALTERNATIVE``
with ``PURPOSE="ocr"``. Validated against the schema shipped in ``pipeline/schema/``.
"""
from __future__ import annotations

import logging
import statistics
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from lxml import etree

from . import __version__
from .document import Document
from .errors import InternalError
from .pagelayout import LayoutLine, PageLayout

log = logging.getLogger(__name__)

NS = "http://www.loc.gov/standards/alto/ns-v4#"
SCHEMA_LOCATION = "http://www.loc.gov/standards/alto/ns-v4# http://www.loc.gov/alto/v4/alto-4-4.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_FILE = Path(__file__).with_name("schema") / "alto-4-4.xsd"


def _e(parent, tag: str, **attrs) -> etree._Element:
    el = etree.SubElement(parent, f"{{{NS}}}{tag}")
    for k, v in attrs.items():
        el.set(k, v if isinstance(v, str) else f"{v:g}" if isinstance(v, float) else str(v))
    return el


def _box_attrs(box) -> dict:
    left, top, right, bottom = box
    return {"HPOS": left, "VPOS": top, "WIDTH": max(1, right - left), "HEIGHT": max(1, bottom - top)}


def blocks(lines: list[LayoutLine]) -> list[list[LayoutLine]]:
    """Lines in reading order grouped into blocks: a line joins the block before when it starts
    within a line's height below it and overlaps it across; a gap or a jump to another column
    starts a block."""
    if not lines:
        return []
    height = statistics.median(ln.box[3] - ln.box[1] for ln in lines) or 1
    out = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        pl, pt, pr, pb = prev.box
        left, top, right, bottom = line.box
        close = -0.5 * height <= top - pb <= 0.9 * height
        overlaps = min(pr, right) - max(pl, left) > 0
        if close and overlaps:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def to_alto(doc: Document, image_name: str | None = None) -> bytes:
    """The ALTO XML of ``doc`` (which must carry its page layout: a scan, not text)."""
    if doc.layout is None:
        raise ValueError("ALTO needs a scanned document: text that came in already read has no word boxes")
    root = etree.Element(f"{{{NS}}}alto", nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    desc = _e(root, "Description")
    _e(desc, "MeasurementUnit").text = "pixel"
    src = _e(desc, "sourceImageInformation")
    _e(src, "fileName").text = image_name or Path(doc.source.path).name
    proc = _e(desc, "Processing", ID="sohoa")
    _e(proc, "processingCategory").text = "contentGeneration"
    _e(proc, "processingDateTime").text = datetime.now(timezone.utc).isoformat(timespec="seconds")
    _e(proc, "processingStepDescription").text = (
        "cleaning (OpenCV), OCR (Tesseract), Vietnamese post-OCR correction; CONTENT is the corrected "
        "word, ALTERNATIVE PURPOSE='ocr' what the OCR read where it differs")
    _e(proc, "processingStepSettings").text = (
        f"tesseract {doc.provenance.tesseract or '?'}, model {doc.provenance.model or '?'}, "
        f"options {doc.provenance.options}")
    sw = _e(proc, "processingSoftware")
    _e(sw, "softwareName").text = "sohoa"
    _e(sw, "softwareVersion").text = __version__
    layout = _e(root, "Layout")
    for page in doc.layout:
        _page(layout, page)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _page(layout, page: PageLayout) -> None:
    p = _e(layout, "Page", ID=f"p{page.number}", PHYSICAL_IMG_NR=page.number, WIDTH=page.width,
           HEIGHT=page.height)
    space = _e(p, "PrintSpace", HPOS=0, VPOS=0, WIDTH=page.width, HEIGHT=page.height)
    for b, block in enumerate(blocks(page.lines), 1):
        bl, bt = min(ln.box[0] for ln in block), min(ln.box[1] for ln in block)
        br, bb = max(ln.box[2] for ln in block), max(ln.box[3] for ln in block)
        tb = _e(space, "TextBlock", ID=f"p{page.number}_b{b}", **_box_attrs((bl, bt, br, bb)))
        for li, line in enumerate(block, 1):
            lid = f"p{page.number}_b{b}_l{li}"
            tl = _e(tb, "TextLine", ID=lid, **_box_attrs(line.box))
            for wi, word in enumerate(line.words, 1):
                if wi > 1:
                    prev = line.words[wi - 2].box
                    _e(tl, "SP", HPOS=prev[2], VPOS=word.box[1], WIDTH=max(1, word.box[0] - prev[2]))
                s = _e(tl, "String", ID=f"{lid}_w{wi}", CONTENT=word.text, **_box_attrs(word.box))
                if word.conf >= 0:
                    s.set("WC", f"{min(1.0, word.conf / 100):.2f}")
                if word.read != word.text:
                    alt = _e(s, "ALTERNATIVE", PURPOSE="ocr")
                    alt.text = word.read


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


def validate(xml: bytes) -> None:
    """InternalError (exit 6) when sohoa's own ALTO does not follow the schema: a bug, never written."""
    doc = etree.fromstring(xml)
    s = schema()
    if not s.validate(doc):
        raise InternalError(f"the ALTO output does not follow ALTO 4.4: {s.error_log.last_error}")
