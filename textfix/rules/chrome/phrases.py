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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, pairwise

from textfix import dictionaries
from textfix.language import SEPARATOR_MARKS, spaced

# A run of letters or digits: the words of a normalised text. No character is both a word
# character and a space, so the words found are those that splitting ``normalise`` gives.
_WORD_RE = re.compile(r"[^\W_]+")
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


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Case folded, every run of punctuation or symbols read as one space."""
    return " ".join(_words(text))


# Marks outside Latin-1 that are no letter or digit: spaces, for ``_words``.
_WORD_SEPARATOR_MARKS = SEPARATOR_MARKS + "’"
# Latin-1 byte -> itself if it is a letter or a digit (``[^\W_]``), else a space.
_LATIN1_ALNUM = bytes(code if chr(code).isalnum() else 0x20 for code in range(256))
# _LATIN1_ALNUM of a Latin-1 byte's case fold, for the bytes whose fold is one Latin-1
# character (all but "ß" and "µ"). Folding makes no character a letter or a digit, nor
# takes that from one.
_LATIN1_FOLDED_ALNUM = bytes(
    _LATIN1_ALNUM[ord(folded)] if len(folded) == 1 and ord(folded) < 256 else 0x20
    for folded in (chr(code).casefold() for code in range(256))
)


def _words(text: str) -> list[str]:
    """``normalise(text).split()``, in one pass.

    Case-folded Latin-1 text (most lines of English, German, French, Spanish pages) is cut into
    its runs of letters and digits by one byte table in C, a third cheaper than the regex; the
    runs are the regex's (no character is both a word character and a space).
    """
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        # Latin-1 letters fold to Latin-1 letters one for one, but for "ß" and "µ": the fold
        # is then read in C by the same table, without casefold (which costs more than the
        # rest of this on text that is not ASCII).
        if data.isascii() or (b"\xdf" not in data and b"\xb5" not in data):
            return data.translate(_LATIN1_FOLDED_ALNUM).decode("latin-1").split()
    folded = text.casefold()
    try:
        data = folded.encode("latin-1")
    except UnicodeEncodeError:
        # Typographic quotes and dashes separate words as a space does.
        folded = spaced(folded, _WORD_SEPARATOR_MARKS)
        try:
            data = folded.encode("latin-1")
        except UnicodeEncodeError:
            return _WORD_RE.findall(folded)
    return data.translate(_LATIN1_ALNUM).decode("latin-1").split()


def words(text: str) -> list[str]:
    """``normalise(text).split()``, without filling normalise's cache with ``text``."""
    return _words(text)


# A document's lines, a few hundred: the rules that ask after ``matches`` do so in the same pass
# (later passes find their own answers cached), and a paragraph's words are not kept for long.
@lru_cache(maxsize=1024)
def line_words(text: str) -> tuple[str, ...]:
    """``normalise(text).split()`` of a whole line, cut once: ``matches`` reads them, and the
    rules that look at a line's words after it (bylines, agencies, widgets) ask in turn."""
    return tuple(_words(text))


def _strip_counts(words: Sequence[str]) -> Sequence[str]:
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
    # First word -> second word -> the word counts of the phrases of two or more words they
    # start, longest first: a line's words are looked up only where a phrase can start.
    pairs: dict[str, dict[str, tuple[int, ...]]]
    # Words a phrase found inside a line can start with: the first words of phrases of two or
    # more words, and the single words of a distinctive kind ("cookies").
    contains_firsts: frozenset[str]
    # Single-word phrases of a distinctive kind.
    distinctive: frozenset[str]
    # The first two words of each phrase of two or more words: a line with none of them among
    # its pairs of neighbouring words starts no such phrase anywhere.
    pair_keys: frozenset[tuple[str, str]] = frozenset()

    def lookup(self, words: list[str] | tuple[str, ...]) -> frozenset[str]:
        return self.kinds.get(" ".join(words), frozenset())


@cache
def phrases_of(kind: str) -> frozenset[str]:
    """The normalised phrases of ``kind``: ``kind in book().lookup(words)`` is
    ``" ".join(words) in phrases_of(kind)``, one set test."""
    return frozenset(key for key, kinds in book().kinds.items() if kind in kinds)


@cache
def first_words(kind: str) -> frozenset[str]:
    """The first words of the phrases of ``kind``: a text none of whose words is among them
    is no phrase of that kind, nor any of its words."""
    return frozenset(key.split(" ", 1)[0] for key in phrases_of(kind))


# Bump when what _build_book stores changes: cached books of other versions are not read.
_BOOK_VERSION = 2


@cache
def book() -> PhraseBook:
    """Every shipped phrase of every language, by normalised text."""
    # agencies.txt, dates.txt: other formats
    names = [n for n in dictionaries.listing("chrome", ".txt") if _LANGUAGE_FILE_RE.search(n)]
    # Cached on disk, keyed on the lists' hashes: parsing and normalising every phrase of every
    # language took several milliseconds of each start-up.
    key = f"v{_BOOK_VERSION}-{dictionaries.source_key(*names)}"
    kinds, longest, ambiguous, starts, pairs, distinctive = dictionaries.cached_value(
        "chrome-phrases", key, tuple, lambda: _build_book(names), _is_book
    )
    pair_keys = frozenset((first, second) for first, seconds in pairs.items() for second in seconds)
    return PhraseBook(
        kinds,
        longest,
        ambiguous,
        starts,
        pairs,
        frozenset(pairs) | distinctive,
        distinctive,
        pair_keys,
    )


_NO_PAIRS: dict[str, tuple[int, ...]] = {}


def _scan_tables(
    kinds: dict[str, frozenset[str]],
) -> tuple[dict[str, dict[str, tuple[int, ...]]], frozenset[str]]:
    """The phrases' first two words (with the phrase lengths they start) and the distinctive
    single words, for the scans of ``matches``."""
    sizes: dict[str, dict[str, set[int]]] = {}
    distinctive = set()
    for key, found in kinds.items():
        words = key.split()
        if len(words) >= 2:
            sizes.setdefault(words[0], {}).setdefault(words[1], set()).add(len(words))
        elif not found.isdisjoint(_DISTINCTIVE_KINDS):
            distinctive.add(key)
    pairs = {
        first: {second: tuple(sorted(n, reverse=True)) for second, n in seconds.items()}
        for first, seconds in sizes.items()
    }
    return pairs, frozenset(distinctive)


def _is_book(value: tuple[object, ...]) -> bool:
    return (
        len(value) == 6
        and isinstance(value[0], dict)
        and isinstance(value[1], int)
        and isinstance(value[2], frozenset)
        and isinstance(value[3], dict)
        and isinstance(value[4], dict)
        and isinstance(value[5], frozenset)
    )


_Book = tuple[
    dict[str, frozenset[str]],
    int,
    frozenset[tuple[str, str]],
    dict[str, tuple[int, ...]],
    dict[str, dict[str, tuple[int, ...]]],
    frozenset[str],
]


def _build_book(names: list[str]) -> _Book:
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
    frozen = {k: frozenset(v) for k, v in kinds.items()}
    pairs, distinctive = _scan_tables(frozen)
    return (
        frozen,
        min(longest, _MAX_PHRASE_WORDS),
        frozenset(ambiguous),
        {w: tuple(sorted(n, reverse=True)) for w, n in sizes.items()},
        pairs,
        distinctive,
    )


@lru_cache(maxsize=8192)
def matches(text: str) -> tuple[Match, ...]:
    """Every way ``text`` (one line) matches the phrase lists, surest first."""
    phrases = book()
    # Only a line's first words can hold a phrase (whole lines are short, the scan for phrases
    # inside a line stops early): a long paragraph is read no further than its head.
    if len(text) <= _HEAD_CHARS:
        head = text
        words: Sequence[str] = line_words(text)
    else:
        head = text[:_HEAD_CHARS].rsplit(None, 1)[0]
        words = _words(head)
        if len(words) < _CONTAINS_SCAN + _MAX_PHRASE_WORDS:
            head = text  # long words or no spaces: the head may not hold what the scans read
            words = _words(text)
    if not words:
        return ()
    kinds = phrases.kinds
    found: list[Match] = []
    first = words[0]
    # A whole line or a label is a phrase, whose first word is the line's (after counts,
    # which a line opens with a digit): most lines open with no phrase's first word, and are
    # decided by one set test, without joining their words or slicing their head.
    if first in phrases.starts or first.isdigit():
        # Counts only around a label: most lines have none to strip.
        core = (_strip_counts(words) or words) if first.isdigit() or words[-1].isdigit() else words
        if len(core) <= phrases.longest and head is text:
            whole = kinds.get(" ".join(core))
            if whole:
                phrase = " ".join(core)
                found.extend(Match(kind, phrase, "whole") for kind in sorted(whole))
        if not found and _may_have_label(text[:_LABEL_LIMIT]):
            separator = _LABEL_END_RE.search(text, 0, _LABEL_LIMIT)
            if separator is not None and separator.start() > 0:
                label = " ".join(_words(text[: separator.start()]))
                found.extend(Match(kind, label, "label") for kind in sorted(kinds.get(label, ())))
        if found:
            return _flagged(phrases, found)
    # A prefix starts at the first word with a phrase's first word, a phrase inside the line
    # at one of its first words with one, and a distinctive word is such a first word too:
    # a line none of whose first words is one (most lines) has none of them, decided in C.
    firsts = phrases.contains_firsts
    scanned = words[:_CONTAINS_SCAN]
    if firsts.isdisjoint(scanned):
        return ()
    # Common words ("die", "the", "in") start phrases too, so half the lines get here. A
    # prefix or a phrase inside the line starts with the first two words of a phrase side by
    # side, and the other matches are distinctive words: the pairs of neighbours the scans
    # would read, looked up in C, decide for most lines.
    if phrases.distinctive.isdisjoint(scanned) and phrases.pair_keys.isdisjoint(
        pairwise(words[: _CONTAINS_SCAN + 1])
    ):
        return ()
    count = len(words)
    pairs = phrases.pairs
    # Longest phrase first, so "das könnte sie auch interessieren" beats "das".
    if count > 2:
        for size in pairs.get(words[0], _NO_PAIRS).get(words[1], ()):
            if size < count:
                prefix = " ".join(words[:size])
                for kind in sorted(kinds.get(prefix, ())):
                    found.append(Match(kind, prefix, "prefix"))
                if found:
                    return _flagged(phrases, found)
    seen: set[str] = set()
    # Boilerplate phrases inside a line stand near its start ("We use cookies to ..."): the
    # scan stops after the first words, which keeps long paragraphs cheap. Only words that
    # start a phrase of two or more words, or are a distinctive word, are looked at.
    scan = words[1:_CONTAINS_SCAN]
    if not firsts.isdisjoint(scan):
        distinctive = phrases.distinctive
        # The positions of those words, picked out in C: a paragraph's scan looks at a few.
        starts = compress(range(1, len(scan) + 1), map(firsts.__contains__, scan))
        for start in starts:
            word = words[start]
            if start + 1 < count:
                for size in pairs.get(word, _NO_PAIRS).get(words[start + 1], ()):
                    if start + size > count:
                        continue
                    gram = " ".join(words[start : start + size])
                    for kind in sorted(kinds.get(gram, ())):
                        if kind not in seen:
                            seen.add(kind)
                            found.append(Match(kind, gram, "contains"))
            if word in distinctive:
                for kind in sorted(kinds[word]):
                    if kind in _DISTINCTIVE_KINDS and kind not in seen:
                        seen.add(kind)
                        found.append(Match(kind, word, "contains"))
    if not found and words[0] in phrases.distinctive:
        for kind in sorted(kinds[words[0]]):
            if kind in _DISTINCTIVE_KINDS:
                found.append(Match(kind, words[0], "contains"))
    return _flagged(phrases, found) if found else ()


FORMULA_WORDS = 4


@lru_cache(maxsize=2048)
def formula(text: str) -> Match | None:
    """The first phrase of ``FORMULA_WORDS`` words or more in the first words of ``text``.

    ``matches`` stops at the surest match and keeps one inside the line per kind, so a formula
    after a label or a shorter phrase ("Les opinions exprimées ... n'engagent que leurs
    auteurs") is not among its answers; rules that weigh formulas ask for it here.
    """
    phrases = book()
    words = _words(text if len(text) <= _HEAD_CHARS else text[:_HEAD_CHARS])
    pairs = phrases.pairs
    count = len(words)
    for start in range(min(count - 1, _CONTAINS_SCAN)):
        for size in pairs.get(words[start], _NO_PAIRS).get(words[start + 1], ()):
            if size < FORMULA_WORDS:
                break  # longest first
            if start + size > count:
                continue
            gram = " ".join(words[start : start + size])
            found = phrases.kinds.get(gram)
            if found:
                mode = "prefix" if start == 0 and size < count else "contains"
                return _flag(phrases, Match(sorted(found)[0], gram, mode))
    return None


def _may_have_label(head: str) -> bool:
    """Whether ``head`` has a character that ends a label (``_LABEL_END_RE`` needs one): a few
    substring tests in C are cheaper than the regex trying every position of most lines."""
    return ":" in head or "»" in head or "|" in head or "›" in head or ">>" in head


def _flagged(phrases: PhraseBook, found: list[Match]) -> tuple[Match, ...]:
    return tuple(_flag(phrases, m) for m in found)


def _flag(phrases: PhraseBook, match: Match) -> Match:
    if (match.kind, match.phrase) in phrases.ambiguous:
        return Match(match.kind, match.phrase, match.mode, ambiguous=True)
    return match
