"""hOCR (HTML with the OCR's layout in ``title`` properties) of a document: pages, text blocks in
reading order, lines, words with their boxes in the pixels of the page as loaded and ``x_wconf``
confidences; the word is the corrected text, the OCR's reading kept in ``data-ocr`` where it
differs. Made from the same page layouts as ALTO (``alto.blocks``)."""
from __future__ import annotations

from html import escape
from pathlib import Path

from . import __version__
from .alto import blocks
from .document import Document


def _bbox(box) -> str:
    return f"bbox {box[0]} {box[1]} {box[2]} {box[3]}"


def to_hocr(doc: Document, image_name: str | None = None) -> bytes:
    if doc.layout is None:
        raise ValueError("hOCR needs a scanned document: text that came in already read has no word boxes")
    image = escape(image_name or Path(doc.source.path).name, quote=True)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
           '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
           '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi" lang="vi">',
           "<head><title></title>",
           '<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
           f'<meta name="ocr-system" content="sohoa {__version__}"/>',
           '<meta name="ocr-capabilities" content="ocr_page ocr_carea ocr_par ocr_line ocrx_word"/>',
           "</head><body>"]
    for page in doc.layout:
        n = page.number
        out.append(f'<div class="ocr_page" id="page_{n}" title="image &quot;{image}&quot;; '
                   f'bbox 0 0 {page.width} {page.height}; ppageno {n - 1}">')
        for b, block in enumerate(blocks(page.lines), 1):
            box = (min(ln.box[0] for ln in block), min(ln.box[1] for ln in block),
                   max(ln.box[2] for ln in block), max(ln.box[3] for ln in block))
            out.append(f'<div class="ocr_carea" id="block_{n}_{b}" title="{_bbox(box)}">'
                       f'<p class="ocr_par" id="par_{n}_{b}" lang="vie" title="{_bbox(box)}">')
            for li, line in enumerate(block, 1):
                out.append(f'<span class="ocr_line" id="line_{n}_{b}_{li}" title="{_bbox(line.box)}">')
                for wi, w in enumerate(line.words, 1):
                    conf = max(0, min(100, round(w.conf)))
                    read = f' data-ocr="{escape(w.read, quote=True)}"' if w.read != w.text else ""
                    out.append(f'<span class="ocrx_word" id="word_{n}_{b}_{li}_{wi}" '
                               f'title="{_bbox(w.box)}; x_wconf {conf}"{read}>{escape(w.text)}</span>')
                out.append("</span>")
            out.append("</p></div>")
        out.append("</div>")
    out.append("</body></html>")
    return ("\n".join(out) + "\n").encode("utf-8")
