"""Interactive review, without the terminal: changes flattened onto the original, and decisions.

A ``FixResult`` records each step's edits in the coordinates of that step's input. To let an
editor accept or reject every change on its own, ``flatten`` re-expresses them all as
independent edits over the original text (merging a later edit with an earlier one it builds on).
A ``ReviewSession`` then takes one answer per item and produces the text to write. The terminal
side (prompts, colours) lives in ``cli`` and ``render``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from textfix.model import Edit, FixResult, Span, apply_edits

SPACING_RULE = "chrome.spacing"


@dataclass(frozen=True)
class Item:
    """One reviewable change over the original text."""

    edit: Edit
    applied_by_default: bool

    @property
    def rule(self) -> str:
        return self.edit.rule


@dataclass
class _Flat:
    span: Span  # in the original text
    replacement: str
    rules: list[str]
    confidence: float
    reason: str
    alternatives: tuple[str, ...] = ()


def _current_start(flat: Sequence[_Flat], index: int) -> int:
    """Where flat edit ``index`` starts in the current text."""
    delta = sum(len(f.replacement) - len(f.span) for f in flat[:index])
    return flat[index].span.start + delta


def _to_original(position: int, flat: Sequence[_Flat]) -> int:
    """Map a position of the current text (outside every replacement) to the original."""
    delta = 0
    for item in flat:
        current_end = item.span.start + delta + len(item.replacement)
        if current_end <= position:
            delta += len(item.replacement) - len(item.span)
        else:
            break
    return position - delta


def flatten(result: FixResult) -> list[Edit]:
    """Every applied edit of ``result`` as independent edits over ``result.original``."""
    flat: list[_Flat] = []
    current = result.original
    for step in result.steps:
        flat = _absorb_step(flat, step.edits, current)
        current = apply_edits(current, step.edits)
    return [
        Edit(f.span, f.replacement, f.rules[-1], f.confidence, f.reason, f.alternatives)
        for f in flat
    ]


def _extent(flat: Sequence[_Flat], index: int) -> tuple[int, int]:
    start = _current_start(flat, index)
    return start, start + len(flat[index].replacement)


def _touches(extent: tuple[int, int], span: Span) -> bool:
    start, end = extent
    if end > start and len(span):
        return start < span.end and span.start < end
    return start <= span.end and span.start <= end


def _absorb_step(prev: list[_Flat], edits: Sequence[Edit], current: str) -> list[_Flat]:
    """Fold one step's edits (current-text coordinates) into the flat list of earlier ones.

    An edit that touches what an earlier edit wrote is merged with it into one change; edits of
    the same step never merge with each other unless they both touch the same earlier change.
    """
    extents = [_extent(prev, i) for i in range(len(prev))]
    clusters: list[tuple[set[int], list[Edit]]] = []
    for edit in edits:
        touched = {i for i, ext in enumerate(extents) if _touches(ext, edit.span)}
        joined = [c for c in clusters if touched and c[0] & touched]
        for cluster in joined:
            clusters.remove(cluster)
            touched |= cluster[0]
        members = [e for cluster in joined for e in cluster[1]] + [edit]
        clusters.append((touched, members))
    merged_away: set[int] = set()
    fresh: list[_Flat] = []
    for touched, members in clusters:
        merged_away |= touched
        fresh.append(_cluster_entry(prev, extents, touched, members, current))
    kept = [item for i, item in enumerate(prev) if i not in merged_away]
    return sorted([*kept, *fresh], key=lambda f: (f.span.start, f.span.end))


def _cluster_entry(
    prev: list[_Flat],
    extents: list[tuple[int, int]],
    touched: set[int],
    members: list[Edit],
    current: str,
) -> _Flat:
    starts = {extents[i][0]: prev[i].span.start for i in touched}
    ends = {extents[i][1]: prev[i].span.end for i in touched}
    current_start = min([*starts, *(e.span.start for e in members)])
    current_end = max([*ends, *(e.span.end for e in members)])
    original_start = starts.get(current_start, _to_original(current_start, prev))
    original_end = ends.get(current_end, _to_original(current_end, prev))
    local = [
        replace(e, span=Span(e.span.start - current_start, e.span.end - current_start))
        for e in members
    ]
    replacement = apply_edits(current[current_start:current_end], local)
    last = members[-1]
    alternatives = last.alternatives if not touched and len(members) == 1 else ()
    return _Flat(
        Span(original_start, original_end),
        replacement,
        [*(rule for i in sorted(touched) for rule in prev[i].rules), *(e.rule for e in members)],
        min([prev[i].confidence for i in touched] + [e.confidence for e in members]),
        "; ".join(dict.fromkeys(e.reason for e in members)),
        alternatives,
    )


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
        items = [Item(edit, True) for edit in flatten(result)]
        items += [Item(_suggestion_in_original(result, s), False) for s in result.suggestions]
        items = [i for i in items if i.edit.span.end <= len(result.original)]
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
            if item.rule == SPACING_RULE:
                self.position += 1
                continue
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
            self.ignored_words.add(self._word(index))
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
        """The original with accepted items applied; spacing follows its neighbouring removals."""
        chosen: list[Edit] = []
        for index, item in enumerate(self.items):
            if index in self.accepted:
                chosen.append(replace(item.edit, replacement=self.accepted[index]))
            elif item.rule == SPACING_RULE and self._neighbour_accepted(index):
                chosen.append(item.edit)
        return apply_edits(self.original, chosen)

    def _neighbour_accepted(self, index: int) -> bool:
        for step in (-1, 1):
            other = index + step
            while 0 <= other < len(self.items) and self.items[other].rule == SPACING_RULE:
                other += step
            if 0 <= other < len(self.items) and other in self.accepted:
                return self.items[other].rule.startswith("chrome.")
        return False


KEYS = {
    "a": "accept",
    "r": "reject",
    "e": "type your own fix",
    "1-9": "pick an alternative",
    "i": "always ignore this word",
    "A": "accept the rest from this rule",
    "q": "write and quit",
}


def _suggestion_in_original(result: FixResult, suggestion: Edit) -> Edit:
    """A suggestion (output coordinates) mapped back onto the original text."""
    flat = [_Flat(e.span, e.replacement, [e.rule], e.confidence, e.reason) for e in flatten(result)]
    start = _to_original(suggestion.span.start, flat)
    return replace(suggestion, span=Span(start, start + len(suggestion.span)))


def _without_overlaps(items: list[Item]) -> list[Item]:
    kept: list[Item] = []
    for item in items:
        if kept and item.edit.span.overlaps(kept[-1].edit.span):
            continue
        if kept and item.edit.span.start < kept[-1].edit.span.end:
            continue
        kept.append(item)
    return kept
