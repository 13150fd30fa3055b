"""Which language a text or a line is in, from word frequencies kept as data.

A small naive-Bayes model over the most frequent words of each language in
``dictionaries/languages/``. It is accurate on paragraphs and usable on headline-length lines,
which is what chrome stripping and the typo guard need; it never needs the network.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from textfix import dictionaries

_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# Below the least frequent listed word: a word outside a language's list is rare in it.
_UNLISTED_PENALTY = 1.0


@dataclass(frozen=True)
class LanguageGuess:
    code: str | None
    confidence: float
    words: int


@dataclass(frozen=True)
class _Profile:
    code: str
    log_freq: dict[str, float]
    floor: float


@dataclass(frozen=True)
class _Model:
    """All profiles merged: each word maps to the profiles that list it and how far above the
    profile's floor it stands, so scoring a word costs one lookup and a few additions."""

    codes: tuple[str, ...]
    floors: tuple[float, ...]
    boosts: dict[str, tuple[tuple[int, float], ...]]


@cache
def _profiles() -> tuple[_Profile, ...]:
    profiles = []
    for name in dictionaries.listing("languages", ".tsv"):
        code = name.rsplit("/", 1)[-1].removesuffix(".tsv")
        table: dict[str, float] = {}
        for line in dictionaries.entries(name):
            word, _, zipf = line.partition("\t")
            table[word] = float(zipf)
        floor = min(table.values()) - _UNLISTED_PENALTY
        profiles.append(_Profile(code, table, floor))
    return tuple(profiles)


@cache
def _model() -> _Model:
    profiles = _profiles()
    boosts: dict[str, list[tuple[int, float]]] = {}
    for position, profile in enumerate(profiles):
        for word, zipf in profile.log_freq.items():
            boosts.setdefault(word, []).append((position, zipf - profile.floor))
    return _Model(
        tuple(p.code for p in profiles),
        tuple(p.floor for p in profiles),
        {word: tuple(rows) for word, rows in boosts.items()},
    )


def languages() -> tuple[str, ...]:
    return tuple(p.code for p in _profiles())


@lru_cache(maxsize=8192)
def known_share(text: str, code: str) -> float:
    """The share of ``text``'s words that are among the frequent words of language ``code``.

    A cheap first look: a line where most words are frequent words of the article's language is
    in that language, and the full guess can be skipped.
    """
    tokens = [w.lower() for w in _WORD_RE.findall(text)]
    if not tokens:
        return 0.0
    table = next((p.log_freq for p in _profiles() if p.code == code), None)
    if table is None:
        return 0.0
    return sum(1 for t in tokens if t in table) / len(tokens)


@lru_cache(maxsize=2048)
def detect(text: str, *, max_words: int = 400) -> LanguageGuess:
    """The most likely language of ``text``; ``code`` is None when there is no evidence."""
    # Only the first ``max_words`` words count: stop scanning there (a document's prose is long).
    tokens = [m.group().lower() for m in itertools.islice(_WORD_RE.finditer(text), max_words)]
    if not tokens:
        return LanguageGuess(None, 0.0, 0)
    model = _model()
    # Every word scores each profile's floor; listed words add their lead over that floor.
    scores = [floor * len(tokens) for floor in model.floors]
    evidence = 0
    for token in tokens:
        rows = model.boosts.get(token)
        if rows is None:
            continue
        evidence += 1
        for position, boost in rows:
            scores[position] += boost
    if evidence == 0:
        return LanguageGuess(None, 0.0, len(tokens))
    ranked = sorted(zip(scores, model.codes, strict=True), reverse=True)
    best_score, best = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else best_score - 10.0
    # Margin in log10 units per word, squashed to (0, 1): a clear lead on a few words is enough.
    margin = best_score - runner_up
    confidence = 1.0 - math.exp(-margin / 2.0)
    return LanguageGuess(best, round(confidence, 4), len(tokens))
