"""Helpers the chrome rules use to pick out, in C, the lines worth asking about: the same
answers as the plain tests."""

from __future__ import annotations

from textfix.rules.chrome import common, credits

_TEXTS = [
    "",
    "Monday",
    "3 May 2024",
    "Stand: 12.03.2021",
    "Foto ٣",
    "Updated 9 hours ago",
    "Share this article",
    "Vol. ½",
]


def test_digit_marks_as_has_digit() -> None:
    found = [mark is not None for mark in common.digit_marks(_TEXTS)]
    assert found == [common.has_digit(text) for text in _TEXTS]


def test_other_words_as_before() -> None:
    known = {"may": "month", "monday": "day", "am": "word"}
    for text in [*_TEXTS, "am 3 may monday und so weiter"]:
        words = text.casefold().split()
        plain = tuple(w for w in words if not w.isdigit() and w not in known)
        assert credits._other_words(words, known) == plain
