"""The compiled sound_key (session 10) against the plain regular expressions, on words and
on strings of the letters its rules read (soft c, the digraphs, vowels, line breaks)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.speedup_paths import compiled_and_plain, needs_compiled
from textfix import lexicon, spelling

_PLAIN = spelling.sound_key.__wrapped__
_LETTERS = "aeiouycskhpgwxqzn\n\u00e9\u4e00\U0001f600"


def _both(word: str) -> tuple[str, str]:
    return compiled_and_plain(lambda: _PLAIN(word))


@needs_compiled
def test_compiled_sound_key_on_core_words_and_edge_cases() -> None:
    rng = random.Random(10)
    words = rng.sample(sorted(lexicon.core_words()), 3000)
    edges = ["", "\n", "c", "ce", "cy", "sch", "scche", "xx", "qq", "ph", "phph", "\n\na", "a\nea"]
    for word in [*words, *edges, "cemetery", "semetary", "naïve", "ecstacy"]:
        fast, plain = _both(word)
        assert fast == plain, repr(word)


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_LETTERS, max_size=12))
def test_compiled_sound_key_on_any_text(word: str) -> None:
    fast, plain = _both(word)
    assert fast == plain


def test_sound_keys_of_alike_spellings() -> None:
    assert spelling.sound_key("cemetery") == spelling.sound_key("semetary")
    assert spelling.sound_key("") == "a"
