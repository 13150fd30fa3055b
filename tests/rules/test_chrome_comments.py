"""Counted comment headings (chrome.comment-count) go, whatever title is quoted after them; a
sentence that starts with a count of comments stays."""

from __future__ import annotations

import pytest

from textfix import fix_text
from textfix.settings import Settings

STORY = (
    "The storm hit the coast on Monday night, and thousands of people in the region lost power "
    "for several hours.\n"
)
MUST_REMOVE = [
    "11 responses to “Storm hits the coast”",
    "3 replies",
    "142 Antworten zu „Sturm an der Küste: Was jetzt?“",
    "71 Kommentare",
    "12 réponses à « La tempête »",
    "5 komentarzy",
    "8 comentarios",
    "4 risposte",
]
MUST_KEEP = [
    "3 comments were removed by the moderators.",
    "11 responses came in on the first day!",
    "142 Antworten gingen beim Rathaus ein.",
    "2024 Storm season",
]


def run(text: str) -> str:
    return fix_text(text, Settings(select=("chrome.comment-count",))).text


@pytest.mark.parametrize("line", MUST_REMOVE)
def test_counted_comment_heading_goes(line: str) -> None:
    assert run(f"{STORY}\n{line}\n") == STORY


@pytest.mark.parametrize("line", MUST_KEEP)
def test_sentence_starting_with_a_count_stays(line: str) -> None:
    text = f"{STORY}\n{line}\n"
    assert run(text) == text
