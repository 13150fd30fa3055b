"""The engine's shortcuts give the plain definitions' answers: edits and spans made without the
dataclass __init__, check_edits told in C, and triage's ordering by two stable sorts."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import Settings
from textfix.document import Document
from textfix.engine import triage
from textfix.model import Edit, Span, check_edits, line_removal, trusted_edit, trusted_span


@pytest.mark.parametrize(
    ("made", "plain"),
    [
        (trusted_span(0, 0), Span(0, 0)),
        (trusted_span(3, 9), Span(3, 9)),
        (
            trusted_edit(Span(1, 4), "x", "normalize.spaces", 0.99, "why"),
            Edit(Span(1, 4), "x", "normalize.spaces", 0.99, "why"),
        ),
        (
            line_removal(trusted_span(2, 8), "chrome.footer", 0.7, "footer"),
            Edit(Span(2, 8), "", "chrome.footer", 0.7, "footer"),
        ),
    ],
)
def test_made_without_init_is_the_same_object(made: object, plain: object) -> None:
    assert made == plain
    assert hash(made) == hash(plain)
    assert repr(made) == repr(plain)
    assert pickle.loads(pickle.dumps(made)) == plain
    assert copy.deepcopy(made) == plain
    assert vars(made) == vars(plain)
    assert list(vars(made)) == list(vars(plain))
    with pytest.raises(AttributeError):
        made.start = 1  # type: ignore[attr-defined]


def _plain_check(text: str, edits: list[Edit]) -> str | None:
    """check_edits as first written: the error it raises, or None."""
    previous: Span | None = None
    for edit in edits:
        if edit.span.end > len(text):
            return f"{edit.rule}: span {edit.span} is outside the text"
        if previous is not None and (
            edit.span.start < previous.end or edit.span.overlaps(previous)
        ):
            return f"{edit.rule}: span {edit.span} overlaps {previous}"
        previous = edit.span
    return None


_SPANS = st.tuples(st.integers(0, 12), st.integers(0, 4)).map(lambda p: Span(p[0], p[0] + p[1]))
_EDITS = st.lists(
    st.builds(
        Edit,
        _SPANS,
        st.sampled_from(["", "x"]),
        st.sampled_from(["chrome.a", "chrome.b"]),
        st.sampled_from([0.5, 0.9, 0.99]),
        st.just("r"),
        st.sampled_from([(), ("y",)]),
    ),
    max_size=6,
)


@settings(max_examples=500, deadline=None)
@given(_EDITS, st.integers(0, 14))
def test_check_edits_raises_as_the_plain_loop(edits: list[Edit], size: int) -> None:
    text = "a" * size
    for candidate in (edits, sorted(edits, key=lambda e: (e.span.start, e.span.end))):
        expected = _plain_check(text, candidate)
        if expected is None:
            check_edits(text, candidate)
        else:
            with pytest.raises(ValueError) as raised:
                check_edits(text, candidate)
            assert str(raised.value) == expected


def _plain_triage(proposed: list[Edit], least: float) -> tuple[list[Edit], list[Edit]]:
    """triage's choice as first written, for a text with nothing frozen or protected."""
    candidates = [(e.span.start, -e.confidence, order, e) for order, e in enumerate(proposed)]
    candidates.sort()
    chosen: list[Edit] = []
    for _start, _conf, _order, edit in candidates:
        if chosen and edit.span.start < chosen[-1].span.end:
            if edit.confidence > chosen[-1].confidence:
                chosen[-1] = edit
            continue
        chosen.append(edit)
    applied = [e for e in chosen if e.confidence >= least and not e.alternatives]
    suggested = [e for e in chosen if not (e.confidence >= least and not e.alternatives)]
    return applied, suggested


@settings(max_examples=500, deadline=None)
@given(_EDITS)
def test_triage_chooses_as_the_plain_sort(edits: list[Edit]) -> None:
    settings_ = Settings()
    doc = Document("a" * 20)
    assert triage(doc, edits, settings_, "chrome") == _plain_triage(edits, settings_.min_confidence)
