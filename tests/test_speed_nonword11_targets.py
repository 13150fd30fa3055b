"""typos._possible_targets keeps its tests on a word's form across documents (session 11):
the same words as asking _may_be_target about each, whatever the cache held before, and
the rule gives the same outputs when every word outside the core is looked at."""

from __future__ import annotations

import random

import pytest

from textfix import Settings, fix_text, lexicon
from textfix.document import Document
from textfix.rules import typos

SEED = 11

TEXT = (
    "The Court's ruling, in 2019, said THE court's clerks don't know. Don't panic: "
    "Teh recieved 42 forms from NASA and Obama\u2019s aides in Washington on 3rd May. "
    "It's \u00b2 and \u0663\u0664 and 12th and Mr. Smith, Ii, I, A and Zz. "
    "Iñtërnâtiônàl caf\u00e9 Caf\u00e9 O'Neill o'clock O'clock Xyzzy xyzzy \u00c9cole. "
    "Smiht met Smiht; the smiht Wiht care and Wiht."
)


def _texts(count: int) -> list[str]:
    rng = random.Random(SEED)
    words = [*rng.sample(sorted(lexicon.core_words()), 200), "Smiht", "Xyzzy", "Wiht", "teh"]
    texts = [TEXT]
    for _ in range(count):
        picked = rng.sample(words, 40)
        shaped = [
            rng.choice([w, w.capitalize(), w.upper(), w + "'s", w[::-1], str(rng.randrange(99))])
            for w in picked
        ]
        texts.append(" ".join(shaped) + ". " + " ".join(rng.sample(shaped, 10)) + ".")
    return texts


@pytest.mark.parametrize("fresh", [True, False])
def test_possible_targets_with_kept_forms(fresh: bool) -> None:
    core = lexicon.core_words()
    for text in _texts(30) * 2:  # the second time round, every form is kept already
        if fresh:
            typos._TARGET_FORMS.clear()
        analysis = typos.analyse(Document(text, "en"))
        outside = {t for t in set(analysis.texts) if t not in core}
        plain = {t for t in outside if typos._may_be_target(t, core, analysis)}
        assert typos._possible_targets(set(outside), core, analysis) == plain, text


def test_form_keys_table() -> None:
    core = lexicon.core_words()
    cases = {
        "The": None,  # a core word with a capital
        "42": None,
        "NASA": None,
        "Smiht": ("smiht", "smiht"),
        "smiht": ("smiht", None),
        "Smiht's": ("smiht", None),
        "Court's": ("court", None),
        "don't": None,
        "\u00c9cole": None,  # no ASCII form for either test
        "Xy": ("xy", None),
    }
    for text, keys in cases.items():
        assert typos._form_keys(text, core) == keys, text


def test_nonword_rule_looking_at_every_word_gives_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lexicon.preload()
    settings = Settings(select=("typos",), language="en")
    texts = _texts(8)

    def outputs() -> list[object]:
        typos._RANKINGS.clear()
        found = []
        for text in texts:
            fixed = fix_text(text, settings)
            found.append((fixed.text, [(e.span, e.replacement) for e in fixed.edits]))
        return found

    fast = outputs()
    monkeypatch.setattr(typos, "_possible_targets", lambda outside, core, analysis: outside)
    assert outputs() == fast
