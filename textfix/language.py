"""Which language a text or a line is in, from word frequencies kept as data.

A small naive-Bayes model over the most frequent words of each language in
``dictionaries/languages/``. It is accurate on paragraphs and usable on headline-length lines,
which is what chrome stripping and the typo guard need; it never needs the network.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

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


def languages() -> tuple[str, ...]:
    return tuple(p.code for p in _profiles())


def detect(text: str, *, max_words: int = 400) -> LanguageGuess:
    """The most likely language of ``text``; ``code`` is None when there is no evidence."""
    tokens = [w.lower() for w in _WORD_RE.findall(text)[:max_words]]
    if not tokens:
        return LanguageGuess(None, 0.0, 0)
    profiles = _profiles()
    scores: list[tuple[float, str]] = []
    evidence = 0
    for profile in profiles:
        table = profile.log_freq
        score = 0.0
        for token in tokens:
            score += table.get(token, profile.floor)
        scores.append((score, profile.code))
    for token in tokens:
        if any(token in p.log_freq for p in profiles):
            evidence += 1
    scores.sort(reverse=True)
    if evidence == 0:
        return LanguageGuess(None, 0.0, len(tokens))
    best_score, best = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else best_score - 10.0
    # Margin in log10 units per word, squashed to (0, 1): a clear lead on a few words is enough.
    margin = best_score - runner_up
    confidence = 1.0 - math.exp(-margin / 2.0)
    return LanguageGuess(best, round(confidence, 4), len(tokens))
