"""language._tokens reads texts with characters outside Latin-1 that are no letters (emoji,
arrows, symbols) by the byte table, with the regex's words; _leaders picks as sorting the
(score, code) pairs did."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import language

_PIECES = st.sampled_from(
    [
        *"aZé ß'’‘“-\x01.,;\n\t1ÿµ²?",
        "don't",
        "l’homme",
        "Σσς",
        "İ",
        "x’",
        "’s",
        "😀",
        "❤️",
        "→",
        "★",
        "−",
        "，",
        "。",
        "e\u0301",
        "ł",
        "Żółw",
        "ā",
        "ツ",
        "的",
        "٣",
        "Ⅻ",
        "\ud800",
        "\u200b",
        "🇫🇷",
    ]
)
_TEXTS = st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=60).map("".join))


def _regex_tokens(text: str, limit: int | None = None) -> list[str]:
    """The regex's words of ``text`` (the first ``limit``), lower-cased one by one."""
    words = language._WORD_RE.findall(text)
    return list(map(str.lower, words if limit is None else words[:limit]))


@settings(max_examples=1500, deadline=None)
@given(_TEXTS, st.sampled_from([None, 1, 2, 3, 5, 60]))
def test_tokens_as_the_regex(text: str, limit: int | None) -> None:
    assert language._tokens(text, limit) == _regex_tokens(language.spaced(text), limit)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=50, max_size=200).map("".join), st.sampled_from([2, 3, 5]))
def test_long_texts_cut_at_their_head(text: str, limit: int) -> None:
    assert language._tokens(text, limit) == _regex_tokens(language.spaced(text), limit)


def test_symbols_outside_latin1_take_the_table() -> None:
    assert language._fast_words("Süß 😀 → don’t★stop") == ["süß", "don’t", "stop"]
    assert language._fast_words("l’été ❤️ 'x'") == ["l’été", "x"]
    # A letter outside Latin-1 (or a \x01 beside an apostrophe) is left to the regex.
    assert language._fast_words("Żółw 😀") is None
    assert language._fast_words("a\x01b 'c' 😀") is None
    assert language._tokens("Żółw 😀 idzie") == ["żółw", "idzie"]


_SCORES = st.lists(st.sampled_from([-3.5, 0.0, -0.0, 1.25, 2.0, 7.5, 1e-300]), min_size=1)


@settings(max_examples=500, deadline=None)
@given(_SCORES, st.randoms(use_true_random=False))
def test_leaders_as_sorted_pairs(scores: list[float], random: object) -> None:
    codes = [f"c{n:02d}" for n in range(len(scores))]
    random.shuffle(codes)  # type: ignore[attr-defined]
    ranked = sorted(zip(scores, codes, strict=True), reverse=True)
    runner_up = ranked[1][0] if len(ranked) > 1 else ranked[0][0] - 10.0
    assert language._leaders(scores, tuple(codes)) == (ranked[0][1], ranked[0][0], runner_up)


def test_leaders_break_ties_by_the_highest_code() -> None:
    assert language._leaders([1.0, 3.0, 3.0, 2.0], ("a", "d", "b", "c")) == ("d", 3.0, 3.0)
    assert language._leaders([5.0], ("x",)) == ("x", 5.0, -5.0)
    assert language._leaders([0.0, 1.0], ("b", "a"))[0] == "a"


def test_rows_as_parsed_row_by_row() -> None:
    """_rows cuts a model entry as reading it row by row did, with the mask of its rows."""
    table = language._table()
    checked = 0
    for word, raw in itertools.islice(table.items(), 0, None, 97):
        rows = tuple(
            (int(position), float(boost))
            for position, _, boost in (item.partition(":") for item in raw.split(" "))
        )
        assert language._rows_and_mask(word) == (rows, sum(1 << position for position, _ in rows))
        checked += 1
    assert checked > 10
    assert language._rows_and_mask("\x00not a word") == ((), 0)
