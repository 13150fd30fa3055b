"""What a run found: findings located in the original file, per-file outcomes, the exit code.

A FixResult keeps each applied edit in the coordinates of its own step's input and each
suggestion in the coordinates of the final text. Editors and CI want positions in the file as
it is on disk, so every edit is mapped back through the earlier steps to the original text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from textfix.model import Edit, FixResult, apply_edits

EXIT_CLEAN = 0
EXIT_CHANGED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 123

Side = Literal["start", "end"]
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_WORD_CHAR_RE = re.compile(r"\w")


@dataclass(frozen=True)
class Finding:
    """One applied edit or suggestion, located in the original text (lines, columns from 1)."""

    path: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    before: str
    after: str
    confidence: float
    reason: str
    applied: bool
    alternatives: tuple[str, ...] = ()
    # True when ``before`` is exactly the original's text at [start, end), so the finding is a
    # fix for the file on disk; false for an edit of another rule's output.
    on_original: bool = True

    def record(self) -> dict[str, object]:
        """The JSON record of this finding (a stable contract: add keys, never rename)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "before": self.before,
            "after": self.after,
            "confidence": self.confidence,
            "reason": self.reason,
            "applied": self.applied,
            "alternatives": list(self.alternatives),
        }


@dataclass(frozen=True)
class Change:
    """A region of the original text and what it became, with the findings that changed it."""

    start: int
    end: int
    before: str
    after: str
    findings: tuple[Finding, ...]


class _Shift:
    """Position mapping across one step: input <-> output, O(log n) per position.

    ``side`` settles the positions an edit makes ambiguous: a span's start maps before an
    insertion made at it and its end after, so a mapped span covers everything that touched it.
    """

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.edits = edits
        self.in_end: list[int] = []
        self.out_end: list[int] = []
        self.delta: list[int] = [0]  # delta[i]: output - input before edit i
        for edit in edits:
            shift = self.delta[-1]
            self.in_end.append(edit.span.end)
            self.out_end.append(edit.span.start + shift + len(edit.replacement))
            self.delta.append(shift + len(edit.replacement) - len(edit.span))

    def back(self, position: int, side: Side) -> int:
        """Where an output position came from in the step's input."""
        index = bisect.bisect_left(self.out_end, position)
        delta = self.delta[index]
        for i in range(index, len(self.edits)):
            edit = self.edits[i]
            out_start = edit.span.start + delta
            if position < out_start or (position == out_start and side == "end"):
                break
            if position < out_start + len(edit.replacement):
                return edit.span.start if side == "start" else edit.span.end
            delta += len(edit.replacement) - len(edit.span)
        return position - delta

    def forward(self, position: int, side: Side) -> int:
        """Where an input position lands in the step's output."""
        index = bisect.bisect_left(self.in_end, position)
        delta = self.delta[index]
        for i in range(index, len(self.edits)):
            edit = self.edits[i]
            start, end = edit.span.start, edit.span.end
            if end < position or (end == position and (start < position or side == "end")):
                delta += len(edit.replacement) - len(edit.span)
                continue
            if start < position < end:
                return start + delta + (len(edit.replacement) if side == "end" else 0)
            break
        return position + delta


class LineIndex:
    """Offsets to 1-based (line, column) pairs; ``\\r\\n``, ``\\r`` and ``\\n`` end a line."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _LINE_BREAK_RE.finditer(text))]

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def findings(path: str, result: FixResult) -> tuple[Finding, ...]:
    """Every applied edit and suggestion, located in ``result.original``, in file order."""
    shifts = [_Shift(step.edits) for step in result.steps]
    lines = LineIndex(result.original)
    found: list[Finding] = []

    def make(edit: Edit, start: int, end: int, before: str, applied: bool) -> Finding:
        line, column = lines.locate(start)
        end_line, end_column = lines.locate(end)
        return Finding(
            path,
            start,
            end,
            line,
            column,
            end_line,
            end_column,
            edit.rule,
            before,
            edit.replacement,
            edit.confidence,
            edit.reason,
            applied,
            edit.alternatives,
            result.original[start:end] == before,
        )

    current = result.original  # each step's input, one at a time: memory stays at two texts
    for index, step in enumerate(result.steps):
        for edit in step.edits:
            start, end = _back_through(shifts[:index], edit.span.start, edit.span.end)
            found.append(make(edit, start, end, edit.before(current), True))
        current = apply_edits(current, step.edits)
    for edit in result.suggestions:
        start, end = _back_through(shifts, edit.span.start, edit.span.end)
        found.append(make(edit, start, end, edit.before(result.text), False))
    # In file order, as editors and CI annotations expect; the sort is stable, so edits at one
    # place keep the order they were applied in.
    return tuple(sorted(found, key=lambda f: (f.start, f.end)))


def _back_through(shifts: Sequence[_Shift], start: int, end: int) -> tuple[int, int]:
    for shift in reversed(shifts):
        start, end = shift.back(start, "start"), shift.back(end, "end")
        # An insertion where an earlier step deleted text maps to that deletion's far ends.
        start, end = min(start, end), max(start, end)
    return start, end


def changes(result: FixResult, found: Sequence[Finding]) -> tuple[Change, ...]:
    """Applied findings merged into regions of the original, widened to whole words.

    Prose is read in words: a repair inside a word is shown as the whole word replaced, and
    edits that touch or overlap (including a later rule editing an earlier rule's output) are
    one change that lists every rule involved.
    """
    original = result.original
    regions: list[tuple[int, int, list[Finding]]] = []
    for finding in sorted((f for f in found if f.applied), key=lambda f: (f.start, f.end)):
        start, end = _whole_words(original, finding.start, finding.end, finding.after)
        if regions and start <= regions[-1][1]:
            last_start, last_end, members = regions[-1]
            members.append(finding)
            regions[-1] = (last_start, max(last_end, end), members)
        else:
            regions.append((start, end, [finding]))
    shifts = [_Shift(step.edits) for step in result.steps]
    result_changes = []
    for start, end, members in regions:
        new_start, new_end = start, end
        for shift in shifts:
            new_start, new_end = shift.forward(new_start, "start"), shift.forward(new_end, "end")
        result_changes.append(
            Change(start, end, original[start:end], result.text[new_start:new_end], tuple(members))
        )
    return tuple(result_changes)


def _whole_words(text: str, start: int, end: int, replacement: str) -> tuple[int, int]:
    """Widen a span to whole words when the edit touches a word without a space between
    (``doesnÃ¢â‚¬â„¢t`` -> ``doesn’t`` is shown whole; a replaced no-break space is not)."""

    def word(i: int) -> bool:
        return 0 <= i < len(text) and _WORD_CHAR_RE.match(text[i]) is not None

    def solid(chars: str) -> bool:
        return bool(chars) and not chars.isspace()

    first = text[start:end][:1] or replacement[:1]
    last = text[start:end][-1:] or replacement[-1:]
    if word(start - 1) and solid(first):
        while word(start - 1):
            start -= 1
    if word(end) and solid(last):
        while word(end):
            end += 1
    return start, end


class Status(Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    SKIPPED = "skipped"  # binary: nothing to do, but the caller should know
    FAILED = "failed"  # bad input, config or write: the file is as it was
    CRASHED = "crashed"  # a bug in textfix


@dataclass(frozen=True)
class Outcome:
    """What happened to one input."""

    name: str
    status: Status
    message: str = ""
    edits: int = 0
    suggestions: int = 0


def exit_code(outcomes: Iterable[Outcome], *, changes_fail: bool) -> int:
    """123 if textfix crashed, else 2 if an input could not be handled, else 1 if ``changes_fail``
    and something would change, else 0."""
    statuses = {outcome.status for outcome in outcomes}
    if Status.CRASHED in statuses:
        return EXIT_INTERNAL
    if statuses & {Status.FAILED, Status.SKIPPED}:
        return EXIT_USAGE
    if changes_fail and Status.CHANGED in statuses:
        return EXIT_CHANGED
    return EXIT_CLEAN


_VERBS = {
    "fix": ("fixed", "left unchanged"),
    "check": ("would be changed", "already clean"),
    "diff": ("would be changed", "already clean"),
    "review": ("written", "left unchanged"),
}


def summary(outcomes: Sequence[Outcome], command: str) -> str:
    """One line for stderr, e.g. ``2 files would be changed, 1 file already clean, 1 error.``"""
    counts = Counter(outcome.status for outcome in outcomes)
    changed_verb, clean_verb = _VERBS.get(command, ("changed", "unchanged"))
    parts = []
    if counts[Status.CHANGED]:
        edits = sum(outcome.edits for outcome in outcomes)
        parts.append(f"{_files(counts[Status.CHANGED])} {changed_verb} ({_count(edits, 'edit')})")
    if counts[Status.UNCHANGED]:
        parts.append(f"{_files(counts[Status.UNCHANGED])} {clean_verb}")
    if counts[Status.SKIPPED]:
        parts.append(f"{_files(counts[Status.SKIPPED])} skipped (binary)")
    errors = counts[Status.FAILED] + counts[Status.CRASHED]
    if errors:
        parts.append(_count(errors, "error"))
    suggestions = sum(outcome.suggestions for outcome in outcomes)
    if suggestions:
        parts.append(f"{_count(suggestions, 'suggestion')} to review")
    return (", ".join(parts) or "no files") + "."


def _files(count: int) -> str:
    return _count(count, "file")


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
