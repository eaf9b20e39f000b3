"""``sohoa eval``: CER/WER before and after correction, and fields matched against expected JSON.

Field matching follows the rules of the expected files (full form shaped like the output, or
the compact form with 'units', 'time', 'recipients_count', role → heading and 'absent' roles):
texts are compared after NFC, whitespace and tone-style folding and trailing punctuation; long
texts need a similarity of at least 0.9.
"""
from __future__ import annotations

import difflib
import json
import logging
from dataclasses import replace
from pathlib import Path

from .metrics import cer, normalise, wer

log = logging.getLogger(__name__)


def _norm(s) -> str:
    return "" if s is None else normalise(str(s)).rstrip(" .;,:")


def _similar(a, b) -> float:
    a, b = _norm(a), _norm(b)
    return 1.0 if a == b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _get(d, *keys):
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    return d


def compare_fields(out: dict, exp: dict) -> list[tuple[str, bool]]:
    """(field, matched) for every field the expected document names, counted as
    shared/tools/compare_expected.py counts them (plus 'urgency', the received stamp and 'absent' roles)."""
    res: list[tuple[str, bool]] = []

    def exact(path, e, g):
        res.append((path, _norm(e) == _norm(g)))

    def fuzzy(path, e, g):
        res.append((path, _similar(e, g) >= 0.9))

    def texts(path, e: list, g: list):
        g = g or []
        res.append((path + ".count", len(e) == len(g)))
        for i, x in enumerate(e):
            fuzzy(f"{path}[{i}]", x, g[i] if i < len(g) else None)

    em, om = exp.get("metadata", {}), out.get("metadata") or {}
    for k in ("issuer", "parent_issuer", "national_title", "motto", "number", "doc_type", "doc_type_code", "place",
              "date", "urgency"):
        if k in em:
            exact(f"metadata.{k}", em[k], om.get(k))
    if "title" in em:
        fuzzy("metadata.title", em["title"], om.get("title"))
    for k in ("authority", "title", "name"):
        if k in em.get("signer", {}):
            exact(f"metadata.signer.{k}", em["signer"][k], _get(om, "signer", k))
    for k, e in (em.get("received") or {}).items():  # the received stamp (SPEC), beyond the shared tool
        exact(f"metadata.received.{k}", e, _get(om, "received", k))
    copy_e, copy_o = em.get("copy") or {}, om.get("copy") or {}  # an office's copy block (Decree 30, Part III)
    for k in ("form", "issuer", "parent_issuer", "number", "place", "date"):
        if k in copy_e:
            exact(f"metadata.copy.{k}", copy_e[k], copy_o.get(k))
    for k in ("authority", "title", "name"):
        if k in copy_e.get("signer", {}):
            exact(f"metadata.copy.signer.{k}", copy_e["signer"][k], _get(copy_o, "signer", k))
    if "recipients" in em:
        texts("metadata.recipients", em["recipients"], om.get("recipients") or [])
    if "recipients_count" in em:
        res.append(("metadata.recipients.count", len(om.get("recipients") or []) == em["recipients_count"]))
    for i, r in enumerate(em.get("references", [])):
        res.append((f"metadata.references[{i}]", max([_similar(r, g) for g in om.get("references") or []] or [0]) >= 0.9))

    es, os_ = exp.get("sections", {}), out.get("sections") or {}
    for role, e in es.items():
        o = os_.get(role)
        res.append((f"sections.{role}", isinstance(o, dict)))
        o = o if isinstance(o, dict) else {}
        if isinstance(e, str):
            exact(f"sections.{role}.heading", e, o.get("heading"))
            continue
        for k in ("number", "heading"):
            if k in e:
                exact(f"sections.{role}.{k}", e[k], o.get(k))
        if role == "purpose":
            texts("sections.purpose.items", e["items"], o.get("items") or [])
        if role == "agenda":
            for k in ("start", "end"):
                exact(f"sections.agenda.time.{k}", _get(e, "time", k), _get(o, "time", k))
            fuzzy("sections.agenda.location", e.get("location"), o.get("location"))
            osess = o.get("sessions") or []
            res.append(("sections.agenda.sessions.count", len(osess) == len(e["sessions"])))
            for i, sess in enumerate(e["sessions"]):
                g = osess[i] if i < len(osess) else {}
                fuzzy(f"sections.agenda.sessions[{i}].label", sess["label"], g.get("label"))
                gi = g.get("items") or []
                texts(f"sections.agenda.sessions[{i}].items", [x["text"] for x in sess["items"]], [x.get("text") for x in gi])
                for j, x in enumerate(sess["items"]):
                    if "responsible" in x:
                        fuzzy(f"sections.agenda.sessions[{i}].items[{j}].responsible", x["responsible"],
                              gi[j].get("responsible") if j < len(gi) else None)
        if role == "participants":
            oi = o.get("items") or []
            texts("sections.participants.groups", [x["group"] for x in e["items"]], [x.get("group") for x in oi])
            for i, x in enumerate(e["items"]):
                texts(f"sections.participants.items[{i}].members", x["members"],
                      (oi[i].get("members") if i < len(oi) else []) or [])
        if role == "funding":
            fuzzy("sections.funding.source", e.get("source"), o.get("source"))
        if role == "responsibilities":
            oi = o.get("items") or []
            texts("sections.responsibilities.units", [x["unit"] for x in e["items"]], [x.get("unit") for x in oi])
            for i, x in enumerate(e["items"]):
                got = (oi[i].get("tasks") if i < len(oi) else []) or []
                res.append((f"sections.responsibilities.items[{i}].tasks.count", len(got) == len(x["tasks"])))
                if x["tasks"] and got:
                    first = x["tasks"][0].split("\n")[0]
                    fuzzy(f"sections.responsibilities.items[{i}].tasks[0]", first, got[0].split("\n")[0][: len(first) + 20])
    for role in exp.get("absent", []):
        res.append((f"sections.{role}.absent", role not in os_))
    if "units" in exp:
        oi = _get(out, "sections", "responsibilities", "items") or []
        texts("sections.responsibilities.units", exp["units"], [x.get("unit") for x in oi])
    if "time" in exp:
        for k in ("start", "end"):
            exact(f"sections.agenda.time.{k}", exp["time"][k], _get(out, "sections", "agenda", "time", k))
    return res


def _inputs(folder: Path, text_only: bool) -> list[Path]:
    found = []
    for name in ("raw_ocr.txt",):
        if (folder / name).exists():
            found.append(folder / name)
    if not text_only:
        found += sorted(p for p in folder.iterdir() if p.stem == "scan" and p.suffix.lower() != ".txt")
    return found


def page_cases(root: Path) -> list[tuple[Path, Path, Path | None]]:
    """(document, NAME.expect.json, NAME.truth.txt or None) for every expectation file that has
    its document beside it (the layout of a development set of real pages)."""
    from .load import SUPPORTED_SUFFIXES

    cases = []
    for exp in sorted(root.rglob("*.expect.json")):
        stem = exp.name[: -len(".expect.json")]
        docs = sorted(p for p in exp.parent.glob(stem + ".*")
                      if p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.endswith(".truth.txt"))
        if docs:
            truth = exp.parent / f"{stem}.truth.txt"
            cases.append((docs[0], exp, truth if truth.exists() else None))
    return cases


def evaluate_dir(root: Path, options, text_only: bool = False) -> list[dict]:
    """Every sample folder (truth.txt with raw_ocr.txt and/or scan.*, expected.json) and every
    page with a NAME.expect.json (and NAME.truth.txt) under ``root``."""
    from .errors import InputError
    from .process import process_document

    root = Path(root)
    if not root.is_dir():
        raise InputError("is not a folder of samples", root, "give a folder holding truth.txt and raw_ocr.txt or scan.*")
    folders = [root] if (root / "truth.txt").exists() else sorted(p.parent for p in root.rglob("truth.txt"))
    cases = [] if text_only else page_cases(root)
    if not folders and not cases:
        raise InputError("nothing to compare: no sample folder with truth.txt and no NAME.expect.json beside a "
                         "document", root, "put the truth beside the documents (see README, 'sohoa eval')")
    results = []
    for folder in folders:
        truth = (folder / "truth.txt").read_text(encoding="utf-8")
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8")) \
            if (folder / "expected.json").exists() else None
        for inp in _inputs(folder, text_only):
            raw = process_document(inp, replace(options, correct=False))
            doc = process_document(inp, options) if options.correct else raw
            row = {"sample": folder.name, "input": inp.name, "pages": doc.source.pages}
            row.update(_rates(truth, raw.text, doc.text))
            if expected:
                row.update(_fields(doc.to_dict(), expected))
            results.append(row)
    for inp, exp, truth_path in cases:
        doc = process_document(inp, options)
        row = {"sample": inp.name[: -len(inp.suffix)], "input": inp.suffix.lstrip("."), "pages": doc.source.pages}
        if truth_path is not None:
            raw_text = "\n".join(p.raw_text for p in doc.pages)
            row.update(_rates(truth_path.read_text(encoding="utf-8"), raw_text, doc.text))
        row.update(_fields(doc.to_dict(), json.loads(exp.read_text(encoding="utf-8"))))
        results.append(row)
    return results


def _rates(truth: str, before: str, after: str) -> dict:
    return {"cer_before": round(cer(truth, before), 4), "wer_before": round(wer(truth, before), 4),
            "cer_after": round(cer(truth, after), 4), "wer_after": round(wer(truth, after), 4)}


def _fields(out: dict, expected: dict) -> dict:
    fields = compare_fields(out, expected)
    return {"fields_matched": sum(ok for _, ok in fields), "fields_total": len(fields),
            "fields_missed": [f for f, ok in fields if not ok]}


def format_table(results: list[dict]) -> str:
    head = f"{'sample':34} {'input':12} {'CER before':>10} {'CER after':>10} {'WER before':>10} {'WER after':>10} {'fields':>9}\n"
    lines = [head, "-" * (len(head) - 1) + "\n"]
    def pct(r, k):
        return f"{r[k]:>10.2%}" if k in r else f"{'-':>10}"

    for r in results:
        fields = f"{r['fields_matched']}/{r['fields_total']}" if "fields_total" in r else "-"
        lines.append(f"{r['sample'][:34]:34} {r['input'][:12]:12} {pct(r, 'cer_before')} {pct(r, 'cer_after')} "
                     f"{pct(r, 'wer_before')} {pct(r, 'wer_after')} {fields:>9}\n")
    if any("fields_total" in r for r in results):
        ok = sum(r.get("fields_matched", 0) for r in results)
        n = sum(r.get("fields_total", 0) for r in results)
        lines.append(f"{'all':34} {'':12} {'':>10} {'':>10} {'':>10} {'':>10} {f'{ok}/{n}':>9}\n")
    return "".join(lines)
