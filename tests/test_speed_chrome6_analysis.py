"""The analysis's loops that were rewritten give what the plain code gives: the body scores in
one loop, lines between two indices cut out by bisection, and the boilerplate rule asking a
line's zone only when the line holds a phrase."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.document import Document
from textfix.rules.chrome import analysis, boilerplate
from textfix.rules.chrome.analysis import Analysis, LineInfo
from textfix.rules.chrome.boilerplate import APPLY, KINDS, Match, formula

_PROSE = [
    "The storm hit the coast on Monday night, and thousands of people in the region lost "
    "power for several hours.",
    "Crews worked through the night, and most homes had power again by the afternoon, the "
    "company said in a statement on Tuesday.",
    "Der Sturm traf die Küste am Montagabend, und Tausende Menschen in der Region hatten "
    "stundenlang keinen Strom mehr.",
    "Les équipes ont travaillé toute la nuit, et la plupart des foyers avaient de nouveau "
    "du courant dans l'après-midi.",
    "We use cookies to improve your experience on our site and to show you relevant ads.",
    "Subscribe to our newsletter to get the latest news delivered to your inbox every day.",
    "the sentence goes on over a hard line break and ends here.",
]
_SHORT = [
    "Home",
    "News",
    "Politics",
    "Share this",
    "Share",
    "Related articles",
    "Comments (3)",
    "Kommentare",
    "By Jane Doe",
    "12 March 2024",
    "Source: Reuters",
    "Foto: dpa",
    "Storm hits the coast",
    "Daily News | Home",
    "Read more",
    "200 g flour",
    "2 tbsp oil",
    "Next page »",
    "Events",
    "Folge uns auf Instagram",
]
_PAGES = st.lists(
    st.one_of(st.sampled_from(_PROSE), st.sampled_from(_SHORT), st.just("")),
    min_size=1,
    max_size=30,
).map(lambda rows: "\n".join(rows) + "\n")


def _fresh(text: str) -> Analysis:
    return analysis._analyse.__wrapped__(Document(text))


@settings(max_examples=300, deadline=None)
@given(_PAGES)
def test_scores_as_line_score(text: str) -> None:
    made = _fresh(text)
    assert made._scores() == [made._score(info) for info in made.infos]


@settings(max_examples=300, deadline=None)
@given(_PAGES, st.integers(-2, 40), st.integers(-2, 40))
def test_between_as_the_filter(text: str, first: int, last: int) -> None:
    made = _fresh(text)
    expected = [i for i in made.infos if first <= i.index <= last]
    assert made.between(first, last) == expected


def _plain_best(info: LineInfo, made: Analysis) -> tuple[float, Match] | None:
    """``boilerplate._best`` as it was: the zone first, for every line."""
    zone = made.zone(info.index)
    if zone == "body" and info.index in made.late and not info.is_sentence:
        zone = "late"
    best: tuple[float, Match] | None = None
    found = boilerplate._line_matches(info.text)
    for match in found:
        if match.kind not in KINDS:
            continue
        score = boilerplate._confidence(match, info, zone)
        if best is None or score > best[0]:
            best = (score, match)
    if found and (best is None or best[0] < APPLY):
        extra = formula(info.text)
        if extra is not None and extra.kind in KINDS:
            score = boilerplate._confidence(extra, info, zone)
            if best is None or score > best[0]:
                best = (score, extra)
    return best


@settings(max_examples=300, deadline=None)
@given(_PAGES)
def test_boilerplate_best_as_before(text: str) -> None:
    made = _fresh(text)
    for info in made.infos:
        assert boilerplate._best(info, made) == _plain_best(info, made)


@settings(max_examples=200, deadline=None)
@given(_PAGES)
def test_the_body_as_before(text: str) -> None:
    """body, closing, prose_above and substantial read the lines of a span as the filter
    over every line did."""
    made = _fresh(text)
    span = made.best_span
    if span is None:
        assert made.body is None and not made.substantial
        return
    body = made.body
    assert body is not None
    inside = [i for i in made.infos if body[0] <= i.index <= body[1]]
    assert [info for info, _seen in made.prose_above[0]] == inside
    assert made.prose_above[1] == sum(i.words for i in inside if i.is_prose)
