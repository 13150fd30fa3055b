"""noop/fix tables for the normalise rules, run through the public API one rule at a time."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import Settings, fix_text
from textfix.document import Document, split_lines
from textfix.rules import Context, normalize

FIX = [
    ("normalize.unicode", "doesnÃ¢â‚¬â„¢t stop\n", "doesn’t stop\n"),
    ("normalize.unicode", "cafÃ© au lait\n", "café au lait\n"),
    ("normalize.unicode", "ﬁnal ﬂow\n", "final flow\n"),
    ("normalize.spaces", "10\u00a0km\n", "10 km\n"),
    ("normalize.spaces", "5\u202f000 people\n", "5 000 people\n"),
    ("normalize.spaces", "a\u2009\u2009b\n", "a b\n"),
    ("normalize.invisible", "zero\u200bwidth\n", "zerowidth\n"),
    ("normalize.invisible", "soft\u00adhyphen\n", "softhyphen\n"),
    ("normalize.invisible", "mid\ufefftext\n", "midtext\n"),
    ("normalize.control", "bell\x07 rings\n", "bell rings\n"),
    ("normalize.control", "form\x0cfeed\n", "formfeed\n"),
    ("normalize.trailing-whitespace", "end   \nnext\t\n", "end\nnext\n"),
    ("normalize.trailing-whitespace", "crlf  \r\nline\r\n", "crlf\r\nline\r\n"),
    ("normalize.blank-lines", "one\n\n\n\ntwo\n", "one\n\ntwo\n"),
    ("normalize.blank-lines", "\n\n\nstart\n", "start\n"),
    ("normalize.blank-lines", "end\n\n\n", "end\n"),
    ("normalize.blank-lines", "a\r\n\r\n\r\n\r\nb\r\n", "a\r\n\r\nb\r\n"),
    ("normalize.final-newline", "last line", "last line\n"),
    ("normalize.final-newline", "crlf\r\nlast", "crlf\r\nlast\r\n"),
]

NOOP = [
    ("normalize.unicode", "naïve café, Łódź, Ελλάδα, 東京\n"),
    ("normalize.unicode", "“curly quotes” stay curly\n"),
    ("normalize.spaces", "plain spaces only\n"),
    ("normalize.invisible", "Müller\u200bhttps://example.com/a-b\u200b\n"),
    ("normalize.invisible", "emoji 👩\u200d💻 and Persian می\u200cخواهم keep joiners\n"),
    ("normalize.control", "tabs\tand\r\nCRLF stay\r\n"),
    ("normalize.control", "0\x1fhttps://example.com/a_b\n"),
    ("normalize.trailing-whitespace", "no trailing\n  leading kept\n"),
    ("normalize.blank-lines", "one\n\ntwo\n"),
    ("normalize.final-newline", "has one\n"),
    ("normalize.final-newline", "old mac\r"),
    ("normalize.final-newline", ""),
]


@pytest.mark.parametrize(("rule", "before", "after"), FIX)
def test_fix(rule: str, before: str, after: str) -> None:
    result = fix_text(before, Settings(select=(rule,)))
    assert result.text == after
    assert {edit.rule for edit in result.edits} == {rule}


@pytest.mark.parametrize(("rule", "text"), NOOP)
def test_noop(rule: str, text: str) -> None:
    result = fix_text(text, Settings(select=(rule,)))
    assert result.text == text
    assert not result.edits


def test_whole_phase_keeps_crlf() -> None:
    text = "Title\u00a0here  \r\n\r\n\r\n\r\nBody text.\r\n\r\n"
    result = fix_text(text, Settings(select=("normalize",)))
    assert result.text == "Title here\r\n\r\nBody text.\r\n"


def _trailing_by_line(text: str) -> list[tuple[int, int]]:
    """Trailing whitespace found line by line, as the rule did before it read the whole text."""
    found = []
    for line in split_lines(text):
        match = re.search(r"[ \t\u00a0\u3000]+$", line.text)
        if match:
            found.append((line.span.start + match.start(), line.span.end))
    return found


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\u00a0\u3000\r\nab", max_size=40))
def test_trailing_whitespace_found_in_the_whole_text_as_line_by_line(text: str) -> None:
    edits = list(normalize.strip_trailing(Document(text), Context(Settings())))
    assert [(e.span.start, e.span.end) for e in edits] == _trailing_by_line(text)
