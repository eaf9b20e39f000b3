"""The one module that runs Tesseract (through pytesseract).

``probe`` checks the binary and the language models once, before any work (exit 3 when they
are missing). ``ocr_page`` runs one Tesseract process per page and returns its words with
boxes and confidences; crashes, hangs and unreadable output become ``ToolError`` so that the
page is marked failed and the document goes on.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from .errors import MissingDependency, ToolError

log = logging.getLogger(__name__)

# Tesseract's OpenMP threads fight each other on small machines: on 2 cores one page took
# 13 s with the default and 1.5 s with one thread. Parallelism comes from pages instead.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

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
        ver = subprocess.run([cmd, "--version"], capture_output=True, timeout=30)
        langs = subprocess.run([cmd, "--list-langs"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
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
        out = subprocess.run([_cmd(), "--list-langs"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
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

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def ocr_page(image: np.ndarray, lang: str, dpi: float, timeout: float, psm: int = 3) -> list[Word]:
    """Words of one cleaned page image (grey or binary), in Tesseract's order."""
    import pytesseract

    with tempfile.TemporaryDirectory(prefix="sohoa-ocr-") as tmp:
        # Uncompressed PGM: writing it costs milliseconds, a PNG of a page costs a second.
        src = Path(tmp) / "page.pgm"
        cv2.imwrite(str(src), image)
        config = f"--psm {psm} --dpi {int(round(dpi))} -c tessedit_do_invert=0"
        try:
            data = pytesseract.image_to_data(str(src), lang=lang, config=config, timeout=timeout,
                                             output_type=pytesseract.Output.DICT)
        except pytesseract.TesseractNotFoundError:
            raise MissingDependency("the tesseract program was not found", hint=INSTALL_HINT) from None
        except pytesseract.TesseractError as exc:  # a RuntimeError too: catch it first
            raise ToolError(f"tesseract crashed (status {exc.status}): {str(exc.message)[:200]}",
                            hint="check the image; re-run with -v for details") from None
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise ToolError(f"tesseract did not finish within {timeout:g} s", hint="raise --timeout") from None
            raise ToolError(f"tesseract failed: {exc}") from None
        except (UnicodeDecodeError, ValueError, KeyError) as exc:
            raise ToolError(f"tesseract printed unreadable output ({exc.__class__.__name__})",
                            hint="check the tesseract installation") from None
    words = []
    for i, text in enumerate(data.get("text", [])):
        text = (text or "").strip()
        if not text:
            continue
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            conf = -1.0
        words.append(Word(text, conf, int(data["left"][i]), int(data["top"][i]), int(data["width"][i]),
                          int(data["height"][i]), int(data["block_num"][i]), int(data["par_num"][i]),
                          int(data["line_num"][i])))
    return words


def read_digits(image: np.ndarray, box: tuple[int, int, int, int], langs: tuple[str, ...], timeout: float) -> list[str]:
    """Read one word box as digits only, once per language model: handwritten numbers filled into
    a typed header ("Số: 23/BC-UBND", "ngày 23 tháng") that the page pass read as letters."""
    import pytesseract

    left, top, right, bottom = box
    pad = 8
    crop = image[max(0, top - pad):bottom + pad, max(0, left - pad):right + pad]
    if crop.size == 0:
        return []
    readings = []
    with tempfile.TemporaryDirectory(prefix="sohoa-digits-") as tmp:
        src = Path(tmp) / "word.pgm"
        cv2.imwrite(str(src), crop)
        for lang in langs:
            try:
                text = pytesseract.image_to_string(str(src), lang=lang, timeout=timeout,
                                                   config="--psm 8 -c tessedit_char_whitelist=0123456789")
            except (RuntimeError, pytesseract.TesseractError, UnicodeDecodeError, ValueError):
                continue
            readings.append(text.strip())
    return readings


def detect_rotation(image: np.ndarray, timeout: float) -> int:
    """Clockwise degrees (0, 90, 180, 270) that Tesseract's orientation detector says the page is
    turned by; 0 when it cannot tell."""
    import pytesseract

    with tempfile.TemporaryDirectory(prefix="sohoa-osd-") as tmp:
        src = Path(tmp) / "page.pgm"
        cv2.imwrite(str(src), image)
        try:
            text = pytesseract.image_to_osd(str(src), config="--psm 0 -c min_characters_to_try=20", timeout=timeout)
        except (RuntimeError, pytesseract.TesseractError, UnicodeDecodeError, ValueError):
            return 0
    rot = re.search(r"Rotate:\s*(\d+)", text)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", text)
    if not rot or not conf or float(conf.group(1)) < 1.5:
        return 0
    return int(rot.group(1)) % 360
