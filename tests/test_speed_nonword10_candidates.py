"""The compiled candidate_groups (session 10) against the plain search: bucket reading,
optimal string alignment (bit-parallel up to 64 letters, by table beyond), grouping and
spelling order, on words of every length and alphabet."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import lexicon, speedups

COMPILED = speedups.compiled
needs_compiled = pytest.mark.skipif(COMPILED is None, reason="the C module is not built")
SEED = 10


def _both(word: str, max_distance: int) -> tuple[object, object]:
    fast = lexicon.candidate_groups(word, max_distance)
    speedups.compiled = None
    try:
        plain = lexicon.candidate_groups(word, max_distance)
    finally:
        speedups.compiled = COMPILED
    return fast, plain


def _typed() -> list[str]:
    rng = random.Random(SEED)
    core = sorted(lexicon.core_words())
    words = rng.sample(core, 80)
    slips = []
    for word in words:
        at = rng.randrange(len(word) + 1)
        slips.append(word[:at] + rng.choice("aeinrstüé") + word[at + 1 :])
        if len(word) > 2:
            at = rng.randrange(len(word) - 1)
            slips.append(word[:at] + word[at + 1] + word[at] + word[at + 2 :])  # swapped
    accented = [w for w in core if not w.isascii()][:20]
    long_words = ["antidisestablishmentarianism" * 3, "a" * 64, "b" * 65, "ab" * 40]
    odd = ["", "a", "é", "ß", "zz", "teh", "wellcome", "te\udcffst"]  # a lone surrogate too
    return [*words, *slips, *accented, *long_words, *odd]


@needs_compiled
@pytest.mark.parametrize("max_distance", [0, 1, 2, 3])
def test_compiled_groups_equal_the_plain_search(max_distance: int) -> None:
    for word in _typed():
        fast, plain = _both(word, max_distance)
        assert fast == plain, word


@needs_compiled
def test_the_groups_are_distinct_and_in_spelling_order() -> None:
    for word in _typed():
        for group in lexicon.candidate_groups(word, 2):
            assert list(group) == sorted(set(group)), word


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="acdeilnorstuéüßж'-", min_size=0, max_size=70))
def test_compiled_groups_on_any_text(word: str) -> None:
    fast, plain = _both(word, 2)
    assert fast == plain
