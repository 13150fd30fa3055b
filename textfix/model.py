"""The values that flow through textfix: spans, edits, steps and results.

Every value is a frozen dataclass so that results can be cached, compared and shipped to
worker processes without surprises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, le


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of code points."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        """True when the spans share a code point, or an insertion sits strictly inside."""
        if self.start == self.end or other.start == other.end:
            # An insertion point only conflicts when it falls strictly inside the other span.
            point, span = (self, other) if self.start == self.end else (other, self)
            return span.start < point.start < span.end
        return self.start < other.end and other.start < self.end

    def shifted(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)


@dataclass(frozen=True)
class Edit:
    """One proposed change: replace ``span`` of a rule's input with ``replacement``.

    ``rule`` is a dotted id such as ``typos.nonword``; ``reason`` is one short line an editor
    can read; ``alternatives`` ranks other replacements the rule considered plausible.
    """

    span: Span
    replacement: str
    rule: str
    confidence: float
    reason: str
    alternatives: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be within [0, 1], got {self.confidence}")

    @property
    def is_ambiguous(self) -> bool:
        return bool(self.alternatives)

    def before(self, text: str) -> str:
        return text[self.span.start : self.span.end]


_new = object.__new__


def trusted_span(start: int, end: int) -> Span:
    """``Span(start, end)`` for bounds already known to be valid (``0 <= start <= end``), made
    without the dataclass __init__ and its check (the same object: equal, same hash and repr).
    A normalisation rule makes one per run of characters it finds."""
    span = _new(Span)
    # Set one by one: cheaper than one dict for two fields (measured).
    object.__setattr__(span, "start", start)
    object.__setattr__(span, "end", end)
    return span


def trusted_edit(span: Span, replacement: str, rule: str, confidence: float, reason: str) -> Edit:
    """``Edit(span, replacement, rule, confidence, reason)`` for a ``confidence`` already
    known to be valid, made without the dataclass __init__ (the same object: equal, same hash
    and repr). The fields go straight into the new object's own dictionary, in field order:
    cheaper than setting them through object.__setattr__ or as one dictionary."""
    edit = _new(Edit)
    fields = edit.__dict__
    fields["span"] = span
    fields["replacement"] = replacement
    fields["rule"] = rule
    fields["confidence"] = confidence
    fields["reason"] = reason
    fields["alternatives"] = ()
    return edit


def line_removal(span: Span, rule: str, confidence: float, reason: str) -> Edit:
    """``Edit(span, "", rule, confidence, reason)`` for a ``confidence`` already known to be
    valid: trusted_edit with an empty replacement, written out because chrome rules propose a
    removal for most lines of a page (the frozen __init__ was a twentieth of the chrome phase,
    and a call more costs a tenth of this one)."""
    edit = _new(Edit)
    fields = edit.__dict__
    fields["span"] = span
    fields["replacement"] = ""
    fields["rule"] = rule
    fields["confidence"] = confidence
    fields["reason"] = reason
    fields["alternatives"] = ()
    return edit


@dataclass(frozen=True)
class Step:
    """The edits one rule (or one grouped phase) applied, in the coordinates of its input."""

    name: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Metadata:
    """What chrome stripping learnt about the article instead of silently dropping it."""

    title: str | None = None
    byline: str | None = None
    date: str | None = None
    source: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class DocumentContext:
    """What a caller knows about a document beyond its text, such as a batch run's learning.

    ``recurring`` maps the key of a line (``textfix.rules.chrome.profiles.line_key``) to the
    number of the ``source``'s documents it occurs in; the ``chrome.learned`` rule reads it.
    """

    source: str | None = None
    source_documents: int = 0
    recurring: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FixResult:
    """The outcome of running the rule chain over one text."""

    original: str
    text: str
    steps: tuple[Step, ...]
    suggestions: tuple[Edit, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def edits(self) -> tuple[Edit, ...]:
        """Every applied edit, each in the coordinates of its own step's input."""
        return tuple(edit for step in self.steps for edit in step.edits)

    def replay(self) -> list[str]:
        """Re-apply each step to the original; returns the text after every step."""
        texts = [self.original]
        for step in self.steps:
            texts.append(apply_edits(texts[-1], step.edits))
        return texts

    def explain(self) -> list[str]:
        """One human-readable line per applied edit, in the order they were applied."""
        lines: list[str] = []
        current = self.original
        for step in self.steps:
            for edit in step.edits:
                before = edit.before(current)
                lines.append(
                    f"{edit.rule}: {before!r} -> {edit.replacement!r} "
                    f"({edit.reason}; confidence {edit.confidence:.2f})"
                )
            current = apply_edits(current, step.edits)
        return lines


_START = attrgetter("span.start")
_END = attrgetter("span.end")


def check_edits(text: str, edits: Sequence[Edit]) -> None:
    """Raise ValueError unless the edits are sorted, inside the text and non-overlapping."""
    # Told in C when they are (the engine checks hundreds of chrome edits on every page): each
    # starts where the one before ends or after it, and none ends past the text. Sorted so,
    # no two overlap (Span.overlaps needs a start before the other's end, for insertion points
    # as well).
    ends = list(map(_END, edits))
    if max(ends, default=0) <= len(text) and all(map(le, ends, map(_START, edits[1:]))):
        return
    previous: Span | None = None
    for edit in edits:
        if edit.span.end > len(text):
            raise ValueError(f"{edit.rule}: span {edit.span} is outside the text")
        if previous is not None and (
            edit.span.start < previous.end or edit.span.overlaps(previous)
        ):
            raise ValueError(f"{edit.rule}: span {edit.span} overlaps {previous}")
        previous = edit.span


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply sorted, non-overlapping edits to ``text`` in one pass."""
    parts: list[str] = []
    cursor = 0
    for edit in edits:
        parts.append(text[cursor : edit.span.start])
        parts.append(edit.replacement)
        cursor = edit.span.end
    parts.append(text[cursor:])
    return "".join(parts)


def map_position(position: int, edits: Sequence[Edit]) -> int | None:
    """Where ``position`` of an input lands after ``edits``; None if an edit swallowed it."""
    delta = 0
    for edit in edits:
        if edit.span.end <= position and not (edit.span.start == edit.span.end == position):
            delta += len(edit.replacement) - len(edit.span)
        elif edit.span.start < position < edit.span.end:
            return None
        elif edit.span.start >= position:
            break
    return position + delta


def map_span(span: Span, edits: Sequence[Edit]) -> Span | None:
    """Map a span through edits; None when an edit touches its inside."""
    for edit in edits:
        if edit.span.start < span.end and span.start < edit.span.end:
            return None
    start = map_position(span.start, edits)
    end = map_position(span.end, edits)
    if start is None or end is None:
        return None
    return Span(start, end)
