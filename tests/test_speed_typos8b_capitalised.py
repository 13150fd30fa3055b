"""typos._not_core_capitalised: the same words as the plain test it stands for."""

from __future__ import annotations

import pytest

from textfix.rules import typos

CORE = frozenset({"the", "court", "don't", "court's", "hat"})


def _plain(texts: set[str], core: frozenset[str]) -> set[str]:
    # The first test of typos._may_be_target, word by word.
    return {
        text
        for text in texts
        if not (text.lower() in core and "'" not in text and "\u2019" not in text)
    }


@pytest.mark.parametrize(
    "texts",
    [
        set(),
        {"The"},
        {"The", "THE", "Court", "Court's", "Court\u2019s", "Teh", "Don't", "DON'T"},
        {"Hat", "hats", "Hats", "Xyz", "3D", "I", "Hat\u2019s", "O'Neil"},
    ],
)
def test_not_core_capitalised_matches_plain(texts: set[str]) -> None:
    kept = typos._not_core_capitalised(texts, CORE)
    assert len(kept) == len(set(kept))
    assert set(kept) == _plain(texts, CORE)


@pytest.mark.parametrize(
    ("words", "flags"),
    [
        ([], []),
        (["a", "b'c", "d\u2019e", "'", "x"], [False, True, True, True, False]),
    ],
)
def test_apostrophes_in(words: list[str], flags: list[bool]) -> None:
    assert list(typos._apostrophes_in(words)) == flags
