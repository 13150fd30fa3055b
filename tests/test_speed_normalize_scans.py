"""The shortcuts of the normalisation rules' scans give the answers of their plain definitions:
each character list is its pattern's class, trailing spaces found from the line breaks are the
pattern's matches, and a text the blank-line pre-check clears has no blank-line edit."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from textfix.document import split_lines
from textfix.rules import normalize

_EVERY_CHAR = [chr(c) for c in range(sys.maxunicode + 1)]


@pytest.mark.parametrize(
    ("chars", "pattern"),
    [
        (normalize._ODD_SPACES, normalize._ODD_SPACE_RE),
        (normalize._INVISIBLE, normalize._INVISIBLE_RE),
        (normalize._CONTROLS, normalize._CONTROL_RE),
        (normalize._TRAILING, re.compile(normalize._TRAILING_RE.pattern.split("+")[0])),
    ],
)
def test_each_character_list_is_its_pattern_class(chars: str, pattern: re.Pattern[str]) -> None:
    assert {c for c in _EVERY_CHAR if pattern.fullmatch(c)} == set(chars)


def test_the_blank_class_is_what_strip_removes_but_the_line_break() -> None:
    other = re.compile(r"[^\S\n]")
    assert all(bool(other.fullmatch(c)) == (not c.strip() and c != "\n") for c in _EVERY_CHAR)


_SPACY = st.text(alphabet=" \t\u00a0\u3000\u2009\n\r\x0cab", max_size=40)


@settings(max_examples=1000, deadline=None)
@given(_SPACY)
@example("a \n")
@example("  ")
@example("a\t\u3000")
@example(" \r \n ")
def test_trailing_runs_are_the_pattern_matches(text: str) -> None:
    expected = [m.span() for m in normalize._TRAILING_RE.finditer(text)]
    assert list(normalize._trailing_runs(text)) == expected


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\u2028\u3000ab", max_size=30))
@example("a\n\n\nb")
@example("\na")
@example("a\n\n")
@example("a\n ")
@example(" ")
def test_a_text_without_blank_runs_gives_no_blank_line_edit(text: str) -> None:
    edits = list(normalize.blank_line_edits(split_lines(text), "normalize.blank-lines", "r"))
    if not normalize._may_have_blank_runs(text):
        assert edits == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \u00a0\u200b\x07\u2009\n", max_size=30))
def test_runs_are_found_whatever_the_pre_check(text: str) -> None:
    for chars, pattern in (
        (normalize._ODD_SPACES, normalize._ODD_SPACE_RE),
        (normalize._INVISIBLE, normalize._INVISIBLE_RE),
        (normalize._CONTROLS, normalize._CONTROL_RE),
    ):
        runs = normalize._character_runs(text, chars, pattern, "", "normalize.x", "x")
        assert [e.span.start for e in runs] == [m.start() for m in pattern.finditer(text)]
