"""Spans, edits and the helpers that apply and move them."""

from __future__ import annotations

import pytest

from textfix.model import Edit, Span, apply_edits, check_edits, map_position, map_span


def edit(start: int, end: int, replacement: str = "", confidence: float = 0.9) -> Edit:
    return Edit(Span(start, end), replacement, "typos.test", confidence, "test")


def test_span_rejects_inverted_range() -> None:
    with pytest.raises(ValueError):
        Span(3, 2)


def test_edit_rejects_confidence_out_of_range() -> None:
    with pytest.raises(ValueError):
        edit(0, 1, confidence=1.5)


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((0, 3), (3, 5), False),
        ((0, 3), (2, 5), True),
        ((2, 2), (0, 5), True),
        ((0, 2), (2, 2), False),
        ((4, 4), (4, 4), False),
    ],
)
def test_overlaps(a: tuple[int, int], b: tuple[int, int], overlap: bool) -> None:
    assert Span(*a).overlaps(Span(*b)) is overlap
    assert Span(*b).overlaps(Span(*a)) is overlap


def test_apply_edits_in_one_pass() -> None:
    text = "the quick brown fox"
    edits = [edit(4, 9, "slow"), edit(16, 19, "dog")]
    check_edits(text, edits)
    assert apply_edits(text, edits) == "the slow brown dog"


@pytest.mark.parametrize(
    "edits",
    [[edit(0, 5), edit(3, 6)], [edit(4, 6), edit(0, 2)], [edit(0, 50)]],
)
def test_check_edits_rejects_bad_sequences(edits: list[Edit]) -> None:
    with pytest.raises(ValueError):
        check_edits("0123456789", edits)


def test_map_position_and_span() -> None:
    edits = [edit(0, 4, ""), edit(10, 10, "XX")]
    assert map_position(6, edits) == 2
    assert map_position(12, edits) == 10
    assert map_position(2, edits) is None
    assert map_span(Span(5, 8), edits) == Span(1, 4)
    assert map_span(Span(3, 8), edits) is None
