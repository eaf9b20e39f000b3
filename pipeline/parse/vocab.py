"""The Decree-30 vocabulary (models/vocab/decree30.json), loaded once, with derived lookups."""
from __future__ import annotations

from functools import lru_cache

from ..resources import load_json
from ..text import fold


class Vocab:
    def __init__(self, data: dict) -> None:
        self.data = data
        self.national_title: str = data["national_title"]
        self.motto: str = data["motto"]
        self.doc_types: dict[str, str] = data["doc_types"]
        self.code_to_type: dict[str, str] = {}
        for name, code in self.doc_types.items():
            if code:  # a code two types share (TT, TC) names the first, the one more often met
                self.code_to_type.setdefault(code, name)
        self.agencies: dict[str, str] = data["agencies"]
        self.folded_agency_heads = sorted({fold(h) for h in data["agency_heads"]}, key=len, reverse=True)
        self.organisation_titles: list[str] = data.get("organisation_titles", [])
        self.localities: list[str] = data["localities"]
        self.folded_localities = sorted({fold(x).rstrip(".") for x in self.localities}, key=len, reverse=True)
        self.signer_titles: list[str] = data["signer_titles"]
        self.surnames: list[str] = data["surnames"]
        self.folded_surnames = {fold(s): s for s in self.surnames}
        self.provinces: list[str] = data["provinces"]
        self.folded_provinces = {fold(p): p for p in self.provinces}
        # "LAMDONG" → "Lâm Đồng": a province name whose spaces OCR lost
        self.glued_provinces = {k.replace(" ", ""): p for k, p in self.folded_provinces.items()}
        self.roles: dict[str, list[str]] = data["roles"]
        self.folded_roles = {role: [fold(k) for k in kws] for role, kws in self.roles.items()}
        self.reference_openers: list[str] = data["reference_openers"]
        self.cited_doc_types: list[str] = sorted(data["cited_doc_types"], key=len, reverse=True)
        self.unit_words: list[str] = data["unit_words"]
        self.responsible_verbs: list[str] = data["responsible_verbs"]
        self.task_verbs: list[str] = data["task_verbs"]
        self.urgency: list[str] = data["urgency"]
        self.roman: list[str] = data["roman"]
        self.roman_ocr: dict[str, str] = data["roman_ocr"]
        # head and locality words after which OCR may lose a space ("BỘCÔNG THƯƠNG"), longest first
        self.unglue_words = sorted(set(self.folded_agency_heads) | {x.rstrip(".") for x in self.folded_localities},
                                   key=len, reverse=True)


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    return Vocab(load_json("vocab/decree30.json"))
