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
# them (teasers, comments) with them; without such a heading no paragraph may go.
OPEN = [line for line in OTHER if line not in ("Related articles", "Share this article")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PROSE + OPEN), min_size=1, max_size=25))
def test_prose_is_never_removed(chosen: list[str]) -> None:
    text = "\n\n".join(chosen).strip("\n") + "\n"
    while "\n\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n")
    out = fix_text(text, CHROME).text
    for paragraph in PROSE:
        if paragraph in chosen:
            assert paragraph in out
