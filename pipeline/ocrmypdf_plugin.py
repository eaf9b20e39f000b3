"""sohoa as an OCR engine of OCRmyPDF: the text layer of OCRmyPDF's PDF/A is sohoa's corrected
Vietnamese, each word on its box.

Two ways in:
- ``sohoa run IN --pdf OUT.pdf`` (``pipeline.pdfa``): the document has just been read; its page
  layouts are handed to this engine (``given_layouts``), which only scales the boxes to the page
  image OCRmyPDF rasterised. Nothing is read twice.
- ``ocrmypdf --plugin pipeline.ocrmypdf_plugin IN.pdf OUT.pdf``: an OCRmyPDF user gets sohoa's
  reading: each page image OCRmyPDF hands over is cleaned, read with Tesseract ``vie`` and its
  lines corrected by sohoa (the header parse needs the whole document and is not done here).
"""
from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path

from ocrmypdf import hookimpl
from ocrmypdf.hocrtransform import BoundingBox, OcrClass, OcrElement
from ocrmypdf.pluginspec import OcrEngine, OrientationConfidence
from PIL import Image

from . import __version__
from .pagelayout import PageLayout

log = logging.getLogger(__name__)

_given: dict[int, PageLayout] | None = None  # page number (1-based) → layout, while pdfa runs
_lock = threading.Lock()


@contextlib.contextmanager
def given_layouts(layouts: list[PageLayout]):
    """Within the block, pages are not read again: their layouts are these (one document at a time
    per process, OCRmyPDF run in threads)."""
    global _given
    with _lock:
        _given = {p.number: p for p in layouts}
        try:
            yield
        finally:
            _given = None


def _read_page(image: Path) -> PageLayout:
    """sohoa's reading of one page image that OCRmyPDF rasterised (the plugin used on its own)."""
    from .correct import correct_text
    from .process import Options, ocr_page, page_layouts

    res = ocr_page(image, "image", 1, Options())
    if res.error:
        raise RuntimeError(f"sohoa could not read the page: {res.error}")
    corrected, _ = correct_text("\n".join(res.lines))
    return page_layouts([res], corrected.split("\n"))[0]


def page_element(layout: PageLayout, image: Path, page_number: int) -> tuple[OcrElement, str]:
    """The OcrElement tree of one page, its boxes scaled from the layout's page image to ``image``."""
    with Image.open(image) as im:
        width, height = im.size
        dpi = im.info.get("dpi", (layout.dpi or 300,))[0]
    sx = width / layout.width if layout.width else 1.0
    sy = height / layout.height if layout.height else 1.0

    def box(b) -> BoundingBox:
        return BoundingBox(left=b[0] * sx, top=b[1] * sy, right=b[2] * sx, bottom=b[3] * sy)

    page = OcrElement(ocr_class=OcrClass.PAGE, bbox=BoundingBox(left=0, top=0, right=width, bottom=height),
                      dpi=float(dpi), page_number=page_number, language="vie")
    texts = []
    for line in layout.lines:
        el = OcrElement(ocr_class=OcrClass.LINE, bbox=box(line.box), direction="ltr", language="vie")
        for w in line.words:
            el.children.append(OcrElement(ocr_class=OcrClass.WORD, bbox=box(w.box), text=w.text,
                                          confidence=max(0.0, min(1.0, w.conf / 100))))
        par = OcrElement(ocr_class=OcrClass.PARAGRAPH, bbox=box(line.box), children=[el], direction="ltr",
                         language="vie")
        page.children.append(par)
        texts.append(" ".join(w.text for w in line.words))
    return page, "\n".join(texts) + "\n"


class SohoaOcrEngine(OcrEngine):
    @staticmethod
    def version() -> str:
        return __version__

    @staticmethod
    def creator_tag(options) -> str:
        return f"sohoa {__version__} (Tesseract vie, Vietnamese post-OCR correction)"

    def __str__(self) -> str:
        return f"sohoa {__version__}"

    @staticmethod
    def languages(options) -> set[str]:
        return {"vie", "eng"}

    @staticmethod
    def get_orientation(input_file: Path, options) -> OrientationConfidence:
        return OrientationConfidence(angle=0, confidence=0.0)  # sohoa sets pages upright itself

    @staticmethod
    def get_deskew(input_file: Path, options) -> float:
        return 0.0

    @staticmethod
    def supports_generate_ocr() -> bool:
        return True

    @staticmethod
    def generate_ocr(input_file: Path, options, page_number: int = 0) -> tuple[OcrElement, str]:
        given = _given
        layout = given.get(page_number + 1) if given is not None else None
        if layout is None:
            if given is not None:  # a page the document did not read (failed): no text, not a guess
                with Image.open(input_file) as im:
                    layout = PageLayout(page_number + 1, im.size[0], im.size[1], 0.0)
            else:
                layout = _read_page(Path(input_file))
        return page_element(layout, Path(input_file), page_number)

    @staticmethod
    def generate_hocr(input_file: Path, output_hocr: Path, output_text: Path, options) -> None:
        raise NotImplementedError("sohoa's engine gives OcrElement trees (generate_ocr)")

    @staticmethod
    def generate_pdf(input_file: Path, output_pdf: Path, output_text: Path, options) -> None:
        raise NotImplementedError("sohoa's engine gives OcrElement trees (generate_ocr)")


@hookimpl
def get_ocr_engine(options):
    engine = getattr(options, "ocr_engine", "auto") if options is not None else "auto"
    if engine not in ("auto", "sohoa"):
        return None
    return SohoaOcrEngine()
