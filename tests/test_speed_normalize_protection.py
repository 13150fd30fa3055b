"""Protection asked about a few spans at once, reading only their lines, gives the answers of
the plain definition: each span tested against every protected span of the whole text."""

from __future__ import annotations

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from textfix import tokens
from textfix.document import Document
from textfix.model import Span

_PIECES = [
    "word",
    "Wort",
    "https://example.com/a?b=1",
    "www.site.org",
    "mail a@b.org",
    "notes.md",
    "x_y",
    "fooBar()",
    "12.5",
    "#tag",
    "@user",
    "/usr/bin/",
    "`code`",
    "```",
    "<b>",
    "</b>",
    "<i",
    "<!--",
    "-->",
    "[1]: http://x.y",
    "](target)",
    "def f(x):",
    "$ ls -la",
    "a = b;",
    "os.path.join()",
    "--dry-run",
    "\u200b",
    "\u00a0",
    "\x07",
]
_GAPS = [" ", "", "\n", "\n\n", "\r\n", "\r", "\t", ".", "  \n"]
_texts = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_GAPS)), max_size=30).map(
    lambda parts: "".join(piece + gap for piece, gap in parts)
)


@st.composite
def _text_and_spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(st.one_of(_texts, st.text(max_size=120)))
    # Lines around it, so that the spans are on a small part of the text, which is then read
    # line by line (most of a short text is read whole).
    filler = draw(st.sampled_from(["", "plain words here\n", "see www.a.org\n"]))
    text = filler * draw(st.integers(0, 30)) + text + "\n" + filler * draw(st.integers(0, 30))
    # Spans that start or end at, or next to, a protected span's ends and line breaks, where
    # an answer can turn, as well as anywhere.
    edges = {0, len(text)}
    for span in tokens.protected_spans(text):
        edges.update((span.start, span.end))
    edges.update(i for i, char in enumerate(text) if char == "\n")
    points = sorted({p + d for p in edges for d in (-1, 0, 1) if 0 <= p + d <= len(text)})
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.one_of(st.sampled_from(points), st.integers(0, len(text))))
        ends = [p for p in points if p >= start]
        end = draw(
            st.one_of(
                st.sampled_from(ends),
                st.integers(start, min(len(text), start + draw(st.sampled_from([0, 1, 3, 40])))),
            )
        )
        spans.append(Span(start, end))
    return text, spans


def _plain(text: str, spans: list[Span]) -> list[bool]:
    protected = tokens.protected_spans(text)
    return [tokens.touches_any(span, protected) for span in spans]


@settings(max_examples=500, deadline=None)
@given(_text_and_spans(), st.booleans())
@example(("a https://x.com/b\nc", [Span(1, 2), Span(2, 3), Span(17, 17), Span(18, 19)]), False)
@example(("x\nwww.a.org\ny", [Span(1, 2), Span(11, 12), Span(2, 2), Span(0, 13)]), True)
@example(("<b\nclass=y> z", [Span(2, 3)]), False)
def test_touching_on_lines_answers_as_the_whole_text(
    case: tuple[str, list[Span]], cold: bool
) -> None:
    text, spans = case
    if cold:  # also with nothing learnt yet, as a new document's lines are
        tokens._LINE_SPANS.clear()
    found = tokens.touching_on_lines(text, spans)
    if found is not None:
        assert found == _plain(text, spans)
    event(f"read by line: {found is not None}")
    assert Document(text).protected_among(spans) == _plain(text, spans)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_texts, st.text(alphabet="<`!-\nab/", max_size=40)))
@example("a <!-- b")
@example("x</a-b:c\ny")
@example("``` ")
def test_reads_whole_is_the_cross_line_pattern(text: str) -> None:
    assert tokens.reads_whole(text) == (tokens._CROSS_LINE_RE.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=8))
@example(["a", "B"])
@example(["x:", "//y"])
@example(["www", ".a"])
def test_a_required_text_is_in_the_joined_lines_only_when_in_one(lines: list[str]) -> None:
    # _learn_lines tests the lines joined by "\n" first, to rule a finder out for all of them.
    lines = [line.replace("\n", " ") for line in lines]
    for needs, _matches in tokens._FINDERS:
        if needs is not None:
            assert needs("\n".join(lines)) == any(needs(line) for line in lines)


def _plain_verbatim(text: str) -> list[Span]:
    """verbatim_spans without its pre-check: both patterns over every text."""
    spans = [Span(m.start(), m.end()) for m in tokens._FENCE_RE.finditer(text)]
    front = tokens._FRONT_MATTER_RE.match(text)
    if front:
        spans.append(Span(front.start(), front.end()))
    return sorted(spans)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="-+`~.\n\r ab", max_size=40))
@example("---\na: 1\n---\ntext")
@example("x\n```\ncode\n```\n")
@example("  ~~~~\nx")
@example("a --- b")
def test_verbatim_spans_are_those_of_both_patterns(text: str) -> None:
    assert tokens.verbatim_spans(text) == _plain_verbatim(text)
