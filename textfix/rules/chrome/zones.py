"""Header and footer zones: what stands before the article body or after it.

Position alone is a weak signal, so these rules remove only lines that also look like chrome
(short, not sentence-shaped); prose outside the body is only suggested for removal unless it
stands past the article's end (a closing heading such as "Comments" or "Related articles"
below most of its prose).
"""

from __future__ import annotations

from collections.abc import Iterator

from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import analyse, end_marker
from textfix.rules.chrome.common import APPLY, EXAMPLE_STORY, SUGGEST, remove

_CLOSING_KINDS = frozenset({"comments", "related"})


@rule(
    "chrome.header-zone",
    "chrome",
    "Remove short non-sentence lines above the article body (the headline is kept)",
    (
        "Home\n\nStorm hits the coast\n\n" + EXAMPLE_STORY,
        "Storm hits the coast\n\n" + EXAMPLE_STORY,
    ),
)
def header_zone(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    start = analysis.start
    if start is None or not analysis.substantial:
        return
    for info in analysis.infos:
        if info.index >= start:
            break
        if info.is_prose:
            yield remove(info, "chrome.header-zone", SUGGEST, "prose above the article body")
        elif info.index in analysis.quantity_lists:
            yield remove(info, "chrome.header-zone", SUGGEST, "list above the article body")
        else:
            yield remove(info, "chrome.header-zone", APPLY, "short line above the article body")


@rule(
    "chrome.footer-zone",
    "chrome",
    "Remove short non-sentence lines below the article body",
    (EXAMPLE_STORY + "\nImprint\n", EXAMPLE_STORY),
)
def footer_zone(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    body = analysis.body
    if body is None or not analysis.substantial:
        return
    closed = False
    chrome_lines = 0
    for info in analysis.infos:
        if info.index <= body[1]:
            continue
        if info.index in analysis.quantity_lists:
            yield remove(info, "chrome.footer-zone", SUGGEST, "list below the article body")
            continue
        if not info.is_prose and info.is_sentence and not chrome_lines and not closed:
            # A sentence right under the last paragraph may still be the article's own.
            yield remove(info, "chrome.footer-zone", SUGGEST, "sentence below the article body")
        elif not info.is_prose:
            # Only comments and related links close an article for good: share buttons and
            # tags also stand between two parts of it.
            closed = closed or end_marker(info) in _CLOSING_KINDS
            chrome_lines += 1
            yield remove(info, "chrome.footer-zone", APPLY, "short line below the article body")
        elif analysis.closing is not None and info.index > analysis.closing:
            # Only past the article's end, found below most of its prose, does prose go: a
            # "Related" box with a few teasers also stands between two parts of an article,
            # and the paragraphs after it are the article's own.
            yield remove(info, "chrome.footer-zone", APPLY, "prose after the article's end")
        else:
            yield remove(info, "chrome.footer-zone", SUGGEST, "prose below the article body")


RULES = (header_zone, footer_zone)
