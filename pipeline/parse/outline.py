"""Body lines → a tree of numbered headings, items and paragraphs.

Levels: Roman "I." (1) > Arabic "1." (2) > letter "a)" (3) > dash "-" (4) > plus "+" (5).
Wrapped lines are joined to the block they continue. Roman numerals broken by OCR ("n." for
"II.", "m," for "III.") are recognised when the rest of the line is an upper-case heading and
the numeral fits the sequence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import fold, is_upper_line, squash, strip_end
from .vocab import vocab

RANK = {"roman": 1, "arabic": 2, "letter": 3, "dash": 4, "plus": 5, "para": 6}

_ROMAN_LIKE = "IVXLHivxlnmwuhyjt|!ïíì"  # a Roman numeral's letters and what OCR reads for them
_ROMAN_TOKEN = re.compile(rf"^\s*(?P<tok>[{_ROMAN_LIKE}1]{{1,4}})\s*[.,:)]\s*(?P<rest>\S.*)$")
_ARABIC = re.compile(r"^\s*(?P<num>\d{1,2})\s*(?:[.)]\s*|,\s+(?=[A-ZĐÀ-Ỹ]))(?P<rest>\S.*)$")  # "1," is a misread "1."
_LETTER = re.compile(r"^\s*(?P<num>[a-zđ])\s*\)\s*(?P<rest>\S.*)$")
_DASH = re.compile(r"^\s*[-–—~•·]\s*(?P<rest>\S.*)$")
_PLUS = re.compile(r"^\s*\+\s*(?P<rest>\S.*)$")
_LEADING_JUNK = re.compile(r"^[\^'`\"*■\\|_.,]+\s+")


@dataclass
class Node:
    kind: str
    number: str | None
    head: str  # the first line(s) of the block, number removed
    children: list[Node] = field(default_factory=list)

    @property
    def rank(self) -> int:
        return RANK[self.kind]

    def heading_and_inline(self) -> tuple[str, str]:
        """'KINH PHÍ: Từ Quỹ…' → ('KINH PHÍ', 'Từ Quỹ…') for headings with inline text."""
        head = self.head
        if self.kind == "roman" and ":" in head:
            h, _, rest = head.partition(":")
            if is_upper_line(h):
                return strip_end(h), rest.strip()
        return strip_end(head) if self.kind == "roman" else head, ""

    def body_text(self) -> str:
        """Inline text and everything under this node, one block per line."""
        _, inline = self.heading_and_inline()
        parts = [inline] if inline else []
        parts += [c.render() for c in self.children]
        return "\n".join(p for p in parts if p)

    def render(self) -> str:
        prefix = {"roman": f"{self.number}. ", "arabic": f"{self.number}. ", "letter": f"{self.number}) ",
                  "dash": "- ", "plus": "+ ", "para": ""}[self.kind]
        lines = [prefix + self.head] + [c.render() for c in self.children]
        return "\n".join(lines)

    def full_text(self) -> str:
        """The block's own text with what it holds, without its number: an item's value."""
        lines = [self.head] + [c.render() for c in self.children]
        return "\n".join(lines)


def _clean(line: str) -> str:
    line = _LEADING_JUNK.sub("", line.strip())
    return squash(line)


def _roman_value(tok: str, expected: str) -> str | None:
    v = vocab()
    if tok.upper() in v.roman and tok.isupper():
        # numbering goes up: "II." read where "III." is due is the due one
        if v.roman.index(tok) < v.roman.index(expected):
            return expected
        return tok.upper()
    mapped = v.roman_ocr.get(tok.lower())
    return mapped if mapped == expected else None


_ROMAN_BARE = re.compile(rf"^\s*(?P<tok>[{_ROMAN_LIKE}]{{1,4}})\s+(?P<rest>\S.*)$")  # no "1": "1 KIỂM TRA" is arabic


def _bare_value(tok: str, expected: str) -> str | None:
    """The numeral of a token with its full stop lost: 'I MỤC TIÊU', or 'L MỤC TIÊU' (a 200 dpi
    fax's "I." read "L"), only as the numeral due (a capital word's first letter is not one)."""
    if re.fullmatch(r"[IVX]{1,4}", tok):
        return expected if tok == expected else None
    return expected if vocab().roman_ocr.get(tok.lower()) == expected else None


def roman_heading(line: str, expected: str) -> tuple[str, str] | None:
    """(numeral, heading) when ``line`` is a Roman-numbered upper-case heading, the numeral read
    in the numbering's order: 'n. NỘI DUNG' → ('II', …) when II is due, 'I MỤC TIÊU' (full stop
    lost) → ('I', …), 'L MỤC TIÊU' → ('I', …) when I is due. Shared by the corrector (to restore
    the text) and the outline."""
    m = _ROMAN_BARE.match(line)
    if m and _bare_value(m.group("tok"), expected) and is_upper_line(m.group("rest").split(":", 1)[0]) \
            and len(m.group("rest")) >= 4:
        return expected, m.group("rest")
    m = _ROMAN_TOKEN.match(line)
    if not m:
        return None
    rest = m.group("rest")
    head_part = rest.split(":", 1)[0]
    if not (is_upper_line(head_part) and len(fold(head_part)) >= 3):
        return None
    value = _roman_value(m.group("tok"), expected)
    return (value, rest) if value else None


def next_roman(current: str | None) -> str:
    romans = vocab().roman
    if current is None:
        return romans[0]
    i = romans.index(current) if current in romans else -1
    return romans[min(i + 1, len(romans) - 1)]


def classify(line: str, expected_roman: str) -> tuple[str, str | None, str]:
    roman = roman_heading(line, expected_roman)
    if roman:
        return "roman", roman[0], roman[1]
    m = _ARABIC.match(line)
    if m:
        return "arabic", m.group("num"), m.group("rest")
    m = _LETTER.match(line)
    if m and m.group("rest")[:1].isupper():
        return "letter", m.group("num"), m.group("rest")
    m = _DASH.match(line)
    if m:
        return "dash", None, m.group("rest")
    m = _PLUS.match(line)
    if m:
        return "plus", None, m.group("rest")
    return "para", None, line


_ARABIC_NUMBERED = re.compile(r"^\s*(?P<num>\d{1,2})\s*[.)]\s*(?P<rest>\S.*)$")


class _ArabicHeading:
    """'2. NỘI DUNG…': an Arabic number before an upper-case heading."""

    @staticmethod
    def match(line: str):
        m = _ARABIC_NUMBERED.match(line)
        if m and is_upper_line(m.group("rest").split(":", 1)[0]) and len(fold(m.group("rest"))) >= 4:
            return m
        return None


_ARABIC_HEADING = _ArabicHeading()
_TRUE_ROMAN = re.compile(r"^\s*(?:II|III|IV|V|VI|VII|VIII|IX|X)\s*[.,:]\s*\S")


def _numbering_is_arabic(lines: list[str]) -> bool:
    """A plan numbered '1. MỤC ĐÍCH', '2. NỘI DUNG' at the top level, with no Roman numerals."""
    if any(_TRUE_ROMAN.match(x) and is_upper_line(x.split(":", 1)[0][3:]) for x in lines):
        return False
    heads = [x for x in lines if _ARABIC_HEADING.match(x)]
    return len(heads) >= 2


def build_tree(lines: list[str]) -> list[Node]:
    """Top-level nodes (paragraphs before the first heading included)."""
    root = Node("root", None, "")
    stack: list[Node] = [root]
    last_roman: str | None = None
    arabic_top = _numbering_is_arabic([_clean(x) for x in lines])
    typical = _typical_length(lines)
    prev_line = ""
    last: Node | None = None
    for raw in lines:
        line = _clean(raw)
        if not line:
            continue
        kind, number, rest = classify(line, next_roman(last_roman))
        if arabic_top and kind in ("roman", "arabic") and _ARABIC_HEADING.match(line):
            kind, number, rest = "roman", _ARABIC_HEADING.match(line).group("num"), \
                _ARABIC_HEADING.match(line).group("rest")  # "1. MỤC ĐÍCH": Arabic numbers at the top level
        elif arabic_top and kind == "roman":
            kind, number, rest = classify(line, "-")  # no Roman numbering here: "1." is not a misread "I."
        if last is not None and _continues(kind, line, prev_line, typical, last):
            sep = "\n" if prev_line.rstrip().endswith(":") and kind == "para" else " "
            last.head = (last.head + sep + (line if kind == "para" else line)).strip()
            prev_line = line
            continue
        if kind == "roman":
            last_roman = number
        node = Node(kind, number, rest)
        if kind == "para" and _CLOSING.match(line):
            stack = [root]  # "Trên đây là Kế hoạch…" closes every section
        if kind == "para":
            # a paragraph belongs to the innermost open heading or item
            parent = stack[-1] if stack[-1].kind not in ("plus", "para") else _innermost(stack, 5)
        else:
            while len(stack) > 1 and stack[-1].rank >= node.rank:
                stack.pop()
            parent = stack[-1]
        parent.children.append(node)
        if kind != "para":
            stack.append(node)
        last = node
        prev_line = line
    return root.children


def _innermost(stack: list[Node], below_rank: int) -> Node:
    for n in reversed(stack):
        if n.kind == "root" or n.rank < below_rank:
            return n
    return stack[0]


def _typical_length(lines: list[str]) -> int:
    lengths = sorted(len(x.strip()) for x in lines if x.strip())
    return lengths[int(len(lengths) * 0.75)] if lengths else 80


_CLOSING = re.compile(r"^(Trên đây|Trong quá trình (tổ chức )?thực hiện)")
_OPENER = re.compile(r"^(Căn cứ|Thực hiện|Theo|Xét|Triển khai|Trên đây|Nơi nhận)\b")


def _continues(kind: str, line: str, prev: str, typical: int, last: Node) -> bool:
    """Is ``line`` the wrapped rest of the previous block rather than a block of its own?"""
    p = prev.rstrip()
    ends_open = not re.search(r"[.;:!?]['\")]*$", p)
    wrapped = len(p) >= 0.7 * typical
    if kind == "para":
        if _OPENER.match(line):
            return False
        if last.kind == "roman":
            return ends_open and (":" in last.head or is_upper_line(line))
        if p.endswith(":"):
            return False
        if line[:1].islower():
            return True
        # inside an item a ";" separates clauses of one task; between paragraphs it ends one
        terminal = re.search(r"[.!?]['\")]*$", p) or (last.kind == "para" and p.endswith(";"))
        if terminal:
            return False
        return wrapped or p.endswith(";")
    if kind in ("dash", "plus"):
        # "…Ban Thi đua\n- khen thưởng": a hyphen that a wrap put at the start of a line
        return ends_open and wrapped and line[2:3].islower()
    if kind == "arabic":
        # "…năm\n2024. Phát động" is a wrap, "2. Tăng cường" is an item
        return ends_open and wrapped and len(line.split(".", 1)[0]) > 2
    return False
