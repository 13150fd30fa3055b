"""Deletions beside protected text on very long lines: read around the deletion, not whole.

normalize._keeps_protected used to read a whole line twice for every invisible or control
character next to a URL, an e-mail or a handle: quadratic in the line's length. Lines up to
_WHOLE_LINE_CHARS are still read whole; longer ones only around each deletion.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import Settings, fix_text
from textfix.document import Document
from textfix.model import Edit, Span
from textfix.rules import Context, normalize

ZWSP = "\u200b"
INVISIBLE = Settings(select=("normalize.invisible",))


def _long_line(pieces: int) -> str:
    """A line of URLs, e-mails and handles with invisible characters on both sides of them."""
    parts = []
    for i in range(pieces):
        parts.append(f"see{ZWSP}https://example.com/p{i}{ZWSP} ok")
        parts.append(f"mail{ZWSP}me{i}@example.org now {ZWSP}@user{i} and zero{ZWSP}width")
    return " ".join(parts) + "\n"


def test_long_line_reads_a_bounded_region_per_deletion(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[int] = []
    real = normalize.protected_spans

    def counting(text: str) -> tuple[Span, ...]:
        read.append(len(text))
        return real(text)

    monkeypatch.setattr(normalize, "protected_spans", counting)
    line = _long_line(1_200)
    assert len(line) > 20 * normalize._WHOLE_LINE_CHARS
    deletions = list(normalize.remove_invisible(Document(line), Context(INVISIBLE)))
    assert 0 < len(deletions) < line.count(ZWSP)
    assert read, "the deletions beside protected text were not checked"
    # Two reads per deletion (before and after it), each of at most the reach on each side
    # widened to a space: linear in the line, where each read was the whole line.
    assert len(read) <= 2 * line.count(ZWSP)
    assert max(read) <= 4 * normalize._CHECK_REACH


def test_long_line_keeps_what_a_short_line_keeps() -> None:
    """The same decisions as each piece of the line gets on a line of its own."""
    piece = f"see{ZWSP}https://example.com/p{ZWSP} ok mail{ZWSP}me@example.org zero{ZWSP}width"
    alone = fix_text(piece + "\n", INVISIBLE).text.rstrip("\n")
    assert alone == f"see{ZWSP}https://example.com/p{ZWSP} ok mail{ZWSP}me@example.org zerowidth"
    long = " ".join([piece] * 200) + "\n"
    assert len(long) > normalize._WHOLE_LINE_CHARS
    assert fix_text(long, INVISIBLE).text == " ".join([alone] * 200) + "\n"


def test_short_line_is_still_read_whole() -> None:
    text = "intro\n" + f"word{ZWSP}https://example.com/x rest\n"
    start = text.index(ZWSP)
    assert normalize._checked_region(text, Span(start, start + 1)) == (6, len(text) - 1)


def test_region_never_leaves_the_line() -> None:
    text = "a" * 10 + "\n" + "b " * 5_000 + ZWSP + "c " * 5_000 + "\nend"
    start = text.index(ZWSP)
    region = normalize._checked_region(text, Span(start, start + 1))
    assert 11 <= region[0] <= start and start + 1 <= region[1] <= text.rindex("\n")
    assert "\n" not in text[region[0] : region[1]]


_PIECES = st.sampled_from(
    [
        "word",
        "Müller",
        "https://example.com/a-b",
        "www.example.org/path",
        "me@example.org",
        "@handle",
        "#tag",
        ZWSP,
        ZWSP + ZWSP,
        ",",
        ".",
    ]
)
# Runs of at most three pieces (69 characters) between spaces: shorter than the reach below.
_RUNS = st.lists(_PIECES, min_size=1, max_size=3).map("".join)


def _whole_line_decisions(doc: Document, edits: list[Edit]) -> list[bool]:
    """_keeps_protected as it was: each deletion checked against its whole line."""
    decisions = []
    for edit in edits:
        start = doc.text.rfind("\n", 0, edit.span.start) + 1
        end = doc.text.find("\n", edit.span.end)
        end = len(doc.text) if end == -1 else end
        line = doc.text[start:end]
        cut = Span(edit.span.start - start, edit.span.end - start)
        after = line[: cut.start] + line[cut.end :]
        before_spans = [line[s.start : s.end] for s in normalize.protected_spans(line)]
        after_spans = [after[s.start : s.end] for s in normalize.protected_spans(after)]
        decisions.append(before_spans == after_spans)
    return decisions


@settings(max_examples=150, deadline=None)
@given(st.lists(_RUNS, min_size=1, max_size=30), st.sampled_from([" ", "  ", ZWSP + " "]))
def test_region_decides_as_the_whole_line(runs: list[str], space: str) -> None:
    """With the limits made small, prose with URLs, e-mails and handles (no code, no bracket
    pairs, no run of non-spaces longer than the reach: the shapes a region may cut) is decided
    by the region as by the whole line."""
    text = space.join(runs) + "\n"
    doc = Document(text)
    edits = [
        Edit(Span(i, i + 1), "", "normalize.invisible", 0.99, "invisible")
        for i, char in enumerate(text)
        if char == ZWSP
    ]
    expected = _whole_line_decisions(doc, edits)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(normalize, "_WHOLE_LINE_CHARS", 8)
        patch.setattr(normalize, "_CHECK_REACH", 80)
        found = [normalize._keeps_protected(doc, edit) for edit in edits]
    assert found == expected
