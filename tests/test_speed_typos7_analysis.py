"""typos.analyse's neighbours of session 7 (each word's neighbours taken as the words beside it,
and only the gaps other than one space tested) are the plain ones: a word's neighbour is the
word beside it when only spaces or tabs stand between them. No timings here."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from textfix.document import Document
from textfix.rules import typos

_PIECES = ["the", "An", "it's", "NATO", "x", "1990", " ", " ", " ", "  ", "\t", " \t", "-", ".",
           ", ", "\n", "\r\n", "\r", "\u00a0", " (", '"', "\u2019", "_"]  # fmt: skip


def _plain_neighbours(text: str) -> tuple[list[str | None], list[str | None]]:
    """The neighbours as analyse found them before: one test of every gap."""
    parts = re.compile(f"({typos.WORD_RE.pattern})").split(text)
    lowers = [word.lower() for word in parts[1::2]]
    gaps = parts[0::2]
    joined = [re.fullmatch(r"[ \t]+", gap) is not None for gap in gaps[1 : len(lowers)]]
    prevs: list[str | None] = [None] + [
        w if j else None for w, j in zip(lowers, joined, strict=False)
    ]
    nexts: list[str | None] = [
        w if j else None for w, j in zip(lowers[1:], joined, strict=True)
    ] + [None]
    if not lowers:
        return [], []
    return prevs, nexts


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
@example(["the", " ", "x"])
@example(["the", "\t", "x", ", ", "An", "  ", "NATO", "\n", "it's"])
@example([])
@example(["x"])
def test_neighbours_match_the_gap_by_gap_test(pieces: list[str]) -> None:
    text = "".join(pieces)
    analysis = typos.analyse(Document(text))
    assert (analysis.prevs, analysis.nexts) == _plain_neighbours(text)
