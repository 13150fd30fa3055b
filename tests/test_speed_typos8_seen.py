"""The index of seen forms by halves (lexicon.seen_one_edit) gives what the one-edit strings
looked up one by one give."""

from __future__ import annotations

import random

import pytest

from textfix import lexicon, spelling

SEED = 8


def _plain_seen_one_edit(lex: lexicon.Lexicon, word: str) -> set[str]:
    core = lexicon.core_words()
    return {
        form for form in lexicon.edits1_set(word) if form not in core and lex.frequency(form) > 0.0
    }


def _slips(word: str, rng: random.Random) -> list[str]:
    """One slip of each kind at a random place, and one of each in the first letters (where
    only the index key of the last letters stays whole)."""
    found = []
    for at in (rng.randrange(len(word)), rng.randrange(min(3, len(word)))):
        letter = rng.choice("etaoinsrhlz")
        found.append(word[:at] + word[at + 1 :])
        found.append(word[:at] + letter + word[at:])
        found.append(word[:at] + letter + word[at + 1 :])
        if at + 1 < len(word):
            found.append(word[:at] + word[at + 1] + word[at] + word[at + 2 :])
    return found


def _words(lex: lexicon.Lexicon) -> list[str]:
    rng = random.Random(SEED)
    core = sorted(lexicon.core_words())
    long_core = [w for w in rng.sample(core, 6000) if len(w) >= 8 and w.isalpha()][:300]
    seen = sorted(lex.frequencies.load() if lex.frequencies is not None else ())
    long_seen = [
        w
        for w in rng.sample(seen, 30000)
        if len(w) >= 7 and w.isascii() and w.isalpha() and w not in lexicon.core_words()
    ][:300]
    words = [w for w in long_core + long_seen]
    for word in long_core[:150] + long_seen[:150]:
        words += _slips(word, rng)
    return [w for w in words if len(w) > lexicon.SEEN_INDEX_MIN_LENGTH and w.islower()]


def test_seen_one_edit_matches_the_one_edit_strings() -> None:
    lex = lexicon.preload()
    found = 0
    for word in _words(lex):
        if not word.isascii() or not word.isalpha():
            continue
        fast = lexicon.seen_one_edit(word)
        assert fast == _plain_seen_one_edit(lex, word), word
        found += bool(fast)
    assert found > 50


@pytest.mark.parametrize(
    ("length", "head", "tail"), [(7, 3, 3), (8, 3, 4), (9, 4, 4), (10, 4, 5), (15, 7, 7)]
)
def test_halves_leave_one_letter_out(length: int, head: int, tail: int) -> None:
    assert lexicon._halves(length) == (head, tail)


def test_plausible_seen_through_the_index_matches_the_edits() -> None:
    lex = lexicon.preload()
    loaded = lex.frequencies.load() if lex.frequencies is not None else {}
    core = lexicon.core_words()
    for word in _words(lex)[::3]:
        spelling._SEEN_CACHE.clear()
        floor = lex.frequency(word) + spelling.PLAUSIBLE_MIN_LEAD
        plain = tuple(
            sorted(
                form
                for form in lexicon.edits1_set(word)
                if form not in core and loaded.get(form, 0.0) >= floor
            )
        )
        assert spelling._plausible_seen(lex, word) == plain, word
