"""The article's tail (chrome.article-tail): a little prose under a block of recognised chrome
lines at the end of the body goes; prose under subheadings or list items, or under one chrome
line, or a long last section, stays. And the lead paragraph stays whatever its language."""

from __future__ import annotations

import pytest

from tests.rules.test_chrome_closing import BODY, HEADLINE
from textfix import fix_text
from textfix.settings import Settings

BIO = {
    "en": "Sam Writer has covered the city council for the paper since 2015.",
    "de": "Max Muster berichtet seit 2015 für die Zeitung über den Stadtrat.",
}
# Blocks of chrome lines that other rules recognise (not closing headings: those already end
# the body): advertising labels, bylines, dates, legal and navigation links.
CHROME_BLOCKS = [
    ("en", ("Advertisement", "By Sam Writer")),
    ("en", ("Privacy policy", "12 March 2024")),
    ("de", ("Anzeige", "Von Max Muster")),
    ("de", ("Impressum", "12. März 2024")),
]
# Blocks that are the article's own: a subheading, list items, a single chrome line.
ARTICLE_BLOCKS = [
    ("en", ("What happens next",)),
    ("en", ("Night routes", "North loop", "River loop")),
    ("en", ("Advertisement",)),
    ("de", ("Wie es weitergeht",)),
    ("de", ("Nachtlinien", "Nordring", "Flussring")),
    ("de", ("Anzeige",)),
]


def page(lang: str, block: tuple[str, ...], last: str) -> str:
    blocks = [HEADLINE[lang], *BODY[lang], "\n".join(block), last]
    return "\n\n".join(blocks) + "\n"


def run(text: str, rules: str = "chrome") -> str:
    return fix_text(text, Settings(select=(rules,))).text


@pytest.mark.parametrize(("lang", "block"), CHROME_BLOCKS)
def test_prose_under_a_chrome_block_at_the_end_goes(lang: str, block: tuple[str, ...]) -> None:
    out = run(page(lang, block, BIO[lang]), "chrome.article-tail")
    assert BIO[lang] not in out
    for paragraph in BODY[lang]:
        assert paragraph in out


@pytest.mark.parametrize(("lang", "block"), ARTICLE_BLOCKS)
def test_prose_under_an_article_block_stays(lang: str, block: tuple[str, ...]) -> None:
    text = page(lang, block, BIO[lang])
    assert run(text, "chrome.article-tail") == text


@pytest.mark.parametrize(("lang", "block"), CHROME_BLOCKS)
def test_a_long_last_section_under_a_chrome_block_stays(lang: str, block: tuple[str, ...]) -> None:
    # Two paragraphs of the article's own under the block: too much prose to be a bio.
    first, second, third, fourth = BODY[lang]
    text = "\n\n".join([HEADLINE[lang], first, second, "\n".join(block), third, fourth]) + "\n"
    assert run(text, "chrome.article-tail") == text


LEAD = {
    "de": "Die Stadt will die Nachtbusse bis zum Sommer in alle nördlichen Stadtteile schicken, "
    "teilte das Rathaus mit.",
}
NOTICE = (
    "Warning: this page uses an outdated template and will be moved to the new site soon, "
    "so please update your bookmarks and links before the end of the month."
)


def test_lead_paragraph_in_another_language_than_the_pages_longest_prose_stays() -> None:
    # The page's longest prose is an English notice, so the page reads as English; the German
    # paragraph under the headline (names, in no language) is still the article's lead.
    text = "\n\n".join(["Rathaus Nord: Linie N7", LEAD["de"], NOTICE, NOTICE, NOTICE]) + "\n"
    out = run(text, "chrome.foreign-language")
    assert LEAD["de"] in out
