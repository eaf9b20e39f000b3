"""The parse as spaCy spans: header fields and plan sections as labelled span groups, the result as
plain data on the Doc, serialisable with DocBin, and the components usable in a user's pipeline."""
from __future__ import annotations

import json

import pytest
from spacy.tokens import DocBin

from conftest import plan_fixtures
from docgen import render
from pipeline.parse import load_nlp, parse_document
from pipeline.parse.entities import blank_with_entities
from pipeline.text import fold

PLANS = plan_fixtures()
NAMES = ["cantho-stp-pho-bien-phap-luat", "hanam-stttt-chuyen-doi-so", "thanhhoa-bch-phong-chong-thien-tai"]


@pytest.mark.parametrize("name", NAMES)
def test_sections_and_header_fields_are_labelled_spans(name):
    _, text = render(PLANS[name]["layout"])
    parsed = parse_document(text)
    doc = load_nlp()(text)
    sections = list(doc.spans["sohoa_sections"])
    assert [s.label_ for s in sections] == [r for r in parsed.sections]  # every section, in the order of the page
    for s in sections:
        heading = parsed.sections[s.label_]["heading"]
        assert fold(heading)[:20] in fold(s.text.split("\n")[0]), (s.label_, s.text[:80])
        assert s._.sohoa_value == parsed.sections[s.label_]
    assert all(a.end <= b.start for a, b in zip(sections, sections[1:]))  # no overlaps
    header = {s.label_: s for s in doc.spans["sohoa_header"]}
    meta = parsed.metadata
    for field in ("issuer", "number", "doc_type", "title"):
        if meta[field]:
            assert " ".join(header[field].text.split()) == meta[field]
    if meta["date"]:
        assert header["date"]._.sohoa_value == meta["date"] and header["date"].text.startswith("ngày")
    if meta["signer"]["name"]:
        assert header["signer.name"].text == meta["signer"]["name"]
        assert header["signer.name"].start > sections[-1].start  # the closing block, not the header
    assert doc._.sohoa["metadata"] == meta
    headings = list(doc.spans["sohoa_headings"])
    roles = [h.label_ for h in headings if h.label_ != "heading"]
    assert roles == [s.label_ for s in sections]  # every section opens with its heading line
    for h in headings:
        assert "\n" not in h.text and fold(h._.sohoa_value["heading"])[:20] in fold(h.text)


def test_docbin_keeps_the_spans_and_the_result():
    _, text = render(PLANS[NAMES[0]]["layout"])
    nlp = load_nlp()
    doc = nlp(text)
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp.vocab))[0]
    assert [s.label_ for s in back.spans["sohoa_sections"]] == [s.label_ for s in doc.spans["sohoa_sections"]]
    assert [(s.label_, s.text) for s in back.spans["sohoa_header"]] == [(s.label_, s.text) for s in doc.spans["sohoa_header"]]
    # msgpack gives lists back as tuples: the same data once written as JSON
    assert json.dumps(back._.sohoa, ensure_ascii=False) == json.dumps(doc._.sohoa, ensure_ascii=False)


def test_the_components_run_in_a_users_own_pipeline():
    _, text = render(PLANS[NAMES[1]]["layout"])
    nlp = blank_with_entities()
    for name in ("sohoa_header", "sohoa_outline", "sohoa_roles", "sohoa_spans"):
        nlp.add_pipe(name)
    doc = nlp(text)
    ours = load_nlp()(text)
    assert [s.label_ for s in doc.spans["sohoa_sections"]] == [s.label_ for s in ours.spans["sohoa_sections"]]
    assert "number" in {s.label_ for s in doc.spans["sohoa_header"]}
