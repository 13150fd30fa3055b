"""Whitespace edits judged without tokenising: tokens.protects_line_ends and
tokens.whitespace_unprotected (the triage shortcut) against the protected spans read in full."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import Settings, engine
from textfix.document import Document
from textfix.engine import triage
from textfix.model import Edit, Span
from textfix.tokens import (
    LINE_END_SPACE,
    protected_spans,
    protects_line_ends,
    touches_any,
    whitespace_unprotected,
)

_TRAILING_RE = re.compile(f"[{LINE_END_SPACE}]+(?=[\\r\\n]|\\Z)")
_ODD_SPACE_RE = re.compile("[\\u00a0\\u2009\\u202f]+")

# Prose, every protected shape, and the marks that open the shapes reaching a line's end.
_PIECES = st.sampled_from(
    [
        "word",
        "Riga",
        " ",
        "\u00a0",
        "\u2009",
        "\u202f\u00a0",
        "\t",
        "https://example.com/a",
        "www.example.org",
        "me@example.org",
        "@user",
        "#tag",
        "/usr/local/bin",
        "file.py",
        "snake_case",
        "camelCase()",
        "x += 1",
        "x\u00a0=\u00a0f(y);",
        "if (a) {",
        "    return x;",
        "os.path.join(a, b)",
        "--dry-run",
        "\\alpha",
        "12.5%",
        "    ",
        "def f(x):",
        "import os",
        "`code span`",
        "<b>",
        "<code>unclosed",
        "<!-- note",
        "-->",
        "[a]: https://example.com",
        "[link](target",
        ")",
        "]",
        "`",
        "<",
    ]
)
_LINES = st.lists(_PIECES, max_size=8).map("".join)
_SPACE = st.text(alphabet=LINE_END_SPACE, min_size=1, max_size=3)
_BREAKS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_LINES, min_size=1, max_size=6))
    parts = []
    for line in lines:
        parts.append(line + (draw(_SPACE) if draw(st.booleans()) else "") + draw(_BREAKS))
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(_texts())
def test_no_protected_span_holds_trailing_space_without_the_marks(text: str) -> None:
    protected = protected_spans(text)
    runs = [Span(m.start(), m.end()) for m in _TRAILING_RE.finditer(text)]
    if not protects_line_ends(text):
        assert not any(touches_any(run, protected) for run in runs)


@settings(max_examples=400, deadline=None)
@given(_texts())
def test_odd_spaces_told_unprotected_touch_no_protected_span(text: str) -> None:
    protected = protected_spans(text)
    for match in _ODD_SPACE_RE.finditer(text):
        span = Span(match.start(), match.end())
        if whitespace_unprotected(text, [span]):
            assert not touches_any(span, protected), span


@settings(max_examples=300, deadline=None)
@given(_texts())
def test_triage_decides_as_with_the_spans_read(text: str) -> None:
    trailing = [
        Edit(Span(m.start(), m.end()), "", "normalize.trailing-whitespace", 0.99, "trailing")
        for m in _TRAILING_RE.finditer(text)
    ]
    spaces = [
        Edit(Span(m.start(), m.end()), " ", "normalize.spaces", 0.99, "space")
        for m in _ODD_SPACE_RE.finditer(text)
    ]
    for edits in (trailing, spaces):
        shortcut = triage(Document(text), edits, Settings(), "normalize")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(engine.tokens, "whitespace_unprotected", lambda _text, _spans: False)
            read = triage(Document(text), edits, Settings(), "normalize")
        assert shortcut == read


@pytest.mark.parametrize(
    "text",
    [
        "[a]: https://example.com/x  \n",  # a link definition runs to the line's end
        "see <code>x = 1  \n",  # an unclosed <code> too
        "\ncamelCase() \rcamelCase()\n",  # a code line read between "\n"s runs over a "\r"
    ],
)
def test_the_marks_are_needed(text: str) -> None:
    """Without the gate these trailing spaces would be removed from protected text."""
    assert protects_line_ends(text)
    run = _TRAILING_RE.search(text)
    assert run is not None
    assert touches_any(Span(run.start(), run.end()), protected_spans(text))


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("word  \nnext\n", Span(4, 6), True),
        ("end \u00a0", Span(3, 5), True),
        ("ten\u00a0km away\n", Span(3, 4), True),  # a no-break space inside prose
        ("word  \r\nnext", Span(5, 6), False),  # a "\r"
        ("word  next\n", Span(4, 6), False),  # spaces inside a line: maybe an operand's
        ("word x\n", Span(5, 6), False),  # not whitespace
        ("a ` \n", Span(3, 4), False),  # a mark in the text
        ("x\u00a0=\u00a0f(y);\n", Span(1, 2), False),  # on a code-shaped line
        ("word\n", Span(2, 2), False),  # an insertion point
    ],
)
def test_whitespace_unprotected(text: str, span: Span, expected: bool) -> None:
    assert whitespace_unprotected(text, [span]) is expected
    if expected:
        assert not touches_any(span, protected_spans(text))
