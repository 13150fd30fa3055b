"""typos._possible_targets picks out in C the words _may_be_target refuses at once (session 9):
the same words as asking it about each."""

from __future__ import annotations

import random

from textfix import lexicon
from textfix.document import Document
from textfix.rules import typos

SEED = 9

TEXT = (
    "The Court's ruling, in 2019, said THE court's clerks don't know. Don't panic: "
    "Teh recieved 42 forms from NASA and Obama\u2019s aides in Washington on 3rd May. "
    "It's \u00b2 and \u0663\u0664 and 12th and Mr. Smith, Ii, I, A and Zz. "
    "Iñtërnâtiônàl caf\u00e9 Caf\u00e9 O'Neill o'clock O'clock Xyzzy xyzzy."
)


def _texts() -> list[str]:
    rng = random.Random(SEED)
    core = sorted(lexicon.core_words())
    words = rng.sample(core, 300)
    texts = [TEXT]
    for _ in range(20):
        picked = rng.sample(words, 40)
        shaped = [
            rng.choice([w, w.capitalize(), w.upper(), w + "'s", w[::-1], str(rng.randrange(99))])
            for w in picked
        ]
        texts.append(" ".join(shaped) + ".")
    return texts


def test_possible_targets_are_those_may_be_target_accepts() -> None:
    core = lexicon.core_words()
    accepted = 0
    for text in _texts():
        analysis = typos.analyse(Document(text, "en"))
        outside = {t for t in set(analysis.texts) if t not in core}
        plain = {t for t in outside if typos._may_be_target(t, core, analysis)}
        assert typos._possible_targets(set(outside), core, analysis) == plain, text
        accepted += len(plain)
    assert accepted > 50
