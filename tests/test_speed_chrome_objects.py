"""Objects built without their dataclass __init__ (lines, line shapes, removals) are the objects
the __init__ makes, and the shortcuts in the line measures give the answers of the plain code."""

from __future__ import annotations

import pickle
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.document import Line, split_lines
from textfix.model import Edit, Span
from textfix.rules.chrome import analysis
from textfix.rules.chrome.analysis import LineInfo, describe
from textfix.rules.chrome.common import remove

_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


def _plain_lines(text: str) -> tuple[Line, ...]:
    """split_lines with the dataclass constructors, as it was."""
    result: list[Line] = []
    start = 0
    for index, match in enumerate(_LINE_BREAK_RE.finditer(text)):
        end = match.start()
        result.append(Line(index, text[start:end], Span(start, end), Span(start, match.end())))
        start = match.end()
    if start < len(text):
        rest = Span(start, len(text))
        result.append(Line(len(result), text[start:], rest, rest))
    return tuple(result)


def _same(made: object, built: object) -> None:
    assert made == built
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)
    assert type(made) is type(built)
    assert list(vars(made).items()) == list(vars(built).items())
    assert pickle.loads(pickle.dumps(made)) == built


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \t\n\r\u2028", max_size=40))
def test_split_lines_makes_the_dataclass_lines(text: str) -> None:
    lines = split_lines.__wrapped__(text)
    plain = _plain_lines(text)
    assert len(lines) == len(plain)
    for line, other in zip(lines, plain, strict=True):
        _same(line, other)
        _same(line.span, other.span)
        _same(line.full, other.full)


def test_line_info_and_removal_are_the_dataclass_objects() -> None:
    for line in split_lines("Home\n\nThe storm hit the coast on Monday, and many lost power.\n"):
        if line.is_blank:
            continue
        info = describe(line)
        _same(info, LineInfo(**vars(info)))
        assert info.index == line.index and info.line is line
        edit = remove(info, "chrome.test", 0.9, "why")
        _same(edit, Edit(line.full, "", "chrome.test", 0.9, "chrome.test: why"))


_NON_LETTERS_RE = re.compile(r"[\W\d_]+")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=120))
def test_letter_count_and_key_as_the_regex(text: str) -> None:
    assert analysis._letter_count(text) == len(_NON_LETTERS_RE.sub("", text))
    key = analysis._shape.__wrapped__(text.strip() or "x")[6]
    assert key == analysis.normal_key(text.strip() or "x")


def test_letter_count_on_every_latin1_character() -> None:
    for code in range(256):
        char = chr(code)
        assert analysis._letter_count(char * 3) == len(_NON_LETTERS_RE.sub("", char * 3))
