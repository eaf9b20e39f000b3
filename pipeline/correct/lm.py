"""Syllable bigram language model (models/lm/syllables.json.gz), Dirichlet-smoothed."""
from __future__ import annotations

import gzip
import json
import math
from functools import lru_cache

from ..resources import models_dir

BOS, EOS = "<s>", "</s>"


class BigramLM:
    """Interpolated absolute discounting: P(w|v) = max(c(v,w) - D, 0)/c(v) + D·T(v)/c(v)·P(w),
    T(v) the number of distinct words seen after v."""

    def __init__(self, unigrams: dict[str, int], bigrams: dict[str, int], total: int, discount: float = 0.8,
                 capitalised: list[str] | None = None) -> None:
        self.uni = unigrams
        self.capitalised = {tuple(p.split(" ", 1)) for p in capitalised or []}
        self.total = float(total)
        self.d = discount
        self.bi: dict[tuple[str, str], int] = {}
        self.ctx: dict[str, int] = {}
        self.types: dict[str, int] = {}
        self._succ: dict[str, list[str]] | None = None
        for key, c in bigrams.items():
            a, _, b = key.partition(" ")
            self.bi[(a, b)] = c
            self.ctx[a] = self.ctx.get(a, 0) + c
            self.types[a] = self.types.get(a, 0) + 1

    def p_uni(self, w: str) -> float:
        if w == EOS:
            return 0.05
        c = self.uni.get(w)
        return (c if c else 0.02) / self.total

    def logp(self, prev: str, w: str) -> float:
        """log P(w | prev)."""
        pu = self.p_uni(w)
        n = self.ctx.get(prev, 0)
        if n == 0:
            return math.log(pu)
        c = self.bi.get((prev, w), 0)
        # pruned bigrams (count 1) left mass behind: at least 10 % goes to the unigram
        backoff = max(self.d * self.types[prev] / n, 0.1)
        return math.log(max(c - self.d, 0.0) / n + backoff * pu)

    def known(self, w: str) -> bool:
        return w in self.uni

    def successors(self, prev: str, k: int = 8) -> list[str]:
        """The ``k`` words seen most often after ``prev``."""
        if self._succ is None:
            succ: dict[str, list[tuple[int, str]]] = {}
            for (a, b), c in self.bi.items():
                if b != EOS:
                    succ.setdefault(a, []).append((c, b))
            self._succ = {a: [b for _, b in sorted(v, key=lambda x: (-x[0], x[1]))[:16]] for a, v in succ.items()}
        return self._succ.get(prev, [])[:k]


@lru_cache(maxsize=1)
def load_lm() -> BigramLM:
    path = models_dir() / "lm" / "syllables.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    return BigramLM(data["unigrams"], data["bigrams"], data["total"], capitalised=data.get("capitalised"))
