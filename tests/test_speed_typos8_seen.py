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


# ---------------------------------------------------------------------------------------------
# The candidate index's prefix length: any length finds the same candidates.


def _edited(word: str, rng: random.Random, edits: int) -> str:
    letters = "etaoinshrdlucmfwy'"
    for _ in range(edits):
        at = rng.randrange(len(word) + 1)
        kind = rng.randrange(4)
        if kind == 0 and at < len(word):
            word = word[:at] + word[at + 1 :]
        elif kind == 1:
            word = word[:at] + rng.choice(letters) + word[at:]
        elif kind == 2 and at < len(word):
            word = word[:at] + rng.choice(letters) + word[at + 1 :]
        elif at + 1 < len(word):
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word


def _share_a_deletion(first: str, second: str, prefix: int, distance: int) -> bool:
    return bool(
        lexicon._deletes(first[:prefix], distance) & lexicon._deletes(second[:prefix], distance)
    )


@pytest.mark.parametrize("distance", [1, 2])
def test_prefix_length_finds_the_same_pairs(distance: int) -> None:
    """A word and a core word within the distance share a deletion of their 5-letter prefixes
    exactly when they share one of their 6-letter prefixes (the index's answers do not depend
    on the prefix length, lexicon.PREFIX_LENGTH)."""
    from rapidfuzz.distance import OSA

    rng = random.Random(SEED)
    core = sorted(lexicon.core_words())
    pairs = 0
    for word in rng.sample(core, 3000):
        for edits in range(1, distance + 1):
            typed = _edited(word, rng, edits)
            if not typed or OSA.distance(typed, word) > distance:
                continue
            pairs += 1
            five = _share_a_deletion(typed, word, 5, distance)
            assert five == _share_a_deletion(typed, word, lexicon.PREFIX_LENGTH, distance)
            assert five or len(typed) <= distance, (typed, word)
    for _ in range(3000):
        typed = "".join(rng.choice("abcde") for _ in range(rng.randint(1, 4)))
        other = "".join(rng.choice("abcde") for _ in range(rng.randint(1, 4)))
        if OSA.distance(typed, other) <= distance:
            assert _share_a_deletion(typed, other, 5, distance) == _share_a_deletion(
                typed, other, lexicon.PREFIX_LENGTH, distance
            )
    assert pairs > 2000
