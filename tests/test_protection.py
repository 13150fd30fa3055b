"""Spans that no rule may touch: markup, code, front matter and inline ignore comments."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from textfix import Settings, fix_text, tokens
from textfix.directives import parse
from textfix.model import Span
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


# Pieces of every protected shape, and of the shapes that reach over a line break.
_PIECES = [
    "word",
    "Name",
    "x_y",
    "fooBar()",
    "v2.1",
    "3",
    "@who",
    "#tag",
    "a@b.org",
    "site.com",
    "WWW.site.de",
    "http://h.io/p",
    "~/dir/f.md",
    "notes.txt",
    "](t)",
    "[id]: u",
    "`c`",
    "```",
    "<b",
    "<b>",
    "</i>",
    "<!--",
    "-->",
    "(",
    ")",
    ".",
    "-",
    "_",
    "\u00e9t\u00e9",
    "\u0663",
]
_GAPS = [" ", "", "\n", "\n\n", "\r\n", "\r", "\t", ".", "\u2028"]
_mixed = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_GAPS)), max_size=40).map(
    lambda parts: "".join(piece + gap for piece, gap in parts)
)


def _whole_text_spans(text: str) -> tuple[Span, ...]:
    """The reference: every pattern and scanner over the whole text, no cache, no shortcut."""
    found = [
        (m.start(), m.end()) for _kind, p in tokens._PROTECTED_PATTERNS for m in p.finditer(text)
    ]
    found.extend(item for scan in tokens._SCANNERS for item in scan(text))
    return tokens.merge_spans([Span(a, b) for a, b in found if b > a])


@settings(max_examples=400, deadline=None)
@given(st.one_of(_mixed, st.text(max_size=200)), st.integers(0, 3))
@example("a <!-- b\nc --> d", 0)
@example("```\ncode\n```", 0)
@example("x <b\nclass=y> z", 0)
@example("[id]: u\rnext line", 0)
@example("`a\rb` and `c\nd`", 0)
@example("mail a@b.org\n<i", 2)
@example("x> <a>\nsee <i", 0)
def test_protected_spans_line_by_line_equal_the_whole_text(text: str, repeats: int) -> None:
    # The line cache is exercised as the texts of a document's passes ask it: the same lines
    # again, some in a new order, with one line edited.
    lines = text.split("\n")
    variants = [text, "\n".join(reversed(lines)), "\n".join([*lines[1:], "edited"])]
    for variant in variants[: repeats + 1]:
        assert protected_spans(variant) == _whole_text_spans(variant)


def test_protected_spans_are_the_same_after_the_line_cache_is_emptied() -> None:
    text = "see site.com now\nmail a@b.org\n" * 3 + "<b"
    first = protected_spans(text)
    tokens._LINE_SPANS.clear()
    assert protected_spans(text) == first == _whole_text_spans(text)
