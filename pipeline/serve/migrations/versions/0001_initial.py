"""Documents, corrections and the full-text index.

Revision ID: 0001
Revises:
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("filename", sa.String(512), nullable=False),
        sa.Column("stored", sa.String(1024), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("pages_done", sa.Integer, nullable=False, server_default="0"),
        sa.Column("pages_total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.Text),
        sa.Column("result", sa.Text),
        sa.Column("alto", sa.Text),
        sa.Column("needs_review", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("review_reasons", sa.Text),
        sa.Column("issuer", sa.String(512)),
        sa.Column("issuer_folded", sa.String(512)),
        sa.Column("doc_type", sa.String(128)),
        sa.Column("doc_type_code", sa.String(16)),
        sa.Column("number", sa.String(128)),
        sa.Column("date", sa.String(10)),
        sa.Column("title", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    for col in ("status", "needs_review", "issuer_folded", "doc_type_code", "date", "created_at"):
        op.create_index(f"ix_documents_{col}", "documents", [col])
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("before", sa.Text, nullable=False),
        sa.Column("after", sa.Text, nullable=False),
        sa.Column("who", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_corrections_document_id", "corrections", ["document_id"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, body)")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.add_column("documents", sa.Column("tsv", sa.dialects.postgresql.TSVECTOR))
        op.create_index("ix_documents_tsv", "documents", ["tsv"], postgresql_using="gin")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE documents_fts")
    op.drop_table("corrections")
    op.drop_table("documents")
