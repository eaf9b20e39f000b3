"""The one module that runs poppler's programs (pdfinfo, pdfimages, pdftotext; pdftoppm via pdf2image).

Each call has a timeout; a missing program is MissingDependency (exit 3), a PDF poppler cannot
read is InputError (exit 2), a hang is ToolError.
"""
from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError, MissingDependency, ToolError

log = logging.getLogger(__name__)

PROGRAMS = ("pdfinfo", "pdfimages", "pdftoppm", "pdftotext")
INSTALL_HINT = "install poppler: apt-get install poppler-utils"


def probe() -> str:
    """Check that poppler is installed; return its version string."""
    for prog in PROGRAMS:
        if shutil.which(prog) is None:
            raise MissingDependency(f"poppler program '{prog}' not found on PATH", hint=INSTALL_HINT)
    try:
        out = subprocess.run(["pdfinfo", "-v"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MissingDependency(f"poppler's pdfinfo does not run: {exc}", hint=INSTALL_HINT) from None
    m = re.search(rb"version\s+([\d.]+)", out.stdout + out.stderr)
    return m.group(1).decode() if m else "unknown"


def _run(args: list[str], path: Path, timeout: float) -> bytes:
    try:
        proc = subprocess.run(args, capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise MissingDependency(f"poppler program '{args[0]}' not found", hint=INSTALL_HINT) from None
    except subprocess.TimeoutExpired:
        raise ToolError(f"{args[0]} did not finish within {timeout:g} s", path,
                        "the PDF may be damaged; raise --timeout or repair it (e.g. qpdf in.pdf out.pdf)") from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = err[-1] if err else f"exit status {proc.returncode}"
        if "password" in detail.lower() or "encrypt" in detail.lower():
            raise InputError("the PDF is encrypted", path,
                             "decrypt it first, e.g. qpdf --decrypt --password=PASS in.pdf out.pdf")
        raise InputError(f"poppler cannot read this PDF ({detail})", path,
                         "check that the file is a complete PDF; repair it with qpdf or re-scan it")
    return proc.stdout


@dataclass(frozen=True)
class PageBox:
    width_pt: float
    height_pt: float
    rotate: int  # the page's /Rotate, clockwise degrees (0, 90, 180, 270)


@dataclass(frozen=True)
class EmbeddedImage:
    page: int
    width: int
    height: int
    x_ppi: float
    encoding: str


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    encrypted: bool
    boxes: tuple[PageBox, ...]  # one per page
    images: tuple[EmbeddedImage, ...]  # every image drawn, masks left out

    def page(self, number: int) -> PageBox:
        return self.boxes[number - 1] if 0 < number <= len(self.boxes) else PageBox(595.0, 842.0, 0)

    def images_on(self, number: int) -> list[EmbeddedImage]:
        return [im for im in self.images if im.page == number]


def pdfinfo(path: Path, timeout: float = 60) -> PdfInfo:
    """The PDF's structure, read once per document (two poppler calls, whatever its length) and
    kept while the file is unchanged: pages with their size and rotation, and the images drawn."""
    st = path.stat()
    return _pdfinfo(str(path), st.st_mtime_ns, st.st_size, timeout)


@lru_cache(maxsize=16)
def _pdfinfo(path_s: str, mtime_ns: int, size: int, timeout: float) -> PdfInfo:  # noqa: ARG001 - cache key
    path = Path(path_s)
    text = _run(["pdfinfo", "-f", "1", "-l", "1000000", str(path)], path, timeout).decode("utf-8", "replace")
    fields = dict(
        (k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in text.splitlines()) if v
    )
    try:
        pages = int(fields.get("Pages", "0"))
    except ValueError:
        pages = 0
    enc = fields.get("Encrypted", "no").lower().startswith("yes")
    sizes = {int(n): (float(w), float(h)) for n, w, h in
             re.findall(r"^Page\s+(\d+) size:\s*([\d.]+)\s*x\s*([\d.]+)", text, re.MULTILINE)}
    rots = {int(n): int(r) % 360 for n, r in re.findall(r"^Page\s+(\d+) rot:\s*(-?\d+)", text, re.MULTILINE)}
    boxes = tuple(PageBox(*sizes.get(n, (595.0, 842.0)), rots.get(n, 0)) for n in range(1, pages + 1))
    images = tuple(_list_images(path, timeout)) if pages else ()
    return PdfInfo(pages=pages, encrypted=enc, boxes=boxes, images=images)


def _list_images(path: Path, timeout: float) -> list[EmbeddedImage]:
    """`pdfimages -list`, its columns found by their header names (not by position)."""
    lines = _run(["pdfimages", "-list", str(path)], path, timeout).decode("utf-8", "replace").splitlines()
    if not lines:
        return []
    # "object ID" is one column of two words, and so are its values ("11  0"): split alike
    names = lines[0].split()
    col = {name: i for i, name in enumerate(names)}
    needed = ("page", "type", "width", "height", "enc", "x-ppi")
    if not all(n in col for n in needed):
        log.warning("%s: pdfimages -list printed an unknown header; embedded images not used", path)
        return []
    images = []
    for line in lines[2:]:
        cols = line.split()
        if len(cols) != len(names) or cols[col["type"]] != "image":
            continue
        try:
            images.append(EmbeddedImage(int(cols[col["page"]]), int(cols[col["width"]]), int(cols[col["height"]]),
                                        float(cols[col["x-ppi"]]), cols[col["enc"]]))
        except ValueError:
            continue
    return images


def extract_page_image(path: Path, page: int, outdir: Path, timeout: float = 60) -> Path:
    """Write the one image drawn on ``page`` (JPEG kept as JPEG, others as PNM) and return it."""
    root = outdir / f"img-{page}"
    _run(["pdfimages", "-j", "-f", str(page), "-l", str(page), str(path), str(root)], path, timeout)
    found = sorted(outdir.glob(f"img-{page}-*"))
    if not found:
        raise InputError(f"page {page} has no extractable image", path, "try a different --dpi to rasterise it")
    return found[0]


def page_text(path: Path, page: int, timeout: float = 60) -> str:
    """The text layer of one page (empty for a pure scan)."""
    out = _run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
               path, timeout)
    return out.decode("utf-8", "replace")


def rasterise(path: Path, page: int, dpi: int, timeout: float = 120):
    """One page as a PIL image via pdf2image (pdftoppm writing PPM: no PNG encoding)."""
    import pdf2image
    from pdf2image.exceptions import PDFPageCountError, PDFPopplerTimeoutError, PDFSyntaxError

    if shutil.which("pdftoppm") is None:
        raise MissingDependency("poppler program 'pdftoppm' not found", hint=INSTALL_HINT)
    try:
        images = pdf2image.convert_from_path(str(path), dpi=dpi, first_page=page, last_page=page,
                                             fmt="ppm", timeout=timeout)
    except PDFPopplerTimeoutError:
        raise ToolError(f"pdftoppm did not finish page {page} within {timeout:g} s", path,
                        "raise --timeout or lower --dpi") from None
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise InputError(f"poppler cannot read this PDF ({exc})", path, "repair it with qpdf or re-scan it") from None
    if not images:
        raise ToolError(f"pdftoppm produced no image for page {page}", path, "try another --dpi")
    return images[0]
