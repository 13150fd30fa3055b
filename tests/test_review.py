"""Review without a terminal: flattened changes and scripted answers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textfix import Settings, fix_text
from textfix.model import Edit, FixResult, Span, Step
from textfix.review import ReviewSession

NORMALIZE = Settings(select=("normalize",))


def _accept_all(result: FixResult) -> str:
    """Answer as ``fix`` does: accept every change it applies, reject every suggestion."""
    session = ReviewSession.from_result(result)
    while (index := session.current()) is not None:
        session.answer("a" if session.items[index].applied_by_default else "r")
    return session.text()


def test_accepting_everything_gives_the_fixed_text() -> None:
    text = "Title\u00a0one  \n\n\n\nBody\u200b text  "
    assert _accept_all(fix_text(text, NORMALIZE)) == fix_text(text, NORMALIZE).text


def test_a_later_edit_of_an_earlier_edit_is_one_item() -> None:
    # "abc d ef" -> "abc XY ef" -> "abc- ef": the second edit rewrites what the first wrote.
    first = Step("normalize.x", (Edit(Span(4, 5), "XY", "normalize.x", 0.9, "widen"),))
    second = Step("typos.y", (Edit(Span(3, 6), "-", "typos.y", 0.9, "join"),))
    result = FixResult("abc d ef", "abc- ef", (first, second))
    session = ReviewSession.from_result(result)
    assert len(session.items) == 1
    assert _accept_all(result) == "abc- ef"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="ab \u00a0\u200b\t\n\r", max_size=60))
def test_accepting_everything_always_gives_the_fixed_text(text: str) -> None:
    result = fix_text(text)
    assert _accept_all(result) == result.text


def test_seed_like_chrome_and_typos_review() -> None:
    text = "Site | Home\n\nHeadline\n\nSite | Home\n\nSome body text that is long enough.\n"
    result = fix_text(text)
    assert _accept_all(result) == result.text
    session = ReviewSession.from_result(result)
    while session.current() is not None:
        session.answer("r")
    assert session.text() == text


def test_scripted_session_accepts_rejects_and_edits() -> None:
    text = "one\u00a0two  \nthree\u00a0four\nlast"
    result = fix_text(text, NORMALIZE)
    session = ReviewSession.from_result(result)
    answers = iter(["a", "r", "e", "a"])
    while session.current() is not None:
        key = next(answers)
        session.answer(key, custom="_" if key == "e" else None)
    # nbsp accepted, trailing whitespace rejected, second nbsp replaced by "_", newline added.
    assert session.text() == "one two  \nthree_four\nlast\n"


def test_accept_rest_of_rule_and_quit() -> None:
    text = "a\u00a0b\u00a0c\u00a0d  "
    session = ReviewSession.from_result(fix_text(text, NORMALIZE))
    session.answer("A")
    assert session.current() is not None  # the trailing-whitespace item is still asked
    session.answer("q")
    assert session.current() is None
    assert session.text() == "a b c d  "


def test_unknown_answer_is_an_error() -> None:
    session = ReviewSession.from_result(fix_text("a\u00a0b", NORMALIZE))
    with pytest.raises(ValueError, match="unknown answer"):
        session.answer("z")


def test_accepting_a_suggestion_applies_it() -> None:
    result = fix_text("He said thise people left.", Settings(select=("typos",), language="en"))
    assert result.text == "He said thise people left."  # fix leaves a suggestion alone
    session = ReviewSession.from_result(result)
    (item,) = session.items
    assert not item.applied_by_default
    session.answer("a")
    assert session.text() == f"He said {item.edit.replacement} people left."
