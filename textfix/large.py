"""Inputs far larger than an article, fixed a chunk at a time in time linear in their size.

An article is tens of kilobytes; a 100 MB file is a dump, a log or a corpus. ``fix_large``
splits such a text into chunks of about ``CHUNK`` characters and runs the rule chain on each,
so that no rule ever sees more than a chunk (rules may be linear per line but look at the whole
document for context; on a chunk that work stays bounded), then joins the results into one
``FixResult`` whose steps replay on the whole text exactly as ``fix_text``'s would.

Where chunks are cut:

- at runs of empty lines (paragraph breaks); the run itself belongs to no chunk, and becomes one
  empty line when ``normalize.blank-lines`` runs (else it is kept as it is);
- inside a paragraph longer than ``MAX_CHUNK``, after a line break;
- inside a single line longer than that, before a space or tab (or, with none, anywhere but
  between ``\\r`` and ``\\n``).

The final line break (``normalize.final-newline``) is added once, to the whole text. Chrome
rules judge a line by its place in an article (header and footer zones, repetition across the
article); a text over ``LARGE`` characters is not one article, so chrome rules are skipped on
it. Normalise and typo rules run per chunk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from textfix.engine import MAX_PASSES, active_rules, fix_text
from textfix.model import Edit, FixResult, Metadata, Span, Step
from textfix.rules import GROUPED_PHASES, PHASES
from textfix.rules.normalize import line_ending
from textfix.settings import Settings

LARGE = 4_000_000  # characters; larger inputs are fixed chunk by chunk
LARGE_LINES = 100_000  # line breaks; an article has hundreds, so more is not one either
CHUNK = 256_000  # aim for chunks about this long
MAX_CHUNK = 1_000_000  # never longer than this

BLANK_RULE = "normalize.blank-lines"
FINAL_RULE = "normalize.final-newline"
# Cuts sit between two non-blank lines, the first without trailing whitespace, so that no
# chunk starts or ends with a blank line or a space the whole-text rules would treat otherwise.
_BREAK = r"(?:\r\n|\r(?!\n)|\n)"  # a CRLF is one break, never a CR and an LF
_RUN_START_RE = re.compile(rf"(?<=\S){_BREAK}{_BREAK}")
_RUN_EXTENT_RE = re.compile(rf"{_BREAK}+")
_CONTENT_NEXT_RE = re.compile(r"[ \t]*\S")
_LINE_CUT_RE = re.compile(rf"(?<=\S){_BREAK}(?=[ \t]*\S)")
_BREAK_RE = re.compile(r"\r\n|\r|\n")
_SPACE_CUT_RE = re.compile(r"(?<=\S)[ \t]+(?=\S)")
_VISIBLE_PAIR_RE = re.compile(r"\S(?=\S)")


@dataclass(frozen=True)
class Piece:
    """A chunk to fix (``separator`` False) or a run of empty lines between two chunks."""

    start: int
    end: int
    separator: bool


def pieces(text: str, chunk: int = CHUNK, max_chunk: int = MAX_CHUNK) -> Iterator[Piece]:
    """Cut ``text`` into chunks and separators covering it in order, without a gap."""
    start = 0
    length = len(text)
    while start < length:
        if length - start <= chunk:
            yield Piece(start, length, False)
            return
        run = _empty_run(text, start, chunk, max_chunk)
        if run is not None:
            # The first line break ends the paragraph's last line; the rest are empty lines.
            first = _BREAK_RE.match(text, run[0])
            assert first is not None
            yield Piece(start, first.end(), False)
            yield Piece(first.end(), run[1], True)
            start = run[1]
            continue
        cut = _cut_inside(text, start, chunk, max_chunk)
        yield Piece(start, cut, False)
        start = cut


def _empty_run(text: str, start: int, chunk: int, max_chunk: int) -> tuple[int, int] | None:
    """The first run of empty lines that starts in reach and ends at ``chunk`` or later.

    A run may reach far past the window (a million empty lines); it is followed to its end
    once, so the cut falls after it, not inside it.
    """
    limit = min(len(text), start + max_chunk)
    for head in _RUN_START_RE.finditer(text, start + 1, limit):
        extent = _RUN_EXTENT_RE.match(text, head.start())
        assert extent is not None
        if extent.end() >= start + chunk and _CONTENT_NEXT_RE.match(text, extent.end()):
            return head.start(), extent.end()
    return None


def _cut_inside(text: str, start: int, chunk: int, max_chunk: int) -> int:
    """Where to end a chunk that has no paragraph break in reach."""
    limit = min(len(text), start + max_chunk)
    line = _LINE_CUT_RE.search(text, start + chunk, limit)
    if line is not None:
        return line.end()
    # Before spaces that sit between two words, so no chunk starts or ends a line with
    # whitespace that the trailing-whitespace rule would see differently.
    space = _SPACE_CUT_RE.search(text, start + chunk, limit)
    if space is not None:
        return space.start()
    # No space at all: cut between two visible characters at or after the limit (a word may
    # be split; a run of whitespace never is, nor a CRLF).
    visible = _VISIBLE_PAIR_RE.search(text, max(start + 1, limit - 1))
    return len(text) if visible is None else visible.start() + 1


def is_large(text: str) -> bool:
    """Whether ``text`` is too large to be one article (by characters or by lines)."""
    return len(text) > LARGE or text.count("\n") + text.count("\r") > LARGE_LINES


def step_names(settings: Settings) -> list[str]:
    """Slots for the steps ``fix_text`` may produce, in order (see engine.fix_text): each
    group's name, once per pass. A chunk's steps take increasing slots, so the steps of all
    chunks, filed by slot, replay on the whole text (chunks are disjoint, so only the order of
    each chunk's own steps matters)."""
    rules = active_rules(settings)
    names: list[str] = []
    for phase in PHASES:
        phase_rules = [r for r in rules if r.phase == phase]
        if not phase_rules:
            continue
        if phase in GROUPED_PHASES:
            names.append(phase_rules[0].id if len(phase_rules) == 1 else phase)
        else:
            names.extend(r.id for r in phase_rules)
    return names * MAX_PASSES


def _without_chrome(settings: Settings) -> Settings:
    return replace(settings, ignore=(*settings.ignore, "chrome"))


def fix_large(
    text: str,
    settings: Settings | None = None,
    *,
    chunk: int | None = None,
    max_chunk: int | None = None,
) -> FixResult:
    """``fix_text`` for a text of any size: chunk by chunk (see the module docstring)."""
    chunk = CHUNK if chunk is None else chunk
    max_chunk = MAX_CHUNK if max_chunk is None else max_chunk
    settings = _without_chrome(settings or Settings())
    inner = replace(settings, ignore=(*settings.ignore, FINAL_RULE))
    names = step_names(settings)
    order: dict[str, int] = {}  # a name's first slot (the first pass)
    for index, name in enumerate(names):
        order.setdefault(name, index)
    collapse = BLANK_RULE in order
    # Per step: its edits in the coordinates of the whole text as that step sees it.
    edits: list[list[Edit]] = [[] for _ in names]
    suggestions: list[Edit] = []
    # Where the current piece starts in the whole text before each step, and at the end.
    offsets = [0] * (len(names) + 1)
    parts: list[str] = []
    language: str | None = None
    all_pieces = list(pieces(text, chunk, max_chunk))
    if len(all_pieces) > 1 and not all_pieces[-2].separator:
        tail = all_pieces[-1]
        if not text[tail.start : tail.end].strip():
            # Only whitespace left after a cut: it belongs to the end of the last line.
            all_pieces[-2:] = [Piece(all_pieces[-2].start, tail.end, False)]
    for number, piece in enumerate(all_pieces):
        segment = text[piece.start : piece.end]
        last = number == len(all_pieces) - 1
        if piece.separator:
            # Blank lines at the very end go altogether, as the rule does on a whole text.
            after = ("" if last else _collapsed(segment)) if collapse else segment
            lengths = _separator_lengths(names, order, segment, after)
            if after != segment:
                step = order[BLANK_RULE]
                edits[step].append(
                    Edit(
                        Span(offsets[step] + len(after), offsets[step] + len(segment)),
                        "",
                        BLANK_RULE,
                        0.99,
                        "run of blank lines collapsed",
                    )
                )
        else:
            result = fix_text(segment, inner)
            after = result.text
            language = language or result.metadata.language
            lengths = _chunk_lengths(names, result, edits, offsets)
            suggestions.extend(
                replace(s, span=s.span.shifted(offsets[-1])) for s in result.suggestions
            )
        for index, length in enumerate(lengths):
            offsets[index] += length
        parts.append(after)
    fixed = "".join(parts)
    if FINAL_RULE in order and fixed.strip() and not fixed.endswith(("\n", "\r")):
        # The whole text's last line, in the whole text's line-ending style.
        step = order[FINAL_RULE]
        ending = line_ending(fixed)  # typo edits never add or remove line breaks
        edits[step].append(
            Edit(
                Span(offsets[step], offsets[step]),
                ending,
                FINAL_RULE,
                0.99,
                "final line break added",
            )
        )
        fixed += ending
    steps = tuple(
        Step(name, tuple(found)) for name, found in zip(names, edits, strict=True) if found
    )
    return FixResult(
        original=text,
        text=fixed,
        steps=steps,
        suggestions=tuple(suggestions),
        metadata=Metadata(language=language),
    )


def _collapsed(separator: str) -> str:
    """One empty line: the first line break of the run (the run's own style)."""
    first = _BREAK_RE.match(separator)
    assert first is not None
    return separator[: first.end()]


def _separator_lengths(
    names: list[str], order: dict[str, int], before: str, after: str
) -> list[int]:
    """The separator's length as each step sees it, and at the end."""
    if before == after:
        return [len(before)] * (len(names) + 1)
    step = order[BLANK_RULE]
    return [len(before) if i <= step else len(after) for i in range(len(names) + 1)]


def _chunk_lengths(
    names: list[str],
    result: FixResult,
    edits: list[list[Edit]],
    offsets: list[int],
) -> list[int]:
    """File the chunk's edits under the whole text's steps; its length before each step."""
    lengths = [len(result.original)] * (len(names) + 1)
    length = len(result.original)
    position = 0  # index into names
    for step in result.steps:
        index = names.index(step.name, position)  # the next slot of that name
        for i in range(position, index + 1):
            lengths[i] = length
        edits[index].extend(replace(e, span=e.span.shifted(offsets[index])) for e in step.edits)
        length += sum(len(e.replacement) - len(e.span) for e in step.edits)
        position = index + 1
    for i in range(position, len(names) + 1):
        lengths[i] = length
    return lengths
