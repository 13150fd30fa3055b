"""typos._gaps_holding finds the gaps of analyse's split that hold a mark from the text's marks
(session 9): the same gaps as testing every one."""

from __future__ import annotations

import random
import re
from itertools import accumulate

from textfix.rules import typos
from textfix.tokens import WORD_RE

SEED = 9
PIECES = ["word", "Name", "x", "42", "e-mail", "-", "--", " - ", "\n", "\n\n", " \n ", ". ", ", "]
PIECES += ["'s", "it's", "\u2014", "\t", "-\n", "\n-", "pre-", "-post", "é", "\u00e9t\u00e9"]


def _texts() -> list[str]:
    rng = random.Random(SEED)
    texts = ["", "-", "\n", "a", "a-b", "a\nb", "\n\na--b\n", "-a-", "a -\n- b"]
    for _ in range(400):
        texts.append("".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 30))))
    return texts


def test_gaps_holding_as_testing_every_gap() -> None:
    for text in _texts():
        parts = re.split(f"({WORD_RE.pattern})", text)
        gaps = parts[0::2]
        offsets = list(accumulate(map(len, parts), initial=0))
        for mark in ("\n", "-"):
            plain = [k for k, gap in enumerate(gaps) if mark in gap]
            assert typos._gaps_holding(text, offsets, mark) == plain, (text, mark)
