"""Code written as plain text (no backticks, no fences) is protected; prose around it is not."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from textfix import Settings, fix_text, tokens
from textfix.tokens import protected_spans


def _covered(text: str, fragment: str) -> bool:
    start = text.index(fragment)
    end = start + len(fragment)
    return any(s.start <= start and end <= s.end for s in protected_spans(text))


def _code_words(text: str) -> list[str]:
    """The words of ``text`` that the protection of code touches (not the older shapes)."""
    spans = tuple(tokens.Span(a, b) for a, b in tokens._merged(list(tokens._code(text))))
    return [w.text for w in tokens.words(text) if tokens.touches_any(w.span, spans)]


# Whole lines that read as code: each must be protected from its first to its last character.
CODE_LINES = [
    "import sys",
    "import numpy as np, pandas as pd",
    "from collections import namedtuple",
    "from . import views",
    "def deref(addr, type_):",
    "async def handler(request):",
    "class Widget(Base):",
    "class Widget:",
    "function render(props) {",
    "fn main() -> i32 {",
    "var total = 0;",
    "public static void main(String[] args) {",
    ">>> odd = lambda x : bool(x % 2)",
    ">>> foo()",
    "$ pip install --upgrade textfix",
    "$ cd build",
    "#include <stdio.h>",
    "#!/usr/bin/env python3",
    'print("hello")',
    "printf(fmt, argc);",
    "x = foo(a, b);",
    "if (a == b) { return c; }",
    "for i in range(n): total[i] = i",
    "result.append(item) if item != None else skip(item)",
    "my_plot <- ggfun(data, aes(x = group))",
    "import os from django.conf import settings class T(Case): def setup(cls): pass",
    "cert = /etc/x.pem client = yes pid = /var/run/x.pid",
    "tool -g mouse on set-opt -s clip off bind -T copy -X pipe",
    "std::vector<int> items; items.push_back(1);",
]


@pytest.mark.parametrize("line", CODE_LINES)
def test_code_lines_are_protected_whole(line: str) -> None:
    assert protected_spans(line) == (tokens.Span(0, len(line)),), protected_spans(line)


@pytest.mark.parametrize(
    "line", ["    total += step", "\tkeys[k] = None", "        if not found: raise"]
)
def test_an_indented_line_needs_one_code_signal(line: str) -> None:
    expected = [line.strip()] if any(c in line for c in "=[") else []
    assert [line[s.start : s.end] for s in protected_spans(line)] == expected


@pytest.mark.parametrize(
    "line",
    [
        "    This paragraph (indented) continues the list item above.",
        "    - a nested item: apples; pears;",
        "    2. the second step (optional) = done",
    ],
)
def test_indented_prose_and_list_items_stay_open(line: str) -> None:
    assert _code_words(line) == []


def test_a_code_line_is_protected_without_its_indentation_and_trailing_blanks() -> None:
    text = "Prose here.\n    x = compute(a, b)  \n\tif (a) { go(); }\nMore prose."
    start = text.index("x = ")
    end = text.index(")  ") + 1
    assert tokens.Span(start, end) in protected_spans(text)


# Code-shaped tokens inside prose: the fragment is protected, and the prose around it is not.
CODE_TOKENS = [
    ("I use sys.argv to read them.", "sys.argv"),
    ("Call os.path.join() to build it.", "os.path.join()"),
    ("Make it with np.array and move on.", "np.array"),
    ("Then System.out.println(x) prints it.", "System.out.println("),
    ("Pass --dry-run first.", "--dry-run"),
    ("Use --prefix=/usr/local then.", "--prefix"),
    ("The helper render() does it.", "render()"),
    ("Use len(items) or len(x.y) here.", "len(x.y)"),
    ("Call foo(a,b) now.", "foo(a,b)"),
    ("Use std::vector when in doubt.", "std::vector"),
    ("Read it via ptr->next first.", "ptr->next"),
    ("Remember that lst += [5] is shorthand.", "lst += [5]"),
    ("The set \\mathbb {R} of reals.", "\\mathbb"),
    ("I found <code>numbers[:]</code> odd.", "<code>numbers[:]</code>"),
    (
        "It said <pre><code> odd = lambda x : bool(x % 2)",
        "<pre><code> odd = lambda x : bool(x % 2)",
    ),
]


@pytest.mark.parametrize(("text", "fragment"), CODE_TOKENS)
def test_code_tokens_in_prose_are_protected(text: str, fragment: str) -> None:
    assert _covered(text, fragment), protected_spans(text)
    # The sentence's first word is prose and stays open to the rules.
    first = next(tokens.words(text))
    assert not tokens.touches_any(first.span, protected_spans(text))


# Prose, including lines with a bracket, an "=", a keyword or a list shape: no word protected.
PROSE = [
    "The function (see below) returns a value.",
    "Prices rose (year on year) and wages were flat.",
    "The ratio x = 2 is what we want.",
    "import tariffs rose sharply this year",
    "Import all modules first. The user does not have to do multiple imports.",
    "from time to time we go out",
    "class action lawsuits are rising",
    "return to sender",
    "- First item: apples; pears; oranges",
    "the buyer shall pay; the seller shall deliver;",
    "## A heading here",
    '"I think so," she said.',
    "> quoted reply from someone",
    ">>> Read more: the latest news",
    "She paid $ 5 for it.",
    "Coinbase vs. Coinbase Pro: How do they compare?",
    "e.g. this and i.e. that and the U.S. economy",
    "Ask your friend(s) and teacher(s) about it.",
    "item(s) to buy: bread (white)",
    "Smith(2010) and Jones(2012) argued that Brown(2015) was wrong about it.",
    "Notes follow every claim[1] and every name[2].",
    "Well -- that was a surprise -- wasn't it?",
    "Read the C++ book and the C# book.",
    "The score was 3 - 2 (a close game) and fans cheered.",
    "If a = b and b = c then a = c, as the teacher said.",
    'She wrote <a href="/x">a link</a> and a class="big" word.',
    "The Jacob cycle (ca. 1640) is shown: see the notes.",
    "Antonín Dvořák (/ d(ə)ˈvɔːrʒɑːk; 8 September 1841 – 1 May 1904) was a composer.",
]


@pytest.mark.parametrize("text", PROSE)
def test_prose_is_not_protected(text: str) -> None:
    assert _code_words(text) == [], list(tokens._code(text))


def test_a_typo_in_prose_next_to_a_code_line_is_still_fixed() -> None:
    text = "import sys\n\nThis is a seperate sentence about the code.\n"
    result = fix_text(text, Settings(select=("typos",)))
    assert "separate" in result.text
    assert result.text.startswith("import sys\n")


def test_code_in_a_line_is_not_corrected() -> None:
    text = "The value of sys.argv is a list.\n\n>>> odd = lambda x : bool(x % 2)\n"
    result = fix_text(text, Settings(select=("typos",)))
    assert result.text == text


# Pieces of code and prose lines, for the check that the scan finds exactly the lines that
# the line classifier calls code.
_LINE_PIECES = [
    "import",
    "from",
    "class",
    "def",
    ">>>",
    "$",
    "#",
    "x",
    "Name",
    "word",
    "f(a)",
    "(s)",
    "a[0]",
    "=",
    "==",
    "<-",
    "->",
    "::",
    "{",
    "}",
    ";",
    "--flag",
    "-x",
    ".",
    "os.path",
    "+=",
]
_lines = st.lists(
    st.lists(st.sampled_from(_LINE_PIECES), max_size=8).map(" ".join)
    | st.text(alphabet=" \tabx()=;{-:.>$#[]0", max_size=30),
    max_size=8,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_lines)
def test_the_scan_finds_exactly_the_code_lines(text: str) -> None:
    found = set(tokens._code_lines(text, _scan_candidates(text)))
    expected = set()
    offset = 0
    for line in text.split("\n"):
        if tokens._is_code_line(line) and line.strip():
            first = offset + line.index(line.strip()[0])
            expected.add((first, first + len(line.strip())))
        offset += len(line) + 1
    assert found == expected


def _scan_candidates(text: str) -> set[int]:
    """Every line start: a superset of the candidates ``_code`` passes, for the check above."""
    return {0} | {i + 1 for i, c in enumerate(text) if c == "\n"}


@settings(max_examples=300, deadline=None)
@given(_lines)
@example("def import (s)")
@example("x\ndef import (s)")
@example("x\n  class A:\nfn f <T>")
def test_the_code_scan_agrees_with_reading_every_line(text: str) -> None:
    """``_code`` reads only candidate lines; reading every line must find the same lines."""
    spans = set(tokens._code(text))
    offset = 0
    for line in text.split("\n"):
        if tokens._is_code_line(line) and line.strip():
            first = offset + line.index(line.strip()[0])
            assert (first, first + len(line.strip())) in spans
        offset += len(line) + 1
