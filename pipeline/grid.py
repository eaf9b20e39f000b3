"""Ruled tables: the printed lines of a table tell where its cells are.

The clean stage erases long straight lines (Tesseract reads them as "|" and "_"), and before it
does, their places are kept here. A table of deadlines or of tasks whose cells are a word space or
two apart is read by Tesseract as lines running across the cells ("Ban hành kế hoạch; rà soát
danh sách Trước ngày Phòng Đào tạo; Trung"): the vertical rules cut such a line into its cells,
and the rules of both directions give each piece its row and column, so that a row is read cell
by cell, left to right, each cell's lines together (SPEC, reading order).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

RULE_CM = 1.2  # a straight run of ink this long is no letter stroke: a rule


@dataclass(frozen=True)
class Rules:
    horizontal: tuple[tuple[int, int, int], ...] = ()  # (y, x0, x1)
    vertical: tuple[tuple[int, int, int], ...] = ()    # (x, y0, y1)


def turned(rules: Rules, quarters: int, shape: tuple[int, int]) -> Rules:
    """The rules of a page of ``shape`` (h, w) once it is turned ``quarters`` quarter turns
    clockwise (as ``np.rot90(image, -quarters)`` turns it): across becomes down and down across."""
    h, w = shape
    for _ in range(quarters % 4):
        rules = Rules(horizontal=tuple((x, h - 1 - y1, h - 1 - y0) for x, y0, y1 in rules.vertical),
                      vertical=tuple((h - 1 - y, x0, x1) for y, x0, x1 in rules.horizontal))
        h, w = w, h
    return rules


@dataclass
class Grid:
    """One ruled table: its vertical extent, and the ys and xs of its rules."""
    top: int
    bottom: int
    left: int
    right: int
    rows: list[int] = field(default_factory=list)     # ys of the horizontal rules, top to bottom
    columns: list[int] = field(default_factory=list)  # xs of the vertical rules, left to right
    across: tuple[tuple[int, int, int], ...] = ()     # the horizontal rules themselves (y, x0, x1)

    def holds(self, top: int, bottom: int, left: int, right: int) -> bool:
        cy, cx = (top + bottom) / 2, (left + right) / 2
        return self.top <= cy <= self.bottom and self.left <= cx <= self.right

    def cell(self, top: int, bottom: int, left: int, right: int) -> tuple[int, int]:
        """(row, column) of a piece by its centre: how many rules lie above it and left of it."""
        cy, cx = (top + bottom) / 2, (left + right) / 2
        # a cell spanning rows has no rule across it at this x: its row is the one its top rule opens
        above = [y for y, x0, x1 in self.across if y < cy and x0 - 5 <= cx <= x1 + 5]
        opened = max(above) if above else None
        row = sum(y < cy for y in self.rows) if opened is None else sum(y <= opened + 1 for y in self.rows)
        return row, sum(x < cx for x in self.columns)


def rule_masks(binary: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Masks (1 = ink) of the horizontal and the vertical rules of a black-on-white page."""
    ink = (binary < 128).astype(np.uint8)
    length = max(20, int(dpi / 2.54 * RULE_CM))
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    return horiz, vert


def find_rules(horiz: np.ndarray, vert: np.ndarray) -> Rules:
    def runs(mask: np.ndarray, vertical: bool) -> tuple[tuple[int, int, int], ...]:
        # bridge the small breaks of a scanned line before taking its pieces
        k = (1, 9) if vertical else (9, 1)
        closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, k))
        n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
        out = []
        for x, y, w, h, _ in stats[1:n]:
            out.append((x + w // 2, y, y + h) if vertical else (y + h // 2, x, x + w))
        return tuple(sorted(out))
    return Rules(horizontal=runs(horiz, False), vertical=runs(vert, True))


def _separates(v: tuple[int, int, int], boxes: list[tuple[int, int, int, int]], line_height: float) -> bool:
    """A cell border: on two rows or more, a word ends just left of the rule and another begins
    just right of it, and on fewer rows a word runs across it (a page's edge, a margin line or a
    stamp's frame has words on one side only or through it)."""
    x, y0, y1 = v
    reach = 8 * line_height
    rows = [b for b in boxes if y0 <= (b[1] + b[3]) / 2 <= y1]
    across = sum(1 for b in rows if b[0] < x - 3 and b[2] > x + 3)
    lefts = [b for b in rows if x - reach <= b[2] <= x + 3]
    rights = [b for b in rows if x - 3 <= b[0] <= x + reach]
    both = {round(a[1] / line_height) for a in lefts
            for b in rights if min(a[3], b[3]) - max(a[1], b[1]) > 0.3 * line_height}
    return len(both) >= 2 and across < len(both)


def _crossed(v: tuple[int, int, int], horizontal: tuple[tuple[int, int, int], ...], line_height: float) -> bool:
    """A horizontal rule runs through the vertical one, on both sides of it."""
    x, y0, y1 = v
    return any(y0 - 5 <= y <= y1 + 5 and x0 < x - line_height and x1 > x + line_height for y, x0, x1 in horizontal)


def grids(rules: Rules, boxes: list[tuple[int, int, int, int]], line_height: float) -> list[Grid]:
    """The ruled tables of a page whose words have ``boxes`` (left, top, right, bottom).

    A table is found by its inner vertical rules — those that part words on the same row and that
    horizontal rules run through — with the other vertical rules beside them and the horizontal
    rules across them; its rows are the horizontal rules. A page's edge parts no words; the side
    of a box (a received stamp's frame beside the date line) has no rule running through it."""
    inner = sorted((v for v in rules.vertical if _separates(v, boxes, line_height)
                    and _crossed(v, rules.horizontal, line_height)), key=lambda v: v[1])
    groups: list[list[tuple[int, int, int]]] = []
    for v in inner:
        if groups and v[1] <= max(g[2] for g in groups[-1]) - line_height:
            groups[-1].append(v)
        else:
            groups.append([v])
    found = []
    for group in groups:
        top, bottom = min(v[1] for v in group), max(v[2] for v in group)
        across = [h for h in rules.horizontal if top - line_height <= h[0] <= bottom + line_height
                  and any(h[1] - 5 <= v[0] <= h[2] + 5 for v in group)]
        left = min((h[1] for h in across), default=-(10 ** 9))
        right = max((h[2] for h in across), default=10 ** 9)
        columns = _distinct(sorted(v[0] for v in rules.vertical if left - 5 <= v[0] <= right + 5
                                   and min(v[2], bottom) - max(v[1], top) > 0.5 * (v[2] - v[1])), line_height)
        rows = _distinct(sorted(h[0] for h in across), line_height)
        found.append(Grid(top, bottom, left, right, rows, columns, tuple(across)))
    return found


def _distinct(values: list[int], line_height: float) -> list[int]:
    """Values closer than half a line merged (a thick rule seen as two)."""
    out: list[int] = []
    for v in values:
        if not out or v - out[-1] > 0.5 * line_height:
            out.append(v)
    return out
