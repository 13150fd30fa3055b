"""The compiled with_siblings (session 10) against the plain set comprehension."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.speedup_paths import compiled_and_plain, needs_compiled
from textfix import lexicon, spelling


def _both(words: list[str]) -> tuple[set[str], set[str]]:
    return compiled_and_plain(lambda: spelling.with_siblings(words))


@needs_compiled
def test_compiled_siblings_of_core_words() -> None:
    rng = random.Random(10)
    words = rng.sample(sorted(lexicon.core_words()), 2000)
    for chunk in (words, words[:1], [], ["", "s", "ss", "bus", "buses", "naïves", "s\u4e00s"]):
        fast, plain = _both(chunk)
        assert fast == plain


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abs\u00e9\u4e00", max_size=5), max_size=12))
def test_compiled_siblings_of_any_words(words: list[str]) -> None:
    fast, plain = _both(words)
    assert fast == plain
    assert isinstance(fast, set)
