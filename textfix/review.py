"""Interactive review, without the terminal: the changes of a result, and an editor's decisions.

A ``FixResult`` records each step's edits in the coordinates of that step's input. To let an
editor accept or reject every change on its own, the changes are taken as regions of the
original text (``report.changes``: edits that touch, including a later rule editing an earlier
rule's output, form one change). A ``ReviewSession`` takes one answer per item and produces the
text to write. The terminal side (prompts, colours) lives in ``cli`` and ``render``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from textfix.model import Edit, FixResult, Span, apply_edits
from textfix.report import Change, Finding, changes, findings

SPACING_RULE = "chrome.spacing"
# What "always ignore this word" accepts: one word, with inner apostrophes or hyphens.
_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


@dataclass(frozen=True)
class Item:
    """One reviewable change over the original text."""

    edit: Edit
    applied_by_default: bool

    @property
    def rule(self) -> str:
        return self.edit.rule


def _change_item(change: Change) -> Item:
    """A merged change as one item, named after its first rule that is not a tidy-up."""
    members = change.findings
    named = [f for f in members if f.rule != SPACING_RULE] or list(members)
    reason = "; ".join(dict.fromkeys(f.reason for f in named))
    edit = Edit(
        Span(change.start, change.end),
        change.after,
        named[0].rule,
        min(f.confidence for f in members),
        reason,
    )
    return Item(edit, True)


def _suggestion_item(finding: Finding) -> Item:
    edit = Edit(
        Span(finding.start, finding.end),
        finding.after,
        finding.rule,
        finding.confidence,
        finding.reason,
        finding.alternatives,
    )
    return Item(edit, False)


@dataclass
class ReviewSession:
    """Decisions over the items of one document; ``text()`` is what would be written."""

    original: str
    items: list[Item]
    accepted: dict[int, str] = field(default_factory=dict)
    rejected: set[int] = field(default_factory=set)
    ignored_words: set[str] = field(default_factory=set)
    accept_rules: set[str] = field(default_factory=set)
    position: int = 0
    finished: bool = False

    @classmethod
    def from_result(cls, result: FixResult) -> ReviewSession:
        """Items in file order: applied changes (merged where rules touch) and suggestions."""
        found = findings("", result)
        items = [_change_item(change) for change in changes(result, found)]
        items += [_suggestion_item(f) for f in found if not f.applied and f.on_original]
        items.sort(key=lambda item: (item.edit.span.start, item.edit.span.end))
        return cls(result.original, _without_overlaps(items))

    def pending(self) -> list[int]:
        """Indices still to ask about, spacing tidy-ups excluded (they follow their removals)."""
        return [
            i for i in range(self.position, len(self.items)) if self.items[i].rule != SPACING_RULE
        ]

    def current(self) -> int | None:
        while not self.finished and self.position < len(self.items):
            item = self.items[self.position]
            if item.rule in self.accept_rules:
                self.accepted[self.position] = item.edit.replacement
                self.position += 1
                continue
            if self._word(self.position) in self.ignored_words:
                self.rejected.add(self.position)
                self.position += 1
                continue
            return self.position
        return None

    def answer(self, key: str, custom: str | None = None) -> None:
        """Apply one answer to the current item: a r e 1-9 i A q (see ``KEYS``)."""
        index = self.current()
        if index is None:
            return
        item = self.items[index]
        key = key.strip()
        if key == "a":
            self.accepted[index] = item.edit.replacement
        elif key == "r":
            self.rejected.add(index)
        elif key == "e":
            if custom is None:
                raise ValueError("'e' needs the replacement text")
            self.accepted[index] = custom
        elif key.isdigit() and key != "0":
            choices = (item.edit.replacement, *item.edit.alternatives)
            number = int(key)
            if number > len(choices):
                raise ValueError(f"there is no alternative {number}")
            self.accepted[index] = choices[number - 1]
        elif key == "i":
            word = self._word(index)
            if not _WORD_RE.fullmatch(word):
                raise ValueError(f"'i' ignores a word, and {word!r} is not one; r rejects this")
            self.ignored_words.add(word)
            self.rejected.add(index)
        elif key == "A":
            self.accept_rules.add(item.rule)
            self.accepted[index] = item.edit.replacement
        elif key == "q":
            self.finished = True
            return
        else:
            raise ValueError(f"unknown answer {key!r}; one of {', '.join(KEYS)}")
        self.position = index + 1

    def _word(self, index: int) -> str:
        span = self.items[index].edit.span
        return self.original[span.start : span.end]

    def text(self) -> str:
        """The original with the accepted items applied."""
        chosen = [
            replace(item.edit, replacement=self.accepted[index], alternatives=())
            for index, item in enumerate(self.items)
            if index in self.accepted
        ]
        return apply_edits(self.original, chosen)


KEYS = {
    "a": "accept",
    "r": "reject",
    "e": "type your own fix",
    "1-9": "pick an alternative",
    "i": "always ignore this word",
    "A": "accept the rest from this rule",
    "q": "write and quit",
}


def _without_overlaps(items: list[Item]) -> list[Item]:
    kept: list[Item] = []
    for item in items:
        if kept and item.edit.span.overlaps(kept[-1].edit.span):
            continue
        if kept and item.edit.span.start < kept[-1].edit.span.end:
            continue
        kept.append(item)
    return kept
