"""Inputs too large to hold: read, fixed and written a piece at a time, in bounded memory.

``open_input`` reads a file or stdin block by block (``io.TextReader``) until it knows whether
the input is large (``large.exceeds``). A small input comes back whole, as an ``io.Source``,
for the usual path. A large one comes back as a ``LargeInput`` whose text has not been read
beyond that point; ``fix_stream`` then cuts it where ``large.fix_large`` would cut the whole
text (``large.segments``), fixes each piece as it does (``large.LargeFix``), and hands out
the fixed text, the findings, the pieces for a diff (``UnifiedDiff``) and the safety checks
one piece at a time. The fixed text is byte for byte ``fix_large``'s, and the findings are
``report.findings`` of its result, while memory stays at a few pieces whatever the input's
size; only counts are kept for the whole input.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from textfix import io, large, report, safety
from textfix.engine import fix_text
from textfix.settings import Settings

Findings = Callable[[tuple[report.Finding, ...]], None]


@dataclass
class LargeInput:
    """A large input, opened: ``parts`` yields its text from the start, once."""

    name: str
    path: Path | None
    reader: io.TextReader
    head: str  # what was read to find out the input is large
    stream: BinaryIO | None = None  # closed by ``close`` (stdin is not ours to close)

    @property
    def encoding(self) -> io.Encoding:
        return self.reader.encoding

    def parts(self) -> Iterator[str]:
        head, self.head = self.head, ""
        if head:
            yield head
        del head  # a generator's locals live as long as it does
        while part := self.reader.read():
            yield part
        self.close()  # read to the end: the file may now be replaced (Windows needs it closed)

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


def open_input(
    stream: BinaryIO, name: str, encoding: str | None = None, path: Path | None = None
) -> io.Source | LargeInput:
    """Read ``stream`` until its text is known to be large, or to its end."""
    reader = io.TextReader(stream, name, encoding)
    parts: list[str] = []
    chars = breaks = 0
    while part := reader.read():
        parts.append(part)
        chars += len(part)
        breaks += part.count("\n") + part.count("\r")
        if large.exceeds(chars, breaks):
            return LargeInput(name, path, reader, "".join(parts))
    return io.Source(name, "".join(parts), reader.encoding, path)


def open_path(
    path: Path, encoding: str | None = None, name: str | None = None
) -> io.Source | LargeInput:
    """``io.read_path``, except that a large file is left open to be streamed."""
    label = name or str(path)
    stream = io.open_path(path, label)
    try:
        found = open_input(stream, label, encoding, path)
    except BaseException:
        stream.close()
        raise
    if isinstance(found, LargeInput):
        found.stream = stream
    else:
        stream.close()
    return found


@dataclass(frozen=True)
class Summary:
    """What fixing a large input did, counted (the edits themselves are not kept)."""

    changed: bool
    suggestions: int
    rules: dict[str, int] = field(default_factory=dict)  # applied edits per rule

    @property
    def edits(self) -> int:
        return sum(self.rules.values())


class _Place:
    """Where the next piece starts in the original: offset, line breaks before it, column."""

    def __init__(self) -> None:
        self.offset = 0
        self.lines = 0  # line breaks as report.LineIndex counts them (CRLF once)
        self.newlines = 0  # "\n" characters, as the safety message counts lines
        self.column = 0  # characters since the last line break

    def advance(self, segment: str) -> None:
        self.offset += len(segment)
        self.newlines += segment.count("\n")
        breaks = segment.count("\n") + segment.count("\r") - segment.count("\r\n")
        if breaks:
            # Cuts never fall inside a CRLF, so the last break ends at the last \r or \n.
            self.lines += breaks
            self.column = len(segment) - max(segment.rfind("\n"), segment.rfind("\r")) - 1
        else:
            self.column += len(segment)

    def shift(self, finding: report.Finding) -> report.Finding:
        """A finding located in the piece, located in the whole original."""
        return dataclasses.replace(
            finding,
            start=finding.start + self.offset,
            end=finding.end + self.offset,
            line=finding.line + self.lines,
            column=finding.column + (self.column if finding.line == 1 else 0),
            end_line=finding.end_line + self.lines,
            end_column=finding.end_column + (self.column if finding.end_line == 1 else 0),
        )


def fix_stream(
    parts: Iterable[str],
    settings: Settings,
    *,
    name: str,
    write: Callable[[str], object] | None = None,
    findings: Findings | None = None,
    pairs: Callable[[str, str], object] | None = None,
    verify: bool = False,
    chunk: int | None = None,
    max_chunk: int | None = None,
) -> Summary:
    """``large.fix_large`` over the text that ``parts`` join to, a piece at a time.

    ``write`` receives the fixed text in order; ``findings`` each piece's findings, located
    in the whole original (as ``report.findings`` of the whole result would give them);
    ``pairs`` each piece's text before and after.
    ``verify`` runs the safety checks of ``fix`` on each piece (protected spans kept, a second
    pass changes nothing) and raises ``safety.ProtectedChanged`` or ``safety.UnstableFix``.
    """
    run = large.LargeFix(settings)
    place = _Place()
    rules: Counter[str] = Counter()
    suggestions = 0
    changed = False
    for piece, segment, last in large.segments(parts, chunk, max_chunk):
        fixed = run.fix(piece, segment, last)
        final = run.final(fixed) if last else None
        if verify and fixed.result is not None and fixed.result.changed:
            again = fix_text(fixed.after, run.inner)
            safety.verify(fixed.result, again, place.newlines + 1)
        for _, step in fixed.steps:
            rules.update(edit.rule for edit in step.edits)
        if final is not None:
            rules[final[1].rule] += 1
        suggestions += len(fixed.suggestions)
        changed = changed or fixed.after != segment or final is not None
        after = fixed.after + (final[1].replacement if final is not None else "")
        if write is not None:
            write(after)
        if pairs is not None:
            pairs(segment, after)
        if findings is not None and (fixed.steps or fixed.suggestions or final is not None):
            local = report.findings(name, fixed.local(final))
            findings(tuple(place.shift(finding) for finding in local))
        place.advance(segment)
    return Summary(changed, suggestions, dict(rules))


_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+")  # lines as render.unified_diff splits them


class UnifiedDiff:
    """``render.unified_diff`` of a text given as (before, after) pieces, written to ``out``
    a hunk at a time: only the lines since the last line end both sides share, the current
    hunk's header numbers and a few lines of context are held (the hunk's lines wait in a
    temp file, since its header, written first, counts them).

    Changes are matched within each stretch of whole lines (fixing never moves text across
    pieces), so on large inputs the hunks can differ from difflib's over the whole text in
    how a changed stretch is aligned, never in what the patch does.
    """

    def __init__(self, name: str, out: BinaryIO, context: int = 3) -> None:
        self.name = name
        self.out = out
        self.context = context
        self._before: list[str] = []
        self._after: list[str] = []
        self._old = self._new = 0  # lines read so far on each side
        self._started = False
        import tempfile  # diffs of large inputs only; a check should not pay for the import

        self._body: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 - closed in finish
        self._hunk: list[int] | None = None  # old start, new start, old length, new length
        self._tail: deque[str] = deque(maxlen=context)  # the latest equal lines, outside a hunk
        self._mid: list[str] = []  # equal lines after a change, inside a hunk

    def feed(self, before: str, after: str) -> None:
        self._before.append(before)
        self._after.append(after)
        if before.endswith("\n") and after.endswith("\n"):
            self._flush()

    def finish(self) -> None:
        self._flush()
        if self._hunk is not None:
            for line in self._mid[: self.context]:
                self._line(" ", line)
            self._close()
        self._body.close()

    def _flush(self) -> None:
        old = _LINE_RE.findall("".join(self._before))
        new = _LINE_RE.findall("".join(self._after))
        self._before.clear()
        self._after.clear()
        if old == new:
            for line in old:
                self._equal(line)
            return
        import difflib  # only diffs of large inputs need it

        matcher = difflib.SequenceMatcher(None, old, new)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for line in old[i1:i2]:
                    self._equal(line)
            else:
                self._change(old[i1:i2], new[j1:j2])

    def _equal(self, line: str) -> None:
        self._old += 1
        self._new += 1
        if self._hunk is None:
            self._tail.append(line)
            return
        self._mid.append(line)
        if len(self._mid) > 2 * self.context:
            # Too far from the next change: this hunk ends, the next starts from the tail.
            for kept in self._mid[: self.context]:
                self._line(" ", kept)
            self._close()
            self._tail.clear()
            self._tail.extend(self._mid[-self.context :] if self.context else ())
            self._mid = []

    def _change(self, old: list[str], new: list[str]) -> None:
        if self._hunk is None:
            ahead = len(self._tail)
            self._hunk = [self._old - ahead, self._new - ahead, 0, 0]
            for line in self._tail:
                self._line(" ", line)
            self._tail.clear()
        for line in self._mid:
            self._line(" ", line)
        self._mid = []
        for line in old:
            self._line("-", line)
        for line in new:
            self._line("+", line)
        self._old += len(old)
        self._new += len(new)

    def _line(self, tag: str, line: str) -> None:
        assert self._hunk is not None
        self._hunk[2] += tag != "+"
        self._hunk[3] += tag != "-"
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        self._body.write((tag + line).encode("utf-8", "replace"))

    def _close(self) -> None:
        assert self._hunk is not None
        old_start, new_start, old_length, new_length = self._hunk
        self._hunk = None
        if not self._started:
            self._started = True
            self.out.write(f"--- {self.name}\n+++ {self.name}\n".encode("utf-8", "replace"))
        old_range = _range(old_start, old_length)
        new_range = _range(new_start, new_length)
        self.out.write(f"@@ -{old_range} +{new_range} @@\n".encode())
        self._body.seek(0)
        import shutil

        shutil.copyfileobj(self._body, self.out)
        self._body.seek(0)
        self._body.truncate()


def _range(start: int, length: int) -> str:
    """A hunk's line range as difflib's unified_diff writes it."""
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"
