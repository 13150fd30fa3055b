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

``segments`` makes the same cuts from text that arrives in parts, holding about ``MAX_CHUNK``
characters, and ``LargeFix`` fixes one piece at a time: ``streaming`` builds on both to fix a
file of any size in bounded memory, byte for byte as ``fix_large`` does.

The final line break (``normalize.final-newline``) is added once, to the whole text. Chrome
rules judge a line by its place in an article (header and footer zones, repetition across the
article); a text over ``LARGE`` characters is not one article, so chrome rules are skipped on
it. Normalise and typo rules run per chunk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from textfix.engine import MAX_PASSES, active_rules, fix_text
from textfix.model import Edit, FixResult, Metadata, Span, Step
from textfix.rules import GROUPED_PHASES, PHASES
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
_BLANKS_RE = re.compile(r"[ \t]*")


@dataclass(frozen=True)
class Piece:
    """A chunk to fix (``separator`` False) or a run of empty lines between two chunks."""

    start: int
    end: int
    separator: bool


class _NeedMore(Exception):
    """A cut cannot be decided yet: the text read so far ends where the decision looks."""


def pieces(text: str, chunk: int = CHUNK, max_chunk: int = MAX_CHUNK) -> Iterator[Piece]:
    """Cut ``text`` into chunks and separators covering it in order, without a gap."""
    start = 0
    while start < len(text):
        for piece in _next_pieces(text, start, chunk, max_chunk, True):
            yield piece
            start = piece.end


def _next_pieces(text: str, start: int, chunk: int, max_chunk: int, eof: bool) -> list[Piece]:
    """The piece (or chunk and separator) that starts at ``start``.

    ``text`` may be only the text read so far (``eof`` False): the decision is then the one the
    whole text would give, or _NeedMore when it would look past what has been read.
    """
    length = len(text)
    if not eof and length - start <= max(chunk, max_chunk):
        raise _NeedMore
    if length - start <= chunk:
        return [Piece(start, length, False)]
    run = _empty_run(text, start, chunk, max_chunk, eof)
    if run is not None:
        # The first line break ends the paragraph's last line; the rest are empty lines.
        first = _BREAK_RE.match(text, run[0])
        assert first is not None
        return [Piece(start, first.end(), False), Piece(first.end(), run[1], True)]
    return [Piece(start, _cut_inside(text, start, chunk, max_chunk, eof), False)]


def _empty_run(
    text: str, start: int, chunk: int, max_chunk: int, eof: bool = True
) -> tuple[int, int] | None:
    """The first run of empty lines that starts in reach and ends at ``chunk`` or later.

    A run may reach far past the window (a million empty lines); it is followed to its end
    once, so the cut falls after it, not inside it.
    """
    limit = min(len(text), start + max_chunk)
    for head in _RUN_START_RE.finditer(text, start + 1, limit):
        extent = _RUN_EXTENT_RE.match(text, head.start())
        assert extent is not None
        if not eof and extent.end() >= len(text):
            raise _NeedMore  # the run may go on
        if extent.end() < start + chunk:
            continue
        if _CONTENT_NEXT_RE.match(text, extent.end()):
            return head.start(), extent.end()
        blanks = _BLANKS_RE.match(text, extent.end())
        if not eof and blanks is not None and blanks.end() >= len(text):
            raise _NeedMore  # spaces up to what has been read: content may follow
    return None


def _cut_inside(text: str, start: int, chunk: int, max_chunk: int, eof: bool = True) -> int:
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
    if visible is None and not eof:
        raise _NeedMore
    return len(text) if visible is None else visible.start() + 1


def segments(
    parts: Iterable[str], chunk: int | None = None, max_chunk: int | None = None
) -> Iterator[tuple[Piece, str, bool]]:
    """``pieces`` of the text that ``parts`` join to, with their text and whether each is the
    last: the same cuts, while holding only about ``max_chunk`` characters at a time.

    Only whitespace after the last cut belongs to the end of the last line, so it joins the
    piece before it (fix_text would treat it as a line of its own otherwise).
    """
    chunk = CHUNK if chunk is None else chunk
    max_chunk = MAX_CHUNK if max_chunk is None else max_chunk
    source = iter(parts)
    buffer = ""
    base = 0  # where ``buffer`` starts in the whole text
    at = 0  # where the next piece starts in ``buffer``
    eof = False
    window = max(chunk, max_chunk) + 1
    want = window
    # The last two pieces wait until the end is known: they may have to be joined.
    held: list[tuple[Piece, str]] = []
    while True:
        if not eof and len(buffer) - at < want:
            read = [buffer[at:]]
            have = len(read[0])
            while have < want:
                part = next(source, None)
                if part is None:
                    eof = True
                    break
                read.append(part)
                have += len(part)
            base += at
            buffer, at = "".join(read), 0
            del read  # the parts are not kept alive beside the buffer
            continue
        if at >= len(buffer):
            break
        try:
            found = _next_pieces(buffer, at, chunk, max_chunk, eof)
        except _NeedMore:
            want = max(window, 2 * (len(buffer) - at))  # doubling keeps long scans linear
            continue
        want = window
        for piece in found:
            held.append(
                (
                    Piece(base + piece.start, base + piece.end, piece.separator),
                    buffer[piece.start : piece.end],
                )
            )
            at = piece.end
        while len(held) > 2:
            first, text = held.pop(0)
            yield first, text, False
    if len(held) == 2 and not held[0][0].separator and not held[1][1].strip():
        # Only whitespace left after a cut: it belongs to the end of the last line.
        (head, head_text), (tail, tail_text) = held
        held = [(Piece(head.start, tail.end, False), head_text + tail_text)]
    for index, (piece, text) in enumerate(held):
        yield piece, text, index == len(held) - 1


def is_large(text: str) -> bool:
    """Whether ``text`` is too large to be one article (by characters or by lines)."""
    return exceeds(len(text), text.count("\n") + text.count("\r"))


def exceeds(chars: int, breaks: int) -> bool:
    """Whether a text of ``chars`` characters and ``breaks`` line-break characters (``\\r`` and
    ``\\n`` each count) is large; a reader counting as it goes can decide early."""
    return chars > LARGE or breaks > LARGE_LINES


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


@dataclass(frozen=True)
class Fixed:
    """One piece fixed, in its own coordinates.

    ``steps`` pairs each step with its slot in ``step_names``; ``lengths`` is the piece's
    length before each slot and at the end (where the next piece starts, as each step sees
    it); ``suggestions`` are in the coordinates of ``after``.
    """

    piece: Piece
    before: str
    after: str
    steps: tuple[tuple[int, Step], ...]
    lengths: tuple[int, ...]
    suggestions: tuple[Edit, ...] = ()
    result: FixResult | None = None  # the chunk's own fix_text result; None for a separator

    def local(self, final: tuple[int, Edit] | None = None) -> FixResult:
        """This piece as a result of its own, with the text's final line break if given:
        what ``report.findings`` and the safety checks read, one piece at a time."""
        slotted = list(self.steps)
        text = self.after
        if final is not None:
            slotted.append((final[0], Step(FINAL_RULE, (final[1],))))
            slotted.sort(key=lambda pair: pair[0])
            text += final[1].replacement
        return FixResult(
            original=self.before,
            text=text,
            steps=tuple(step for _, step in slotted),
            suggestions=self.suggestions,
        )


class LineEndings:
    """Counts of the line endings in a text given in parts, and how it ends; the counting
    of ``normalize.line_ending``, so the final line break added to a text fixed in pieces
    is the one ``fix_text`` would add."""

    def __init__(self) -> None:
        self.lf = self.crlf = self.cr = 0
        self.last = ""
        self.content = False  # anything but whitespace yet

    def feed(self, part: str) -> None:
        if not part:
            return
        crlf = part.count("\r\n")
        lf = part.count("\n") - crlf
        cr = part.count("\r") - crlf
        if self.last == "\r" and part[0] == "\n":  # a CRLF across the join
            self.cr -= 1
            lf -= 1
            crlf += 1
        self.lf += lf
        self.crlf += crlf
        self.cr += cr
        self.last = part[-1]
        self.content = self.content or not part.isspace()

    def dominant(self) -> str:
        """The dominant line terminator (LF when there is none); ties as ``line_ending``."""
        best = max((self.lf, "\n"), (self.crlf, "\r\n"), (self.cr, "\r"))
        return best[1] if best[0] else "\n"


class LargeFix:
    """``fix_large``'s work a piece at a time, for callers that hold one piece at a time.

    Feed every piece of ``segments`` to ``fix`` in order, then ask ``final`` for the line
    break the whole text may need at its end.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = _without_chrome(settings or Settings())
        self.inner = replace(self.settings, ignore=(*self.settings.ignore, FINAL_RULE))
        self.names = step_names(self.settings)
        self.order: dict[str, int] = {}  # a name's first slot (the first pass)
        for index, name in enumerate(self.names):
            self.order.setdefault(name, index)
        self.collapse = BLANK_RULE in self.order
        self.language: str | None = None
        self.endings = LineEndings()  # of the output so far

    def fix(self, piece: Piece, segment: str, last: bool) -> Fixed:
        if piece.separator:
            fixed = self._separator(piece, segment, last)
        else:
            result = fix_text(segment, self.inner)
            self.language = self.language or result.metadata.language
            steps, lengths = _chunk_slots(self.names, result)
            fixed = Fixed(piece, segment, result.text, steps, lengths, result.suggestions, result)
        self.endings.feed(fixed.after)
        return fixed

    def _separator(self, piece: Piece, segment: str, last: bool) -> Fixed:
        # Blank lines at the very end go altogether, as the rule does on a whole text.
        after = ("" if last else _collapsed(segment)) if self.collapse else segment
        lengths = tuple(_separator_lengths(self.names, self.order, segment, after))
        if after == segment:
            return Fixed(piece, segment, after, (), lengths)
        edit = Edit(
            Span(len(after), len(segment)), "", BLANK_RULE, 0.99, "run of blank lines collapsed"
        )
        step = self.order[BLANK_RULE]
        return Fixed(piece, segment, after, ((step, Step(BLANK_RULE, (edit,))),), lengths)

    def final(self, last: Fixed) -> tuple[int, Edit] | None:
        """The whole text's final line break, in ``last``'s coordinates, with its slot; None
        when the rule is off or the text needs none. ``last`` is the last piece fixed."""
        endings = self.endings
        if FINAL_RULE not in self.order or not endings.content or endings.last in ("\n", "\r"):
            return None
        # The whole text's last line, in the whole text's line-ending style (typo edits never
        # add or remove line breaks).
        step = self.order[FINAL_RULE]
        at = last.lengths[step]
        edit = Edit(Span(at, at), endings.dominant(), FINAL_RULE, 0.99, "final line break added")
        return step, edit


def fix_large(
    text: str,
    settings: Settings | None = None,
    *,
    chunk: int | None = None,
    max_chunk: int | None = None,
) -> FixResult:
    """``fix_text`` for a text of any size: chunk by chunk (see the module docstring)."""
    run = LargeFix(settings)
    # Per step: its edits in the coordinates of the whole text as that step sees it.
    edits: list[list[Edit]] = [[] for _ in run.names]
    suggestions: list[Edit] = []
    # Where the current piece starts in the whole text before each step, and at the end.
    offsets = [0] * (len(run.names) + 1)
    parts: list[str] = []
    fixed: Fixed | None = None
    for piece, segment, last in segments((text,), chunk, max_chunk):
        fixed = run.fix(piece, segment, last)
        for slot, step in fixed.steps:
            edits[slot].extend(replace(e, span=e.span.shifted(offsets[slot])) for e in step.edits)
        suggestions.extend(replace(s, span=s.span.shifted(offsets[-1])) for s in fixed.suggestions)
        offsets = [offset + length for offset, length in zip(offsets, fixed.lengths, strict=True)]
        parts.append(fixed.after)
    final = run.final(fixed) if fixed is not None else None
    if final is not None and fixed is not None:
        slot, edit = final
        edits[slot].append(
            replace(edit, span=edit.span.shifted(offsets[slot] - fixed.lengths[slot]))
        )
        parts.append(edit.replacement)
    steps = tuple(
        Step(name, tuple(found)) for name, found in zip(run.names, edits, strict=True) if found
    )
    return FixResult(
        original=text,
        text="".join(parts),
        steps=steps,
        suggestions=tuple(suggestions),
        metadata=Metadata(language=run.language),
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


def _chunk_slots(
    names: list[str], result: FixResult
) -> tuple[tuple[tuple[int, Step], ...], tuple[int, ...]]:
    """The chunk's steps under the whole text's slots, and its length before each slot."""
    lengths = [len(result.original)] * (len(names) + 1)
    length = len(result.original)
    position = 0  # index into names
    slotted: list[tuple[int, Step]] = []
    for step in result.steps:
        index = names.index(step.name, position)  # the next slot of that name
        for i in range(position, index + 1):
            lengths[i] = length
        slotted.append((index, step))
        length += sum(len(e.replacement) - len(e.span) for e in step.edits)
        position = index + 1
    for i in range(position, len(names) + 1):
        lengths[i] = length
    return tuple(slotted), tuple(lengths)
