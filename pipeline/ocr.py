"""The one module that runs Tesseract (as an owned child process, see ``children``; its TSV is
read with pytesseract's reader, and pytesseract's ``tesseract_cmd`` names the program).

``probe`` checks the binary and the language models once, before any work (exit 3 when they
are missing). ``ocr_page`` runs one Tesseract process per page and returns its words with
boxes and confidences; crashes, hangs and unreadable output become ``ToolError`` so that the
page is marked failed and the document goes on.
"""
from __future__ import annotations

import logging
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from . import children
from .errors import MissingDependency, ToolError

log = logging.getLogger(__name__)

INSTALL_HINT = "install it: apt-get install tesseract-ocr tesseract-ocr-vie"


@dataclass(frozen=True)
class TesseractInfo:
    version: str
    languages: tuple[str, ...]
    tessdata: str


def _cmd() -> str:
    import pytesseract

    return pytesseract.pytesseract.tesseract_cmd


def probe(lang: str) -> TesseractInfo:
    """Version and languages of the installed Tesseract; MissingDependency when unusable."""
    return _probe(_cmd(), shutil.which(_cmd()) or "", lang)


@lru_cache(maxsize=8)
def _probe(cmd: str, where: str, lang: str) -> TesseractInfo:
    """Cached per program and language: a batch worker probes once, not once per document."""
    if shutil.which(cmd) is None:
        raise MissingDependency("the tesseract program was not found on PATH", hint=INSTALL_HINT)
    try:
        ver = children.run([cmd, "--version"], timeout=30)
        langs = children.run([cmd, "--list-langs"], timeout=30)
    except (OSError, children.Timeout) as exc:
        raise MissingDependency(f"tesseract does not run ({exc})", hint=INSTALL_HINT) from None
    text = (ver.stdout + ver.stderr).decode("utf-8", "replace")
    m = re.search(r"tesseract\s+v?(\d+\.\d+[\w.\-]*)", text)
    if ver.returncode != 0 or not m:
        raise MissingDependency(f"tesseract --version failed: {text.strip()[:200]}", hint=INSTALL_HINT)
    listing = langs.stdout.decode("utf-8", "replace").splitlines()
    tessdata = ""
    if listing and '"' in listing[0]:
        tessdata = listing[0].split('"')[1]
    available = tuple(x.strip() for x in listing[1:] if x.strip())
    missing = [p for p in lang.split("+") if p not in available]
    if missing:
        pkg = " ".join("tesseract-ocr-" + ("script-" + p.lower() if p[0].isupper() else p) for p in missing)
        raise MissingDependency(f"tesseract has no language model {'+'.join(missing)} (has: {', '.join(available)})",
                                hint=f"install it: apt-get install {pkg}")
    info = TesseractInfo(version=m.group(1), languages=available, tessdata=tessdata)
    _PROBED.append(info)
    return info


@lru_cache(maxsize=1)
def installed_languages() -> tuple[str, ...]:
    if _PROBED:  # the languages a probe of this process already listed: no second subprocess
        return _PROBED[-1].languages
    try:
        out = children.run([_cmd(), "--list-langs"], timeout=30)
    except (OSError, children.Timeout):
        return ()
    return tuple(x.strip() for x in out.stdout.decode("utf-8", "replace").splitlines()[1:] if x.strip())


_PROBED: list[TesseractInfo] = []


@dataclass
class Word:
    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int
    source: str = "printed"  # "handwritten" once a blank's digits were re-read from handwriting

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def _tesseract(image: np.ndarray, args: list[str], timeout: float, ext: str = "txt") -> str:
    """Run Tesseract once on ``image`` (written as uncompressed PGM: milliseconds, where a PNG
    of a page costs a second) and return what it wrote; its failures become ``ToolError``."""
    with tempfile.TemporaryDirectory(prefix="sohoa-ocr-") as tmp:
        src, base = Path(tmp) / "page.pgm", Path(tmp) / "out"
        cv2.imwrite(str(src), image)
        try:
            proc = children.run([_cmd(), str(src), str(base), *args], timeout=timeout)
        except FileNotFoundError:
            raise MissingDependency("the tesseract program was not found", hint=INSTALL_HINT) from None
        except children.Timeout:
            raise ToolError(f"tesseract did not finish within {timeout:g} s", hint="raise --timeout") from None
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip()
            raise ToolError(f"tesseract crashed (status {proc.returncode}): {err[:200]}",
                            hint="check the image; re-run with -v for details")
        out = Path(f"{base}.{ext}")
        try:
            return out.read_bytes().decode("utf-8")
        except OSError:
            raise ToolError("tesseract wrote no output", hint="check the tesseract installation") from None
        except UnicodeDecodeError as exc:
            raise ToolError(f"tesseract printed unreadable output ({exc.__class__.__name__})",
                            hint="check the tesseract installation") from None


# characters the vie model writes for ones a Vietnamese document prints: its "⁄" (fraction slash) is
# a "/" ("Số: 15⁄NQ-HĐND" from a 200 dpi fax: the number was refused as unreadable)
_AS_PRINTED = str.maketrans({"\u2044": "/"})
# one "Đ" read as two glyphs, one of them the Icelandic eth no Vietnamese text has ("27/CĐÐN-TC"
# for 27/CĐN-TC on a rendered office scan; the corrector's eth → Đ then made it "CĐĐN")
_D_TWICE = re.compile("ĐÐ|ÐĐ|đð|ðđ")


def _as_printed(text: str) -> str:
    return _D_TWICE.sub(lambda m: m.group(0)[0] if m.group(0)[0] in "Đđ" else m.group(0)[1],
                        text.translate(_AS_PRINTED))


def ocr_page(image: np.ndarray, lang: str, dpi: float, timeout: float, psm: int = 3) -> list[Word]:
    """Words of one cleaned page image (grey or binary), in Tesseract's order."""
    from pytesseract.pytesseract import file_to_dict

    tsv = _tesseract(image, ["-l", lang, "--psm", str(psm), "--dpi", str(int(round(dpi))),
                             "-c", "tessedit_do_invert=0", "tsv"], timeout, "tsv")
    try:
        data = file_to_dict(tsv, "\t", -1)
        data["text"], data["conf"]
    except (ValueError, KeyError, IndexError) as exc:
        raise ToolError(f"tesseract printed unreadable output ({exc.__class__.__name__})",
                        hint="check the tesseract installation") from None
    words = []
    for i, text in enumerate(data.get("text", [])):
        text = _as_printed(str(text or "").strip())
        if not text:
            continue
        try:
            conf = float(data["conf"][i])
            box = [int(data[k][i]) for k in ("left", "top", "width", "height", "block_num", "par_num", "line_num")]
        except (TypeError, ValueError, KeyError, IndexError):
            continue
        words.append(Word(text, conf, *box))
    return words


def read_digits(image: np.ndarray, box: tuple[int, int, int, int], langs: tuple[str, ...], timeout: float) -> list[str]:
    """Read one word box as digits only, once per language model: handwritten numbers filled into
    a typed header ("Số: 23/BC-UBND", "ngày 23 tháng") that the page pass read as letters."""
    left, top, right, bottom = box
    pad = 8
    crop = image[max(0, top - pad):bottom + pad, max(0, left - pad):right + pad]
    if crop.size == 0:
        return []
    readings = []
    for lang in langs:
        try:
            readings.append(reread(crop, lang, "8", "0123456789", timeout))
        except ToolError:
            continue
    return readings


def reread(crop: np.ndarray, lang: str, psm: str, whitelist: str, timeout: float) -> str:
    """Tesseract's text of a small crop read again with only ``whitelist``'s characters allowed
    (psm "7": one line, "8": one word)."""
    return _tesseract(crop, ["-l", lang, "--psm", psm, "-c", f"tessedit_char_whitelist={whitelist}"], timeout).strip()


def detect_rotation(image: np.ndarray, timeout: float) -> int:
    """Clockwise degrees (0, 90, 180, 270) that Tesseract's orientation detector says the page is
    turned by; 0 when it cannot tell."""
    try:
        text = _tesseract(image, ["--psm", "0", "-c", "min_characters_to_try=20"], timeout, "osd")
    except ToolError:
        return 0
    rot = re.search(r"Rotate:\s*(\d+)", text)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", text)
    if not rot or not conf or float(conf.group(1)) < 1.5:
        return 0
    return int(rot.group(1)) % 360
