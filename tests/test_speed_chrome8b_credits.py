"""The credit and byline tests' cheap exits: a line with none of the words, marks or openings
a credit needs is no credit, and a line with no byline word is no byline; lines with them are
still read."""

from __future__ import annotations

from textfix.rules.chrome import credits

_CREDITS = [
    "Foto: Max Muster",
    "Quelle: dpa",
    "© Jane Doe",
    "Copyright 2019 Example GmbH",
    "Jane Doe, Reuters",
    "Harbour at dawn / Getty Images",
    "Crews at work (Foto: Agentur)",
]
_PLAIN = [
    "The storm hit the coast",
    "Monday, 3 May",
    "Read the full story",
    "Copyrights and wrongs",
]


def test_credit_shape_table() -> None:
    for text in _CREDITS:
        words = len(text.split())
        assert credits._credit_shape.__wrapped__(text, words, False, False) is not None, text
    for text in _PLAIN:
        words = len(text.split())
        assert credits._credit_shape.__wrapped__(text, words, False, False) is None, text


def test_credit_words_cover_the_phrase_tests() -> None:
    words = credits._credit_words()
    assert {"foto", "quelle", "source"} <= words
    assert credits._agency_last_words() <= words


def test_byline_words_gate() -> None:
    assert credits.looks_like_byline("By Jane Doe")
    assert credits.looks_like_byline("Autor: Max Muster")
    assert not credits.looks_like_byline("Jane Doe")
