"""What the parse found, as spaCy spans on the Doc: ``doc.spans["sohoa_lines"]`` (one span per
line), ``doc.spans["sohoa_header"]`` (one span per header field found on the page, labelled with the
field's name: issuer, number, doc_type, date, title, signer.name, …) and
``doc.spans["sohoa_sections"]`` (one span per section of the plan, labelled with its role: purpose,
agenda, participants, funding, responsibilities) and ``doc.spans["sohoa_headings"]`` (each top-level
heading line, labelled with its role, or "heading" for the document's other headings). Each span's structured value is ``span._.sohoa_value``
(the ISO date for ``date``, the section dict for a section); ``doc._.sohoa`` is the whole result
(metadata, sections, outline, warnings) as plain data, so a Doc serialises with
``DocBin(store_user_data=True)``.
"""
from __future__ import annotations

import re

from ..text import fold

KEY = "sohoa"
HEADER_FIELDS = ("issuer", "parent_issuer", "national_title", "motto", "number", "doc_type", "urgency", "place",
                 "title")
SIGNER_FIELDS = ("authority", "title", "name")


def register_extensions() -> None:
    from spacy.tokens import Doc, Span

    if not Span.has_extension("sohoa_value"):
        Span.set_extension("sohoa_value", default=None)
    if not Doc.has_extension("sohoa"):
        Doc.set_extension("sohoa", getter=lambda doc: doc.user_data.get(KEY, {}).get("result"))


def _pattern(value: str) -> re.Pattern:
    """The value's words in order, any whitespace (a line break included) between them."""
    return re.compile(r"\s+".join(re.escape(w) for w in value.split()))


def _find(text: str, value: str | None, start: int, end: int, last: bool = False) -> tuple[int, int] | None:
    if not value or not value.strip():
        return None
    found = list(_pattern(value).finditer(text, start, end))
    if not found:
        return None
    m = found[-1] if last else found[0]
    return m.start(), m.end()


def _span(doc, start: int, end: int, label: str, value):
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is not None:
        span._.sohoa_value = value
    return span


def spans_component(doc):
    """Put the parse's findings on the Doc as span groups, and its result as plain data."""
    state = doc.user_data.get(KEY) or {}
    parsed = state.get("parsed")
    if parsed is None:
        return doc
    text = doc.text
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    line_spans = [doc.char_span(o, o + len(line), label="line", alignment_mode="expand")
                  for o, line in zip(offsets, lines) if line.strip()]
    doc.spans["sohoa_lines"] = [s for s in line_spans if s is not None]

    body_start, body_end = state.get("body", (0, len(lines)))
    head_end = offsets[body_start] if body_start < len(offsets) else len(text)
    tail_start = offsets[body_end] if isinstance(body_end, int) and body_end < len(offsets) else len(text)
    meta = parsed.metadata
    header = []
    for name in HEADER_FIELDS:
        hit = _find(text, meta.get(name), 0, head_end)
        if hit:
            header.append(_span(doc, *hit, name, meta.get(name)))
    if meta.get("date"):
        m = re.search(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", text[:head_end], re.IGNORECASE)
        if m:
            header.append(_span(doc, m.start(), m.end(), "date", meta["date"]))
    signer = meta.get("signer") or {}
    for name in SIGNER_FIELDS:
        hit = _find(text, signer.get(name), tail_start if tail_start < len(text) else head_end, len(text), last=True)
        if hit:
            header.append(_span(doc, *hit, f"signer.{name}", signer.get(name)))
    doc.spans["sohoa_header"] = sorted((s for s in header if s is not None), key=lambda s: s.start)

    sections = []
    located = []  # (char offset of the heading line, role)
    headings = []
    cursor = body_start
    for node in parsed.outline:
        number, heading, role = node.get("number"), node.get("heading") or "", node.get("role")
        key = fold(heading)[:24]
        for i in range(cursor, min(body_end if isinstance(body_end, int) else len(lines), len(lines))):
            line = lines[i].strip()
            if (not number or line.startswith(str(number))) and key and key in fold(line):
                located.append((offsets[i], role))
                headings.append(_span(doc, offsets[i], offsets[i] + len(lines[i]), role or "heading",
                                      {k: node.get(k) for k in ("number", "heading", "role", "level")}))
                cursor = i + 1
                break
    doc.spans["sohoa_headings"] = [h for h in headings if h is not None]
    ends = [o for o, _ in located[1:]] + [tail_start]
    for (start, role), end in zip(located, ends):
        if role and role in parsed.sections:
            s = _span(doc, start, max(start, end - 1), role, parsed.sections[role])
            if s is not None:
                sections.append(s)
    doc.spans["sohoa_sections"] = sections
    # the result as plain data, and nothing else: what DocBin can keep (the working state holds
    # Python objects: lines, the heading tree)
    raw = state.get("raw_text")
    state.clear()
    state["result"] = {"metadata": parsed.metadata, "sections": parsed.sections, "outline": parsed.outline,
                       "warnings": list(parsed.warnings), "fixes": {str(k): v for k, v in parsed.fixes.items()}}
    if raw is not None:
        state["raw_text"] = raw
    return doc
