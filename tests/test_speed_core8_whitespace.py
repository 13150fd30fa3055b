"""tokens.whitespace_unsure (the triage shortcut, span by span) against the protected spans read
in full, and triage deciding as when every span is read."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings

from tests.test_speed_engine_line_ends import _texts
from textfix import Settings, engine
from textfix.document import Document
from textfix.engine import triage
from textfix.model import Edit, Span
from textfix.tokens import LINE_END_SPACE, protected_spans, touches_any, whitespace_unsure

_RUNS_RE = re.compile(f"[{LINE_END_SPACE}\\u2009\\u202f]+")


@settings(max_examples=400, deadline=None)
@given(_texts())
def test_spans_told_safe_touch_no_protected_span(text: str) -> None:
    protected = protected_spans(text)
    spans = [Span(m.start(), m.end()) for m in _RUNS_RE.finditer(text)]
    unsure = whitespace_unsure(text, spans)
    if unsure is None:
        return
    for index, span in enumerate(spans):
        if index not in unsure:
            assert not touches_any(span, protected), (text, span)


@settings(max_examples=300, deadline=None)
@given(_texts())
def test_triage_reads_only_the_unsure_spans_and_decides_the_same(text: str) -> None:
    edits = [
        Edit(Span(m.start(), m.end()), " ", "normalize.spaces", 0.99, "space")
        for m in _RUNS_RE.finditer(text)
    ]
    shortcut = triage(Document(text), edits, Settings(), "normalize")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine.tokens, "whitespace_unsure", lambda _text, _spans: None)
        read = triage(Document(text), edits, Settings(), "normalize")
    assert shortcut == read


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("a \nb\n", [Span(1, 2)], []),  # no mark anywhere
        ("a \n[1] b  \n", [Span(1, 2), Span(8, 10)], [1]),  # the mark is on the second line
        ("a \n<!-- b\nc -->\n", [Span(1, 2)], None),  # a comment runs over lines
        ("a \r\n", [Span(1, 2)], None),  # a "\r"
        ("x\u00a0=\u00a0f(y);\nten\u00a0km\n", [Span(1, 2), Span(13, 14)], [0]),  # code
        ("word\n", [Span(2, 2), Span(1, 2)], [0, 1]),  # an insertion point; not whitespace
    ],
)
def test_whitespace_unsure(text: str, spans: list[Span], expected: list[int] | None) -> None:
    assert whitespace_unsure(text, spans) == expected
