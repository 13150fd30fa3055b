"""spelling.channel_cost with the delete cost read in place: the same costs as the plain
alignment (tests/test_speed_typos_equivalence.py), on words with doubled letters, in the
order that lets each alignment reuse the rows of the word before it."""

from __future__ import annotations

import pytest

from tests.test_speed_typos_equivalence import _plain_channel_cost
from textfix import spelling

MEANT = sorted(
    [
        "accommodate",
        "accomodate",
        "address",
        "adress",
        "bookkeeper",
        "committee",
        "commitee",
        "aa",
        "aab",
        "aabb",
        "baa",
        "letter",
        "lettre",
        "setter",
        "settle",
        "ll",
        "l",
    ]
)


@pytest.mark.parametrize("typed", ["acommodate", "adddress", "bokeeper", "comitte", "leter", "a"])
def test_channel_cost_matches_plain(typed: str) -> None:
    spelling.channel_cost.cache_clear()
    for meant in MEANT:
        assert spelling.channel_cost(typed, meant) == _plain_channel_cost(typed, meant)
