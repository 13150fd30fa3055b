"""Lines in another language than the article (translated teasers, foreign menus)."""

from __future__ import annotations

from collections.abc import Iterator

from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import LineInfo, analyse
from textfix.rules.chrome.common import LIKELY, outside_body, remove

_MIN_WORDS = 4
# Words of a paragraph (sentences, ending like one) between the headline and the body.
_LEAD_WORDS = 15


def _lead_paragraph(info: LineInfo) -> bool:
    return info.is_prose and info.words >= _LEAD_WORDS


@rule(
    "chrome.foreign-language",
    "chrome",
    "Remove lines outside the article body written in another language than the article",
    (
        "Dzisiaj w Warszawie padał deszcz przez cały dzień\n\n"
        "It rained in Warsaw all day today, and the streets were flooded by the evening.\n\n"
        "The city said that the drains would be cleaned before the next storm arrives, and that "
        "the bill for the damage would be paid from the emergency fund.\n",
        "It rained in Warsaw all day today, and the streets were flooded by the evening.\n\n"
        "The city said that the drains would be cleaned before the next storm arrives, and that "
        "the bill for the damage would be paid from the emergency fund.\n",
    ),
)
def foreign_language(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    # The article's language is only known from an article: a few paragraphs of prose.
    if analysis.language is None or not analysis.substantial:
        return
    infos = analysis.infos
    headline = analysis.headline
    zones = analysis.zone_positions
    # A quotation or a name-heavy line inside the article is not this rule's call: the lines
    # in the body are not walked.
    for position in outside_body(analysis):
        info = infos[position]
        if info.letters_words < _MIN_WORDS or info.index == headline:
            continue
        in_lead = zones is not None and zones[0] <= position < zones[1]
        if in_lead and _lead_paragraph(info):
            # A paragraph between the headline and the body is the article's lead, whatever
            # language the page's longest prose (a footer notice, a warning) is in; a
            # headline repeated in another language there is no paragraph and still goes.
            continue
        if analysis.in_language(info) is not False:
            continue
        guess = analysis.line_language(info)
        yield remove(
            info,
            "chrome.foreign-language",
            LIKELY,
            f"line in {guess.code}, article in {analysis.language}",
        )


RULES = (foreign_language,)
