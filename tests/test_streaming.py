"""Large inputs streamed: the same bytes as the in-memory path, in bounded memory.

The thresholds and sizes are made small (``large.LARGE``, ``CHUNK``, ``MAX_CHUNK``,
``io.BLOCK``) so that small inputs take the streaming path and cross many block and chunk
boundaries; the memory and time numbers are in ``bench/memory_bench.py``.
"""

from __future__ import annotations

import codecs
import io as stdio
import json
import os
import random
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_cli import Runner, run_main
from tests.test_io import _kill_when_ready
from textfix import Settings, io, large, render, report, streaming
from textfix.rules.normalize import line_ending
from textfix.settings import load_settings

NORMALIZE = ("--select", "normalize")


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Runner:
    """The CLI with thresholds small enough that a few kilobytes are a large input."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir(exist_ok=True)
    monkeypatch.setattr(large, "LARGE", 2_000)
    monkeypatch.setattr(large, "LARGE_LINES", 400)
    monkeypatch.setattr(large, "CHUNK", 300)
    monkeypatch.setattr(large, "MAX_CHUNK", 700)
    monkeypatch.setattr(io, "BLOCK", 257)  # odd, so blocks split UTF-8 and UTF-16 sequences
    return run_main


PARAGRAPHS = [
    "The goverment said on Monday that it wuold raise\u00a0spending.   ",
    "Officials recieved the plan, see https://example.com/a_b for details.",
    "Share this article",
    "Advertisement",
    "Caf\u00e9 owners in Z\u00fcrich said teh\u200b prices rose 3.5%\u2014again.",
    "`code  stays` and user@example.com too",
    "A line\twith\ttabs  ",
]


def _generated(seed: int, size: int, endings: tuple[str, ...] = ("\n",)) -> str:
    """Paragraphs with typos, chrome-like lines, protected text and blank-line runs."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        lines = [rng.choice(PARAGRAPHS) for _ in range(rng.randint(1, 4))]
        ending = rng.choice(endings)
        block = ending.join(lines) + ending * rng.choice([1, 2, 2, 3, 6])
        out.append(block)
        total += len(block)
    return "".join(out)


def _expected(text: str, *options: str) -> str:
    """What the in-memory path (``fix_large`` on the whole text) makes of ``text``."""
    overrides = {"select": [options[1]]} if options else {}
    settings = load_settings(Path.cwd(), isolated=True, overrides=overrides)
    assert large.is_large(text)
    return large.fix_large(text, settings).text


INPUTS = {
    "lf": (_generated(1, 9_000), "utf-8", b""),
    "crlf": (_generated(2, 9_000, ("\r\n",)), "utf-8", b""),
    "mixed-endings": (_generated(3, 9_000, ("\n", "\r\n", "\r")), "utf-8", b""),
    "bom": (_generated(4, 9_000), "utf-8", codecs.BOM_UTF8),
    "utf-16": (_generated(5, 9_000, ("\r\n",)), "utf-16-le", codecs.BOM_UTF16_LE),
    "no-final-newline": (_generated(6, 9_000).rstrip() + "  last", "utf-8", b""),
    "trailing-blank-lines": (_generated(7, 9_000) + "\n\n\n\n", "utf-8", b""),
    "one-line": (("word\u00a0wrod  " * 1_000) + "end", "utf-8", b""),
    "many-lines": ("a\n" * 500 + "\n" * 300 + "b  \n" * 100, "utf-8", b""),
}


@pytest.mark.parametrize("name", list(INPUTS))
@pytest.mark.parametrize("options", [(), NORMALIZE], ids=["all-rules", "normalize"])
def test_streamed_fix_is_byte_identical_to_the_whole_text_path(
    small: Runner, tmp_path: Path, name: str, options: tuple[str, ...]
) -> None:
    text, codec, bom = INPUTS[name]
    target = tmp_path / "big.txt"
    target.write_bytes(bom + text.encode(codec))
    wanted = bom + _expected(text, *options).encode(codec)
    ran = small("fix", "--isolated", "big.txt", *options)
    assert ran.code == 0, ran.err
    assert target.read_bytes() == wanted
    assert [p.name for p in tmp_path.iterdir() if p.name != ".git"] == ["big.txt"]
    # stdin to stdout: the same bytes.
    ran = small("fix", "--isolated", "-", *options, stdin=bom + text.encode(codec))
    assert (ran.code, ran.out) == (0, wanted), ran.err
    # A second run finds nothing to do and does not rewrite the file.
    before = target.stat().st_mtime_ns
    ran = small("check", "--isolated", "big.txt", *options)
    assert ran.code == 0, ran.out
    assert target.stat().st_mtime_ns == before


def test_streamed_single_two_megabyte_line(small: Runner, tmp_path: Path) -> None:
    text = ("word\u00a0word  " * 200_000)[:2_000_000]
    target = tmp_path / "line.txt"
    target.write_bytes(text.encode())
    large.CHUNK, large.MAX_CHUNK = 20_000, 50_000  # restored by the fixture's monkeypatch
    io.BLOCK = 65_537
    ran = small("fix", "--isolated", "line.txt", "--select", "normalize.spaces")
    assert ran.code == 0, ran.err
    assert target.read_bytes() == text.replace("\u00a0", " ").encode()


@pytest.mark.parametrize("fmt", ["text", "jsonl", "json", "github", "sarif"])
@pytest.mark.parametrize("shape", ["paragraphs", "one-line"])
def test_streamed_check_reports_what_the_whole_text_path_reports(
    small: Runner, tmp_path: Path, fmt: str, shape: str
) -> None:
    text = _generated(8, 9_000, ("\n", "\r\n"))
    if shape == "one-line":  # findings far into a line that was cut into many pieces
        text = text.replace("\r", "").replace("\n", " ")
    (tmp_path / "big.txt").write_bytes(text.encode())
    settings = load_settings(tmp_path, isolated=True)
    result = large.fix_large(text, settings)
    found = report.findings("big.txt", result)
    ran = small("check", "--isolated", "--format", fmt, "big.txt")
    assert ran.code == 1, ran.err
    if fmt == "text":
        assert ran.out.decode() == "".join(render.check_text(found))
    elif fmt == "jsonl":
        assert ran.out.decode() == "".join(render.check_jsonl(found))
    elif fmt == "json":
        assert json.loads(ran.out) == [f.record() for f in found]
    elif fmt == "github":
        assert ran.out.decode() == "".join(render.check_github(found))
    else:
        records = json.loads(ran.out)["runs"][0]["results"]
        assert len(records) == len(found)


def test_streamed_check_counts_edits_per_file(small: Runner, tmp_path: Path) -> None:
    text = _generated(9, 6_000)
    (tmp_path / "big.txt").write_bytes(text.encode())
    result = large.fix_large(text, load_settings(tmp_path, isolated=True))
    parts = [text[i : i + 100] for i in range(0, len(text), 100)]
    summary = streaming.fix_stream(parts, load_settings(tmp_path, isolated=True), name="x")
    assert summary.changed
    assert summary.edits == len(result.edits)
    assert summary.suggestions == len(result.suggestions)
    counted: dict[str, int] = {}
    for edit in result.edits:
        counted[edit.rule] = counted.get(edit.rule, 0) + 1
    assert summary.rules == counted


def test_invalid_utf8_in_the_middle_of_a_large_file(small: Runner, tmp_path: Path) -> None:
    data = _generated(10, 9_000).encode()
    middle = data.index(b"\n", len(data) // 2) + 1
    data = data[:middle] + b"caf\xe9 " + data[middle:]
    target = tmp_path / "big.txt"
    target.write_bytes(data)
    with pytest.raises(io.InputError) as whole:
        io.decode(data, "big.txt")
    for args in (
        ("fix", "--isolated", "big.txt"),
        ("check", "--isolated", "big.txt"),
        ("diff", "--isolated", "--format", "unified", "big.txt"),
    ):
        ran = small(*args)
        assert ran.code == 2
        assert str(whole.value) in ran.err  # same offset and line as reading it whole
        assert ran.out == b""
    assert target.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir() if p.name != ".git"] == ["big.txt"]
    ran = small("fix", "--isolated", "-", stdin=data)
    assert (ran.code, ran.out) == (2, b"")


def test_unencodable_fix_in_a_large_file_leaves_it(small: Runner, tmp_path: Path) -> None:
    # Read as latin-1, the C1 controls 0x93/0x94 become curly quotes (normalize.unicode),
    # which latin-1 cannot store: found halfway through writing, after many pieces.
    text = _generated(11, 9_000).replace("\u2014", "-").replace("\u200b", "")
    data = text.encode("latin-1")
    middle = data.index(b"\n", len(data) // 2) + 1
    data = data[:middle] + b"\x93quoted\x94\n" + data[middle:]
    target = tmp_path / "big.txt"
    target.write_bytes(data)
    ran = small("fix", "--isolated", "--encoding", "latin-1", "big.txt", *NORMALIZE)
    assert ran.code == 2
    assert "big.txt: the fixed text has '\u201c'" in ran.err and "not changed" in ran.err
    assert target.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir() if p.name != ".git"] == ["big.txt"]


def test_streamed_fix_keeps_mode_and_backup(small: Runner, tmp_path: Path) -> None:
    text = _generated(12, 9_000)
    target = tmp_path / "big.txt"
    target.write_bytes(text.encode())
    target.chmod(0o640)
    ran = small("fix", "--isolated", "--backup", ".orig", "big.txt")
    assert ran.code == 0, ran.err
    assert "fixed big.txt" in ran.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert (tmp_path / "big.txt.orig").read_bytes() == text.encode()
    assert target.read_bytes() == _expected(text).encode()


def test_streamed_fix_refuses_an_unsafe_result(
    small: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety checks run per piece: a result that breaks them writes nothing."""
    text = _generated(13, 9_000)
    target = tmp_path / "big.txt"
    target.write_bytes(text.encode())
    real = streaming.fix_text
    calls = {"n": 0}

    def unstable(piece: str, settings: Settings) -> object:
        calls["n"] += 1
        result = real(piece, settings)
        # The second pass would change the text again: a rule bug.
        return result if calls["n"] < 3 else real(piece + "  \n", settings)

    monkeypatch.setattr(streaming, "fix_text", unstable)
    ran = small("fix", "--isolated", "big.txt", *NORMALIZE)
    assert ran.code == 123
    assert "second pass" in ran.err
    assert target.read_bytes() == text.encode()
    assert [p.name for p in tmp_path.iterdir() if p.name != ".git"] == ["big.txt"]


def test_small_inputs_take_the_whole_text_path(
    small: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("streamed")

    monkeypatch.setattr(streaming, "fix_stream", refuse)
    (tmp_path / "a.txt").write_bytes(b"a\xc2\xa0b  \n")
    ran = small("fix", "--isolated", "a.txt", *NORMALIZE)
    assert ran.code == 0, ran.err
    assert (tmp_path / "a.txt").read_bytes() == b"a b\n"


def test_jobs_stream_large_inputs_in_order(small: Runner, tmp_path: Path) -> None:
    text = _generated(14, 5_000)
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(text.encode())
    (tmp_path / "c.txt").write_bytes(b"small\xc2\xa0file\n")
    ran = small("fix", "--isolated", "-j", "2", "a.txt", "c.txt", "b.txt")
    assert ran.code == 0, ran.err
    wanted = _expected(text).encode()
    assert (tmp_path / "a.txt").read_bytes() == wanted == (tmp_path / "b.txt").read_bytes()
    assert (tmp_path / "c.txt").read_bytes() == b"small file\n"


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_killed_halfway_through_a_streamed_write_leaves_the_original(tmp_path: Path) -> None:
    target = tmp_path / "big.txt"
    original = _generated(15, 20_000).encode()
    target.write_bytes(original)
    ready = tmp_path / "ready"
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from textfix import cli, io, large\n"
        "large.LARGE, large.CHUNK, large.MAX_CHUNK = 2000, 300, 700\n"
        "real = os.fdopen\n"
        "class Slow:\n"
        "    def __init__(self, handle): self.handle, self.calls = handle, 0\n"
        "    def __enter__(self): return self\n"
        "    def __exit__(self, *exc): self.handle.close()\n"
        "    def write(self, data):\n"
        "        self.calls += 1\n"
        "        self.handle.write(data); self.handle.flush()\n"
        "        if self.calls == 5:\n"
        f"            Path({str(ready)!r}).write_text('x')\n"
        "            time.sleep(60)\n"
        "    def __getattr__(self, name): return getattr(self.handle, name)\n"
        "io.os.fdopen = lambda fd, mode: Slow(real(fd, mode))\n"
        f"sys.exit(cli.main(['fix', '--isolated', '--select', 'normalize', {str(target)!r}]))\n"
    )
    _kill_when_ready(script, ready, seconds=60, stage="started writing")
    assert target.read_bytes() == original
    ready.unlink()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "big.txt"]
    assert all(n.startswith(".big.txt.") and n.endswith(".textfix") for n in leftovers)
    assert [p.name for p in io.iter_files([tmp_path])] == ["big.txt"]


# --- the pieces themselves ----------------------------------------------------------------

_PIECES = st.sampled_from(
    ["word", " ", "  ", "\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", "\u00a0", "\t", "x" * 9, "\r"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(_PIECES, max_size=80).map("".join),
    chunk=st.integers(1, 30),
    extra=st.integers(0, 30),
    cuts=st.lists(st.integers(1, 40), max_size=20),
)
def test_segments_cut_a_text_in_parts_where_pieces_cuts_it_whole(
    text: str, chunk: int, extra: int, cuts: list[int]
) -> None:
    parts: list[str] = []
    at = 0
    for size in cuts:
        parts.append(text[at : at + size])
        at += size
    parts.append(text[at:])
    got = list(large.segments(parts, chunk, chunk + extra))
    assert got == list(large.segments((text,), chunk, chunk + extra))
    assert [segment for piece, segment, _ in got] == [text[p.start : p.end] for p, _, _ in got]
    assert [last for _, _, last in got] == [i == len(got) - 1 for i in range(len(got))]
    # The cuts of ``pieces``, with only whitespace after the last cut joined to the piece before.
    cut = list(large.pieces(text, chunk, chunk + extra))
    if len(cut) > 1 and not cut[-2].separator and not text[cut[-1].start :].strip():
        cut[-2:] = [large.Piece(cut[-2].start, len(text), False)]
    assert [piece for piece, _, _ in got] == cut


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from(["a", "\n", "\r", "\r\n", " ", "\n\r"]), max_size=30))
def test_line_endings_count_like_the_rule(parts: list[str]) -> None:
    endings = large.LineEndings()
    for part in parts:
        endings.feed(part)
    assert endings.dominant() == line_ending("".join(parts))


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"abc\n" * 300 + b"caf\xe9\n" + b"x" * 50, None),
        (b"abc\n" * 300 + "caf\u00e9".encode()[:-1], None),  # truncated at the very end
        (codecs.BOM_UTF16_LE + "ab\n".encode("utf-16-le") * 200 + b"\x00\xd8a\x00", None),
        (b"\xef\xbb\xbf" + b"line\r\n" * 100 + b"\xff", None),
        (b"ok\n" * 100 + b"\x81", "cp1252"),
    ],
)
@pytest.mark.parametrize("block", [1, 7, 256, 10_000])
def test_text_reader_errors_match_decode(data: bytes, encoding: str | None, block: int) -> None:
    with pytest.raises(io.InputError) as whole:
        io.decode(data, "f.txt", encoding)
    reader = io.TextReader(stdio.BytesIO(data), "f.txt", encoding, block=block)
    with pytest.raises(io.InputError) as streamed:
        while reader.read():
            pass
    assert str(streamed.value) == str(whole.value)


@pytest.mark.parametrize("block", [1, 3, 64])
def test_text_reader_reads_what_decode_reads(block: int) -> None:
    text = "caf\u00e9 \U0001f600 na\u00efve\r\n" * 50
    for encoding, bom in (("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", b"\xff\xfe")):
        data = bom + text.encode(encoding)
        reader = io.TextReader(stdio.BytesIO(data), "f.txt", block=block)
        parts = []
        while part := reader.read():
            parts.append(part)
        assert ("".join(parts), reader.encoding) == io.decode(data, "f.txt")


def test_atomic_writer_without_commit_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old\n")
    with io.AtomicWriter(target) as out:
        out.write(b"new ")
    with pytest.raises(RuntimeError), io.AtomicWriter(target) as out:
        out.write(b"new ")
        raise RuntimeError("halfway")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    with io.AtomicWriter(target) as out:
        for part in (b"new", b" ", b"text\n"):
            out.write(part)
        out.commit()
    assert target.read_bytes() == b"new text\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_open_input_keeps_small_inputs_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(large, "LARGE", 100)
    small = streaming.open_input(stdio.BytesIO(b"short\n"), "s.txt")
    assert isinstance(small, io.Source) and small.text == "short\n"
    big = streaming.open_input(stdio.BytesIO(b"long line\n" * 50), "b.txt")
    assert isinstance(big, streaming.LargeInput)
    assert "".join(big.parts()) == "long line\n" * 50


def _patched(original: bytes, diff: bytes, tmp_path: Path) -> bytes:
    """``original`` with ``diff`` applied by patch(1)."""
    folder = tmp_path / "patched"
    folder.mkdir()
    (folder / "big.txt").write_bytes(original)
    done = subprocess.run(
        ["patch", "-p0", "--binary", "-s"], cwd=folder, input=diff, capture_output=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return (folder / "big.txt").read_bytes()


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch(1)")
@pytest.mark.parametrize("name", ["lf", "crlf", "mixed-endings", "no-final-newline", "one-line"])
def test_streamed_unified_diff_applies_to_the_fixed_text(
    small: Runner, tmp_path: Path, name: str
) -> None:
    text = INPUTS[name][0]
    original = text.encode()
    (tmp_path / "big.txt").write_bytes(original)
    ran = small("diff", "--isolated", "--format", "unified", "big.txt")
    assert ran.code == 0, ran.err
    assert ran.out.startswith(b"--- big.txt\n+++ big.txt\n@@ -")
    assert _patched(original, ran.out, tmp_path) == _expected(text).encode()
    assert (tmp_path / "big.txt").read_bytes() == original


def test_streamed_unified_diff_matches_difflib_when_lines_stay_lines(
    small: Runner, tmp_path: Path
) -> None:
    """Where no line is added or removed, the hunks are difflib's over the whole text (under
    200 lines: above, difflib's popular-line heuristic makes whole-text hunks coarser)."""
    text = _generated(16, 3_000, ("\n", "\r\n"))
    assert text.count("\n") < 200
    (tmp_path / "big.txt").write_bytes(text.encode())
    options = ("--select", "normalize.spaces")
    ran = small("diff", "--isolated", "--format", "unified", "big.txt", *options)
    fixed = _expected(text, *options)
    assert ran.out.decode() == render.unified_diff(text, fixed, "big.txt")
