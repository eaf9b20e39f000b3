"""How each header field was read and how sure sohoa is of it (``quality.fields``), and which
fields a clerk should check.

A field's confidence comes from the OCR words it was read from: the least sure of its words
(Tesseract's word confidence / 100; a word re-read from handwriting carries the reader's
capped confidence). A part of the field that no OCR word gave as it stands (changed by the
corrector or the parser) counts as ``CHANGED_WORD_CONF``. Text that came in already OCR'd has
no word confidences: there only the corrector's changes lower a field.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The settings of this module, each with why it is what it is.
CHECK_BELOW = 0.80  # a field below this goes to quality.warnings and the report's check_fields:
#                     Tesseract gives print it reads right 0.85–0.96 per word, damaged words < 0.7
CHANGED_WORD_CONF = 0.60  # a part of the field that the corrector or parser changed: plausible, unproven
TEXT_INPUT_CONF = 0.90  # already-OCR'd text read as it stands: no engine confidence to go on
INCOMPLETE_BLOCK_CONF = 0.70  # a signer block whose name was not read: a seal or signature covered
#                               it, and the title lines above it may be cut too (dev set: the one wrong
#                               signer title reported sure sat in such a block)
# A field read from handwriting is never reported surer than this: the digit reader was trained on
# drawn glyphs and its own probability is not calibrated on real handwriting (a clerk checks it)
HANDWRITTEN_CONF = 0.75
KEY_FIELDS = ("issuer", "number", "doc_type", "date", "title")  # every Decree-30 document prints these

HEADER_FIELDS = ("issuer", "parent_issuer", "national_title", "motto", "urgency", "number", "doc_type",
                 "doc_type_code", "place", "date", "title", "signer.authority", "signer.title", "signer.name",
                 "recipients")
_CLOSING = ("signer.authority", "signer.title", "signer.name", "recipients")
_BLANK_FIELDS = ("number", "date", "received.number", "received.date")  # what is written into blanks
# the received stamp's values, rated only on a page that has one (written in by hand, mostly)
RECEIVED_FIELDS = ("received.number", "received.date", "received.routed_to")


@dataclass(frozen=True)
class ReadWord:
    """One OCR word as the quality check needs it."""

    text: str
    conf: float  # 0–100, Tesseract's; -1 unknown
    source: str = "printed"


def runs(text: str) -> list[str]:
    """Letter and digit runs, folded for comparison ("Số: 057/KH" → ["số", "57", "kh"])."""
    out = []
    for run in re.findall(r"\w+", unicodedata.normalize("NFC", text).lower()):
        out.append(str(int(run)) if run.isdigit() else run)
    return out


def _value(metadata: dict, name: str):
    if "." in name:  # "signer.name", "received.date"
        group, key = name.split(".", 1)
        return (metadata.get(group) or {}).get(key)
    return metadata.get(name)


def _date_runs(iso: str) -> list[str]:
    y, m, d = iso.split("-")
    return [str(int(d)), str(int(m)), y]


class _Index:
    """The OCR words of a zone, by their folded runs: the surest reading of each run, and
    whether any reading of it was handwritten."""

    def __init__(self, words: list[ReadWord]) -> None:
        self.conf: dict[str, float] = {}
        self.handwritten: set[str] = set()
        self.printed: set[str] = set()
        for w in words:
            for run in runs(w.text):
                c = w.conf / 100.0 if w.conf >= 0 else -1.0
                self.conf[run] = max(self.conf.get(run, -1.0), c)
                (self.handwritten if w.source == "handwritten" else self.printed).add(run)


def field_quality(metadata: dict, head: list[ReadWord] | None, tail: list[ReadWord] | None,
                  changed: set[str] = frozenset(), inferred: set[str] = frozenset()) -> dict[str, dict]:
    """``quality.fields``: {name: {"source", "confidence"}} for every header field.

    ``head``/``tail``: the words of the first and last page (None for text input); ``changed``:
    folded runs the corrector or parser wrote; ``inferred``: fields the parser concluded rather
    than read (a công văn's type)."""
    idx_head = _Index(head) if head is not None else None
    idx_tail = _Index(tail) if tail is not None else None
    out: dict[str, dict] = {}
    for name in HEADER_FIELDS + (RECEIVED_FIELDS if metadata.get("received") else ()):
        value = _value(metadata, name)
        if value in (None, "", []):
            out[name] = {"source": "not found", "confidence": None}
            continue
        if name in inferred:
            out[name] = {"source": "inferred", "confidence": 0.9}
            continue
        if isinstance(value, list):
            value = " ".join(value)
        parts = _date_runs(value) if name in ("date", "received.date") and re.match(r"\d{4}-\d{2}-\d{2}$", value) else runs(value)
        if name == "doc_type_code":  # printed inside the number ("47/KH-UBND"), not on its own
            parts = runs(str(metadata.get("number") or value))
        idx = idx_tail if name in _CLOSING else idx_head
        confs, handwritten = [], False
        for run in parts:
            if idx is None:
                confs.append(CHANGED_WORD_CONF if run in changed else TEXT_INPUT_CONF)
                continue
            c = idx.conf.get(run)
            if c is None or c < 0:
                confs.append(CHANGED_WORD_CONF)
            else:
                confs.append(c)
                # only the blanks are written in (number, date, the received stamp): elsewhere a
                # figure also read in print ("tháng 6" in a title, 6 the day's) is the print
                handwritten |= run in idx.handwritten and (name in _BLANK_FIELDS or run not in idx.printed)
        conf = round(min(confs), 2) if confs else None
        if handwritten and conf is not None:
            # the same figures printed elsewhere in the header ("2019") must not make a
            # handwritten reading look sure
            conf = min(conf, HANDWRITTEN_CONF)
        out[name] = {"source": "handwritten" if handwritten else "printed", "confidence": conf}
    if out["signer.name"]["source"] == "not found":
        for name in ("signer.authority", "signer.title"):
            c = out[name]["confidence"]
            if c is not None:
                out[name]["confidence"] = min(c, INCOMPLETE_BLOCK_CONF)
    return out


def needs_check(f: dict, name: str | None = None) -> bool:
    """A field a person should look at: read from handwriting, unsure, or a key field not found."""
    if f.get("source") == "handwritten":
        return True
    if f.get("source") == "not found":
        return name in KEY_FIELDS if name else False
    c = f.get("confidence")
    return c is not None and c < CHECK_BELOW


def warnings_for(fields: dict[str, dict]) -> list[str]:
    """One warning per field read from handwriting or below ``CHECK_BELOW``."""
    out = []
    for name, f in fields.items():
        if f["source"] == "handwritten":
            out.append(f"{name} was read from handwriting (confidence {f['confidence']}): check it")
        elif f["confidence"] is not None and f["confidence"] < CHECK_BELOW:
            out.append(f"{name} was read with low confidence ({f['confidence']}): check it")
    return out
