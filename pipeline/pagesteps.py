"""A page's work as a list of named steps.

Each step is a plain function over the page's state that returns what it changed (or None); the
extra passes have a trigger and run only on pages that need them (the orientation detector only
when the first reading looks like noise, the urgency stamp only where there is red ink in the
header, the handwriting reader only where the header has a blank with something in it…), and a
user can switch an optional step off (``--skip-step NAME``). For every step the page records
whether it ran, its time and what it changed; the document's ``provenance.steps`` sums them.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import (clean, doubtful_lines, grid, handwriting, layout, load, logos, lost_lines, merged, ocr, overlay,
               received_stamp, signer, stamps)

log = logging.getLogger(__name__)


@dataclass
class PageState:
    path: Path
    kind: str
    number: int
    options: object  # pipeline.process.Options
    page: load.PageImage | None = None
    cleaned: clean.CleanResult | None = None
    original_shape: tuple[int, int] = (0, 0)
    image_dpi: float = 0.0
    ink: np.ndarray | None = None  # the header with coloured ink kept (handwritten digits)
    red: np.ndarray | None = None  # the header's red ink (urgency stamps)
    words: list = field(default_factory=list)
    turned_by: int = 0
    urgency: str | None = None
    segments: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    disputes: list = field(default_factory=list)  # handwriting.Dispute of the header's blanks


@dataclass(frozen=True)
class PageStep:
    name: str
    run: Callable[[PageState], str | None]
    trigger: Callable[[PageState], bool] | None = None  # None: always
    optional: bool = False  # may be switched off with --skip-step
    about: str = ""


@dataclass
class StepRecord:
    name: str
    ran: bool
    seconds: float = 0.0
    changed: str | None = None


def _mean_conf(words) -> float:
    confs = [w.conf for w in words if w.conf >= 0]
    return sum(confs) / len(confs) if confs else 0.0


def _doubtful(words) -> bool:
    """A reading that may be of a page on its side: unsure, or a few words not read surely. A short
    page read surely (the end of a document, a page with a table of figures) is not asked about:
    on our office-scan plans the detector ran on every short last page for nothing (4 % of the
    batch's time, benchmarks/bench_throughput.py)."""
    conf = _mean_conf(words)
    return conf < 60 or (len(words) < 15 and conf < 80)


def _sideways(words) -> bool:
    """A page on its side that Tesseract read anyway: its layout finds the upright lines of a
    page turned a quarter clockwise and reads them surely (mean confidence 95 on a rendered công
    văn), but each word's box is taller than wide and the page's order is lost (the number and
    the date read nowhere near their labels)."""
    long = [w for w in words if len(w.text) >= 3]
    return len(long) >= 5 and sum(w.height > w.width for w in long) > 0.5 * len(long)


# ------------------------------------------------------------------ the steps

def _load(s: PageState) -> None:
    s.page = load.load_page(s.path, s.kind, s.number, s.options.dpi, s.options.limits)
    s.original_shape, s.image_dpi = s.page.image.shape[:2], float(s.page.dpi)


def _clean(s: PageState) -> str:
    s.cleaned = clean.clean_page(s.page.image, s.page.dpi, s.options.clean)
    if s.options.keep_images:
        _keep_image(s.options.keep_images, s.path, s.number, s.cleaned.image)
    return f"deskewed {s.cleaned.skew_deg:.2f}°" if abs(s.cleaned.skew_deg) >= 0.05 else None


def _keep_image(folder: Path, path: Path, number: int, image) -> None:
    import cv2

    from .write import write_atomic

    ok, buf = cv2.imencode(".png", image)
    if ok:
        write_atomic(Path(folder) / f"{path.stem}-p{number:03d}.png", buf.tobytes())


def _header_ink(s: PageState) -> None:
    s.ink = clean.header_ink(s.page.image, s.cleaned.scale, s.cleaned.skew_deg)


def _red_header(s: PageState) -> None:
    s.red = stamps.red_header(s.page.image, s.cleaned.scale, s.cleaned.skew_deg, s.cleaned.dpi)


def _ocr(s: PageState) -> str:
    s.page = None  # the page as loaded is not needed any more: free it before Tesseract runs
    s.words = ocr.ocr_page(s.cleaned.image, s.options.lang, s.cleaned.dpi, s.options.limits.timeout)
    return f"{len(s.words)} words, mean confidence {_mean_conf(s.words):.0f}"


def _orientation(s: PageState) -> str | None:
    """A page scanned sideways or upside down reads as noise: ask the orientation detector."""
    turn = ocr.detect_rotation(s.cleaned.image, s.options.limits.timeout)
    if not turn:
        return None
    turned = np.ascontiguousarray(np.rot90(s.cleaned.image, k=-(turn // 90)))
    again = ocr.ocr_page(turned, s.options.lang, s.cleaned.dpi, s.options.limits.timeout)
    if _mean_conf(again) <= _mean_conf(s.words) and not (_sideways(s.words) and not _sideways(again)):
        return None
    # the long lines found while cleaning (table borders: the reading order's cells) turn with it
    s.cleaned.rules = grid.turned(s.cleaned.rules, turn // 90, s.cleaned.image.shape[:2])
    s.words, s.cleaned.image, s.ink, s.turned_by = again, turned, None, turn
    s.notes.append(f"page {s.number} was turned {turn}° and has been set upright")
    return f"turned {turn}°"


def _logo_words(s: PageState) -> str | None:
    s.words, notes = logos.drop_logo_words(s.words, s.ink, s.cleaned.dpi)
    s.notes += notes
    return "; ".join(notes) or None


def _urgency(s: PageState) -> str | None:
    s.urgency = stamps.read_urgency(s.red, s.cleaned.dpi, s.options.lang, s.options.limits.timeout)
    if s.urgency:
        s.notes.append(f"urgency stamp in red read apart from the text: {s.urgency}")
    return s.urgency


def _merged_lines(s: PageState) -> str | None:
    s.words, notes = merged.reread_merged_lines(s.words, s.cleaned.image, s.options.lang, s.cleaned.dpi,
                                                s.options.limits.timeout)
    s.notes += notes
    return "; ".join(notes) or None


def _lost_lines(s: PageState) -> str | None:
    s.words, notes = lost_lines.reread_lost_lines(s.words, s.cleaned.image, s.options.lang, s.cleaned.dpi,
                                                  s.options.limits.timeout)
    s.notes += notes
    return "; ".join(notes) or None


def _reading_order(s: PageState) -> None:
    h, w = s.cleaned.image.shape[:2]
    s.segments = layout.reading_order(s.words, w, h, s.cleaned.rules)


def _signature_overlay(s: PageState) -> str | None:
    notes = overlay.drop_overlay(s.segments)
    s.notes += notes
    return "; ".join(notes) or None


def _doubtful_lines(s: PageState) -> str | None:
    notes = doubtful_lines.reread_doubtful_lines(s.segments, s.cleaned.image, s.options.lang, s.cleaned.dpi,
                                                 s.options.limits.timeout, s.ink, s.cleaned.rules)
    s.notes += notes
    return "; ".join(notes) or None


def _digit_langs(s: PageState) -> tuple[str, ...]:
    """The models that re-read handwritten digits: the page's and English (two readers that err
    differently)."""
    return tuple(dict.fromkeys([s.options.lang] + (["eng"] if "eng" in ocr.installed_languages() else [])))


def _handwriting(s: PageState) -> str | None:
    changes = handwriting.reread_header_numbers(s.segments, s.cleaned.image, _digit_langs(s), s.options.limits.timeout,
                                                s.ink, s.disputes)
    s.notes += [f"handwritten digits re-read: {c}" for c in changes]
    return "; ".join(changes) or None


def _received_stamp(s: PageState) -> str | None:
    notes = received_stamp.reread_received_dates(s.segments, s.ink, _digit_langs(s), s.options.limits.timeout)
    s.notes += notes
    return "; ".join(notes) or None


def _signer(s: PageState) -> str | None:
    notes = signer.reread_signer_name(s.segments, s.cleaned.image, s.options.lang, s.cleaned.dpi,
                                      s.options.limits.timeout)
    notes += signer.reread_doubtful_name(s.segments, s.cleaned.image, s.options.lang, s.cleaned.dpi,
                                         s.options.limits.timeout)
    notes += signer.drop_signature_strokes(s.segments, s.cleaned.image.shape[:2])
    s.notes += notes
    return "; ".join(notes) or None


def _first_page(s: PageState) -> bool:
    return s.number == 1


STEPS: tuple[PageStep, ...] = (
    PageStep("load", _load, about="the page image (PDF page, image frame)"),
    PageStep("clean", _clean, about="colour out, lighting evened, 300 dpi, deskew, binarise, specks and rules out"),
    PageStep("header_ink", _header_ink, _first_page, True,
             "first page: the header with blue ink kept, for numbers written in by hand"),
    PageStep("red_header", _red_header, _first_page, True, "first page: the header's red ink, for urgency stamps"),
    PageStep("ocr", _ocr, about="Tesseract on the cleaned page: words, boxes, confidences"),
    PageStep("orientation", _orientation, lambda s: _doubtful(s.words) or _sideways(s.words), True,
             "only when the page reads as noise or its words stand on end: Tesseract's orientation "
             "detector, and a second reading"),
    PageStep("logo_words", _logo_words, lambda s: s.ink is not None, True,
             "first page: words Tesseract read off a logo in the header (a solid patch with white letters) "
             "left out"),
    PageStep("urgency_stamp", _urgency, lambda s: s.red is not None, True,
             "only where the header has red ink: the urgency stamp read apart from the text"),
    PageStep("merged_lines", _merged_lines, lambda s: bool(merged.merged_runs(s.words)), True,
             "only where two lines of small type were read as one (words twice as tall, read unsure): "
             "that run read again as a block"),
    PageStep("lost_lines", _lost_lines, lambda s: bool(lost_lines.lost_runs(s.words, s.cleaned.image)), True,
             "only where a row of printed letters has no word read on it (Tesseract's layout passed the line "
             "over): that row read alone as a line, kept when read surely"),
    PageStep("reading_order", _reading_order, about="side-by-side blocks, tables, page numbers: the reading order"),
    PageStep("signature_overlay", _signature_overlay, lambda s: bool(overlay.overlay_lines(s.segments)), True,
             "only where a digital-signature overlay's labelled lines (Người ký, Email, Thời gian ký…) stand "
             "together: they are left out of the text"),
    PageStep("doubtful_lines", _doubtful_lines,
             lambda s: s.number == 1 and bool(doubtful_lines.doubtful_lines(s.segments)), True,
             "first page, only where a header line was read surely in part and as noise in part (a stamp or a "
             "seal across it): that line read again alone"),
    PageStep("handwriting", _handwriting, lambda s: s.number == 1 and handwriting.has_blanks(s.segments, s.ink), True,
             "only where the header has a number or day blank: handwritten digits re-read"),
    PageStep("received_stamp", _received_stamp,
             lambda s: s.number == 1 and s.ink is not None and bool(received_stamp.date_labels(s.segments)), True,
             "only where the header has a received stamp whose date Tesseract did not read as one: the "
             "handwritten date read glyph by glyph"),
    PageStep("signer", _signer, lambda s: signer.needs_reread(s.segments, s.cleaned.image.shape[:2]), True,
             "only where a signer title has no readable name below it, a name word read with doubt, or a "
             "signature read as words: the name under a seal or a signature stroke re-read, the strokes left out"),
)
OPTIONAL = tuple(st.name for st in STEPS if st.optional)


def run_steps(state: PageState, skip: tuple[str, ...] = ()) -> list[StepRecord]:
    """Run the page's steps in order; an exception stops the page (the caller marks it failed)."""
    records = []
    for step in STEPS:
        if step.name in skip or (step.trigger is not None and not step.trigger(state)):
            records.append(StepRecord(step.name, False))
            continue
        t = time.perf_counter()
        changed = step.run(state)
        records.append(StepRecord(step.name, True, time.perf_counter() - t, changed))
    return records
