"""Reading order from word boxes: lines, side-by-side blocks, page numbers.

Tesseract sometimes reads a header row as one line ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI…").
We rebuild lines ourselves: a line is cut where the gap between two words is far wider than a
word space; rows cut that way are evidence of side-by-side blocks. A band of such blocks
(issuer | national title, number | place-date, recipients | signer) is read left block first,
then right block (SPEC). A Decree-30 header has two rows of blocks: the number line ("Số:") and
the place-date line start the second one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from statistics import median

from . import patterns
from .grid import Grid, Rules, grids
from .ocr import Word
from .text import fold

_NUMBER_LINE = patterns.NUMBER_LINE_START
_DATE_LINE = patterns.DATE_LINE
# the word garbled ("Sề, 19/2026/NQ-CP") but the number there: a digit or the "/" on the line
_NUMBER_LINE_GARBLED = re.compile(r"^\W{0,3}S\S{0,2}\s*[:;.,]?\s+\S*[\d/]")


def _number_line(text: str) -> bool:
    return bool(_NUMBER_LINE.match(text) or _NUMBER_LINE_GARBLED.match(text))


_PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,3}[-–\s]*$")
MIN_TABLE_ROWS = 3  # rows of three or more cells that make a table
HEADER_PIECES = 16  # the Decree-30 header's pieces: the first ones in reading order


@dataclass
class Segment:
    words: list[Word] = field(default_factory=list)
    in_cell: bool = False  # cut from its line by a table's rule: a lone "4" there is the row's number

    @property
    def left(self) -> int:
        return min(w.left for w in self.words)

    @property
    def right(self) -> int:
        return max(w.right for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def conf(self) -> float:
        confs = [w.conf for w in self.words if w.conf >= 0]
        return sum(confs) / len(confs) if confs else 0.0


def _tess_lines(words: list[Word]) -> list[list[Word]]:
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault((w.block, w.par, w.line), []).append(w)
    return _rejoin_date_lines([sorted(ws, key=lambda w: w.left) for ws in lines.values()])


def _continues_date(a: Word, line: list[Word]) -> bool:
    """``line`` goes on from the date word ``a`` across its blank: it starts to the right of ``a``
    within a blank's width, level with it, and its next date word comes within three words."""
    b = line[0]
    level = min(a.bottom, b.bottom) - max(a.top, b.top) >= 0.5 * min(a.height, b.height)
    if not (level and 0 <= b.left - a.right <= BLANK_GAP * a.height):
        return False
    return _blank_between(a, line)


def _rejoin_date_lines(lines: list[list[Word]]) -> list[list[Word]]:
    """Tesseract ends a line at a date's blank whose handwriting it read as a stray mark or not at
    all ("… ngày 25 tháng" | "` năm 2024"): the two are one line again, so that the blank has its
    words on both sides."""
    out = list(lines)
    for ws in out:
        if not ws or not (patterns.DAY_WORD_LOOSE.match(ws[-1].text) or patterns.month_word(ws[-1].text)):
            continue
        for other in out:
            if other is not ws and other and _continues_date(ws[-1], other):
                ws.extend(other)
                other.clear()
                break
    return [ws for ws in out if ws]


_RULE_MARK = re.compile(r"^[_|—–\-\[\]!l1I]{1,2}$")


def _ruled_between(prev: Word, w: Word, vertical: tuple[tuple[int, int, int], ...]) -> bool:
    """A vertical rule (a table's cell border) between two words of a line."""
    mid = (min(prev.top, w.top) + max(prev.bottom, w.bottom)) / 2
    return any(prev.right - 3 <= x <= w.left + 3 and y0 <= mid <= y1 for x, y0, y1 in vertical)


def _on_rule(w: Word, vertical: tuple[tuple[int, int, int], ...]) -> bool:
    """A mark OCR read where a cell border was erased ("_", "|"): the rule's remains, no text."""
    mid = (w.top + w.bottom) / 2
    return bool(_RULE_MARK.match(w.text)) and not w.text.isdigit() and any(
        w.left - 3 <= x <= w.right + 3 and y0 <= mid <= y1 for x, y0, y1 in vertical)


# A printed blank of the date ("ngày      tháng      năm") whose handwriting was
# read as no word is a wide gap inside one line: up to this many heights it is no column's gutter
BLANK_GAP = 6.0


def _blank_between(prev: Word, after: list[Word]) -> bool:
    """The words either side of a date's blank: "ngày" | "tháng", "tháng" | "năm", the next date
    word maybe after a stray mark or two the handwriting was read as. (Not "Số:" | "/2024/TT-BCT":
    a number stamped above its line is put together from the pieces apart.)"""
    if patterns.DAY_WORD_LOOSE.match(prev.text):
        return any(patterns.month_word(w.text) for w in after[:3])
    if patterns.month_word(prev.text):
        return any(patterns.YEAR_WORD_LOOSE.match(w.text) for w in after[:3])
    if patterns.NUMBER_WORD_ALONE.match(prev.text) and after:
        # "Số:      /TB-UBND" on one line: the number's blank, its ink read as no word (a stamp in
        # red, which the cleaning takes out like a seal)
        return bool(re.match(r"^(?:/[A-ZĐ]|-[A-ZĐ]{1,5}/)", after[0].text))  # "/TTr-UBND", Party's "-KH/TU"
    return False


DAY_WORD_HEIGHTS = 2.0  # printed "ngày" is 1.72–2.27 times as wide as its box is high (dev headers)


def _unglued(w: Word) -> list[Word]:
    """A place glued to "ngày" as two words, the second about as wide as "ngày" prints, so that the
    day's blank after it is found (and the text gets its space back)."""
    m = patterns.PLACE_GLUED_DAY.match(w.text)
    if not m or w.width < 3 * w.height:
        return [w]
    day_width = min(w.width - w.height, int(DAY_WORD_HEIGHTS * w.height))
    place = replace(w, text=m.group(1), width=w.width - day_width - 1)
    return [place, replace(w, text=m.group(2), left=w.right - day_width, width=day_width)]


def split_lines(words: list[Word], rules: Rules = Rules()) -> tuple[list[Segment], list[tuple[Segment, Segment]]]:
    """Segments (line pieces) and the pairs of pieces that one Tesseract line held side by side."""
    segments: list[Segment] = []
    pairs: list[tuple[Segment, Segment]] = []
    for ws in _tess_lines(words):
        ws = [w for w in ws if not _on_rule(w, rules.vertical)] or ws
        ws = [part for w in ws for part in _unglued(w)]
        xheight = median(w.height for w in ws) or 1
        pieces = [Segment([ws[0]])]
        for k, (prev, w) in enumerate(zip(ws, ws[1:]), start=1):
            ruled = _ruled_between(prev, w, rules.vertical)
            gap = w.left - prev.right
            if (gap > 2.5 * xheight and not (_blank_between(prev, ws[k:]) and gap <= BLANK_GAP * xheight)) or ruled:
                pieces[-1].in_cell = pieces[-1].in_cell or ruled
                pieces.append(Segment([w], in_cell=ruled))
            else:
                pieces[-1].words.append(w)
        pieces = [q for piece in pieces for q in _split_header_piece(piece)]
        segments.extend(pieces)
        for a, b in zip(pieces, pieces[1:]):
            pairs.append((a, b))
    return segments, pairs


def _split_header_piece(seg: Segment) -> list[Segment]:
    """Cut a piece where the national title, the motto or the place-date begins, even when the
    gap before it is narrow: 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG Độc lập - Tự do…'."""
    parts = split_columns(seg.text)
    if len(parts) < 2:
        return [seg]
    n_left = len(parts[0].split())
    if not 0 < n_left < len(seg.words):
        return [seg]
    return [Segment(seg.words[:n_left]), Segment(seg.words[n_left:])]


def side_by_side(segments: list[Segment], line_h: float) -> list[tuple[Segment, Segment]]:
    """Pairs of segments on one row with a wide gap between them (left one first)."""
    pairs = []
    for i, a in enumerate(segments):
        for b in segments[i + 1:]:
            if b.top > a.bottom:
                break
            overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
            if overlap < 0.5 * min(a.height, b.height):
                continue
            lft, rgt = (a, b) if a.left < b.left else (b, a)
            if rgt.left - lft.right > 2.5 * line_h:
                pairs.append((lft, rgt))
    return pairs


def _is_noise(seg: Segment) -> bool:
    """Seal rings and signature strokes read as a stray letter or mark."""
    text = seg.text
    if not any(ch.isalnum() for ch in text):
        # a list item's dash standing apart from its text stays; the short rule under an issuer's
        # name, read as "-" at confidence 5, does not
        return text not in ("-", "+", "*") or seg.conf < 30
    # Tesseract's own doubt: below 30 it is reading strokes, not letters
    alnum = sum(ch.isalnum() for ch in text)
    # one letter among marks ("^„ á" where a hand wrote the number) read unsure
    return (alnum <= 1 and seg.conf < 60) or (seg.conf < 30 and alnum < 5) or seg.conf < 12


def _number_before_date(order: list[Segment], line_h: float) -> list[Segment]:
    """Decree 30's number line and place-date line are one row, read number first (SPEC). Printed
    a little apart in height (the number lower: hcm-753), they were read as two rows, date first."""
    head = order[:HEADER_PIECES]
    date = next((k for k, s in enumerate(head) if _DATE_LINE.search(s.text)), None)
    number = next((k for k, s in enumerate(head) if _number_line(s.text)), None)
    if date is None or number is None or number < date:
        return order
    d, n = order[date], order[number]
    if n.right < d.left and abs(n.top - d.top) < 3 * line_h and number - date <= 3:
        order = order[:date] + [n] + [s for s in order[date:] if s is not n]
    return order


def _tess_line(seg: Segment) -> tuple[int, int, int]:
    w = seg.words[0]
    return w.block, w.par, w.line


def _join_broken_lines(segments: list[Segment], line_h: float) -> list[Segment]:
    """One printed line that Tesseract read as two lines, the second going on right after the
    first and a little lower or higher (a phone photo's curved or tilted line: "CỘNG HÒA XÃ HỘI
    CHỦ" | "NGHĨA VIỆT NAM"): joined. Pieces of one Tesseract line were cut on purpose (a wide
    gap, the header's columns) and a table's cells by their rules: they stay apart."""
    out: list[Segment] = []
    for seg in segments:
        host = next((a for a in out if not a.in_cell and not seg.in_cell and _tess_line(a) != _tess_line(seg)
                     and -0.2 * line_h <= seg.left - a.right <= 0.6 * line_h
                     and min(a.bottom, seg.bottom) - max(a.top, seg.top) > 0.5 * min(a.height, seg.height)), None)
        if host is not None and len(split_columns(host.text + " " + seg.text)) == 1:
            host.words.extend(seg.words)
        else:
            out.append(seg)
    return out


def printed_boxes(words: list[Word]) -> list[tuple[int, int, int, int]]:
    """Boxes of the words that are print read with some confidence: what a table's cells hold (a
    photocopy's margin line has only specks beside it, read as "|", "Ị", "ú")."""
    return [(w.left, w.top, w.right, w.bottom) for w in words
            if w.conf >= 50 and (sum(ch.isalnum() for ch in w.text) >= 2 or w.text.isdigit())]


def _too_small(seg: Segment, word_height: float) -> bool:
    """Letters read in marks far smaller than any letter of the page (show-through, specks): an
    "LẠ" 9 px tall among words 36 px tall."""
    return any(ch.isalpha() for ch in seg.text) and max(w.height for w in seg.words) < 0.4 * word_height


def _is_page_number(seg: Segment, page_width: int, page_height: int) -> bool:
    near_edge = seg.bottom < 0.09 * page_height or seg.top > 0.92 * page_height
    # a scan with a wide margin above the page (hcm-753 p2: at 10 %) — centred, as Decree 30 puts it
    centred = abs(seg.centre - page_width / 2) < 0.05 * page_width
    near_edge = near_edge or (centred and (seg.bottom < 0.13 * page_height or seg.top > 0.9 * page_height))
    return near_edge and bool(_PAGE_NUMBER.match(seg.text))


def reading_order(words: list[Word], page_width: int, page_height: int, rules: Rules = Rules()) -> list[Segment]:
    """Segments of one page in reading order, page numbers dropped; ``rules``: the page's printed
    lines (``clean.CleanResult.rules``), whose ruled tables are read cell by cell."""
    if not words:
        return []
    word_h = median(w.height for w in words) or 1
    ruled = grids(rules, printed_boxes(words), word_h)
    borders = tuple(v for v in rules.vertical if any(g.holds(v[1], v[2], v[0], v[0]) for g in ruled))
    segments, line_pairs = split_lines(words, Rules(vertical=borders))
    segments = [s for s in segments if not _is_page_number(s, page_width, page_height)
                and not (_is_noise(s) and not (s.in_cell and s.text.isdigit())) and not _too_small(s, word_h)]
    if not segments:
        return []
    segments.sort(key=lambda s: (s.top, s.left))
    line_h = median(s.height for s in segments) or 1
    segments = _join_broken_lines(segments, line_h)
    kept = {id(s) for s in segments}
    # side by side by geometry, or cut from one Tesseract line (by a wide gap or the header's words)
    pairs = side_by_side(segments, line_h) + [p for p in line_pairs if id(p[0]) in kept and id(p[1]) in kept]
    pair_ids = {id(s) for p in pairs for s in p}
    zones = [z for z in _table_zones(segments, line_h)
             if not any(g.top <= (z[0] + z[1]) / 2 <= g.bottom for g in ruled)]
    # a rule across most of the page parts what is above it from what is below (Decree 30 draws
    # one over an office's copy block): no band of side-by-side blocks runs through it
    cuts = tuple(y for y, x0, x1 in rules.horizontal if x1 - x0 > 0.5 * page_width)
    order: list[Segment] = []
    i = 0
    while i < len(segments):
        seg = segments[i]
        grid = next((g for g in ruled if g.holds(seg.top, seg.bottom, seg.left, seg.right)), None)
        if grid is not None:
            # a ruled table: all its pieces, row by row, cell by cell, each cell's lines together
            inside = [s for s in segments[i:] if grid.holds(s.top, s.bottom, s.left, s.right)]
            order.extend(_read_grid(inside, grid, line_h))
            ids = {id(s) for s in inside}
            segments = segments[:i] + [s for s in segments[i:] if id(s) not in ids]
            continue
        zone = next((z for z in zones if z[0] <= (seg.top + seg.bottom) / 2 <= z[1]), None)
        if zone is not None:
            # a table: every piece inside it, the rows' cells left to right (a row of two cells
            # in a table of three columns is still a table row, not two blocks)
            end = i
            while end < len(segments) and zone[0] <= (segments[end].top + segments[end].bottom) / 2 <= zone[1]:
                end += 1
            order.extend(_read_table(segments[i:end], line_h))
            i = end
            continue
        if id(seg) not in pair_ids:
            order.append(seg)
            i += 1
            continue
        # A row held two blocks side by side: find the gutter and grow the band around it.
        if _in_table_row(seg, segments[max(0, i - 12):i + 12]):
            order.append(seg)  # a table reads row by row, as the segments are sorted
            i += 1
            continue
        end = _grow_band(segments, i, pairs, line_h, cuts)
        lo, hi = _gutter(segments[i:end], pairs)
        order.extend(_read_band(segments[i:end], (lo + hi) / 2))
        i = end
    return _recipients_first(_number_before_date(order, line_h), page_width, line_h)


def _recipients_first(order: list[Segment], page_width: int, line_h: float) -> list[Segment]:
    """The closing band is read recipients first, then the signer (SPEC). A signer's title that
    stands a little higher than "Nơi nhận:" with nothing beside it (the seal's specks dropped)
    came first: right-column lines just above the label go after the recipients' lines
    (hcm-753 p4)."""
    k = next((i for i, s in enumerate(order) if s.left < 0.5 * page_width and patterns.RECIPIENTS_LABEL.match(s.text.strip())), None)
    if k is None:
        return order
    j = k
    while j > 0 and order[j - 1].left > 0.5 * page_width and order[k].top - order[j - 1].bottom < 1.5 * line_h:
        j -= 1
    if j == k:
        return order
    end = k
    while end < len(order) and order[end].left < 0.5 * page_width:
        end += 1
    return order[:j] + order[k:end] + order[j:k] + order[end:]


def _table_zones(segments: list[Segment], line_h: float) -> list[tuple[float, float]]:
    """(top, bottom) of each table: rows of three or more cells, a few lines apart at most, at
    least three such rows (a header row of three pieces, or seal specks by a signer block, are
    no table)."""
    rows = sorted((s.top, s.bottom) for i, s in enumerate(segments)
                  if _in_table_row(s, segments[max(0, i - 12):i + 12]))
    zones: list[list] = []  # [top, bottom, row tops]
    for top, bottom in rows:
        if zones and top <= zones[-1][1] + 3 * line_h:
            zones[-1][1] = max(zones[-1][1], bottom)
            if all(abs(top - t) > 0.5 * line_h for t in zones[-1][2]):
                zones[-1][2].append(top)
        else:
            zones.append([top, bottom, [top]])
    tables = [[a, b] for a, b, tops in zones if len(tops) >= MIN_TABLE_ROWS]
    for zone in tables:
        # the table goes on through rows of two pieces or more right under it (a cell spanning
        # rows leaves two in a row of a three-column table)
        for seg in segments:
            if zone[1] < seg.top <= zone[1] + 1.5 * line_h and _cells_in_row(seg, segments) >= 2:
                zone[1] = max(zone[1], seg.bottom)
    return [(a, b) for a, b in tables]


def _same_row(a: Segment, b: Segment) -> bool:
    """Two pieces overlapping by more than half the lower one's height: one row."""
    return min(a.bottom, b.bottom) - max(a.top, b.top) > 0.5 * min(a.height, b.height)


def _cells_in_row(seg: Segment, segments: list[Segment]) -> int:
    return sum(1 for b in segments if _same_row(seg, b))


def _read_table(cells: list[Segment], line_h: float) -> list[Segment]:
    """A table's pieces row by row, each row's left to right: a piece belongs to the row of the
    one above it when it starts before that one ends (cells of a row are not top-aligned)."""
    rows: list[list[Segment]] = []
    for seg in sorted(cells, key=lambda s: s.top):
        if rows and seg.top < min(s.bottom for s in rows[-1]) - 0.3 * line_h:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    return [s for row in rows for s in sorted(row, key=lambda s: s.left)]


def _read_grid(cells: list[Segment], grid: Grid, line_h: float) -> list[Segment]:
    if len(grid.rows) < 3:
        # no rules between the rows (only the table's top and bottom, or the header's): the rows
        # are found as in an unruled table; the vertical rules have still cut the lines into cells
        return _read_table(cells, line_h)
    return sorted(cells, key=lambda s: (*grid.cell(s.top, s.bottom, s.left, s.right), s.top, s.left))


def _in_table_row(seg: Segment, near: list[Segment]) -> bool:
    """Three or more pieces side by side on this row: cells of a table, not two blocks."""
    cells = [b for b in near if (sum(ch.isalnum() for ch in b.text) >= 2 or b.text.strip(" .").isdigit())
             and _same_row(seg, b)]
    return len(cells) >= 3


def _gutter(band: list[Segment], pairs: list[tuple[Segment, Segment]]) -> tuple[float, float]:
    """The empty column between the blocks: right of every left piece, left of every right piece."""
    ids = {id(s) for s in band}
    inside = [p for p in pairs if id(p[0]) in ids and id(p[1]) in ids]
    if not inside:  # the partner of the band's first piece lies outside the band
        inside = [p for p in pairs if id(p[0]) in ids or id(p[1]) in ids]
    return max(p[0].right for p in inside), min(p[1].left for p in inside)


def _grow_band(segments: list[Segment], start: int, pairs: list[tuple[Segment, Segment]], line_h: float,
               cuts: tuple[int, ...] = ()) -> int:
    """End index of the run of segments from ``start`` that do not span the gutter.

    A body line runs from left of the left block's right edge to right of the right block's left
    edge; a line of either block does not. A band ends at a rule across the page (``cuts``: ys).
    """
    bottom = segments[start].bottom
    end = start + 1
    while end < len(segments):
        seg = segments[end]
        lo, hi = _gutter(segments[start:end + 1], pairs) if any(
            p[0] is seg or p[1] is seg for p in pairs) else _gutter(segments[start:end], pairs)
        if (seg.left < lo and seg.right > hi) or seg.top - bottom > 6 * line_h \
                or any(bottom <= y <= seg.top for y in cuts):
            break
        bottom = max(bottom, seg.bottom)
        end += 1
    return end


def _read_band(band: list[Segment], split: float) -> list[Segment]:
    left = [s for s in band if s.centre < split]
    right = [s for s in band if s.centre >= split]
    # Decree-30 header: the number line and the place-date line open a second row of blocks; in a
    # copy block (no body line between), "Nơi nhận:" opens a third
    cut = [s.top for s in left if _number_line(s.text)] + [s.top for s in right if _DATE_LINE.search(s.text)]
    ys = [min(cut) - 1] if cut and left and right else []
    # (the signer's first line may stand a little higher than the label)
    label = [s.top - s.height for s in left if patterns.RECIPIENTS_LABEL.match(s.text.strip())]
    if ys and label and min(label) > ys[0] + 1:
        ys.append(min(label))
    out: list[Segment] = []
    for lo, hi in zip([float("-inf")] + ys, ys + [float("inf")]):
        out.extend(s for s in left if lo <= s.top < hi)
        out.extend(s for s in right if lo <= s.top < hi)
    return out


# ------------------------------------------------------------ text that another OCR produced

def _fold1(s: str) -> str:
    """fold() one character at a time, so indices in the result are indices in ``s``."""
    return "".join((fold(ch) or " ")[0] for ch in s)


_CUTS = [re.compile(r"C\s?[O0Ô]\s?N\s?G\s+H\s?[O0]\s?[AÀ]"), re.compile(r"D\s?[O0]\s?C\s+L\s?[A4]\s?P\b"),
         re.compile(r"\b\w[\w ]{1,30},\s*NG\s?A\s?Y\b")]


def _place_word(words: list[re.Match], j: int) -> bool:
    """Word ``j`` belongs to a place's name: capitalised, a "TP." before it ("TP. Hồ Chí Minh"), or
    a hyphen between two of its names ("Bà Rịa - Vũng Tàu", "Phan Rang - Tháp Chàm")."""
    w = words[j].group()
    if w in ("-", "–"):
        return j > 0 and words[j - 1].group()[:1].isupper()
    if re.fullmatch(r"T[Pp]\.?", w):
        return True
    return w[:1].isupper() and not w.isupper()


def _set_as_printed(pat: re.Pattern, found: str, before: str) -> bool:
    """Whether the national title or the motto found in a line begins a header column: a law's
    first line "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;" names the State in a
    sentence, no header row. The national title is set in capitals; read in small letters (text
    OCR'd elsewhere: "nhân dân Cộng hoà xã hội…"), it is still one when what stands before it is no
    sentence (a capital, then small words: "Căn cứ Hiến pháp nước"). The motto opens with a capital."""
    if pat is _CUTS[1]:
        return found[:1].isupper()
    if pat is not _CUTS[0]:
        return True
    letters = [ch for ch in found if ch.isalpha()]
    if sum(ch.isupper() for ch in letters) >= 0.75 * len(letters):
        return True
    words = before.split()
    sentence = len(words) >= 3 and words[0][:1].isupper() and sum(w[:1].islower() for w in words[1:]) >= len(words[1:]) / 2
    return not sentence


def split_columns(line: str) -> list[str]:
    """Cut a header line where a right-column item begins (national title, motto, place-date)."""
    f = _fold1(line)
    for pat in _CUTS:
        m = pat.search(f)
        if m and m.start() > 2:
            start = m.start()
            if not _set_as_printed(pat, line[m.start():m.end()], line[:m.start()]):
                continue
            if pat is _CUTS[2]:
                # the place is the capitalised words right before ", ngày"
                head = line[:line.find(",", m.start())]
                words = list(re.finditer(r"\S+", head))
                k = len(words)
                while k > 0 and len(words) - k < 6 and _place_word(words, k - 1):
                    k -= 1
                if k == len(words) or k == 0:
                    continue
                start = words[k].start()
            return [line[:start].strip(), line[start:].strip()]
    return [line]



def reorder_text_header(text: str, zone: int = 12) -> str:
    """Text input whose header rows hold both columns on one line: left pieces first, then right.

    'nhân dân Cộng hoà xã hội…' / 'TỈNH X Độc lập…' / 'Số: 1/KH Thái Bình, ngày…' becomes the
    issuer lines, the national title and motto, then the number and the place-date line.
    """
    lines = text.split("\n")
    rows: list[tuple[int, list[str]]] = []
    for i, line in enumerate(lines[:zone]):
        if line.strip():
            rows.append((i, split_columns(line.strip())))
    split_rows = [i for i, parts in rows if len(parts) == 2]
    if not split_rows:
        return text
    first, last = split_rows[0], split_rows[-1]
    band = [(i, parts) for i, parts in rows if first <= i <= last]
    groups: list[list[tuple[int, list[str]]]] = [[]]
    for i, parts in band:
        if _NUMBER_LINE.match(parts[0]) and groups[-1]:
            groups.append([])
        groups[-1].append((i, parts))
    out: list[str] = []
    for g in groups:
        out += [p[0] for _, p in g]
        out += [p[1] for _, p in g if len(p) == 2]
    return "\n".join(lines[:first] + out + lines[last + 1:])
