"""The real-word chooser of session 7 decides exactly as the plain ranking it stands for.

The chooser leaves out the channel cost and the softmax when no candidate can lead the typed
word by what the confidence asks (its score bounded with the channel cost at its floor). The
plain reference ranks every candidate in full (spelling.rank_realword_among) and applies the
confidence test; the tests compare the two and check that the comparison reached both the
triples the bound settles and those it leaves to the full ranking. No timings here.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.typo_cases import CONFUSABLE_WORDS, word_triples
from textfix import lexicon, spelling
from textfix.rules import typos

SEED = 20261206

TEXTS = [
    "contributing to out shared security, they went too the market and than left.",
    "He said an served dish was form the kitchen. Their was no one their.",
    "Then the trade talks ended. An hour later, the plants were provided with water.",
    "We went to there house. Is was late, and the the dog barked at are door.",
    "I want too go their. Where were you? We where there, then they left form here.",
    "She new the answer. He through the ball. It's a pore result; four the record.",
    "The government said on Monday that it would not raise taxes this year, as planned.",
    "Most of the people who live in the city work in offices or shops near the river.",
    "In the first half of the season the team won six of its eight games at home.",
]

_WORDS = CONFUSABLE_WORDS


def _plain(
    lex: lexicon.Lexicon,
    typed: str,
    prev: str | None,
    nxt: str | None,
    misfit: float,
    candidates: tuple[str, ...],
    min_confidence: float,
) -> spelling.Scored | None:
    """The decision as typos._find_realword_choice makes it, for any confidence."""
    if not candidates:
        return None
    if (
        not misfit
        and prev is not None
        and nxt is not None
        and spelling.pair_count(lex, prev, typed)
        and spelling.pair_count(lex, typed, nxt)
    ):
        return None
    ranked = spelling.rank_realword_among(lex, typed, prev, nxt, misfit, candidates)
    if not ranked:
        return None
    best = ranked[0]
    if best.word == typed or best.probability < min_confidence:
        return None
    return best


def _triples() -> list[tuple[str, str | None, str | None, float]]:
    rng = random.Random(SEED)
    texts = list(TEXTS)
    for _ in range(300):
        texts.append(" ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 30))))
    return word_triples(texts)


def _counting_rival_scores(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the chooser's full rankings (each scores its rivals with _rival_score)."""
    calls = [0]
    plain = spelling._rival_score

    def counted(*args: object) -> float:
        calls[0] += 1
        return plain(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(spelling, "_rival_score", counted)
    return calls


@pytest.mark.parametrize("min_confidence", [typos.REALWORD_MIN_CONFIDENCE, 0.5, 0.99, 0.0, 1.0])
def test_chooser_decides_as_the_full_ranking(
    monkeypatch: pytest.MonkeyPatch, min_confidence: float
) -> None:
    lex = lexicon.preload()
    scored = _counting_rival_scores(monkeypatch)
    choose = spelling.realword_chooser(lex)
    assert choose is not None
    fitting = settled = decided = 0
    for typed, prev, nxt, misfit in _triples():
        candidates = spelling.realword_candidates(lex, typed)
        before = scored[0]
        fast = choose(typed, prev, nxt, misfit, candidates, min_confidence)
        ranked_in_full = scored[0] > before
        plain = _plain(lex, typed, prev, nxt, misfit, candidates, min_confidence)
        assert fast == plain, (typed, prev, nxt, misfit)
        decided += fast is not None
        attested = (
            not misfit
            and prev is not None
            and nxt is not None
            and spelling.pair_count(lex, prev, typed)
            and spelling.pair_count(lex, typed, nxt)
        )
        ranking = spelling.rank_realword_among(lex, typed, prev, nxt, misfit, candidates)
        if ranking and not attested:
            # Some rival fits: the bound settled it, or the chooser ranked in full.
            fitting += 1
            settled += not ranked_in_full
    assert decided > 5 or min_confidence >= 1.0  # a rival never takes all the probability
    assert fitting > 50
    if 0.0 < min_confidence < 1.0:
        assert settled > 20  # the bound left the full ranking out
        assert fitting - settled > 5  # ... and not always
    else:
        assert settled == 0  # no bound outside (0, 1)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(_WORDS),
    st.one_of(st.none(), st.sampled_from(_WORDS)),
    st.one_of(st.none(), st.sampled_from(_WORDS)),
    st.sampled_from([0.0, typos.ARTICLE_MISFIT, 0.7]),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_chooser_decides_as_the_full_ranking_anywhere(
    typed: str, prev: str | None, nxt: str | None, misfit: float, min_confidence: float
) -> None:
    lex = lexicon.preload()
    choose = spelling.realword_chooser(lex)
    assert choose is not None
    candidates = spelling.realword_candidates(lex, typed)
    fast = choose(typed, prev, nxt, misfit, candidates, min_confidence)
    assert fast == _plain(lex, typed, prev, nxt, misfit, candidates, min_confidence)


def test_chooser_with_the_sides_read_decides_as_without() -> None:
    """The real-word rule reads the typed word's pairs with its neighbours itself (to pass
    over the words both attest) and hands them to the chooser: the same decision as the
    chooser reading them."""
    lex = lexicon.preload()
    choose = spelling.realword_chooser(lex)
    assert choose is not None
    bigrams = getattr(lex.bigrams, "loaded", None)
    assert bigrams is not None
    decided = attested = 0
    for typed, prev, nxt, misfit in _triples():
        if prev is None or nxt is None:
            continue
        candidates = spelling.realword_candidates(lex, typed)
        sides = (bigrams.get(f"{prev} {typed}"), bigrams.get(f"{typed} {nxt}"))
        fast = choose(typed, prev, nxt, misfit, candidates, typos.REALWORD_MIN_CONFIDENCE, sides)
        plain = choose(typed, prev, nxt, misfit, candidates, typos.REALWORD_MIN_CONFIDENCE)
        assert fast == plain, (typed, prev, nxt, misfit)
        decided += fast is not None
        attested += bool(sides[0] and sides[1])
    assert decided > 5 and attested > 100
