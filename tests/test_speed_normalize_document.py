"""A document's language is read from the texts of its lines, cut without making the lines:
the same texts in the same order as split_lines gives."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from textfix.document import Document, split_lines


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab \n\r\t\u2028", max_size=30))
@example("")
@example("\n")
@example("a\n\n")
@example("a\r\nb")
def test_line_texts_are_the_lines_texts(text: str) -> None:
    expected = [line.text for line in split_lines(text)]
    assert Document(text)._line_texts() == expected
    made = Document(text)
    assert made.lines is not None
    assert made._line_texts() == expected
