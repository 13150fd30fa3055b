"""Menus and link lists: runs of short lines outside the article body."""

from __future__ import annotations

from collections.abc import Iterator

from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import analyse
from textfix.rules.chrome.common import LIKELY, remove
from textfix.rules.chrome.phrases import matches

MIN_RUN = 3
# Inside the body a run of short lines may be a list (ingredients, steps, facts): it goes only
# when most of its lines are known chrome phrases.
_BODY_PHRASE_SHARE = 0.6
_LONG_RUN = 6
_STORY = (
    "The storm hit the coast on Monday night, and thousands of people in the region lost "
    "power for several hours.\n\n"
    "Crews worked through the night, and most homes had power again by the afternoon.\n"
)


@rule(
    "chrome.link-list",
    "chrome",
    "Remove runs of short link-like lines (menus) outside the article body",
    ("Politics\nBusiness\nScience\nWeather\n\n" + _STORY, _STORY),
)
def link_list(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    for group in analysis.run_groups:
        if len(group) < MIN_RUN or group[0] in analysis.quantity_lists:
            continue
        infos = [analysis.by_index[i] for i in group if i != analysis.headline]
        # The lead (headline to first paragraph) may hold a list too: it counts as body here.
        outside = [i for i in infos if analysis.zone(i.index) in ("header", "footer", "none")]
        if not analysis.substantial and len(group) < _LONG_RUN:
            outside = []  # a short list next to a sentence or two is as likely content
        inside = [i for i in infos if analysis.zone(i.index) in ("lead", "body")]
        reason = f"run of {len(group)} short link-like lines"
        for info in outside:
            yield remove(info, "chrome.link-list", LIKELY, reason)
        known = sum(1 for info in inside if matches(info.text))
        if inside and known >= _BODY_PHRASE_SHARE * len(inside):
            for info in inside:
                yield remove(info, "chrome.link-list", LIKELY, reason + " of menu words")


RULES = (link_list,)
