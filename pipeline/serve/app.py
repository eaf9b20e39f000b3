"""The HTTP API of ``sohoa serve`` (FastAPI): upload, status and result, search, people's
corrections, and the review pages (``review.py``). OpenAPI at /openapi.json, docs at /docs."""
from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date as date_cls
from pathlib import Path

from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from .. import __version__
from ..errors import InputError, SohoaError
from .db import CorrectionRow, DocumentRow, corrections_of, count, fold, index_document, loads, now, search_ids
from .work import Dispatcher, apply_metadata, search_body

log = logging.getLogger(__name__)

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
# the header fields a person may correct (dotted for the signer block)
EDITABLE = ("issuer", "parent_issuer", "national_title", "motto", "number", "doc_type", "doc_type_code",
            "urgency", "place", "date", "title", "references", "recipients",
            "signer.authority", "signer.title", "signer.name",
            "received.number", "received.date", "received.routed_to")
LIST_FIELDS = {"references", "recipients"}


@dataclass
class Settings:
    data_dir: Path
    db_url: str
    tokens: dict[str, str]  # token → who
    host: str = "127.0.0.1"
    workers: int = 2
    scheduler: str | None = None
    max_upload_bytes: int = 200 * 1024 * 1024
    options: object = None  # pipeline.process.Options (limits shared with the CLI)
    open_reads: bool = True
    fonds: object = None  # pipeline.archive.Fonds from --archive FONDS.toml (None: what OCR cannot know stays empty)
    extra: dict = field(default_factory=dict)


def read_tokens(path: Path) -> dict[str, str]:
    """A token file: one token per line, optionally after the name of whoever uses it
    ("lan 3f9c…"); '#' starts a comment."""
    tokens = {}
    for i, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        who, tok = (parts[0], parts[1]) if len(parts) >= 2 else (f"token-{i}", parts[0])
        if len(tok) < 16:
            raise InputError(f"line {i}: a token must have at least 16 characters", path, "use a longer token")
        tokens[tok] = who
    if not tokens:
        raise InputError("the token file holds no token", path, "write one token per line")
    return tokens


def make_token_file(data_dir: Path) -> Path:
    """No --token-file: a random token in DATA/token (0600), shown in the log, for this machine's user."""
    path = data_dir / "token"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(f"admin {secrets.token_urlsafe(24)}\n")
    return path


def create_app(settings: Settings, start_worker: bool = True) -> FastAPI:
    from .db import make_engine, migrate, sessions

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / "uploads").mkdir(exist_ok=True)
    engine = make_engine(settings.db_url)
    migrate(engine)
    Session = sessions(engine)
    dispatcher = Dispatcher(Session, settings.options, settings.workers, settings.scheduler)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        if start_worker:
            dispatcher.start()
        try:
            yield
        finally:
            if start_worker:
                dispatcher.stop()
            engine.dispose()

    app = FastAPI(title="sohoa", version=__version__, lifespan=lifespan,
                  description="Scanned Vietnamese administrative documents → structured JSON, searchable, reviewed.")
    app.state.settings, app.state.Session, app.state.dispatcher = settings, Session, dispatcher

    @app.exception_handler(SohoaError)
    def _sohoa_error(request: Request, exc: SohoaError) -> JSONResponse:
        return JSONResponse({"error": exc.what}, status_code=422)

    # -------------------------------------------------------------- access
    def who_writes(request: Request) -> str:
        auth = request.headers.get("authorization", "")
        tok = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        who = settings.tokens.get(tok) if tok else None
        if who is None:
            raise HTTPException(401, "a bearer token is needed to change anything (see --token-file)",
                                headers={"WWW-Authenticate": "Bearer"})
        return who

    def may_read(request: Request) -> None:
        if settings.open_reads:
            return
        who_writes(request)

    # -------------------------------------------------------------- documents
    @app.post("/documents", status_code=202)
    async def upload(request: Request, file: UploadFile = File(...), who: str = Depends(who_writes)):
        from ..load import count_pages, detect_kind

        name = Path(file.filename or "upload").name
        suffix = Path(name).suffix.lower()
        tmp_dir = Path(tempfile.mkdtemp(prefix="upload-", dir=settings.data_dir))
        try:
            tmp = tmp_dir / f"upload{suffix}"
            h, size = hashlib.sha256(), 0
            with open(tmp, "wb") as f:
                while chunk := await file.read(1 << 20):
                    size += len(chunk)
                    if size > settings.max_upload_bytes:
                        raise HTTPException(413, f"{name}: larger than {settings.max_upload_bytes // (1 << 20)} MB")
                    h.update(chunk)
                    f.write(chunk)
            if size == 0:
                raise HTTPException(422, f"{name}: the file is empty")
            doc_id = h.hexdigest()
            with Session() as s:
                if s.get(DocumentRow, doc_id) is not None:  # the same file again: one document
                    return {"id": doc_id, "status_url": f"/documents/{doc_id}", "duplicate": True}
            try:
                kind = detect_kind(tmp)
                pages = count_pages(tmp, kind, settings.options.limits)
            except InputError as exc:
                code = 415 if "unsupported" in exc.message or "content is not" in exc.message else 422
                raise HTTPException(code, f"{name}: {exc.message}" + (f"; {exc.hint}" if exc.hint else "")) from None
            stored = settings.data_dir / "uploads" / f"{doc_id}{suffix}"
            os.replace(tmp, stored)
            with Session.begin() as s:
                if s.get(DocumentRow, doc_id) is None:
                    s.add(DocumentRow(id=doc_id, filename=name, stored=str(stored), kind=kind, status="queued",
                                      pages_total=pages, pages_done=0, created_at=now(), updated_at=now()))
            log.info("%s uploaded %s (%s, %d pages) as %s", who, name, kind, pages, doc_id[:12])
            dispatcher.wake.set()
            return {"id": doc_id, "status_url": f"/documents/{doc_id}"}
        finally:
            shutil.rmtree(tmp_dir, ignore_errors=True)

    def _row(s, doc_id: str) -> DocumentRow:
        row = s.get(DocumentRow, doc_id) if re.fullmatch(r"[0-9a-f]{64}", doc_id) else None
        if row is None:
            raise HTTPException(404, f"no document {doc_id}")
        return row

    def view(s, row: DocumentRow, full: bool = True) -> dict:
        out = {"id": row.id, "filename": row.filename, "kind": row.kind, "status": row.status,
               "pages_done": row.pages_done, "pages_total": row.pages_total, "error": row.error,
               "needs_review": row.needs_review, "review_reasons": row.review_reasons,
               "issuer": row.issuer, "doc_type": row.doc_type, "number": row.number, "date": row.date,
               "title": row.title, "status_url": f"/documents/{row.id}"}
        if full and row.result:
            doc = json.loads(row.result)
            history = corrections_of(s, row.id)
            out["document"] = doc
            out["metadata"] = corrected(doc["metadata"], history)
            out["corrections"] = [{"field": c.field, "before": loads(c.before), "after": loads(c.after),
                                   "who": c.who, "at": c.at.isoformat()} for c in history]
        return out

    @app.get("/documents/{doc_id}")
    def get_document(doc_id: str, _: None = Depends(may_read)):
        with Session() as s:
            return view(s, _row(s, doc_id))

    def corrected_document(s, doc_id: str) -> tuple[DocumentRow, dict]:
        """A finished document's JSON with people's corrections in its metadata (409 if not done)."""
        row = _row(s, doc_id)
        if not row.result:
            raise HTTPException(409, f"document {doc_id} is {row.status}, not done")
        doc = json.loads(row.result)
        doc["metadata"] = corrected(doc["metadata"], corrections_of(s, row.id))
        return row, doc

    @app.get("/documents/{doc_id}/export.json")
    def export(doc_id: str, _: None = Depends(may_read)):
        """The document JSON with people's corrections in its metadata (schema-checked)."""
        from ..document import validate

        with Session() as s:
            doc = corrected_document(s, doc_id)[1]
        validate(doc)
        return Response(json.dumps(doc, ensure_ascii=False, indent=2), media_type="application/json")

    @app.get("/documents/{doc_id}/archive.xml")
    def archive_record(doc_id: str, _: None = Depends(may_read)):
        """The document's archive metadata (Thông tư 02/2019/TT-BNV) as XML, from the corrected
        metadata; its order in the file is its upload order."""
        from ..archive import Fonds, record, to_xml

        fonds = settings.fonds or Fonds()
        with Session() as s:
            row, doc = corrected_document(s, doc_id)
            ordinal = fonds.start + count(s, select(DocumentRow).where(DocumentRow.created_at < row.created_at))
            return Response(to_xml(record(doc, ordinal, fonds, row.filename)), media_type="application/xml")

    @app.get("/documents")
    def list_documents(q: str | None = None, issuer: str | None = None, doc_type: str | None = None,
                       date_from: str | None = None, date_to: str | None = None, status: str | None = None,
                       needs_review: bool | None = None, page: int = Query(1, ge=1),
                       per_page: int = Query(20, ge=1, le=200), _: None = Depends(may_read)):
        for name, value in (("date_from", date_from), ("date_to", date_to)):
            if value is not None:
                _check_date(name, value)
        stmt = select(DocumentRow)
        with Session() as s:
            if q and q.strip():
                stmt = stmt.where(DocumentRow.id.in_(select(search_ids(s, q).subquery().c.doc_id)))
            if issuer:
                stmt = stmt.where(DocumentRow.issuer_folded.contains(fold(issuer)))
            if doc_type:
                stmt = stmt.where((DocumentRow.doc_type_code == doc_type.upper())
                                  | (DocumentRow.doc_type == doc_type.upper()))
            if date_from:
                stmt = stmt.where(DocumentRow.date >= date_from)
            if date_to:
                stmt = stmt.where(DocumentRow.date <= date_to)
            if status:
                stmt = stmt.where(DocumentRow.status == status)
            if needs_review is not None:
                stmt = stmt.where(DocumentRow.needs_review == needs_review)
            total = count(s, stmt)
            rows = s.scalars(stmt.order_by(DocumentRow.created_at.desc(), DocumentRow.id)
                             .offset((page - 1) * per_page).limit(per_page))
            return {"total": total, "page": page, "per_page": per_page,
                    "items": [view(s, r, full=False) for r in rows]}

    @app.patch("/documents/{doc_id}/metadata")
    def correct_metadata(doc_id: str, changes: dict, who: str = Depends(who_writes)):
        """A person's correction of header fields: {"date": "2024-03-04", "signer.name": "…"}. The
        machine's reading stays in the document; each change is kept with who, when, before, after."""
        if not changes:
            raise HTTPException(422, "no field given")
        for name, value in changes.items():
            if name not in EDITABLE:
                raise HTTPException(422, f"{name} is not a header field that can be corrected "
                                         f"(one of: {', '.join(EDITABLE)})")
            _check_value(name, value)
        with Session.begin() as s:
            row = _row(s, doc_id)
            if not row.result:
                raise HTTPException(409, f"document {doc_id} is {row.status}: nothing to correct yet")
            doc = json.loads(row.result)
            current = corrected(doc["metadata"], corrections_of(s, row.id))
            for name, value in changes.items():
                before = _get(current, name)
                if before == value:
                    continue
                s.add(CorrectionRow(document_id=row.id, field=name, before=json.dumps(before, ensure_ascii=False),
                                    after=json.dumps(value, ensure_ascii=False), who=who, at=now()))
                _set(current, name, value)
            apply_metadata(row, current)
            index_document(s, row, search_body(current, doc.get("text") or ""))
            row.updated_at = now()
        with Session() as s:
            return view(s, _row(s, doc_id))

    @app.post("/documents/{doc_id}/reviewed")
    def mark_reviewed(doc_id: str, who: str = Depends(who_writes)):
        with Session.begin() as s:
            row = _row(s, doc_id)
            s.add(CorrectionRow(document_id=row.id, field="_reviewed", before=json.dumps(row.needs_review),
                                after="false", who=who, at=now()))
            row.needs_review = False
        return {"id": doc_id, "needs_review": False}

    @app.get("/documents/{doc_id}/pages/{number}.png")
    def page_image(doc_id: str, number: int, width: int = Query(1000, ge=200, le=2500),
                   _: None = Depends(may_read)):
        import cv2

        from ..load import load_page

        with Session() as s:
            row = _row(s, doc_id)
            stored, kind, total = row.stored, row.kind, row.pages_total
        if kind == "text" or not 1 <= number <= total:
            raise HTTPException(404, f"document {doc_id} has no page image {number}")
        page = load_page(Path(stored), kind, number, 100, settings.options.limits)
        img = page.image
        scale = width / img.shape[1]
        img = cv2.resize(img, (width, max(1, int(img.shape[0] * scale))), interpolation=cv2.INTER_AREA)
        if img.ndim == 3:
            img = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
        ok, png = cv2.imencode(".png", img)
        return Response(png.tobytes(), media_type="image/png", headers={"Cache-Control": "max-age=3600"})

    @app.get("/documents/{doc_id}/pages/{number}/words")
    def page_words(doc_id: str, number: int, _: None = Depends(may_read)):
        """The page's words with boxes as fractions of the page, confidence, and the OCR's reading."""
        from lxml import etree

        from ..alto import NS

        with Session() as s:
            alto = _row(s, doc_id).alto
        if not alto:
            return {"words": []}
        root = etree.fromstring(alto.encode("utf-8"))
        page = root.find(f".//{{{NS}}}Page[@PHYSICAL_IMG_NR='{number}']")
        if page is None:
            raise HTTPException(404, f"no page {number}")
        w, h = float(page.get("WIDTH")), float(page.get("HEIGHT"))
        words = []
        for st in page.iter(f"{{{NS}}}String"):
            alt = st.find(f"{{{NS}}}ALTERNATIVE")
            words.append({"text": st.get("CONTENT"), "read": alt.text if alt is not None else st.get("CONTENT"),
                          "conf": float(st.get("WC", "1")),
                          "box": [float(st.get("HPOS")) / w, float(st.get("VPOS")) / h,
                                  float(st.get("WIDTH")) / w, float(st.get("HEIGHT")) / h]})
        return {"words": words}

    @app.get("/health")
    def health():
        with Session() as s:
            queued = count(s, select(DocumentRow).where(DocumentRow.status == "queued"))
            running = count(s, select(DocumentRow).where(DocumentRow.status == "running"))
        return {"ok": True, "version": __version__, "queued": queued, "running": running}

    from .review import add_review_routes

    add_review_routes(app, Session, view, may_read)
    return app


# ------------------------------------------------------------------ corrections

def corrected(meta: dict, history) -> dict:
    """The machine's metadata with people's corrections applied in order."""
    out = copy.deepcopy(meta)
    for c in history:
        if not c.field.startswith("_"):
            _set(out, c.field, loads(c.after))
    return out


def _get(meta: dict, name: str):
    if "." in name:
        head, tail = name.split(".", 1)
        return (meta.get(head) or {}).get(tail)
    return meta.get(name)


_PARTS = {"signer": ("authority", "title", "name"), "received": ("number", "date", "routed_to")}


def _set(meta: dict, name: str, value) -> None:
    if "." in name:
        head, tail = name.split(".", 1)
        if not isinstance(meta.get(head), dict):
            meta[head] = dict.fromkeys(_PARTS[head])
        meta[head][tail] = value
    else:
        meta[name] = value


def _check_date(name: str, value: str) -> None:
    try:
        date_cls.fromisoformat(value)
    except (TypeError, ValueError):
        raise HTTPException(422, f"{name} must be a date written YYYY-MM-DD, not {value!r}") from None


def _check_value(name: str, value) -> None:
    if value is None:
        return
    if name in LIST_FIELDS:
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise HTTPException(422, f"{name} must be a list of strings")
        return
    if not isinstance(value, str):
        raise HTTPException(422, f"{name} must be a string or null")
    if name in ("date", "received.date"):
        _check_date(name, value)
