"""Tidy the blank lines that removed lines leave behind, so paragraphs stay one blank apart."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from itertools import compress
from operator import attrgetter

from textfix.document import Document, Line, line_bounds
from textfix.model import Edit, line_removal, trusted_span

TIDY_RULE = "chrome.spacing"
_TIDY_REASON = "blank line left by removed chrome"


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


def removed_lines(doc: Document, edits: Sequence[Edit]) -> set[int]:
    """``removed_line_indices(doc.lines, edits)``, without making the document's lines when
    they are not made yet (a text without ``\r``: its line bounds are found in C)."""
    if "lines" in doc.__dict__ or "\r" in doc.text:
        return removed_line_indices(doc.lines, edits)
    _texts, starts, ends = line_bounds(doc.text)
    return _removed(starts, ends, edits)


# The order tidy_after_removal returns edits in: (span.start, span.end), read in C.
_SPAN_ORDER = attrgetter("span.start", "span.end")


def _removed(starts: list[int], ends: list[int], edits: Sequence[Edit]) -> set[int]:
    """removed_line_indices over the lines' starts and ends (terminator included): the line
    an edit starts on is found by bisection, not by a dictionary of every line's start."""
    removed: set[int] = set()
    size = len(starts)
    for edit in edits:
        if edit.replacement:
            continue
        span = edit.span
        index = bisect_left(starts, span.start)
        if index == size or starts[index] != span.start:
            continue
        while index < size and ends[index] <= span.end:
            removed.add(index)
            index += 1
    return removed


def tidy_after_removal(doc: Document, edits: Sequence[Edit]) -> list[Edit]:
    """``edits`` with the blank-line removals they make necessary (see tidy_with_removed)."""
    return tidy_with_removed(doc, edits)[0]


def tidy_with_removed(doc: Document, edits: Sequence[Edit]) -> tuple[list[Edit], frozenset[int]]:
    """Add edits that delete the blank lines made redundant by whole-line removals.

    Between two kept lines, a gap that held removed lines keeps one blank line if it had any
    blank line at all, and none otherwise; gaps at the start and the end of the text are
    emptied, so a second pass finds nothing to tidy.

    Also returns the indices of the lines the returned edits remove, which the metadata reads
    (``removed_lines(doc, edits)`` of them, found on the way).
    """
    if "lines" in doc.__dict__ or "\r" in doc.text:
        lines = doc.lines
        texts = [line.text for line in lines]
        starts = [line.full.start for line in lines]
        ends = [line.full.end for line in lines]
    else:
        # The lines' texts and bounds, found in C: the lines themselves are not needed.
        texts, starts, ends = line_bounds(doc.text)
    removed = _removed(starts, ends, edits)
    if not removed:
        return list(edits), frozenset()
    size = len(texts)
    # The lines neither removed nor blank, the blank ones picked out by str.strip in C.
    kept = [i for i in compress(range(size), map(str.strip, texts)) if i not in removed]
    # The gaps between kept lines that hold removed lines, each found from its first removed
    # line by bisection (walking every gap, most of them one blank line between paragraphs,
    # cost more), in order.
    tidied: list[int] = []
    right = -1
    for index in sorted(removed):
        if index < right:
            continue  # in the gap just tidied
        position = bisect_left(kept, index)
        left = kept[position - 1] if position else -1
        right = kept[position] if position < len(kept) else size
        blanks = [i for i in range(left + 1, right) if i not in removed]
        at_edge = left == -1 or right == size
        keep_one = not at_edge and bool(blanks)
        tidied.extend(blanks[1:] if keep_one else blanks)
    extra = [_blank_removal(starts[i], ends[i]) for i in tidied]
    return sorted([*edits, *extra], key=_SPAN_ORDER), frozenset(removed.union(tidied))


def _blank_removal(start: int, end: int) -> Edit:
    return line_removal(trusted_span(start, end), TIDY_RULE, 0.99, _TIDY_REASON)
