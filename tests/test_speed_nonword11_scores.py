"""spelling._candidate_scores's loop made in C (session 11) against the plain loop: the same
floats, bit for bit, with and without a document, neighbours and counted candidates."""

from __future__ import annotations

import pytest

from tests.speedup_paths import compiled_and_plain, needs_compiled
from tests.typo_cases import slip_cases
from textfix import lexicon, speedups, spelling
from textfix.document import Document
from textfix.rules import typos

COMPILED = speedups.compiled

SEED = 20261211


def _both(*args: object) -> tuple[list[float], list[float]]:
    return compiled_and_plain(lambda: spelling._candidate_scores(*args))  # type: ignore[arg-type]


def _cases(count: int) -> list[tuple[str, str | None, str | None, str]]:
    return slip_cases(
        count, SEED, shortest=3, contexts=("the", "of", "a", "new", "was", "and", "", None)
    )


@needs_compiled
@pytest.mark.parametrize("cleared", [False, True])
def test_compiled_scores_are_the_plain_ones(cleared: bool) -> None:
    lex = lexicon.lexicon()
    compared = 0
    for typed, prev, nxt, text in _cases(150):
        analysis = typos.analyse(Document(text))
        model = typos._document_model(analysis, {}, typos._written_pairs(analysis))
        around = spelling.with_siblings(analysis.lowers)
        reads: list[set[str]] = []
        typos._ranking_key(lex, typed, prev, nxt, 0.0, model, around, reads)
        near, _far = spelling._split_candidates(lex, typed, 2)
        shortlist = spelling._shortlist(lex, typed, 2, model)
        rivals = spelling._rivalled(lex, near)
        for document, counted in ((model, reads[0]), (model, None), (None, None)):
            if cleared:
                spelling._lift_cache(lex).clear()  # the lifts come from the callback
            fast, plain = _both(
                lex, typed, shortlist, len(near), prev, nxt, document, rivals, counted
            )
            assert [x.hex() for x in fast] == [x.hex() for x in plain], (typed, prev, nxt, text)
            compared += len(fast)
    assert compared > 1000


@needs_compiled
def test_compiled_scores_of_nothing_and_errors() -> None:
    lex = lexicon.lexicon()
    assert _both(lex, "xq", [], 0, None, None, None, False, None) == ([], [])
    assert COMPILED is not None
    with pytest.raises(TypeError):
        COMPILED.candidate_scores(
            "teh",
            ["the"],
            1,
            None,
            None,
            {"the": "x"},
            lex,
            {},
            spelling._stored_lift,
            spelling.channel_cost,
            spelling.sound_key,
            "t",
            0.25,
            None,
            None,
            (1.0, 1.0, 0.7),
        )
