"""Regression over the development set of real pages (../shared/realscans): the header fields
matched may not drop below what the project reaches (issue 11). Slow (a minute and a half):
it runs in CI and with `-m slow`."""
from __future__ import annotations

import sys

import pytest

from conftest import ROOT

REALSCANS = ROOT.parent / "shared" / "realscans"
# What sohoa reached on this set when the floor was last set (benchmarks/results/realscans.md).
# Raise it when the score rises. Lowered once, 178 → 177, when the digit reader was retrained with
# real handwriting (digits of writers it never saw: 0.58 → 0.87 read right); the one field lost is
# the handwritten number 286 of vkstc, now read 266 and flagged for a check (confidence 0.54).
# 178 → 182 when MNIST digits joined the training and touching digits were cut by recognition;
# → 185 with the convolutional networks averaged in; → 186 with numbers read as scraps; → 187 when
# low-resolution bilevel scans were no longer binarised again; → 188 with the Vietnamese "1" drawn.
# → 199 (of 233: the received stamp's 4 fields are scored since) with the misread "V/v" mark, the
# signer name read again on its line, the "Λ" one, blanks whose "/" or "ngày" Tesseract mangled.
# → 207 with two readers agreeing on a blank, the printed "/" found by its shape, a number read in
# pieces, signer titles behind seal debris, a name read alone under a hidden title, no letter
# swapped for another in a line of capitals.
# → 211 with a day that cannot be one mended where two readers agree, a month blank inside the box
# of "tháng", "ngài" as the date word, the "/" found under a broken stroke, the next line's letters
# kept out of a blank, a second received stamp and a stamp over the title's start left out.
# → 213 with a received stamp's handwritten date read (two readers agreeing) and a title line
# crossed by a stamp read again alone; → 214 with a sentence run over a line break corrected as one.
HEADER_FIELDS_FLOOR = 214
ALL_FIELDS_FLOOR = 228  # header fields and the section headings the pages must yield
# mean CER of `text` on the 9 transcribed pages: 5.59 % → 1.39 % with ruled tables read cell by
# cell, list dashes as printed, stamps and specks out of the text, two merged lines read again;
# → 1.06 % with the motto read twice in pieces made one, the signer's title after the recipients,
# purpose marks (b/c, t/h) kept; 0.85 % → 0.83 % with the corrector reading across line breaks
CER_CEILING = 0.0100


@pytest.mark.slow
@pytest.mark.skipif(not REALSCANS.is_dir(), reason="../shared/realscans is not beside this checkout")
def test_real_pages_keep_their_header_fields():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_realscans import measure

    s = measure(REALSCANS, with_tesseract=False)
    assert s["pages"] >= 35
    assert s["header_matched"] >= HEADER_FIELDS_FLOOR, (s["header_matched"], s["header_total"], s["rows"])
    assert s["all_matched"] >= ALL_FIELDS_FLOOR, (s["all_matched"], s["all_total"], s["rows"])
    assert s["cer_mean"] <= CER_CEILING, s["cer_mean"]
    # a wrong field reported sure is the worst error for a clerk: none on the development pages
    # (the last one, chinhphu-71's title cut by a received stamp, was fixed by leaving the stamp out)
    assert not s["sure_wrong"], s["sure_wrong"]
