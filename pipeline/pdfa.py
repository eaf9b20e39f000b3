"""The searchable PDF/A-2b of a document, made by OCRmyPDF (the one module that calls it; OCRmyPDF
calls Ghostscript for the PDF/A conversion): the scan's own page images, and an invisible text
layer of sohoa's corrected reading, each word on its box (``ocrmypdf_plugin``).

Images come in as a PDF made by img2pdf (lossless: the JPEG or PNG data is embedded as it is).
A PDF whose own text layer sohoa used is converted to PDF/A without OCR (its text stays);
with ``--force-ocr`` its pages are rasterised and get sohoa's text instead.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from .document import Document
from .errors import InputError, MissingDependency, OutputError
from .write import current_umask

log = logging.getLogger(__name__)

GHOSTSCRIPT_HINT = "install it: apt-get install ghostscript (OCRmyPDF makes the PDF/A with it)"


class KeptTextUnsafe(MissingDependency):
    """A PDF with its own text layer, and a Ghostscript that OCRmyPDF knows corrupts such PDFs."""

    def __init__(self, message: str, path: Path, hint: str) -> None:
        super().__init__(message, path, hint)


def probe() -> str:
    """OCRmyPDF's version; MissingDependency (exit 3) when it or Ghostscript is missing."""
    try:
        import ocrmypdf
    except ImportError:
        raise MissingDependency("OCRmyPDF is not installed", hint="pip install ocrmypdf") from None
    if shutil.which("gs") is None:
        raise MissingDependency("Ghostscript (gs) was not found on PATH", hint=GHOSTSCRIPT_HINT)
    return ocrmypdf.__version__


def _image_pdf(source: Path, dpi: float, folder: Path) -> Path:
    import img2pdf

    out = folder / "pages.pdf"
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi)) if dpi else None
    try:
        out.write_bytes(img2pdf.convert(str(source), layout_fun=layout, rotation=img2pdf.Rotation.ifvalid))
    except Exception as exc:  # img2pdf refuses some images (alpha channels, odd modes): convert them
        log.info("%s: img2pdf could not embed the image as it is (%s); converting it", source, exc)
        from PIL import Image, ImageSequence

        with Image.open(source) as im:
            frames = [f.convert("RGB") for f in ImageSequence.Iterator(im)]
        frames[0].save(out, save_all=True, append_images=frames[1:], resolution=dpi or 300.0)
    return out


def write_pdfa(doc: Document, source: Path, out: Path, options) -> None:
    """Write ``out`` atomically: a finished PDF/A or nothing."""
    import ocrmypdf
    from ocrmypdf import exceptions as ox

    from . import ocrmypdf_plugin

    probe()
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="sohoa-pdf-") as tmp:
        folder = Path(tmp)
        text_layer = doc.source.kind == "pdf" and doc.layout is None
        if doc.source.kind == "pdf":
            pdf_in = source
        else:
            dpi = doc.layout[0].dpi if doc.layout else 0.0
            pdf_in = _image_pdf(source, dpi, folder)
        kwargs = dict(language=["vie"], output_type="pdfa-2", jobs=1, use_threads=True, progress_bar=False,
                      plugins=["pipeline.ocrmypdf_plugin"], rotate_pages=False, deskew=False, clean=False,
                      optimize=1, tesseract_timeout=options.limits.timeout)
        meta = doc.metadata or {}
        # the PDF's own metadata from what was read (nothing when a field was not read)
        for key, value in (("title", meta.get("title")), ("author", meta.get("issuer")),
                           ("subject", " ".join(str(v) for v in (meta.get("doc_type"), meta.get("number")) if v))):
            if value:
                kwargs[key] = str(value)
        if text_layer:
            kwargs["skip_text"] = True  # its own text is kept; only the PDF/A conversion
        elif doc.source.kind == "pdf" and getattr(options, "force_ocr", False):
            kwargs["force_ocr"] = True
        fd, tmp_out = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.close(fd)
        try:
            with ocrmypdf_plugin.given_layouts(doc.layout or []):
                try:
                    code = ocrmypdf.ocr(pdf_in, tmp_out, **kwargs)
                except ox.PriorOcrFoundError:
                    # some text of its own, too little to be used: sohoa read the page images, so
                    # the PDF/A carries those images and sohoa's text, not both texts
                    log.warning("%s has a thin text layer of its own; its pages go into the PDF/A as images "
                                "with sohoa's text", source)
                    kwargs["force_ocr"] = True
                    code = ocrmypdf.ocr(pdf_in, tmp_out, **kwargs)
            if int(code) != 0:
                raise OutputError(f"OCRmyPDF ended with exit code {int(code)} (the PDF/A was not made)", out,
                                  "run again with -v to see OCRmyPDF's messages")
            os.chmod(tmp_out, 0o666 & ~current_umask())
            os.replace(tmp_out, out)
        except ox.MissingDependencyError as exc:
            if "regression" in str(exc):  # Ghostscript 10.0.0–10.02.0 corrupt PDFs that keep their text
                raise KeptTextUnsafe(
                    "the Ghostscript installed here corrupts PDFs that keep their own text layer, so OCRmyPDF "
                    "will not make a PDF/A of this one", source,
                    "upgrade Ghostscript (10.02.1 or newer), or add --force-ocr to make the PDF/A from its page "
                    "images with sohoa's text") from None
            raise MissingDependency(f"OCRmyPDF needs a program that is missing: {exc}", hint=GHOSTSCRIPT_HINT) from None
        except ox.EncryptedPdfError:
            raise InputError("is an encrypted PDF: no PDF/A can be made of it", source,
                             "decrypt it first (qpdf --decrypt)") from None
        except (ox.DigitalSignatureError, ox.TaggedPDFError, ox.PriorOcrFoundError) as exc:
            raise InputError(f"OCRmyPDF refused to change this PDF: {exc}", source,
                             "use --force-ocr to replace its text, or drop --pdf") from None
        except ox.PdfaConversionFailedError as exc:
            raise OutputError(f"Ghostscript could not make a PDF/A of it: {exc}", out,
                              "report the file; the JSON and ALTO are not affected") from None
        except ox.ExitCodeException as exc:
            raise OutputError(f"OCRmyPDF failed: {exc.__class__.__name__}: {exc}", out,
                              "run again with -v to see OCRmyPDF's messages") from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp_out)
