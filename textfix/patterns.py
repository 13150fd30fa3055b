"""User regular expressions (``ignore-regex``), run with a time limit.

A config file is data, but a regular expression is a small program: ``(a|aa)+$`` takes
exponential time on a line of ``a``s. Patterns are therefore run with the third-party ``regex``
module, whose matcher checks a deadline as it backtracks (``timeout=``); a pattern that runs
over its budget on a text is an error, never a hang. The syntax is Python's ``re`` syntax
(``regex`` is a superset of it).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textfix.model import Span

if TYPE_CHECKING:
    import regex  # type: ignore[import-untyped,unused-ignore]

# Seconds one pattern may spend on one text (a chunk of at most a few hundred kilobytes when
# a large file is streamed). Generous for any sane pattern, short enough to notice a bad one.
TIMEOUT = 1.0


class PatternError(ValueError):
    """A pattern does not compile, or ran out of time; the message says which and why."""


class PatternTimeout(PatternError):
    """A pattern took longer than its budget on one text."""

    def __init__(self, pattern: str, seconds: float) -> None:
        super().__init__(
            f"pattern {pattern!r} took longer than {seconds:g} s on one text (a pattern that "
            "backtracks, such as (a+)+ or (a|aa)+, can take exponential time); simplify it"
        )
        self.pattern = pattern
        self.seconds = seconds


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """The compiled pattern (cached); PatternError if it is not a valid expression."""
    # Imported here: most runs have no ignore-regex, and the module costs about a tenth of a
    # one-page check's start-up.
    import regex  # type: ignore[import-untyped,unused-ignore]

    if not pattern:
        raise PatternError("an empty pattern would match everywhere")
    try:
        compiled = regex.compile(pattern, regex.VERSION0 | regex.MULTILINE)
    except (regex.error, OverflowError, RecursionError) as error:
        raise PatternError(f"invalid regular expression {pattern!r}: {error}") from error
    return compiled


def spans(patterns: Iterable[str], text: str, timeout: float | None = None) -> list[Span]:
    """Every non-empty match of every pattern in ``text``; PatternTimeout past the budget.

    The budget (``TIMEOUT`` unless given) covers each pattern's whole scan of the text.
    """
    timeout = TIMEOUT if timeout is None else timeout
    found: list[Span] = []
    for pattern in patterns:
        compiled = compile_pattern(pattern)
        deadline = time.monotonic() + timeout
        try:
            for match in compiled.finditer(text, timeout=timeout):
                if match.end() > match.start():
                    found.append(Span(match.start(), match.end()))
                if time.monotonic() > deadline:
                    raise PatternTimeout(pattern, timeout)
        except TimeoutError as error:
            raise PatternTimeout(pattern, timeout) from error
    return found
