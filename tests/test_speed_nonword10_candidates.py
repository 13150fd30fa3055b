"""The compiled candidate_groups (session 10) against the plain search: the deletes, bucket
reading, optimal string alignment (bit-parallel up to 64 letters, by table beyond), grouping
and spelling order, and the far candidates by the index's frequency ranks, on words of every
length and alphabet."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.speedup_paths import compiled_and_plain, needs_compiled
from textfix import lexicon, spelling

SEED = 10


def _both(word: str, max_distance: int) -> tuple[object, object]:
    return compiled_and_plain(lambda: lexicon.candidate_groups(word, max_distance))


def _typed() -> list[str]:
    rng = random.Random(SEED)
    core = sorted(lexicon.core_words())
    words = rng.sample(core, 80)
    slips = []
    for word in words:
        at = rng.randrange(len(word) + 1)
        slips.append(word[:at] + rng.choice("aeinrstüé") + word[at + 1 :])
        if len(word) > 2:
            at = rng.randrange(len(word) - 1)
            slips.append(word[:at] + word[at + 1] + word[at] + word[at + 2 :])  # swapped
    accented = [w for w in core if not w.isascii()][:20]
    long_words = ["antidisestablishmentarianism" * 3, "a" * 64, "b" * 65, "ab" * 40]
    odd = ["", "a", "é", "ß", "zz", "teh", "wellcome", "te\udcffst"]  # a lone surrogate too
    return [*words, *slips, *accented, *long_words, *odd]


@needs_compiled
@pytest.mark.parametrize("max_distance", [0, 1, 2, 3])
def test_compiled_groups_equal_the_plain_search(max_distance: int) -> None:
    for word in _typed():
        fast, plain = _both(word, max_distance)
        assert fast == plain, word


@needs_compiled
def test_the_groups_are_distinct_and_in_spelling_order() -> None:
    for word in _typed():
        for group in lexicon.candidate_groups(word, 2):
            assert list(group) == sorted(set(group)), word


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="acdeilnorstuéüßж'-", min_size=0, max_size=70))
def test_compiled_groups_on_any_text(word: str) -> None:
    fast, plain = _both(word, 2)
    assert fast == plain


def _split_both(word: str, max_distance: int) -> tuple[object, object]:
    lex = lexicon.lexicon()
    return compiled_and_plain(
        lambda: spelling._split_candidates(lex, word, max_distance), spelling._SPLIT_CACHE.clear
    )


@needs_compiled
@pytest.mark.parametrize("max_distance", [0, 1, 2, 3])
def test_far_candidates_by_the_index_ranks_as_by_frequency(max_distance: int) -> None:
    for word in _typed():
        fast, plain = _split_both(word, max_distance)
        assert fast == plain, word


def test_frequency_ranks_order_as_the_frequencies() -> None:
    zipf = {"a": 7.5, "b": 3.25, "c": 3.25, "d": 1.0, "e": 5.0}
    ranks = lexicon._frequency_ranks(sorted(zipf), zipf)
    assert ranks == {"a": 0, "e": 1, "b": 2, "c": 2, "d": 3}


@pytest.mark.parametrize("top", [0, 1, 63, 64, 4095, 4096, 300_000])
def test_bucket_ranks_read_back(top: int) -> None:
    words = ["dog", "cat", "horse", "ox", "mouse"]
    ranks = dict(zip(words, [top, 0, top // 2, 5, top], strict=True))
    value = lexicon._bucket_value(words, ranks)
    head, _, listed = value.partition("|")
    assert "\t" not in value and "\n" not in value and "|" not in head
    assert lexicon._length_window(value, 0, 9) == listed
    assert value.endswith("|ox dog cat horse mouse")
    low, starts, coded = head.split(";", 2)
    assert [low, starts] == lexicon._bucket_value(words).partition("|")[0].split(";")
    width = int(coded[0])
    read = [
        sum(
            (ord(c) - ord("0")) << (6 * (width - 1 - i))
            for i, c in enumerate(coded[at : at + width])
        )
        for at in range(1, len(coded), width)
    ]
    assert read == [ranks[word] for word in listed.split(" ")]


def _seen_both(word: str) -> tuple[set[str], set[str]]:
    return compiled_and_plain(lambda: lexicon.seen_one_edit(word))


@needs_compiled
def test_compiled_seen_one_edit_equals_the_plain_search() -> None:
    rng = random.Random(SEED + 3)
    core = sorted(w for w in lexicon.core_words() if len(w) >= 8 and w.isalpha() and w.isascii())
    typed = []
    for word in rng.sample(core, 150):
        at = rng.randrange(len(word))
        typed += [
            word,
            word[:at] + rng.choice("aeinrst") + word[at + 1 :],
            word[:at] + word[at + 1 :],
        ]
        typed.append(word[:at] + rng.choice("aeinrst") + word[at:])
    hits = 0
    for word in [*typed, "a" * 70, "abcdefghij" * 7]:
        fast, plain = _seen_both(word)
        assert fast == plain, word
        hits += len(fast)
    assert hits > 20
