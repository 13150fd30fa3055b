"""Trailing whitespace removed without tokenising: tokens.protects_line_ends and the triage
shortcut it allows (engine._only_line_end_space) against the protected spans read in full."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import Settings, engine
from textfix.document import Document
from textfix.engine import _only_line_end_space, triage
from textfix.model import Edit, Span
from textfix.tokens import LINE_END_SPACE, protected_spans, protects_line_ends, touches_any

_TRAILING_RE = re.compile(f"[{LINE_END_SPACE}]+(?=[\\r\\n]|\\Z)")

# Prose, every protected shape, and the marks that open the shapes reaching a line's end.
_PIECES = st.sampled_from(
    [
        "word",
        "Riga",
        " ",
        "\u00a0",
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


@settings(max_examples=300, deadline=None)
@given(_texts())
def test_triage_decides_as_with_the_spans_read(text: str) -> None:
    edits = [
        Edit(Span(m.start(), m.end()), "", "normalize.trailing-whitespace", 0.99, "trailing")
        for m in _TRAILING_RE.finditer(text)
    ]
    shortcut = triage(Document(text), edits, Settings(), "normalize")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_only_line_end_space", lambda _text, _proposed: False)
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
    ("text", "edit", "expected"),
    [
        ("word  \nnext\n", Edit(Span(4, 6), "", "normalize.x", 0.99, "r"), True),
        ("word  \r\nnext", Edit(Span(5, 6), "", "normalize.x", 0.99, "r"), False),  # a "\r"
        ("end \u00a0", Edit(Span(3, 5), "", "normalize.x", 0.99, "r"), True),
        ("word  next\n", Edit(Span(4, 6), "", "normalize.x", 0.99, "r"), False),  # not at an end
        ("word  \n", Edit(Span(4, 6), " ", "normalize.x", 0.99, "r"), False),  # not a deletion
        ("word x\n", Edit(Span(5, 6), "", "normalize.x", 0.99, "r"), False),  # not a space
        ("a ` \n", Edit(Span(3, 4), "", "normalize.x", 0.99, "r"), False),  # a mark in the text
    ],
)
def test_only_line_end_space(text: str, edit: Edit, expected: bool) -> None:
    assert _only_line_end_space(text, [edit]) is expected
