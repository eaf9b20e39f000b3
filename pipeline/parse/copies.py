"""The copy block (thể thức bản sao) an office adds under a document it copies.

Decree 30/2020 (Article 27 and Appendix I, Part III) sets it under a full-width rule after the
document's last part: the copying body's name, "Số: 05/SY-VP", the form ("SAO Y", "SAO LỤC",
"TRÍCH SAO"; "SAO Y BẢN CHÍNH" before 2020), place and date, "Nơi nhận" and the copier's own
signature. Archives hold many such copies. The block is printed on the page, so it stays in the
text; but its number, date, signer and recipients are the copy's, not the document's: read apart
into ``metadata.copy``, and the document's closing is read from the lines above it.
"""
from __future__ import annotations

import re

from ..text import capital_letters, is_upper_line
from .header import _issuer_fields, _is_number_line, _is_place_date, _place_from, find_signer_block, parse_number, \
    read_recipients, read_signer
from .entities import dates
from ..patterns import NUMBER_LINE, RECIPIENTS_LABEL

# the form line, by its capital letters (a space may be lost: "SAOY")
_FORMS = {"SAOY": "SAO Y", "SAOYBANCHINH": "SAO Y BẢN CHÍNH", "SAOLUC": "SAO LỤC", "TRICHSAO": "TRÍCH SAO"}
# a copy's own number: its code is SY, SL or TS (Decree 30, Appendix I, Part III)
_COPY_CODE = re.compile(r"/\s*(SY|SL|TS)\s*-")
_TAIL = 30  # a copy block is short: it is looked for among the document's last lines


def _form(line: str) -> str | None:
    """The copy's form when the line is its form line, as Decree 30 prints it."""
    return _FORMS.get(capital_letters(line))


def _is_copy_number(line: str) -> bool:
    s = line.strip()
    return _is_number_line(s) and bool(_COPY_CODE.search(NUMBER_LINE.match(s).group("rest")))


def find_copy_block(lines: list[str], start: int) -> int | None:
    """Where the copy block begins (the copying body's first line), or None when the document has
    none. Found by its form line or its SY/SL/TS number below the body's start, then back over
    the copying body's capital lines right above them."""
    lo = max(start + 1, len(lines) - _TAIL)
    marks = [i for i in range(lo, len(lines)) if _form(lines[i]) or _is_copy_number(lines[i])]
    if not marks:
        return None
    first = marks[0]
    i = first - 1
    while i >= lo and first - i <= 4 and is_upper_line(lines[i]) and not _form(lines[i]):
        i -= 1
    return i + 1


def read_copy_block(lines: list[str], begin: int, fixes: dict[int, str], warnings: list[str]) -> dict:
    """The copy block's fields: {"form", "issuer", "parent_issuer", "number", "place", "date",
    "signer", "recipients"} (null where not read)."""
    block = range(begin, len(lines))
    form_at = next((i for i in block if _form(lines[i])), None)
    form = _form(lines[form_at]) if form_at is not None else None
    number_at = next((i for i in block if _is_copy_number(lines[i])), None)
    number = parse_number(NUMBER_LINE.match(lines[number_at].strip()).group("rest")) if number_at is not None else None
    head_end = min(x for x in (number_at, form_at, len(lines)) if x is not None)
    issuer, parent = _issuer_fields([lines[i].strip() for i in range(begin, head_end)
                                     if lines[i].strip() and not _form(lines[i])])
    place = date = None
    dated = next((i for i in block if _is_place_date(lines[i].strip())), None)
    if dated is not None:
        place = _place_from(lines[dated].strip())
        found = dates(lines[dated])
        date = found[0][1] if found else None
    # the copier's signature and list: read as the document's are, on the block's lines alone
    own = [line if i >= begin else "" for i, line in enumerate(lines)]
    for i in (number_at, dated):
        if i is not None:
            own[i] = ""
    signer = {"authority": None, "title": None, "name": None}
    used: set[int] = set()
    auth, titled, sig_start = find_signer_block(own, begin, issuer)
    if sig_start is not None:
        signer, used = read_signer(own, auth, titled, sig_start, issuer, None, fixes, warnings)
    rec_idx = next((i for i in block if RECIPIENTS_LABEL.match(own[i].strip())), None)
    recipients = read_recipients(own, rec_idx, used, issuer) if rec_idx is not None else []
    warnings.append(f"the page holds a copy block ({form or 'copy number ' + repr(number)}): the document's "
                    "signer and recipients were read above it; the copy's fields are in metadata.copy")
    return {"form": form, "issuer": issuer, "parent_issuer": parent, "number": number, "place": place, "date": date,
            "signer": signer, "recipients": recipients}
