"""Inline ignore comments that let a writer fence text off from textfix.

Accepted in Markdown/HTML comments and, for plain text, after a ``#``:

- ``<!-- textfix: off -->`` ... ``<!-- textfix: on -->``: nothing in between is changed;
- ``<!-- textfix: ignore-next-line -->``: the next non-blank line is left alone;
- ``<!-- textfix: ignore WORD [WORD...] -->``: those words are accepted in the whole document.

The directive lines themselves are never changed or removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textfix.model import Span
from textfix.tokens import merge_spans

_DIRECTIVE_RE = re.compile(
    r"(?:<!--\s*|(?<![^\s])#\s*)textfix:\s*(?P<verb>off|on|ignore-next-line|ignore)\b"
    # Up to the comment's end or the line's, one character at a time; a ``\s*`` before the end
    # would rescan a long run of spaces once per character. The words are split() anyway.
    r"(?P<args>[^\n>]*?)(?:-->|$)",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Directives:
    """Regions no rule may edit, and words the writer accepts everywhere in the document."""

    frozen: tuple[Span, ...] = ()
    words: frozenset[str] = frozenset()


def parse(text: str) -> Directives:
    if "textfix:" not in text:
        return Directives()
    frozen: list[Span] = []
    words: set[str] = set()
    off_start: int | None = None
    line_start = 0
    for match in _DIRECTIVE_RE.finditer(text):
        # Looked for from the previous directive's line on, so the text is read once.
        line_start = text.rfind("\n", line_start, match.start()) + 1 or line_start
        line_end = _line_end(text, match.end())
        frozen.append(Span(line_start, line_end))
        verb = match.group("verb")
        if verb == "off" and off_start is None:
            off_start = line_start
        elif verb == "on" and off_start is not None:
            frozen.append(Span(off_start, line_end))
            off_start = None
        elif verb == "ignore-next-line":
            following = _next_content_line(text, line_end)
            if following is not None:
                frozen.append(following)
        elif verb == "ignore":
            words.update(match.group("args").split())
    if off_start is not None:
        frozen.append(Span(off_start, len(text)))
    return Directives(merge_spans(frozen), frozenset(words))


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end == -1 else end + 1


def _next_content_line(text: str, start: int) -> Span | None:
    position = start
    while position < len(text):
        end = _line_end(text, position)
        if text[position:end].strip():
            return Span(position, end)
        position = end
    return None
