"""Parse stage: corrected text → SPEC ``metadata``, ``sections`` and ``outline``."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from .header import parse_closing, parse_header, parse_references
from .outline import build_tree
from .sections import build_sections

log = logging.getLogger(__name__)


@dataclass
class Parsed:
    metadata: dict
    sections: dict
    outline: list
    warnings: list[str] = field(default_factory=list)
    # line index → the line as the parser read it (issuer, signer): written back into the text
    fixes: dict[int, str] = field(default_factory=dict)


def parse_document(text: str, raw_text: str | None = None) -> Parsed:
    """``raw_text``: the same lines before correction, when there was one."""
    lines = text.split("\n")
    raw_lines = raw_text.split("\n") if raw_text is not None else None
    header = parse_header(lines)
    meta = header.metadata
    fixes = dict(header.fixes)
    closing = parse_closing(lines, header.body_start, meta["issuer"], meta, raw_lines, fixes)
    tree = build_tree(lines[header.body_start:closing])
    intro = []
    for node in tree:
        if node.kind != "para":
            break
        intro.append(node.full_text().replace("\n", " "))
    meta["references"] = parse_references(intro)
    sections, outline = build_sections(tree)
    warnings = list(header.warnings)
    signer = meta["signer"]
    if not any(signer.values()):
        warnings.append("signer block not found")
    elif signer["name"] is None:
        warnings.append("signer name could not be read")
    return Parsed(metadata=meta, sections=sections, outline=outline, warnings=warnings, fixes=fixes)
