"""Properties of the chrome phase on random mixes of article lines and chrome lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import fix_text
from textfix.settings import Settings

CHROME = Settings(select=("chrome",))

PROSE = [
    "The city council voted on Tuesday to extend the night bus service to the northern "
    "districts, after months of complaints from shift workers.",
    "The new routes will start running in March, and the council expects about two thousand "
    "passengers a night once the service is fully established.",
    "Critics said the money would have been better spent on repairing the roads, which have "
    "not been resurfaced for more than a decade.",
    '"We listened to the people who keep this city running at night," the mayor said.',
]
OTHER = [
    "Night buses to reach the northern districts",
    "What happens next",
    "Home",
    "News",
    "Share this article",
    "Related articles",
    "Source: Reuters",
    "By Jane Doe",
    "21 April 2022",
    "Video 2/4",
    "Daily Courier | News",
    "Nocne autobusy dojadą do północnych dzielnic miasta",
    "Imprint",
    "200 g Mehl",
    "",
]

lines = st.lists(st.sampled_from(PROSE + OTHER), min_size=1, max_size=25)


@settings(max_examples=150, deadline=None)
@given(lines)
def test_second_pass_changes_nothing(chosen: list[str]) -> None:
    # The chrome phase sees normalised text: no blank-line runs, a final newline.
    text = "\n".join(chosen).strip("\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    text += "\n"
    once = fix_text(text, CHROME).text
    assert fix_text(once, CHROME).text == once


# Headings that close an article ("Related articles") legitimately take the prose far below
# them (teasers, comments) with them; so does a block of two recognised chrome lines with only
# a fifth of the body's prose under it (chrome.article-tail, checked below). Without either no
# paragraph may go.
OPEN = [line for line in OTHER if line not in ("Related articles", "Share this article")]
WITHOUT_TAIL = Settings(select=("chrome",), ignore=("chrome.article-tail",))


def _page(chosen: list[str]) -> str:
    text = "\n\n".join(chosen).strip("\n") + "\n"
    while "\n\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n")
    return text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PROSE + OPEN), min_size=1, max_size=25))
def test_prose_is_never_removed(chosen: list[str]) -> None:
    out = fix_text(_page(chosen), WITHOUT_TAIL).text
    for paragraph in PROSE:
        if paragraph in chosen:
            assert paragraph in out


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PROSE + OPEN), min_size=1, max_size=25))
def test_article_tail_takes_at_most_a_fifth_of_the_prose(chosen: list[str]) -> None:
    text = _page(chosen)
    out = fix_text(text, Settings(select=("chrome.article-tail",))).text
    words = {paragraph: len(paragraph.split()) for paragraph in PROSE}
    total = sum(text.count(p) * n for p, n in words.items())
    removed = sum((text.count(p) - out.count(p)) * n for p, n in words.items())
    assert removed <= 0.2 * total
