"""Decree-30 header (Thể thức) and closing: issuer, number, place and date, type, title,
references, signer, recipients.

Works on the corrected lines in reading order, and also on text where another OCR engine ran
the two header columns together on one line ("nhân dân Cộng hoà xã hội…"): every line of the
header zone is first cut where the national title, the motto or the place-date begins.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .. import patterns
from ..layout import split_columns
from ..text import best_match, capital_letters, fold, is_upper_line, similarity, squash, strip_end, unmarked
from .entities import dates
from .settings import thresholds as T
from .vocab import vocab

HEADER_ZONE = 30  # lines; the header never runs longer

_NUMBER = patterns.NUMBER_LINE
# "V/v" (về việc), its slash read as a letter or lost ("Vv huy động…", a page lit unevenly)
_VV = re.compile(r"^\W{0,2}V\s*(?:[/l1Iỉ|]\s*[vwy]|[vw](?=\s))\s*[:.]?\s*(?P<rest>.*)$", re.IGNORECASE)
_RECIPIENTS = patterns.RECIPIENTS_LABEL
_DASH = re.compile(r"^\s*[-–—~•·*+]\s*")
# a lone mark before a capitalised word at a recipients line's start: the dash, misread
_MARK_DASH = re.compile(r"^(?P<mark>\S{1,2})\s+(?=[A-ZĐÀ-Ỹ])")

_AUTHORITY = re.compile(r"^[^A-Za-z]{0,4}(?P<p>TM|KT|TL|TUQ|Q|T/M|K/T|T/L)(?:\s*[.,:]\s*|\s+(?=[A-ZĐÀ-Ỹ]{2}))(?P<rest>.*)$")


@dataclass
class Header:
    metadata: dict
    body_start: int  # index of the first body line
    warnings: list[str] = field(default_factory=list)
    fixes: dict[int, str] = field(default_factory=dict)  # line index → the line as read by the parser


def _canonical_fixed(text: str, canonical: str) -> str:
    """The fixed Decree-30 wording, keeping the document's own tone style (HÒA / HOÀ)."""
    if "HOÀ" in text.upper() and "HÒA" in canonical:
        return canonical.replace("HÒA", "HOÀ")
    return canonical


def parse_number(rest: str) -> str | None:
    tokens = rest.replace("：", ":").split()
    taken = []
    for tok in tokens:
        if re.search(r"[\d/\-]", tok) or (tok.isupper() and len(taken) > 0 and "/" not in "".join(taken)):
            taken.append(tok)
        else:
            break
    digits = [t for t in taken if t.isdigit()]
    if taken and "/" not in "".join(taken) and len(digits) == len(taken) - 1 \
            and patterns.AGENCY_CODE.fullmatch(taken[-1]):
        # "220 6 UBND-KGVX": the printed "/" between the number and the code was not read
        return "".join(digits) + "/" + taken[-1]
    num = "".join(taken).strip(" .,;:")
    if "/" in num:
        # marks OCR added to the printed code ("288/'KH-VP", "45/*BCA-C04") are no part of it; in
        # the number's own part they stand for digits not read, and stay
        head, code = num.split("/", 1)
        num = head + "/" + re.sub(r"[^\w/()&.-]", "", code)
    return num or None


def doc_code_from_number(number: str | None) -> tuple[str | None, str | None]:
    """('KH', 'UBND') from '47/KH-UBND'; ('NĐ', 'CP') from '71/2019/NĐ-CP' (a year between);
    ('KH', 'TU') from the Party's '12-KH/TU'. The first part is None when it is not a document type."""
    if not number or "/" not in number:
        return None, None
    v = vocab()
    segs = number.split("/")
    party = re.fullmatch(r"\d*-(\w+)", segs[0])
    if party:
        code = party.group(1)
        agency = segs[1].split("-")[0] if len(segs) > 1 else None
        return (code if code in v.code_to_type else None), agency
    rest = [s for s in segs[1:] if s and not re.fullmatch(r"\d{4}", s)]
    parts = [p for p in "/".join(rest).split("-") if p]
    if not parts:
        return None, None
    first = parts[0]
    if first in v.code_to_type:
        return first, parts[1] if len(parts) > 1 else None
    return None, first


def _strip_junk(piece: str) -> str:
    """'- SỞ GIÁO DỤC' / 'NHÂN DÂN _': rules and dashes read at a block's edges."""
    return re.sub(r"^[\W_]+|[^\w.)]+$|[\s_]+$", "", piece).strip()


_CAPITAL = "A-ZĐÀ-ẠẢ-Ỹ"
_DIGIT_IN_CAPITALS = re.compile(rf"(?<=[{_CAPITAL}])\d(?=[{_CAPITAL}])")


def title_part(line: str) -> str:
    """A signer title line without what a seal or a signature put before it ("ớc _ CHỦ1ỊCH"):
    short tokens that are not capitals, then a letter read as a digit inside a word of capitals
    taken out (the rest of the word still matches the title)."""
    words = _strip_junk(line).split()
    while len(words) > 1 and len(words[0]) <= 3 and not is_upper_line(words[0]) and is_upper_line(" ".join(words[1:])):
        words = words[1:]
    return _strip_junk(_DIGIT_IN_CAPITALS.sub(" ", " ".join(words)))


_PLACE_DATE = patterns.PLACE_DATE


_PLACE_NO_COMMA = patterns.PLACE_NO_COMMA


def _is_place_date(piece: str) -> bool:
    """'Quảng Ngãi, ngày @3 tháng 01 năm 2025': a place, then a date even when its day is unreadable;
    also with the comma lost ('Hà Nội ngày 01 tháng 11'), when the place is a province's name."""
    if _PLACE_DATE.match(piece) or (dates(piece) and re.search(r",\s*ng", piece)):
        return True
    return _province_before_date(piece) is not None


def _province_before_date(piece: str) -> str | None:
    m = _PLACE_NO_COMMA.match(piece)
    if not m:
        return None
    # its comma read as a full stop or lost ("Tiền Giang. ngày 18 tháng 4", a page lit unevenly)
    f = fold(squash(m.group("place")).rstrip(".;:"))
    v = vocab()
    return next((p for fp, p in v.folded_provinces.items() if f == fp), None)


def _place_from(line: str) -> str | None:
    m = re.match(r"^\W*(?P<place>[^,]{2,40}?),\s*ng", line)
    if not m:
        return _province_before_date(line)
    place = squash(m.group("place"))
    folded = fold(place)
    v = vocab()
    if folded in v.folded_provinces:
        return v.folded_provinces[folded]
    close = best_match(place, v.provinces, T().province)
    # a province's spelling only for a damaged reading of it (a letter off, marks aside): "Bình
    # Thạnh", a district, is no "Bình Thuận" — a place read is data, not snapped to a near name
    return close if close and Levenshtein.distance(fold(close), folded) <= 1 else place


def _repair_locality(line: str, place: str | None) -> str:
    """'TĨNH THAĨ BINH' → 'TỈNH THÁI BÌNH': locality word and name by their letters."""
    v = vocab()
    f = fold(line)
    if place:
        # "HĐND TỈNH HƯNGYÊN": the locality named in the place-date line, whatever OCR did to it
        fp = fold(place)
        for loc in v.folded_localities:
            m = re.search(rf"(?:^|\s){re.escape(loc)}\s+(?P<name>.+)$", f)
            if m and m.group("name").replace(" ", "") == fp.replace(" ", ""):
                canon_loc = next(x for x in v.localities if fold(x).rstrip(".") == loc)
                head = line[:m.start("name")].strip()
                head = head[:len(head) - len(loc)].strip() if fold(head).endswith(loc) else head
                return " ".join(x for x in (head, canon_loc, place) if x).upper()
    glued = v.glued_provinces
    for loc in v.folded_localities:
        m = re.search(rf"\s{re.escape(loc)}\s+(?P<name>.+)$", f)
        if m and len(f) == len(line) and m.group("name").replace(" ", "") in glued:
            # "UBND TỈNH LÂMĐÒNG": a province whose spaces or marks OCR lost, named after its locality word
            return (line[:m.start("name")] + glued[m.group("name").replace(" ", "")]).upper()
    for loc in v.folded_localities:
        if f.startswith(loc + " ") or f == loc:
            name = line[len(loc):].strip() if len(fold(line[:len(loc)])) == len(loc) else line.split(None, 1)[-1]
            canon_loc = next(x for x in v.localities if fold(x).rstrip(".") == loc)
            fn = fold(name)
            if place and fold(place).replace(" ", "") == fn.replace(" ", ""):
                name = place
            elif fn in v.folded_provinces:
                name = v.folded_provinces[fn]
            elif fn.replace(" ", "") in glued:  # "LÂMĐÒNG": the name's spaces lost
                name = glued[fn.replace(" ", "")]
            else:
                # a name none of these: the first word was matched by its letters only and may be
                # another word ("QUÂN KHU 7" is no "QUẬN"); the line stays as read
                return line.upper()
            return f"{canon_loc} {name}".upper()
    return line.upper()


def _unglue(line: str) -> str:
    """'BỘCÔNG THƯƠNG', 'UBND TỈNHLÂMĐÒNG': the space OCR lost after a head or locality word put
    back (only before three letters or more, so "BANG" is not "BAN G")."""
    f = fold(line)
    if len(f) != len(line):
        return line
    for w in vocab().unglue_words:
        m = re.search(rf"(?:^|\s){re.escape(w)}(?=[A-Z]{{3}})", f)
        if m:
            return _unglue(line[:m.end()] + " " + line[m.end():])
    return line


# a speck read as a full stop after a word of a body's name ("BỘ CÔNG. AN", a 1-bit scan): no word
# of three capitals or more is abbreviated in one (the abbreviations are "TP.", "TX.", "H."); a
# comma may be printed ("BAN CHỈ HUY PHÒNG, CHỐNG THIÊN TAI")
_SPECK_MARK = re.compile(rf"(?<=[{_CAPITAL}]{{3}})\.(?=\s+[{_CAPITAL}])")


def _repair_issuer(lines: list[str], agency_code: str | None, place: str | None) -> list[str]:
    v = vocab()
    out = [_repair_locality(squash(_unglue(_SPECK_MARK.sub("", x))), place) for x in lines if x.strip()]
    if not out:
        return out
    full = v.agencies.get(agency_code or "", None)
    if full:
        f0, ff = fold(out[0]), fold(full)
        # The first line lost its first words ("nhân dân" for "ỦY BAN NHÂN DÂN").
        if f0 != ff and (ff.endswith(f0) or similarity(out[0], full) >= T().issuer_head) and len(out) >= 2:
            out[0] = full
    return out


def _URGENT(piece: str) -> bool:
    f = fold(piece)
    return any(fold(u) == f.strip(" .!") for u in vocab().urgency)


def _has_own_locality(line: str) -> bool:
    f = fold(line)
    first = f.split(" ", 1)[0]
    if first in {loc.split()[0] for loc in vocab().folded_localities}:
        return False
    return any(re.search(rf"\b{re.escape(loc)}\b", f) for loc in vocab().folded_localities)


def _starts_a_body(line: str) -> bool:
    """'CỤC HÓA CHẤT', 'TRƯỜNG ĐẠI HỌC…', 'CÔNG AN TỈNH…', 'BAN THƯỜNG TRỰC': a line that begins the
    name of a body (a head word of the vocabulary), not the rest of one ('TỈNH THÁI BÌNH', 'VÀ ĐÀO TẠO')."""
    f = fold(line)
    glued = f.replace(" ", "")
    for head in vocab().folded_agency_heads:
        if f == head or f.startswith(head + " ") or (len(head) >= 4 and glued.startswith(head.replace(" ", ""))):
            return True
    return False


_NUMBERED_BODY = re.compile(r"^[^\W\d_]+(?:\s+[^\W\d_]+)+\s+\d{1,3}$")  # "BỘ TƯ LỆNH QUÂN KHU 4", "BỆNH VIỆN 108"
_NUMBERED_LOCALITY = re.compile(r"^(?:QUẬN|PHƯỜNG|Q\.|P\.)\s*\d{1,2}$")  # "ỦY BAN NHÂN DÂN" / "QUẬN 1"


def _debris(line: str) -> bool:
    """'TTĐT(2L v}', 'K_', 'XÃ': a digital-signature overlay, a stamp or a speck read above the issuer,
    not a line of a body's name (those are words of letters, at least two of them or one long one,
    and perhaps the body's number after them: "QUÂN KHU 4")."""
    if _NUMBERED_BODY.match(line.strip()) or _NUMBERED_LOCALITY.match(line.strip()):
        return False
    return bool(re.search(r"[^\w\s&.,\-–]|[\d_]", line)) or _speck_line(line)


def _title_fragment(piece: str) -> bool:
    """'C LẬP - TỤ HẠNH PHÚ', 'NGHĨA VIỆT N': a piece of the national title or motto that OCR cut
    off its line (most of its words are theirs), read after the national title."""
    v = vocab()
    theirs = set(fold(v.national_title + " " + v.motto).replace("-", " ").split())
    words = [w for w in fold(piece).replace("-", " ").split() if len(w) >= 2]

    def cut_from_theirs(w: str) -> bool:  # "PHÚ" of "PHÚC", "ANH" of "HẠNH"
        return w in theirs or (len(w) >= 3 and any(w in t for t in theirs))
    return bool(words) and sum(cut_from_theirs(w) for w in words) >= T().cut_from_title_share * len(words)


def _type_opening(line: str) -> str | None:
    """'CHƯƠNG TRÌNH HOẠT ĐỘNG', 'GIẤY PHÉP SỬ DỤNG VẬT LIỆU NỔ': a type line that goes on with
    the subject; the longest document type the line begins with."""
    f = fold(strip_end(line))
    found = [t for t in vocab().doc_types if t != "CÔNG VĂN" and f.startswith(fold(t) + " ")]
    return max(found, key=len) if found else None


_PREVENTION = re.compile(r"^PHÒNG\s*,?\s*(?:CHỐNG|NGỪA)\b")  # "… PHÒNG, CHỐNG THIÊN TAI": to prevent, no office


def _issuer_fields(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, parent_issuer) from the lines of the issuer block (SPEC): when a lower line begins a
    body of its own ("BỘ CÔNG THƯƠNG" / "CỤC HÓA CHẤT"), or the upper line names its own locality
    ("UBND TỈNH NAM ĐỊNH" / "SỞ …"), the upper lines are the parent; otherwise the lines are one
    name broken in two ("ỦY BAN NHÂN DÂN" / "TỈNH THÁI BÌNH") and are joined."""
    lines = [x for x in lines if not _debris(x)] or lines
    if not lines:
        return None, None
    starts = [j for j in range(1, len(lines)) if _starts_a_body(lines[j]) and not _PREVENTION.match(lines[j])]
    if not starts and len(lines) >= 2 and _has_own_locality(lines[0]):
        starts = [1]
    if not starts:
        return " ".join(lines), None
    # three bodies ("UBND TỈNH …" / "SỞ GIÁO DỤC VÀ ĐÀO TẠO" / "TRƯỜNG THPT …"): the issuer is the
    # last, its direct supervising body (SPEC) the one above it
    split = starts[-1]
    above = starts[-2] if len(starts) >= 2 else 0
    return " ".join(lines[split:]), " ".join(lines[above:split])


_OPENERS = re.compile(r"^(Căn cứ|Thực hiện|Kính gửi|Theo|Để|Nhằm|Triển khai|Trong|Sau khi|Xét|Tiếp theo|"
                      r"Phúc đáp|Ngày|Hiện nay|Thời gian qua|Điều 1|"
                      # a biên bản opens with its hour: "Hồi 9 giờ 00 ngày …", "Vào hồi …", "Hôm nay, …"
                      r"Hồi \d|Vào hồi|Vào lúc|Hôm nay)\b")
_HEADING = re.compile(r"^\s*(?:[IVXLivxl]{1,4}|\d{1,2}|[nmw])\s*[.,)]\s+\S")


def _names_an_authority(line: str) -> bool:
    """'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …', 'BỘ TRƯỞNG BỘ …': who decides, under a QĐ's title."""
    v = vocab()
    f = fold(line)
    heads = list(v.signer_titles) + list(v.agencies.values()) + ["QUYET DINH", "CAN CU"]
    return any(f.startswith(fold(h)) for h in heads)


_ARABIC_ITEM = re.compile(r"^\s*\d{1,2}\.\s+[A-ZĐÀ-Ỹ]")  # "1. Chủ trì: …" opens the body, never goes on a title


# A received stamp ("ĐẾN" with Số/Ngày/Giờ/Chuyển written in) printed over the title: OCR glues the
# stamp's label and its handwriting to the title's line ("Ngày:. 05/8 (2018. trong lĩnh vực …").
# Decree-30 text never opens a line with such a label and a colon; what follows in lower case is
# the title going on. The stamp's values are handwriting read as print: not taken (SPEC: read
# apart into metadata.received only when read).
_STAMP_LABEL = re.compile(r"^(?:Ngày|Giờ|Chuyển|Kính chuyển|Lưu hồ sơ số)\s*[:;]+[.\s]*[\d/().,:\s-]*\s+(?=[a-zđà-ỹ])",
                          re.IGNORECASE)


# … and a stamp's label whose value is no title's ("Kính chuyển... TT Căn cứ Luật …", bct-23: the
# routing blank glued to the body's first line) ends the title
_STAMP_LINE = re.compile(r"^(?:Giờ|Chuyển|Kính chuyển|Lưu hồ sơ số)\s*[:;.…]+", re.IGNORECASE)


def _without_stamp_label(piece: str) -> str:
    m = _STAMP_LABEL.match(piece)
    return piece[m.end():] if m else piece


# specks and rules before a line's first word ("- _ QUYẾT ĐỊNH", "- Cắt giảm…"): a type line or a
# title never begins with punctuation (a list item does, but none stands between type and title)
_LEADING_DEBRIS = re.compile(r"^[\s\-_–—•.,;:'\"”“|~]+")
# a stamp printed over a title's start is read as a few words, one of them with symbols in it ("CÔNG
# VĂM)ĐĐ£&mmnh về quản lý …": the stamp's CÔNG VĂN ĐẾN over "Quy định", bct-23): a title's word has
# no such run of symbols, so what goes up to it is the stamp's
_JUNK_WORD = re.compile(r"[£&@#$%^*{}<>|~¢¥§©®€¿]\S*[£&@#$%^*{}<>|~¢¥§©®€¿]")  # two symbols in a word
# … and a run of dashes glued to a title line's end is a rule or a stamp's edge ("nổ————Ì")
_TRAILING_RULE = re.compile(r"[—–_-]{3,}\S{0,2}$")


def _without_stamp_start(line: str) -> str:
    words = line.split()
    junk = [i for i, w in enumerate(words[:3]) if _JUNK_WORD.search(w)]
    if junk and len(words) - junk[-1] - 1 >= 3:
        return " ".join(words[junk[-1] + 1:])
    return line


_WEB_LINE = re.compile(r"www\.|https?://|\+84[\s\-.]?\d|[\w.]+@[\w-]+\.\w", re.IGNORECASE)


def _speck_line(line: str) -> bool:
    """A line of one short token ("TC", "ả"): a speck or a stroke of a stamp read as letters."""
    words = _LEADING_DEBRIS.sub("", line).split()
    return len(words) <= 1 and sum(ch.isalpha() for ch in line) <= 3


# the legal bases, set as a list under a Party document's title ("- Căn cứ Điều lệ Đảng;")
_DASHED_BASIS = re.compile(r"^[-–+•]\s*Căn cứ\b")
# what never opens a title (trích yếu), so a type printed without one has its body right under it
# ("GIẤY ỦY QUYỀN" / "Căn cứ Điều lệ …"); a title may open "Thực hiện …", "Triển khai …"
_NO_TITLE_OPENER = re.compile(r"^[-–+•]?\s*(Căn cứ|Kính gửi|Phúc đáp|Điều 1|Hồi \d|Vào hồi|Vào lúc|Hôm nay)\b")


def _is_body_start(line: str) -> bool:
    return bool(_OPENERS.match(line.strip()) or _DASHED_BASIS.match(line.strip())) \
        or bool(_HEADING.match(line) and is_upper_line(line[3:]))


@dataclass
class _Anchors:
    """Where the fixed lines of the header are (indices into the header's pieces) and what they say."""
    national_title: tuple[int, str] | None = None
    motto: tuple[int, str] | None = None
    number: tuple[int, str | None] | None = None
    place_date: tuple[int, str | None, str | None] | None = None  # (index, place, ISO date)

    def index(self, name: str) -> int | None:
        found = getattr(self, name)
        return found[0] if found else None

    @property
    def right(self) -> set[int | None]:
        """The right block's pieces: national title, motto, place and date."""
        return {self.index("national_title"), self.index("motto"), self.index("place_date")}


def header_pieces(lines: list[str]) -> list[tuple[int, str]]:
    """(line index, piece) of the header zone, side-by-side blocks split apart."""
    return [(i, piece.strip()) for i in range(min(len(lines), HEADER_ZONE))
            for piece in split_columns(lines[i]) if piece.strip()]


_NATIONAL_TITLE = re.compile(r"C\s?[O0Ô]NG\s*H[O0]A")  # on fold(): "CỘNG HÒA", "C0NG HOA"
_MOTTO = re.compile(r"D[O0]C\s*L[A4]P|TU DO|HANH PHUC")


def is_fixed_line(line: str) -> bool:
    """The national title, the motto or a number line, as the anchors below find them by their
    words (OCR-damaged letters allowed)."""
    f = fold(line)
    return bool(_NATIONAL_TITLE.match(f) or _MOTTO.search(f) or _is_number_line(line.strip()))


def _is_number_line(piece: str) -> bool:
    """"Số: 47/KH-UBND" — not "SỞ NỘI VỤ": the label, then a digit or the "/" somewhere."""
    return bool(_NUMBER.match(piece)) and bool(re.search(r"[\d/]", piece))


def find_anchors(pieces: list[tuple[int, str]]) -> _Anchors:
    """The national title (or a Party/Youth Union heading), the motto, the number line and the
    place-date line: the first piece that reads as each."""
    v = vocab()
    a = _Anchors()
    for k, (_i, p) in enumerate(pieces):
        f = fold(p)
        if a.national_title is None and (_NATIONAL_TITLE.match(f)
                                         or similarity(p, v.national_title) >= T().national_title):
            a.national_title = (k, _canonical_fixed(p, v.national_title))
        elif a.national_title is None and (organisation := best_match(strip_end(p), v.organisation_titles,
                                                                       T().organisation_title)):
            # a Party or Youth Union document: "ĐẢNG CỘNG SẢN VIỆT NAM" stands where the national title would
            a.national_title = (k, organisation)
        elif a.motto is None and (_MOTTO.match(f) or "TU DO" in f or "HANH PHUC" in f
                                  or similarity(p, v.motto) >= T().motto):
            a.motto = (k, v.motto)
        elif a.number is None and _is_number_line(p):
            a.number = (k, parse_number(_NUMBER.match(p).group("rest")))
        elif a.place_date is None and _is_place_date(p):
            found = dates(p)
            a.place_date = (k, _place_from(p), found[0][1] if found else None)
    return a


def find_issuer(pieces: list[tuple[int, str]], a: _Anchors, lines: list[str], agency_code: str | None,
                place: str | None) -> tuple[str | None, str | None, dict[int, str]]:
    """(issuer, parent issuer, line fixes): the left-block pieces before the number line, other than
    the right block (with no number line read, up to the place-date line: the left block may sit
    lower than the national title, so it can come after it in reading order)."""
    number_idx, nt_idx = a.index("number"), a.index("national_title")
    stop = next((x for x in (number_idx, a.index("place_date"), nt_idx) if x is not None), 0)
    right = a.right
    issuer_pieces = [(i, _strip_junk(p)) for k, (i, p) in enumerate(pieces[:stop]) if k not in right
                     and not _VV.match(p) and not _URGENT(p) and _strip_junk(p)
                     and (number_idx is not None or is_upper_line(p))
                     and not (nt_idx is not None and k > nt_idx and _title_fragment(p))]
    issuer_lines = _repair_issuer([p for _, p in issuer_pieces], agency_code, place)
    issuer, parent = _issuer_fields(issuer_lines)
    fixes = {}
    for (i, p), repaired in zip(issuer_pieces, issuer_lines):
        if repaired != p and lines[i].strip() == p:  # a line of its own: put the reading back in the text
            fixes[i] = repaired
    return issuer, parent, fixes


def find_urgency(pieces: list[tuple[int, str]]) -> str | None:
    """An urgency mark ("HỎA TỐC", "KHẨN") standing alone among the header's pieces."""
    found = _urgency_piece(pieces)
    return found[1] if found else None


def _urgency_piece(pieces: list[tuple[int, str]]) -> tuple[int, str] | None:
    """(line, mark) of the urgency mark among the header's pieces."""
    v = vocab()
    for i, p in pieces:
        f = fold(p)
        for u in v.urgency:
            if re.search(rf"\b{fold(u)}\b", f) and len(f) <= len(u) + 6:
                return i, u
    return None


_KINH_GUI = re.compile(r"^\W{0,2}K[íiìỉ]nh\s*g[ửưuữú]i\b", re.IGNORECASE)
_LEADING_TOKEN = re.compile(r"^\W{0,3}(?P<tok>\S{1,3})\s+(?=[^\W\d_])")


def _without_garbled_mark(line: str) -> str:
    """"VÀ rà soát…" → "rà soát…": a first token of at most three characters that is not a
    lower-case word (a capital or a non-letter in it: a misread "V/v"), before a lower-case word."""
    m = _LEADING_TOKEN.match(line)
    if not m or not line[m.end()].islower():
        return line
    tok = m.group("tok")
    return line[m.end():] if any(c.isupper() or not c.isalpha() for c in tok) else line


def _unmarked_subject(pieces: list[tuple[int, str]], a: _Anchors) -> tuple[list[str], int] | None:
    """(subject lines, index of the last) of a công văn whose "V/v" was misread ("VÀ rà soát…"):
    sentence-case lines of the left column right under the number line, when no type line was
    found and "Kính gửi" follows. The misread mark, a short capitalised token, is left out."""
    number_k = a.index("number")
    if number_k is None or not any(_KINH_GUI.match(p) for _, p in pieces[number_k + 1:]):
        return None
    lines: list[str] = []
    k = number_k + 1
    while k < len(pieces) and len(lines) < 4:
        p = pieces[k][1]
        if k in a.right:
            k += 1
            continue
        if _KINH_GUI.match(p) or _is_body_start(p) or is_upper_line(p) or _is_place_date(p):
            break
        lines.append(p)
        k += 1
    if not lines:
        return None
    lines[0] = _without_garbled_mark(lines[0])
    return lines, k - 1


def find_type_and_title(pieces: list[tuple[int, str]], a: _Anchors, type_code: str | None
                        ) -> tuple[str | None, str | None, list[str], int, list[str]]:
    """(type, type code, title lines, index of the first body line, warnings): the type line and the
    title below it, or a công văn's "V/v" subject."""
    v = vocab()
    warnings: list[str] = []
    after = max(x for x in (a.index("national_title"), a.index("motto"), a.index("number"),
                            a.index("place_date"), -1) if x is not None) + 1
    title_lines: list[str] = []
    doc_type = type_idx = None
    vv_k = next((k for k, (_, p) in enumerate(pieces) if _VV.match(p)), None)
    body_start = (pieces[after - 1][0] + 1) if after > 0 and pieces else 0
    if vv_k is not None:
        doc_type, type_code = "CÔNG VĂN", None
        title_lines.append(_VV.match(pieces[vv_k][1]).group("rest"))
        k = vv_k + 1
        while k < len(pieces) and len(title_lines) < 5:
            p = pieces[k][1]
            if k in a.right or _is_body_start(p) or is_upper_line(p) or _is_place_date(p):
                break
            title_lines.append(p)
            k += 1
        body_start = max(body_start, pieces[k - 1][0] + 1)
    else:
        for k in range(after, len(pieces)):
            p = _LEADING_DEBRIS.sub("", pieces[k][1])  # "- _ QUYẾTĐỊNH": specks before the type
            if not is_upper_line(p) or p.rstrip().endswith(":"):
                continue  # "QUYẾT ĐỊNH:" opens the articles; a type line never ends with a colon
            cand = best_match(strip_end(p), list(v.doc_types), T().doc_type) if len(p.split()) <= 6 else None
            cand = cand or _type_opening(p)
            if cand:
                type_idx, doc_type = k, cand
                break
        if doc_type is None and type_code:
            doc_type = v.code_to_type.get(type_code)
            warnings.append("document type line not read; taken from the number's code")
        if doc_type in (None, "CÔNG VĂN") and (subject := _unmarked_subject(pieces, a)):
            doc_type, (title_lines, last_k) = "CÔNG VĂN", subject
            body_start = max(body_start, pieces[last_k][0] + 1)
            warnings.append("the 'V/v' mark was not read: the lines under the number, before 'Kính gửi', "
                            "taken as a công văn's subject")
        if type_idx is not None:
            k = type_idx + 1
            taken: list[int] = []  # the piece of each title line
            while k < len(pieces) and len(title_lines) < 5:
                p = _without_stamp_label(pieces[k][1]) if title_lines else pieces[k][1]
                if p != pieces[k][1]:
                    warnings.append("a received stamp overlaps the title: its label was left out of the title, "
                                    "its handwriting not read")
                if _WEB_LINE.search(p) or (not title_lines and _speck_line(p)):
                    # a website's watermark or a scanner's footer ("www.… +84-28…"), or specks
                    # read as a word between the type and the title: no part of the title
                    warnings.append(f"a line that is no part of the title was left out of it: {p!r}")
                    k += 1
                    continue
                if not title_lines:
                    p = _LEADING_DEBRIS.sub("", p)
                    if (q := _without_stamp_start(p)) != p:
                        warnings.append(f"a stamp over the title's start: {p[:len(p) - len(q)].strip()!r} left out "
                                        "of the title (the title's first words under it may be missing)")
                        p = q
                p = _TRAILING_RULE.sub("", p).rstrip()
                if title_lines and (_is_body_start(p) or _ARABIC_ITEM.match(p) or _STAMP_LINE.match(p) or (is_upper_line(p) and not (
                        is_upper_line(title_lines[0]) and not _names_an_authority(p)))):
                    break  # an upper-case line ends a sentence-case title ("CHỦ TỊCH ỦY BAN…" in a QĐ)
                title_lines.append(p)
                taken.append(k)
                k += 1
            cut = 0 if title_lines and _NO_TITLE_OPENER.match(title_lines[0]) else _body_under_title(title_lines)
            if cut is not None:
                title_lines, k = title_lines[:cut], taken[cut]
                if cut == 0:
                    warnings.append(NO_TITLE)
            body_start = pieces[k - 1][0] + 1
    if doc_type and type_code is None and doc_type != "CÔNG VĂN":
        type_code = v.doc_types.get(doc_type) or None
    return doc_type, type_code, title_lines, body_start, warnings


def unread_field(key: str) -> str:
    return f"header field '{key}' could not be read"


DATE_UNREAD = unread_field("date")
NO_TITLE = "no title (trích yếu) is printed under the type line: the body opens right under it"
TITLE_LINE_MAX = 80  # characters: a title is set centred in 14 pt bold, a line of it holds fewer
_FULL_STOP = re.compile(r"[a-zđà-ỹ]{2}\.\s*$")  # "… là rất lớn." (not "TP.", "./.")


# "… như sau:" ("as follows") opens what follows, in no title; its colon may be read ";" or lost
_AS_FOLLOWS = re.compile(r"\bnhư sau\s*[:;,.]?$", re.IGNORECASE)


def _body_under_title(title_lines: list[str]) -> int | None:
    """Where the body begins among the lines taken as the title, when it opens with no word that
    marks a body ("Nhà trường thông báo … như sau:" under a THÔNG BÁO's title, "Năm 2024, tình
    hình … / … là rất lớn." under a CHỈ THỊ's). A title (trích yếu) never ends with a colon: a line
    ending with one is body, and the body's first line is the last one at or above it that begins
    with a capital (a title's later lines go on in lower case); so is one ending "như sau" whose
    colon was read ";" or lost (a fax). A full stop may end a title as printed or read ("… tại tỉnh
    Thái Bình." on the mission's scan): only a sentence run over two lines or more from a capital,
    or longer than a title's line (text OCR'd elsewhere, a paragraph to a line), ending in one, is
    body. A first line ending with a colon is body too: the type has no title under it ("GIẤY GIỚI
    THIỆU" / "Sở Tài chính trân trọng giới thiệu:")."""
    if title_lines and title_lines[0].rstrip().endswith(":"):
        return 0
    for j in range(1, len(title_lines)):
        line = title_lines[j].rstrip()
        capitals = [i for i in range(1, j + 1) if title_lines[i][:1].isupper()]
        if line.endswith(":") or _AS_FOLLOWS.search(line):
            return capitals[-1] if capitals else j
        if _FULL_STOP.search(line) and capitals and (capitals[-1] < j or len(line) > TITLE_LINE_MAX):
            return capitals[-1]
    return None


_NUMBER_CODE = re.compile(r"(/\s*(?:\d{4}\s*/\s*)?)[^\W\d_]{1,4}(?=\s*-)")


def _mend_type_code(number: str, code: str) -> str | None:
    """'1178/Qb-BTP' under a "QUYẾT ĐỊNH" → '1178/QĐ-BTP': the type code of the number, printed as
    the type line says, misread by one letter ("Đ" as "b") or with one letter read twice ("QĐĐ":
    Tesseract read the "Đ" as "ĐÐ" on a photocopy). Only a code of the same length, one letter off,
    or the code with a letter doubled, and no type code itself; Party numbers ("12-KH/TU") are left
    as read."""
    if not number or "/" not in number or re.fullmatch(r"\d*-\w+", number.split("/")[0]):
        return None
    segs = number.split("/")
    k = next((i for i in range(1, len(segs)) if segs[i] and not re.fullmatch(r"\d{4}", segs[i])), None)
    if k is None:
        return None
    part = segs[k].split("-")[0]
    if part != code and re.sub(r"[^\w]", "", part) == code:
        return "/".join(segs[:k] + [code + segs[k][len(part):]] + segs[k + 1:])  # a stray mark in it: "K&H"
    if len(part) == len(code) + 1 and part not in vocab().code_to_type and any(
            part[i] == part[i + 1] and part[:i] + part[i + 1:] == code for i in range(len(part) - 1)):
        return "/".join(segs[:k] + [code + segs[k][len(part):]] + segs[k + 1:])  # "QĐĐ", "KHH"
    if part == code or len(part) != len(code) or part in vocab().code_to_type \
            or Levenshtein.distance(fold(part), fold(code)) > 1 or Levenshtein.distance(part, code) > 1:
        return None
    segs[k] = code + segs[k][len(part):]
    return "/".join(segs)


_NO_SLASH = re.compile(r"^(\d{1,5})([^\W\d_]{1,4})-([^\W_][\w.-]*)$")  # "05CT-UBND", "45KH-BCH"


def _lost_slash(number: str, code: str | None) -> str | None:
    """'05CT-UBND' under a "CHỈ THỊ" → '05/CT-UBND': the "/" between the number and its type code,
    lost by Tesseract (a fax, a page tilted 4°), put back when the letters after the digits are
    the type line's code; anything else stays unread."""
    m = _NO_SLASH.match(number)
    if not m or not code or m.group(2) != code:
        return None
    return f"{m.group(1)}/{m.group(2)}-{m.group(3)}"


def _initials(name: str) -> str:
    """An agency's code as Decree 30 makes it from its name: each word's first letter, marks off
    ("Đ" stays), "và" left out ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG" → "STTTT")."""
    firsts = [w[0] for w in re.findall(r"[^\W\d_]+", name) if w.lower() != "và"]
    return unmarked("".join(firsts).upper())


def _mend_code_letter(number: str, names: list[str]) -> str | None:
    """'9/KH-STTTI' under "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" → '9/KH-STTTT': an "I" in a code part,
    which no code has (none among the corpus's 11,197 numbers; a "T" whose bar a phone photo
    blurred), mended to the issuer's initials when they are the part's letters everywhere else."""
    head, _, code = number.partition("/")
    if not code:
        return None
    parts = re.split(r"([/-])", code)
    for i, part in enumerate(parts):
        if "I" not in part or not re.fullmatch(r"[A-ZĐ]+", part):
            continue
        for initials in map(_initials, names):
            if len(initials) == len(part) and all(a == b or a == "I" for a, b in zip(part, initials)):
                parts[i] = initials
                break
    mended = head + "/" + "".join(parts)
    return mended if mended != number else None


_CODE_ONLY = re.compile(r"^/[\dA-ZĐ/().-]*[A-ZĐ][\dA-ZĐ/().-]*$")  # "/2024/TT-BCT", "/KH-UBND"


def _number_in_pieces(pieces: list[tuple[int, str]]) -> tuple[int, str] | None:
    """(piece index, number) where the number line was read in three pieces: "Số:" alone, the
    digits of a numbering stamp set off the line next to it, and the printed code on a line of its
    own further on (bct-23: "23" / "_ Số:" / … / "/2024/TT-BCT")."""
    for k, (_i, p) in enumerate(pieces):
        if not patterns.NUMBER_WORD_ALONE.match(p.lstrip("_ ")):  # "Số:" and nothing read after it
            continue
        digits = [q for q in pieces[max(0, k - 2):k + 3] if q[1].isdigit() and len(q[1]) <= 5]
        codes = [q for q in pieces[k + 1:k + 9] if _CODE_ONLY.match(q[1])]
        if len(digits) == 1 and codes:
            return k, digits[0][1] + codes[0][1]
    return None


# What stands before a number's first "/": digits ("66.15", a form's "05.a" too), maybe a letter
# after them ("12a"), a Party number's type after a hyphen ("12-KH", "05-CTr"), or nothing (a
# blank left blank); a blank's dots aside. The letter is never one that looks like a digit ("1i"
# for a handwritten 997, bench_blanks seed 67: a handwritten digit read as a letter); the corpus's
# numbers have a, b, c, A–D and N there
_NUMBER_HEAD = re.compile(r"(?:\d+(?:\.[0-9A-Za-z]+)*(?![iIlLoOzZsSgq])[A-Za-z]?)?(?:-[A-ZĐ][A-Za-zĐđ]{0,7})?")


# a code's part between "/": Latin letters, Đ, digits and the marks codes use ("UBND-VX",
# "SGDĐT-CTrTT", "TTr-CAT(PC04)", "BGD&ĐT"); "Ñ&s" is handwriting read as letters
_CODE_PART = re.compile(r"[A-Za-zĐđ0-9&().\-]+")


def _readable_number(number: str) -> bool:
    """A number as Decree 30 prints one: its own part, then maybe a year ("/2024"), then a code
    that starts with a letter and holds a code's characters. Handwriting read as letters and marks
    ("2Z)#7Z7/KH-SYT", digits read into the code: "381/2b&KH-STP", "/Ñ&s/KH-BCH") is not."""
    if "//" in number:
        return False  # an empty part ("589//KH-…", "//KH-…"): a handwritten "1" or "7" read as a slash
    head, *rest = number.split("/")
    if not _NUMBER_HEAD.fullmatch(head.strip("._… ")) or not (rest or any(c.isdigit() for c in head)):
        return False  # no "/" and no digit ("-" for a number's scraps) is no number either
    while rest and re.fullmatch(r"\d{4}", rest[0]):
        rest.pop(0)
    if rest and rest[0] and (rest[0][0].islower() or len(rest) > 1 and len(rest[0]) == 1):
        # "87/j/KH-STTTT", "4/S/SGDĐT-VP": a handwritten digit read as a letter between slashes; of
        # the corpus's 11,197 numbers no code starts lower case or with a part of one letter
        return False
    return not rest or (not rest[0] or rest[0][0].isalpha() or bool(re.match(r"\d{4}[-A-ZĐ]", rest[0]))) \
        and all(_CODE_PART.fullmatch(r) for r in rest if r)


# a law, an ordinance or a resolution of the National Assembly prints no place-date line: its date is
# the day it was passed, in its closing sentence ("… khóa XV, kỳ họp thứ 4 thông qua ngày 09 tháng
# 01 năm 2023.")
PASSED_TYPES = ("LUẬT", "BỘ LUẬT", "PHÁP LỆNH", "NGHỊ QUYẾT")
_PASSED_ON = re.compile(r"\bthông qua\s+ngày\b")


def passing_date(lines: list[str]) -> str | None:
    """The ISO date of the last "… thông qua ngày …" with a whole date in ``lines``."""
    for i in range(len(lines) - 1, -1, -1):
        m = _PASSED_ON.search(lines[i])
        if m:
            found = dates(lines[i][m.start():] + (" " + lines[i + 1] if i + 1 < len(lines) else ""))
            if found and found[0][1]:
                return found[0][1]
    return None


def parse_header(lines: list[str]) -> Header:
    """The header (Thể thức) → metadata: each field found by its own function above."""
    pieces = header_pieces(lines)
    a = find_anchors(pieces)
    number = a.number[1] if a.number else None
    pieced = _number_in_pieces(pieces) if number is None else None
    if pieced:
        a.number, number = pieced, pieced[1]
    place, date = (a.place_date[1], a.place_date[2]) if a.place_date else (None, None)
    type_code, agency_code = doc_code_from_number(number)
    unread_number = None
    if number and not _readable_number(number):
        # "-'/*BCA-C04", "2Z)#7Z7/KH-SYT": what stands in the number's blank is no number
        # (handwriting not read); the number is not invented from it, nor passed on half-read
        # (a blank left blank, "/KH-UBND", is kept as printed)
        unread_number, number = number, None
    doc_type, type_code, title_lines, body_start, warnings = find_type_and_title(pieces, a, type_code)
    slashed = _lost_slash(unread_number, type_code) if unread_number else None
    if slashed:
        warnings.append(f"the number read {unread_number!r} has no '/' before its type code, which the type "
                        f"line says is {type_code!r}: {slashed!r}")
        unread_number, number = None, slashed
        type_code, agency_code = doc_code_from_number(number)
    if pieced:
        warnings.append(f"the number was read in pieces apart (a numbering stamp off its line?) and put "
                        f"together: {number!r}")
    number_fix = _mend_type_code(number, type_code) if number and type_code else None
    if number_fix:
        warnings.append(f"the number's type code read {number!r} was taken as the type line's "
                        f"{type_code!r}: {number_fix!r}")
        number = number_fix
        _, agency_code = doc_code_from_number(number)
    issuer, parent, fixes = find_issuer(pieces, a, lines, agency_code, place)
    if slashed and a.number:
        line = pieces[a.number[0]][0]
        fixes[line] = lines[line].replace(slashed.replace("/", "", 1), slashed, 1)
    if number_fix and a.number:
        line = pieces[a.number[0]][0]
        fixes[line] = _NUMBER_CODE.sub(lambda m: m.group(1) + type_code, lines[line], count=1)
    letter_fix = _mend_code_letter(number, [n for n in (issuer, parent) if n]) if number else None
    if letter_fix:
        warnings.append(f"the number's code read {number!r} has an 'I', which no agency code has; taken as "
                        f"the issuer's initials: {letter_fix!r}")
        if a.number:
            line = pieces[a.number[0]][0]
            fixes[line] = fixes.get(line, lines[line]).replace(number.split("/", 1)[1], letter_fix.split("/", 1)[1], 1)
        number = letter_fix
    urgency = _urgency_piece(pieces)
    if urgency and lines[urgency[0]].strip() and fold(lines[urgency[0]]).strip(" .!") == fold(urgency[1]):
        # a stamp, like the received one: read into metadata.urgency, no line of the text
        fixes[urgency[0]] = ""
    meta = {
        "issuer": issuer, "parent_issuer": parent,
        "national_title": a.national_title[1] if a.national_title else None,
        "motto": a.motto[1] if a.motto else None,
        "number": number, "doc_type": doc_type, "doc_type_code": type_code, "urgency": urgency[1] if urgency else None,
        "place": place, "date": date, "title": strip_end(squash(" ".join(title_lines))) or None, "references": [],
        "signer": {"authority": None, "title": None, "name": None}, "recipients": [],
    }
    for key in ("issuer", "number", "doc_type", "date", "title"):
        if meta[key] is None and not (key == "title" and NO_TITLE in warnings):
            warnings.append(unread_field(key))
    if unread_number:
        warnings.append(f"the number's blank holds no readable number (read {unread_number!r}): number left null")
    return Header(metadata=meta, body_start=body_start, warnings=warnings, fixes=fixes)


# ---------------------------------------------------------------- references

def parse_references(paragraphs: list[str]) -> list[str]:
    v = vocab()
    # the first letter may have lost its capital in OCR ("kế hoạch số 84/KH-…")
    types = "|".join(f"[{t[0]}{t[0].lower()}]{re.escape(t[1:])}" for t in v.cited_doc_types)
    openers = "|".join(re.escape(o) for o in v.reference_openers)
    refs: list[str] = []
    for para in paragraphs:
        m = re.match(rf"^\s*(?:{openers})\s+(?P<rest>.*)$", para)
        if not m:
            continue
        rest = m.group("rest")
        for piece in re.split(rf"\s+và\s+(?=(?:{types})\b)|;\s*|,\s+(?=(?:{types})\s+số)", rest):
            piece = piece.strip()
            if not re.match(rf"^(?:{types})\b", piece):
                continue
            piece = re.split(r"\s+về\s+|\s+\(|\s+quy định\s+|\s+hướng dẫn\s+", piece)[0]
            piece = strip_end(piece)
            piece = piece[:1].upper() + piece[1:]
            if len(piece.split()) >= 2:
                refs.append(piece)
    return refs


# ---------------------------------------------------------------- closing

_LOOSE_AUTHORITY = re.compile(r"^\W{0,2}(?P<p>[A-Za-z/]{1,4})\s*[.,:]\s*(?P<rest>\S.*)$")
_PREFIXES = ("TM", "KT", "TL", "TUQ", "Q")


def _authority(line: str, issuer: str | None = None) -> tuple[str, str] | None:
    """(prefix, body) of a signer authority line, also when OCR broke the prefix ("FML. ỦY BAN…"):
    then the body tells it: a collective body is signed for (TM.), a head's title deputised (KT.)."""
    s = line.strip()
    m = _AUTHORITY.match(s)
    if m:
        return m.group("p"), m.group("rest")  # "T/M" of a Party document kept as printed (SPEC)
    m = _LOOSE_AUTHORITY.match(s)
    if not m or not is_upper_line(m.group("rest")) or (len(m.group("p")) == 1 and m.group("p").islower()):
        return None
    body = strip_end(m.group("rest"))
    if re.match(r"^(PHÓ|THỨ TRƯỞNG)\b", body):
        return None  # a deputy's title is the title under "KT. X", never an authority of its own
    v = vocab()
    agencies = list(v.agencies.values()) + ([_agency_of(issuer)] if issuer else [])
    if best_match(body, agencies, T().agency):
        return "TM", body
    if best_match(body, v.signer_titles, T().signer_title):
        p = m.group("p").upper()
        return (p if p in _PREFIXES else "KT"), body
    return None


def _known_start(text: str, choices: list[str], best_whole: float) -> str | None:
    """``text`` whose first words are a damaged reading of a known phrase and which goes on with
    more words: the phrase mended, the words after it kept as read ("PHỦ CHỦ TỊCH THƯỜNG TRỰC" →
    "PHÓ CHỦ TỊCH THƯỜNG TRỰC"); ``text`` as read when a known phrase begins it letter for letter,
    marks aside ("BAN THƯỜNG VỤ TỈNH ĐOÀN"). Matched whole to the nearest phrase, such a line lost
    its last words or had them replaced ("PHÓ CHỦ TỊCH QUỐC HỘI", "BAN THƯỜNG VỤ"). The phrase's
    first word may have been read in two ("PI Ó BÍ THƯ"): a word more or less is tried. None when
    no phrase begins the line more surely (``best_whole``) than one matches it whole."""
    words = text.split()
    while len(words) > 1 and len(words[-1]) == 1:
        words.pop()  # a speck or a signature's stroke read as a letter after the line
    text, ft = " ".join(words), fold(" ".join(words))
    if any(ft.startswith(fold(c) + " ") for c in choices):
        return _longer_known(text, choices) or text
    heads = [(similarity(" ".join(words[:k]), c), -abs(k - len(c.split())), k, c) for c in choices
             for k in range(max(1, len(c.split()) - 1), min(len(words), len(c.split()) + 2))]
    score, _, k, head = max(heads, default=(0.0, 0, 0, ""))
    if score >= T().signer_title and score > best_whole:
        return " ".join([head] + words[k:])
    return None


def _longer_known(text: str, choices: list[str]) -> str | None:
    """'CHỦ TỊCH QUỐC TỘI' → 'CHỦ TỊCH QUỐC HỘI': a line that begins with a known phrase letter for
    letter and whose words after it are a longer known phrase's, one letter off (a seal's edge
    over the last word). More words, or words further off, are kept as read."""
    n = len(text.split())
    for c in choices:
        if len(c.split()) != n or c == text:
            continue
        start = next((b for b in choices if len(b) < len(c) and c.startswith(b + " ") and text.startswith(b + " ")), None)
        if start and len(c) - len(start) > 4 and Levenshtein.distance(text[len(start):], c[len(start):]) <= 1:
            return c
    return None


def _canonical_authority_body(rest: str, issuer: str | None) -> str:
    v = vocab()
    rest = squash(re.sub(r"[^\w\s]|[\d_]", " ", rest)).upper()
    choices = list(v.signer_titles) + list(v.agencies.values())
    if issuer:
        choices.insert(0, _agency_of(issuer))
    whole = max((similarity(rest, c) for c in choices), default=0.0)
    if (started := _known_start(rest, choices, whole)) is not None:
        return started  # "TM. BAN THƯỜNG VỤ TỈNH ĐOÀN", "TM. ỦY BAN NHÂN DÂN TỈNH" as printed
    best = best_match(rest, choices, T().authority_body)
    if best:
        return best
    # "CHỦ T W": the first letters may be all that survived a seal
    letters = capital_letters(rest)
    if len(letters) >= 4:
        starting = {c for c in choices if capital_letters(c).startswith(letters[:4])}
        shortest = min(starting, key=len, default=None)
        # one title, or one and the longer ones it begins ("CHỦ TỊCH", "CHỦ TỊCH QUỐC HỘI")
        if shortest and all(c == shortest or c.startswith(shortest + " ") for c in starting):
            return shortest
    return rest


def _agency_of(issuer: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH' → 'ỦY BAN NHÂN DÂN' (the name without its locality)."""
    f = fold(issuer)
    for loc in vocab().folded_localities:
        m = re.search(rf"\s{re.escape(loc)}\s", f + " ")
        if m:
            return issuer[:m.start()].strip()
    return issuer


def _canonical_title(line: str) -> str:
    """A signer title line: a known title when the line is a damaged reading of one; a known
    title followed by more words ("PHÓ GIÁM ĐỐC THƯỜNG TRỰC", "TRƯỞNG PHÒNG TỔ CHỨC CÁN BỘ")
    is kept whole, its title part mended when damaged (``_known_start``)."""
    v = vocab()
    text = squash(re.sub(r"[^\w\s]|[\d_]", " ", line)).upper()
    if not text:
        return text
    ft = fold(text)
    best, score = None, 0.0
    for t in v.signer_titles:
        s = similarity(text, t)
        if fold(t).endswith(ft) and len(ft.replace(" ", "")) >= 4:
            # the title's beginning lost under a seal ("…TỊCH"); a letter or two is a speck, not
            # the end of "CHÁNH THANH TRA"
            s = max(s, T().title_tail + (1 - T().title_tail) * len(ft) / len(fold(t)))
        if s > score:
            best, score = t, s
    if (started := _known_start(text, list(v.signer_titles), score)) is not None:
        return started
    if best and len(capital_letters(text)) > len(capital_letters(best)) + 4:
        return text  # more than a damaged reading of it: other words ("PHÓ THỦ TƯỚNG" for a Party title)
    return best if best and score >= T().title_tail else text


_DEPUTISED = ("KT. ", "K/T ")  # ký thay, as the State and the Party print it: both four characters


def _in_words(line: str) -> bool:
    """A title outside the vocabulary is still Vietnamese words ("TRƯỞNG PHÒNG TỔ CHỨC CÁN BỘ"); a
    line of capitals with a word no syllable could be ("VE NVY": the recipients' "Lưu: VT, NVY."
    broken by a photocopy and read beside the signer) is none."""
    from ..correct.candidates import generator  # the syllable rules live with the corrector

    gen = generator()
    return all(gen.token_class(w.lower()) != "invalid" for w in re.findall(r"[^\W\d_]+", line))


def _deputy_title(authority: list[str]) -> str | None:
    """'KT. GIÁM ĐỐC' → 'PHÓ GIÁM ĐỐC'; 'KT. BỘ TRƯỞNG' → 'THỨ TRƯỞNG'."""
    if not authority or not authority[-1].startswith(_DEPUTISED):
        return None
    head = authority[-1][4:]
    if head not in vocab().signer_titles:
        return None
    return _deputy_of(head)


def _lost_deputising(lines: list[str], pick: int, title: str | None, auth: list[int]) -> str | None:
    """'KT. CHÁNH VĂN PHÒNG' for "H VĂN PHÒNG" read right over "PHÓ CHÁNH VĂN PHÒNG": a deputy
    signs under "KT." and the head's title (Decree 30), and a seal's edge over the line's start
    took "KT. CHÁN"; the line, not an authority line as read, ends as the head's title does (four
    letters or more of it). None for any other line."""
    v = vocab()
    heads = [h for h in v.signer_titles if title and _deputy_of(h) == title]
    if not heads or pick == 0 or (pick - 1) in auth:
        return None
    above = strip_end(lines[pick - 1].strip())
    seen = fold(re.sub(r"[^\w\s]|[\d_]", " ", above)).split()
    if not is_upper_line(above) or len("".join(seen)) < 4:
        return None
    for head in heads:
        if " ".join(fold(head).split()[-len(seen):]).endswith(" ".join(seen)) and len(seen) <= len(head.split()):
            return f"KT. {head}"
    return None


def _deputy_of(head: str) -> str:
    return "THỨ TRƯỞNG" if head == "BỘ TRƯỞNG" else f"PHÓ {head}"


# academic and professional degrees printed before a signer's name, kept with it as a rank is
# ("PGS.TS. Nguyễn Ngọc Quang", "ThS. Lê Văn Nam", "BSCKII. Trần Thị Hoa", "GS.TSKH. Đặng Vũ Minh")
# a specialist doctor's level's "I"s are read as other strokes ("BSCKNH." for BSCKII. on a photocopy)
_DEGREES = re.compile(r"^\s*((?:(?:GS|PGS|TSKH|TS|ThS|BSCK[IlL1|NH]{1,2}|BS|CK[IlL1|NH]{1,2}|DS|KS|LS|NCS)\s*\.\s*)+)"
                      r"(?=\S)")
_SPECIALIST = re.compile(r"(CK)([IlL1|NH]{1,2})(?=\s*\.)")


def _without_degrees(line: str) -> tuple[str, str]:
    """('PGS.TS. ', 'Nguyễn Ngọc Quang') from 'PGS.TS. Nguyễn Ngọc Quang'; ('', line) without any.
    A degree is a closed list's abbreviation, no part of the name: its level is mended ("BSCKNH."
    → "BSCKII."), as a title is."""
    m = _DEGREES.match(line)
    if not m:
        return "", line
    return _SPECIALIST.sub(lambda k: k.group(1) + "I" * len(k.group(2)), m.group(1)), line[m.end():]


def looks_like_name(line: str) -> bool:
    """'Nguyễn Văn A': two to six capitalised words, no digits, no abbreviations ('Lưu VT'); a
    degree before it ("PGS.TS.") is no abbreviation of a list."""
    line = _without_degrees(line)[1]
    words = [w for w in re.sub(r"[^\wÀ-ỹ\s]", " ", line).split()]
    if not 2 <= len(words) <= 6 or is_upper_line(line) or any(ch.isdigit() for ch in line):
        return False
    if _RECIPIENTS.match(line.strip()):
        return False  # "Nơi nhận": the recipients' label, read beside the signer block
    if any(len(w) >= 2 and w.isupper() for w in words):
        return False
    return sum(w[:1].isupper() for w in words) >= len(words) - 1


def _canonical_name(line: str, raw: str | None = None) -> str:
    """A signer's name as printed under the signature, a rank included ("Thiếu tá Nguyễn Văn An").
    People's names are open-ended: no word is replaced by a "closer" known name or surname. Only
    debris around it goes: a signature's last stroke read as a letter after it, and a seal or
    signature speck read as a one-letter word before a surname."""
    v = vocab()
    degrees, line = _without_degrees(line)
    if degrees:
        return squash(degrees).strip() + " " + _canonical_name(line, raw and _without_degrees(raw)[1])
    # an apostrophe inside a name is the name's ("H'Hen Niê", "Điểu K'Ré")
    words = [w.strip("'’") for w in re.sub(r"[^\wÀ-ỹ\s'’]", " ", line).split() if w.strip("'’")]
    # a word of no letter ("ˆ", a modifier circumflex: a seal's speck after "Đỗ Văn Hiệp") is no name's
    words = [w for w in words if any(ch.isalpha() and unicodedata.category(ch) != "Lm" for ch in w)]
    while len(words) > 2 and words[-1] in ("I", "l", "i", "|"):
        words.pop()  # a signature's last stroke read as a letter
    if len(words) >= 3 and len(words[0]) == 1 and fold(words[1]) in v.folded_surnames:
        words.pop(0)  # "Y, Lê Đức Giang": a seal or signature stroke read as a letter before the surname
    if not words:
        return line
    if _unreadable(words[0]) and len(words) >= 2:
        # the first word is no syllable at all ("íỹễn", or the corrector's lower-case guess for
        # it): a seal or signature stroke crossed the surname. It is read again among family names
        # from the letters OCR saw, when at least three came through ("íỹễn"; from "ô" any of
        # Tô, Ngô, Đỗ… would be a guess); a valid word ("Hầu", "Vừ") is never replaced.
        raw_words = [w for w in re.sub(r"[^\wÀ-ỹ\s]", " ", raw or "").split() if w]
        seen = raw_words[0] if raw_words and len(raw_words) == len(words) else words[0]
        best, score = None, (T().surname_reread if len(fold(seen)) >= 3 else 2.0)
        for rank, (fs, s) in enumerate(v.folded_surnames.items()):
            r = 0.5 * similarity(fold(seen), fs) + 0.5 * fuzz.ratio(seen.lower(), s.lower()) / 100.0 - 0.001 * rank
            if len(fold(seen)) >= 3 and fs.endswith(fold(seen)[-3:]):
                r += 0.1  # the end of the word came through ("…ễn")
            if r > score:
                best, score = s, r
        if best:
            words[0] = best
    return " ".join(words)


def damaged_name_word(word: str) -> bool:
    """A name's word that lost letters: it does not begin with a capital ("ô Thị Lan", "íỹễn",
    ":Ỷ—"). A capitalised word that is no Vietnamese syllable ("Ksor", "Kpă", "John") is a name
    as printed."""
    return not word[:1].isupper()


def _unreadable(word: str) -> bool:
    """Not a possible Vietnamese syllable (two tone marks, an impossible rhyme), or not
    capitalised where a name must be."""
    import unicodedata

    from ..correct.candidates import generator
    from ..correct.syllable import is_valid

    if word[:1].islower():
        return True
    tones = sum(ch in "\u0300\u0301\u0309\u0303\u0323" for ch in unicodedata.normalize("NFD", word))
    return tones > 1 or not is_valid(word.lower(), generator().rhymes)


def _dashed_title(line: str) -> bool:
    """"- GIÁM ĐỐC.": a speck before the title read as a dash; a recipient would end with ";"."""
    s = _DASH.sub("", line.strip(), count=1)
    return not s.rstrip().endswith(";") and bool(best_match(strip_end(s), vocab().signer_titles, T().signer_title_strict))


def find_signer_block(lines: list[str], start: int, issuer: str | None) -> tuple[list[int], list[int], int | None]:
    """(authority lines "TM."/"KT."/"Q.", title lines, where the signer block starts) in the last 40
    lines of the body."""
    v = vocab()
    n = len(lines)
    lo = max(start, n - 40)
    auth = [i for i in range(lo, n) if _authority(lines[i], issuer)]
    titled = [i for i in range(lo, n) if is_upper_line(title_part(lines[i])) and i not in auth
              and (best_match(strip_end(title_part(lines[i])), v.signer_titles, T().signer_title)
                   if not _DASH.match(lines[i].strip()) else _dashed_title(lines[i]))]
    return auth, titled, auth[0] if auth else (titled[0] if titled else None)


def _own_block(auth: list[int], names: list[int], end: int) -> list[int]:
    """The authority lines of the signer whose name is read last: of two signers side by side (a
    joint circular's two ministers, a memorandum's two chairmen, each "KT."/"TM." over a name, read
    left block first), those after the other's name; one block's lines are all kept."""
    before = [j for j in names if j < end]
    if before and any(i > before[-1] for i in auth if i < end):
        return [i for i in auth if i > before[-1]]
    return auth


def _authority_locality(line: str) -> str | None:
    """'TỈNH LÀO CAI' under "TM. ỦY BAN NHÂN DÂN": the body's locality set on a line of its own (where
    two bodies sign, each names its own), part of the authority; None for any other line."""
    s = strip_end(line.strip())
    if not is_upper_line(s) or _canonical_title(s) in vocab().signer_titles:
        return None
    f = fold(s)
    starts = any(f.startswith(fold(w) + " ") for w in vocab().localities)
    return s if starts and len(s.split()) <= 6 else None


def read_signer(lines: list[str], auth: list[int], titled: list[int], sig_start: int, issuer: str | None,
                raw_lines: list[str] | None, fixes: dict[int, str] | None,
                warnings: list[str] | None = None) -> tuple[dict, set[int]]:
    """The signer block → {authority, title, name} and the lines it used. The name is the block's
    last line; the title the nearest known title above it (seals, signatures and a recipients
    column may put other lines in between)."""
    v = vocab()
    n = len(lines)
    signer = {"authority": None, "title": None, "name": None}
    used: set[int] = set()
    names = [j for j in range(sig_start + 1, n) if looks_like_name(lines[j]) and j not in auth]
    name_idx = names[-1] if names else None
    end = name_idx if name_idx is not None else n
    authority = []
    last_body = ""
    auth = _own_block(auth, names, end)
    for i in auth:
        if i < end:
            prefix, last_body = _authority(lines[i], issuer)
            # the Party's "T/M BAN THƯỜNG VỤ" has no full stop (Hướng dẫn 36-HD/VPTW); the State's "TM." has
            authority.append(f"{prefix}{' ' if '/' in prefix else '. '}{_canonical_authority_body(last_body, issuer)}")
            used.add(i)
            if fixes is not None:
                fixes[i] = authority[-1]
            if i + 1 < end and (more := _authority_locality(lines[i + 1])):
                authority[-1] += " " + more  # "TM. ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI"
                used.add(i + 1)
    candidates = [i for i in range(sig_start, end) if i not in auth and title_part(lines[i])
                  and (_canonical_title(title_part(lines[i])) in v.signer_titles
                       or (is_upper_line(lines[i]) and not _DASH.match(lines[i].strip())
                           and sum(ch.isalpha() for ch in lines[i]) >= 4 and _in_words(title_part(lines[i]))))]
    known = [i for i in candidates if _canonical_title(title_part(lines[i])) in v.signer_titles]
    under_authority = [i for i in known if authority and 0 < i - max(j for j in auth if j < end) <= 2
                       and is_upper_line(lines[i]) and best_match(strip_end(title_part(lines[i])), v.signer_titles,
                                                                  T().signer_title)]
    if not auth and titled:
        # no authority line: the block opens with the title itself (what follows it before the one
        # name is seal debris); of two signers side by side, each with a name (a biên bản's THƯ KÝ
        # | CHỦ TỌA), the title over the name read last: the right-hand one
        pick = max((i for i in titled if i < end), default=sig_start) if len(names) >= 2 else sig_start
    elif under_authority:
        pick = under_authority[0]  # Decree 30 sets the title right under the authority line
    else:  # the title nearest the name: seals and signatures leave debris above it
        pick = (known or candidates)[-1] if (known or candidates) else None
    if pick is not None:
        signer["title"] = _canonical_title(title_part(lines[pick]))
        used.add(pick)
        if (lost := _lost_deputising(lines, pick, signer["title"], auth)) is not None:
            authority.append(lost)
            last_body = lost[4:]
            used.add(pick - 1)
            if fixes is not None:
                fixes[pick - 1] = lost
            if warnings is not None:
                warnings.append(f"the line over the deputy's title read {lines[pick - 1].strip()!r}: its start under a "
                                f"seal, it is the head's line, taken as {lost!r}")
    if authority and authority[-1].startswith(_DEPUTISED) and pick is not None:
        # read the head's title and the deputy's line together: "KT. TRƯỞNG ĐAN" over
        # "PHÓ TRƯỞNG B.\N" is TRƯỞNG BAN, not TRƯỞNG ĐOÀN
        seen = title_part(lines[pick])
        head = max(v.signer_titles, key=lambda x: similarity(last_body, x) + similarity(seen, _deputy_of(x)))
        if similarity(last_body, head) >= T().deputy_head:
            authority[-1] = authority[-1][:4] + head
            if fixes is not None and auth:
                fixes[max(i for i in auth if i < end)] = authority[-1]
    deputy = _deputy_title(authority)
    if deputy and signer["title"] != deputy and not (signer["title"] or "").startswith(deputy + " "):
        # KT. (ký thay): a deputy signs for the head, so the title is the head's deputy (Decree 30)
        signer["title"] = deputy
    if pick is not None and fixes is not None:
        fixes[pick] = signer["title"]
    if name_idx is not None:
        raw = raw_lines[name_idx] if raw_lines and name_idx < len(raw_lines) else None
        name = _canonical_name(strip_end(lines[name_idx]), raw)
        used.add(name_idx)
        if not name.split() or damaged_name_word(name.split()[0]):
            # a stroke or the seal took letters of the name; reading the line again did not bring
            # them back and too few came through to read the surname: the name was not read
            if warnings is not None:
                warnings.append(f"signer name could not be read whole: {lines[name_idx].strip()!r} "
                                "(its first word is no name's): check the page")
        else:
            signer["name"] = name
            if fixes is not None:
                fixes[name_idx] = signer["name"]
    signer["authority"] = " ".join(authority) or None
    return signer, used


def _misread_dash(line: str) -> str | None:
    """The item without its dash when the line starts with a mark that is no letter, digit,
    bracket or quote ("ˆ Phòng HCQT;")."""
    m = _MARK_DASH.match(line)
    if m and not any(fold(ch).isascii() and fold(ch).isalnum() or ch in "(“\"'‘" for ch in m.group("mark")):
        return line[m.end():]
    return None


# the filed copy, the list's last item as Decree 30 has it: "Lưu: VT, NC" ("Lệ: VT,NC" as read)
_FILED_COPY = re.compile(r"^L\S{0,3}\s*[:;.]?\s*VT\b")


def _unlabelled_recipients(lines: list[str], start: int, tail: int = 20) -> int | None:
    """Where the recipients begin when their "Nơi nhận:" was not read (under a seal, or read as
    "-Nuôi" with the first item): a run of dashed items at the document's end that closes with the
    filed copy ("- Lưu: VT"), at least three items, the lines between them that lost their dash
    taken with them. None when there is no such run."""
    filed = next((i for i in range(len(lines) - 1, max(start, len(lines) - tail) - 1, -1)
                  if _DASH.match(lines[i].strip()) and _FILED_COPY.match(_DASH.sub("", lines[i].strip(), count=1))), None)
    if filed is None:
        return None
    first = filed
    i = filed - 1
    while i >= start:
        text = lines[i].strip()
        if _DASH.match(text):
            first = i
        elif not text or text.endswith("/.") or not (i > start and _DASH.match(lines[i - 1].strip())):
            break  # the body's last line ("… quyết định này./."), or no dashed item above
        i -= 1
    dashed = sum(1 for j in range(first, filed + 1) if _DASH.match(lines[j].strip()))
    return first if dashed >= 3 else None


def read_recipients(lines: list[str], rec_idx: int, used: set[int], issuer: str | None,
                    labelled: bool = True) -> list[str]:
    """"Nơi nhận:" and its dashed items, the signer block's lines left out; "Lưu: VT." ends it.
    ``labelled``: ``rec_idx`` is the label's line (else it is the first item's)."""
    first = _RECIPIENTS.match(lines[rec_idx].strip()).group("rest") if labelled else lines[rec_idx]
    chunk = ([first] if first.strip() else []) + [
        x for j, x in enumerate(lines[rec_idx + 1:], rec_idx + 1) if j not in used and not _authority(x, issuer)
        and not (is_upper_line(x) and not _DASH.match(x.strip()))]
    recipients: list[str] = []
    for line in chunk:
        s = line.strip()
        if not s or len(re.sub(r"[^\wÀ-ỹ]", "", s)) < 2:
            continue
        # a new item: after its dash, or after a mark the dash was misread as ("ˆ Phòng HCQT;")
        item = _DASH.sub("", s, count=1) if _DASH.match(s) else _misread_dash(s)
        if item is None and recipients and _FILED_COPY.match(s):
            item = s  # "Lưu: VT," whose dash was lost: the filed copy is an item of its own, always the last
        after_filed_copy = bool(recipients) and fold(recipients[-1]).startswith("LUU")
        if after_filed_copy and (re.search(r"[.;]$", recipients[-1]) or item is not None):
            break  # "Lưu: VT." closes the list (Decree 30); what follows is seal or signature debris
        if item is not None:
            recipients.append(item)
        elif recipients:
            recipients[-1] += " " + s
        else:
            recipients.append(s)
    return [strip_end(squash(r)) for r in recipients if strip_end(r)]


def _name_without_title(lines: list[str], start: int) -> int | None:
    """The signer's name as the document's last line, right after the recipients' dashed items,
    where no title line was read above it (a dark seal over the title): its index, or None."""
    filled = [i for i in range(max(start, len(lines) - 12), len(lines)) if lines[i].strip()]
    if len(filled) < 4 or not looks_like_name(lines[filled[-1]].strip()) or len(lines[filled[-1]].split()) < 2:
        return None
    dashed = [i for i in filled[-6:-1] if _DASH.match(lines[i].strip())]
    return filled[-1] if len(dashed) >= 3 else None


PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"  # the Party's heading, where the national title stands (SPEC)
_STATE_PREFIX = re.compile(r"(?<!\S)(TM|KT|TL)\.\s")


def _party_prefixes(signer: dict, auth_lines: list[int], fixes: dict[int, str] | None) -> None:
    """A Party document's authority in the Party's own form, "T/M", "K/T", "T/L" (Hướng dẫn 36-HD/VPTW;
    SPEC): its slash read as nothing gives the State's "TM." (a Party QUY ĐỊNH of our own, phone photo)."""
    def party(text: str) -> str:
        return _STATE_PREFIX.sub(lambda m: f"{m.group(1)[0]}/{m.group(1)[1]} ", text)

    signer["authority"] = party(signer["authority"])
    for i in auth_lines:
        if fixes is not None and i in fixes:
            fixes[i] = party(fixes[i])


def parse_closing(lines: list[str], start: int, issuer: str | None, meta: dict,
                  raw_lines: list[str] | None = None, fixes: dict[int, str] | None = None,
                  warnings: list[str] | None = None) -> int:
    """Fill signer and recipients; return the index where the closing begins."""
    n = len(lines)
    rec_idx = next((i for i in range(n - 1, start - 1, -1) if _RECIPIENTS.match(lines[i].strip())), None)
    auth, titled, sig_start = find_signer_block(lines, start, issuer)
    meta["signer"], used = ({"authority": None, "title": None, "name": None}, set()) if sig_start is None else \
        read_signer(lines, auth, titled, sig_start, issuer, raw_lines, fixes, warnings)
    if meta.get("national_title") == PARTY and meta["signer"]["authority"]:
        _party_prefixes(meta["signer"], [i for i in auth if i in used], fixes)
    if sig_start is None and (alone := _name_without_title(lines, start)) is not None:
        meta["signer"]["name"] = lines[alone].strip()
        used.add(alone)
        if warnings is not None:
            warnings.append("the signer's title could not be read (a seal over it?): the name under it was "
                            "read alone")
    labelled = rec_idx is not None
    if rec_idx is None and (rec_idx := _unlabelled_recipients(lines, start)) is not None and warnings is not None:
        warnings.append("the recipients' label (Nơi nhận) was not read: the dashed items closing with the filed "
                        "copy were taken as the recipients")
    meta["recipients"] = read_recipients(lines, rec_idx, used, issuer, labelled) if rec_idx is not None else []
    cands = [x for x in (rec_idx, sig_start) if x is not None]
    return min(cands) if cands else n
