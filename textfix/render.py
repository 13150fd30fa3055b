"""Presenting results: Rich word diffs and tables for people, plain formats for tools.

This is the only module that imports rich. Plain renderers return strings so the caller
decides how bytes reach the stream (no newline translation, no terminal guessing here).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from textfix.model import Edit
from textfix.report import Change, Finding, LineIndex
from textfix.rules import Rule
from textfix.settings import Override

if TYPE_CHECKING:
    # rich costs about a tenth of a second to import: it is imported where a terminal view is
    # drawn, so `check`, `fix` and the plain formats never load it.
    from rich.console import Console
    from rich.text import Text

# Characters of context shown on each side of a change in the word diff.
_CONTEXT = 40
_MAX_QUOTED = 60
_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+")
_BREAK_RE = re.compile(r"\r\n|\r|\n")
_LINE_KEEP_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")

# --- plain formats -------------------------------------------------------------------------


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff that ``patch -p0`` (run where ``name`` is valid) applies.

    Lines are split on ``\\n`` only, as patch does, so ``\\r\\n`` files keep their ``\\r`` in
    the diff, and a missing final newline is marked the way diff(1) marks it.
    """
    if before == after:
        return ""
    import difflib  # only a diff needs it; a check should not pay for the import

    old = _LINE_RE.findall(before)
    new = _LINE_RE.findall(after)
    out: list[str] = []
    for line in difflib.unified_diff(old, new, fromfile=name, tofile=name, n=3):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def quoted(text: str, limit: int = _MAX_QUOTED) -> str:
    """``text`` in double quotes with line breaks and invisible characters escaped."""
    if len(text) > limit:
        head = limit * 2 // 3
        text_out = _escape(text[:head]) + "…" + _escape(text[-(limit - head) :])
    else:
        text_out = _escape(text)
    return f'"{text_out}"'


def _escape(text: str) -> str:
    parts = []
    for char in text:
        if char in '"\\':
            parts.append("\\" + char)
        elif char == "\n":
            parts.append("\\n")
        elif char == "\r":
            parts.append("\\r")
        elif char == "\t":
            parts.append("\\t")
        elif char != " " and (not char.isprintable() or char.isspace()):
            code = ord(char)
            parts.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            parts.append(char)
    return "".join(parts)


def check_text(findings: Iterable[Finding]) -> Iterator[str]:
    """``path:line:col rule before -> after``, one line per finding; suggestions marked."""
    for finding in findings:
        line = (
            f"{finding.path}:{finding.line}:{finding.column} {finding.rule} "
            f"{quoted(finding.before)} -> {quoted(finding.after)}"
        )
        if not finding.applied:
            others = ", ".join(quoted(a) for a in finding.alternatives)
            line += f" [suggestion; alternatives: {others}]" if others else " [suggestion]"
        yield line + "\n"


def check_json(findings: Iterable[Finding]) -> str:
    """A JSON array with one record per finding."""
    import json  # imported by the formats that use it: the default text output does not

    return json.dumps([f.record() for f in findings], ensure_ascii=False, indent=2) + "\n"


def check_jsonl(findings: Iterable[Finding]) -> Iterator[str]:
    """JSON Lines: one record per finding, streamed."""
    import json

    for finding in findings:
        yield json.dumps(finding.record(), ensure_ascii=False) + "\n"


def check_github(findings: Iterable[Finding]) -> Iterator[str]:
    """GitHub Actions workflow commands: warnings for changes, notices for suggestions."""
    for f in findings:
        level = "warning" if f.applied else "notice"
        props = {
            "file": f.path,
            "line": f.line,
            "col": f.column,
            "endLine": f.end_line,
            "endColumn": f.end_column,
            "title": f"textfix {f.rule}",
        }
        head = ",".join(f"{key}={_gh_escape(str(value), True)}" for key, value in props.items())
        message = f"{quoted(f.before)} -> {quoted(f.after)}: {f.reason}"
        yield f"::{level} {head}::{_gh_escape(message, False)}\n"


def _gh_escape(value: str, is_property: bool) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def check_sarif(findings: Sequence[Finding], rules: Sequence[Rule], version: str) -> str:
    """SARIF 2.1.0, with a fix for every finding that applies to the file as it is on disk."""
    rule_ids = [r.id for r in rules]
    driver_rules = [
        {
            "id": r.id,
            "shortDescription": {"text": r.summary},
            "help": {
                "text": f"{r.summary}. Example: {quoted(r.example[0])} -> {quoted(r.example[1])}"
            },
            "properties": {"phase": r.phase},
        }
        for r in rules
    ]
    results = []
    for f in findings:
        uri = quote(PurePath(f.path).as_posix())
        region = {
            "startLine": f.line,
            "startColumn": f.column,
            "endLine": f.end_line,
            "endColumn": f.end_column,
        }
        result: dict[str, object] = {
            "ruleId": f.rule,
            "level": "warning" if f.applied else "note",
            "message": {"text": f"{quoted(f.before)} -> {quoted(f.after)}: {f.reason}"},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}
            ],
            "properties": {
                "confidence": f.confidence,
                "applied": f.applied,
                "alternatives": list(f.alternatives),
            },
        }
        if f.rule in rule_ids:
            result["ruleIndex"] = rule_ids.index(f.rule)
        if f.on_original:
            options = [f.after, *f.alternatives]
            result["fixes"] = [
                {
                    "description": {"text": f"replace with {quoted(option)}"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": uri},
                            "replacements": [
                                {"deletedRegion": region, "insertedContent": {"text": option}}
                            ],
                        }
                    ],
                }
                for option in options
            ]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "textfix", "version": version, "rules": driver_rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    import json

    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


RuleStatus = str  # "on", "off" (deselected) or "opt-in" (off unless selected)


def rules_plain(rows: Iterable[tuple[Rule, RuleStatus]]) -> str:
    """Tab-separated: id, phase, status, summary, example; no header, so ``cut`` works."""
    return "".join(
        f"{r.id}\t{r.phase}\t{status}\t{r.summary}\t"
        f"{quoted(r.example[0])} -> {quoted(r.example[1])}\n"
        for r, status in rows
    )


def rules_json(rows: Iterable[tuple[Rule, RuleStatus]]) -> str:
    records = [
        {
            "id": r.id,
            "phase": r.phase,
            "status": status,
            "summary": r.summary,
            "example": {"before": r.example[0], "after": r.example[1]},
        }
        for r, status in rows
    ]
    import json

    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


# --- Rich ----------------------------------------------------------------------------------


def console(out: TextIO, *, color: bool | None = None, width: int | None = None) -> Console:
    """A console on ``out``; ``color`` None lets Rich decide (NO_COLOR, FORCE_COLOR, tty)."""
    from rich.console import Console

    return Console(
        file=out,
        force_terminal=color,
        no_color=color is False,
        width=width,
        highlight=False,
        emoji=False,
    )


def rules_table(con: Console, rows: Iterable[tuple[Rule, RuleStatus]]) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="textfix rules", show_lines=False, expand=False)
    table.add_column("rule", style="bold", no_wrap=True)
    table.add_column("phase")
    table.add_column("status")
    table.add_column("summary")
    table.add_column("example")
    styles = {"on": "green", "off": "red", "opt-in": "yellow"}
    for r, status in rows:
        example = Text()
        example.append(_visible(r.example[0]), style="red")
        example.append(" → ")
        example.append(_visible(r.example[1]), style="green")
        table.add_row(r.id, r.phase, Text(status, style=styles.get(status, "")), r.summary, example)
    con.print(table)


@dataclass(frozen=True)
class _Hunk:
    """Changes shown together: inline ones within one stretch of a line, or one block
    change (lines removed or added) on its own."""

    start: int
    end: int
    changes: tuple[tuple[int, Change], ...]  # (label number, change)
    block: bool = False


def word_diff(
    con: Console,
    name: str,
    original: str,
    changes: Sequence[Change],
    suggestions: Sequence[Finding],
) -> None:
    """Each change where it happens: removed words struck in red, new words in green, a
    numbered label pointing at the rule and reason; changes that remove or add whole lines
    shown as those lines; suggestions listed apart with their alternatives."""
    from rich.text import Text

    if not changes and not suggestions:
        return
    lines = LineIndex(original)
    con.rule(Text(name, style="bold"), align="left")
    for hunk in _hunks(original, changes):
        if hunk.block:
            _print_block(con, original, lines, hunk)
        else:
            _print_inline(con, original, lines, hunk)
        if hunk.block:
            continue  # block rows carry their own reasons
        for number, change in hunk.changes:
            for rule_id, reason in dict.fromkeys((f.rule, f.reason) for f in change.findings):
                note = Text.assemble((f"        [{number}] ", "cyan"))
                note.append(rule_id, style="bold")
                note.append(f"  {_reason(rule_id, reason)}", style="dim")
                con.print(note)
    if suggestions:
        con.print(Text("  suggestions (not applied):", style="yellow bold"))
        for f in suggestions:
            text = Text.assemble((f"{f.line:>5}:{f.column:<4}", "dim"))
            lo = _word_start(original, max(_line_start(original, f.start), f.start - _CONTEXT))
            hi = _word_end(original, min(_line_end(original, f.end), f.end + _CONTEXT))
            text.append(_context(original[lo : f.start]))
            text.append(_visible(f.before), style="yellow underline")
            text.append(_context(original[f.end : hi]))
            text.append("  → ")
            for i, option in enumerate((f.after, *f.alternatives)):
                if i:
                    text.append(" | ", style="dim")
                text.append(_visible(option) or "∅", style="green")
            text.append(f"   {f.rule}", style="bold")
            text.append(f"  {_reason(f.rule, f.reason)} ({f.confidence:.2f})", style="dim")
            con.print(text)


def settings_toml(values: Sequence[tuple[str, object, str]]) -> str:
    """Effective settings as TOML a config file accepts, each line noting where it came from."""
    out = []
    for key, value, source in values:
        if value is None:
            out.append(f"# {key} is unset  ({source})\n")
            continue
        out.append(f"{key} = {_toml(value)}  # {source}\n")
    return "".join(out)


def overrides_toml(overrides: Sequence[Override]) -> str:
    """``[[overrides]]`` tables as a config file writes them, each noting its source."""
    out = []
    for table in overrides:
        out.append(f"\n[[overrides]]  # {table.source}\n")
        out.append(f"paths = {_toml(table.paths)}\n")
        out.extend(f"{name.replace('_', '-')} = {_toml(value)}\n" for name, value in table.values)
    return "".join(out)


def _toml(value: object) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (frozenset, set)):
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
            pairs = ", ".join(f"{_toml(str(k))} = {_toml(v)}" for k, v in value)
            return "{ " + pairs + " }"
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value))


class RichProgress:
    """A batch ProgressSink drawing a Rich progress bar over input bytes."""

    def __init__(self, con: Console) -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[documents]} docs"),
            console=con,
            transient=False,
        )
        self.task: Any = None
        self.documents = 0

    def started(self, totals: Any) -> None:
        self.progress.start()
        self.documents = 0
        self.task = self.progress.add_task(
            f"{totals.phase} {totals.shards} shards", total=totals.bytes, documents=0
        )

    def advanced(self, documents: int, bytes_read: int) -> None:
        self.documents += documents
        self.progress.update(self.task, advance=bytes_read, documents=self.documents)

    def shard_finished(self, result: Any) -> None:
        from rich.text import Text

        if result.status == "failed":
            self.progress.console.print(
                Text(f"shard {result.relative} failed: {result.message}", style="red")
            )

    def stop(self) -> None:
        self.progress.stop()


class PlainProgress:
    """A batch ProgressSink writing a line to ``out`` at most every ``every`` seconds."""

    def __init__(self, out: TextIO, every: float = 10.0) -> None:
        self.out = out
        self.every = every
        self.total = 0
        self.done = 0
        self.documents = 0
        self.last = 0.0

    def started(self, totals: Any) -> None:
        self.total, self.done, self.documents = totals.bytes, 0, 0
        self.last = time.monotonic()
        skipped = f", {totals.skipped_shards} already done" if totals.skipped_shards else ""
        self._line(f"{totals.phase}: {totals.shards} shards, {totals.bytes} bytes{skipped}")

    def advanced(self, documents: int, bytes_read: int) -> None:
        self.documents += documents
        self.done += bytes_read
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            share = 100.0 * self.done / self.total if self.total else 100.0
            self._line(f"{share:5.1f}% {self.documents} documents")

    def shard_finished(self, result: Any) -> None:
        if result.status == "failed":
            self._line(f"shard {result.relative} failed: {result.message}")

    def stop(self) -> None:
        pass

    def _line(self, message: str) -> None:
        self.out.write(f"textfix: {message}\n")
        self.out.flush()


def batch_summary(con: Console | None, out: TextIO, summary: Any) -> None:
    """Totals and edits by rule: a Rich table on a terminal, ``key value`` lines otherwise."""
    from rich.table import Table
    from rich.text import Text

    stats = summary.stats
    rows = [
        ("shards done", summary.shards_done),
        ("shards skipped (already done)", summary.shards_skipped),
        ("shards failed", summary.shards_failed),
        ("documents", stats.documents),
        ("documents changed", stats.changed),
        ("edits", sum(stats.edits.values())),
        ("suggestions", stats.suggestions),
        ("record errors", stats.errors),
        ("seconds", f"{summary.seconds:.1f}"),
        ("stats", summary.stats_path),
    ]
    by_rule = sorted(stats.edits.items(), key=lambda item: (-item[1], item[0]))
    if con is None:
        out.write("".join(f"{key}\t{value}\n" for key, value in rows))
        out.write("".join(f"edits {rule}\t{count}\n" for rule, count in by_rule))
        return
    table = Table(title="textfix batch", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in rows:
        table.add_row(key, str(value))
    for rule_id, count in by_rule:
        table.add_row(Text(f"  {rule_id}", style="dim"), str(count))
    con.print(table)


REVIEW_KEYS = (
    "a accept · r reject · e edit · 1-9 alternative · i ignore word · A accept rule · q quit"
)


def review_item(
    con: Console,
    name: str,
    original: str,
    edit: Edit,
    applied_by_default: bool,
    position: tuple[int, int],
) -> None:
    """One change or suggestion of a review, in the sentence around it, with its choices."""
    from rich.text import Text

    lines = LineIndex(original)
    line, column = lines.locate(edit.span.start)
    done, total = position
    head = Text.assemble((f"[{done}/{total}] ", "cyan"))
    head.append(f"{name}:{line}:{column} ", style="dim")
    head.append(edit.rule, style="bold")
    head.append(
        f"  {_reason(edit.rule, edit.reason)} ({edit.confidence:.2f})"
        + ("" if applied_by_default else ", a suggestion"),
        style="dim",
    )
    con.print(head)
    start, end = edit.span.start, edit.span.end
    lo = _word_start(original, max(_line_start(original, start), start - 2 * _CONTEXT))
    hi = _word_end(original, min(_line_end(original, end), end + 2 * _CONTEXT))
    text = Text("    ")
    text.append(_context(original[lo:start]))
    plain = _plain(con)
    if end > start:
        _mark(text, _visible(original[start:end]), True, plain)
    _mark(text, _visible(edit.replacement) or "∅", False, plain)
    text.append(_context(original[end:hi]))
    con.print(text)
    if edit.alternatives:
        choices = Text("    ")
        for number, option in enumerate((edit.replacement, *edit.alternatives)[:9], start=1):
            choices.append(f"{number}) ", style="cyan")
            choices.append(_visible(option) or "∅", style="green")
            choices.append("  ")
        con.print(choices)
    if done == 1:
        con.print(Text(f"    {REVIEW_KEYS}", style="dim"))


def _reason(rule_id: str, reason: str) -> str:
    """Reasons sometimes repeat their rule id; the label already shows it."""
    return reason.removeprefix(f"{rule_id}: ")


def _plain(con: Console) -> bool:
    """Whether colour is off (NO_COLOR, a pipe, ``--format words`` into a file)."""
    return con.no_color or con.color_system is None


def _mark(text: Text, shown: str, removed: bool, plain: bool) -> None:
    """Append a removed or an added piece: in colour, or without colour between git's
    word-diff markers ``[-removed-]`` and ``{+added+}`` so the change still reads."""
    if plain:
        text.append(f"[-{shown}-]" if removed else f"{{+{shown}+}}")
    else:
        text.append(shown, style="red strike" if removed else "green bold")


def _print_inline(con: Console, original: str, lines: LineIndex, hunk: _Hunk) -> None:
    from rich.text import Text

    text = Text.assemble((f"{lines.locate(hunk.start)[0]:>5} │   ", "dim"))
    if hunk.start > _line_start(original, hunk.start):
        text.append("…", style="dim")
    cursor = hunk.start
    plain = _plain(con)
    for number, change in hunk.changes:
        text.append(_context(original[cursor : change.start]))
        if change.before:
            _mark(text, _visible(change.before), True, plain)
        if change.after:
            _mark(text, _visible(change.after), False, plain)
        text.append(f"[{number}]", style="cyan")
        cursor = change.end
    text.append(_context(original[cursor : hunk.end]))
    if hunk.end < _line_end(original, hunk.end):
        text.append("…", style="dim")
    con.print(text)


def _print_block(con: Console, original: str, lines: LineIndex, hunk: _Hunk) -> None:
    """A change that spans line breaks, as a small line diff: the old lines with the removed
    part struck, then the new lines with the added part highlighted."""
    from rich.text import Text

    ((number, change),) = hunk.changes
    first = lines.locate(hunk.start)[0]
    prefix = original[hunk.start : change.start]
    suffix = original[change.end : hunk.end]
    for sign, middle, style in (("-", change.before, "red strike"), ("+", change.after, "green")):
        block = prefix + middle + suffix
        if sign == "+" and not block:
            continue
        marked = (len(prefix), len(prefix) + len(middle))
        offset = 0
        for index, row in enumerate(_LINE_KEEP_RE.findall(block)):
            body = _BREAK_RE.sub("", row)
            number_text = f"{first + index:>5}" if sign == "-" else "     "
            text = Text.assemble((f"{number_text} │ ", "dim"))
            text.append(f"{sign} ", style="red" if sign == "-" else "green")
            lo, hi = max(marked[0] - offset, 0), min(marked[1] - offset, len(body))
            if not body and marked[0] <= offset < marked[1]:
                text.append("↵", style=style)  # a removed or added blank line
            else:
                whole = lo <= 0 and hi >= len(body)
                text.append(_context(body[:lo]))
                if hi > lo and not whole:
                    _mark(text, _visible(body[lo:hi]), sign == "-", _plain(con))
                elif hi > lo:
                    text.append(_visible(body[lo:hi]), style=style)
                text.append(_context(body[max(hi, lo) :]))
                if (
                    not whole
                    and len(row) > len(body)
                    and marked[0] <= offset + len(body) < marked[1]
                ):
                    text.append("↵", style=style)  # the line break itself changed
            if index == 0 and sign == "-":
                text.append(f" [{number}]", style="cyan")
            if sign == "-":
                row_start = hunk.start + offset
                for rule_id, reason in _row_reasons(change, row_start, row_start + len(row)):
                    text.append(f"  ← {rule_id}", style="bold")
                    text.append(f" {_reason(rule_id, reason)}", style="dim")
            con.print(text)
            offset += len(row)


def _row_reasons(change: Change, start: int, end: int) -> list[tuple[str, str]]:
    """The (rule, reason) pairs of the findings that touch one original line."""
    touching = (
        (f.rule, f.reason)
        for f in change.findings
        if (f.start < end and f.end > start) or (f.start == f.end and start <= f.start <= end)
    )
    return list(dict.fromkeys(touching))


def _is_block(change: Change) -> bool:
    """Whether a change is shown as lines: it removes or adds line breaks, unless it only
    ends a line (a final newline added reads best in place: ``last line↵``)."""
    if not change.before and not _BREAK_RE.sub("", change.after):
        return False
    return bool(_BREAK_RE.search(change.before) or _BREAK_RE.search(change.after))


def _hunks(original: str, changes: Sequence[Change]) -> list[_Hunk]:
    hunks: list[_Hunk] = []
    for number, change in enumerate(changes, start=1):
        if _is_block(change):
            # Whole lines: show the lines the change touches, from their starts to their ends.
            start = _line_start(original, change.start)
            end = change.end
            if not (end > change.start and original[end - 1] in "\r\n"):
                end = _line_end(original, end)
            hunks.append(_Hunk(start, end, ((number, change),), block=True))
            continue
        start = _word_start(
            original, max(_line_start(original, change.start), change.start - _CONTEXT)
        )
        end = _word_end(original, min(_line_end(original, change.end), change.end + _CONTEXT))
        start, end = min(start, change.start), max(end, change.end)
        if hunks and not hunks[-1].block and start <= hunks[-1].end:
            last = hunks[-1]
            hunks[-1] = _Hunk(last.start, max(last.end, end), (*last.changes, (number, change)))
        else:
            hunks.append(_Hunk(start, end, ((number, change),)))
    return hunks


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def _line_end(text: str, offset: int) -> int:
    ends = [i for i in (text.find("\n", offset), text.find("\r", offset)) if i != -1]
    return min(ends) if ends else len(text)


def _word_start(text: str, offset: int) -> int:
    """Move a context cut forward to the next word boundary, so no word is shown in half."""
    if offset == 0 or not text[offset - 1 : offset].isalnum():
        return offset
    while offset < len(text) and text[offset].isalnum():
        offset += 1
    return offset


def _word_end(text: str, offset: int) -> int:
    if offset >= len(text) or not text[offset].isalnum():
        return offset
    while offset > 0 and text[offset - 1].isalnum():
        offset -= 1
    return offset


def _context(text: str) -> str:
    return _BREAK_RE.sub("↵ ", text)


def _visible(text: str) -> str:
    """Make whitespace-only or invisible changes visible: ↵ for line breaks, → for tabs,
    ⟨U+00A0⟩ for other invisible characters, and · for spaces when nothing else shows."""
    parts = []
    for char in _BREAK_RE.sub("↵", text):
        if char == "\t":
            parts.append("→")
        elif char != " " and (not char.isprintable() or char.isspace()):
            parts.append(f"⟨U+{ord(char):04X}⟩")
        else:
            parts.append(char)
    shown = "".join(parts)
    return shown.replace(" ", "·") if not shown.strip() else shown
