"""Canonical roles of a plan's sections (purpose, agenda, participants, funding,
responsibilities), found from the heading's words, and the fields each role holds."""
from __future__ import annotations

import re

from .outline import Node
from ..text import fold, is_upper_line, make_date, squash, strip_end
from .entities import dates, units
from .vocab import vocab

ITEM_KINDS = ("arabic", "letter", "dash", "plus")


def role_of(heading: str) -> str | None:
    """The role whose keyword occurs earliest in the heading (PHÂN CÔNG NHIỆM VỤ → responsibilities)."""
    f = fold(heading)
    best, pos = None, len(f) + 1
    for role, keywords in vocab().folded_roles.items():
        for kw in keywords:
            m = re.search(rf"(?<![A-Z]){re.escape(kw)}(?![A-Z])", f)
            if m and m.start() < pos:
                best, pos = role, m.start()
    return best


def _sentence_case_role(node: Node, heading: str) -> str | None:
    """'1. Mục đích', '2. Thành phần mời:', '6. Phân công chuẩn bị:': a document numbered in arabic
    at its top level, with headings in sentence case (giấy mời, plans of schools and companies).
    Such a heading counts only when it is short and begins with a role's keyword, so that an item
    ("1. Chủ trì: Đồng chí …") that merely mentions one is not taken for a section."""
    heading = heading.split(":", 1)[0]  # "3. Nội dung: Họp đánh giá …": the label before the colon
    if node.kind != "arabic" or len(heading.split()) > 8:
        return None
    role = role_of(heading)
    if role is None:
        return None
    f = fold(heading)
    starts = any(re.match(rf"{re.escape(kw)}(?![A-Z])", f) for kw in vocab().folded_roles[role])
    return role if starts else None


def _items(node: Node) -> list[Node]:
    return [c for c in node.children if c.kind in ITEM_KINDS]


def _label_rest(text: str) -> tuple[str, str]:
    """'Thời gian: Dự kiến…' → ('Thời gian', 'Dự kiến…')."""
    cut = [i for i in (text.find(":"), text.find(";")) if i >= 0]  # OCR reads ':' as ';'
    if not cut:
        return text.strip(), ""
    i = min(cut)
    return text[:i].strip(), text[i + 1:].strip()


def _starts(text: str, word: str) -> bool:
    return fold(text).startswith(fold(word))


def _walk(nodes: list[Node]):
    for n in nodes:
        yield n
        yield from _walk(n.children)


# ------------------------------------------------------------------ agenda

_RESP_TAIL = re.compile(r"\s*\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*[.;,:'\\\]]*\s*$")


def split_responsible(text: str) -> dict:
    """'Văn nghệ (Sở VHTTDL thực hiện);' → text and the unit in the closing parentheses."""
    v = vocab()
    body = strip_end(text)
    m = _RESP_TAIL.search(body + ")" if body.count("(") > body.count(")") else body)
    if m:
        inner = squash(m.group("inner"))
        verbs = "|".join(re.escape(x) for x in v.responsible_verbs)
        # a unit (spaCy ORG: "Sở VHTTDL", "Văn phòng UBND tỉnh") or a generic one ("đơn vị Cụm trưởng")
        names_unit = bool(units(inner)) or any(re.search(rf"(?:^|\s){re.escape(u)}\b", inner)
                                              for u in v.unit_words if not u[:1].isupper())
        # a proper name inside ("… (đơn vị Cụm trưởng năm 2024)") names who does it, even when OCR
        # damaged the unit word; dates, times and plain notes have none
        proper = any(w[:1].isupper() and w[1:2].islower() for w in inner.split()[1:]) and not dates(inner)
        if names_unit or proper or re.search(rf"\b(?:{verbs})$", inner):
            resp = re.sub(rf"\s+(?:{verbs})$", "", inner).strip()
            return {"text": strip_end(body[:m.start()]), "responsible": resp}
    return {"text": body}


def _time(text: str) -> dict:
    found = [d for _, d in dates(text) if d]
    start = end = None
    if found:
        start, end = found[0], found[-1]
        # "từ ngày 08 đến ngày 09/3/2024": the first day borrows month and year
        m = re.search(r"từ\s+(?:ngày\s+)?(\d{1,2})\s+(?:đến|-)\s+(?:ngày\s+)?\d{1,2}/(\d{1,2})/(\d{4})", text)
        if m and len(found) == 1:
            start = make_date(int(m.group(3)), int(m.group(2)), int(m.group(1))) or start
    return {"text": text, "start": start, "end": end}


def _fill_agenda(sec: dict, node: Node) -> None:
    heading, inline = node.heading_and_inline()
    for n in _walk(node.children):
        label, rest = _label_rest(n.head)
        if _starts(label, "Thời gian") and "time" not in sec and dates(n.full_text()):
            sec["time"] = _time(squash(rest if rest else n.full_text()))
        elif _starts(label, "Địa điểm") and "location" not in sec:
            sec["location"] = strip_end(squash(rest or " ".join(c.full_text() for c in n.children)))
    if inline and "time" not in sec and "THOI GIAN" in fold(heading) and dates(inline):
        sec["time"] = _time(squash(inline))
    sessions = sec.setdefault("sessions", [])
    for n in _walk(node.children):
        dashes = [c for c in n.children if c.kind in ("dash", "plus")]
        if n.kind in ("arabic", "letter", "para") and dashes and len(n.head.split()) <= 10:
            label, _ = _label_rest(n.head)
            if _starts(label, "Thời gian") or _starts(label, "Địa điểm"):
                continue
            sessions.append({"label": strip_end(label), "items": [split_responsible(c.full_text()) for c in dashes]})
    if not sessions:
        dashes = [c for c in node.children if c.kind == "dash"]
        if dashes:
            sessions.append({"label": None, "items": [split_responsible(c.full_text()) for c in dashes]})


# ------------------------------------------------------------------ participants

def _split_members(text: str) -> list[str]:
    parts = []
    for chunk in re.split(r";\s*|\*\s+", text):
        # "(Phòng I), Văn phòng": a comma right after a closing bracket separates members too
        parts.extend(re.split(r"(?<=\)),\s+", chunk))
    return [strip_end(squash(p)) for p in parts if strip_end(p)]


def _participants(node: Node) -> list[dict]:
    out = []
    for c in _items(node):
        label, rest = _label_rest(c.head)
        subs = [s for s in c.children if s.kind in ITEM_KINDS]
        if subs:
            members = [strip_end(squash(s.full_text())) for s in subs]
            if rest:
                members = _split_members(rest) + members
            out.append({"group": strip_end(label), "members": members})
        elif rest:
            out.append({"group": strip_end(label), "members": _split_members(rest)})
        else:
            out.append({"group": strip_end(c.head), "members": []})
    return out


# ------------------------------------------------------------------ funding

def _funding_source(text: str) -> str | None:
    first = re.split(r"(?<=[.;])\s", text.strip(), maxsplit=1)[0]
    m = re.search(r"\b(?:[Tt]ừ|[Nn]guồn kinh phí\s*:?|[Nn]guồn\s*:)\s+(?P<src>.+)$", first)
    src = m.group("src") if m else first
    return strip_end(squash(src)) or None


# ------------------------------------------------------------------ responsibilities

def _unit_and_first_task(text: str) -> tuple[str, str | None]:
    label, rest = _label_rest(text)
    if rest and len(label.split()) <= 14 and label[:1].isupper():
        return strip_end(label), rest
    # a unit name (spaCy ORG) at the start and a task after it: "Công an tỉnh chủ trì kiểm tra…"
    orgs = units(text)
    if orgs and orgs[0].start == 0 and text[orgs[0].end:].strip()[:1].islower():
        return orgs[0].text, text[orgs[0].end:].strip()
    if not rest and len(text.split()) <= 14 and not re.search(r"[.;]\s*\S", text):
        return strip_end(text), None
    verbs = "|".join(re.escape(x) for x in vocab().task_verbs)
    m = re.search(rf"\s(?:{verbs})\b", text)
    if m and len(text[:m.start()].split()) <= 14:
        return strip_end(text[:m.start()]), text[m.start():].strip()
    return strip_end(text), None


def _responsibilities(node: Node) -> list[dict]:
    kids = _items(node)
    numbered = [c for c in kids if c.kind in ("arabic", "letter")]
    out = []
    for c in numbered or kids:
        unit, first = _unit_and_first_task(c.head)
        tasks = [first] if first else []
        tasks += [s.full_text().strip() for s in c.children if s.kind in ITEM_KINDS or s.kind == "para"]
        out.append({"unit": unit, "tasks": [t for t in tasks if t]})
    return out


# ------------------------------------------------------------------ assembly

def build_sections(top: list[Node]) -> tuple[dict, list[dict]]:
    """(sections, outline) from the top-level nodes of the body."""
    sections: dict = {}
    outline = []
    for node in top:
        if node.kind in ("para", "dash", "plus"):
            continue
        outline.append(_outline(node))
        if node.kind != "roman" and any(n.kind == "roman" for n in top):
            continue
        heading, inline = node.heading_and_inline()
        if node.kind == "roman" or is_upper_line(heading):
            role = role_of(heading)
        else:
            role = _sentence_case_role(node, heading)
            heading = heading.split(":", 1)[0].strip() if role else heading
        outline[-1]["role"] = role
        if role is None:
            continue
        sec = sections.get(role)
        if sec is None:
            sec = sections[role] = {"number": node.number, "heading": heading, "text": node.body_text()}
        else:
            sec["text"] = (sec["text"] + "\n" + node.body_text()).strip()
        if role == "purpose":
            items = [strip_end(c.full_text()) if c.kind == "dash" else c.full_text() for c in _items(node)]
            if not items:
                items = [c.full_text() for c in node.children if c.kind == "para"]
            sec.setdefault("items", []).extend(items)
        elif role == "agenda":
            _fill_agenda(sec, node)
        elif role == "participants":
            sec.setdefault("items", []).extend(_participants(node))
        elif role == "funding":
            if "source" not in sec or sec["source"] is None:
                sec["source"] = _funding_source(inline or node.body_text())
        elif role == "responsibilities":
            sec.setdefault("items", []).extend(_responsibilities(node))
    return sections, outline


def _outline(node: Node) -> dict:
    heading, inline = node.heading_and_inline()
    own_text = [inline] if inline else []
    own_text += [c.render() for c in node.children if c.kind not in ("roman", "arabic", "letter")]
    return {
        "number": node.number,
        "heading": heading if node.kind == "roman" else strip_end(node.head.split("\n")[0]),
        "role": None,
        "level": node.rank,
        "text": "\n".join(t for t in own_text if t),
        "children": [_outline(c) for c in node.children if c.kind in ("roman", "arabic", "letter")],
    }
