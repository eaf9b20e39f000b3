"""Render Decree-30 documents (layout dicts like samples/*/layout.json) as page images, and
degrade them the way scanners, photocopiers, fax machines and phones do.

Used by the tests and the benchmarks; everything is drawn here, nothing is downloaded.
Layout keys: header_left, header_right, number, date_line, doc_type, title, body
([kind, text] with kind in para, h1, h2, h3, item, center, table), recipients, signer.
"""
from __future__ import annotations

import io
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = [Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation")]
DPI = 300
A4 = (2480, 3508)


def _font_file(name: str, size_px: int) -> ImageFont.FreeTypeFont:
    for d in FONT_DIRS:
        if (d / name).exists():
            return ImageFont.truetype(str(d / name), size_px)
    raise FileNotFoundError(f"font {name} not found: apt-get install fonts-liberation2")


def _font(style: str, size_pt: float) -> ImageFont.FreeTypeFont:
    name = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
            "italic": "LiberationSerif-Italic.ttf", "bolditalic": "LiberationSerif-BoldItalic.ttf"}[style]
    return _font_file(name, int(round(size_pt * DPI / 72)))


@dataclass
class _Pen:
    pages: list
    draw: ImageDraw.ImageDraw
    y: int
    left: int = 354  # 30 mm
    right: int = A4[0] - 236  # 20 mm
    bottom: int = A4[1] - 260

    @property
    def width(self) -> int:
        return self.right - self.left


def _new_page(pen: _Pen | None) -> _Pen:
    img = Image.new("RGB", A4, "white")
    draw = ImageDraw.Draw(img)
    pages = pen.pages if pen else []
    pages.append(img)
    p = _Pen(pages, draw, 236)
    if len(pages) > 1:
        f = _font("regular", 13)
        num = str(len(pages))
        w = draw.textlength(num, font=f)
        draw.text(((A4[0] - w) / 2, 120), num, font=f, fill="black")
    return p


def _wrap(draw, text: str, font, width: int, indent: int = 0) -> list[str]:
    words = text.split()
    lines, cur = [], ""
    avail = width - indent
    for w in words:
        trial = f"{cur} {w}".strip()
        if draw.textlength(trial, font=font) <= avail or not cur:
            cur = trial
        else:
            lines.append(cur)
            cur = w
            avail = width
    if cur:
        lines.append(cur)
    return lines


def _line_height(font) -> int:
    return int(font.size * 1.28)


def _ensure(pen: _Pen, need: int) -> _Pen:
    if pen.y + need > pen.bottom:
        return _new_page(pen)
    return pen


def _paragraph(pen: _Pen, text: str, font, indent: int = 150, centred: bool = False, gap: int = 12) -> _Pen:
    lines = _wrap(pen.draw, text, font, pen.width, 0 if centred else indent)
    lh = _line_height(font)
    for i, line in enumerate(lines):
        pen = _ensure(pen, lh)
        if centred:
            w = pen.draw.textlength(line, font=font)
            x = pen.left + (pen.width - w) / 2
        else:
            x = pen.left + (indent if i == 0 else 0)
        pen.draw.text((x, pen.y), line, font=font, fill="black")
        pen.y += lh
    pen.y += gap
    return pen


def typeset_text(text: str, font, max_pages: int) -> tuple[list[Image.Image], str]:
    """Running text (one paragraph per line) on at most ``max_pages`` A4 pages, and exactly the text
    on them: only whole paragraphs, so that a paragraph cut off at the last page's foot is not half
    on the page and missing from the truth."""
    paras = [p.strip() for p in text.split("\n") if p.strip()]

    def draw(n: int) -> list[Image.Image]:
        pen = _new_page(None)
        pen.y = 300
        for para in paras[:n]:
            pen = _paragraph(pen, para, font, indent=0, gap=10)
        return pen.pages

    fits, over = 0, len(paras) + 1  # the most paragraphs that fit, by bisection (pages grow with n)
    while over - fits > 1:
        mid = (fits + over) // 2
        if len(draw(mid)) <= max_pages:
            fits = mid
        else:
            over = mid
    return draw(fits), "\n".join(paras[:fits])


def _table(pen: _Pen, rows: list[list[str]], font) -> _Pen:
    cols = len(rows[0])
    col_w = pen.width // cols
    lh = _line_height(font)
    for r, row in enumerate(rows):
        cells = [_wrap(pen.draw, c, font, col_w - 30) for c in row]
        h = max(len(c) for c in cells) * lh + 20
        pen = _ensure(pen, h)
        for c, lines in enumerate(cells):
            x0 = pen.left + c * col_w
            pen.draw.rectangle([x0, pen.y, x0 + col_w, pen.y + h], outline="black", width=3)
            for k, line in enumerate(lines):
                pen.draw.text((x0 + 15, pen.y + 10 + k * lh), line, font=font, fill="black")
        pen.y += h
    pen.y += 20
    return pen


def _column_block(pen: _Pen, lines: list[tuple[str, str]], x_centre: float, y: int, size: float) -> int:
    for text, style in lines:
        f = _font(style, size)
        w = pen.draw.textlength(text, font=f)
        pen.draw.text((x_centre - w / 2, y), text, font=f, fill="black")
        y += _line_height(f)
    return y


# A hand: (digits, their height in px) → ink mask (uint8, 255 = ink) of the digits written in a row
Hand = Callable[[str, int], np.ndarray]
BLUE_PEN = (40, 50, 170)
RED_STAMP = (190, 40, 50)


def numbering_stamp(text: str, height: int) -> np.ndarray:
    """A numbering machine's digits (a monospaced bold face), as a ``Hand``: what an office stamps
    into the number's blank instead of writing it."""
    f = _font_file("LiberationMono-Bold.ttf", int(height * 1.15))
    im = Image.new("L", (int(f.getlength(text)) + 6, int(height * 1.3)), 0)
    ImageDraw.Draw(im).text((2, 0), text, font=f, fill=255)
    ink = np.asarray(im)
    rows = np.nonzero(ink.max(axis=1))[0]
    return ink[rows.min():rows.max() + 1]


def _by_hand(page: Image.Image, text: str, x: float, y_top: int, height: int,
             hand: Hand | None = None, colour: tuple[int, int, int] = BLUE_PEN) -> None:
    """Write digits into a blank at x: with a pen (blue, a cursive stroke font, slanted), or with
    ``hand``'s glyphs (their foot on the line's baseline) in ``colour``."""
    import cv2

    img = np.array(page)
    if hand is None:
        scale = height / 28.0
        cv2.putText(img, text, (int(x), int(y_top + height * 1.05)), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX | cv2.FONT_ITALIC,
                    scale, colour, max(2, int(scale * 2)), cv2.LINE_AA)
    else:
        mask = hand(text, height)
        top, left = int(y_top + height * 1.05) - mask.shape[0], int(x)
        region = img[top:top + mask.shape[0], left:left + mask.shape[1]]
        alpha = (mask[:region.shape[0], :region.shape[1]].astype(np.float32) / 255.0)[:, :, None]
        region[:] = (region * (1 - alpha) + np.array(colour, np.float32) * alpha).astype(np.uint8)
    page.paste(Image.fromarray(img))


_PARTY_NUMBER = re.compile(r"^Số:?\s*-")  # "Số -KH/TU": a Party number's digits go before the hyphen


def _fill_blanks(page: Image.Image, layout: dict, by_hand: dict, y: int, left_c: float, right_c: float,
                 hand: Hand | None, colour: tuple[int, int, int]) -> None:
    draw = ImageDraw.Draw(page)
    # (value, line, its style, its centre, the text the blank follows, gap after it)
    mark = "-" if _PARTY_NUMBER.match(layout["number"]) else "/"
    blanks = (("number", layout["number"], "regular", left_c, mark, 12),
              ("day", layout["date_line"], "italic", right_c, "tháng", 10),
              ("month", layout["date_line"], "italic", right_c, "năm", 10))
    for key, line, style, centre, before, gap in blanks:
        if by_hand.get(key):
            f = _font(style, 13)
            x0 = centre - draw.textlength(line, font=f) / 2
            x = x0 + draw.textlength(line.split(before)[0].rstrip(), font=f) + gap
            _by_hand(page, by_hand[key], x, y, _line_height(f) - 10, hand, colour)


def _room(value: str, style: str, hand: Hand | None, spaces: int) -> str:
    """The blank printed for a value written by hand: ``spaces`` spaces for the pen, as many as
    ``hand``'s writing of it takes (and a little) otherwise."""
    if hand is not None:
        f = _font(style, 13)
        height = _line_height(f) - 10
        width = hand(value, height).shape[1] + 0.4 * height
        spaces = math.ceil(width / ImageDraw.Draw(Image.new("L", (1, 1))).textlength(" ", font=f))
    return " " * spaces


def render(layout: dict, by_hand: dict | None = None, hand: Hand | None = None,
           colour: tuple[int, int, int] = BLUE_PEN) -> tuple[list[Image.Image], str]:
    """(page images, truth text in SPEC reading order). ``by_hand``: {"number": "47", "day": "15",
    "month": "3"} writes those into the blanks of "Số: /KH-…", "ngày   tháng" and "tháng   năm"
    (a month blank replaces the printed month), as an office does after signing (the layout's lines
    get the room for them); ``hand`` and ``colour``: see ``_by_hand``."""
    if by_hand:
        layout = dict(layout)
        if by_hand.get("number"):
            mark = "-" if _PARTY_NUMBER.match(layout["number"]) else "/"
            layout["number"] = layout["number"].replace(mark, _room(by_hand["number"], "regular", hand, 12) + mark, 1)
        if by_hand.get("day"):
            layout["date_line"] = layout["date_line"].replace("ngày tháng", "ngày" + _room(by_hand["day"], "italic", hand, 8) + "tháng")
        if by_hand.get("month"):
            layout["date_line"] = re.sub(r"tháng \d*\s*năm", "tháng" + _room(by_hand["month"], "italic", hand, 8) + "năm",
                                         layout["date_line"])
    pen = _new_page(None)
    # block centres as Decree 30 sets them (measured on the mission's scan): 27 % and 69 % of the page
    left_c = A4[0] * 0.267
    right_c = A4[0] * 0.694
    hl = layout["header_left"]
    left_lines = [(t, "regular" if i < len(hl) - 1 else "bold") for i, t in enumerate(hl)]
    right_lines = [(layout["header_right"][0], "bold"), (layout["header_right"][1], "bold")]
    y_left = _column_block(pen, left_lines, left_c, pen.y, 12.5)
    y_right = _column_block(pen, right_lines, right_c, pen.y, 12.5)
    y = max(y_left, y_right) + 20
    number_lines = [(layout["number"], "regular")] + [(t, "regular") for t in layout.get("subject", [])]
    y_num = _column_block(pen, number_lines, left_c, y, 13)
    y_date = _column_block(pen, [(layout["date_line"], "italic")], right_c, y, 13)
    if by_hand:
        _fill_blanks(pen.pages[0], layout, by_hand, y, left_c, right_c, hand, colour)
    pen.y = max(y_num, y_date) + 40
    if layout.get("doc_type"):
        pen = _paragraph(pen, layout["doc_type"], _font("bold", 14), centred=True, gap=4)
    for t in layout.get("title", []):
        pen = _paragraph(pen, t, _font("bold", 14), centred=True, gap=0)
    pen.y += 40
    regular, bold, italic = _font("regular", 13), _font("bold", 13), _font("italic", 13)
    truth = list(hl) + list(layout["header_right"]) + [layout["number"]] + list(layout.get("subject", [])) \
        + [layout["date_line"]] + ([layout["doc_type"]] if layout.get("doc_type") else []) + list(layout.get("title", []))
    for kind, *rest in layout["body"]:
        if kind == "table":
            pen = _table(pen, rest[0], _font("regular", 12))
            truth += [" ".join(r) for r in rest[0]]
            continue
        text = rest[0]
        truth.append(text)
        if kind == "para":
            pen = _paragraph(pen, text, regular)
        elif kind in ("h1", "h2"):
            pen = _ensure(pen, 3 * _line_height(bold))
            pen = _paragraph(pen, text, bold, indent=80 if kind == "h2" else 0)
        elif kind == "h3":
            pen = _paragraph(pen, text, italic, indent=80)
        elif kind == "item":
            pen = _paragraph(pen, text, regular, indent=80)
        elif kind == "center":
            pen = _paragraph(pen, text, bold, centred=True, gap=0)
    # closing band: recipients left (small), signer right
    rec = layout.get("recipients", [])
    sig = layout.get("signer", [])
    small = _font("regular", 11)
    need = max(len(rec) * _line_height(small), (len(sig) + 1) * _line_height(bold),
               (len(layout.get("signer_left", [])) + 1) * _line_height(bold)) + 60
    pen = _ensure(pen, need)
    y0 = pen.y + 30
    # a second signer on the left (a biên bản's THƯ KÝ | CHỦ TỌA, a joint circular's two ministers),
    # read before the right one; recipients, when there are any too, under the two
    left_sig = layout.get("signer_left", [])
    if left_sig and rec:
        need += len(rec) * _line_height(small)
        pen = _ensure(pen, need)
        y0 = pen.y + 30
        y = _column_block(pen, [(t, "bold") for t in left_sig], left_c, y0, 13)
        y = max(y, _column_block(pen, [(t, "bold") for t in sig], right_c, y0, 13))
        pen.y = _recipients_column(pen, rec, y + 20, 11)
        truth += [t for t in left_sig if t] + [t for t in sig if t] + rec
    else:
        y = _recipients_column(pen, rec, y0, 11)
        y = max(y, _column_block(pen, [(t, "bold") for t in left_sig], left_c, y0, 13))
        pen.y = max(y, _column_block(pen, [(t, "bold") for t in sig], right_c, y0, 13))
        truth += rec + [t for t in left_sig if t] + [t for t in sig if t]
    if layout.get("appendix"):
        # an appendix after the signature (phụ lục), on a page of its own: heading, "(Kèm theo …)", table
        app = layout["appendix"]
        pen = _new_page(pen)
        for t in app["heading"]:
            pen = _paragraph(pen, t, bold, centred=True, gap=0)
        pen = _paragraph(pen, app["attached"], italic, centred=True)
        pen = _table(pen, app["rows"], _font("regular", 12))
        truth += list(app["heading"]) + [app["attached"]] + [" ".join(r) for r in app["rows"]]
    if layout.get("copy"):
        pen, copied = _copy_block(pen, layout["copy"], left_c, right_c)
        truth += copied
    return pen.pages, "\n".join(truth) + "\n"


def _recipients_column(pen: _Pen, lines: list[str], y: int, size: float, label_size: float = 12) -> int:
    """"Nơi nhận:" (bold italic) and its items (small) at the left margin from ``y``; the y below them."""
    for i, t in enumerate(lines):
        f = _font("bolditalic", label_size) if i == 0 else _font("regular", size)
        pen.draw.text((pen.left, y), t, font=f, fill="black")
        y += _line_height(f)
    return y


def _copy_block(pen: _Pen, copy: dict, left_c: float, right_c: float) -> tuple[_Pen, list[str]]:
    """An office's copy block under the document (Decree 30, Appendix I, Part III): a full-width rule,
    then the copying body and "Số: …/SY-…" left, the form ("SAO Y") and place-date right, its
    recipients left and its signer right. ``copy``: {"issuer": [lines], "number", "form",
    "date_line", "recipients": [lines], "signer": [lines]}. Returns the pen and the block's truth
    lines in reading order."""
    small = _font("regular", 11)
    rows = len(copy["issuer"]) + 1 + max(len(copy["recipients"]), len(copy["signer"]))
    pen = _ensure(pen, rows * _line_height(small) + 200)
    y = pen.y + 40
    pen.draw.line([(pen.left, y), (pen.right, y)], fill="black", width=3)
    y += 30
    hl = copy["issuer"]
    y_left = _column_block(pen, [(t, "regular" if i < len(hl) - 1 else "bold") for i, t in enumerate(hl)]
                           + [(copy["number"], "regular")], left_c, y, 12)
    y_right = _column_block(pen, [(copy["form"], "bold"), (copy["date_line"], "italic")], right_c, y, 12)
    y = max(y_left, y_right) + 20
    y_rec = _recipients_column(pen, copy["recipients"], y, 11, label_size=11)
    pen.y = max(y_rec, _column_block(pen, [(t, "bold") for t in copy["signer"]], right_c, y, 12))
    truth = list(hl) + [copy["number"], copy["form"], copy["date_line"]] + copy["recipients"] \
        + [t for t in copy["signer"] if t]
    return pen, truth


# ------------------------------------------------------------------ scan profiles

def _rotate(img: Image.Image, deg: float, fill) -> Image.Image:
    return img.rotate(deg, resample=Image.BICUBIC, expand=False, fillcolor=fill)


def _seal(img: Image.Image, centre: tuple[int, int], radius: int = 300) -> None:
    d = ImageDraw.Draw(img)
    x, y = centre
    for r, w in ((radius, 10), (radius - 22, 5), (radius - 40, 4), (radius // 3, 5)):
        d.ellipse([x - r, y - r, x + r, y + r], outline=(190, 30, 30), width=w)
    d.line([x - radius, y - radius // 2, x + radius, y + radius // 3], fill=(200, 40, 40), width=6)


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert(img.mode)


def degrade(page: Image.Image, profile: str, seed: int = 0, seal_at: tuple[int, int] | None = None) -> Image.Image:
    """A page as it comes out of a scanner of the given profile."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    img = page.copy()
    if profile == "clean":
        return img
    if profile == "office":
        if seal_at:
            _seal(img, seal_at)
        arr = np.asarray(img).astype(np.float32)
        paper = np.array([236, 230, 214], np.float32) / 255.0
        arr = arr * paper + nrng.normal(0, 6, arr.shape)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        img = _rotate(img, 1.2 * rng.choice([-1, 1]), (236, 230, 214))
        return _jpeg(img, 80)
    if profile == "photocopy":
        g = img.convert("L")
        g = _rotate(g, 2.0 * rng.choice([-1, 1]), 255)
        arr = np.asarray(g).astype(np.float32) * 0.95 + nrng.normal(0, 18, (g.height, g.width))
        binary = (arr > 150).astype(np.uint8) * 255
        speck = nrng.random(binary.shape)
        binary[speck < 0.0015] = 0
        binary[speck > 0.9992] = 255
        return Image.fromarray(binary).convert("L")
    if profile == "fax":
        g = img.convert("L").resize((A4[0] * 2 // 3, A4[1] * 2 // 3), Image.BILINEAR)
        g = _rotate(g, 0.6 * rng.choice([-1, 1]), 255)
        arr = np.asarray(g)
        return Image.fromarray(((arr > 140) * 255).astype(np.uint8)).convert("L")
    if profile == "phone":
        if seal_at:
            _seal(img, seal_at)
        img = _rotate(img, 3.5 * rng.choice([-1, 1]), (200, 195, 185))
        img = img.filter(ImageFilter.GaussianBlur(1.3))
        arr = np.asarray(img).astype(np.float32)
        h, w = arr.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w]
        light = 0.72 + 0.28 * np.cos((xx / w - 0.3) * math.pi / 1.6) * np.cos((yy / h - 0.4) * math.pi / 2.2)
        arr = arr * light[:, :, None] * np.array([1.0, 0.97, 0.9]) + nrng.normal(0, 5, arr.shape)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        img = img.resize((int(w * 0.85), int(h * 0.85)), Image.BILINEAR)  # about 250 dpi
        return _jpeg(img, 70)
    raise ValueError(f"unknown profile {profile}")


def seal_position(page: Image.Image) -> tuple[int, int]:
    """Over the signer block: lower right of the last page's text."""
    g = np.asarray(page.convert("L"))
    rows = np.where(g.min(axis=1) < 128)[0]
    bottom = int(rows.max()) if len(rows) else A4[1] // 2
    return int(A4[0] * 0.66), max(600, bottom - 120)


def save_pdf(pages: list[Image.Image], path: Path, dpi: int = 300) -> None:
    rgb = [p.convert("RGB") for p in pages]
    rgb[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=rgb[1:])


def save_tiff(pages: list[Image.Image], path: Path, dpi: int = 300) -> None:
    pages = [p.copy() for p in pages]  # fresh images: a previous save leaves its options behind
    pages[0].save(path, "TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_deflate")


def scan_document(layout: dict, profile: str, seed: int = 0, by_hand: dict | None = None,
                  hand: Hand | None = None, colour: tuple[int, int, int] = BLUE_PEN) -> tuple[list[Image.Image], str]:
    pages, truth = render(layout, by_hand, hand, colour)
    seal = seal_position(pages[-1]) if profile in ("office", "phone") else None
    out = [degrade(p, profile, seed + i, seal if i == len(pages) - 1 else None) for i, p in enumerate(pages)]
    return out, truth
