"""Renderers and the findings they show: diffs that patch applies, labels, locations."""

from __future__ import annotations

import io as stdio
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import render, report
from textfix.model import Edit, FixResult, Span, Step, apply_edits
from textfix.rules import REGISTRY

# --- unified diff --------------------------------------------------------------------------

PATCH_CASES = [
    pytest.param("a\nb\nc\n", "a\nB\nc\n", id="lf"),
    pytest.param("a\r\nb\r\nc\r\n", "a\r\nb\r\n", id="crlf"),
    pytest.param("no final newline", "no final newline\n", id="add-final-newline"),
    pytest.param("x\n", "x", id="drop-final-newline"),
    pytest.param("z\u00a0\u00e9\n\n\n\nend", "z \u00e9\n\nend\n", id="unicode-blank-runs"),
    pytest.param("mixed\r\nlf\nold\rmac\n", "mixed\r\nlf\nold mac\n", id="mixed-endings"),
]


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch(1) is not installed")
@pytest.mark.parametrize(("before", "after"), PATCH_CASES)
def test_unified_diff_applies_with_patch(tmp_path: Path, before: str, after: str) -> None:
    (tmp_path / "doc.txt").write_bytes(before.encode())
    diff = render.unified_diff(before, after, "doc.txt")
    subprocess.run(
        ["patch", "-p0", "--quiet", "--binary"],
        input=diff.encode(),
        cwd=tmp_path,
        check=True,
        timeout=20,
    )
    assert (tmp_path / "doc.txt").read_bytes() == after.encode()


def test_unified_diff_of_equal_texts_is_empty() -> None:
    assert render.unified_diff("same\n", "same\n", "a.txt") == ""


def test_unified_diff_marks_missing_final_newline() -> None:
    diff = render.unified_diff("x", "x\n", "a.txt")
    assert diff.endswith("-x\n\\ No newline at end of file\n+x\n")


# --- findings and changes --------------------------------------------------------------------


def _two_steps() -> FixResult:
    original = "A\u00a0b  \nthe incresing tide"
    first = (
        Edit(Span(1, 2), " ", "normalize.spaces", 0.99, "nbsp"),
        Edit(Span(3, 5), "", "normalize.trailing-whitespace", 0.99, "trailing"),
    )
    middle = apply_edits(original, first)  # "A b\nthe incresing tide"
    second = (Edit(Span(8, 17), "increasing", "typos.nonword", 0.9, "unknown word"),)
    final = apply_edits(middle, second)
    suggestion = Edit(Span(19, 23), "tied", "typos.context", 0.5, "maybe", ("tidy",))
    return FixResult(
        original, final, (Step("normalize", first), Step("typos", second)), (suggestion,)
    )


def test_findings_are_located_in_the_original() -> None:
    result = _two_steps()
    found = report.findings("a.txt", result)
    summary = [(f.rule, f.line, f.column, f.before, f.after, f.applied) for f in found]
    assert summary == [
        ("normalize.spaces", 1, 2, "\u00a0", " ", True),
        ("normalize.trailing-whitespace", 1, 4, "  ", "", True),
        ("typos.nonword", 2, 5, "incresing", "increasing", True),
        ("typos.context", 2, 15, "tide", "tied", False),
    ]
    assert all(result.original[f.start : f.end] == f.before for f in found)
    assert found[-1].alternatives == ("tidy",)


def test_changes_rebuild_the_final_text() -> None:
    result = _two_steps()
    changes = report.changes(result, report.findings("a.txt", result))
    assert [(c.before, c.after) for c in changes] == [
        ("\u00a0", " "),
        ("  ", ""),
        ("incresing", "increasing"),
    ]
    assert _rebuild(result.original, changes) == result.text


def test_changes_widen_to_whole_words_and_merge_chained_edits() -> None:
    original = "a doesnÃ¢â‚¬â„¢t b"
    first = (Edit(Span(7, 15), "’", "normalize.unicode", 0.95, "mojibake"),)
    middle = apply_edits(original, first)  # "a doesn’t b"
    second = (Edit(Span(7, 8), "'", "typos.quotes", 0.9, "straight quote"),)
    result = FixResult(original, apply_edits(middle, second), (Step("u", first), Step("q", second)))
    (change,) = report.changes(result, report.findings("a.txt", result))
    assert (change.before, change.after) == ("doesnÃ¢â‚¬â„¢t", "doesn't")
    assert [f.rule for f in change.findings] == ["normalize.unicode", "typos.quotes"]
    assert [f.on_original for f in change.findings] == [True, False]


@st.composite
def _results(draw: st.DrawFn) -> FixResult:
    alphabet = st.sampled_from(["a", "b", " ", "\n", "\r\n", "\u00a0", "é"])
    original = "".join(draw(st.lists(alphabet, max_size=30)))
    current = original
    steps = []
    for index in range(draw(st.integers(0, 3))):
        cuts = sorted(draw(st.lists(st.integers(0, len(current)), max_size=6)))
        edits = []
        for start, end in zip(cuts[::2], cuts[1::2], strict=False):
            if edits and start == edits[-1].span.end == edits[-1].span.start == end:
                continue
            replacement = draw(st.sampled_from(["", "x", "yz", " ", "\n"]))
            edits.append(Edit(Span(start, end), replacement, f"r.{index}", 0.9, "test"))
        if edits:
            steps.append(Step(f"r{index}", tuple(edits)))
            current = apply_edits(current, edits)
    return FixResult(original, current, tuple(steps))


@settings(max_examples=300, deadline=None)
@given(_results())
def test_changes_always_rebuild_the_final_text(result: FixResult) -> None:
    found = report.findings("p", result)
    for finding in found:
        assert 0 <= finding.start <= finding.end <= len(result.original)
    first_step = result.steps[0].edits if result.steps else ()
    first_rule = first_step[0].rule if first_step else None
    for finding, edit in zip([f for f in found if f.rule == first_rule], first_step, strict=True):
        assert (finding.start, finding.end) == (edit.span.start, edit.span.end)
    changes = report.changes(result, found)
    assert _rebuild(result.original, changes) == result.text
    assert sum(len(c.findings) for c in changes) == len(found)


def _rebuild(original: str, changes: tuple[report.Change, ...]) -> str:
    parts, cursor = [], 0
    for change in changes:
        assert change.start >= cursor and original[change.start : change.end] == change.before
        parts += [original[cursor : change.start], change.after]
        cursor = change.end
    return "".join([*parts, original[cursor:]])


# --- text formats and Rich -------------------------------------------------------------------


def test_quoted_escapes_invisible_characters() -> None:
    assert render.quoted('a\u00a0"b"\t\r\n\u200b') == '"a\\u00a0\\"b\\"\\t\\r\\n\\u200b"'
    assert render.quoted("x" * 100).count("…") == 1


def test_check_text_marks_suggestions() -> None:
    result = _two_steps()
    lines = list(render.check_text(report.findings("a.txt", result)))
    assert lines[2] == 'a.txt:2:5 typos.nonword "incresing" -> "increasing"\n'
    assert (
        lines[3] == 'a.txt:2:15 typos.context "tide" -> "tied" [suggestion; alternatives: "tidy"]\n'
    )


def test_word_diff_labels_changes_and_lists_suggestions_apart() -> None:
    result = _two_steps()
    found = report.findings("a.txt", result)
    out = stdio.StringIO()
    con = render.console(out, color=False, width=200)
    suggestions = [f for f in found if not f.applied]
    render.word_diff(con, "a.txt", result.original, report.changes(result, found), suggestions)
    shown = out.getvalue()
    assert "[-incresing-]{+increasing+}[3]" in shown  # git's word-diff markers without colour
    assert "[3] typos.nonword  unknown word" in shown
    assert "[-⟨U+00A0⟩-]{+·+}[1]" in shown  # whitespace-only changes made visible
    head, _, tail = shown.partition("suggestions (not applied):")
    assert "tied" not in head
    assert "tide" in tail and "tied | tidy" in tail and "typos.context" in tail


def test_word_diff_shows_removed_lines_as_lines() -> None:
    original = "keep\nsite banner\n\nbody  \nend"
    edits = (
        Edit(Span(5, 17), "", "chrome.banner", 0.9, "chrome.banner: site banner"),
        Edit(Span(17, 18), "", "chrome.spacing", 0.99, "blank line left by removed chrome"),
        Edit(Span(22, 24), "", "normalize.trailing-whitespace", 0.99, "trailing"),
        Edit(Span(28, 28), "\n", "normalize.final-newline", 0.99, "final line break added"),
    )
    result = FixResult(original, apply_edits(original, edits), (Step("x", edits),))
    found = report.findings("a.txt", result)
    out = stdio.StringIO()
    con = render.console(out, color=False, width=200)
    render.word_diff(con, "a.txt", original, report.changes(result, found), [])
    rows = [line.rstrip() for line in out.getvalue().splitlines()[1:]]
    assert rows == [
        "    2 │ - site banner [1]  ← chrome.banner site banner",
        "    3 │ - ↵  ← chrome.spacing blank line left by removed chrome",
        "    4 │   body[-··-][2]",
        "        [2] normalize.trailing-whitespace  trailing",
        "    5 │   end{+↵+}[3]",
        "        [3] normalize.final-newline  final line break added",
    ]


def test_word_diff_in_colour_strikes_and_highlights() -> None:
    result = _two_steps()
    found = report.findings("a.txt", result)
    out = stdio.StringIO()
    con = render.console(out, color=True, width=200)
    render.word_diff(con, "a.txt", result.original, report.changes(result, found), [])
    assert "\x1b[" in out.getvalue()  # styled: strike-through red, bold green


def test_rules_plain_and_table() -> None:
    rows = [(r, "on") for r in REGISTRY]
    plain = render.rules_plain(rows)
    assert plain.count("\n") == len(REGISTRY)
    out = stdio.StringIO()
    render.rules_table(render.console(out, color=False, width=200), rows)
    assert all(r.id in out.getvalue() for r in REGISTRY)


def test_github_annotations_escape_properties_and_messages() -> None:
    result = _two_steps()
    lines = list(render.check_github(report.findings("dir,x/a:b.txt", result)))
    assert lines[0].startswith("::warning file=dir%2Cx/a%3Ab.txt,line=1,col=2,")
    assert lines[-1].startswith("::notice ")  # suggestions are notices
    assert all(line.count("\n") == 1 for line in lines)


def test_sarif_offers_fixes_only_where_they_apply_to_the_file_on_disk() -> None:
    original = "a doesnÃ¢â‚¬â„¢t b"
    first = (Edit(Span(7, 15), "’", "normalize.unicode", 0.95, "mojibake"),)
    middle = apply_edits(original, first)
    second = (Edit(Span(7, 8), "'", "typos.quotes", 0.9, "straight quote"),)
    result = FixResult(original, apply_edits(middle, second), (Step("u", first), Step("q", second)))
    log = json.loads(render.check_sarif(report.findings("a.txt", result), REGISTRY, "0"))
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["normalize.unicode", "typos.quotes"]
    assert "fixes" in results[0] and "fixes" not in results[1]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 8
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_rich_is_imported_only_to_draw() -> None:
    # rich costs a good share of a one-file `textfix check`: the plain formats never load it.
    code = (
        "import sys, textfix.cli, textfix.render as r\n"
        "assert 'rich' not in sys.modules, 'imported with the CLI'\n"
        "list(r.check_text([])); r.unified_diff('a\\n', 'b\\n', 'x')\n"
        "assert 'rich' not in sys.modules, 'imported by a plain format'\n"
        "import io; r.console(io.StringIO())\n"
        "assert 'rich' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
