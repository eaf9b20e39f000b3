"""Parse stage: corrected text → SPEC ``metadata``, ``sections`` and ``outline``.

The stage is a spaCy pipeline (``parse.pipeline``): sohoa's tokenizer, the entity components
(dates, document numbers, units; ``parse.entities``), then three registered components that
read the Decree-30 structure: ``sohoa_header`` (header and closing), ``sohoa_outline`` (the
heading tree) and ``sohoa_roles`` (canonical sections). ``parse_documents`` runs many texts
through ``nlp.pipe``.
"""
from __future__ import annotations

from .pipeline import Parsed, load_nlp, parse_document, parse_documents, warm_up

__all__ = ["Parsed", "load_nlp", "parse_document", "parse_documents", "warm_up"]
