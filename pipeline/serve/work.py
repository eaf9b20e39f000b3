"""The service's work runs on sohoa's engine, never in a request: a dispatcher thread takes queued
documents from the database and hands them to a process pool (or a Dask cluster's executor with
``--scheduler``); each worker runs ``process_document`` exactly as ``sohoa run`` does and sends back
the JSON (and the ALTO of a scan, for the review page). Page progress comes back through a queue.

The database is the queue: a restart finds documents that were running and queues them again, so
nothing is lost; a worker that dies is retried, then the document is marked failed.
"""
from __future__ import annotations

import logging
import multiprocessing
import queue as queue_mod
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from sqlalchemy import select, update

from .db import DocumentRow, fold, index_document, now

log = logging.getLogger(__name__)


class _QueueProgress:
    def __init__(self, q, doc_id: str) -> None:
        self.q, self.doc_id = q, doc_id

    def __call__(self, done: int, total: int) -> None:
        try:
            self.q.put_nowait((self.doc_id, done, total))
        except Exception:  # progress is a courtesy; the work goes on without it
            pass


def read_document(stored: str, filename: str, options, doc_id: str, progress_queue=None) -> dict:
    """In a worker: the JSON as `sohoa run` writes it (and ALTO for a scan), or the CLI's error."""
    from ..errors import SohoaError
    from ..process import process_document

    progress = _QueueProgress(progress_queue, doc_id) if progress_queue is not None else None
    try:
        doc = process_document(Path(stored), options, display_path=filename, sha256=doc_id, progress=progress)
    except SohoaError as exc:
        return {"error": exc.what}
    except Exception as exc:  # a bug costs this document, not the service
        log.exception("%s: internal error", filename)
        return {"error": f"internal error: {exc.__class__.__name__}: {exc}"}
    alto = None
    if doc.layout is not None:
        from ..alto import to_alto

        alto = to_alto(doc, image_name=filename).decode("utf-8")
    failed = doc.quality.failed_pages
    return {"json": doc.to_json(), "alto": alto, "pages": doc.source.pages,
            "error": f"pages {failed} failed" if failed else None}


def review_reasons(doc: dict) -> list[str]:
    """Why a person should look at a document before it goes into the register."""
    from ..batch import fields_to_check

    q = doc.get("quality") or {}
    reasons = []
    if q.get("failed_pages"):
        reasons.append(f"pages {q['failed_pages']} failed")
    check = fields_to_check(doc)
    if check:
        reasons.append("check: " + ", ".join(check))
    return reasons


class Dispatcher:
    def __init__(self, sessionmaker, options, workers: int, scheduler: str | None = None, retries: int = 2) -> None:
        self.Session = sessionmaker
        self.options = options
        self.workers = max(1, workers)
        self.scheduler = scheduler
        self.retries = retries
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.running: dict[Future, str] = {}
        self.lock = threading.Lock()
        self._executor = None
        self._manager = None
        self._progress = None
        self._client = None
        self.thread = threading.Thread(target=self._loop, name="sohoa-dispatcher", daemon=True)

    # -------------------------------------------------------------- life
    def start(self) -> None:
        with self.Session.begin() as s:  # work cut short by a stop or a crash is done again
            n = s.execute(update(DocumentRow).where(DocumentRow.status == "running")
                          .values(status="queued", pages_done=0)).rowcount
        if n:
            log.info("%d documents that were running when the service stopped are queued again", n)
        self._new_executor()
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        self.thread.join(timeout=10)
        if self._executor is not None:
            if self.scheduler:
                self._executor.shutdown(wait=False)
            else:
                from ..batch import _stop_pool

                _stop_pool(self._executor)
        if self._client is not None:
            self._client.close()
        if self._manager is not None:
            self._manager.shutdown()

    def _new_executor(self) -> None:
        if self.scheduler:
            from distributed import Client

            self._client = self._client or Client(self.scheduler, timeout="20s")
            self._executor = self._client.get_executor(pure=False)
            return
        from ..batch import _worker_init

        ctx = multiprocessing.get_context("spawn")
        if self._manager is None:
            self._manager = ctx.Manager()
            self._progress = self._manager.Queue()
        self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_worker_init,
                                             initargs=(None,))

    # -------------------------------------------------------------- loop
    def _loop(self) -> None:
        while not self.stopping.is_set():
            try:
                self._fill()
                self._drain_progress()
            except Exception:  # the dispatcher must not die: log, wait, go on
                log.exception("dispatcher")
            self.wake.wait(0.3)
            self.wake.clear()

    def _fill(self) -> None:
        with self.lock:
            free = self.workers - len(self.running)
        if free <= 0:
            return
        with self.Session.begin() as s:
            rows = list(s.scalars(select(DocumentRow).where(DocumentRow.status == "queued")
                                  .order_by(DocumentRow.created_at).limit(free)))
            for row in rows:
                row.status, row.pages_done, row.attempts = "running", 0, row.attempts + 1
            jobs = [(r.id, r.stored, r.filename) for r in rows]
        for doc_id, stored, filename in jobs:
            try:
                fut = self._executor.submit(read_document, stored, filename, self.options, doc_id,
                                            None if self.scheduler else self._progress)
            except (BrokenProcessPool, RuntimeError):
                self._new_executor()
                fut = self._executor.submit(read_document, stored, filename, self.options, doc_id,
                                            None if self.scheduler else self._progress)
            with self.lock:
                self.running[fut] = doc_id
            fut.add_done_callback(self._finished)

    def _drain_progress(self) -> None:
        if self._progress is None:
            return
        latest: dict[str, tuple[int, int]] = {}
        while True:
            try:
                doc_id, done, total = self._progress.get_nowait()
            except (queue_mod.Empty, EOFError, OSError):
                break
            latest[doc_id] = (done, total)
        if latest:
            with self.Session.begin() as s:
                for doc_id, (done, total) in latest.items():
                    s.execute(update(DocumentRow).where(DocumentRow.id == doc_id, DocumentRow.status == "running")
                              .values(pages_done=done, pages_total=total))

    def _finished(self, fut: Future) -> None:
        with self.lock:
            doc_id = self.running.pop(fut, None)
        if doc_id is None:
            return
        try:
            out = fut.result()
        except BrokenProcessPool:
            self._worker_died(doc_id)
            return
        except Exception as exc:  # a Dask worker lost, a pickling error: like a death
            log.warning("%s: %s", doc_id, exc)
            self._worker_died(doc_id)
            return
        self.store(doc_id, out)
        self.wake.set()

    def _worker_died(self, doc_id: str) -> None:
        with self.Session.begin() as s:
            row = s.get(DocumentRow, doc_id)
            if row is None:
                return
            if row.attempts > self.retries:
                row.status, row.error = "failed", f"the worker reading it died {row.attempts} times"
                row.needs_review = True
            else:
                row.status = "queued"
        if not self.scheduler:
            with self.lock:
                if not self.running:  # the pool is broken: a new one for the next documents
                    self._new_executor()
        self.wake.set()

    def store(self, doc_id: str, out: dict) -> None:
        import json

        with self.Session.begin() as s:
            row = s.get(DocumentRow, doc_id)
            if row is None:
                return
            if out.get("json") is None:
                row.status, row.error, row.needs_review = "failed", out["error"], True
                row.review_reasons = out["error"]
                return
            doc = json.loads(out["json"])
            row.result, row.alto, row.error = out["json"], out.get("alto"), out.get("error")
            row.status = "done"
            row.pages_total = row.pages_done = out.get("pages") or row.pages_total
            reasons = review_reasons(doc)
            row.needs_review, row.review_reasons = bool(reasons), "; ".join(reasons) or None
            apply_metadata(row, doc["metadata"])
            index_document(s, row, search_body(doc["metadata"], doc.get("text") or ""))
            row.updated_at = now()


def apply_metadata(row: DocumentRow, meta: dict) -> None:
    """The columns the list and the filters use, from the (corrected) metadata."""
    row.issuer = meta.get("issuer")
    row.issuer_folded = fold(meta.get("issuer"))
    row.doc_type, row.doc_type_code = meta.get("doc_type"), meta.get("doc_type_code")
    row.number, row.date, row.title = meta.get("number"), meta.get("date"), meta.get("title")


def search_body(meta: dict, text: str) -> str:
    parts = [str(v) for k, v in meta.items() if isinstance(v, str)]
    signer = meta.get("signer") or {}
    parts += [str(v) for v in signer.values() if v]
    return "\n".join(parts + [text])
