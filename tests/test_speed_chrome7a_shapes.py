"""A line's shape measured from one byte string of character classes gives what the measures
taken one by one give, and clauses counted on byte classes are the regex's matches."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.rules.chrome import analysis

_CLAUSE_RE = re.compile(r"[,;:] |[.!?] \S")


def _plain_shape(text: str) -> analysis._Shape:
    """``analysis._shape`` as it was: each measure by its own helper."""
    letters, upper = analysis._word_starts(text)
    parts = text.split()
    spaced = len(parts)
    if spaced * 6 < len(text) and analysis._no_space_script(text[:40]):
        words = max(spaced, len(text) // 2)
    else:
        words = max(spaced, letters) if letters <= spaced * 2 else spaced
    lower = letters - upper
    terminal = analysis._is_terminal(text)
    if words >= analysis.PROSE_WORDS:
        clauses = len(_CLAUSE_RE.findall(text))
        wordy = analysis._letter_count(text) >= 3 * letters
    else:
        clauses = 0
        wordy = True
    ratio = lower / letters if letters else 0.0
    return (
        words,
        letters,
        terminal,
        clauses,
        wordy,
        ratio,
        " ".join(parts).casefold(),
        analysis._is_prose(words, letters, terminal, clauses, ratio, wordy),
        words <= analysis.SHORT_WORDS and not (terminal and words >= 4),
        terminal and letters >= 4 and ratio >= 0.3,
    )


# Pieces that make the measures differ: sentence ends and clause marks before spaces and
# marks, typographic quotes and dashes, whitespace other than the space, letters of other
# scripts, digits, apostrophes.
_PIECES = [
    "The",
    "storm",
    "hit",
    "coast",
    "on",
    "Monday",
    "ÉTÉ",
    "été",
    "Straße",
    "µm",
    "don't",
    "l’homme",
    "x2y",
    "42",
    "Żółć",
    "東京",
    "ΣΟΦΊΑΣ",
    "a",
    ".",
    "!",
    "?",
    ",",
    ";",
    ":",
    "…",
    "“",
    "”",
    "„",
    "–",
    "—",
    "’",
    "'",
    '"',
    ")",
    "»",
    "_",
    "-",
    "€",
    "™",
]
_GAPS = [" ", " ", " ", "", "  ", "\t", "\xa0", "\x85", "\x1c", "\u2009"]
_TEXTS = st.lists(
    st.tuples(st.sampled_from(_PIECES), st.sampled_from(_GAPS)), min_size=1, max_size=40
).map(lambda parts: "".join(p + g for p, g in parts).strip() or "x")


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_shape_is_the_measures_one_by_one(text: str) -> None:
    assert analysis._shape.__wrapped__(text) == _plain_shape(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=80).map(lambda t: t.strip() or "x"))
def test_shape_of_any_text_is_the_measures_one_by_one(text: str) -> None:
    assert analysis._shape.__wrapped__(text) == _plain_shape(text)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS | st.text(max_size=60))
def test_clause_count_is_the_regex(text: str) -> None:
    assert analysis._clause_count(text) == len(_CLAUSE_RE.findall(text))


def test_clause_count_on_every_short_mix_of_classes() -> None:
    # Every string of up to five characters over one of each class (and a typographic mark):
    # each way matches can touch or overlap.
    alphabet = [",", ".", " ", "\t", "a", "“"]
    for size in range(1, 6):
        for chars in itertools.product(alphabet, repeat=size):
            text = "".join(chars)
            assert analysis._clause_count(text) == len(_CLAUSE_RE.findall(text)), text


def test_clause_classes_are_the_regex_classes() -> None:
    for code in range(256):
        char = chr(code)
        kind = chr(analysis._CLAUSE_CLASSES[code])
        assert (kind == "C") == (char in ",;:")
        assert (kind == "E") == (char in ".!?")
        assert (kind in " W") == bool(re.match(r"\s", char))
        assert (kind == " ") == (char == " ")
