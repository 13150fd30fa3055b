"""Limits: pathological inputs finish in seconds, large inputs go chunk by chunk.

The time limits here are generous guards against super-linear behaviour coming back (the
dotted-run input below took 33 s at 20 kB before the scanners were made linear); real numbers
are in ``bench/limits_bench.py``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_cli import Runner, run_main
from tests.test_properties import article
from textfix import Settings, fix_text, large
from textfix.model import apply_edits
from textfix.tokens import protected_spans

GUARD = 20.0  # seconds


@pytest.fixture
def textfix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Runner:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir(exist_ok=True)
    return run_main


PATHOLOGICAL = {
    "one-character": "a" * 1_000_000,
    "spaces": " " * 1_000_000 + "\n",
    "nested-quotes": '"' * 5_000 + "word" + '"' * 5_000 + "\n",
    "nested-brackets": "(" * 5_000 + "[" * 5_000 + "x" + "]" * 5_000 + ")" * 5_000 + "\n",
    "blank-lines": "a\n" + "\n" * 1_000_000 + "b\n",
    "dotted-run": "a." * 100_000,
    "hyphen-run": "a-" * 100_000,
    "unclosed-comments": "<!--" * 50_000,
    "unclosed-link-targets": "[a](" * 50_000,
    # An invisible character beside each URL of a 100 kB line: each deletion was checked
    # against the whole line (minutes); now against the region around it.
    "invisible-beside-urls": " ".join(
        f"see\u200bhttps://example.com/p{i}\u200b ok" for i in range(3_700)
    )
    + "\n",
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_input_finishes(textfix: Runner, tmp_path: Path, name: str) -> None:
    (tmp_path / "x.txt").write_text(PATHOLOGICAL[name], encoding="utf-8")
    started = time.monotonic()
    ran = textfix("check", "x.txt", "--select", "normalize", "-q")
    assert time.monotonic() - started < GUARD, name
    assert ran.code in (0, 1), ran.err


@pytest.mark.parametrize(
    "text", ["a." * 200_000, "a-" * 200_000, "1." * 200_000, "a@a." * 100_000, "](" * 200_000]
)
def test_protected_spans_are_linear(text: str) -> None:
    started = time.monotonic()
    protected_spans(text)
    assert time.monotonic() - started < 5


def test_large_input_is_fixed_in_chunks_through_the_cli(
    textfix: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(large, "LARGE", 1_000)
    monkeypatch.setattr(large, "CHUNK", 200)
    monkeypatch.setattr(large, "MAX_CHUNK", 400)
    paragraph = "Some\u00a0prose  \r\nmore prose here\r\n\r\n\r\n"
    target = tmp_path / "big.txt"
    target.write_bytes((paragraph * 100).encode())
    # check: every record points at its text in the file as it is on disk.
    ran = textfix("check", "big.txt", "--select", "normalize", "--format", "json")
    assert ran.code == 1
    lines = (paragraph * 100).splitlines()
    records = json.loads(ran.out)
    assert len(records) > 100
    for record in records:
        line = lines[record["line"] - 1]
        start = record["column"] - 1
        if record["end_line"] == record["line"]:
            assert line[start : record["end_column"] - 1] == record["before"], record
    ran = textfix("fix", "big.txt", "--select", "normalize")
    assert ran.code == 0, ran.err
    whole = fix_text(paragraph * 100, Settings(select=("normalize",)))
    assert target.read_bytes() == whole.text.encode()


_PIECES = st.sampled_from(
    ["word", " ", "  ", "\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", "\u00a0", "\t", "x" * 9, "\r"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(_PIECES, max_size=60).map("".join), chunk=st.integers(1, 30))
def test_chunked_fix_matches_the_whole_text_and_replays(text: str, chunk: int) -> None:
    normalize = Settings(select=("normalize",))
    result = large.fix_large(text, normalize, chunk=chunk, max_chunk=2 * chunk)
    assert result.text == fix_text(text, normalize).text
    replayed = text
    for step in result.steps:
        replayed = apply_edits(replayed, step.edits)
    assert replayed == result.text


def test_chunks_cover_the_text_and_respect_the_maximum() -> None:
    text = ("word " * 50 + "\n") * 40 + "\n\n" + "x" * 5_000
    cuts = list(large.pieces(text, chunk=300, max_chunk=600))
    assert "".join(text[p.start : p.end] for p in cuts) == text
    assert all(p.end - p.start <= 600 for p in cuts if " " in text[p.start : p.end])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=article, chunk=st.integers(5, 200))
def test_chunked_fix_with_every_rule_replays(text: str, chunk: int) -> None:
    """With every rule (typos included, several engine passes per chunk), the joined steps
    replay on the whole text to exactly the joined output."""
    result = large.fix_large(text, Settings(), chunk=chunk, max_chunk=2 * chunk)
    replayed = text
    for step in result.steps:
        replayed = apply_edits(replayed, step.edits)
    assert replayed == result.text
