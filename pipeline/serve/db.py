"""Storage of the service: documents, their jobs' state, people's corrections, and a full-text
index, in SQLite (one file, the default) or PostgreSQL, through SQLAlchemy 2. The schema is made
and upgraded by Alembic (``migrations/``) when the service starts.

Search is diacritic-insensitive: SQLite indexes the folded text (no marks, đ → d, lower case) in an
FTS5 table; PostgreSQL keeps a ``tsvector`` of ``unaccent(text)`` with a GIN index.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, create_engine, event, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from ..text import fold as text_fold

log = logging.getLogger(__name__)


class Base(DeclarativeBase):
    pass


def now() -> datetime:
    return datetime.now(timezone.utc)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the uploaded file
    filename: Mapped[str] = mapped_column(String(512))
    stored: Mapped[str] = mapped_column(String(1024))  # where the upload is kept
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)  # queued | running | done | failed
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    pages_total: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)  # the JSON exactly as `sohoa run` writes it
    alto: Mapped[str | None] = mapped_column(Text, nullable=True)  # word boxes for the review page
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    review_reasons: Mapped[str | None] = mapped_column(Text, nullable=True)
    issuer: Mapped[str | None] = mapped_column(String(512), nullable=True)
    issuer_folded: Mapped[str | None] = mapped_column(String(512), nullable=True, index=True)
    doc_type: Mapped[str | None] = mapped_column(String(128), nullable=True)
    doc_type_code: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    number: Mapped[str | None] = mapped_column(String(128), nullable=True)
    date: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)  # ISO, as corrected
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)


class CorrectionRow(Base):
    """A person's correction of one field: the machine's reading is never overwritten."""
    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(64))
    before: Mapped[str] = mapped_column(Text)  # JSON
    after: Mapped[str] = mapped_column(Text)  # JSON
    who: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


def fold(s: str | None) -> str:
    """'Kế hoạch Tết trồng cây' → 'ke hoach tet trong cay': ``text.fold`` (no marks, đ → d), lower case."""
    return text_fold(s).lower() if s else ""


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'sohoa.db').resolve()}"


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]  # psycopg 3
    kwargs: dict = {"future": True, "pool_pre_ping": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # many readers, one writer, no "database is locked"
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
    return engine


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (Alembic, the scripts shipped in migrations/)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


# ------------------------------------------------------------------ search index

def index_document(session: Session, row: DocumentRow, body: str) -> None:
    """(Re)index a document's metadata and text for search."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text("DELETE FROM documents_fts WHERE doc_id = :id"), {"id": row.id})
        session.execute(text("INSERT INTO documents_fts (doc_id, body) VALUES (:id, :body)"),
                        {"id": row.id, "body": fold(body)})
    else:
        session.execute(text("UPDATE documents SET tsv = to_tsvector('simple', unaccent(:body)) WHERE id = :id"),
                        {"id": row.id, "body": body})


def search_ids(session: Session, q: str):
    """A selectable of the ids of documents matching every word of ``q``, diacritics ignored."""
    dialect = session.get_bind().dialect.name
    words = [w for w in fold(q).replace('"', " ").split() if w]
    if dialect == "sqlite":
        match = " ".join(f'"{w}"' for w in words)  # every word, each quoted: no FTS syntax from users
        return text("SELECT doc_id FROM documents_fts WHERE documents_fts MATCH :m").bindparams(m=match).columns(
            doc_id=String)
    return text("SELECT id AS doc_id FROM documents WHERE tsv @@ plainto_tsquery('simple', unaccent(:q))").bindparams(
        q=q).columns(doc_id=String)


def corrections_of(session: Session, doc_id: str) -> list[CorrectionRow]:
    return list(session.scalars(select(CorrectionRow).where(CorrectionRow.document_id == doc_id)
                                .order_by(CorrectionRow.id)))


def count(session: Session, stmt) -> int:
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def loads(s: str | None):
    return json.loads(s) if s else None
