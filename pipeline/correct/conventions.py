"""Decree 30's conventions for a document's lines, restoring what OCR misread in them: list
items open with a dash and end with ";", the body closes with "./." before "Nơi nhận:", a legal
basis ends with ";", sub-headings number after their parent, the motto is one line, a copy's
purpose is "b/c", "t/h"… Each rule works on the corrected lines (or one line) and changes only
what the format fixes; ``correct_text`` records every change with what was read.
"""
from __future__ import annotations

import re

from .. import patterns
from ..parse.vocab import vocab
from ..text import fold

HEADER_LINES = 30  # the Decree-30 header never runs longer (parse.header.HEADER_ZONE)


_ITEM_START = re.compile(r"^\s*(?:[-+•~—–]|\d{1,2}[.)]|[a-zđ]\)|[IVXL]{1,4}\.)\s*\S")
_END_JUNK = re.compile(r"(?<=[\wÀ-ỹ)])[-*'\\]+$")
_MID_STAR = re.compile(r"(?<=[\wÀ-ỹ)])\*(?=\s+\S)")


def punctuation(lines: list[str]) -> list[str]:
    """A list item ends with ';': a '-', '*' or quote glued to the end of a line before the next
    item is a misread ';' ("tỉnh-", "Ban*", "hiện)'"); a '*' between clauses is one too."""
    out = list(lines)
    nxt = ""
    for i in range(len(out) - 1, -1, -1):
        line = out[i]
        if not line.strip():
            continue
        if nxt and _ITEM_START.match(nxt):
            line = _END_JUNK.sub(";", line.rstrip())
        out[i] = _MID_STAR.sub(";", line)
        nxt = out[i]
    return out


# a line's last word, in lower case (not "TP." nor "v.v."), with one full stop; the next line's
# first word, letters only (the lower-case test is str.islower: a range "à-ỹ" holds "Đ" too)
_STOP_END = re.compile(r"(?:^|\s)[^\W\d_]+\.$")
_GOES_ON = re.compile(r"^[^\W\d_]+(?:\s|,|$)")


def run_on_stops(lines: list[str]) -> list[str]:
    """A full stop at a line's end before a line that goes on in lower case is a misread comma:
    a Vietnamese sentence never opens in lower case, and on the transcribed pages a sentence run
    over a line break was broken by "," 11 times, ";" once, and never by "." (an item marker such
    as "b) Ngày…" opens a new item, not the sentence's rest)."""
    out = list(lines)
    for i in range(len(out) - 1):
        nxt = out[i + 1].lstrip()
        end = _STOP_END.search(out[i].rstrip())
        if end and end.group().strip().islower() and _GOES_ON.match(nxt) and nxt[:1].islower() \
                and not _ITEM_START.match(nxt):
            out[i] = out[i].rstrip()[:-1] + ","
    return out


_DASH_ITEM = re.compile(r"^\s*[-–—~•]\s*\S")
_SENTENCE_START = re.compile(r"^(?P<first>[A-ZĐÀ-Ỹ][^\s,.:;]*)[,]?\s+(?P<second>[a-zđà-ỹ]\S*)")
_NOT_AN_ITEM = re.compile(r"^(Căn cứ|Thực hiện|Trên đây|Trong quá trình|Nơi nhận)\b")


def lost_dashes(lines: list[str]) -> list[str]:
    """A dash lost by OCR: in a run of '-' items, a paragraph that starts after a blank line with
    a capitalised sentence ("Chủ trì, phối hợp…") and is followed by more '-' items is one of them.
    A capital after a capitalised word ("…tỉnh Nam | Định điều hành") is a name carried over a
    page break, and so is anything inside an open bracket."""
    out = list(lines)
    items = [i for i, x in enumerate(out) if _ITEM_START.match(x)]
    for i, line in enumerate(out):
        if i == 0 or out[i - 1].strip() or not line.strip() or _ITEM_START.match(line):
            continue
        m = _SENTENCE_START.match(line.strip())
        if not m or _NOT_AN_ITEM.match(line.strip()) or line.rstrip().endswith(":"):
            continue
        before = [j for j in items if j < i]
        if not before or _name_or_bracket_open(out[before[-1]:i]):
            continue
        after = [j for j in items if j > i]
        if after and _DASH_ITEM.match(out[before[-1]]) and _DASH_ITEM.match(out[after[0]]) \
                and i - before[-1] <= 12 and after[0] - i <= 12:
            out[i] = out[before[-1]].lstrip()[0] + " " + line.strip()  # the run's own dash
    return out


# a list item's dash read as a mark ("ˆ Phòng HCQT,") or as a lone "c" ("c Lãnh đạo Trung tâm …",
# lamdong-560) between items of a dash list: no line of text opens so
_MARK_FOR_DASH = re.compile(r"^(\s*)[ˆ^¬`´'](\s+)(?=[A-ZĐÀ-Ỹ])")
_LETTER_FOR_DASH = re.compile(r"^(\s*)[cv](\s+)(?=[A-ZĐÀ-Ỹ])")


def misread_dashes(lines: list[str]) -> list[str]:
    """A mark before a capital next to dash items, or a lone "c"/"v" between them, is the dash."""
    out = list(lines)
    dashed = [bool(_DASH_ITEM.match(x)) for x in out]
    for i, line in enumerate(out):
        near = [j for j in range(max(0, i - 2), min(len(out), i + 3)) if j != i and dashed[j]]
        if not near:
            continue
        if _MARK_FOR_DASH.match(line):
            out[i] = _MARK_FOR_DASH.sub(r"\1-\2", line, count=1)
        elif _LETTER_FOR_DASH.match(line) and any(j < i for j in near) and any(j > i for j in near):
            out[i] = _LETTER_FOR_DASH.sub(r"\1-\2", line, count=1)
    return out


# the filed copy closes the list with a full stop: a mark no text ends with read for it ("- Lưu: VT,
# QLCL¿", hcm-753 p4)
_FILED_COPY_END = re.compile(r"^(\s*[-–]\s*L[ưu]u\s*:.*?[\w)])[¿~`´'^]$")


def recipient_ends(lines: list[str]) -> list[str]:
    """A recipients item ends with ';' (Decree 30): a ',' read for it before the next item; and
    the filed copy ("Lưu: VT, …") with '.'."""
    out = list(lines)
    start = next((i for i, x in enumerate(out) if patterns.RECIPIENTS_LABEL.match(x.strip())), None)
    if start is None:
        return out
    for i in range(start + 1, len(out)):
        nxt = out[i + 1] if i + 1 < len(out) else ""
        if _DASH_ITEM.match(out[i]) and _DASH_ITEM.match(nxt) and out[i].rstrip().endswith(","):
            out[i] = out[i].rstrip()[:-1] + ";"
        elif m := _FILED_COPY_END.match(out[i].rstrip()):
            out[i] = m.group(1) + "."
    return out


def _name_or_bracket_open(block: list[str]) -> bool:
    text = " ".join(x.strip() for x in block if x.strip())
    last = text.split()[-1] if text.split() else ""
    return text.count("(") > text.count(")") or last[:1].isupper()


# The purpose of a copy in a recipients item ("- Bộ Tư pháp (để b/c);"): Decree 30's abbreviations
# b/c (báo cáo), t/h (thực hiện), p/h (phối hợp), c/đ (chỉ đạo) — the corpus's only ones — with the
# "/" read as a mark or lost ("(bíc)", "(th)": hcm-753)
_PURPOSE = re.compile(r"\((?P<de>để\s+)?(?P<a>[btpc])[/íìiIl1|!']?(?P<b>[chđ])\)(?=[;.,]?\s*$)")
_PURPOSES = {("b", "c"), ("t", "h"), ("p", "h"), ("c", "đ")}


def purpose_marks(line: str) -> str:
    """'- BGH (bíc);' → '- BGH (b/c);' on a recipients item (a line opening with a dash)."""
    if not _DASH_ITEM.match(line):
        return line
    m = _PURPOSE.search(line)
    if not m or (m.group("a"), m.group("b")) not in _PURPOSES:
        return line
    return line[:m.start()] + f"({m.group('de') or ''}{m.group('a')}/{m.group('b')})" + line[m.end():]


def _motto_key(text: str) -> str:
    return re.sub(r"[\s\-–—_.,]+", "", fold(text))


def motto_in_pieces(lines: list[str]) -> tuple[int, int] | None:
    """[start, end) of two to four header lines that are the motto read in pieces ("Độc lập - Tự
    do -" / "c lập - Tụ" / "Hạnh phú" / "anh phúc": Tesseract reading the line twice, cut up
    differently, hcm-753): every one a piece of it, their first words its first, one ending with
    its last."""
    motto = vocab().motto
    key = _motto_key(motto)
    first, last = _motto_key(motto.split()[0]), _motto_key(motto.split()[-1])
    for start in range(min(len(lines), HEADER_LINES)):
        for end in range(min(len(lines), start + 4), start + 1, -1):
            keys = [_motto_key(x) for x in lines[start:end]]
            if all(len(k) >= 4 and k in key for k in keys) and keys[0].startswith(first) \
                    and any(k.endswith(last) for k in keys) and not any(k == key for k in keys[1:]):
                return start, end
    return None


# The body's last line ends with Decree 30's closing mark "./." right before "Nơi nhận:": a
# signature's strokes read on its row after the mark ("thực hiện./... °Z -~", "./. }Đ—~") are no
# text, and the mark read as ". A" or ". /" is the mark (lamdong-416, btp-8204, epu-275)
_AFTER_END_MARK = re.compile(r"(?<=\./\.)(?=\S*(?:\s+\S+){0,3}\s*$)(?P<rest>.+)$")
_END_MARK_MISREAD = re.compile(r"(?<=[^\W\d_])\s?\.\s?[A/\\lI1|]\.?$")


def closing_mark(lines: list[str]) -> list[str]:
    """The line before the first "Nơi nhận:" ends with "./." and nothing after it."""
    out = list(lines)
    for i, line in enumerate(out):
        if not patterns.RECIPIENTS_LABEL.match(line.strip()):
            continue
        j = i - 1
        while j >= 0 and not out[j].strip():
            j -= 1
        if j < 0:
            return out
        prev = out[j].rstrip()
        m = _AFTER_END_MARK.search(prev)
        if m and not re.search(r"[a-zđà-ỹ]{2,}", m.group("rest")):
            out[j] = prev[:m.start()]
        elif "./." not in prev:
            out[j] = _END_MARK_MISREAD.sub("./.", prev)
        return out
    return out


# "Chương I" with its numeral read as a bracket or a bar ("Chương ]", chinhphu-19): a chapter's or
# part's number on a line of its own is a Roman numeral
_CHAPTER = re.compile(r"^(\s*(?:Chương|CHƯƠNG|Phần|PHẦN)\s+)([\]|!l]{1,3})\s*$")


def chapter_numeral(line: str) -> str:
    """'Chương ]' → 'Chương I'."""
    m = _CHAPTER.match(line)
    return m.group(1) + "I" * len(m.group(2)) if m else line


# "5.2. Phòng …" read "3.2, Phòng …" under "5. Phân công" and "5.1. …" (hcm-753 p3): a sub-heading's
# number follows its parent's and its elder sibling's — a first number one OCR confusion away from
# the parent's is the parent's, and the "," after it the full stop
_TOP_NUMBER = re.compile(r"^\s*(\d{1,2})\.\s+[A-ZĐÀ-Ỹ]")
_SUB_NUMBER = re.compile(r"^(\s*)(\d{1,2})\.(\d{1,2})([.,])(?=\s+[A-ZĐÀ-Ỹ])")
_DIGIT_LOOKALIKES = [set("358"), set("568"), set("0689"), set("17")]


def sub_numbers(lines: list[str]) -> list[str]:
    """'3.2,' under '5.' and '5.1.' → '5.2.'; numbers that do not follow on are left as read."""
    out = list(lines)
    parent, last = None, 0
    for i, line in enumerate(out):
        if m := _TOP_NUMBER.match(line):
            parent, last = m.group(1), 0
            continue
        m = _SUB_NUMBER.match(line)
        if not m or parent is None:
            continue
        first, k = m.group(2), int(m.group(3))
        if k != last + 1:
            continue
        same = first == parent or (len(first) == len(parent) == 1 and any({first, parent} <= g for g in _DIGIT_LOOKALIKES))
        if same:
            out[i] = f"{m.group(1)}{parent}.{k}." + line[m.end():]
            last = k
    return out


# A legal basis of the preamble ("Căn cứ …", "Theo đề nghị …", "Xét đề nghị …") ends with ";"
# (Decree 30): a "," read for it where the next basis or the enacting words begin (chinhphu-19)
_BASIS = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị)\b")
_ENACTING = re.compile(r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị)\b|^\S+(?:\s+\S+){0,5}\s+ban hành\b|^QUYẾT (?:ĐỊNH|NGHỊ)\b")


def basis_ends(lines: list[str]) -> list[str]:
    """A legal basis's last line ending in "," before the next basis or the enacting words ends in ";"."""
    out = list(lines)
    following = [""] * len(out)  # the next non-empty line after each
    nxt = ""
    for i in range(len(out) - 1, -1, -1):
        following[i] = nxt
        nxt = out[i].strip() or nxt
    in_basis = False
    for i, line in enumerate(out):
        text = line.strip()
        if not text:
            continue
        in_basis = in_basis or bool(_BASIS.match(text))
        if not in_basis:
            continue
        ends = bool(_ENACTING.match(following[i]))
        if ends and text.endswith(","):
            out[i] = line.rstrip()[:-1] + ";"
        if ends or text.endswith((";", ".", ":")):
            in_basis = False  # the basis ends here; the next one opens with its own words
    return out
