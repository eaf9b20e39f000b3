"""The parse stage as a spaCy pipeline: entity components, then header, outline and roles.

Each structure component is a plain function over the Doc's lines (the rules live in
``header``, ``outline`` and ``sections``); the Doc carries what one step hands to the next in
``doc.user_data``. Registered by name, so a spaCy user can also add them to a pipeline of their
own after ``blank_with_entities()``.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from . import entities
from .appendix import find_appendix
from .copies import find_copy_block, read_copy_block
from .header import DATE_UNREAD, PASSED_TYPES, parse_closing, parse_header, parse_references, passing_date
from .received import find_received
from .outline import build_tree
from .sections import build_sections

log = logging.getLogger(__name__)
KEY = "sohoa"  # doc.user_data[KEY]: the parse state of one document


@dataclass
class Parsed:
    metadata: dict
    sections: dict
    outline: list
    warnings: list[str] = field(default_factory=list)
    # line index → the line as the parser read it (issuer, signer): written back into the text
    fixes: dict[int, str] = field(default_factory=dict)


def _received_after(dated: str, received: str) -> bool:
    """Whether an ISO received date can be the stamp of a document of ISO date ``dated``: on that
    day or after it, within a year."""
    try:
        gap = (dt.date.fromisoformat(received) - dt.date.fromisoformat(dated)).days
    except ValueError:
        return True  # a date not read whole: nothing to check it against
    return 0 <= gap <= 366


def _after_today(iso: str | None) -> bool:
    try:
        return iso is not None and dt.date.fromisoformat(iso) > dt.date.today()
    except ValueError:
        return False


def header_component(doc):
    """Header (Thể thức) and closing block (signer, recipients) → metadata; where the body is."""
    state = doc.user_data.setdefault(KEY, {})
    entities.remember_lines(doc)  # the lines' dates and units, from this one pass over the document
    lines = doc.text.split("\n")
    raw = state.get("raw_text")
    # the received stamp first: read apart, its lines are no part of the header's fields nor of
    # the text (SPEC)
    received, stamp_lines, stamp_warnings = find_received(lines)
    lines = ["" if i in stamp_lines else line for i, line in enumerate(lines)]
    header = parse_header(lines)
    meta = header.metadata
    if received and received.get("date") and meta.get("date") and not _received_after(meta["date"], received["date"]):
        # a document is received after it is dated, and within the year: a misread stamp
        stamp_warnings.append(f"the received stamp's date {received['date']} cannot be for a document dated "
                              f"{meta['date']}: not taken, check the stamp")
        received = dict(received, date=None)
        received = received if any(received.values()) else None
    if received:
        meta["received"] = received
    fixes = dict(header.fixes) | {i: "" for i in stamp_lines}
    warnings = stamp_warnings + list(header.warnings)
    copy_at = find_copy_block(lines, header.body_start)
    if copy_at is not None:
        # an office's copy block under the document: its own signer and list, read apart; the
        # document's closing is read from the lines above it
        meta["copy"] = read_copy_block(lines, copy_at, fixes, warnings)
    # an appendix after the signature (phụ lục) is text, not closing: the closing is read above it
    appendix_at = find_appendix(lines, header.body_start)
    ends = [x for x in (copy_at, appendix_at) if x is not None]
    above = lines[:min(ends)] if ends else lines
    closing = parse_closing(above, header.body_start, meta["issuer"], meta, raw.split("\n") if raw else None, fixes,
                            warnings)
    if meta["date"] is None and meta["place"] is None and meta["doc_type"] in PASSED_TYPES:
        if passed := passing_date(above[header.body_start:closing]):
            meta["date"] = passed
            warnings[:] = [w for w in warnings if w != DATE_UNREAD]
            warnings.append(f"no place-date line: the date is the day the {meta['doc_type'].lower()} was passed, "
                            f"read from its closing sentence: {passed}")
    if _after_today(meta["date"]):
        # a year misread ("năm 2023" read "2033" on a phone photo): no document is dated after the
        # day it is read; not taken (SPEC: a field that cannot be read is null, with a warning)
        warnings.append(f"the date read, {meta['date']}, is after today: a digit misread; date left null")
        meta["date"] = None
    state.update(lines=lines, metadata=meta, fixes=fixes, warnings=warnings,
                 body=(header.body_start, closing))
    return doc


def outline_component(doc):
    """Body lines → the tree of numbered headings and items; references from the preamble."""
    state = doc.user_data[KEY]
    start, end = state["body"]
    tree = build_tree(state["lines"][start:end])
    intro = []
    for node in tree:
        if node.kind != "para":
            break
        intro.append(node.full_text().replace("\n", " "))
    state["metadata"]["references"] = parse_references(intro)
    state["tree"] = tree
    return doc


def roles_component(doc):
    """Headings → canonical roles (purpose, agenda, participants, funding, responsibilities)."""
    state = doc.user_data[KEY]
    sections, outline = build_sections(state["tree"])
    meta, warnings = state["metadata"], state["warnings"]
    signer = meta["signer"]
    if not any(signer.values()):
        warnings.append("signer block not found")
    elif signer["name"] is None:
        warnings.append("signer name could not be read")
    state["parsed"] = Parsed(metadata=meta, sections=sections, outline=outline, warnings=warnings,
                             fixes=state["fixes"])
    return doc


def register_components() -> None:
    """Make the structure components known to spaCy by name (idempotent)."""
    from spacy.language import Language

    from .spans import register_extensions, spans_component

    register_extensions()
    for name, func in (("sohoa_header", header_component), ("sohoa_outline", outline_component),
                       ("sohoa_roles", roles_component), ("sohoa_spans", spans_component)):
        if not Language.has_factory(name):
            Language.component(name, func=func)


def parsed_of(doc) -> Parsed:
    """The parse of a Doc that went through sohoa's components (with or without sohoa_spans)."""
    state = doc.user_data[KEY]
    if "parsed" in state:
        return state["parsed"]
    r = state["result"]
    return Parsed(metadata=r["metadata"], sections=r["sections"], outline=r["outline"], warnings=list(r["warnings"]),
                  fixes={int(k): v for k, v in r["fixes"].items()})


def load_nlp():
    """sohoa's ready spaCy pipeline: ``load_nlp()(text).spans["sohoa_sections"]`` holds one span per
    section labelled with its role, ``spans["sohoa_header"]`` one per header field, and
    ``doc._.sohoa`` the whole result (metadata, sections, outline, warnings) as plain data."""
    return entities.nlp()


def warm_up() -> None:
    """Import spaCy and build the pipeline ahead of need (run in a thread during OCR)."""
    entities.nlp()


def parse_document(text: str, raw_text: str | None = None) -> Parsed:
    """``raw_text``: the same lines before correction, when there was one."""
    nlp = entities.nlp()
    doc = nlp.make_doc(text)
    doc.user_data[KEY] = {"raw_text": raw_text}
    return parsed_of(nlp(doc))


def parse_documents(texts: list[str], batch_size: int = 16) -> list[Parsed]:
    """Many already-OCR'd texts at once (``nlp.pipe``), e.g. an archive's text exports."""
    return [parsed_of(doc) for doc in entities.nlp().pipe(texts, batch_size=batch_size)]
