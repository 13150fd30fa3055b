"""The chrome phase's line shortcuts give what the plain code gives: the non-blank lines made
without the blank ones, line bounds found in C, removed lines found by bisection, and the blank
lines tidied after removals without the document's lines."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_speed_chrome_objects import _same
from textfix.document import Document, Line, line_bounds, split_lines
from textfix.model import Edit, Span
from textfix.rules import layout
from textfix.rules.chrome import analysis

_TEXTS = st.text(alphabet="ab \t\n\r\u2028", max_size=60)
_NEWLINE_TEXTS = st.text(alphabet="ab \t\n", max_size=60)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_content_lines_are_the_non_blank_lines(text: str) -> None:
    expected = [(line, line.text.strip()) for line in split_lines(text) if not line.is_blank]
    made = Document(text).content_lines()
    assert len(made) == len(expected)
    for (line, stripped), (other, other_stripped) in zip(made, expected, strict=True):
        assert stripped == other_stripped
        _same(line, other)
        _same(line.span, other.span)
        _same(line.full, other.full)


def test_content_lines_reuse_lines_already_made() -> None:
    doc = Document("a\n\n b \nc")
    lines = doc.lines
    assert [line for line, _text in doc.content_lines()] == [lines[0], lines[2], lines[3]]
    assert doc.content_lines()[0][0] is lines[0]


@settings(max_examples=400, deadline=None)
@given(_NEWLINE_TEXTS)
def test_line_bounds_are_the_lines_bounds(text: str) -> None:
    lines = split_lines(text)
    texts, starts, ends = line_bounds(text)
    assert texts == [line.text for line in lines]
    assert starts == [line.full.start for line in lines]
    assert ends == [line.full.end for line in lines]


@st.composite
def _text_and_edits(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> tuple[str, list[Edit]]:
    """A text and edits on it: most delete whole lines (one or a run), some are anywhere."""
    text = draw(texts)
    lines = split_lines(text)
    edits = []
    for _ in range(draw(st.integers(0, 6))):
        if lines and draw(st.booleans()):
            first = draw(st.integers(0, len(lines) - 1))
            last = draw(st.integers(first, min(len(lines) - 1, first + 2)))
            end = lines[last].full.end - draw(st.sampled_from([0, 0, 1]))
            span = Span(lines[first].full.start, max(end, lines[first].full.start))
        else:
            start = draw(st.integers(0, len(text)))
            span = Span(start, draw(st.integers(start, len(text))))
        replacement = draw(st.sampled_from(["", "", "", "x"]))
        edits.append(Edit(span, replacement, "chrome.test", 0.9, "why"))
    # Applied edits are sorted and do not overlap: keep the first of overlapping ones.
    chosen: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        if not chosen or edit.span.start >= chosen[-1].span.end:
            chosen.append(edit)
    return text, chosen


@settings(max_examples=500, deadline=None)
@given(_text_and_edits(_TEXTS))
def test_removed_lines_as_by_the_lines(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    expected = layout.removed_line_indices(split_lines(text), edits)
    assert layout.removed_lines(Document(text), edits) == expected
    made = Document(text)
    made.lines  # noqa: B018 - the path with the lines made
    assert layout.removed_lines(made, edits) == expected


def _plain_tidy(doc: Document, edits: Sequence[Edit]) -> list[Edit]:
    """``layout.tidy_after_removal`` as it was, over the document's lines."""
    lines = doc.lines
    removed = layout.removed_line_indices(lines, edits)
    if not removed:
        return list(edits)
    extra: list[Edit] = []
    kept = [i for i, line in enumerate(lines) if i not in removed and not line.is_blank]
    boundaries = [-1, *kept, len(lines)]
    for left, right in itertools.pairwise(boundaries):
        gap = range(left + 1, right)
        if not any(i in removed for i in gap):
            continue
        blanks = [i for i in gap if i not in removed]
        at_edge = left == -1 or right == len(lines)
        keep_one = not at_edge and bool(blanks)
        for i in blanks[1:] if keep_one else blanks:
            line = lines[i]
            extra.append(
                Edit(line.full, "", layout.TIDY_RULE, 0.99, "blank line left by removed chrome")
            )
    return sorted([*edits, *extra], key=lambda e: (e.span.start, e.span.end))


_PARAGRAPHS = st.lists(
    st.sampled_from(["Home", "", "  ", "Menu item", "A sentence of the article.", "\t"]),
    max_size=14,
).map(lambda rows: "\n".join(rows) + "\n")


@settings(max_examples=500, deadline=None)
@given(st.one_of(_text_and_edits(_TEXTS), _text_and_edits(_PARAGRAPHS)))
def test_tidy_after_removal_as_over_the_lines(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    expected = _plain_tidy(Document(text), edits)
    assert layout.tidy_after_removal(Document(text), edits) == expected
    made = Document(text)
    made.lines  # noqa: B018 - the path with the lines made
    assert layout.tidy_after_removal(made, edits) == expected
    # The metadata then reads which lines the tidied edits remove: the answer tidy returns.
    doc = Document(text)
    tidied, removed = layout.tidy_with_removed(doc, edits)
    assert tidied == expected
    assert removed == layout.removed_line_indices(split_lines(text), tidied)
    assert layout.removed_lines(doc, tidied) == removed
    for got, want in zip(tidied, expected, strict=True):
        _same(got, want)


def test_tidy_removes_the_blank_lines_left() -> None:
    text = "Home\n\nMenu\n\n\nThe article.\n\nFooter\n"
    lines = split_lines(text)
    edits = [Edit(lines[i].full, "", "chrome.test", 0.9, "why") for i in (0, 2, 7)]
    tidied = layout.tidy_after_removal(Document(text), edits)
    removed = {e.span.start for e in tidied}
    # Everything above the article goes (an edge), one blank line stays before the footer's
    # place only if kept lines surround it: here the footer was the last line.
    assert removed == {lines[i].full.start for i in (0, 1, 2, 3, 4, 6, 7)}


def _plain_analyse_infos(doc: Document) -> list[analysis.LineInfo]:
    """The analysis's lines as _analyse made them: every line split, blank ones skipped."""
    infos = []
    for line in doc.lines:
        text = line.text.strip()
        if text:
            infos.append(analysis.describe_text(text, line))
    return analysis.join_wrapped(infos)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Home",
                "",
                " ",
                "The storm hit the coast on Monday night, and thousands lost power",
                "for several hours before crews restored it.",
                "Share this",
                "Politik  |  Wirtschaft",
            ]
        ),
        max_size=12,
    ).map("\n".join)
)
def test_analysis_lines_as_before(text: str) -> None:
    made = analysis._analyse.__wrapped__(Document(text)).infos
    expected = _plain_analyse_infos(Document(text))
    assert list(made) == expected
    for info, other in zip(made, expected, strict=True):
        assert list(vars(info).items()) == list(vars(other).items())
        _same(info.line, other.line)


def test_line_is_still_the_dataclass() -> None:
    line = Document("ab\n").content_lines()[0][0]
    _same(line, Line(0, "ab", Span(0, 2), Span(0, 3)))
