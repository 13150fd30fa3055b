"""Menus and link lists: runs of short lines outside the article body."""

from __future__ import annotations

import re
from collections.abc import Iterator

from textfix.document import Document
from textfix.model import Edit, line_removal
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import LineInfo, analyse
from textfix.rules.chrome.common import (
    EXAMPLE_STORY,
    LIKELY,
    remove_lines_where,
)
from textfix.rules.chrome.phrases import matches

MIN_RUN = 3
# Inside the body a run of short lines may be a list (ingredients, steps, facts): it goes only
# when most of its lines are known chrome phrases.
_BODY_PHRASE_SHARE = 0.6
_LONG_RUN = 6


@rule(
    "chrome.link-list",
    "chrome",
    "Remove runs of short link-like lines (menus) outside the article body",
    ("Politics\nBusiness\nScience\nWeather\n\n" + EXAMPLE_STORY, EXAMPLE_STORY),
)
def link_list(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    by_index = analysis.by_index
    headline = analysis.headline
    body = analysis.body
    start = analysis.start
    # Where the zones lead and body run (analysis.zone is "none" for every line without them).
    bounds = (start, body[1]) if body is not None and start is not None else None
    for group in analysis.run_groups:
        if len(group) < MIN_RUN or group[0] in analysis.quantity_lists:
            continue
        infos = [by_index[i] for i in group if i != headline]
        # The lead (headline to first paragraph) may hold a list too: it counts as body here.
        # (analysis.zone, from the bounds: lead and body run from the start to the body's end.)
        if bounds is None:
            outside, inside = infos, []
        else:
            first, last = bounds
            outside = [i for i in infos if not first <= i.index <= last]
            inside = [i for i in infos if first <= i.index <= last]
        if not analysis.substantial and len(group) < _LONG_RUN:
            outside = []  # a short list next to a sentence or two is as likely content
        # The reason, "rule: why", made once for the run's lines.
        reason = f"chrome.link-list: run of {len(group)} short link-like lines"
        for info in outside:
            yield line_removal(info.line.full, "chrome.link-list", LIKELY, reason)
        known = sum(1 for info in inside if matches(info.text))
        if inside and known >= _BODY_PHRASE_SHARE * len(inside):
            menu_reason = reason + " of menu words"
            for info in inside:
                yield line_removal(info.line.full, "chrome.link-list", LIKELY, menu_reason)


# A link marked by an arrow: "← Older post", "Next page »", "Home > News >", "<< Back",
# ">> Teaser headline <<". Not "→" or "›" at the start (articles use them as list bullets),
# nor ">>" alone (a quoted e-mail).
_ARROW_START_RE = re.compile(r"^(?:←|<<?(?:\s|$)|>>\s.*<<$)")
_ARROW_END_RE = re.compile(r"(?:[»›→]|(?:^|\s)>>?)$")
# Quotation marks that open a quotation the line's last "»" may close.
_OPENING_QUOTES = ("«", "‹", "„")
_MAX_ARROW_WORDS = 20
_ARROW_FIRST = frozenset("←<«‹>")
_ARROW_LAST = frozenset("»›→>")


def arrow_link(info: LineInfo) -> bool:
    """A short line opened or closed by a link arrow, not a quotation in guillemets."""
    if info.is_prose or info.words > _MAX_ARROW_WORDS:
        return False
    text = info.text
    if text[:1] not in _ARROW_FIRST and text[-1:] not in _ARROW_LAST:
        return False  # most lines, decided on their first and last character
    if _ARROW_START_RE.match(text):
        return True
    if text.startswith(("«", "‹")) and "»" not in text and "›" not in text:
        return True  # a teaser whose quotation the link cut short: "«We waited for 40 days..."
    return _ARROW_END_RE.search(text) is not None and not any(q in text for q in _OPENING_QUOTES)


@rule(
    "chrome.link-arrow",
    "chrome",
    "Remove short lines marked as links by an arrow (← Older post, Next page », Home > News >)",
    ("← Older post\n\n" + EXAMPLE_STORY + "\nNext page »\n", EXAMPLE_STORY),
)
def link_arrow(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    # arrow_link rejects a line whose first and last characters are no arrow: only the others
    # are asked (most lines have none).
    lines = [
        info
        for info in analysis.infos
        if info.text[:1] in _ARROW_FIRST or info.text[-1:] in _ARROW_LAST
    ]
    yield from remove_lines_where(analysis, arrow_link, "chrome.link-arrow", "link arrow", lines)


RULES = (link_list, link_arrow)
