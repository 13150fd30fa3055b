"""The analysis's signals read by map and bisection give what the plain loops give: line
indices, key counts and the headline."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.document import Document
from textfix.rules.chrome import analysis
from textfix.rules.chrome.analysis import Analysis


def _plain_headline(an: Analysis) -> int | None:
    """``Analysis.headline`` as it was: the lines above the body picked by a loop."""
    body = an.body
    limit = body[0] if body is not None else (an.infos[-1].index + 1 if an.infos else 0)
    candidates = [i for i in an.infos if i.index < limit and an._headline_shaped(i)]
    titled = [
        i for i in candidates[1:] if i.key in an.title_parts and an.in_language(i) is not False
    ]
    if titled:
        return titled[0].index
    above = [i.index for i in an.infos if i.index < limit][-analysis._HEADLINE_REACH :]
    first = an.infos[0].index if an.infos else -1
    above_keys = Counter(i.key for i in an.infos if i.index < limit)
    counts = Counter(info.key for info in an.infos)
    for info in candidates:
        if above_keys[info.key] > 1:
            continue
        if info.index != first and (info.index not in above or counts[info.key] > 1):
            continue
        if an.in_language(info) is not False:
            return info.index
    return None


_LINES = [
    "Home",
    "News | Politics",
    "Storm floods the coast",
    "Storm floods the coast",
    "By Jane Doe",
    "Share this",
    "",
    "The storm hit the coast on Monday night, and thousands of homes lost power for hours.",
    "Crews worked through the night to restore it, the company said on Tuesday morning.",
    "Der Sturm traf am Montag die Küste, und Tausende Haushalte waren stundenlang ohne Strom.",
    "Related articles",
    "Comments (3)",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=16).map("\n".join))
def test_headline_counts_and_indices_as_the_loops(text: str) -> None:
    an = analysis._analyse.__wrapped__(Document(text))
    assert an._indices == [info.index for info in an.infos]
    assert an.counts == Counter(info.key for info in an.infos)
    assert list(an.counts) == list(Counter(info.key for info in an.infos))
    assert an.headline == _plain_headline(an)
