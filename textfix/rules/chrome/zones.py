"""Header and footer zones: what stands before the article body or after it.

Position alone is a weak signal, so these rules remove only lines that also look like chrome
(short, not sentence-shaped); prose outside the body is only suggested for removal unless it
stands past the article's end (a closing heading such as "Comments" or "Related articles"
below most of its prose).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from textfix.document import Document
from textfix.model import Edit, line_removal
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import LineInfo, analyse, end_marker
from textfix.rules.chrome.common import APPLY, EXAMPLE_STORY, SUGGEST

_CLOSING_KINDS = frozenset({"comments", "related"})
_HEADER = "chrome.header-zone"
_FOOTER = "chrome.footer-zone"
# The reasons, "rule: why", made once: these rules propose most lines outside the body, each
# made by line_removal straight away (the confidences are valid).
_HEADER_PROSE = f"{_HEADER}: prose above the article body"
_HEADER_LIST = f"{_HEADER}: list above the article body"
_HEADER_SHORT = f"{_HEADER}: short line above the article body"
_FOOTER_LIST = f"{_FOOTER}: list below the article body"
_FOOTER_SENTENCE = f"{_FOOTER}: sentence below the article body"
_FOOTER_SHORT = f"{_FOOTER}: short line below the article body"
_FOOTER_AFTER_END = f"{_FOOTER}: prose after the article's end"
_FOOTER_PROSE = f"{_FOOTER}: prose below the article body"


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
            yield line_removal(info.line.full, _HEADER, SUGGEST, _HEADER_PROSE)
        elif info.index in analysis.quantity_lists:
            yield line_removal(info.line.full, _HEADER, SUGGEST, _HEADER_LIST)
        else:
            yield line_removal(info.line.full, _HEADER, APPLY, _HEADER_SHORT)


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
    zones = analysis.zone_positions
    # The lines below the body, from the footer's first position.
    if zones is not None:
        after: Sequence[LineInfo] = analysis.infos[zones[2] :]
    else:
        after = [info for info in analysis.infos if info.index > body[1]]
    for info in after:
        if info.index in analysis.quantity_lists:
            yield line_removal(info.line.full, _FOOTER, SUGGEST, _FOOTER_LIST)
            continue
        if not info.is_prose and info.is_sentence and not chrome_lines and not closed:
            # A sentence right under the last paragraph may still be the article's own.
            yield line_removal(info.line.full, _FOOTER, SUGGEST, _FOOTER_SENTENCE)
        elif not info.is_prose:
            # Only comments and related links close an article for good: share buttons and
            # tags also stand between two parts of it.
            closed = closed or end_marker(info) in _CLOSING_KINDS
            chrome_lines += 1
            yield line_removal(info.line.full, _FOOTER, APPLY, _FOOTER_SHORT)
        elif analysis.closing is not None and info.index > analysis.closing:
            # Only past the article's end, found below most of its prose, does prose go: a
            # "Related" box with a few teasers also stands between two parts of an article,
            # and the paragraphs after it are the article's own.
            yield line_removal(info.line.full, _FOOTER, APPLY, _FOOTER_AFTER_END)
        else:
            yield line_removal(info.line.full, _FOOTER, SUGGEST, _FOOTER_PROSE)


RULES = (header_zone, footer_zone)
