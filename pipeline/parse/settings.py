"""How close a line read by OCR must be to a known Decree-30 wording to be taken as it: the
parser's fuzzy thresholds, in one named object. Similarity is that of the folded forms (no marks,
upper case; ``text.similarity``), from 0 to 1.

Every value was first set by hand; ``benchmarks/sweep_thresholds.py`` measures each one moved by
±0.05 and ±0.1 with the others held, on the development material (the 35 real pages of
``shared/realscans``, read once, and our rendered plans), and its table is
``benchmarks/results/thresholds.md``. The figure quoted with each field is from that run: header
fields matched at this value, and where moving it loses or gains (base: 177/229 header fields of
the real pages, 144/152 fields of our plans' office-scan renders). No move gained a field; where
the sweep is flat, no development page decides the value, and it stays what reasoning about the
wording gave. These are development-set figures.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Thresholds:
    # a place-date line's place, snapped to a province's spelling only above this (and only when a
    # letter off, marks aside: header._place_from)
    province: float = 0.85  # sweep: 0.75 loses a real-page field; 0.8–0.95 the same
    # an issuer's first line that lost its first words ("NHÂN DÂN" for "ỦY BAN NHÂN DÂN")
    issuer_head: float = 0.8  # sweep: 0.7 and 0.75 lose a real-page field; 0.85–0.9 the same
    # share of a piece's words cut from the national title or motto (a column split mid-line)
    cut_from_title_share: float = 0.6  # sweep: 0.5–0.7 the same (no page decides it)
    # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" read through noise
    national_title: float = 0.75  # sweep: 0.65–0.85 the same
    # a Party or Youth Union heading ("ĐẢNG CỘNG SẢN VIỆT NAM") in place of the national title
    organisation_title: float = 0.85  # sweep: 0.75–0.95 the same
    # "Độc lập - Tự do - Hạnh phúc"
    motto: float = 0.7  # sweep: 0.6–0.8 the same
    # a type line ("KẾ HOẠCH", "QUYẾT ĐỊNH") of six words or fewer
    doc_type: float = 0.8  # sweep: 0.7 and 0.75 lose 4 real-page fields; 0.85–0.9 the same
    # the body named after "TM."/"KT." is an agency of the vocabulary
    agency: float = 0.8  # sweep: 0.7 loses 7 plan fields; 0.75–0.9 the same
    # a signer's title line ("CHỦ TỊCH", "GIÁM ĐỐC")
    signer_title: float = 0.85  # sweep: 0.9 loses a plan field, 0.95 also 3 real-page fields
    # … the stricter test of a line that may be a title or the start of running text
    signer_title_strict: float = 0.9  # sweep: 0.8–1.0 the same
    # the body of an authority line ("TM. ỦY BAN NHÂN DÂN") snapped to a known title or agency
    authority_body: float = 0.7  # sweep: 0.6–0.8 the same
    # a title cut at its start, read as the end of a known title
    title_tail: float = 0.6  # sweep: 0.5–0.7 the same
    # "KT. <head>": the head's title inferred from the deputy's line below it
    deputy_head: float = 0.6  # sweep: 0.5–0.7 the same
    # a surname re-read from the signature crop, taken only above this
    surname_reread: float = 0.55  # sweep: 0.45–0.65 the same


_current = Thresholds()


def thresholds() -> Thresholds:
    return _current


@contextlib.contextmanager
def trial_thresholds(**changes: float):
    """Within the block the parser uses these values (for the sweep benchmark; not thread-safe)."""
    global _current
    saved = _current
    _current = replace(saved, **changes)
    try:
        yield _current
    finally:
        _current = saved


def names() -> list[str]:
    return [f.name for f in fields(Thresholds)]
