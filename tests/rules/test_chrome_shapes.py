"""Line shapes of the chrome analysis: a quotation ends like a sentence in every quoting style."""

from __future__ import annotations

import pytest

from textfix.document import Document
from textfix.rules.chrome.analysis import describe_text

LINE = Document("x\n").lines[0]


@pytest.mark.parametrize(
    "text",
    [
        "„Ich weiß nicht, ob ich das sagen sollte.“",
        "‚Das war knapp.‘",
        "«On verra bien.»",
        '"We will see."',
        "“We will see.”",
    ],
)
def test_quotation_is_terminal(text: str) -> None:
    assert describe_text(text, LINE).terminal


def test_line_without_an_end_is_not_terminal() -> None:
    assert not describe_text("„Ich weiß nicht“ und andere Lieder", LINE).terminal
