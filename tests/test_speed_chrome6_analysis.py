"""The analysis's loops that were rewritten give what the plain code gives: the body scores in
one loop, lines between two indices cut out by bisection, and the boilerplate rule asking a
line's zone only when the line holds a phrase."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.document import Document
from textfix.rules.chrome import analysis, boilerplate, repeats
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


def _plain_duplicates(made: Analysis) -> list[tuple[LineInfo, str]]:
    """``repeats._duplicates`` as it was: every neighbour compared as a string."""
    found = []
    infos = made.infos
    headline = made.by_index.get(made.headline) if made.headline is not None else None
    body = made.body
    header_end = body[0] if body is not None else (infos[-1].index + 1 if infos else 0)
    if (
        headline is not None
        and infos
        and infos[0].index != headline.index
        and headline.key in made.title_parts
    ):
        found.append((infos[0], "page title repeating the headline"))
    for position, info in enumerate(infos):
        if info.is_prose or info.index == made.headline:
            continue
        if made.zone(info.index) == "body":
            continue
        for earlier in infos[max(0, position - 3) : position]:
            if len(info.key) > len(earlier.key) and repeats._tagged_copy(info, earlier):
                found.append((info, f"copy of line {earlier.index + 1} with a tag added"))
                break
        else:
            if headline is None or info.index >= header_end or info.index == infos[0].index:
                continue
            if info.letters_words < 4 or made.in_language(info) is not False:
                continue
            if repeats._names(info.text) & repeats._names(headline.text):
                found.append((info, "headline repeated in another language"))
    return found


_TAGGED = [
    "Storm hits the coast",
    "storm hits  the coast",
    "Storm hits the coast - Video",
    "NEWS Storm hits the coast",
    "Storm hits the coast | Daily News | Home",
    "Live: Storm hits the coast",
    "Sturm trifft die Küste",
    "Storm hits",
    "Storm hits the coast today again now",
    "Storm hits coast",
    "Storm hits coast - Video",
    "Video: Storm hits coast",
    "Storm coast",
    "Storm coast update",
]
_TAGGED_PAGES = st.lists(
    st.one_of(st.sampled_from(_TAGGED), st.sampled_from(_SHORT), st.sampled_from(_PROSE)),
    min_size=1,
    max_size=25,
).map(lambda rows: "\n".join(rows) + "\n")


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TAGGED_PAGES, _PAGES))
def test_duplicates_as_before(text: str) -> None:
    made = _fresh(text)
    assert list(repeats._duplicates(made)) == _plain_duplicates(made)


def test_duplicates_finds_a_tagged_copy() -> None:
    text = "Storm hits the coast | Daily News\n\n" + "\n\n".join(_PROSE[:2]) + "\n"
    made = _fresh("Home\nStorm hits the coast\nStorm hits the coast - Video\n\n" + text)
    assert any("tag added" in reason for _info, reason in repeats._duplicates(made))
