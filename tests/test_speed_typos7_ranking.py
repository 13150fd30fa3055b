"""The non-word ranking of session 7 reads the document terms of the counted candidates only.

typos._rank hands spelling.typed_stays_first and spelling.rank_nonword the candidates the
article may count (those in the words it writes, with their -s siblings: typos._ranking_key's
``reads``). The others' document terms are 0.0 and are not looked up, and once a two-edit
candidate outside them is bounded below the typed form, typed_stays_first looks at the counted
ones only among those after it. The plain reference is the same call without ``counted`` (the
code as it was: every candidate's terms looked up). No timings here.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.typo_cases import slip, slip_cases
from textfix import Settings, fix_text, lexicon, spelling
from textfix.document import Document
from textfix.rules import typos

SEED = 20261208


def _cases(count: int) -> list[tuple[str, str | None, str | None, str]]:
    return slip_cases(count, SEED)


def _model_and_counted(
    lex: lexicon.Lexicon, typed: str, prev: str | None, nxt: str | None, text: str
) -> tuple[spelling.DocumentModel, set[str]]:
    """The article's model as typos.nonword builds it, and the candidates typos._rank hands
    the ranking as counted."""
    analysis = typos.analyse(Document(text))
    model = typos._document_model(analysis, {}, typos._written_pairs(analysis))
    around = spelling.with_siblings(analysis.lowers)
    reads: list[set[str]] = []
    typos._ranking_key(lex, typed, prev, nxt, 0.0, model, around, reads)
    return model, reads[0]


def test_counted_candidates_rank_as_all_looked_up() -> None:
    lex = lexicon.preload()
    cases = _cases(300)
    counted_in_ranking = 0
    for typed, prev, nxt, text in cases:
        model, counted = _model_and_counted(lex, typed, prev, nxt, text)
        fast = spelling.rank_nonword(typed, prev, nxt, model, lex=lex, counted=counted)
        plain = spelling.rank_nonword(typed, prev, nxt, model, lex=lex)
        assert fast == plain, (typed, prev, nxt, text)
        counted_in_ranking += any(item.word in counted for item in fast)
    assert counted_in_ranking > 100  # the article's counts were read where they matter


def test_typed_stays_first_with_counted_decides_as_all_looked_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lex = lexicon.preload()
    looked = [0]
    plain_terms = spelling._document_terms

    def counting(*args: Any) -> tuple[float, float]:
        looked[0] += 1
        return plain_terms(*args)

    monkeypatch.setattr(spelling, "_document_terms", counting)
    outcomes = {True: 0, False: 0}
    spared = 0
    # Without neighbours the bounds are tight (no context to allow for): the candidates
    # passed over must be exactly those that cannot reach the typed form.
    cases = _cases(150)
    cases += [(typed, None, None, text) for typed, _prev, _nxt, text in _cases(300)]
    for typed, prev, nxt, text in cases:
        model, counted = _model_and_counted(lex, typed, prev, nxt, text)
        # Bonuses from far below to far above the candidates' scores: the answer turns from
        # False to True somewhere, where the bounds decide.
        for bonus in [b / 8 for b in range(-32, 80)]:
            for groups in (None, lex.gb_to_us):
                looked[0] = 0
                fast = spelling.typed_stays_first(
                    typed, prev, nxt, model, bonus, lex=lex, groups=groups, counted=counted
                )
                fewer = looked[0]
                looked[0] = 0
                plain = spelling.typed_stays_first(
                    typed, prev, nxt, model, bonus, lex=lex, groups=groups
                )
                assert fast == plain, (typed, prev, nxt, text, bonus)
                outcomes[fast] += 1
                spared += fewer < looked[0]
    assert outcomes[True] > 1000 and outcomes[False] > 1000
    assert spared > 1000  # the counted candidates spared lookups


def test_nonword_rule_with_counted_candidates_gives_the_same_edits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rule end to end: with typos._ranking_key's reads left unfilled (every candidate's
    terms looked up, as before), the same edits."""
    lexicon.preload()
    settings = Settings(select=("typos",), language="en")
    rng = random.Random(SEED + 1)
    core = sorted(w for w in lexicon.core_words() if w.isalpha() and len(w) > 3)
    texts = []
    for _ in range(60):
        words = rng.sample(core, 12)
        slipped = [slip(rng, w) if rng.random() < 0.3 else w for w in words]
        texts.append(" ".join(words) + ". " + " ".join(slipped) + ".")

    def outputs() -> list[tuple[str, object]]:
        typos._RANKINGS.clear()
        return [(r.text, r.edits) for r in (fix_text(t, settings) for t in texts)]

    fast = outputs()
    assert sum(len(edits) for _text, edits in fast) > 20
    plain_key = typos._ranking_key
    monkeypatch.setattr(typos, "_ranking_key", lambda *args: plain_key(*args[:7]))
    assert outputs() == fast
