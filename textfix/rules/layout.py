"""Tidy the blank lines that removed lines leave behind, so paragraphs stay one blank apart."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from textfix.document import Document, Line
from textfix.model import Edit

TIDY_RULE = "chrome.spacing"


def removed_line_indices(lines: Sequence[Line], edits: Sequence[Edit]) -> set[int]:
    """Indices of lines whose whole extent (terminator included) an edit deletes."""
    removed: set[int] = set()
    by_start = {line.full.start: line for line in lines}
    for edit in edits:
        if edit.replacement:
            continue
        line = by_start.get(edit.span.start)
        while line is not None and line.full.end <= edit.span.end:
            removed.add(line.index)
            line = lines[line.index + 1] if line.index + 1 < len(lines) else None
    return removed


def tidy_after_removal(doc: Document, edits: Sequence[Edit]) -> list[Edit]:
    """Add edits that delete the blank lines made redundant by whole-line removals.

    Between two kept lines, a gap that held removed lines keeps one blank line if it had any
    blank line at all, and none otherwise; gaps at the start and the end of the text are
    emptied, so a second pass finds nothing to tidy.
    """
    lines = doc.lines
    removed = removed_line_indices(lines, edits)
    if not removed:
        return list(edits)
    extra: list[Edit] = []
    kept = [i for i, line in enumerate(lines) if i not in removed and not line.is_blank]
    boundaries = [-1, *kept, len(lines)]
    for left, right in itertools.pairwise(boundaries):
        gap = range(left + 1, right)
        if not any(i in removed for i in gap):
            continue
        blanks = [i for i in gap if i not in removed]
        at_edge = left == -1 or right == len(lines)
        keep_one = not at_edge and bool(blanks)
        for i in blanks[1:] if keep_one else blanks:
            line = lines[i]
            extra.append(Edit(line.full, "", TIDY_RULE, 0.99, "blank line left by removed chrome"))
    return sorted([*edits, *extra], key=lambda e: (e.span.start, e.span.end))
