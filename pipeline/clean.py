"""Clean stage (OpenCV): colour ink out, lighting evened, size normalised, skew corrected, binarised.

Each step is a small function so the benchmark can switch them one at a time.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

import cv2
import numpy as np

from .grid import Rules, find_rules, rule_masks

log = logging.getLogger(__name__)

TARGET_DPI = 300.0  # Tesseract's LSTM models read body text best at about 300 dpi


@dataclass(frozen=True)
class CleanSettings:
    remove_colour: bool = True
    flatten: bool = True
    deskew: bool = True
    max_skew: float = 5.0
    normalise_dpi: bool = True
    binarise: bool = True
    despeckle: bool = True
    remove_rules: bool = True
    # a low-resolution bilevel scan (1-bit fax, CCITT/JBIG2 archive scans) was binarised by its
    # scanner: its upscaled grey goes to Tesseract as it is (see clean_page)
    rebinarise_bilevel: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class CleanResult:
    image: np.ndarray  # uint8, one channel, text black on white
    dpi: float
    skew_deg: float
    scale: float
    rules: Rules = Rules()  # where the page's long straight lines were (before they were erased)


def drop_colour(rgb: np.ndarray) -> np.ndarray:
    """Grey page with coloured ink (red seals, blue signatures) turned to paper.

    The brightest channel of a pixel is high for paper and for any saturated ink, and low only
    for black or grey print, so max(R, G, B) keeps the text and erases the colour; black text
    printed over a seal stays dark in all channels and is kept.
    """
    if rgb.ndim == 2:
        return rgb
    r, g, b = cv2.split(np.ascontiguousarray(rgb))  # 15× faster than rgb.max(axis=2) on a page
    return cv2.max(cv2.max(r, g), b)


def flatten_background(grey: np.ndarray) -> np.ndarray:
    """Divide by an estimate of the paper (yellowing, shadows, uneven light) so paper becomes white."""
    h, w = grey.shape
    f = 0.125
    small = cv2.resize(grey, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    # Closing with a kernel wider than a stroke removes text and leaves the paper.
    bg = cv2.dilate(small, np.ones((7, 7), np.uint8))
    bg = cv2.medianBlur(bg, 7)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(grey, np.maximum(bg, 1), scale=255)


def normalise_size(grey: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """Upscale low-resolution pages (fax, phone, web copies) to about 300 dpi."""
    if dpi >= 250:
        return grey, 1.0
    scale = min(TARGET_DPI / max(dpi, 1.0), 4.0)
    out = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return out, scale


def estimate_skew(grey: np.ndarray, max_skew: float = 5.0) -> float:
    """Angle (degrees, counter-clockwise positive) that makes text lines horizontal.

    Projection profile: rotate a small binarised copy and keep the angle whose row sums are the
    most peaked (text lines and the gaps between them sharpest).
    """
    h, w = grey.shape
    f = 900.0 / max(w, 1)
    small = cv2.resize(grey, (int(w * f), int(h * f)), interpolation=cv2.INTER_AREA) if f < 1 else grey
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    sh, sw = ink.shape
    centre = (sw / 2, sh / 2)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rot = cv2.warpAffine(ink, m, (sw, sh), flags=cv2.INTER_NEAREST, borderValue=0)
        rows = rot.sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(rows) ** 2))

    best = 0.0
    for step, span in ((0.5, max_skew), (0.1, 0.5), (0.02, 0.1)):
        centre_angle = best
        angles = np.arange(centre_angle - span, centre_angle + span + 1e-9, step)
        best = max(angles, key=score)
    return float(round(best, 2))


def rotate(grey: np.ndarray, angle: float) -> np.ndarray:
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=255)


def binarise(grey: np.ndarray) -> np.ndarray:
    _, out = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def despeckle(binary: np.ndarray, dpi: float) -> np.ndarray:
    """Remove isolated dots far smaller than a tone mark (scanner dust, photocopy speckle)."""
    ink = (binary == 0).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    max_area = max(2, int((dpi / 300.0) ** 2 * 6))  # a tone mark at 300 dpi is 20+ pixels
    small = np.where(stats[:, cv2.CC_STAT_AREA] <= max_area)[0]
    small = small[small != 0]
    if len(small) == 0:
        return binary
    out = binary.copy()
    out[np.isin(labels, small)] = 255
    return out


def remove_rules(binary: np.ndarray, dpi: float, masks: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Erase long straight lines (table borders, underlines): Tesseract reads them as '|' and '_'
    and a border glued to a word makes that word as tall as the table."""
    horiz, vert = masks if masks is not None else rule_masks(binary, dpi)
    rules = cv2.dilate(horiz | vert, np.ones((3, 3), np.uint8))
    if not rules.any():
        return binary
    out = binary.copy()
    out[rules > 0] = 255
    return out


def is_bilevel(image: np.ndarray) -> bool:
    """A page of two values only: a 1-bit scan (fax, CCITT or JBIG2 archive scan, a photocopy
    through a bilevel scanner), whatever format it was stored in."""
    sample = image[::7, ::7]
    return bool(np.isin(sample, (0, 255)).all(axis=-1).mean() > 0.995) if sample.ndim == 3 \
        else bool(np.isin(sample, (0, 255)).mean() > 0.995)


def clean_page(image: np.ndarray, dpi: float, settings: CleanSettings = CleanSettings()) -> CleanResult:
    bilevel = is_bilevel(image)
    grey = drop_colour(image) if settings.remove_colour else (
        cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image)
    if settings.flatten:
        grey = flatten_background(grey)
    scale = 1.0
    if settings.normalise_dpi:
        grey, scale = normalise_size(grey, dpi)
    skew = 0.0
    if settings.deskew:
        skew = estimate_skew(grey, settings.max_skew)
        if abs(skew) >= 0.05:
            grey = rotate(grey, skew)
    out_dpi = dpi * scale
    # A low-resolution bilevel page binarised again after it was brought to 300 dpi has its thin
    # strokes cut back to stair steps (and rule removal eats strokes touching underlines): its
    # upscaled grey, binarised by Tesseract, reads better — a real 200 dpi CCITT page: CER 5.9 % →
    # 4.1 %; four rendered 200 dpi fax documents: 0.25 % → 0.13 %. At 300 dpi (nothing upscaled)
    # it made no difference beyond noise (rendered photocopies 0.24 % / 0.26 %): kept as it was.
    masks = None
    if settings.binarise and (settings.rebinarise_bilevel or not (bilevel and scale > 1.0)):
        grey = binarise(grey)
        if settings.despeckle:
            grey = despeckle(grey, out_dpi)
        masks = rule_masks(grey, out_dpi)
        if settings.remove_rules:
            grey = remove_rules(grey, out_dpi, masks)
    # the rules' places tell a table's cells apart (pipeline.grid), whether or not they are erased
    rules = find_rules(*(masks if masks is not None else rule_masks(grey, out_dpi)))
    return CleanResult(image=grey, dpi=out_dpi, skew_deg=skew, scale=scale, rules=rules)


def to_cleaned(image: np.ndarray, scale: float, skew: float, top: float = 0.0, bottom: float = 1.0) -> tuple[np.ndarray, int]:
    """Rows ``top``–``bottom`` (fractions of the height) of the original page in the cleaned page's
    coordinates (same scale and rotation as ``clean_page``, in one warp), and the first row's y."""
    h, w = image.shape[:2]
    big_w, big_h = (w, h) if scale == 1.0 else (int(round(w * scale)), int(round(h * scale)))
    y0, y1 = int(big_h * top), int(big_h * bottom)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), skew if abs(skew) >= 0.05 else 0.0, scale)
    m[0, 2] += big_w / 2 - w / 2
    m[1, 2] += big_h / 2 - h / 2 - y0
    fill = (255,) * (image.shape[2] if image.ndim == 3 else 1)
    out = cv2.warpAffine(image, m, (big_w, y1 - y0), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                         borderValue=fill)
    return out, y0


def header_ink(image: np.ndarray, scale: float, skew: float, fraction: float = 0.45) -> np.ndarray:
    """The top of the page in the cleaned page's coordinates, grey, with blue and black ink kept.

    ``drop_colour`` erases blue ink, and numbers written by hand into the header are often blue.
    The red channel is dark for black and blue ink and light for a red seal."""
    red = np.ascontiguousarray(image[:, :, 0]) if image.ndim == 3 else image
    return to_cleaned(red, scale, skew, 0.0, fraction)[0]
