#!/usr/bin/env python3
"""Build the syllable language model of the corrector from the legal-text corpus.

usage: python scripts/build_lm.py [CORPUS.txt.gz] [-o models/lm/syllables.json.gz]

Every tenth document (by order in the corpus) is held out and written to
benchmarks/data/heldout.txt.gz so that the corrector is judged on text it never learnt from.
The model keeps syllable unigrams (count >= 2) and bigrams (count >= 2), lower-cased, NFC;
phrases are cut at punctuation, so bigrams never span a comma or a full stop.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pipeline.correct.syllable import is_valid, rhymes_of  # noqa: E402 - the corrector's own spelling rule
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "vbpl-legal-vi.txt.gz"
SYLLABLE = re.compile(r"[^\W\d_]+")
PHRASE_BREAK = re.compile(r"[.,;:!?()\[\]\"“”'/]|\s-\s")


def documents(path: Path):
    doc: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("### doc_"):
                if doc:
                    yield doc
                doc = []
            else:
                doc.append(line)
    if doc:
        yield doc


def phrases(line: str):
    line = unicodedata.normalize("NFC", line)
    for chunk in PHRASE_BREAK.split(line):
        sylls = [s.lower() for s in SYLLABLE.findall(chunk)]
        if sylls:
            yield sylls


def capitalised_pairs(line: str):
    """(first, second, first-is-capitalised) for syllable pairs not at a sentence start."""
    line = unicodedata.normalize("NFC", line)
    for chunk in PHRASE_BREAK.split(line):
        words = SYLLABLE.findall(chunk)
        for a, b in zip(words[1:], words[2:]):  # skip the chunk's first word: it may start a sentence
            yield a.lower(), b.lower(), a[:1].isupper() and not a.isupper()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "models" / "lm" / "syllables.json.gz")
    ap.add_argument("--heldout", type=Path, default=ROOT / "benchmarks" / "data" / "heldout.txt.gz")
    ap.add_argument("--min-count", type=int, default=2, help="least count of a bigram kept")
    ap.add_argument("--min-unigram-count", type=int, default=1,
                    help="least count of a syllable kept (1: a rare real word is not an OCR error)")
    args = ap.parse_args(argv)

    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    held: list[str] = []
    caps: Counter[str] = Counter()
    pair_n: Counter[str] = Counter()
    n_docs = 0
    for i, doc in enumerate(documents(args.corpus)):
        n_docs += 1
        if i % 10 == 9:
            held.append("".join(doc))
            continue
        for line in doc:
            for a, b, cap in capitalised_pairs(line):
                pair_n[f"{a} {b}"] += 1
                caps[f"{a} {b}"] += cap
            for sylls in phrases(line):
                uni.update(sylls)
                seq = ["<s>"] + sylls + ["</s>"]
                bi.update(f"{a} {b}" for a, b in zip(seq, seq[1:]))
    # Place names are rare in legal text but common in the documents we read: every province of
    # the Decree-30 vocabulary counts as if seen 20 times, after "tỉnh" and on its own.
    vocab = json.loads((ROOT / "models" / "vocab" / "decree30.json").read_text(encoding="utf-8"))
    for name in vocab["provinces"]:
        for prefix in ([], ["tỉnh"]):
            for sylls in phrases(" ".join(prefix + [name])):
                seq = ["<s>"] + sylls + ["</s>"]
                uni.update({s_: 20 for s_ in sylls})
                bi.update({f"{a} {b}": 20 for a, b in zip(seq, seq[1:])})
    total = sum(uni.values())
    # a syllable seen once is kept when Vietnamese spelling allows it (the rhymes of the syllables
    # seen three times or more, as the corrector judges): a rare real word, not a typo of the corpus
    rhymes = rhymes_of(w for w, c in uni.items() if c >= 3)
    model = {
        "about": "syllable unigram and bigram counts of the training part of vbpl-legal-vi (every 10th document held out)",
        "total": total,
        "documents": n_docs - len(held),
        "unigrams": {w: c for w, c in uni.most_common() if c >= args.min_count
                     or (c >= args.min_unigram_count and is_valid(w, rhymes))},
        "bigrams": {b: c for b, c in bi.most_common() if c >= args.min_count},
        # pairs whose first syllable is written with a capital in running text ("Ủy ban")
        "capitalised": sorted(p for p, n in pair_n.items() if n >= 20 and caps[p] >= 0.97 * n),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.output, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(model, f, ensure_ascii=False, separators=(",", ":"))
    args.heldout.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.heldout, "wt", encoding="utf-8", compresslevel=9) as f:
        for doc in held:
            f.write("### heldout\n" + doc)
    print(f"{n_docs} documents, {len(held)} held out; {total} syllables; "
          f"{len(model['unigrams'])} unigrams, {len(model['bigrams'])} bigrams, "
          f"{len(model['capitalised'])} capitalised pairs kept; "
          f"{args.output.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
