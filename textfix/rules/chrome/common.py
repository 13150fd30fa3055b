"""Small helpers the chrome rules share: removing a line, and confidence levels."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from itertools import chain

from textfix import dictionaries
from textfix.model import Edit, line_removal
from textfix.rules.chrome.analysis import Analysis, LineInfo
from textfix.rules.chrome.phrases import normalise

# Confidence levels. The engine applies edits at 0.8 and above; below that they are suggestions.
SURE = 0.95
LIKELY = 0.9
APPLY = 0.85

# Body text for the rules' examples (each rule shows chrome around it going, the story staying).
EXAMPLE_PARAGRAPH = (
    "The storm hit the coast on Monday night, and thousands of people in the region lost "
    "power for several hours.\n"
)
EXAMPLE_STORY = (
    EXAMPLE_PARAGRAPH
    + "\nCrews worked through the night, and most homes had power again by the afternoon.\n"
)
SUGGEST = 0.6

# "2/4", "3 of 12", "3 von 12", "2 z 4", "1 de 5", "(12)": a position or a count.
_COUNTER_RE = re.compile(
    r"^(?:\(?\d{1,3}\s*(?:/|of|von|aus|z|ze|de|sur|di|из)\s*\d{1,3}\)?|\(\d{1,4}\))$"
)


def remove(info: LineInfo, rule: str, confidence: float, reason: str) -> Edit:
    """Delete a whole line, its terminator included."""
    if not 0.0 <= confidence <= 1.0:
        return Edit(info.line.full, "", rule, confidence, reason)  # raises, as Edit checks
    return line_removal(info.line.full, rule, confidence, f"{rule}: {reason}")


def removal(info: LineInfo, rule: str, confidence: float, reason: str) -> Edit:
    """``remove(info, rule, confidence, why)`` for a ``reason`` made in advance as
    ``f"{rule}: {why}"`` and a valid ``confidence``. The zone and link-list rules propose
    two thirds of the 320 removals per page and pass, with a few fixed reasons: they make
    each reason once, not once per line."""
    return line_removal(info.line.full, rule, confidence, reason)


def quote(text: str, limit: int = 40) -> str:
    """A line shortened for a reason string."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


@cache
def agencies() -> frozenset[str]:
    return frozenset(normalise(name) for name in dictionaries.entries("chrome/agencies.txt"))


@cache
def date_words() -> dict[str, str]:
    """Date vocabulary: word -> ``month``, ``day`` or ``word`` (a connector such as "um")."""
    table: dict[str, str] = {}
    for entry in dictionaries.entries("chrome/dates.txt"):
        kind, _, word = entry.partition(":")
        table[normalise(word)] = kind.strip()
    return table


_DIGIT_RE = re.compile(r"\d")


@lru_cache(maxsize=4096)
def has_digit(text: str) -> bool:
    """Whether ``text`` has a digit (cached: rules ask of the same short lines every pass)."""
    return _DIGIT_RE.search(text) is not None


def is_counter(text: str) -> bool:
    """ "2/4", "3 of 12", "(5)": the position or count of a media widget."""
    return bool(_COUNTER_RE.match(text.strip()))


def remove_lines_where(
    analysis: Analysis,
    test: Callable[[LineInfo], bool],
    rule: str,
    label: str,
    lines: Iterable[LineInfo] | None = None,
) -> Iterator[Edit]:
    """Remove every line but the headline that ``test`` picks out: applied in the body, where
    the line stands among the article's own, likely elsewhere. ``lines``: the lines to test,
    in order, when the caller knows that ``test`` rejects the others (all by default)."""
    for info in analysis.infos if lines is None else lines:
        if info.index == analysis.headline or not test(info):
            continue
        confidence = APPLY if analysis.zone(info.index) == "body" else LIKELY
        yield remove(info, rule, confidence, f"{label} {quote(info.text)}")


# The last analysis asked about, with its zone positions: the rules of a pass ask in turn of
# the same analysis. One slot, written as one tuple; it keeps that analysis alive until the
# next one is asked about.
_last_zones: tuple[Analysis | None, tuple[int, int, int] | None] = (None, None)


def zone_positions(analysis: Analysis) -> tuple[int, int, int] | None:
    """Where the zones begin among ``analysis.infos``: positions ``(lead, body, footer)``
    such that ``analysis.zone(info.index)`` of the info at position ``p`` is ``header`` below
    ``lead``, ``lead`` below ``body``, ``body`` below ``footer`` and ``footer`` from there;
    None when it is ``none`` for every line.

    Rules that look at the lines outside the body (or inside it) walk those positions, not
    every line asking its zone: a zone asked of every line by every rule was a twentieth of
    the rules' work.
    """
    global _last_zones
    last = _last_zones
    if last[0] is analysis:
        return last[1]
    body = analysis.body
    start = analysis.start
    found: tuple[int, int, int] | None = None
    if body is not None and start is not None:
        # Line indices grow with position, and start <= body[0] <= body[1] (start is the
        # headline only when it stands above the body), so each zone is one run of positions.
        indices = [info.index for info in analysis.infos]
        found = (
            bisect_left(indices, start),
            bisect_left(indices, body[0]),
            bisect_right(indices, body[1]),
        )
    _last_zones = (analysis, found)
    return found


def outside_body(analysis: Analysis) -> Iterable[int]:
    """The positions in ``analysis.infos`` of the lines whose zone is not ``body``, in order
    (ranges chained in C)."""
    zones = zone_positions(analysis)
    size = len(analysis.infos)
    if zones is None:
        return range(size)
    return chain(range(zones[1]), range(zones[2], size))


# The last analysis asked about, with the answers of in_language so far, by line index.
_last_languages: tuple[Analysis | None, dict[int, bool | None]] = (None, {})


def in_language(analysis: Analysis, info: LineInfo) -> bool | None:
    """``analysis.in_language(info)``, asked once per line of an analysis: headline-duplicate
    and foreign-language ask it of the same lines above the body, and each answer reads the
    line's words against the language's frequent words (and may detect its language)."""
    global _last_languages
    last, memo = _last_languages
    if last is not analysis:
        memo = {}
        _last_languages = (analysis, memo)
    index = info.index
    if index in memo:
        return memo[index]
    found = analysis.in_language(info)
    memo[index] = found
    return found
