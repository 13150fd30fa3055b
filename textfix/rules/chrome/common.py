"""Small helpers the chrome rules share: removing a line, and confidence levels."""

from __future__ import annotations

import re
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


def outside_body(analysis: Analysis) -> Iterable[int]:
    """The positions in ``analysis.infos`` of the lines whose zone is not ``body``, in order
    (ranges chained in C)."""
    zones = analysis.zone_positions
    size = len(analysis.infos)
    if zones is None:
        return range(size)
    return chain(range(zones[1]), range(zones[2], size))
