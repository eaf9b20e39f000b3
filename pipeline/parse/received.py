"""The holder's received stamp ("dấu đến", Decree 30, Appendix): a box stamped on the first page
by the office that received the document, with the word ĐẾN and blanks filled in by hand or by a
numbering stamp —

    TÊN CƠ QUAN NHẬN
    ĐẾN   Số: 1234
          Ngày: 14/11/2024
    Chuyển: TTĐT
    Lưu hồ sơ số: …

It is not the document's text (SPEC): what of it is read goes to ``metadata.received``
{"number", "date", "routed_to"}, and its lines are kept out of the header's fields and the text.
Its values are often handwriting read as print, so a value is taken only when it reads as one
whole (a date every part of which is there, a run of digits, a unit's letters); a stamp found
with nothing of it read gives a warning and no field.

The stamp is found by its word ĐẾN at a line's start, or — where OCR lost that word ("HIẾN Số134")
— by its "Ngày:" label before a date in figures: a document's own date is printed "ngày … tháng …
năm …" after the place, never so.
"""
from __future__ import annotations

import re

from ..text import fold, is_upper_line
from .entities import dates
from .header import is_fixed_line

HEADER_ZONE = 30   # lines: the stamp is put on the first page's upper part
AFTER = 4          # lines under the stamp's first line that can be the stamp's
# found by its "Ngày:" label alone, the stamp is a short line among the header's first lines (the
# second of two stamps, under the title of bct-23, is its 13th); an invitation's "- Ngày: 15/3/2024
# (thứ Sáu)" comes later and says more
LABEL_ZONE = 16
STAMP_LINE_WORDS = 6  # a line of the stamp alone: "ĐẾN Số: 1234", "Chuyển: Phòng CCHC"
OFFICE_WORDS = 8      # its office's name above: "CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ"

# "ĐẾN" at a line's start in capitals, then nothing, a digit, a blank's label or marks — never
# an upper-case word: "ĐẾN NĂM 2030" is the end of a title
_DEN = re.compile(r"^\W{0,3}[ĐD][ẾEÉỄỂỀ]N(?![^\W\d_])(?P<rest>.*)$")
_UPPER_WORD = re.compile(r"^\W*(?P<w>[A-ZĐÀ-Ỹ]{2,})\b")
_LABELS = {"SO", "NGAY", "GIO"}
# … or, its colon lost on the stamp's dotted line, "Ngày" right before a day and a month in figures
# after the stamp's "Giờ" label ("Gờ.... Ngày 4/41", bct-23): Decree-30 text writes "ngày … tháng"
_DATE_LABEL = re.compile(r"^\W{0,3}\s*(?:\S{1,4}\s+|G\S{0,2}[.…:]{2,}\s*)?Ng[àaáả]y"
                         r"(?:\s*[:.]+\s*\d|\s+\d{1,2}\s*/\s*\d)", re.IGNORECASE)
# the stamp's number: digits alone after "Số", not a document number ("71/2019/NĐ-CP")
_NUMBER = re.compile(r"\b[S5][ốoóồôổ0Ố]\s*[:.]*\s*(?P<n>\d{1,6})(?![\d/-])", re.IGNORECASE)
_ROUTED = re.compile(r"\bChuy[ểeếề]n\s*[:.…]+\s*(?P<to>.*)$", re.IGNORECASE)
_DOTS = re.compile(r"^[\s.…:;,_-]+|[\s.…:;,_-]+$")


def _is_den_line(line: str) -> bool:
    m = _DEN.match(line.strip())
    if not m or re.match(r"\s*(?:19|20)\d\d\b", m.group("rest")):
        return False  # "… TẦM NHÌN" / "ĐẾN 2035": a title's last line
    word = _UPPER_WORD.match(m.group("rest"))
    return word is None or fold(word.group("w")) in _LABELS


def _numeric_date(line: str) -> str | None:
    return next((iso for _, iso in dates(line) if iso and re.search(r"\d[/.-]\d", line)), None)


def _anchor(lines: list[str], start: int = 0) -> tuple[int, bool] | None:
    """(index of a stamp's first line at or after ``start``, whether it is the ĐẾN line) or None."""
    for i in range(start, min(len(lines), HEADER_ZONE)):
        line = lines[i]
        if _is_den_line(line):
            return i, True
        if i < LABEL_ZONE and len(line.split()) <= 4 and _DATE_LABEL.match(line.strip()):
            # "Ngày: 14/11/2024"; the line above with the stamp's number is its ĐẾN line misread
            above = i > start and _NUMBER.search(lines[i - 1]) and len(lines[i - 1].split()) <= STAMP_LINE_WORDS
            return (i - 1, True) if above else (i, False)
    return None


def _read_stamp(lines: list[str], first: int, den: bool) -> tuple[dict, list[int]]:
    """The values of one stamp whose first line is ``first`` and the indices of its own lines."""
    number = date = routed = None
    used = [first]
    for i in range(first, min(len(lines), first + AFTER + 1)):
        line = lines[i]
        if number is None and i <= first + 1 and (m := _NUMBER.search(line)):
            number = m.group("n")
            used.append(i)
        if date is None and (iso := _numeric_date(line)) and (i == first or _DATE_LABEL.match(line.strip())):
            date = iso
            used.append(i)
        if routed is None and (m := _ROUTED.search(line)):
            to = _DOTS.sub("", m.group("to"))
            # on a line of its own; run on into the document's line beside the stamp ("Kính
            # chuyển... TT Căn cứ Luật …", bct-23) where the unit ends is not known: not taken
            if sum(ch.isalpha() for ch in to) >= 2 and len(line.split()) <= STAMP_LINE_WORDS:
                routed = to
            used.append(i)
    # the receiving office's name printed at the stamp's top, right above its ĐẾN line
    above = lines[first - 1] if first > 0 else ""
    # an office's name is words ("6ổNG THÔNG TIN…" with a letter read as a digit): "/2024/TT-BCT",
    # the number's code under a numbering stamp (bct-23), is in capitals too but is the document's
    office = den and is_upper_line(above) and not is_fixed_line(above) and len(above.split()) <= OFFICE_WORDS \
        and "/" not in above and sum(len(re.sub(r"\W", "", w)) >= 2 for w in above.split()) >= 2
    # the stamp's own short lines are no part of the document's text; a long one is the
    # document's line with the stamp read into it, and stays
    used = sorted({i for i in used if len(lines[i].split()) <= STAMP_LINE_WORDS} | ({first - 1} if office else set()))
    return {"number": number, "date": date, "routed_to": routed}, used


def find_received(lines: list[str]) -> tuple[dict | None, list[int], list[str]]:
    """(metadata.received or None, indices of the lines that are the stamps' alone, warnings)
    from the first page's lines in reading order. A page can carry two received stamps (a
    ministry's office and its portal, bct-23): the lines of each are left out of the text, and
    ``metadata.received`` is the first stamp of which anything was read (one office's stamp,
    never fields of two mixed)."""
    stamps: list[dict] = []
    used: list[int] = []
    start = 0
    while (found := _anchor(lines, start)) is not None:
        stamp, own = _read_stamp(lines, *found)
        stamps.append(stamp)
        used += own
        start = max(own + [found[0]]) + 1
    if not stamps:
        return None, [], []
    read = [st for st in stamps if any(st.values())]
    chosen = read[0] if read else stamps[0]
    warnings = []
    missing = [k for k, v in chosen.items() if v is None]
    if missing:
        warnings.append(f"a received stamp (ĐẾN) was found; its {', '.join(missing)} could not be read")
    return (chosen if read else None), sorted(set(used)), warnings
