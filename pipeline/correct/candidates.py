"""Candidate syllables for an OCR token, each with a channel cost (nats).

Three sources: the same letters with other marks (the commonest OCR error on Vietnamese),
glyph-confusion rewrites (models/confusions/ocr.json), and syllables within a small edit
distance of the token's letters (a SymSpell deletion index). How strongly the token itself is
kept depends on what it is: a corpus syllable, a syllable the orthography allows, or neither.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from contextlib import contextmanager
from functools import lru_cache
from itertools import combinations

from rapidfuzz.distance import Levenshtein

from ..resources import load_json
from .lm import BigramLM, load_lm
from .syllable import is_valid, mark_distance, rhymes_of, skeleton


@dataclass(frozen=True)
class Candidate:
    text: str  # lower case
    cost: float
    start_rewritten: bool = False


# The symmetric-delete index (SymSpell's idea) is kept here rather than taken from symspellpy: with
# symspellpy 6.9 in its place (SymSpell(2, 16), lookup Verbosity.ALL) the corrector gave the same
# text on every benchmark (mission raw OCR 1.67 %, 30 held-out documents 0.27 %, clean 0.04 %), but a
# lookup took 0.81 ms against 0.45 ms here, and the held-out corrector run 15.3 s against 14.2 s
# (same machine, same run, December 2026). This one is 20 lines and needs no dependency.
def _deletes(s: str, max_d: int) -> set[str]:
    out = {s}
    for d in range(1, min(max_d, len(s) - 1) + 1):
        for idx in combinations(range(len(s)), d):
            out.add("".join(ch for i, ch in enumerate(s) if i not in idx))
    return out


_FOREIGN = re.compile(r"[fjwz]|^(?:bl|br|cl|cr|dr|fl|fr|gl|gr|pl|pr|sc|sk|sl|sm|sn|sp|st|sw)|(?:ck|ll|ss|sh|rt|rd|nd|nt|st|ld|lt)$")


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def looks_foreign(w: str) -> bool:
    """A plain-ASCII word that no Vietnamese syllable resembles (White, clip, video): leave it."""
    return w.isascii() and bool(_FOREIGN.search(w))


def _merged(hand: list, learnt: list, scale: float) -> list[tuple[str, str, float]]:
    """Learnt rewrites at their measured cost; hand-written shapes that the training pages never showed
    keep their hand-set cost (a "k" read as "Ic" in a font the training pages did not use)."""
    rules = {(a, b): c * scale for a, b, c, _n in learnt}
    for a, b, c in hand:
        rules.setdefault((a, b), c)
    return [(a, b, c) for (a, b), c in rules.items()]


class CandidateGenerator:
    def __init__(self, lm: BigramLM, confusions: dict, learned: dict | None = None, scale: float | None = None) -> None:
        self.lm = lm
        self.cost = dict(confusions["cost"], **(learned or {}).get("decoder", {}))
        self.start_rules = [(a, b, c) for a, b, c in confusions["word_start"]]
        self.any_rules = [(a, b, c) for a, b, c in confusions["anywhere"]]
        # costs learnt from Tesseract's own errors (scripts/learn_channel.py), when present
        self.mark_costs: dict[tuple[str, str], float] = {}
        self.mark_unseen = 0.0
        if learned:
            scale = learned["scale"] if scale is None else scale
            self.start_rules = _merged(self.start_rules, learned["word_start"], scale)
            self.any_rules = _merged(self.any_rules, learned["anywhere"], scale)
            self.mark_costs = {tuple(k.split(">")): c * scale for k, (c, _n) in learned["marks"].items()}
            self.mark_unseen = learned["mark_unseen"] * scale
        self.similar = {(x, y) for g in confusions["glyph_groups"] for x in g for y in g if x != y}
        frequent = [w for w, c in lm.uni.items() if c >= 3]
        self.rhymes = rhymes_of(frequent)
        self.by_skeleton: dict[str, list[str]] = {}
        for w in lm.uni:
            self.by_skeleton.setdefault(skeleton(w), []).append(w)
        self.delete_index: dict[str, set[str]] = {}
        for sk in self.by_skeleton:
            for d in _deletes(sk, 2):
                self.delete_index.setdefault(d, set()).add(sk)

    def token_class(self, w: str) -> str:
        if self.lm.known(w):
            return "known"
        return "valid" if is_valid(w, self.rhymes) else "invalid"

    def mark_cost(self, read: str, printed: str) -> float:
        """Cost of reading ``printed`` as ``read``, two spellings of the same letters with other marks."""
        if self.mark_costs and len(read) == len(printed):
            return sum(self.mark_costs.get((r, p), self.mark_unseen) for r, p in zip(read, printed) if r != p)
        d = mark_distance(read, printed)
        return 0.0 if d == 0 else self.cost["mark_change"] + self.cost["extra_mark_change"] * (d - 1)

    def _same_skeleton(self, w: str, base: float, out: dict, start_rewritten: bool = False) -> None:
        for c in self.by_skeleton.get(skeleton(w), ()):
            cost = base + self.mark_cost(w, c)
            if c not in out or cost < out[c].cost:
                out[c] = Candidate(c, cost, start_rewritten)

    def _rewrites(self, w: str) -> list[tuple[str, float, bool]]:
        found = []
        for a, b, c in self.start_rules:
            if w.startswith(a):
                found.append((b + w[len(a):], c, True))
        for a, b, c in self.any_rules:
            start = w.find(a)
            while start != -1:
                found.append((w[:start] + b + w[start + len(a):], c, start == 0))
                start = w.find(a, start + 1)
        return found

    def edit_cost(self, a: str, b: str) -> float:
        """Edits weighted by glyph shape: 'n'→'u' is a likely misreading, 'b'→'t' is not."""
        cost = 0.0
        for op, i, j in Levenshtein.editops(a, b):
            if op == "replace":
                cost += self.cost["similar_substitution" if (a[i], b[j]) in self.similar else "substitution"]
            else:
                cost += self.cost["indel"]
        return cost

    def _near(self, w: str, out: dict) -> None:
        sk = skeleton(w)
        max_d = 1 if len(sk) <= 3 else 2
        seen: set[str] = set()
        for d in _deletes(sk, max_d):
            seen |= self.delete_index.get(d, set())
        for other in sorted(seen):  # sorted: the same result whatever the hash seed
            dist = Levenshtein.distance(sk, other)
            if 0 < dist <= max_d:
                edit = self.edit_cost(sk, other)
                for c in self.by_skeleton[other]:
                    cost = edit + 0.5 * (mark_distance(w, c) > 0)
                    if c not in out or cost < out[c].cost:
                        out[c] = Candidate(c, cost)

    @lru_cache(maxsize=50_000)
    def candidates(self, w: str, name_like: bool = False) -> tuple[Candidate, ...]:
        """Candidates for lower-case token ``w``; the first one is ``w`` itself."""
        klass = self.token_class(w)
        if klass == "invalid" and looks_foreign(w):
            return (Candidate(w, 0.0),)
        # Two vowel groups ("anpha", "hexa", a run-together "Khemhưỏng") cannot be one syllable:
        # a foreign word or two words; only a glyph rewrite ("Idien" → "khen") may repair it.
        several = klass == "invalid" and len(_VOWEL_GROUPS.findall(skeleton(w))) >= 2
        out: dict[str, Candidate] = {}
        self._same_skeleton(w, 0.0, out)
        for rewritten, cost, at_start in self._rewrites(w):
            if rewritten in self.lm.uni:
                c = out.get(rewritten)
                if c is None or cost < c.cost:
                    out[rewritten] = Candidate(rewritten, cost, at_start)
            self._same_skeleton(rewritten, cost, out, at_start)
        if klass != "known" and not several:
            self._near(w, out)
        if klass == "known":
            keep = self.cost["keep_known"]
            identity = 0.0
        elif klass == "valid":
            keep = self.cost["keep_valid_name"] if name_like else self.cost["keep_valid"]
            # the language model has never seen it: make up for its unigram floor
            identity = -self.cost["valid_oov_bonus"]
        else:
            keep, identity = 0.0, (self.cost["several_syllables_identity"] if several else self.cost["invalid_identity"])
        others = sorted((Candidate(c.text, c.cost + keep, c.start_rewritten) for t, c in out.items() if t != w),
                        key=lambda c: (c.cost, c.text))[:40]
        return (Candidate(w, identity),) + tuple(others)


_trial: CandidateGenerator | None = None  # set only by ``trial_channel``


def generator() -> CandidateGenerator:
    return _trial if _trial is not None else _shipped_generator()


@lru_cache(maxsize=1)
def _shipped_generator() -> CandidateGenerator:
    return CandidateGenerator(load_lm(), load_json("confusions/ocr.json"), learned_channel())


@contextmanager
def trial_channel(learned: dict | None, scale: float | None = None):
    """Within the block the corrector uses this channel instead of the shipped one: ``None`` for the
    hand-written costs alone. For the build script that learns the channel and for benchmarks that
    compare channels on the same OCR output; not thread-safe, not for serving."""
    global _trial
    gen = CandidateGenerator(load_lm(), load_json("confusions/ocr.json"), learned, scale)
    _trial, saved = gen, _trial
    try:
        yield gen
    finally:
        _trial = saved


def learned_channel() -> dict | None:
    """models/confusions/learned.json (scripts/learn_channel.py), or None where it was not built."""
    try:
        return load_json("confusions/learned.json")
    except FileNotFoundError:
        return None
