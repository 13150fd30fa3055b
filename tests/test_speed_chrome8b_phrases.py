"""The phrase matcher's cheap exits (a line opening with no phrase's first word skips the whole
and label tests; a line with no phrase pair among its neighbours is done before the scans)
never hide a phrase the scans would find."""

from __future__ import annotations

import random

from textfix.rules.chrome.phrases import _CONTAINS_SCAN, book, first_words, matches, phrases_of

_FILLER = [
    "the",
    "storm",
    "hit",
    "the",
    "coast",
    "on",
    "monday",
    "and",
    "many",
    "people",
    "lost",
    "power",
    "for",
    "hours",
]


def _brute_force(words: list[str]) -> bool:
    """Whether a phrase of two words or more starts at one of the first words of a line
    (inside it, or at its start with more after it), or a distinctive word stands there."""
    phrases = book()
    for start in range(min(len(words), _CONTAINS_SCAN)):
        if words[start] in phrases.distinctive:
            return True
        for size in range(2, phrases.longest + 1):
            end = start + size
            if end > len(words) or (start == 0 and end == len(words)):
                continue
            if phrases.kinds.get(" ".join(words[start:end])):
                return True
    return False


def test_pair_gate_hides_no_phrase() -> None:
    rnd = random.Random(8)
    keys = sorted(k for k in book().kinds if " " in k)
    for _ in range(400):
        words = [rnd.choice(_FILLER) for _ in range(rnd.randrange(3, 70))]
        if rnd.random() < 0.7:
            at = rnd.randrange(0, min(len(words), _CONTAINS_SCAN + 3))
            words[at:at] = rnd.choice(keys).split()
        text = " ".join(words)
        if _brute_force(words):
            assert matches(text), text


def test_cheap_exits_table() -> None:
    cases = {
        "Share this article": True,
        "Quelle: dpa": True,
        "12 Kommentare": True,
        "The storm hit the coast on Monday night.": False,
        "Monday night the storm hit the coast.": False,
        "": False,
    }
    for text, found in cases.items():
        assert bool(matches(text)) is found, text


def test_phrases_of_as_lookup() -> None:
    phrases = book()
    for kind in ("byline", "credit", "share"):
        found = phrases_of(kind)
        assert found
        for key in list(phrases.kinds)[:3000]:
            assert (key in found) == (kind in phrases.lookup(key.split())), key
        assert first_words(kind) == frozenset(key.split()[0] for key in found)
