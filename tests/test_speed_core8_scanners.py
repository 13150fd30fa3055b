"""The scanners that find protected patterns from their anchors (tokens._SCANNED: _numbers,
_identifiers, _paths, _urls and the mark scanners) give exactly the patterns' matches."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from textfix import tokens

_PIECES = st.sampled_from(
    [
        "word",
        "Word",
        "x",
        "3",
        "12.5",
        "\u0663",
        "2020-01-02",
        "a1",
        "_",
        "snake_case",
        "foo_bar_9",
        "Foo_bar",
        "camelCase(",
        "camelCase()",
        "isX",
        "/",
        "~/",
        "./",
        "../",
        "/usr/local/bin",
        "a/b/c",
        "x.y/",
        ".",
        "-",
        ",",
        ":",
        "(",
        ")",
        "\u00e9t\u00e9",
        "\u00ad",
        "https://a.example/x",
        "xwww.a://b",
        "WWW.a.b",
        "www.",
        "://",
        "a+b-c.d://e",
        "\u212a://k",
        "mailto:x",
        "@user",
        "a@b",
        "@@x",
        "#tag",
        "&#39;",
        "##x",
    ]
)
_GAPS = st.sampled_from(["", " ", "\n", "\t", ".", "-"])
_TEXTS = st.one_of(
    st.lists(st.tuples(_PIECES, _GAPS), max_size=30).map(
        lambda parts: "".join(piece + gap for piece, gap in parts)
    ),
    st.text(max_size=60),
    st.text(alphabet="aZ_/.~9 -()", max_size=40),
    st.text(alphabet="wW.:/ab1+-\u212a", max_size=50),
    st.text(alphabet="@#&;a_1 ", max_size=30),
)
_SCANNERS = sorted(tokens._SCANNED.items())


@pytest.mark.parametrize(("kind", "scan"), _SCANNERS)
@settings(max_examples=500, deadline=None)
@given(_TEXTS)
@example("ab9cd x")
@example("fooBar()abc_d")
@example("fooBar9abc_def")
@example("x../a/b/")
@example("~/a/b ../c/d/")
@example("xwww.a://b")
@example("see http://x.y/z. and www.a.b")
@example("@a@b #c#d &#1 @")
def test_a_scanner_finds_its_pattern_matches(
    kind: str, scan: Callable[[str], Iterator[tuple[int, int]]], text: str
) -> None:
    pattern = dict(tokens._PROTECTED_PATTERNS)[kind]
    assert list(scan(text)) == [m.span() for m in pattern.finditer(text)]
