"""The text a rule looks at, with what every rule needs to know about it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, compress, count
from operator import add

from textfix import directives, language, patterns, tokens
from textfix.model import Span

_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


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
    # The writer's ``ignore-regex`` patterns: their matches are frozen like code blocks.
    ignore_regex: tuple[str, ...] = ()

    @cached_property
    def protected(self) -> tuple[Span, ...]:
        return tokens.protected_spans(self.text)

    @cached_property
    def directives(self) -> directives.Directives:
        return directives.parse(self.text)

    @cached_property
    def frozen(self) -> tuple[Span, ...]:
        """Spans no rule may touch: front matter, code fences, regions switched off inline,
        matches of ``ignore-regex`` (patterns.PatternTimeout if one runs out of time)."""
        spans = [*tokens.verbatim_spans(self.text), *self.directives.frozen]
        if self.ignore_regex:
            spans.extend(patterns.spans(self.ignore_regex, self.text))
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
        prose = sorted(self._line_texts(), key=len, reverse=True)[:20]
        return language.detect("\n".join(prose)).code

    def content_lines(self) -> list[tuple[Line, str]]:
        """The lines that are not blank, each with its text stripped: ``[(line,
        line.text.strip()) for line in self.lines if not line.is_blank]``."""
        lines, texts = self.content_columns()
        return list(zip(lines, texts, strict=True))

    def content_columns(self) -> tuple[list[Line], list[str]]:
        """:meth:`content_lines` as two lists, the lines and their stripped texts.

        The chrome analysis reads only these. A page is about 40% blank lines, and every pass
        splits a new text: the blank ones are not made at all unless ``lines`` already were.
        Two lists, not a list of pairs: the analysis maps over each, and made in C.
        """
        if "lines" in self.__dict__ or "\r" in self.text:
            lines = [line for line in self.lines if line.text.strip()]
            return lines, [line.text.strip() for line in lines]
        return _content_columns(self.text)

    def _line_texts(self) -> list[str]:
        """The text of each of ``lines``, without making the lines when they are not made yet:
        a text without "\r" is cut at its "\n"s, the empty piece after a final one dropped."""
        if "lines" in self.__dict__ or "\r" in self.text:
            return [line.text for line in self.lines]
        pieces = self.text.split("\n")
        if not pieces[-1]:
            pieces.pop()
        return pieces

    def is_protected(self, span: Span) -> bool:
        return tokens.touches_any(span, self.protected)

    def protected_among(self, spans: Sequence[Span]) -> list[bool]:
        """``is_protected`` for each of ``spans``, asked at once.

        A normalisation rule edits a few lines of a text no rule has tokenised yet, and each
        rule that changes something makes a new text: only the lines the spans are on are
        read then (tokens.touching_on_lines), not the whole text once per rule.
        """
        if "protected" not in self.__dict__:
            found = tokens.touching_on_lines(self.text, spans)
            if found is not None:
                return found
        protected = self.protected
        return [tokens.touches_any(span, protected) for span in spans]


# Cached for the few latest texts: each pass starts a new Document on the text the last one ended
# with, and fix_text's final language check does too. Lines are immutable, so sharing is safe.
@lru_cache(maxsize=4)
def split_lines(text: str) -> tuple[Line, ...]:
    """Lines with spans; ``\\r\\n``, ``\\r`` and ``\\n`` all end a line (the style is kept).

    One regex pass: looking for the next ``\\r`` and ``\\n`` separately from every line would
    rescan a text without ``\\r`` to its end once per line, quadratic in a million lines.
    """
    if "\r" not in text:
        return _split_at_newlines(text)
    result: list[Line] = []
    start = 0
    for index, match in enumerate(_LINE_BREAK_RE.finditer(text)):
        end = match.start()
        result.append(Line(index, text[start:end], Span(start, end), Span(start, match.end())))
        start = match.end()
    if start < len(text):
        rest = Span(start, len(text))
        result.append(Line(len(result), text[start:], rest, rest))
    return tuple(result)


_new = object.__new__
_set = object.__setattr__


def _split_at_newlines(text: str) -> tuple[Line, ...]:
    """split_lines for a text without ``\r``: cut with str.split, and each Line and Span made
    without the dataclass __init__ (the same objects: equal, same hash and repr; the spans are
    valid by construction). A page has hundreds of lines and every pass splits it again: the
    __init__ calls were most of the cost."""
    pieces = text.split("\n")
    last = pieces.pop()
    result: list[Line] = []
    append = result.append
    start = 0
    for index, piece in enumerate(pieces):
        append(_line_ending_in_newline(index, piece, start))
        start += len(piece) + 1
    if last:
        rest = Span(start, len(text))
        append(Line(len(result), last, rest, rest))
    return tuple(result)


def _line_ending_in_newline(index: int, piece: str, start: int) -> Line:
    """``Line(index, piece, Span(start, end), Span(start, end + 1))`` for a line that a "\n"
    ends, made without the dataclass __init__ (the same object: equal, same hash and repr; the
    spans are valid by construction). A line's attributes are set as one dict, in field order
    (one frozen-bypassing call, not four); a span's two one by one, which costs less."""
    end = start + len(piece)
    span = _new(Span)
    _set(span, "start", start)
    _set(span, "end", end)
    full = _new(Span)
    _set(full, "start", start)
    _set(full, "end", end + 1)
    line = _new(Line)
    _set(line, "__dict__", {"index": index, "text": piece, "span": span, "full": full})
    return line


def line_bounds(text: str) -> tuple[list[str], list[int], list[int]]:
    """For a text without ``\r``: the text of each line, where each starts, and where each
    ends with its terminator (``line.text``, ``line.full.start`` and ``line.full.end`` of
    ``split_lines(text)``), computed in C without making the lines."""
    pieces = text.split("\n")
    last = pieces.pop()
    # Where each piece starts: the lengths before it, and one "\n" after each of those.
    starts = list(map(add, accumulate(map(len, pieces), initial=0), count()))
    ends = starts[1:]
    if last:
        pieces.append(last)
        ends.append(len(text))
    else:
        starts.pop()
    return pieces, starts, ends


def _content_columns(text: str) -> tuple[list[Line], list[str]]:
    """Document.content_columns for a text without ``\r``: the non-blank lines picked out in C
    (``str.strip`` mapped over the pieces, ``compress`` keeping the pieces, their indices and
    starts where it left text), and only those made, as _line_ending_in_newline makes them
    (inline: a call per line cost as much as making its three objects)."""
    pieces = text.split("\n")
    last = pieces.pop()
    stripped = list(map(str.strip, pieces))
    starts = accumulate(map(len, pieces), initial=0)
    lines: list[Line] = []
    append = lines.append
    new, set_ = _new, _set
    for index, piece, begin in zip(
        compress(count(), stripped),
        compress(pieces, stripped),
        compress(map(add, starts, count()), stripped),
        strict=True,
    ):
        end = begin + len(piece)
        # A span's two fields set one by one, a line's four as one dict: the cheaper way for
        # each (measured).
        span = new(Span)
        set_(span, "start", begin)
        set_(span, "end", end)
        full = new(Span)
        set_(full, "start", begin)
        set_(full, "end", end + 1)
        line = new(Line)
        set_(line, "__dict__", {"index": index, "text": piece, "span": span, "full": full})
        append(line)
    texts = list(compress(stripped, stripped))
    if last and (rest_text := last.strip()):
        begin = len(text) - len(last)
        rest = Span(begin, len(text))
        append(Line(len(pieces), last, rest, rest))
        texts.append(rest_text)
    return lines, texts
