"""Helpers the chrome rules count with in C: the same answers as the plain loops."""

from __future__ import annotations

from textfix.rules.chrome import credits

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


def test_other_words_as_before() -> None:
    known = {"may": "month", "monday": "day", "am": "word"}
    for text in [*_TEXTS, "am 3 may monday und so weiter"]:
        words = text.casefold().split()
        plain = tuple(w for w in words if not w.isdigit() and w not in known)
        assert credits._other_words(words, known) == plain
