"""Checks a result must pass before it may be written over a file (black's ``--safe``, for prose).

The engine already refuses edits inside protected spans; this module checks the outcome
independently, from the original text: every protected span of the original (URLs, e-mails,
code, numbers, markup...) must still be in the output, unchanged and where the steps put it,
unless a chrome rule removed it together with its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from textfix import tokens
from textfix.model import Edit, FixResult, Span


@dataclass(frozen=True)
class Violation:
    """A protected span of the original that the result changed, and the rule that did."""

    span: Span
    text: str
    rule: str


def protected_changes(result: FixResult) -> list[Violation]:
    """Protected spans of ``result.original`` changed by a step other than a chrome removal.

    Linear in the text and the edits: each step is one sweep over both sorted lists.
    """
    original = result.original
    alive = [(span, span.start, span.end) for span in tokens.protected_spans(original)]
    violations: list[Violation] = []
    for step in result.steps:
        edits = step.edits
        moved: list[tuple[Span, int, int]] = []
        j = 0
        delta = 0
        for span, start, end in alive:
            while j < len(edits) and edits[j].span.end <= start:
                delta += len(edits[j].replacement) - len(edits[j].span)
                j += 1
            k = j
            while k < len(edits) and edits[k].span.start < end:
                k += 1
            touching = edits[j:k]
            if not touching:
                moved.append((span, start + delta, end + delta))
            elif not all(_removes_line(edit) for edit in touching):
                violations.append(
                    Violation(span, original[span.start : span.end], touching[0].rule)
                )
        alive = moved
    text = result.text
    for span, start, end in alive:
        if text[start:end] != original[span.start : span.end]:
            violations.append(Violation(span, original[span.start : span.end], "unknown"))
    return violations


def _removes_line(edit: Edit) -> bool:
    """A chrome deletion: the protected text went with the line it was on (allowed)."""
    return edit.rule.startswith("chrome.") and edit.replacement == ""


class UnstableFix(Exception):
    """A second pass would change the fixed text again: a rule bug, so nothing is written."""

    def __init__(self, rules: tuple[str, ...]) -> None:
        super().__init__(rules)
        self.rules = rules


class ProtectedChanged(Exception):
    """The result changed a protected span (a URL, code, a number...): nothing is written."""

    def __init__(self, text: str, line: int, rule: str) -> None:
        super().__init__(text, line, rule)
        self.text = text
        self.line = line
        self.rule = rule


def verify(result: FixResult, again: FixResult, first_line: int = 1) -> None:
    """Raise unless ``result`` keeps every protected span and ``again`` (a second pass over
    ``result.text``) changes nothing. ``first_line`` numbers the first line of
    ``result.original`` in the file, for a text checked a piece at a time."""
    violations = protected_changes(result)
    if violations:
        first = violations[0]
        line = result.original.count("\n", 0, first.span.start) + first_line
        raise ProtectedChanged(first.text, line, first.rule)
    if again.changed:
        raise UnstableFix(tuple(dict.fromkeys(edit.rule for edit in again.edits)))
