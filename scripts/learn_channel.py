#!/usr/bin/env python3
"""Learn the corrector's channel (what Tesseract reads for what was printed) from real Tesseract output.

Step 1, ``ocr`` (about 6 min on 2 cores): documents of the corpus's *training* part (never the
held-out tenth that the benchmarks use) are typeset as A4 pages in Liberation Serif and Sans at
12–14 pt, degraded as a photocopy, an office scan and a phone photo (tests/docgen.py), and read by
sohoa with its correction switched off (`sohoa batch --no-correct`: sohoa's own cleaning and
reading order). Page text and OCR text are written to benchmarks/data/channel-train.jsonl.gz.

Step 2, ``learn`` (seconds): the two texts are aligned syllable by syllable; every misread syllable
gives a rewrite (what was read → what was printed, after the common beginning and end are cut off,
"ừong" → "trong" gives "ừ" → "tr" at a word start), a change of tone marks only, or a change of
letters. Costs are negative log probabilities, P(read | printed), counted over every printed
syllable that offered the chance; a rewrite needs ``--min-support`` sightings. The decoder's other
costs (keeping a known word, a change of marks, a letter substitution) come from the same counts.
One scale factor maps the learnt costs onto the decoder's; it is chosen on the training pages
themselves (never on held-out text), by the CER after correction. Writes
models/confusions/learned.json, which the corrector loads beside the hand-written shapes of
models/confusions/ocr.json (models/README.md).

usage: python scripts/learn_channel.py ocr [--docs 24]
       python scripts/learn_channel.py learn [--min-support 3]
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from build_lm import DEFAULT_CORPUS, documents  # noqa: E402 - the same split as the language model

TRAIN_OCR = ROOT / "benchmarks" / "data" / "channel-train.jsonl.gz"
LEARNED = ROOT / "models" / "confusions" / "learned.json"
FONTS = [("LiberationSerif-Regular.ttf", 13), ("LiberationSans-Regular.ttf", 12), ("LiberationSerif-Regular.ttf", 14)]
MAX_OVERCORRECTION = 0.0005  # of clean syllables changed: the bound for text read right
PROFILES = ("photocopy", "office", "phone")


def training_docs(n: int) -> list[str]:
    """``n`` long documents of the language model's training part (index % 10 != 9), spread over the corpus."""
    out = []
    for i, doc in enumerate(documents(DEFAULT_CORPUS)):
        if i % 10 == 9 or i % 10 != 4:  # 9 is held out; 4: one tenth of the training part
            continue
        text = "".join(doc)
        if len(text) > 3000:
            out.append(unicodedata.normalize("NFC", text))
        if len(out) >= n:
            break
    return out


def typeset(text: str, font_file: str, size_pt: float, max_pages: int = 2):
    """Paragraphs on A4 pages in the given font; the pages and the text that was set."""
    from PIL import ImageFont

    import docgen

    font = None
    for d in docgen.FONT_DIRS:
        if (d / font_file).exists():
            font = ImageFont.truetype(str(d / font_file), int(round(size_pt * docgen.DPI / 72)))
    if font is None:
        raise SystemExit(f"font {font_file} not found: apt-get install fonts-liberation2")
    return docgen.typeset_text(text, font, max_pages)


def cmd_ocr(args) -> int:
    import docgen

    rows = []
    with tempfile.TemporaryDirectory(prefix="sohoa-channel-") as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        for k, doc in enumerate(training_docs(args.docs)):
            font_file, size = FONTS[k % len(FONTS)]
            profile = PROFILES[k % len(PROFILES)]
            pages, truth = typeset(doc, font_file, size)
            name = f"doc{k:03d}-{profile}"
            docgen.save_pdf([docgen.degrade(p, profile, seed=500 + k) for p in pages], src / f"{name}.pdf")
            rows.append({"name": name, "font": font_file, "size": size, "profile": profile, "truth": truth})
        print(f"{len(rows)} documents typeset; reading them with sohoa --no-correct …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pipeline", "batch", str(src), "-o", str(out), "--no-correct"],
                       check=True, cwd=ROOT)
        for row in rows:
            row["ocr"] = json.loads((out / f"{row['name']}.pdf.json").read_text(encoding="utf-8"))["text"]
    TRAIN_OCR.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(TRAIN_OCR, "wt", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {TRAIN_OCR}", file=sys.stderr)
    return 0


_SYLLABLE = re.compile(r"[^\W\d_]+")
_LETTERS = re.compile("[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+")


def syllables(text: str) -> list[str]:
    return [s.lower() for s in _SYLLABLE.findall(unicodedata.normalize("NFC", text))]


def aligned_pairs(truth: str, ocr: str) -> list[tuple[str, str]]:
    """(printed, read) for every printed syllable that the OCR read as one syllable (right or wrong)."""
    from rapidfuzz.distance import Levenshtein

    t, o = syllables(truth), syllables(ocr)
    pairs = []
    for op in Levenshtein.opcodes(t, o):
        if op.tag == "equal" or (op.tag == "replace" and op.src_end - op.src_start == op.dest_end - op.dest_start):
            pairs += zip(t[op.src_start:op.src_end], o[op.dest_start:op.dest_end])
    return pairs


def _core_difference(read: str, printed: str) -> tuple[str, str, bool]:
    """'ừong', 'trong' → ('ừ', 'tr', True): what differs once the common start and end are cut off."""
    i = 0
    while i < min(len(read), len(printed)) and read[i] == printed[i]:
        i += 1
    j = 0
    while j < min(len(read), len(printed)) - i and read[-1 - j] == printed[-1 - j]:
        j += 1
    return read[i:len(read) - j], printed[i:len(printed) - j], i == 0


def count_channel(pairs: list[tuple[str, str]], min_support: int) -> dict:
    """Negative log probabilities (nats) of P(read | printed) for tone/hat changes of one letter and for
    glyph rewrites, from aligned syllables."""
    from pipeline.correct.syllable import skeleton

    letters: Counter[str] = Counter()  # printed letters
    marks: Counter[tuple[str, str]] = Counter()  # (read, printed) letters of the same base
    rewrites: Counter[tuple[str, str, bool]] = Counter()
    errors = 0
    for printed, read in pairs:
        letters.update(printed)
        if read == printed:
            continue
        errors += 1
        if skeleton(read) == skeleton(printed) and len(read) == len(printed):
            marks.update((r, p) for r, p in zip(read, printed) if r != p)
            continue
        a, b, at_start = _core_difference(read, printed)
        if a and b and _LETTERS.fullmatch(a + b):
            rewrites[(a, b, at_start)] += 1
    printed_texts = [p for p, _ in pairs]

    def chances(b: str, at_start: bool) -> int:
        return sum(1 for p in printed_texts if (p.startswith(b) if at_start else b in p))

    out = {"syllables": len(pairs), "misread": errors, "marks": {}, "word_start": [], "anywhere": []}
    for (r, p), n in sorted(marks.items()):
        if n >= min_support:
            out["marks"][f"{r}>{p}"] = [round(-math.log(n / letters[p]), 3), n]
    # a mark change never seen: as if seen half a time on the commonest letter
    out["mark_unseen"] = round(-math.log(0.5 / max(letters.values(), default=1)), 3)
    for (a, b, at_start), n in sorted(rewrites.items(), key=lambda kv: -kv[1]):
        if n < min_support:
            continue
        cost = round(-math.log(n / max(chances(b, at_start), n)), 3)
        out["word_start" if at_start else "anywhere"].append([a, b, cost, n])
    return out


def load_training() -> list[dict]:
    if not TRAIN_OCR.exists():
        raise SystemExit(f"{TRAIN_OCR} is missing: run 'python scripts/learn_channel.py ocr' first")
    with gzip.open(TRAIN_OCR, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def syllable_errors(truth: str, text: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(syllables(truth), syllables(text))


def corrected_errors(rows: list[dict], learned: dict | None, scale: float) -> tuple[float, float]:
    """(syllable error rate, CER) after correction of the training pages, the corrector using
    ``learned`` at ``scale``. The syllable rate chooses: most of a page's character errors are
    punctuation, digits and spacing, which no channel cost changes."""
    import pipeline.correct as correct  # correct_text, with the trial channel below
    from pipeline.correct.candidates import trial_channel
    from pipeline.metrics import error_counts

    with trial_channel(learned, scale):
        errs = total = serrs = stotal = over = 0
        for row in rows:
            clean, _ = correct.correct_text(row["truth"])  # text read right must stay as it is
            over += syllable_errors(row["truth"], clean)
            out, _ = correct.correct_text(row["ocr"])
            e, n = error_counts(row["truth"], out)[:2]
            errs, total = errs + e, total + n
            serrs, stotal = serrs + syllable_errors(row["truth"], out), stotal + len(syllables(row["truth"]))
    return serrs / max(stotal, 1), errs / max(total, 1), over / max(stotal, 1)


def cmd_learn(args) -> int:
    from pipeline.metrics import error_counts

    rows = load_training()
    pairs = [p for row in rows for p in aligned_pairs(row["truth"], row["ocr"])]
    learned = count_channel(pairs, args.min_support)
    raw = sum(error_counts(r["truth"], r["ocr"])[0] for r in rows) / sum(error_counts(r["truth"], r["truth"])[1] for r in rows)
    raw_s = sum(syllable_errors(r["truth"], r["ocr"]) for r in rows) / sum(len(syllables(r["truth"])) for r in rows)
    print(f"{len(rows)} training documents, {learned['syllables']} aligned syllables, {learned['misread']} misread; "
          f"{len(learned['marks'])} mark changes, {len(learned['word_start'])} + {len(learned['anywhere'])} rewrites "
          f"seen >= {args.min_support} times; before correction: syllable errors {raw_s:.2%}, CER {raw:.2%}", file=sys.stderr)
    trials = {"hand-written costs only": (None, 1.0, None)}
    for scale in args.scales:
        for keep in args.keep_known:
            trials[f"learnt, scale {scale}, keep_known {keep}"] = (dict(learned, decoder={"keep_known": keep}), scale, keep)
    scores = {}
    for name, (table, scale, _keep) in trials.items():
        scores[name] = corrected_errors(rows, table, scale)
        print(f"  {name}: after correction: syllable errors {scores[name][0]:.3%}, CER {scores[name][1]:.3%}; "
              f"clean text changed: {scores[name][2]:.3%}", file=sys.stderr, flush=True)
    # the fewest errors among the settings that change at most MAX_OVERCORRECTION of text read right
    allowed = [n for n in trials if trials[n][0] is not None and scores[n][2] <= MAX_OVERCORRECTION]
    if not allowed:
        raise SystemExit("no setting keeps over-correction of clean text within bounds")
    name = min(allowed, key=lambda n: (scores[n][0], -trials[n][2]))
    best, keep = trials[name][1], trials[name][2]
    learned["decoder"] = {"keep_known": keep}
    learned.update({
        "_about": "Tesseract's own misreadings of Vietnamese print, learnt by scripts/learn_channel.py from "
                  "typeset training-part corpus pages (never the held-out tenth); costs are -ln P(read | printed) in "
                  "nats, each entry [cost, sightings] or [read, printed, cost, sightings]; 'scale' maps them onto "
                  "the decoder's costs and was chosen on the training pages. See models/README.md.",
        "scale": best,
        "training": {"documents": len(rows), "before": {"syllable_error_rate": round(raw_s, 5), "cer": round(raw, 5)},
                     "after": {k: {"syllable_error_rate": round(v[0], 5), "cer": round(v[1], 5),
                                   "clean_text_changed": round(v[2], 5)} for k, v in scores.items()}},
    })
    LEARNED.write_text(json.dumps(learned, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"scale {best}, keep_known {keep} chosen; wrote {LEARNED}", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="step", required=True)
    o = sub.add_parser("ocr")
    o.add_argument("--docs", type=int, default=24)
    ln = sub.add_parser("learn")
    ln.add_argument("--min-support", type=int, default=3)
    ln.add_argument("--scales", type=float, nargs="+", default=[0.15, 0.3, 0.5])
    ln.add_argument("--keep-known", type=float, nargs="+", default=[4.5, 3.5, 2.5])
    args = ap.parse_args(argv)
    if args.step == "ocr":
        return cmd_ocr(args)
    return cmd_learn(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
