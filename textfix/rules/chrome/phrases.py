"""Multilingual chrome phrase lists (``dictionaries/chrome/<lang>.txt``) and how lines match them.

A phrase matches a line in one of four ways, from surest to weakest:

- ``whole``: the line is the phrase, give or take punctuation, symbols and a count
  ("Kommentare (3)", "Share |");
- ``label``: the phrase is a label before a colon ("Quelle: dpa", "Read more: ...");
- ``prefix``: the line starts with a phrase of two or more words ("Folge uns auf Instagram");
- ``contains``: a phrase of two or more words (or a distinctive single word such as "cookies")
  occurs somewhere in the line.

Rules decide what a match is worth from its kind, its mode, the line's shape and its zone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from textfix import dictionaries

_NON_WORD_RE = re.compile(r"[\W_]+")
_MAX_PHRASE_WORDS = 16
# Single words that give a line away wherever they stand in it.
_DISTINCTIVE_KINDS = frozenset({"cookie", "newsletter"})
_LABEL_LIMIT = 40
_LANGUAGE_FILE_RE = re.compile(r"/[a-z]{2}\.txt$")


def normalise(text: str) -> str:
    """Case folded, every run of punctuation or symbols read as one space."""
    return _NON_WORD_RE.sub(" ", text.casefold()).strip()


def _strip_counts(words: list[str]) -> list[str]:
    """Drop counts around a label: "120 Kommentare", "Comments 3", "Foto 2 von 5" stays."""
    while words and words[0].isdigit():
        words = words[1:]
    while words and words[-1].isdigit():
        words = words[:-1]
    return words


@dataclass(frozen=True)
class Match:
    kind: str
    phrase: str
    mode: str  # whole | label | prefix | contains


@dataclass(frozen=True)
class PhraseBook:
    kinds: dict[str, frozenset[str]]
    longest: int
    # First words of phrases: a scan for phrases inside a line only starts at one of these.
    starts: frozenset[str]

    def lookup(self, words: list[str] | tuple[str, ...]) -> frozenset[str]:
        return self.kinds.get(" ".join(words), frozenset())


@cache
def book() -> PhraseBook:
    """Every shipped phrase of every language, by normalised text."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for name in dictionaries.listing("chrome", ".txt"):
        if not _LANGUAGE_FILE_RE.search(name):
            continue  # agencies.txt, dates.txt: other formats
        for entry in dictionaries.entries(name):
            kind, sep, phrase = entry.partition(":")
            if not sep:
                raise dictionaries.DictionaryError(f"{name}: expected 'kind: phrase', got {entry!r}")
            key = normalise(phrase)
            if key:
                kinds[key].add(kind.strip())
    longest = max((len(k.split()) for k in kinds), default=1)
    return PhraseBook(
        {k: frozenset(v) for k, v in kinds.items()},
        min(longest, _MAX_PHRASE_WORDS),
        frozenset(k.split()[0] for k in kinds),
    )


@lru_cache(maxsize=8192)
def matches(text: str) -> tuple[Match, ...]:
    """Every way ``text`` (one line) matches the phrase lists, surest first."""
    phrases = book()
    found: list[Match] = []
    words = normalise(text).split()
    if not words:
        return ()
    core = _strip_counts(words)
    for kind in sorted(phrases.lookup(core or words)):
        found.append(Match(kind, " ".join(core or words), "whole"))
    colon = text.find(":", 0, _LABEL_LIMIT)
    if colon > 0 and not found:
        label = normalise(text[:colon]).split()
        for kind in sorted(phrases.lookup(label)):
            found.append(Match(kind, " ".join(label), "label"))
    if found:
        return tuple(found)
    # Longest phrase first, so "das könnte sie auch interessieren" beats "sie".
    for size in range(min(phrases.longest, len(words) - 1), 1, -1):
        for kind in sorted(phrases.lookup(words[:size])):
            found.append(Match(kind, " ".join(words[:size]), "prefix"))
        if found:
            return tuple(found)
    seen: set[str] = set()
    for start in range(1, len(words)):
        if words[start] not in phrases.starts:
            continue
        for size in range(min(phrases.longest, len(words) - start), 0, -1):
            gram = words[start : start + size]
            for kind in phrases.lookup(gram):
                if (size >= 2 or kind in _DISTINCTIVE_KINDS) and kind not in seen:
                    seen.add(kind)
                    found.append(Match(kind, " ".join(gram), "contains"))
    if words and words[0] and not found:
        for kind in phrases.lookup(words[:1]):
            if kind in _DISTINCTIVE_KINDS:
                found.append(Match(kind, words[0], "contains"))
    return tuple(found)
