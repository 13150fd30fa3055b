"""The HTML report: one self-contained page with summary, charts and labelled diffs."""

from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from textfix import Settings, fix_text
from textfix.batch import BatchOptions, run_batch
from textfix.report_html import make_sample, render_report, write_report

NBSP = "\u00a0"


class Page(HTMLParser):
    """Collects tags, attributes and text, and checks that every element is closed."""

    VOID = frozenset({"meta", "input", "col", "br", "img", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        self.in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self.in_script else self.text).append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def _page(tmp_path: Path) -> tuple[Page, str]:
    records = [
        {"id": "doc-1", "text": f"Title\n\nFirst{NBSP}line.  \nSecond line.\n"},
        {"id": "doc-2", "text": "<script>alert(1)</script>\u200bhidden"},
        {"id": "doc-3", "text": "Already clean."},
    ]
    (tmp_path / "a.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    options = BatchOptions(settings=Settings(select=("normalize",)), jobs=1, report_samples=10)
    summary = run_batch([str(tmp_path / "a.jsonl")], tmp_path / "out", options)
    write_report(summary, tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    page.close()
    return page, html


def test_report_structure(tmp_path: Path) -> None:
    page, html = _page(tmp_path)
    assert html.startswith("<!DOCTYPE html>") and not page.stack
    # Self-contained: nothing is fetched.
    assert not [a for t, a in page.tags if "src" in a or (t == "link")]
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert page.find("section", id="summary") and page.find("section", id="documents")
    for chart in ("edits-per-rule", "documents-changed", "documents-by-rule"):
        assert page.find("svg", id=chart), chart
    bars = [a for t, a in page.tags if t == "rect"]
    assert len(bars) == 2 * len(summary_rules(html)) + 2
    text = " ".join(page.text)
    assert "normalize.spaces" in text and "normalize.invisible" in text
    docs = page.find("details", **{"class": "doc"})
    assert len(docs) == 2  # only changed documents are listed
    assert any("doc-1" in (d.get("data-key") or "") for d in docs)
    assert page.find("input", id="search")
    changed_rows = [
        a for t, a in page.tags if t == "tr" and a.get("class") in ("replace", "delete")
    ]
    assert changed_rows
    # Document text is escaped, never markup: the only script is the page's own filter.
    assert len(page.find("script")) == 1 and "<script>alert(1)" not in html
    assert "<script>alert(1)</script>" in text


def test_sample_labels_hunks_with_rules() -> None:
    result = fix_text(
        f"keep\nfirst{NBSP}x\nkeep\nkeep\nkeep\nkeep\nkeep\nlast  \n",
        Settings(select=("normalize",)),
    )
    sample = make_sample("s.jsonl", 3, "id-1", result)
    changed = [row for row in sample.rows if row.tag != "equal" and row.tag != "skip"]
    assert changed[0].left == f"first{NBSP}x" and changed[0].right == "first x"
    assert changed[0].rules == ("normalize.spaces",)
    assert changed[-1].rules == ("normalize.trailing-whitespace",)
    assert any(row.tag == "skip" for row in sample.rows)


CHROMIUM = Path("/usr/bin/chromium")


def _dom(url: str) -> str:
    """The page as Chromium leaves it after its scripts ran."""
    done = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_report_renders_and_filters_in_headless_chromium(tmp_path: Path) -> None:
    _page(tmp_path)
    # One launch (it is the slow part): opened with #q=, the page renders and filters at once.
    dom = _dom((tmp_path / "report.html").as_uri() + "#q=doc-2")
    shown = Page()
    shown.feed(dom)
    assert shown.find("svg", id="edits-per-rule") and shown.find("rect")
    docs = shown.find("details", **{"class": "doc"})
    visible = [d for d in docs if "hidden" not in d]
    assert len(docs) == 2 and len(visible) == 1
    assert "doc-2" in (visible[0].get("data-key") or "")
    assert '<span id="shown">1</span>' in dom


def test_render_report_is_a_string(tmp_path: Path) -> None:
    _page(tmp_path)
    options = BatchOptions(settings=Settings(select=("normalize",)), jobs=1, report_samples=10)
    summary = run_batch([str(tmp_path / "a.jsonl")], tmp_path / "out", options)
    # A rerun skips the shard but still has its samples, kept beside the completion marker.
    assert summary.shards_skipped == 1 and len(summary.samples) == 2
    assert "doc-2" in render_report(summary)


def summary_rules(html: str) -> set[str]:
    """Rule ids named in the edits chart's bar titles."""
    start = html.index('id="edits-per-rule"')
    chart = html[start : html.index("</svg>", start)]
    return {part.split(":")[0] for part in chart.split("<title>")[1:]}


def test_invisible_repairs_are_shown_as_marks(tmp_path: Path) -> None:
    _parsed, html = _page(tmp_path)
    # "First\u00a0line.  " became "First line.": the no-break space and the trailing blanks
    # are drawn as marks inside the changed stretch, not left invisible.
    assert '<del><span class="ws" title="U+00A0">⍽</span></del>' in html
    assert '<span class="ws" title="U+200B">⟨ZWSP⟩</span>' in html
