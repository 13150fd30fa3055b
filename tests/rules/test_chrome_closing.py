"""The end of the article: what stands after a closing heading goes, prose included; the same
heading above most of the article (share buttons under the lead) does not cut the body short."""

from __future__ import annotations

import pytest

from textfix import fix_text
from textfix.document import Document
from textfix.rules.chrome.analysis import analyse
from textfix.settings import Settings

BODY = {
    "en": (
        "The city council voted on Tuesday to extend the night bus service to the "
        "northern districts, after months of complaints from shift workers.",
        "The new routes will start running in March, and the council expects about two "
        "thousand passengers a night once the service is fully established.",
        "Critics said the money would have been better spent on repairing the roads, "
        "which have not been resurfaced for more than a decade.",
        "The mayor defended the plan at a meeting on Wednesday evening, saying that the "
        "districts had waited long enough for a service that the rest of the city takes for "
        "granted.",
    ),
    "de": (
        "Der Stadtrat hat am Dienstag beschlossen, den Nachtbus bis in die nördlichen "
        "Stadtteile zu verlängern, nachdem sich Schichtarbeiter monatelang beschwert hatten.",
        "Die neuen Linien sollen im März starten, und die Stadt rechnet mit etwa zweitausend "
        "Fahrgästen pro Nacht, sobald sich das Angebot eingespielt hat.",
        "Kritiker sagten, das Geld wäre besser in die Sanierung der Straßen geflossen, die "
        "seit mehr als zehn Jahren nicht erneuert wurden.",
        "Der Bürgermeister verteidigte den Plan am Mittwochabend und sagte, die Stadtteile "
        "hätten lange genug auf ein Angebot gewartet, das für den Rest der Stadt "
        "selbstverständlich sei.",
    ),
}
HEADLINE = {"en": "Night buses to reach the north", "de": "Nachtbus fährt bald in den Norden"}
# A teaser of another article: prose, but not this article's.
TEASER = {
    "en": "A new bridge over the river will open next spring, two years later than planned, "
    "the transport office said on Friday.",
    "de": "Die neue Brücke über den Fluss soll im nächsten Frühjahr eröffnet werden, zwei Jahre "
    "später als geplant, teilte das Verkehrsamt am Freitag mit.",
}


def page(lang: str, after_lead: tuple[str, ...], closing: tuple[str, ...]) -> str:
    first, *rest = BODY[lang]
    blocks = [HEADLINE[lang], first, *after_lead, *rest, *closing]
    return "\n\n".join(blocks) + "\n"


def run(text: str) -> str:
    return fix_text(text, Settings(select=("chrome",))).text


# (language, closing lines): the teaser after them must go.
MUST_REMOVE = [
    ("en", ("Related articles", "Bridge opening delayed again")),
    ("en", ("Comments (3)",)),
    ("en", ("Share this article", "Print")),
    ("en", ("Print", "Email")),
    ("de", ("Das könnte Sie auch interessieren", "Brücke erst im Frühjahr")),
    ("de", ("Kommentare",)),
    ("de", ("Drucken", "Teilen")),
]

# (language, lines under the lead paragraph): the rest of the article must stay.
MUST_KEEP = [
    ("en", ("Share this article",)),
    ("en", ("Print", "Email")),
    ("de", ("Artikel teilen",)),
    ("de", ("Drucken", "Teilen")),
]


@pytest.mark.parametrize(("lang", "closing"), MUST_REMOVE)
def test_prose_after_a_closing_heading_goes(lang: str, closing: tuple[str, ...]) -> None:
    text = page(lang, (), (*closing, TEASER[lang]))
    out = run(text)
    assert TEASER[lang] not in out
    for paragraph in BODY[lang]:
        assert paragraph in out


@pytest.mark.parametrize(("lang", "after_lead"), MUST_KEEP)
def test_chrome_under_the_lead_does_not_end_the_article(
    lang: str, after_lead: tuple[str, ...]
) -> None:
    text = page(lang, after_lead, ())
    out = run(text)
    for paragraph in BODY[lang]:
        assert paragraph in out
    assert analyse(Document(text)).closing is None


def test_a_subheading_does_not_end_the_article() -> None:
    first, second, third, fourth = BODY["en"]
    text = "\n\n".join([HEADLINE["en"], first, second, third, "What comes next", fourth]) + "\n"
    assert analyse(Document(text)).closing is None
    assert fourth in run(text)


def _with_line(lang: str, line: str, after: int) -> str:
    """The article with ``line`` after its first ``after`` paragraphs (longest last but one, so
    three paragraphs are most of the article's prose)."""
    first, second, third, fourth = BODY[lang]
    paragraphs = [first, second, fourth, third]
    return "\n\n".join([HEADLINE[lang], *paragraphs[:after], line, *paragraphs[after:]]) + "\n"


# Short chrome lines (a phrase inside them, not the whole line) between the last paragraphs go;
# under the lead paragraph they are only suggested.
LATE_REMOVE = [
    ("en", "Get our free newsletter every week"),
    ("de", "Jetzt den kostenlosen Newsletter bestellen"),
]
LATE_KEEP = [
    ("en", "The council has more information on its website."),
    ("de", "Das Rathaus gibt weitere Informationen auf seiner Website."),
]


@pytest.mark.parametrize(("lang", "line"), LATE_REMOVE)
def test_chrome_phrase_line_low_in_the_body_goes(lang: str, line: str) -> None:
    assert line not in run(_with_line(lang, line, 3))
    assert line in run(_with_line(lang, line, 1))


@pytest.mark.parametrize(("lang", "line"), LATE_KEEP)
def test_sentence_low_in_the_body_stays(lang: str, line: str) -> None:
    assert line in run(_with_line(lang, line, 3))


# A box of teaser headlines between two parts of an article, above most of its prose.
RELATED_BOX = {
    "en": (
        "Related articles",
        "Bridge opening delayed again",
        "Tram line to close for repairs",
        "New cycle lanes for the centre",
    ),
    "de": (
        "Das könnte Sie auch interessieren",
        "Brücke erst im Frühjahr",
        "Straßenbahn fährt wieder",
        "Neue Radwege in der Innenstadt",
    ),
}


@pytest.mark.parametrize("lang", ["en", "de"])
def test_paragraphs_after_a_related_box_inside_the_article_stay(lang: str) -> None:
    first, second, third, fourth = BODY[lang]
    blocks = [HEADLINE[lang], first, fourth, *RELATED_BOX[lang], second, third]
    text = "\n\n".join(blocks) + "\n"
    out = run(text)
    for paragraph in BODY[lang]:
        assert paragraph in out
    for teaser in RELATED_BOX[lang][1:]:
        assert teaser not in out
