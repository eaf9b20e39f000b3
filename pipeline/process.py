"""The orchestrator: load → clean → ocr → correct → parse → Document, for one input file.

``ocr_page`` is a plain module-level function (picklable) so that a thread, a process or a
Dask worker can run it; pages of one document run in parallel threads because the heavy work
(Tesseract) is a separate process and OpenCV releases the GIL.
"""
from __future__ import annotations

import logging
import os
import threading
import time

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, children, clean, handwriting, layout, load, ocr, pagelayout, pagesteps, poppler, stamps
from .correct import correct_text
from .correct.lm import load_lm
from .document import Correction, Document, Page, Provenance, Quality, Source, Step
from .errors import InputError, MissingDependency, PageError
from .parse import parse_document, warm_up
from .quality import ReadWord, field_quality, runs, warnings_for
from .resources import models_digest

log = logging.getLogger(__name__)

LOW_CONFIDENCE = 60.0


@dataclass(frozen=True)
class Options:
    lang: str = "vie"
    dpi: int = 300
    correct: bool = True
    keep_images: Path | None = None
    limits: load.Limits = field(default_factory=load.Limits)
    clean: clean.CleanSettings = field(default_factory=clean.CleanSettings)
    page_workers: int = 0  # 0: one per core
    force_ocr: bool = False
    deliver: tuple[str, ...] = ()  # batch: "alto", "pdf" beside each JSON (sohoa run writes its own)
    skip_steps: tuple[str, ...] = ()  # optional page steps switched off (pagesteps.OPTIONAL)


def output_options(options: Options) -> dict:
    """The options that change what a document's JSON says (limits, workers and image keeping do
    not): recorded in ``provenance.options`` and part of the batch resume key."""
    out = {"lang": options.lang, "dpi": options.dpi, "correct": options.correct, "force_ocr": options.force_ocr,
           "clean": options.clean.to_dict()}
    if options.deliver:  # a batch asked for ALTO/PDF after a run without: its documents are redone
        out["deliver"] = list(options.deliver)
    if options.skip_steps:
        out["skip_steps"] = sorted(options.skip_steps)
    return out


@dataclass
class PageResult:
    number: int
    width: int = 0
    height: int = 0
    dpi: float = 0.0
    skew_deg: float = 0.0
    confidence: float | None = None
    lines: list[str] = field(default_factory=list)
    word_confs: list[float] = field(default_factory=list)
    words: list[ReadWord] | None = None  # reading order; None for text that came in already read
    # per line of ``lines``: (read text, confidence, box on the page as loaded, source) of its words
    line_words: list[list[tuple]] = field(default_factory=list)
    image_size: tuple[int, int] = (0, 0)  # width, height of the page as loaded
    image_dpi: float = 0.0
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    disputes: list = field(default_factory=list)  # handwriting.Dispute: blanks the two readers read otherwise
    steps: list = field(default_factory=list)  # pagesteps.StepRecord of each step: ran, seconds, changed


def check_tools(kind: str, options: Options) -> dict[str, str]:
    """Probe the external programs this kind of input needs, before any work (exit 3)."""
    found: dict[str, str] = {}
    if kind in ("pdf", "image"):
        found["tesseract"] = ocr.probe(options.lang).version
    if kind == "pdf":
        found["poppler"] = poppler.probe()
    return found


def ocr_page(path: Path, kind: str, number: int, options: Options) -> PageResult:
    """Load, clean and OCR one page through its named steps (``pagesteps``); a failing tool marks
    the page failed instead of raising."""
    res = PageResult(number)
    state = pagesteps.PageState(path, kind, number, options)
    try:
        res.steps = pagesteps.run_steps(state, options.skip_steps)
        cleaned, segments = state.cleaned, state.segments
        h, w = cleaned.image.shape[:2]
        res.image_size, res.image_dpi = (state.original_shape[1], state.original_shape[0]), state.image_dpi
        res.width, res.height, res.dpi, res.skew_deg = w, h, round(cleaned.dpi, 1), cleaned.skew_deg
        res.lines = [s.text for s in segments]
        res.line_words = _line_words(segments, cleaned, state.original_shape, state.turned_by)
        if state.urgency:
            res.line_words.insert(stamps.insert_mark(res.lines, state.urgency), [])
        res.notes, res.disputes = state.notes, state.disputes
        res.word_confs = [wd.conf for s in segments for wd in s.words if wd.conf >= 0]
        res.words = [ReadWord(wd.text, wd.conf, wd.source) for s in segments for wd in s.words]
        res.confidence = round(sum(res.word_confs) / len(res.word_confs), 2) if res.word_confs else None
    except PageError as exc:
        res.error = exc.message
        log.warning("%s page %d failed: %s", path, number, exc.message)
    except (InputError, MissingDependency):
        raise
    except Exception as exc:  # a bug must cost one page, not the document
        res.error = f"internal error on this page: {exc.__class__.__name__}: {exc}"
        log.exception("%s page %d: internal error", path, number)
    return res


def page_step_provenance(pages: list[PageResult], options: Options, tools: dict) -> list[Step]:
    """One provenance entry per page step: its settings, its time summed over the pages, the pages
    it ran on, and what it changed there."""
    settings = {"load": {"dpi": options.dpi}, "clean": options.clean.to_dict(),
                "ocr": {"lang": options.lang, "psm": 3, "engine": "tesseract " + tools.get("tesseract", "")}}
    out = []
    for step in pagesteps.STEPS:
        ran, seconds, changed = [], 0.0, []
        for p in pages:
            rec = next((r for r in p.steps if r.name == step.name), None)
            if rec is None or not rec.ran:
                continue
            ran.append(p.number)
            seconds += rec.seconds
            if rec.changed and step.name not in ("ocr",):
                changed.append(f"page {p.number}: {rec.changed}")
        st = dict(settings.get(step.name, {}))
        if step.name in options.skip_steps:
            st["switched_off"] = True
        out.append(Step(step.name, st, round(seconds, 4), ran_on_pages=ran, changed=changed))
    return out


def _line_words(segments, cleaned, original_shape, turned_by: int) -> list[list[tuple]]:
    """Each line's words with their boxes mapped back onto the page as loaded (for ALTO and PDF)."""
    boxes = [(w.left, w.top, w.left + w.width, w.top + w.height) for s in segments for w in s.words]
    mapped = iter(pagelayout.to_original(boxes, cleaned.image.shape[:2], original_shape, cleaned.scale,
                                         cleaned.skew_deg, turned_by))
    return [[(w.text, w.conf, next(mapped), w.source) for w in s.words] for s in segments]


def _text_layer(path: Path, pages: int, options: Options) -> list[str] | None:
    """The PDF's own text when it has a real one (born-digital or already OCR'd)."""
    texts = [poppler.page_text(path, n, options.limits.timeout) for n in range(1, pages + 1)]
    letters = sum(sum(ch.isalpha() for ch in t) for t in texts)
    return texts if letters >= 50 * pages else None


def run_pages(path: Path, kind: str, pages: int, options: Options, progress=None) -> list[PageResult]:
    children.resume()  # a document begun: programs may start (after an earlier one's Ctrl-C too)
    workers = options.page_workers or min(pages, os.cpu_count() or 1)
    if workers <= 1 or pages == 1:
        results = []
        try:
            for n in range(1, pages + 1):
                results.append(ocr_page(path, kind, n, options))
                if progress:
                    progress(n, pages)
        except KeyboardInterrupt:
            children.stop_all()
            raise
        return results
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sohoa-page")
    results = []
    try:
        for r in pool.map(lambda n: ocr_page(path, kind, n, options), range(1, pages + 1)):
            results.append(r)
            if progress:
                progress(len(results), pages)
    except BaseException:  # Ctrl-C: stop the pages in flight instead of waiting for them
        pool.shutdown(wait=False, cancel_futures=True)
        children.stop_all()
        raise
    pool.shutdown()
    return results


def _warm_up(correct: bool) -> None:
    try:
        if correct:
            load_lm()
        warm_up()
    except Exception:  # the same loads run again, in the open, where they are needed
        log.debug("warm-up failed", exc_info=True)


def _field_quality(metadata: dict, pages: list[PageResult], corrections: list[Correction]) -> dict:
    """``quality.fields`` from the words of the first page (header) and the last (closing)."""
    read = [p for p in pages if not p.error]
    head = read[0].words if read else None
    tail = read[-1].words if read else None
    changed = set()
    for c in corrections:
        before = set(runs(c.from_))
        changed |= {r for r in runs(c.to) if r not in before}
    inferred = {"doc_type"} if metadata.get("doc_type") == "CÔNG VĂN" and not metadata.get("doc_type_code") else set()
    return field_quality(metadata, head, tail, changed, inferred)


def process_document(path: Path, options: Options = Options(), display_path: str | None = None,
                     sha256: str | None = None, progress=None) -> Document:
    path = Path(path)
    kind = load.detect_kind(path)
    tools = check_tools(kind, options)
    steps: list[Step] = []
    warnings: list[str] = []
    t0 = time.perf_counter()
    digest = sha256 or load.sha256_of(path)
    pages: list[PageResult] = []
    layer = None
    if kind == "text":
        text = layout.reorder_text_header(load.load_text(path))
        n_pages = 1
        pages = [PageResult(1, lines=text.split("\n"))]
        steps.append(Step("load", {"kind": "text"}, round(time.perf_counter() - t0, 4)))
    else:
        n_pages = load.count_pages(path, kind, options.limits)
        layer = _text_layer(path, n_pages, options) if kind == "pdf" and not options.force_ocr else None
        if layer is not None:
            warnings.append("the PDF has a text layer: its text was used instead of OCR (use --force-ocr to OCR it)")
            pages = [PageResult(i + 1, lines=layout.reorder_text_header(t).split("\n")) for i, t in enumerate(layer)]
            steps.append(Step("load", {"kind": "pdf", "text_layer": True}, round(time.perf_counter() - t0, 4)))
        else:
            # spaCy and the language model load while Tesseract works, not after it
            threading.Thread(target=_warm_up, args=(options.correct,), daemon=True, name="sohoa-warm-up").start()
            pages = run_pages(path, kind, n_pages, options, progress)
            steps += page_step_provenance(pages, options, tools)
    failed = [p.number for p in pages if p.error]
    warnings.extend(note for p in pages for note in p.notes)
    for p in pages:
        if p.error:
            warnings.append(f"page {p.number} failed: {p.error}")

    raw_text = "\n".join("\n".join(p.lines) for p in pages if not p.error)
    page_of_line = [p.number for p in pages if not p.error for _ in p.lines]
    corrections: list[Correction] = []
    text = raw_text
    if options.correct and raw_text.strip():
        t = time.perf_counter()
        text, changes = correct_text(raw_text)
        corrections = [Correction(page_of_line[c.line] if c.line < len(page_of_line) else 1, c.from_, c.to, c.score)
                       for c in changes]
        steps.append(Step("correct", {"model": "models/lm/syllables.json.gz"}, round(time.perf_counter() - t, 4)))
    t = time.perf_counter()
    parsed = parse_document(text, raw_text)
    steps.append(Step("parse", {}, round(time.perf_counter() - t, 4)))
    warnings.extend(parsed.warnings)
    warnings.extend(handwriting.refuse_disputed(parsed.metadata, [d for p in pages[:1] for d in p.disputes]))

    # page texts after correction, line for line, with the header and signer lines as the parser
    # read them: each such change is recorded as the parser's, with what was there before
    corrected_lines = text.split("\n")
    if options.correct:
        for i, line in parsed.fixes.items():
            if i < len(corrected_lines) and corrected_lines[i] != line:
                corrections.append(Correction(page_of_line[i] if i < len(page_of_line) else 1,
                                              corrected_lines[i], line, None, kind="parser",
                                              reason="header, signer or received-stamp line as the Decree-30 parser read it"))
                corrected_lines[i] = line
        text = "\n".join(corrected_lines)
    raw_lines = raw_text.split("\n")
    out_pages, k = [], 0
    for p in pages:
        n = 0 if p.error else len(p.lines)
        out_pages.append(Page(number=p.number, width=p.width, height=p.height, dpi=p.dpi, skew_deg=p.skew_deg,
                              confidence=p.confidence, text="\n".join(corrected_lines[k:k + n]), error=p.error,
                              raw_text="\n".join(raw_lines[k:k + n])))
        k += n
    # word boxes exist only where sohoa read the page images itself
    layouts = page_layouts(pages, corrected_lines) if kind != "text" and layer is None else None
    fields = _field_quality(parsed.metadata, pages, corrections)
    warnings.extend(warnings_for(fields))
    confs = [c for p in pages for c in p.word_confs]
    quality = Quality(
        mean_confidence=round(sum(confs) / len(confs), 2) if confs else None,
        low_confidence_words=sum(1 for c in confs if c < LOW_CONFIDENCE),
        warnings=warnings,
        failed_pages=failed,
        fields=fields,
    )
    prov = Provenance(version=__version__, tesseract=tools.get("tesseract"),
                      model=options.lang if kind != "text" else None, steps=steps,
                      models=models_digest(), options=output_options(options))
    return Document(
        source=Source(path=display_path or str(path), sha256=digest, kind=kind, pages=n_pages),
        metadata=parsed.metadata, sections=parsed.sections, outline=parsed.outline, text=text,
        pages=out_pages, corrections=corrections, quality=quality, provenance=prov, layout=layouts,
    )


def page_layouts(pages: list[PageResult], corrected_lines: list[str]) -> list[pagelayout.PageLayout]:
    """Each page's words where they are on the page as loaded, carrying the corrected text."""
    out, k = [], 0
    for p in pages:
        n = 0 if p.error else len(p.lines)
        page = pagelayout.PageLayout(p.number, p.image_size[0], p.image_size[1], p.image_dpi)
        for i in range(min(n, len(p.line_words))):
            line = pagelayout.lay_text(p.line_words[i], corrected_lines[k + i] if k + i < len(corrected_lines) else "")
            if line.words:
                page.lines.append(line)
        out.append(page)
        k += n
    return out

