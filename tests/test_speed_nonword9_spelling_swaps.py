"""Lexicon.other_spelling skips the swaps when none applies (session 9): the same answers as
trying each one."""

from __future__ import annotations

import random

from textfix import lexicon

SEED = 9


def _plain_other_spelling(lex: lexicon.Lexicon, word: str) -> str | None:
    known = lex.us_to_gb.get(word) or lex.gb_to_us.get(word)
    if known is not None:
        return known
    if lex.frequency(word) <= 0.0:
        return None
    for pattern, replacement in lexicon._SPELLING_SWAPS:
        other = pattern.sub(replacement, word, count=1)
        if other != word and other in lex.core:
            return other
    return None


def _words() -> list[str]:
    rng = random.Random(SEED)
    core = sorted(lexicon.core_words())
    picked = rng.sample(core, 1500)
    # Core words with a letter dropped or doubled: many are seen forms outside the core.
    slips = [w[:i] + w[i + 1 :] for w in picked[:500] for i in (len(w) // 2,)]
    slips += [w[:i] + w[i] + w[i:] for w in picked[500:1000] for i in (len(w) // 2,)]
    crafted = [
        "tunneled", "tunnelled", "traveling", "organizations", "analyzing", "colours",
        "favorite", "centers", "catalogs", "defense", "licences", "archeology", "maneuver",
        "obama", "putin", "kubernetes", "theatre", "fibers", "dialogue", "labor", "humour",
    ]  # fmt: skip
    return [*picked, *slips, *crafted]


def test_other_spelling_as_trying_every_swap() -> None:
    lex = lexicon.lexicon()
    found = 0
    for word in _words():
        plain = _plain_other_spelling(lex, word)
        assert lex.other_spelling(word) == plain, word
        found += plain is not None
    assert found > 30


def test_any_swap_matches_where_some_swap_does() -> None:
    for word in _words():
        some = any(p.search(word) for p, _r in lexicon._SPELLING_SWAPS)
        assert (lexicon._ANY_SPELLING_SWAP.search(word) is not None) == some, word
