"""The batch report: one self-contained HTML page an archivist can open anywhere.

Plain string templating with ``html.escape`` (no template engine, no network): inline CSS, inline
SVG charts, and a few lines of inline JavaScript that only filter the document list, so
the page is readable with scripts off. Samples of changed documents are built in the workers
(``make_sample``), where the FixResult is at hand, and travel back as small frozen values.
"""

from __future__ import annotations

import bisect
import difflib
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textfix.model import Edit, FixResult, Step, map_position

if TYPE_CHECKING:
    from textfix.batch import BatchSummary

_CONTEXT_LINES = 2
_MAX_LINE_CHARS = 2000
# Bounds that keep markers and the page small whatever the archive: a page listing 500
# documents of up to 400 rows stays a few megabytes and opens in any browser.
MAX_ROWS = 400
MAX_DOCUMENTS = 500


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side diff. Line numbers are 1-based; None on the empty side."""

    tag: str  # "equal", "replace", "delete", "insert" or "skip" (elided unchanged lines)
    left_no: int | None
    left: str
    right_no: int | None
    right: str
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentSample:
    """A changed document as the report shows it."""

    shard: str
    line: int
    id: str | None
    rules: tuple[str, ...]
    rows: tuple[DiffRow, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "shard": self.shard,
            "line": self.line,
            "id": self.id,
            "rules": list(self.rules),
            "rows": [
                [r.tag, r.left_no, r.left, r.right_no, r.right, list(r.rules)] for r in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DocumentSample:
        rows = tuple(
            DiffRow(str(t), ln, str(lt), rn, str(rt), tuple(rs))
            for t, ln, lt, rn, rt, rs in data["rows"]
        )
        return cls(
            str(data["shard"]), int(data["line"]), data.get("id"), tuple(data["rules"]), rows
        )


def make_sample(shard: str, line: int, record_id: str | None, result: FixResult) -> DocumentSample:
    """A side-by-side line diff of ``result``; every changed row names the rules that touched
    its original line (left) or its cleaned line (right)."""
    before = result.original.splitlines()
    after = result.text.splitlines()
    left_rules, right_rules = _rule_lines(result)
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for group in matcher.get_grouped_opcodes(_CONTEXT_LINES):
        if rows or group[0][1] > 0:
            rows.append(DiffRow("skip", None, "", None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(
                    DiffRow("equal", i + 1, _cut(before[i]), j + 1, _cut(after[j]))
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            for k in range(max(i2 - i1, j2 - j1)):
                i, j = i1 + k, j1 + k
                labels = left_rules.get(i, set()) if i < i2 else set()
                labels = labels | (right_rules.get(j, set()) if j < j2 else set())
                rows.append(
                    DiffRow(
                        tag,
                        i + 1 if i < i2 else None,
                        _cut(before[i]) if i < i2 else "",
                        j + 1 if j < j2 else None,
                        _cut(after[j]) if j < j2 else "",
                        tuple(sorted(labels)),
                    )
                )
    if len(rows) > MAX_ROWS:
        hidden = len(rows) - MAX_ROWS
        rows = [*rows[:MAX_ROWS], DiffRow("skip", None, f"{hidden} more rows not shown", None, "")]
    rules = tuple(sorted({edit.rule for edit in result.edits}))
    return DocumentSample(shard, line, record_id, rules, tuple(rows))


def _rule_lines(result: FixResult) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """For every applied edit, the 0-based lines it covers in the original (mapped back through
    the earlier steps) and in the final text (mapped forward through the later ones)."""
    left: dict[int, set[str]] = {}
    right: dict[int, set[str]] = {}
    left_starts = _line_starts(result.original)
    right_starts = _line_starts(result.text)
    for index, step in enumerate(result.steps):
        earlier = result.steps[:index]
        for edit in step.edits:
            start = _unmap_through(edit.span.start, earlier)
            end = _unmap_through(edit.span.end, earlier)
            _mark(left, left_starts, start, end, edit.rule)
            position: int | None = map_position(edit.span.start, step.edits)
            for later in result.steps[index + 1 :]:
                if position is None:
                    break
                position = map_position(position, later.edits)
            if position is not None:
                _mark(right, right_starts, position, position + len(edit.replacement), edit.rule)
    return left, right


def _line_starts(text: str) -> list[int]:
    """Offsets where each line of ``text.splitlines()`` begins (the same line breaks)."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts[:-1] or [0]


def _mark(found: dict[int, set[str]], starts: list[int], start: int, end: int, rule: str) -> None:
    first = bisect.bisect_right(starts, start) - 1
    last = bisect.bisect_right(starts, max(start, end - 1)) - 1
    for line in range(max(first, 0), max(last, first, 0) + 1):
        found.setdefault(line, set()).add(rule)


def _unmap_through(position: int, steps: Sequence[Step]) -> int:
    for step in reversed(steps):
        position = _unmap(position, step.edits)
    return position


def _unmap(position: int, edits: Sequence[Edit]) -> int:
    """Where ``position`` of an edited text was before ``edits`` (inside a replacement: its
    start)."""
    delta = 0
    for edit in edits:
        new_start = edit.span.start + delta
        if position < new_start:
            break
        if position < new_start + len(edit.replacement):
            return edit.span.start
        delta += len(edit.replacement) - len(edit.span)
    return position - delta


def _cut(line: str) -> str:
    return line if len(line) <= _MAX_LINE_CHARS else line[:_MAX_LINE_CHARS] + " …"


# ---------------------------------------------------------------------------------------------
# Rendering

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1d1d1f;background:#fafafa}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table.summary td,table.summary th{padding:.15rem .8rem;text-align:left}
table.summary td.n{text-align:right;font-variant-numeric:tabular-nums}
.failed{color:#b00020;font-weight:600}
svg text{font:12px system-ui,sans-serif}
#search{width:100%;max-width:40rem;padding:.4rem;font-size:1rem}
details.doc{background:#fff;border:1px solid #ddd;border-radius:4px;margin:.4rem 0;padding:.3rem}
details.doc summary{cursor:pointer}
.rule{display:inline-block;background:#e8eefc;border-radius:3px;padding:0 .3rem;margin:0 .15rem;
font-size:12px}
table.diff{border-collapse:collapse;width:100%;table-layout:fixed;font:12px/1.4 monospace}
table.diff td{vertical-align:top;padding:0 .3rem;white-space:pre-wrap;word-break:break-word}
table.diff td.no{width:3rem;color:#888;text-align:right}
table.diff td.lab{width:11rem}
tr.delete td.l,tr.replace td.l{background:#fde8e8}
tr.insert td.r,tr.replace td.r{background:#e6f6e6}
tr.skip td{background:#f0f0f0;color:#888;text-align:center}
del{background:#f5b5b5;text-decoration:none}ins{background:#a8e0a8;text-decoration:none}
.ws{color:#a00;font-weight:600}
"""

_JS = """
const box=document.getElementById('search');
const docs=[...document.querySelectorAll('details.doc')];
const count=document.getElementById('shown');
function filter(){
  const q=box.value.toLowerCase().trim();let n=0;
  for(const d of docs){
    const hit=!q||d.dataset.key.includes(q)||d.textContent.toLowerCase().includes(q);
    d.hidden=!hit;if(hit)n++;}
  count.textContent=n;
}
box.addEventListener('input',filter);
// report.html#q=words opens already filtered: a link to "every document chrome.byline touched".
const start=new URLSearchParams(location.hash.slice(1)).get('q');
if(start){box.value=start;filter();}
"""


def render_report(summary: BatchSummary, title: str = "textfix batch report") -> str:
    """The whole page as a string; ``write_report`` writes it atomically."""
    stats = summary.stats
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        '<section id="summary"><h2>Summary</h2>',
        _summary_table(summary),
        "</section>",
        '<section id="charts"><h2>Edits per rule</h2>',
        _bar_chart("edits-per-rule", sorted(stats.edits.items(), key=lambda kv: (-kv[1], kv[0]))),
        "<h2>Documents changed</h2>",
        _bar_chart(
            "documents-changed",
            [("changed", stats.changed), ("unchanged", stats.documents - stats.changed)],
        ),
        "<h2>Documents changed, by rule</h2>",
        _bar_chart(
            "documents-by-rule",
            sorted(stats.documents_by_rule.items(), key=lambda kv: (-kv[1], kv[0])),
        ),
        "</section>",
        _documents(summary),
        f"<script>{_JS}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def write_report(summary: BatchSummary, path: Path, title: str = "textfix batch report") -> None:
    from textfix.shards import atomic_file

    with atomic_file(path) as handle:
        handle.write(render_report(summary, title).encode("utf-8"))


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _summary_table(summary: BatchSummary) -> str:
    stats = summary.stats
    rows: list[tuple[str, object]] = [
        ("Shards", len(summary.shards)),
        ("Shards cleaned now", summary.shards_done),
        ("Shards skipped (finished earlier)", summary.shards_skipped),
        ("Shards failed", summary.shards_failed),
        ("Documents", stats.documents),
        ("Documents changed", stats.changed),
        ("Edits", sum(stats.edits.values())),
        ("Suggestions", stats.suggestions),
        ("Record errors", stats.errors),
        ("Input MB (on disk)", f"{stats.bytes_in / 1e6:.2f}"),
        ("Text MB", f"{stats.text_bytes / 1e6:.2f}"),
        ("Wall seconds", f"{summary.seconds:.1f}"),
    ]
    body = "".join(f'<tr><th>{_e(k)}</th><td class="n">{_e(v)}</td></tr>' for k, v in rows)
    status = (
        '<p class="failed">Something failed: see the errors file.</p>'
        if summary.failed
        else "<p>No errors.</p>"
    )
    return f'<table class="summary">{body}</table>{status}'


def _bar_chart(name: str, items: Sequence[tuple[str, int]]) -> str:
    """A horizontal bar chart as inline SVG; a chart with no data says so in words."""
    if not items or not any(value for _, value in items):
        return f'<p class="chart-empty" id="{_e(name)}">Nothing to chart.</p>'
    label_width, bar_width, row = 230, 420, 22
    top = max(value for _, value in items) or 1
    height = row * len(items) + 4
    bars = []
    for index, (label, value) in enumerate(items):
        y = index * row + 2
        width = max(1, round(bar_width * value / top)) if value else 0
        bars.append(
            f"<g><title>{_e(label)}: {value}</title>"
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{_e(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{width}" height="{row - 6}" '
            f'fill="#4a6fd8"></rect>'
            f'<text x="{label_width + width + 5}" y="{y + 15}">{value}</text></g>'
        )
    total_width = label_width + bar_width + 80
    return (
        f'<svg id="{_e(name)}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{total_width}" height="{height}" viewBox="0 0 {total_width} {height}">'
        + "".join(bars)
        + "</svg>"
    )


def _documents(summary: BatchSummary) -> str:
    samples = summary.samples[:MAX_DOCUMENTS]
    head = (
        '<section id="documents"><h2>Changed documents</h2>'
        f'<p><input id="search" type="search" placeholder="Filter by shard, id, rule or text" '
        f'aria-label="Filter documents"> <span id="shown">{len(samples)}</span> of '
        f"{len(samples)} shown"
    )
    if summary.stats.changed > len(samples):
        head += (
            f" (a sample: {summary.stats.changed} documents changed in all; the report keeps the "
            "first changed documents of each shard, and none of shards cleaned without a report)"
        )
    head += "</p>"
    return head + "".join(_document(sample) for sample in samples) + "</section>"


def _document(sample: DocumentSample) -> str:
    where = f"{sample.shard}:{sample.line}" + (f" id {sample.id}" if sample.id else "")
    key = " ".join([where, *sample.rules]).lower()
    rules = "".join(f'<span class="rule">{_e(r)}</span>' for r in sample.rules)
    return (
        f'<details class="doc" data-key="{_e(key)}"><summary>{_e(where)} {rules}</summary>'
        '<table class="diff"><colgroup><col><col><col><col><col></colgroup>'
        "<thead><tr><th></th><th>original</th><th></th><th>cleaned</th><th>rules</th></tr></thead>"
        f"<tbody>{''.join(_row(r) for r in sample.rows)}</tbody></table></details>"
    )


def _row(row: DiffRow) -> str:
    if row.tag == "skip":
        return f'<tr class="skip"><td colspan="5">{_e(row.left) or "⋯"}</td></tr>'
    labels = "".join(f'<span class="rule">{_e(r)}</span>' for r in row.rules)
    if row.tag == "replace" and row.left_no is not None and row.right_no is not None:
        left, right = _intraline(row.left, row.right)
    else:
        left, right = _e(row.left), _e(row.right)
    return (
        f'<tr class="{row.tag}"><td class="no">{_no(row.left_no)}</td>'
        f'<td class="l">{left}</td><td class="no">{_no(row.right_no)}</td>'
        f'<td class="r">{right}</td><td class="lab">{labels}</td></tr>'
    )


# Most repairs are invisible (a no-break space, a zero-width space, trailing blanks): inside a
# changed stretch they are drawn as visible marks, so the diff shows what actually changed.
_VISIBLE = {
    " ": "·",
    "\t": "→",
    "\u00a0": "⍽",
    "\u200b": "⟨ZWSP⟩",
    "\u2060": "⟨WJ⟩",
    "\ufeff": "⟨BOM⟩",
    "\u00ad": "⟨SHY⟩",
    "\u202f": "⟨NNBSP⟩",
    "\u2009": "⟨THIN⟩",
}


def _intraline(before: str, after: str) -> tuple[str, str]:
    """Both sides of a changed line, with the changed stretches marked."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(_e(before[i1:i2]))
            right.append(_e(after[j1:j2]))
            continue
        if i2 > i1:
            left.append(f"<del>{_shown(before[i1:i2])}</del>")
        if j2 > j1:
            right.append(f"<ins>{_shown(after[j1:j2])}</ins>")
    return "".join(left), "".join(right)


def _shown(text: str) -> str:
    parts = []
    for char in text:
        mark = _VISIBLE.get(char)
        if mark is None and (ord(char) < 32 or 0x7F <= ord(char) < 0xA0):
            mark = f"⟨U+{ord(char):04X}⟩"
        if mark is None:
            parts.append(_e(char))
        else:
            parts.append(f'<span class="ws" title="U+{ord(char):04X}">{_e(mark)}</span>')
    return "".join(parts)


def _no(number: int | None) -> str:
    return "" if number is None else str(number)


def samples_from_json(items: Iterable[Mapping[str, Any]]) -> tuple[DocumentSample, ...]:
    return tuple(DocumentSample.from_json(item) for item in items)
