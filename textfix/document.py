"""The text a rule looks at, with what every rule needs to know about it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from textfix import directives, language, tokens
from textfix.model import Span


@dataclass(frozen=True)
class Line:
    """One line: ``span`` covers its content, ``full`` also its line terminator."""

    index: int
    text: str
    span: Span
    full: Span

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Document:
    text: str
    language_hint: str | None = None

    @cached_property
    def protected(self) -> tuple[Span, ...]:
        return tokens.protected_spans(self.text)

    @cached_property
    def directives(self) -> directives.Directives:
        return directives.parse(self.text)

    @cached_property
    def frozen(self) -> tuple[Span, ...]:
        """Spans no rule may touch: front matter, code fences, regions switched off inline."""
        spans = [*tokens.verbatim_spans(self.text), *self.directives.frozen]
        return tokens.merge_spans(spans)

    def is_frozen(self, span: Span) -> bool:
        return tokens.touches_any(span, self.frozen)

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        return split_lines(self.text)

    @cached_property
    def language(self) -> str | None:
        """The article's language: the hint if given, else detected from its longest lines."""
        if self.language_hint:
            return self.language_hint
        prose = sorted((line.text for line in self.lines), key=len, reverse=True)[:20]
        return language.detect("\n".join(prose)).code

    def is_protected(self, span: Span) -> bool:
        return tokens.touches_any(span, self.protected)


def split_lines(text: str) -> tuple[Line, ...]:
    """Lines with spans; ``\\r\\n``, ``\\r`` and ``\\n`` all end a line (the style is kept)."""
    result: list[Line] = []
    start = 0
    length = len(text)
    index = 0
    while start < length:
        newline = _next_break(text, start)
        if newline == -1:
            result.append(Line(index, text[start:], Span(start, length), Span(start, length)))
            break
        end = newline
        terminator_end = newline + (2 if text.startswith("\r\n", newline) else 1)
        result.append(Line(index, text[start:end], Span(start, end), Span(start, terminator_end)))
        start = terminator_end
        index += 1
    return tuple(result)


def _next_break(text: str, start: int) -> int:
    lf = text.find("\n", start)
    cr = text.find("\r", start)
    if cr == -1:
        return lf
    if lf == -1:
        return cr
    return min(lf, cr)
