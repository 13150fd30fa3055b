"""The chrome rules whose loops were rewritten propose what the plain loops propose, edit for
edit and in order: lines outside the body walked by their positions instead of asking each
line's zone, lines a test rejects at once left out before the test is asked, reasons made
once per rule or run, repeated lines found from the counts. The plain loops are kept here as
oracles, as they were before."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_speed_chrome6_analysis import _PROSE, _SHORT, _TAGGED
from textfix.document import Document
from textfix.model import Edit
from textfix.rules import REGISTRY, Context
from textfix.rules.chrome import (
    analysis,
    authors,
    boilerplate,
    comments,
    common,
    credits,
    foreign,
    menus,
    metalines,
    repeats,
    tail,
    widgets,
)
from textfix.rules.chrome.analysis import Analysis, analyse, end_marker
from textfix.rules.chrome.common import APPLY, LIKELY, SUGGEST, SURE, quote, remove
from textfix.rules.chrome.phrases import matches
from textfix.settings import Settings


def _plain_repeated(made: Analysis) -> Iterator[Edit]:
    if not made.substantial:
        return
    kept_copies = _plain_last_of_adjacent_copies(made)
    for info in made.infos:
        count = made.counts[info.key]
        if info.index in kept_copies:
            continue
        if count < 2 or info.is_prose or info.is_sentence or info.letters_words == 0:
            continue
        if info.words > repeats._MAX_BANNER_WORDS:
            continue
        if info.index == made.headline:
            continue
        reason = f"line repeated {count} times {quote(info.text)}"
        if made.zone(info.index) != "body":
            yield remove(info, "chrome.repeated", LIKELY, reason)
        elif " | " in info.text:
            yield remove(info, "chrome.repeated", APPLY, reason)


def _plain_last_of_adjacent_copies(made: Analysis) -> set[int]:
    positions: dict[str, list[int]] = {}
    for position, info in enumerate(made.infos):
        if made.counts[info.key] > 1:
            positions.setdefault(info.key, []).append(position)
    kept = set()
    for places in positions.values():
        if all(later == earlier + 1 for earlier, later in itertools.pairwise(places)):
            kept.add(made.infos[places[-1]].index)
    return kept


def _plain_foreign_language(made: Analysis) -> Iterator[Edit]:
    if made.language is None or not made.substantial:
        return
    for info in made.infos:
        if info.letters_words < foreign._MIN_WORDS or info.index == made.headline:
            continue
        zone = made.zone(info.index)
        if zone == "body":
            continue
        if zone == "lead" and foreign._lead_paragraph(info):
            continue
        if made.in_language(info) is not False:
            continue
        guess = made.line_language(info)
        yield remove(
            info,
            "chrome.foreign-language",
            LIKELY,
            f"line in {guess.code}, article in {made.language}",
        )


def _plain_lines_where(
    made: Analysis, test: Callable[[analysis.LineInfo], bool], rule: str, label: str
) -> Iterator[Edit]:
    for info in made.infos:
        if info.index == made.headline or not test(info):
            continue
        confidence = common.APPLY if made.zone(info.index) == "body" else LIKELY
        yield remove(info, rule, confidence, f"{label} {quote(info.text)}")


def _plain_meta_line(made: Analysis) -> Iterator[Edit]:
    return _plain_lines_where(made, metalines.is_meta_line, "chrome.meta-line", "meta line")


def _plain_link_arrow(made: Analysis) -> Iterator[Edit]:
    return _plain_lines_where(made, menus.arrow_link, "chrome.link-arrow", "link arrow")


def _plain_link_list(made: Analysis) -> Iterator[Edit]:
    for group in made.run_groups:
        if len(group) < menus.MIN_RUN or group[0] in made.quantity_lists:
            continue
        infos = [made.by_index[i] for i in group if i != made.headline]
        outside = [i for i in infos if made.zone(i.index) in ("header", "footer", "none")]
        if not made.substantial and len(group) < menus._LONG_RUN:
            outside = []
        inside = [i for i in infos if made.zone(i.index) in ("lead", "body")]
        reason = f"run of {len(group)} short link-like lines"
        for info in outside:
            yield remove(info, "chrome.link-list", LIKELY, reason)
        known = sum(1 for info in inside if matches(info.text))
        if inside and known >= menus._BODY_PHRASE_SHARE * len(inside):
            for info in inside:
                yield remove(info, "chrome.link-list", LIKELY, reason + " of menu words")


def _plain_source(made: Analysis) -> Iterator[Edit]:
    sources = frozenset(
        value
        for info in made.infos
        if info.words <= credits._MAX_CREDIT_WORDS and (value := credits.source_value(info.text))
    )
    for info in made.infos:
        found = credits.credit_confidence(info, made, sources)
        if found is not None:
            confidence, reason = found
            yield remove(info, "chrome.source", confidence, f"{reason} {quote(info.text)}")


def _plain_byline(made: Analysis) -> Iterator[Edit]:
    for info in made.infos:
        confidence = credits.byline_confidence(info, made)
        if confidence is not None:
            yield remove(info, "chrome.byline", confidence, f"byline {quote(info.text)}")


def _plain_dateline(made: Analysis) -> Iterator[Edit]:
    for info in made.infos:
        if info.words <= 10 and common.has_digit(info.text) and credits.is_dateline(info.text):
            confidence = LIKELY if made.zone(info.index) != "body" else APPLY
            yield remove(info, "chrome.dateline", confidence, f"date alone {quote(info.text)}")


def _plain_boilerplate(made: Analysis) -> Iterator[Edit]:
    for info in made.infos:
        if info.index == made.headline:
            continue
        found = boilerplate._best(info, made)
        if found is None:
            continue
        confidence, match = found
        yield remove(
            info,
            "chrome.boilerplate",
            confidence,
            f"{match.kind} phrase {quote(match.phrase)} ({match.mode} line)",
        )


def _plain_widget(made: Analysis) -> Iterator[Edit]:
    for info in made.infos:
        if not widgets.widget_label(info):
            continue
        yield remove(info, "chrome.widget", SURE, f"media widget counter {quote(info.text)}")
        caption = made.by_index.get(info.index + 1)
        if caption is None or caption.is_prose or caption.words > widgets._MAX_CAPTION_WORDS:
            continue
        if caption.text.endswith(".") and caption.words > 12:
            continue
        yield remove(
            caption, "chrome.widget", LIKELY, f"caption glued to the widget {quote(caption.text)}"
        )


def _plain_glued_tag(made: Analysis) -> Iterator[Edit]:
    for info in made.infos:
        if info.is_prose or info.words > widgets._MAX_CAPTION_WORDS or info.index == made.headline:
            continue
        tag = widgets.glued_tag(info.text)
        if tag is None:
            continue
        confidence = APPLY if made.zone(info.index) != "body" else SUGGEST
        yield remove(info, "chrome.glued-tag", confidence, f"tag {tag!r} glued onto a title")


def _plain_comment_count(made: Analysis) -> Iterator[Edit]:
    for info in made.infos:
        if info.index != made.headline and comments.comment_count_heading(info):
            yield remove(info, "chrome.comment-count", LIKELY, f"comment count {quote(info.text)}")


def _plain_author_bio(made: Analysis) -> Iterator[Edit]:
    if not made.substantial:
        return
    late: frozenset[int] | None = None
    body = made.body
    for info in made.infos:
        if info.index == made.headline:
            continue
        if not authors.is_author_bio(info):
            if body is not None and info.index >= body[1] and authors.is_self_introduction(info):
                yield remove(info, "chrome.author-bio", APPLY, f"author box {quote(info.text)}")
            continue
        if made.zone(info.index) == "body":
            late = authors._late_body(made) if late is None else late
            if info.index not in late:
                continue
        yield remove(info, "chrome.author-bio", APPLY, f"author box {quote(info.text)}")


def _plain_tail_lines(made: Analysis) -> tuple[analysis.LineInfo, ...]:
    body = made.body
    if body is None or not made.substantial:
        return ()
    inside = [i for i in made.infos if body[0] <= i.index <= body[1]]
    total = sum(i.words for i in inside if i.is_prose)
    seen = 0
    block: list[analysis.LineInfo] = []
    for position, info in enumerate(inside):
        if not info.is_prose:
            block.append(info)
            continue
        chrome = [b for b in block if tail.is_chrome_line(made, b)]
        block = []
        if len(chrome) >= tail._MIN_CHROME and seen >= tail._DECIDES_AFTER * total:
            rest = inside[position:]
            if sum(i.words for i in rest if i.is_prose) > tail._TAIL_SHARE * total:
                return ()
            first = next(n for n, b in enumerate(inside) if b.index == chrome[0].index)
            return tuple(inside[first:])
        seen += info.words
    return ()


def _plain_article_tail(made: Analysis) -> Iterator[Edit]:
    for info in _plain_tail_lines(made):
        if info.index == made.headline:
            continue
        reason = "prose under a chrome block" if info.is_prose else "line in a chrome block"
        yield remove(info, "chrome.article-tail", APPLY, f"{reason} at the end of the body")


def _plain_header_zone(made: Analysis) -> Iterator[Edit]:
    start = made.start
    if start is None or not made.substantial:
        return
    for info in made.infos:
        if info.index >= start:
            break
        if info.is_prose:
            yield remove(info, "chrome.header-zone", SUGGEST, "prose above the article body")
        elif info.index in made.quantity_lists:
            yield remove(info, "chrome.header-zone", SUGGEST, "list above the article body")
        else:
            yield remove(info, "chrome.header-zone", APPLY, "short line above the article body")


def _plain_footer_zone(made: Analysis) -> Iterator[Edit]:
    body = made.body
    if body is None or not made.substantial:
        return
    closed = False
    chrome_lines = 0
    for info in made.infos:
        if info.index <= body[1]:
            continue
        if info.index in made.quantity_lists:
            yield remove(info, "chrome.footer-zone", SUGGEST, "list below the article body")
            continue
        if not info.is_prose and info.is_sentence and not chrome_lines and not closed:
            yield remove(info, "chrome.footer-zone", SUGGEST, "sentence below the article body")
        elif not info.is_prose:
            closed = closed or end_marker(info) in {"comments", "related"}
            chrome_lines += 1
            yield remove(info, "chrome.footer-zone", APPLY, "short line below the article body")
        elif made.closing is not None and info.index > made.closing:
            yield remove(info, "chrome.footer-zone", APPLY, "prose after the article's end")
        else:
            yield remove(info, "chrome.footer-zone", SUGGEST, "prose below the article body")


_PLAIN: dict[str, Callable[[Analysis], Iterator[Edit]]] = {
    "chrome.repeated": _plain_repeated,
    "chrome.foreign-language": _plain_foreign_language,
    "chrome.meta-line": _plain_meta_line,
    "chrome.link-arrow": _plain_link_arrow,
    "chrome.link-list": _plain_link_list,
    "chrome.source": _plain_source,
    "chrome.byline": _plain_byline,
    "chrome.dateline": _plain_dateline,
    "chrome.boilerplate": _plain_boilerplate,
    "chrome.widget": _plain_widget,
    "chrome.glued-tag": _plain_glued_tag,
    "chrome.comment-count": _plain_comment_count,
    "chrome.author-bio": _plain_author_bio,
    "chrome.article-tail": _plain_article_tail,
    "chrome.header-zone": _plain_header_zone,
    "chrome.footer-zone": _plain_footer_zone,
}
_RULES = {r.id: r for r in REGISTRY if r.id in _PLAIN}
_CONTEXT = Context(Settings())

_CHROME = [
    "12 March 2024 | By Sam Writer | 3 comments",
    "Drucken Teilen",
    "← Older post",
    "Home > News >",
    "«We waited for 40 days",
    "POLITICSMinister resigns over the budget",
    "11 responses to “Storm hits the coast”",
    "3 comments were removed.",
    "Video 2/4",
    "Minister speaks at the summit",
    "Sam Writer is a senior reporter for The Example Times.",
    "Hi, I'm Jane, food writer and mother of two who loves to cook for friends.",
    "Foto: Jane Doe/dpa",
    "Jane Doe, Reuters",
    "© Getty Images",
    "Quelle: AP",
    "AP",
    "Dzisiaj w Warszawie padał deszcz przez cały dzień i noc",
    "Read more: https://example.org/story",
    "Permalink https://example.org/p/1",
    "Advertisement",
    "Storm hits the coast | Daily News",
    "Weather",
    "Business",
    "21 April 2022",
    "Updated 12.03.2021, 14:30",
    "Posted on 3 May 2023 by Sam Writer",
    "Von Max Muster",
    "Autor: Max Muster",
]
_ROWS = st.one_of(
    st.sampled_from(_PROSE),
    st.sampled_from(_SHORT),
    st.sampled_from(_CHROME),
    st.sampled_from(_TAGGED),
    st.just(""),
)
_PAGES = st.lists(_ROWS, min_size=1, max_size=35).map(lambda rows: "\n".join(rows) + "\n")


def _fresh(text: str) -> tuple[Document, Analysis]:
    doc = Document(text)
    return doc, analyse(doc)


@settings(max_examples=500, deadline=None)
@given(_PAGES)
def test_rules_propose_as_the_plain_loops(text: str) -> None:
    doc, made = _fresh(text)
    for rule_id, plain in _PLAIN.items():
        assert list(_RULES[rule_id](doc, _CONTEXT)) == list(plain(made)), rule_id


@settings(max_examples=500, deadline=None)
@given(_PAGES)
def test_zone_positions_as_the_zones(text: str) -> None:
    made = analysis._analyse.__wrapped__(Document(text))
    zones = made.zone_positions
    for position, info in enumerate(made.infos):
        zone = made.zone(info.index)
        if zones is None:
            assert zone == "none"
            continue
        lead, body, footer = zones
        expected = (
            "header"
            if position < lead
            else "lead"
            if position < body
            else "body"
            if position < footer
            else "footer"
        )
        assert zone == expected
    outside = [p for p, info in enumerate(made.infos) if made.zone(info.index) != "body"]
    assert list(common.outside_body(made)) == outside


def test_zone_positions_follow_the_analysis_asked() -> None:
    """Each analysis keeps its own zone positions, whichever was asked last."""
    story = "\n\n".join(_PROSE[:2])
    first = analysis._analyse.__wrapped__(Document("Home\nNews\n\n" + story + "\n"))
    second = analysis._analyse.__wrapped__(Document(story + "\n\nImprint\n"))
    assert first.zone_positions == first.zone_positions
    assert first.zone_positions != second.zone_positions
    assert first.zone_positions == (2, 2, 4)  # no headline: the lead is empty


def test_the_rules_still_remove() -> None:
    page = "\n".join(["Home", "News", "Politics", "", *_PROSE[:3], "", *_CHROME]) + "\n"
    doc, _made = _fresh(page)
    found = {e.rule for r in _RULES.values() for e in r(doc, _CONTEXT)}
    assert {"chrome.link-list", "chrome.footer-zone", "chrome.meta-line"} <= found


@settings(max_examples=300, deadline=None)
@given(_PAGES, _PAGES)
def test_in_language_memo_answers_as_the_analysis(text: str, other: str) -> None:
    """The answers an analysis keeps are those it works out afresh, line by line, however
    the questions about two analyses interleave."""
    first = analysis._analyse.__wrapped__(Document(text))
    second = analysis._analyse.__wrapped__(Document(other))
    for one, two in itertools.zip_longest(first.infos, second.infos):
        if one is not None:
            assert first.in_language(one) == first._in_language(one)
        if two is not None:
            assert second.in_language(two) == second._in_language(two)
        if one is not None:
            assert first.in_language(one) == first._in_language(one)
