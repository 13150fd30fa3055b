"""Spans that no rule may touch: markup, code, front matter and inline ignore comments."""

from __future__ import annotations

import pytest

from textfix import Settings, fix_text
from textfix.directives import parse
from textfix.tokens import protected_spans, verbatim_spans

NORMALIZE = Settings(select=("normalize",))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("see https://example.com/some_path?q=1 now", "https://example.com/some_path?q=1"),
        ("mail jan.kowalski@example.org today", "jan.kowalski@example.org"),
        ("ping @some_handle and #SomeTag", "@some_handle"),
        ("ping @some_handle and #SomeTag", "#SomeTag"),
        ("edit config.yaml first", "config.yaml"),
        ("run `pip instal x` here", "`pip instal x`"),
        ("a [link](https://exmaple.com/pgae) here", "](https://exmaple.com/pgae)"),
        ('an <a href="/recieve">anchor</a>', '<a href="/recieve">'),
        ("version 3.14rc1 and 2nd place", "3.14rc1"),
        ("call snake_case_name now", "snake_case_name"),
    ],
)
def test_protected_spans_cover(text: str, fragment: str) -> None:
    start = text.index(fragment)
    spans = protected_spans(text)
    assert any(s.start <= start and start + len(fragment) <= s.end for s in spans), spans


def test_fenced_code_and_front_matter_are_verbatim() -> None:
    text = "---\ntitle: x  \n---\nProse  \n```\ncode  \n\n\n\nmore\n```\n"
    spans = verbatim_spans(text)
    assert len(spans) == 2
    result = fix_text(text, NORMALIZE)
    assert result.text == "---\ntitle: x  \n---\nProse\n```\ncode  \n\n\n\nmore\n```\n"


def test_off_and_on_comments_fence_a_region() -> None:
    text = "a  \n<!-- textfix: off -->\nkeep  \n<!-- textfix: on -->\nb  \n"
    assert fix_text(text, NORMALIZE).text == (
        "a\n<!-- textfix: off -->\nkeep  \n<!-- textfix: on -->\nb\n"
    )


def test_ignore_next_line_and_hash_form() -> None:
    text = "# textfix: ignore-next-line\nkeep\u00a0this  \nfix\u00a0this  \n"
    assert fix_text(text, NORMALIZE).text == (
        "# textfix: ignore-next-line\nkeep\u00a0this  \nfix this\n"
    )


def test_ignore_words_directive() -> None:
    directives = parse("<!-- textfix: ignore Kyiv deplatform -->\nText\n")
    assert directives.words == frozenset({"Kyiv", "deplatform"})


def test_unclosed_off_runs_to_the_end() -> None:
    text = "a  \n<!-- textfix: off -->\nb  \nc  "
    # Only the final line break is added after the region; nothing inside it changes.
    assert fix_text(text, NORMALIZE).text == "a\n<!-- textfix: off -->\nb  \nc  \n"
