"""Equivalence checks for the candidate groups the non-word ranking reads (session 9)."""

from __future__ import annotations

import random

from tests.test_speed_typos_equivalence import _plain_candidates
from textfix import lexicon, spelling

SEED = 9


def _plain_groups(word: str, max_distance: int) -> tuple[tuple[str, ...], ...]:
    """Every core word within ``max_distance``, by distance, each group sorted: the plain
    candidates (whole buckets, deduplicated before rapidfuzz) told apart by distance."""
    found = _plain_candidates(word, max_distance)
    return tuple(
        tuple(other for other, distance in found if distance == wanted)
        for wanted in range(max_distance + 1)
    )


def _words() -> list[str]:
    rng = random.Random(SEED)
    core = sorted(lexicon.core_words())
    picked = rng.sample(core, 60)
    slips = []
    for word in picked:
        at = rng.randrange(len(word))
        slips.append(word[:at] + word[at + 1 :])  # a dropped letter
        slips.append(word[:at] + rng.choice("etaoinsr") + word[at:])  # an extra one
    return [*picked, *slips, "a", "zz", "qwxyzzyq", "recieved", "wellcome", "teh"]


def test_candidate_groups_are_the_plain_groups() -> None:
    for word in _words():
        for distance in (1, 2):
            assert lexicon.candidate_groups(word, distance) == _plain_groups(word, distance), word


def test_candidates_list_the_groups_in_order() -> None:
    lex = lexicon.lexicon()
    for word in _words():
        groups = lexicon.candidate_groups(word, 2)
        pairs = [(other, d) for d, group in enumerate(groups) for other in group]
        assert lex.candidates(word, 2) == pairs, word


def test_split_candidates_from_the_groups() -> None:
    lex = lexicon.lexicon()
    for word in _words():
        spelling._SPLIT_CACHE.clear()
        found = lex.candidates(word, 2)
        near, far = spelling._split_candidates(lex, word, 2)
        assert near == tuple(w for w, d in found if d <= 1), word
        plain_far = sorted((w for w, d in found if d > 1), key=lex.frequency, reverse=True)
        assert far == tuple(plain_far), word
