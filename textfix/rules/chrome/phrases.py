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
_CONTAINS_SCAN = 40
# Characters of a line that can hold the words the scans read (40 words and a phrase after).
_HEAD_CHARS = 1200
# What ends a label: "Quelle: dpa", "À lire aussi » ...", "Tags | a, b".
_LABEL_END_RE = re.compile(r"\s*(?::|»|›|\||>>)")
_LANGUAGE_FILE_RE = re.compile(r"/[a-z]{2}\.txt$")


@lru_cache(maxsize=65536)
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
    # The phrase may also head a section of an article ("Events"): only suggested in the body.
    ambiguous: bool = False


@dataclass(frozen=True)
class PhraseBook:
    kinds: dict[str, frozenset[str]]
    longest: int
    ambiguous: frozenset[tuple[str, str]]
    # First word of each phrase -> the word counts of the phrases it starts, longest first: a
    # scan for phrases inside a line only tries these.
    starts: dict[str, tuple[int, ...]]

    def lookup(self, words: list[str] | tuple[str, ...]) -> frozenset[str]:
        return self.kinds.get(" ".join(words), frozenset())


# Bump when what _build_book stores changes: cached books of other versions are not read.
_BOOK_VERSION = 1


@cache
def book() -> PhraseBook:
    """Every shipped phrase of every language, by normalised text."""
    # agencies.txt, dates.txt: other formats
    names = [n for n in dictionaries.listing("chrome", ".txt") if _LANGUAGE_FILE_RE.search(n)]
    # Cached on disk, keyed on the lists' hashes: parsing and normalising every phrase of every
    # language took several milliseconds of each start-up.
    key = f"v{_BOOK_VERSION}-{dictionaries.source_key(*names)}"
    kinds, longest, ambiguous, starts = dictionaries.cached_value(
        "chrome-phrases", key, tuple, lambda: _build_book(names), _is_book
    )
    return PhraseBook(kinds, longest, ambiguous, starts)


def _is_book(value: tuple[object, ...]) -> bool:
    return (
        len(value) == 4
        and isinstance(value[0], dict)
        and isinstance(value[1], int)
        and isinstance(value[2], frozenset)
        and isinstance(value[3], dict)
    )


def _build_book(
    names: list[str],
) -> tuple[dict[str, frozenset[str]], int, frozenset[tuple[str, str]], dict[str, tuple[int, ...]]]:
    kinds: dict[str, set[str]] = defaultdict(set)
    ambiguous: set[tuple[str, str]] = set()
    for name in names:
        for entry in dictionaries.entries(name):
            kind, sep, phrase = entry.partition(":")
            if not sep:
                raise dictionaries.DictionaryError(
                    f"{name}: expected 'kind: phrase', got {entry!r}"
                )
            phrase = phrase.strip()
            key = normalise(phrase.removeprefix("~"))
            if key:
                kinds[key].add(kind.strip())
                if phrase.startswith("~"):
                    ambiguous.add((kind.strip(), key))
    longest = max((len(k.split()) for k in kinds), default=1)
    sizes: dict[str, set[int]] = defaultdict(set)
    for key in kinds:
        words = key.split()
        sizes[words[0]].add(len(words))
    return (
        {k: frozenset(v) for k, v in kinds.items()},
        min(longest, _MAX_PHRASE_WORDS),
        frozenset(ambiguous),
        {w: tuple(sorted(n, reverse=True)) for w, n in sizes.items()},
    )


@lru_cache(maxsize=8192)
def matches(text: str) -> tuple[Match, ...]:
    """Every way ``text`` (one line) matches the phrase lists, surest first."""
    phrases = book()
    found: list[Match] = []
    # Only a line's first words can hold a phrase (whole lines are short, the scan for phrases
    # inside a line stops early): a long paragraph is read no further than its head.
    head = text if len(text) <= _HEAD_CHARS else text[:_HEAD_CHARS].rsplit(None, 1)[0]
    words = normalise(head).split()
    if head is not text and len(words) < _CONTAINS_SCAN + _MAX_PHRASE_WORDS:
        head = text  # long words or no spaces: the head may not hold what the scans read
        words = normalise(text).split()
    if not words:
        return ()
    core = _strip_counts(words)
    if len(core or words) <= phrases.longest and head is text:
        for kind in sorted(phrases.lookup(core or words)):
            found.append(Match(kind, " ".join(core or words), "whole"))
    separator = _LABEL_END_RE.search(text, 0, _LABEL_LIMIT)
    if separator is not None and separator.start() > 0 and not found:
        label = normalise(text[: separator.start()]).split()
        for kind in sorted(phrases.lookup(label)):
            found.append(Match(kind, " ".join(label), "label"))
    if found:
        return tuple(_flag(phrases, m) for m in found)
    # Longest phrase first, so "das könnte sie auch interessieren" beats "das".
    for size in phrases.starts.get(words[0], ()):
        if 2 <= size < len(words):
            for kind in sorted(phrases.lookup(words[:size])):
                found.append(Match(kind, " ".join(words[:size]), "prefix"))
            if found:
                return tuple(_flag(phrases, m) for m in found)
    seen: set[str] = set()
    # Boilerplate phrases inside a line stand near its start ("We use cookies to ..."): the
    # scan stops after the first words, which keeps long paragraphs cheap.
    for start in range(1, min(len(words), _CONTAINS_SCAN)):
        for size in phrases.starts.get(words[start], ()):
            if start + size > len(words):
                continue
            gram = words[start : start + size]
            for kind in phrases.lookup(gram):
                if (size >= 2 or kind in _DISTINCTIVE_KINDS) and kind not in seen:
                    seen.add(kind)
                    found.append(Match(kind, " ".join(gram), "contains"))
    if words and words[0] and not found:
        for kind in phrases.lookup(words[:1]):
            if kind in _DISTINCTIVE_KINDS:
                found.append(Match(kind, words[0], "contains"))
    return tuple(_flag(phrases, m) for m in found)


def _flag(phrases: PhraseBook, match: Match) -> Match:
    if (match.kind, match.phrase) in phrases.ambiguous:
        return Match(match.kind, match.phrase, match.mode, ambiguous=True)
    return match
