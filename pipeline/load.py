"""Load stage: a path → its kind, its page count, and one page image at a time.

Pages are loaded one by one (``load_page``) so that memory is bounded by the pages in flight,
whatever the document's length. Kinds are told by their first bytes, not their names: a text
file renamed ``.png`` is refused with a clear message instead of crashing a decoder.
"""
from __future__ import annotations

import hashlib
from struct import error as struct_error
import logging
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import poppler
from .errors import BadArguments, InputError

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
TEXT_SUFFIXES = {".txt"}
SUPPORTED_SUFFIXES = IMAGE_SUFFIXES | TEXT_SUFFIXES | {".pdf"}

_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"BM", "image"),
]


@dataclass(frozen=True)
class Limits:
    """Guards against hostile or runaway input; all are CLI options."""

    max_pages: int = 500
    max_pixels: int = 150_000_000  # a page above this is refused before decoding (bomb guard)
    timeout: float = 180.0  # seconds per page for each external program


@dataclass
class PageImage:
    number: int
    image: np.ndarray  # RGB or grey, uint8
    dpi: float


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_readable(path: Path) -> None:
    if not path.exists():
        raise InputError("file not found", path, "check the path")
    if path.is_dir():
        raise BadArguments("is a folder, not a document", path, f"use: sohoa batch {path} -o OUTDIR")
    if not path.is_file():
        raise InputError("not a regular file", path, "give a PDF, an image or a .txt file")
    try:
        with open(path, "rb") as f:
            head = f.read(1)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path, "check its permissions") from None
    if not head:
        raise InputError("the file is empty", path, "re-scan or re-export it")


def detect_kind(path: Path) -> str:
    """'pdf', 'image' or 'text', from the content; InputError when unsupported or mislabelled."""
    check_readable(path)
    with open(path, "rb") as f:
        head = f.read(16)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InputError("is not UTF-8 text", path, "save it as UTF-8") from None
        return "text"
    if suffix in IMAGE_SUFFIXES or suffix == ".pdf":
        raise InputError(f"is named {suffix} but its content is not a {suffix[1:].upper()} file", path,
                         "check that the file is not damaged or mislabelled")
    raise InputError(f"unsupported kind of file ({suffix or 'no extension'})", path,
                     "give a PDF, an image (PNG, JPEG, TIFF, BMP, WebP) or a .txt file")


def _open_image(path: Path, limits: Limits):
    from PIL import Image, UnidentifiedImageError

    # Opening reads the header only; the size it claims is checked here, per open, before any
    # decoding (Pillow's own global MAX_IMAGE_PIXELS is left as the process has it).
    try:
        with warnings.catch_warnings():  # "Corrupt EXIF data" and the like: we say it our way
            warnings.simplefilter("ignore")
            im = Image.open(path)
    except Image.DecompressionBombError:
        raise InputError("the image claims more pixels than Pillow allows (decompression bomb?)", path,
                         "check the file; a genuine image this large must be split") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"the image cannot be decoded ({exc})", path, "check that the file is complete") from None
    w, h = im.size
    if w * h > limits.max_pixels:
        im.close()
        raise InputError(f"the image claims {w}x{h} pixels, more than --max-pixels {limits.max_pixels} "
                         "(decompression bomb?)", path, "raise --max-pixels if the image is genuine")
    return im


def count_pages(path: Path, kind: str, limits: Limits) -> int:
    if kind == "text":
        return 1
    if kind == "pdf":
        info = poppler.pdfinfo(path, timeout=limits.timeout)
        if info.encrypted:
            # pdfinfo reads owner-password-only PDFs; rasterising them works, so only warn.
            log.warning("%s: the PDF is encrypted (no user password): reading it anyway", path)
        n = info.pages
    else:
        im = _open_image(path, limits)
        n = getattr(im, "n_frames", 1)
        im.close()
    if n <= 0:
        raise InputError("the document has no pages", path, "re-export or re-scan it")
    if n > limits.max_pages:
        raise InputError(f"the document has {n} pages, more than --max-pages {limits.max_pages}", path,
                         "raise --max-pages or split the document")
    return n


def _to_array(im, path: Path, limits: Limits) -> np.ndarray:
    w, h = im.size
    if w * h > limits.max_pixels:
        raise InputError(f"the page is {w}x{h} pixels, more than --max-pixels {limits.max_pixels}", path,
                         "raise --max-pixels if the image is genuine")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if im.mode not in ("L", "RGB"):
                im = im.convert("L" if im.mode in ("1", "I;16", "I", "F", "LA") else "RGB")
            return np.asarray(im, dtype=np.uint8).copy()
    except (OSError, ValueError, SyntaxError) as exc:
        raise InputError(f"the image cannot be decoded ({exc})", path, "check that the file is complete") from None


def _upright(im, path: Path):
    """A phone photo stored sideways with an EXIF turn, turned back."""
    from PIL import ImageOps

    try:
        if im.getexif().get(0x0112, 1) == 1:
            return im
        return ImageOps.exif_transpose(im)
    except (OSError, ValueError, SyntaxError, struct_error) as exc:
        raise InputError(f"the image cannot be decoded ({exc})", path, "check that the file is complete") from None


def _image_dpi(im, width_px: int) -> float:
    """Stated dpi when plausible, otherwise estimated from an A4 portrait width (8.27 in)."""
    dpi = im.info.get("dpi")
    try:
        stated = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        stated = 0.0
    estimated = width_px / 8.27
    if 100 <= stated <= 1200 and 0.6 < stated / max(estimated, 1) < 1.6:
        return stated
    return estimated


def load_page(path: Path, kind: str, number: int, dpi: int, limits: Limits) -> PageImage:
    """Page ``number`` (1-based) of an image or PDF document."""
    if kind == "pdf":
        return _load_pdf_page(path, number, dpi, limits)
    im = _open_image(path, limits)
    try:
        if number > 1:
            im.seek(number - 1)
        im = _upright(im, path) if kind == "image" and number == 1 else im
        arr = _to_array(im, path, limits)
        return PageImage(number, arr, _image_dpi(im, arr.shape[1]))
    except EOFError:
        raise InputError(f"page {number} is missing from the image", path, "the file may be truncated") from None
    finally:
        im.close()


def _load_pdf_page(path: Path, number: int, dpi: int, limits: Limits) -> PageImage:
    info = poppler.pdfinfo(path, timeout=limits.timeout)  # read once per document, then cached
    box = info.page(number)
    scale = dpi / 72.0
    if box.width_pt * box.height_pt * scale * scale > limits.max_pixels:
        raise InputError(f"page {number} at {dpi} dpi would exceed --max-pixels {limits.max_pixels}", path,
                         "lower --dpi or raise --max-pixels")
    # A scanned PDF draws one image per page: take it as it is (fast, lossless) when its
    # resolution is sane; otherwise rasterise the page.
    on_page = info.images_on(number)
    if len(on_page) == 1 and 150 <= on_page[0].x_ppi <= 600 and on_page[0].width * on_page[0].height <= limits.max_pixels:
        with tempfile.TemporaryDirectory(prefix="sohoa-pdf-") as tmp:
            out = poppler.extract_page_image(path, number, Path(tmp), timeout=limits.timeout)
            with _open_image(out, limits) as im:
                arr = _to_array(im, path, limits)
        if box.rotate:  # the page is shown turned (/Rotate); its image is stored as scanned
            arr = np.ascontiguousarray(np.rot90(arr, k=-(box.rotate // 90)))
        return PageImage(number, arr, on_page[0].x_ppi)
    pil = poppler.rasterise(path, number, dpi, timeout=limits.timeout)
    return PageImage(number, _to_array(pil, path, limits), float(dpi))


def load_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise InputError("the text file is empty", path, "give the OCR text of the document")
    return text
