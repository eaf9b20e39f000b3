"""Entities of administrative text with spaCy: dates, document numbers and units.

A blank Vietnamese pipeline (syllable tokens; pyvi's word segmenter is not needed for patterns)
with a tokenizer that splits punctuation off words but keeps "47/KH-UBND" and "23/11/2023"
whole, and two registered components:

- ``sohoa_patterns``: an EntityRuler with DATE ("ngày 23 tháng 11 năm 2023", tolerant of OCR
  damage and of a blank day; "23/11/2023") and DOC_NUMBER ("47/KH-UBND", "29-NQ/TW", "/KH-STP");
- ``sohoa_units``: ORG spans, a unit word from the vocabulary (Sở, Ban, Phòng, UBND, Công an,
  Đài, Báo…) and the name after it, up to punctuation, a date or the verb that follows
  ("Sở Tài chính chủ trì…" → "Sở Tài chính").

The parser asks this module, never regexes of its own, for dates, numbers and units.
Lookups are cached by text; a whole document's pass (see ``parse.pipeline``) answers the
lookups of its lines. spaCy is imported on first use, not at start-up.
"""
from __future__ import annotations

import functools
import logging
import re
import threading
from dataclasses import dataclass

from .. import patterns
from ..text import digits, make_date
from .vocab import vocab

log = logging.getLogger(__name__)

DOC_NUMBER_SHAPE = patterns.DOC_NUMBER_SHAPE


@dataclass(frozen=True)
class Entity:
    label: str  # DATE, DOC_NUMBER, ORG
    text: str
    start: int  # character offsets in the text looked at
    end: int


def _patterns() -> list[dict]:
    sep = {"IS_PUNCT": True, "OP": "?"}
    blank = {"TEXT": {"REGEX": r"^[.…_]+$"}, "OP": "*"}
    word_date = [{"LOWER": {"REGEX": patterns.DAY_TOKEN}}, blank, {"TEXT": {"REGEX": patterns.DIGITISH_TOKEN}, "OP": "?"}, blank, sep,
                 {"LOWER": {"REGEX": patterns.MONTH_TOKEN}}, {"TEXT": {"REGEX": patterns.DIGITISH_TOKEN}}, sep,
                 {"LOWER": {"REGEX": patterns.YEAR_TOKEN}}, {"TEXT": {"REGEX": patterns.DIGITISH_TOKEN}}]
    return [
        {"label": "DATE", "pattern": word_date, "id": "words"},
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": patterns.NUMERIC_DATE.pattern}}], "id": "numeric"},
        {"label": "DOC_NUMBER", "pattern": [{"TEXT": {"REGEX": DOC_NUMBER_SHAPE}}]},
    ]


def _tokenizer(nlp):
    from spacy.lang.punctuation import TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    prefixes = [p for p in TOKENIZER_PREFIXES if p not in ("/",)]
    # a number glued to the date word after it ("26tháng") or before it ("ngày23") is two tokens
    infixes = [r"(?<=\d)(?=(?:th[áaàảạ]ng|n[ăaâ]m)\b)", r"(?<=ng[àaáảạ]y)(?=\d)"]
    return Tokenizer(nlp.vocab, prefix_search=compile_prefix_regex(prefixes).search,
                     suffix_search=compile_suffix_regex(TOKENIZER_SUFFIXES).search,
                     infix_finditer=compile_infix_regex(infixes).finditer)


def _register() -> None:
    from spacy.language import Language

    if Language.has_factory("sohoa_units"):
        return

    @Language.factory("sohoa_units")
    def make_units(nlp, name):  # noqa: ARG001 - spaCy's factory signature
        return _Units(nlp)


class _Units:
    """ORG spans: a unit word and the name after it (a registered spaCy component)."""

    STOP_PUNCT = set(":;,.()[]!?\"“”")

    def __init__(self, nlp) -> None:
        from spacy.matcher import PhraseMatcher

        v = vocab()
        self.starts = PhraseMatcher(nlp.vocab)
        self.starts.add("UNIT", [nlp.make_doc(u) for u in v.unit_words if u[:1].isupper()])
        verbs = sorted({*v.task_verbs, *v.responsible_verbs}, key=len, reverse=True)
        self.verbs = [tuple(x.split()) for x in verbs]

    def _verb_at(self, doc, i: int) -> bool:
        for words in self.verbs:
            if tuple(t.lower_ for t in doc[i:i + len(words)]) == words:
                return True
        return False

    def __call__(self, doc):
        from spacy.tokens import Span
        from spacy.util import filter_spans

        taken = {t.i for e in doc.ents for t in e}
        spans = []
        for _, start, end in sorted(self.starts(doc), key=lambda m: (m[1], -m[2])):
            if start in taken or (spans and start < spans[-1].end):
                continue  # inside a date or number, or inside the unit found before
            i = end
            while i < len(doc) and i - start < 16:
                t = doc[i]
                if t.text in self.STOP_PUNCT or t.is_space or t.i in taken or self._verb_at(doc, i) or t.like_num:
                    break
                i += 1
            if i > end or doc[start].text.isupper():
                spans.append(Span(doc, start, i, label="ORG"))
        doc.ents = filter_spans(list(doc.ents) + spans)
        return doc


def blank_with_entities():
    """A new blank Vietnamese pipeline with sohoa's tokenizer and its two entity components;
    sohoa's structure components (sohoa_header, sohoa_outline, sohoa_roles) can then be added."""
    import spacy

    from .pipeline import register_components  # here, not at the top: pipeline imports this module

    _register()
    register_components()
    pipeline = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    pipeline.tokenizer = _tokenizer(pipeline)
    ruler = pipeline.add_pipe("entity_ruler", name="sohoa_patterns")
    ruler.add_patterns(_patterns())
    pipeline.add_pipe("sohoa_units")
    return pipeline


ENTITY_PIPES = ("sohoa_patterns", "sohoa_units")
_BUILD_LOCK = threading.Lock()


def nlp():
    """sohoa's pipeline, built once per process (a warm-up thread may be building it while pages
    are OCR'd): tokenizer → sohoa_patterns → sohoa_units → sohoa_header → sohoa_outline → sohoa_roles
    → sohoa_spans."""
    with _BUILD_LOCK:
        return _nlp()


@functools.lru_cache(maxsize=1)
def _nlp():
    pipeline = blank_with_entities()
    for name in ("sohoa_header", "sohoa_outline", "sohoa_roles", "sohoa_spans"):
        pipeline.add_pipe(name)
    return pipeline


def _entities(doc) -> tuple[Entity, ...]:
    return tuple(Entity(e.label_, e.text, e.start_char, e.end_char) for e in doc.ents)


_CACHE: dict[str, tuple[Entity, ...]] = {}
_CACHE_SIZE = 20000


def _remember(text: str, found: tuple[Entity, ...]) -> None:
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[text] = found


def entities(text: str) -> tuple[Entity, ...]:
    found = _CACHE.get(text)
    if found is None:
        pipeline = nlp()
        doc = pipeline.make_doc(text)
        for name in ENTITY_PIPES:  # the entity components only: a phrase is not a document
            doc = pipeline.get_pipe(name)(doc)
        found = _entities(doc)
        _remember(text, found)
    return found


def remember_lines(doc) -> None:
    """Answer later lookups of the document's lines from the entities found in the whole
    document (one pass instead of one per line)."""
    start = 0
    ents = list(doc.ents)
    k = 0
    for line in doc.text.split("\n"):
        end = start + len(line)
        while k < len(ents) and ents[k].start_char < start:
            k += 1
        inside = []
        j = k
        while j < len(ents) and ents[j].start_char < end:
            if ents[j].end_char <= end:
                e = ents[j]
                inside.append(Entity(e.label_, e.text, e.start_char - start, e.end_char - start))
            j += 1
        if line and line not in _CACHE:
            _remember(line, tuple(inside))
        start = end + 1


def iso_of(date_text: str) -> str | None:
    """ISO date of a DATE entity's text; None when the day is blank or the date impossible."""
    m = patterns.NUMERIC_DATE.match(date_text.strip())
    if m:
        return make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    parts = re.split(r"(?i)th[áaàảạ]ng|n[ăaâ]m", date_text)
    if len(parts) != 3:
        return None
    nums = [patterns.WORD_DATE_PARTS.findall(p) for p in parts]
    # the day is what stands between "ngày" and "tháng", all of it: "4#" is a day not read (its
    # second digit lost), never the 4th
    said = list(re.finditer(r"(?i)\bng[^\W\d_]?y", parts[0]))
    day_text = (parts[0][said[-1].end():] if said else (parts[0].split() or [""])[-1]).strip(" .,:;")
    day = digits(day_text) if patterns.WORD_DATE_PARTS.fullmatch(day_text) else None
    month = digits(nums[1][0]) if nums[1] else None
    year = digits(nums[2][0]) if nums[2] else None
    if not (day and month and year and len(year) == 4):
        return None
    return make_date(int(year), int(month), int(day))


def dates(text: str) -> list[tuple[int, str | None]]:
    """(position, ISO date or None) for every written date, in order."""
    return [(e.start, iso_of(e.text)) for e in entities(text) if e.label == "DATE"]


def units(text: str) -> list[Entity]:
    return [e for e in entities(text) if e.label == "ORG"]
