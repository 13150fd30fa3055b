"""The trimmed rankings of session 10: softmax's first ``keep`` options, and typos._rank's
ranking from spelling.nonword_options (with the capitalised bonus) against rank_nonword and
_favour_typed."""

from __future__ import annotations

import random

import pytest

from textfix import lexicon, spelling
from textfix.rules import typos

SEED = 10


def _options(rng: random.Random) -> list[tuple[str, float]]:
    count = rng.randrange(0, 30)
    # Ties on purpose: scores from a few values.
    return [
        (f"w{i}", rng.choice([-3.5, -1.25, 0.0, 0.5, 2.0, rng.uniform(-5, 5)]))
        for i in range(count)
    ]


@pytest.mark.parametrize("keep", [0, 1, 4, 100])
def test_softmax_keeps_the_first_of_the_full_ranking(keep: int) -> None:
    rng = random.Random(SEED)
    for _ in range(300):
        options = _options(rng)
        assert spelling.softmax(options, keep) == spelling.softmax(options)[:keep]


def test_ranked_options_in_the_softmax_order() -> None:
    rng = random.Random(SEED + 1)
    for _ in range(300):
        options = _options(rng)
        ranked = spelling.softmax(options)
        assert spelling.ranked_options(options) == [(s.word, s.score) for s in ranked]


def test_bonus_on_the_options_as_favour_typed() -> None:
    lex = lexicon.lexicon()
    rng = random.Random(SEED + 2)
    core = sorted(lexicon.core_words())
    typed = [w[:-1] + "q" for w in rng.sample(core, 40) if len(w) > 3]
    for word in [*typed, "recieved", "teh", "wellcome"]:
        for bonus in (0.0, typos.CAPITALISED_PRIOR, typos.CAPITALISED_PRIOR + typos.NAME_PRIOR):
            options = spelling.nonword_options(word, "the", None, lex=lex)
            full = typos._favour_typed(
                spelling.rank_nonword(word, "the", None, lex=lex), word, bonus
            )
            bonused = typos._with_bonus(spelling.ranked_options(options), word, bonus)
            assert spelling.softmax(bonused) == full, word
            assert typos._pools_words(bonused, lex) == typos._pools(full, lex), word


def test_regular_forms_kept_as_computed() -> None:
    lex = lexicon.lexicon()
    words = ["lockdowns", "tunneled", "archeologist", "familys", "withs", "colour", "zzqx"]
    words += [w + "s" for w in sorted(lexicon.core_words())[:200:7]]
    for variant in ("any", "en-US", "en-GB"):
        typos._REGULAR_FORMS.clear()
        for word in [*words, *words]:  # the second time from the cache
            plain = lex.plural_of(word) is not None or (
                variant == "any" and lex.other_spelling(word) is not None
            )
            assert typos._regular_form(lex, word, variant) == plain, (word, variant)
    assert typos._regular_form(lex, "tunneled", "any")


def test_contexts_counted_at_the_first_look() -> None:
    from textfix.document import Document

    text = "The teh cat sat. A teh dog ran and the teh bird flew. Then wrold ended."
    analysis = typos.analyse(Document(text))
    words = {"teh", "wrold"}
    uses = typos._Contexts(analysis, words)
    assert not uses  # nothing counted yet
    assert uses["teh"] == typos._contexts(analysis, words)["teh"] == 3
    assert dict(uses) == typos._contexts(analysis, words)
    with pytest.raises(KeyError):
        uses["cat"]
