"""The chrome analysis's lines made in one loop give what the plain code gives: the non-blank
lines as two columns, each line's fields copied from its text's cached fields, and the lines
that may continue a paragraph picked out in C."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_speed_chrome_objects import _same
from textfix.document import Document, Line, split_lines
from textfix.model import Span
from textfix.rules.chrome import analysis
from textfix.rules.chrome.analysis import LineInfo

_LINES = [
    "Home",
    "",
    " ",
    "\t",
    "The storm hit the coast on Monday night, and thousands lost power",
    "for several hours before crews restored it.",
    "and then nothing.",
    "Share this",
    "Politik  |  Wirtschaft",
    "„Ich weiß nicht“, sagte sie; er ging: nach Hause. Dann kam der Regen über die Stadt.",
    "Żółć gęślą jaźń, powiedział wczoraj minister w Warszawie podczas konferencji prasowej.",
    "東京で会議が開かれた",
    "ünter den Linden",
]
_TEXTS = st.lists(
    st.tuples(st.sampled_from(_LINES) | st.text(max_size=12), st.sampled_from(["\n", "\r\n"])),
    max_size=14,
).map(lambda rows: "".join(text + end for text, end in rows))


def _plain_analyse_infos(doc: Document) -> list[LineInfo]:
    """_analyse's lines as they were made: every line split, blank ones skipped, each described
    with the dataclass-equal LineInfo of describe_text."""
    infos = []
    for line in split_lines.__wrapped__(doc.text):
        text = line.text.strip()
        if text:
            infos.append(analysis.describe_text(text, line))
    return analysis.join_wrapped(infos)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.booleans())
def test_content_columns_are_the_non_blank_lines(text: str, trailing: bool) -> None:
    text = text if trailing else text.rstrip("\n")
    expected = [line for line in split_lines.__wrapped__(text) if not line.is_blank]
    lines, texts = Document(text).content_columns()
    assert texts == [line.text.strip() for line in expected]
    assert len(lines) == len(expected)
    for line, other in zip(lines, expected, strict=True):
        _same(line, other)
        _same(line.span, other.span)
        _same(line.full, other.full)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_analysis_infos_are_the_described_lines(text: str) -> None:
    made = analysis._analyse.__wrapped__(Document(text)).infos
    expected = _plain_analyse_infos(Document(text))
    assert len(made) == len(expected)
    for info, other in zip(made, expected, strict=True):
        _same(info, other)
        _same(info.line, other.line)
    # The cached fields are only copied: a later analysis of the same lines is the same.
    again = analysis._analyse.__wrapped__(Document(text)).infos
    assert list(again) == list(made)
    for info in made:
        assert analysis._fields(info.text)["line"] is None


def test_fields_keep_the_dataclass_field_order() -> None:
    line = Line(3, " Share this ", Span(10, 22), Span(10, 23))
    built = LineInfo(
        **{**analysis._fields("Share this"), "line": line, "index": 3}  # type: ignore[arg-type]
    )
    _same(analysis.describe(line), built)
    assert list(analysis._fields("Share this")) == list(vars(built))


_WRAPPED = [
    "The council met on Monday and the members of the board said that the",
    "budget for the coming year would be cut by a tenth, and that the roads",
    "would be repaired first.",
    "and then nothing.",
    "Home",
    "überall in der Stadt wurde am Montag gestreikt, sagte die Polizei am Abend",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WRAPPED), max_size=10).map("\n".join))
def test_wrapped_lines_are_the_replaced_infos(text: str) -> None:
    doc = Document(text)
    plain = [
        analysis.describe_text(line.text.strip(), line)
        for line in split_lines.__wrapped__(text)
        if line.text.strip()
    ]
    made = analysis._analyse.__wrapped__(doc).infos
    assert len(made) == len(plain)
    for info, other in zip(made, plain, strict=True):
        if info.wrapped_prose:
            other = replace(other, wrapped_prose=True, is_prose=True, is_short=False)
        _same(info, other)
