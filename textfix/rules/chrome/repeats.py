"""Lines that repeat: site banners, the page title repeating the headline, near-copies of a
line with a tag added, and headlines repeated in another language."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import Analysis, LineInfo, analyse
from textfix.rules.chrome.common import (
    APPLY,
    EXAMPLE_STORY,
    LIKELY,
    outside_body,
    quote,
    remove,
)

_MAX_TAG_WORDS = 2
_MAX_BANNER_WORDS = 12
_NAME_RE = re.compile(r"\b[A-ZÀ-ÞĀ-ŽА-Я][\w'’-]{2,}")


@rule(
    "chrome.repeated",
    "chrome",
    "Remove short lines repeated in the page outside the article body (site banners)",
    (
        "Daily News | Home\n\n" + EXAMPLE_STORY + "\nDaily News | Home\n",
        EXAMPLE_STORY,
    ),
)
def repeated(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    if not analysis.substantial:
        return  # without an article, a repeated line is as likely a list or a refrain
    infos = analysis.infos
    counts = analysis.counts
    # Only lines standing twice or more can go: the others (most) are not looked at again.
    copies = [position for position, info in enumerate(infos) if counts[info.key] > 1]
    kept_copies = _last_of_adjacent_copies(analysis, copies)
    headline = analysis.headline
    zones = analysis.zone_positions
    for position in copies:
        info = infos[position]
        if info.index in kept_copies:
            continue
        # A repeated sentence may be a pull quote or a teaser of the article itself: it stays.
        if info.is_prose or info.is_sentence or info.letters_words == 0:
            continue
        if info.words > _MAX_BANNER_WORDS:
            continue
        if info.index == headline:
            continue
        reason = f"line repeated {counts[info.key]} times {quote(info.text)}"
        if zones is None or not zones[1] <= position < zones[2]:  # not in the body
            yield remove(info, "chrome.repeated", LIKELY, reason)
        elif " | " in info.text:
            # A banner can sit between two paragraphs too; an ordinary short line repeated
            # inside the body (a list item, a table label) stays.
            yield remove(info, "chrome.repeated", APPLY, reason)


def _last_of_adjacent_copies(analysis: Analysis, copies: list[int] | None = None) -> set[int]:
    """Lines whose copies all stand next to each other (a headline printed twice) keep their
    last copy: a banner repeats across the page, a doubled line is one line shown twice.

    ``copies``: the positions of the lines whose key stands twice or more, if known."""
    infos = analysis.infos
    if copies is None:
        copies = [p for p, info in enumerate(infos) if analysis.counts[info.key] > 1]
    positions: dict[str, list[int]] = {}
    for position in copies:
        positions.setdefault(infos[position].key, []).append(position)
    kept = set()
    for places in positions.values():
        if all(later == earlier + 1 for earlier, later in itertools.pairwise(places)):
            kept.add(infos[places[-1]].index)
    return kept


def _names(text: str) -> frozenset[str]:
    return frozenset(m.group().casefold() for m in _NAME_RE.finditer(text))


def _tagged_copy(info: LineInfo, earlier: LineInfo) -> bool:
    """``info`` is ``earlier`` with a short tag added before or after it."""
    if len(info.key) <= len(earlier.key):
        return False
    # The cheap string tests first: most pairs of neighbouring lines share no such edge.
    if info.key.startswith(earlier.key + " "):
        extra = info.key[len(earlier.key) :]
    elif info.key.endswith(" " + earlier.key):
        extra = info.key[: -len(earlier.key)]
    else:
        return False
    if len(earlier.key.split()) < 3:
        return False
    return len(extra.split()) <= _MAX_TAG_WORDS


def _duplicates(analysis: Analysis) -> Iterator[tuple[LineInfo, str]]:
    infos = analysis.infos
    headline = analysis.by_index.get(analysis.headline) if analysis.headline is not None else None
    body = analysis.body
    header_end = body[0] if body is not None else (infos[-1].index + 1 if infos else 0)
    # The page title (first line) when the headline repeats part of it: "Headline | Site".
    if (
        headline is not None
        and infos
        and infos[0].index != headline.index
        and headline.key in analysis.title_parts
    ):
        yield infos[0], "page title repeating the headline"
    # The spaces in each line's key: a key is its words joined by single spaces, so a copy
    # with a tag of one or two words added has one or two more than the line it copies, and
    # that line (of three words or more) has two at least. Most pairs of neighbours fail
    # this, and are not compared as strings (_tagged_copy decides the others).
    spaces = [info.key.count(" ") for info in infos]
    headline_index = analysis.headline
    # Lines in the body are not looked at: only the others are walked.
    for position in outside_body(analysis):
        info = infos[position]
        if info.is_prose or info.index == headline_index:
            continue
        mine = spaces[position]
        # A copy has more spaces than a line of two spaces or more: with fewer than three, the
        # line copies none of its neighbours, which are not read.
        copied = None
        if mine > 2:
            for back in range(max(0, position - 3), position):
                theirs = spaces[back]
                if theirs >= 2 and 0 < mine - theirs <= _MAX_TAG_WORDS:
                    earlier = infos[back]
                    if _tagged_copy(info, earlier):
                        copied = earlier
                        break
        if copied is not None:
            yield info, f"copy of line {copied.index + 1} with a tag added"
        else:
            if headline is None or info.index >= header_end or info.index == infos[0].index:
                continue
            if info.letters_words < 4 or analysis.in_language(info) is not False:
                continue
            if _names(info.text) & _names(headline.text):
                yield info, "headline repeated in another language"


@rule(
    "chrome.headline-duplicate",
    "chrome",
    "Remove copies of the headline: the page title, tagged copies and translations",
    (
        "Storm hits coast | Daily News\n\nStorm hits coast\n\n" + EXAMPLE_STORY,
        "Storm hits coast\n\n" + EXAMPLE_STORY,
    ),
)
def headline_duplicate(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    if not analysis.substantial:
        return
    for info, reason in _duplicates(analysis):
        yield remove(info, "chrome.headline-duplicate", LIKELY, f"{reason} {quote(info.text)}")


RULES = (repeated, headline_duplicate)
