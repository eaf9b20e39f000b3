"""``sohoa batch``: every document under a folder, resumable, in parallel, with reports.

Work runs in worker processes (a local process pool) or on a Dask cluster; both run the same
module-level ``process_one`` and return the JSON text to this process, the only writer. A
document is skipped when its JSON exists and records the same input sha256, sohoa version,
model files and output options (the resume key); otherwise it is redone and the report says
why. A worker that dies costs a retry only to the document that killed it (documents in flight
with it are re-run alone to find which); one that keeps killing workers is reported failed.
"""
from __future__ import annotations

import io
import json
import logging
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import BadArguments, ExitCode, InputError, OutputError, SohoaError
from .load import SUPPORTED_SUFFIXES, sha256_of
from .progress import BatchProgress
from .write import remove_stale_temps, write_atomic

log = logging.getLogger(__name__)

ROLES = ("purpose", "agenda", "participants", "funding", "responsibilities")
REPORT_COLUMNS = ["path", "sha256", "kind", "pages", "status", "error", "redone_because", "seconds", "worker_peak_mb",
                  "mean_confidence", "corrections", "number", "date", "issuer", "title", "roles", "check_fields",
                  "warnings"] + [f"has_{r}" for r in ROLES]


@dataclass
class Job:
    path: Path
    rel: str
    sha256: str = ""
    attempts: int = 0


@dataclass
class Outcome:
    rel: str
    status: str  # ok | failed | skipped
    row: dict = field(default_factory=dict)
    text: str | None = None  # the document JSON, to be written by the client
    pages: int = 0
    extras: dict[str, bytes] = field(default_factory=dict)  # suffix → ALTO / PDF bytes, written before the JSON


# ------------------------------------------------------------------ discovery

def discover(root: Path, outdir: Path) -> tuple[list[Job], list[dict]]:
    """Supported files under ``root`` (hidden ones and the output folder left out, symlinked
    folders not entered, so a link loop cannot hang), and rows for the files skipped."""
    root = root.resolve()
    out_resolved = outdir.resolve()
    jobs, skipped = [], []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and (here / d).resolve() != out_resolved and not (here / d).is_symlink())
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            p = here / name
            rel = p.relative_to(root).as_posix()
            if p.suffix.lower() not in SUPPORTED_SUFFIXES:
                skipped.append(_row(rel, status="skipped", error="unsupported kind of file"))
                continue
            if not p.is_file():
                skipped.append(_row(rel, status="skipped", error="not a regular file (broken link?)"))
                continue
            jobs.append(Job(p, rel))
    return jobs, skipped


def output_path(outdir: Path, rel: str, suffix: str = ".json") -> Path:
    """OUTDIR/<relative path>.json (or another suffix), never outside OUTDIR."""
    target = (outdir / (rel + suffix)).resolve()
    base = outdir.resolve()
    if base != target and base not in target.parents:
        raise OutputError("output path would leave the output folder", target, "rename the input file")
    return target


# ------------------------------------------------------------------ one document (runs on a worker)

def _row(rel: str, **values) -> dict:
    row = {c: None for c in REPORT_COLUMNS}
    row.update(path=rel, **values)
    return row


def row_from_doc(rel: str, doc: dict, status: str, seconds: float | None) -> dict:
    meta, sections = doc.get("metadata") or {}, doc.get("sections") or {}
    q = doc.get("quality") or {}
    row = _row(rel, sha256=doc["source"]["sha256"], kind=doc["source"]["kind"], pages=doc["source"]["pages"],
               status=status, seconds=seconds, mean_confidence=q.get("mean_confidence"),
               corrections=len(doc.get("corrections") or []), number=meta.get("number"), date=meta.get("date"),
               issuer=meta.get("issuer"), title=meta.get("title"),
               roles=",".join(r for r in ROLES if r in sections))
    for r in ROLES:
        row[f"has_{r}"] = r in sections
    row["check_fields"] = ", ".join(fields_to_check(doc))
    row["warnings"] = " | ".join(q.get("warnings") or [])
    if q.get("failed_pages"):
        row["error"] = f"pages {q['failed_pages']} failed"
    return row


def fields_to_check(doc: dict) -> list[str]:
    """Header fields a person should look at: not read, read from handwriting, or unsure."""
    from .quality import needs_check

    fields = (doc.get("quality") or {}).get("fields") or {}
    return [name for name, f in fields.items() if needs_check(f, name)]


def process_one(path: str, rel: str, sha: str, options) -> Outcome:
    """Digitise one document; never raises for a bad document (the batch goes on)."""
    from .process import process_document

    t0 = time.perf_counter()
    try:
        doc = process_document(Path(path), options, display_path=rel, sha256=sha)
    except SohoaError as exc:
        return Outcome(rel, "failed", _row(rel, sha256=sha, status="failed", error=exc.what,
                                           seconds=round(time.perf_counter() - t0, 3)))
    except Exception as exc:  # a bug must cost one document, not the batch
        log.exception("%s: internal error", rel)
        return Outcome(rel, "failed", _row(rel, sha256=sha, status="failed",
                                           error=f"internal error: {exc.__class__.__name__}: {exc}",
                                           seconds=round(time.perf_counter() - t0, 3)))
    extras: dict[str, bytes] = {}
    if options.deliver:
        from .deliver import batch_extras

        try:
            extras = batch_extras(doc, Path(path), options)
        except SohoaError as exc:  # no JSON either: the next run makes the document again
            return Outcome(rel, "failed", _row(rel, sha256=sha, status="failed", error=exc.what,
                                               seconds=round(time.perf_counter() - t0, 3)))
    d = doc.to_dict()
    status = "failed" if doc.quality.failed_pages else "ok"
    row = row_from_doc(rel, d, status, round(time.perf_counter() - t0, 3))
    row["worker_peak_mb"] = _peak_mb()
    return Outcome(rel, status, row, doc.to_json(), doc.source.pages, extras)


def _peak_mb() -> float | None:
    """Peak resident memory of this worker process so far (its Tesseract children included)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return None
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


# ------------------------------------------------------------------ executors

def _worker_init(scratch: str | None) -> None:
    """In each pool worker: Ctrl-C left to the client (which stops the workers itself), SIGTERM
    stops the programs this worker started before it exits, and temp files go inside the run's
    scratch folder, which the client removes whatever happens."""
    import signal
    import tempfile

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_stop)
    if scratch:
        tempfile.tempdir = scratch
    # the pool already keeps every core busy: OpenCV's own threads in each worker only add CPU
    # (cleaning a page: 0.19 CPU s with 2 threads, 0.17 with one; this process is the pool's own)
    import cv2

    cv2.setNumThreads(1)


def _worker_stop(signum, frame) -> None:  # noqa: ARG001 - a signal handler's signature
    from .children import stop_all

    stop_all()
    os._exit(128 + signum)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers now, and the programs they started: SIGTERM (each worker stops its
    own Tesseract processes), then SIGKILL for a worker that did not go."""
    procs = dict(getattr(pool, "_processes", None) or {})  # the executor's own record of its workers
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs.values():
        if proc.is_alive():
            proc.terminate()
    for proc in procs.values():
        proc.join(timeout=5)
        if proc.is_alive():
            proc.kill()
            proc.join(timeout=5)


def _run_pool(queue: list[Job], options, workers: int, on_done, scratch: str | None) -> list[Job]:
    """Run the queue in one process pool until it is empty or a worker dies; return the jobs
    that were in the pool when it broke (the one that killed it is among them)."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads
    running: dict = {}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(scratch,))
    try:
        while queue or running:
            while queue and len(running) < workers * 2:
                job = queue.pop(0)
                running[pool.submit(process_one, str(job.path), job.rel, job.sha256, options)] = job
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                job = running.pop(fut)
                try:
                    outcome = fut.result()
                except BrokenProcessPool:
                    running[fut] = job
                    broken = True
                    continue
                on_done(outcome)
            if broken:
                lost = list(running.values())
                _stop_pool(pool)
                return lost
    except BaseException:  # Ctrl-C or a bug here: stop the workers now rather than wait for their pages
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)
    return []


def _run_local(jobs: list[Job], options, workers: int, retries: int, on_done, scratch: str | None = None) -> None:
    """A process pool over the jobs. A worker that dies (killed, out of memory, a crash in a
    library) breaks the pool, and every document in flight with it; only one of them killed it.
    So the documents in flight become suspects and run again one at a time, alone in a pool;
    a death is charged only to a document that was alone, and one past its retries is failed."""
    queue = list(jobs)
    suspects: list[Job] = []
    while queue or suspects:
        if suspects:
            job = suspects.pop(0)
            if _run_pool([job], options, 1, on_done, scratch):
                _charge(job, retries, suspects, on_done)
            continue
        lost = _run_pool(queue, options, workers, on_done, scratch)
        if len(lost) == 1:  # it was alone: it is the one
            _charge(lost[0], retries, suspects, on_done)
        elif lost:
            log.warning("a worker process died; the %d documents in flight are re-run one at a time", len(lost))
            suspects.extend(lost)


def _charge(job: Job, retries: int, suspects: list[Job], on_done) -> None:
    """``job`` killed its worker: retry it alone, or report it failed past its retries."""
    job.attempts += 1
    if job.attempts > retries:
        on_done(Outcome(job.rel, "failed", _row(job.rel, sha256=job.sha256, status="failed",
                                               error=f"worker process died {job.attempts} times")))
    else:
        log.warning("%s: its worker process died; retrying it alone", job.rel)
        suspects.append(job)


def _run_dask(jobs: list[Job], options, scheduler: str, retries: int, on_done) -> None:
    try:
        from distributed import Client, as_completed
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker
    except ImportError:  # pragma: no cover - dask is a dependency
        from .errors import MissingDependency
        raise MissingDependency("dask.distributed is not installed", hint="pip install 'dask[distributed]'") from None
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise BadArguments(f"cannot reach the Dask scheduler ({exc})", scheduler,
                           "check the address and that `dask scheduler` runs there") from None
    try:
        futures = {}
        for job in jobs:
            fut = client.submit(process_one, str(job.path), job.rel, job.sha256, options, pure=False,
                                retries=retries, key=f"sohoa-{job.sha256[:16]}-{job.rel}")
            futures[fut] = job
        for fut in as_completed(list(futures)):
            job = futures.pop(fut)  # drop our reference: the cluster forgets the result once written
            try:
                on_done(fut.result())
            except KilledWorker:
                on_done(Outcome(job.rel, "failed", _row(job.rel, sha256=job.sha256, status="failed",
                                                       error="it killed Dask workers repeatedly")))
            except (FutureCancelledError, Exception) as exc:  # noqa: BLE001 - report and go on
                on_done(Outcome(job.rel, "failed", _row(job.rel, sha256=job.sha256, status="failed",
                                                       error=f"Dask task failed: {exc.__class__.__name__}: {exc}")))
            finally:
                fut.release()
    finally:
        client.close()


# ------------------------------------------------------------------ reports

def write_reports(outdir: Path, rows: list[dict], responsibilities: list[dict]) -> None:
    import pandas as pd

    df = pd.DataFrame(rows, columns=REPORT_COLUMNS).sort_values("path", kind="stable")
    df = df.astype({"pages": "Int64", "corrections": "Int64", "seconds": "Float64", "mean_confidence": "Float64",
                    "worker_peak_mb": "Float64"})
    # UTF-8 with a BOM: Excel, which an archive office opens these in, reads Vietnamese right only so
    write_atomic(outdir / "report.csv", "\ufeff" + df.to_csv(index=False))
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    write_atomic(outdir / "report.parquet", buf.getvalue())
    buf = io.BytesIO()
    df.to_excel(buf, index=False, sheet_name="report", engine="openpyxl")
    write_atomic(outdir / "report.xlsx", buf.getvalue())
    resp = pd.DataFrame(responsibilities, columns=["path", "number", "date", "unit", "task"])
    write_atomic(outdir / "responsibilities.csv",
                 "\ufeff" + resp.sort_values(["path"], kind="stable").to_csv(index=False))


def responsibility_rows(rel: str, doc: dict) -> list[dict]:
    meta = doc.get("metadata") or {}
    items = ((doc.get("sections") or {}).get("responsibilities") or {}).get("items") or []
    return [{"path": rel, "number": meta.get("number"), "date": meta.get("date"), "unit": it.get("unit"), "task": t}
            for it in items for t in (it.get("tasks") or [None])]


# ------------------------------------------------------------------ the command

def run_batch(indir: Path, outdir: Path, options, workers: int | None = None, scheduler: str | None = None,
              force: bool = False, quiet: bool = False, retries: int = 2, archive: Path | None = None) -> int:
    from .process import check_tools

    fonds = None
    if archive is not None:  # a wrong settings file stops the batch now, not after hours of OCR
        from .archive import load_fonds

        fonds = load_fonds(archive)

    indir, outdir = Path(indir), Path(outdir)
    if not indir.exists():
        raise InputError("folder not found", indir, "check the path")
    if not indir.is_dir():
        raise BadArguments("is a file, not a folder", indir, f"use: sohoa run {indir}")
    if outdir.exists() and not outdir.is_dir():
        inside = indir.resolve() in outdir.resolve().parents
        raise (BadArguments if inside else OutputError)("-o names a file, not a folder", outdir,
                                                        "give a folder for the results")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        probe = outdir / ".sohoa-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"cannot write to the output folder ({exc.strerror})", outdir,
                          "choose another -o folder or fix its permissions") from None
    remove_stale_temps(outdir)
    check_tools("pdf", options)  # exit 3 before any work when tesseract, its model or poppler is missing

    jobs, rows = discover(indir, outdir)
    responsibilities: list[dict] = []
    todo: list[Job] = []
    reasons: dict[str, str] = {}
    key = resume_key(options)
    for job in jobs:
        try:
            job.sha256 = sha256_of(job.path)
        except OSError as exc:
            rows.append(_row(job.rel, status="failed", error=f"cannot be read ({exc.strerror})"))
            continue
        try:
            previous = _previous(output_path(outdir, job.rel))
        except OutputError as exc:
            rows.append(_row(job.rel, sha256=job.sha256, status="failed", error=exc.message))
            continue
        why = "--force" if force and previous is not None else redo_reason(previous, job.sha256, key)
        if why is None:
            rows.append(row_from_doc(job.rel, previous, "skipped", None))
            responsibilities += responsibility_rows(job.rel, previous)
            continue
        if previous is not None:
            reasons[job.rel] = why
        todo.append(job)
    log.info("%d documents, %d to do, %d skipped", len(jobs), len(todo), len(jobs) - len(todo))
    if reasons:
        log.info("%d documents done before are redone (%s)", len(reasons), "; ".join(sorted(set(reasons.values()))))

    progress = BatchProgress(len(todo), enabled=not quiet)

    def on_done(o: Outcome) -> None:
        if o.text is not None:
            try:
                for suffix, data in o.extras.items():  # the JSON last: it is what marks the document done
                    write_atomic(output_path(outdir, o.rel, suffix), data)
                write_atomic(output_path(outdir, o.rel), o.text)
                responsibilities.extend(responsibility_rows(o.rel, json.loads(o.text)))
            except OutputError as exc:  # this document's output only (e.g. a link out of OUTDIR)
                o = Outcome(o.rel, "failed", {**o.row, "status": "failed", "error": exc.message})
        o.row["redone_because"] = reasons.get(o.rel)
        rows.append(o.row)
        if o.status == "failed":
            log.warning("%s: failed: %s", o.rel, o.row.get("error"))
        progress.update(o.pages, o.status == "failed")

    n_workers = workers or os.cpu_count() or 1
    # pages of one document share a worker: one Tesseract per core in all
    opts = replace(options, page_workers=1 if n_workers > 1 or scheduler else 0)
    import tempfile

    try:
        if scheduler:
            _run_dask(todo, opts, scheduler, retries, on_done)
        elif todo:
            _run_local(todo, opts, n_workers, retries, on_done, scratch=tempfile.gettempdir())
    except KeyboardInterrupt:  # what was done is reported; the rest is for the next run
        progress.close()
        write_reports(outdir, rows, responsibilities)
        raise
    progress.close()
    write_reports(outdir, rows, responsibilities)
    if fonds is not None:
        from .archive import write_archive

        n = write_archive(outdir, sorted(job.rel for job in jobs), fonds, lambda rel: output_path(outdir, rel))
        log.info("archive metadata of %d documents in %s", n, outdir / "archive-metadata.csv")
    failed = [r for r in rows if r["status"] == "failed"]
    done = sum(r["status"] == "ok" for r in rows)
    skipped = sum(r["status"] == "skipped" for r in rows)
    if not quiet:
        import sys
        print(f"sohoa: {done} done, {skipped} skipped, {len(failed)} failed; reports in {outdir}", file=sys.stderr)
        for r in failed:
            print(f"sohoa: failed: {r['path']}: {r['error']}", file=sys.stderr)
    return int(ExitCode.PARTIAL_FAILURE if failed else ExitCode.OK)


def resume_key(options) -> dict:
    """What a finished document's JSON must record to be skipped: this sohoa, these models,
    these options (besides its input's sha256)."""
    from . import __version__
    from .process import output_options
    from .resources import models_digest

    return {"version": __version__, "models": models_digest(), "options": output_options(options)}


def redo_reason(previous: dict | None, sha256: str, key: dict) -> str | None:
    """Why a document must be (re)done, or None when its JSON is up to date."""
    if previous is None:
        return "not done yet"
    if previous["source"]["sha256"] != sha256:
        return "input changed"
    prov = previous.get("provenance") or {}
    if prov.get("version") != key["version"]:
        return f"made by sohoa {prov.get('version')}, now {key['version']}"
    if prov.get("models") != key["models"]:
        return "models changed"
    before = prov.get("options") or {}
    changed = [k for k in key["options"] if before.get(k) != key["options"][k]]
    if changed:
        return "options changed: " + ", ".join(f"{k} {before.get(k)!r} → {key['options'][k]!r}" for k in changed)
    return None


def _previous(path: Path) -> dict | None:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        doc["source"]["sha256"]
        return doc
    except (OSError, ValueError, KeyError, TypeError):
        return None
