"""The command-line contract: exit codes, byte-exact stdin/stdout, safe in-place writes.

Cases use the normalise rules only (``--select normalize``), so they do not move when the
chrome and typo rules change.
"""

from __future__ import annotations

import codecs
import io as stdio
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import cli
from textfix.model import Edit, FixResult, Span, Step, apply_edits
from textfix.rules import REGISTRY
from textfix.settings import Settings

NORMALIZE = ("--select", "normalize")
EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"
SEED = EXAMPLES / "000_5d31827953726566.txt"
SEED_EXPECTED = EXAMPLES / "000_5d31827953726566.expected.txt"


@dataclass(frozen=True)
class Ran:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8")


Runner = Callable[..., Ran]


@pytest.fixture
def textfix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Runner:
    """Call ``cli.main`` in-process with byte streams, from ``tmp_path``, with no user config."""
    monkeypatch.chdir(tmp_path)
    # A config above tmp_path (none expected) would change results: stop the walk here.
    (tmp_path / ".git").mkdir(exist_ok=True)

    return run_main


def run_main(*args: str, stdin: bytes = b"") -> Ran:
    """``cli.main`` with byte streams standing in for stdin, stdout and stderr."""
    out, err = stdio.BytesIO(), stdio.BytesIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = stdio.TextIOWrapper(stdio.BytesIO(stdin))
    sys.stdout = stdio.TextIOWrapper(out, "utf-8", write_through=True)
    sys.stderr = stdio.TextIOWrapper(err, "utf-8", write_through=True)
    try:
        code = cli.main(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        # Read before the wrappers go: collecting a wrapper closes its buffer.
        return Ran(code, out.getvalue(), err.getvalue().decode("utf-8"))
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


# --- fix on stdin: bytes in, bytes out ----------------------------------------------------


@pytest.mark.parametrize(
    ("given", "wanted"),
    [
        pytest.param(b"one\xc2\xa0two  \r\nthree", b"one two\r\nthree\r\n", id="crlf"),
        pytest.param(b"a  \rb", b"a\rb\r", id="cr"),
        pytest.param(b"clean\n", b"clean\n", id="clean"),
        pytest.param(codecs.BOM_UTF8 + b"x\xc2\xa0y\n", codecs.BOM_UTF8 + b"x y\n", id="utf-8-bom"),
        pytest.param(
            codecs.BOM_UTF16_LE + "\u00e9\u00a0t\u00e9\r\n".encode("utf-16-le"),
            codecs.BOM_UTF16_LE + "\u00e9 t\u00e9\r\n".encode("utf-16-le"),
            id="utf-16",
        ),
    ],
)
def test_fix_stdin_is_byte_exact(textfix: Runner, given: bytes, wanted: bytes) -> None:
    ran = textfix("fix", "-", *NORMALIZE, stdin=given)
    assert (ran.code, ran.out, ran.err) == (0, wanted, "")


_ENCODINGS = [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE)]


@settings(max_examples=150, deadline=None)
@given(
    text=st.lists(
        st.one_of(
            st.sampled_from(["\r\n", "\r", "\n", " ", "\u00a0", "\t", "  \n", "é", "\u200b"]),
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        ),
        max_size=40,
    ).map("".join),
    encoding=st.sampled_from(_ENCODINGS),
)
def test_fix_stdin_round_trip_property(text: str, encoding: tuple[str, bytes]) -> None:
    """Whatever the text, line endings and BOM: stdout is exactly the library's result in the
    input's own encoding, and a text with nothing to fix comes back byte for byte."""
    codec, bom = encoding
    given_bytes = bom + text.encode(codec)
    ran = run_main("fix", "-", "--isolated", *NORMALIZE, stdin=given_bytes)
    assert ran.code == 0, ran.err
    fixed = cli.fix_text(text, Settings(select=("normalize",)))
    assert ran.out == bom + fixed.text.encode(codec)
    if not fixed.changed:
        assert ran.out == given_bytes


def test_fix_stdin_adds_no_newline_unless_that_rule_runs(textfix: Runner) -> None:
    ran = textfix("fix", "-", "--select", "normalize.spaces", stdin=b"no\xc2\xa0final newline")
    assert ran.out == b"no final newline"
    ran = textfix("fix", "-", "--select", "normalize.trailing-whitespace", stdin=b"x  \r\ny")
    assert ran.out == b"x\r\ny"


def test_fix_stdin_invalid_utf8_prints_nothing(textfix: Runner) -> None:
    ran = textfix("fix", "-", *NORMALIZE, stdin=b"caf\xe9\n")
    assert ran.code == 2
    assert ran.out == b""
    assert "-: not valid utf-8" in ran.err and "--encoding" in ran.err


def test_fix_stdin_with_encoding_writes_same_encoding(textfix: Runner) -> None:
    ran = textfix("fix", "-", "--encoding", "cp1252", *NORMALIZE, stdin=b"caf\xe9  \n")
    assert (ran.code, ran.out) == (0, b"caf\xe9\n")


@pytest.mark.skipif(
    not SEED.exists()
    or cli.fix_text(SEED.read_bytes().decode("utf-8")).text.encode("utf-8")
    != SEED_EXPECTED.read_bytes(),
    reason="the chrome and typo rules do not clean the seed yet (the golden test tracks it)",
)
def test_seed_end_to_end(textfix: Runner) -> None:
    ran = textfix("fix", "-", stdin=SEED.read_bytes())
    assert ran.out == SEED_EXPECTED.read_bytes()
    assert textfix("check", str(SEED)).code == 1
    assert textfix("check", str(SEED_EXPECTED)).code == 0


# --- fix in place ---------------------------------------------------------------------------


def test_fix_in_place_keeps_encoding_bom_crlf_and_mode(textfix: Runner, tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(codecs.BOM_UTF16_LE + "tab\u00a0le  \r\nend".encode("utf-16-le"))
    target.chmod(0o640)
    ran = textfix("fix", "a.txt", *NORMALIZE)
    assert ran.code == 0, ran.err
    assert target.read_bytes() == codecs.BOM_UTF16_LE + "tab le\r\nend\r\n".encode("utf-16-le")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert "fixed a.txt" in ran.err
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "a.txt"]


def test_fix_leaves_clean_file_untouched(textfix: Runner, tmp_path: Path) -> None:
    target = tmp_path / "clean.txt"
    target.write_bytes(b"already clean\n")
    before = target.stat().st_mtime_ns, target.stat().st_ino
    assert textfix("fix", "clean.txt", *NORMALIZE).code == 0
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == before


def test_fix_backup(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"x  \n")
    assert textfix("fix", "--backup", ".bak", "a.txt", *NORMALIZE).code == 0
    assert (tmp_path / "a.txt").read_bytes() == b"x\n"
    assert (tmp_path / "a.txt.bak").read_bytes() == b"x  \n"


def test_fix_that_the_encoding_cannot_store_leaves_file(textfix: Runner, tmp_path: Path) -> None:
    # In cp1252 these bytes read as mojibake that ftfy repairs into an arrow cp1252 lacks.
    target = tmp_path / "a.txt"
    original = b"left \xe2\x86\x92 right\n"
    target.write_bytes(original)
    ran = textfix("fix", "--encoding", "cp1252", "a.txt", *NORMALIZE)
    assert ran.code == 2
    assert "a.txt: the fixed text has '→' (U+2192), which cp1252 cannot store" in ran.err
    assert target.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "a.txt"]


def test_fix_write_failure_is_reported_and_original_kept(
    textfix: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"x  \n")

    def denied(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    ran = textfix("fix", "a.txt", *NORMALIZE)
    assert ran.code == 2
    assert "a.txt: cannot write: Permission denied" in ran.err
    assert target.read_bytes() == b"x  \n"


# --- check ---------------------------------------------------------------------------------


def test_check_exit_codes_and_text_format(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_bytes(b"fine\n")
    (tmp_path / "dirty.txt").write_bytes(b"one\xc2\xa0two  \nthree")
    assert textfix("check", "clean.txt", *NORMALIZE).code == 0
    ran = textfix("check", "dirty.txt", *NORMALIZE)
    assert ran.code == 1
    assert ran.text.splitlines() == [
        'dirty.txt:1:4 normalize.spaces "\\u00a0" -> " "',
        'dirty.txt:1:8 normalize.trailing-whitespace "  " -> ""',
        'dirty.txt:2:6 normalize.final-newline "" -> "\\n"',
    ]
    assert "1 file would be changed" in ran.err
    assert (tmp_path / "dirty.txt").read_bytes() == b"one\xc2\xa0two  \nthree"


def test_check_json_records(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"a\xc2\xa0b\n")
    ran = textfix("check", "--format", "json", "a.txt", *NORMALIZE)
    assert ran.code == 1
    (record,) = json.loads(ran.out)
    assert record == {
        "path": "a.txt",
        "line": 1,
        "column": 2,
        "end_line": 1,
        "end_column": 3,
        "rule": "normalize.spaces",
        "before": "\u00a0",
        "after": " ",
        "confidence": record["confidence"],
        "reason": record["reason"],
        "applied": True,
        "alternatives": [],
    }
    assert 0 < record["confidence"] <= 1 and record["reason"]


def test_check_machine_formats(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"a  \n")
    lines = textfix("check", "--format", "jsonl", "a.txt", *NORMALIZE).text.splitlines()
    assert [json.loads(line)["rule"] for line in lines] == ["normalize.trailing-whitespace"]
    github = textfix("check", "--format", "github", "a.txt", *NORMALIZE).text
    assert github.startswith("::warning file=a.txt,line=1,col=2,endLine=1,endColumn=4,")
    sarif = json.loads(textfix("check", "--format", "sarif", "a.txt", *NORMALIZE).out)
    (result,) = sarif["runs"][0]["results"]
    assert sarif["version"] == "2.1.0"
    assert result["ruleId"] == "normalize.trailing-whitespace"
    replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"]["startColumn"] == 2
    assert replacement["insertedContent"]["text"] == ""


def test_check_stdin_and_stdin_filename(textfix: Runner) -> None:
    ran = textfix("check", "-", "--stdin-filename", "story.md", *NORMALIZE, stdin=b"x  \n")
    assert ran.code == 1
    assert ran.text.startswith("story.md:1:2 normalize.trailing-whitespace")


def test_select_and_ignore(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"a\xc2\xa0b  \n")

    def rules(*args: str) -> list[str]:
        return [line.split()[1] for line in textfix("check", "a.txt", *args).text.splitlines()]

    assert rules("--select", "normalize.spaces") == ["normalize.spaces"]
    assert rules(*NORMALIZE, "--ignore", "normalize.spaces") == ["normalize.trailing-whitespace"]
    # A prefix matches whole dot-separated segments: "normalize.trailing" is not one.
    ignore_both = ("--ignore", "normalize.spaces", "--ignore", "normalize.trailing-whitespace")
    assert rules(*NORMALIZE, *ignore_both[:2], "--ignore", "normalize.trailing") == [
        "normalize.trailing-whitespace"
    ]
    ran = textfix("check", "a.txt", *NORMALIZE, *ignore_both)
    assert (ran.code, ran.out) == (0, b"")
    ran = textfix("check", "a.txt", "--select", "normalize.spaces,normalize.trailing-whitespace")
    assert len(ran.text.splitlines()) == 2


def test_directory_walk_skips_hidden_and_non_text(textfix: Runner, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / ".cache").mkdir(parents=True)
    (docs / "a.md").write_bytes(b"a  \n")
    (docs / "b.txt").write_bytes(b"b\n")
    (docs / "c.py").write_bytes(b"c  \n")
    (docs / ".d.txt").write_bytes(b"d  \n")
    (docs / ".cache" / "e.txt").write_bytes(b"e  \n")
    ran = textfix("check", "docs", *NORMALIZE)
    assert ran.code == 1
    assert {line.split(":")[0] for line in ran.text.splitlines()} == {"docs/a.md"}
    assert "1 file would be changed (1 edit), 1 file already clean." in ran.err
    ran = textfix("check", "docs", "--suffix", "py", "--suffix", ".TXT", *NORMALIZE)
    assert {line.split(":")[0] for line in ran.text.splitlines()} == {"docs/c.py"}


def test_jobs_give_the_same_output_in_the_same_order(textfix: Runner, tmp_path: Path) -> None:
    for index in range(6):
        (tmp_path / f"f{index}.txt").write_bytes(b"clean\n" if index % 2 else b"x\xc2\xa0y  \n")
    (tmp_path / "zz.txt").write_bytes(b"\x00binary")
    serial = textfix("check", ".", *NORMALIZE)
    parallel = textfix("check", ".", "-j", "2", *NORMALIZE)
    assert (parallel.code, parallel.out, parallel.err) == (serial.code, serial.out, serial.err)
    assert parallel.code == 2  # the binary file
    assert textfix("fix", ".", "-j", "2", *NORMALIZE).code == 2
    assert (tmp_path / "f0.txt").read_bytes() == b"x y\n"


def test_empty_folder_says_so(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    ran = textfix("check", "empty")
    assert (ran.code, ran.out) == (0, b"")
    assert "no files to check" in ran.err


def test_globs_and_excludes(textfix: Runner, tmp_path: Path) -> None:
    for name in ("docs/a.md", "docs/drafts/b.md", "docs/c.min.md", "notes/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x  \n")

    def files(*args: str) -> list[str]:
        ran = textfix("check", *args, *NORMALIZE)
        return sorted({line.split(":")[0] for line in ran.text.splitlines()})

    assert files("docs/**/*.md") == ["docs/a.md", "docs/c.min.md", "docs/drafts/b.md"]
    assert files("docs", "--exclude", "drafts", "--exclude", "*.min.md") == ["docs/a.md"]
    assert files("docs/drafts/b.md", "--exclude", "drafts") == ["docs/drafts/b.md"]
    assert files("docs/drafts/b.md", "--exclude", "drafts", "--force-exclude") == []
    (tmp_path / "docs" / ".textfix.toml").write_text('exclude = ["drafts/*"]\n')
    assert files("docs", "notes") == ["docs/a.md", "docs/c.min.md", "notes/d.txt"]
    ran = textfix("check", "nothing/*.md")
    assert ran.code == 2 and "nothing/*.md: no such file" in ran.err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignored_files_are_skipped_in_folders(textfix: Runner, tmp_path: Path) -> None:
    shutil.rmtree(tmp_path / ".git")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, timeout=30)
    (tmp_path / ".gitignore").write_text("build/\n*.log.txt\n")
    for name in ("a.txt", "build/b.txt", "c.log.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x  \n")
    ran = textfix("check", ".", *NORMALIZE)
    assert [line.split(":")[0] for line in ran.text.splitlines()] == ["a.txt"]
    ran = textfix("check", ".", "--no-respect-gitignore", *NORMALIZE)
    assert len(ran.text.splitlines()) == 3
    assert textfix("check", "c.log.txt", *NORMALIZE).code == 1  # named files are taken


# --- bad input -----------------------------------------------------------------------------


def test_missing_file_is_named_and_others_still_run(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"a  \n")
    ran = textfix("check", "missing.txt", "a.txt", *NORMALIZE)
    assert ran.code == 2
    assert "textfix: error: missing.txt: no such file" in ran.err
    assert ran.text.startswith("a.txt:1:2 ")


def test_binary_file_is_skipped_with_a_note(textfix: Runner, tmp_path: Path) -> None:
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "a.txt").write_bytes(b"a  \n")
    ran = textfix("fix", "image.txt", "a.txt", *NORMALIZE)
    assert ran.code == 2
    assert "image.txt: skipped, binary file (PNG image)" in ran.err
    assert png.read_bytes() == b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    assert (tmp_path / "a.txt").read_bytes() == b"a\n"


def test_invalid_utf8_file_is_left_untouched(textfix: Runner, tmp_path: Path) -> None:
    target = tmp_path / "latin.txt"
    target.write_bytes(b"caf\xe9  \n")
    ran = textfix("fix", "latin.txt", *NORMALIZE)
    assert ran.code == 2
    assert "latin.txt: not valid utf-8: byte 0xe9 at offset 3 (line 1)" in ran.err
    assert target.read_bytes() == b"caf\xe9  \n"
    assert textfix("fix", "--encoding", "cp1252", "latin.txt", *NORMALIZE).code == 0
    assert target.read_bytes() == b"caf\xe9\n"


def test_broken_config_found_from_file_is_named(textfix: Runner, tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / ".textfix.toml").write_text("select = [\n")
    (sub / "a.txt").write_bytes(b"a\n")
    (tmp_path / "b.txt").write_bytes(b"b  \n")
    ran = textfix("check", "sub/a.txt", "b.txt", *NORMALIZE)
    assert ran.code == 2
    assert ".textfix.toml" in ran.err and "invalid TOML" in ran.err
    assert ran.text.startswith("b.txt:1:2 ")


def test_config_file_settings_apply(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / ".textfix.toml").write_text(
        'select = ["normalize"]\nignore = ["normalize.spaces"]\n'
    )
    (tmp_path / "a.txt").write_bytes(b"a\xc2\xa0b\n")
    assert textfix("check", "a.txt").code == 0
    assert textfix("check", "a.txt", "--isolated", *NORMALIZE).code == 1


def test_explicit_broken_config_stops_before_any_file(textfix: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('colour = "blue"\n')
    (tmp_path / "a.txt").write_bytes(b"a  \n")
    ran = textfix("fix", "--config", "bad.toml", "a.txt")
    assert ran.code == 2
    assert "bad.toml" in ran.err and "colour" in ran.err
    assert (tmp_path / "a.txt").read_bytes() == b"a  \n"


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--no-such-option", "a.txt"),
        ("check", "--min-confidence", "1.5", "a.txt"),
        ("check", "--variant", "en-AU", "a.txt"),
        ("check", "--encoding", "klingon", "a.txt"),
        ("check",),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_2(textfix: Runner, args: tuple[str, ...]) -> None:
    ran = textfix(*args)
    assert ran.code == 2
    assert ran.err


def test_internal_error_exits_123_and_keeps_file(
    textfix: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_bytes(b"a  \n")

    def broken(text: str, settings: object = None) -> object:
        raise RuntimeError("rule exploded")

    monkeypatch.setattr(cli, "fix_text", broken)
    ran = textfix("fix", "a.txt")
    assert ran.code == 123
    assert "a.txt: internal error: RuntimeError: rule exploded" in ran.err
    assert (tmp_path / "a.txt").read_bytes() == b"a  \n"
    assert "Traceback" in textfix("check", "-v", "a.txt").err


def test_fix_refuses_to_write_an_unstable_result(
    textfix: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"a\n")
    real = cli.fix_text

    def growing(text: str, settings: Settings | None = None) -> FixResult:
        # A broken rule: every pass appends another line.
        result = real(text, settings)
        return FixResult(text, result.text + "more\n", result.steps)

    monkeypatch.setattr(cli, "fix_text", growing)
    ran = textfix("fix", "a.txt", *NORMALIZE)
    assert ran.code == 123
    assert "a.txt: not written: a second pass would change the fixed text again" in ran.err
    assert target.read_bytes() == b"a\n"
    assert textfix("fix", "--fast", "a.txt", *NORMALIZE).code == 0
    assert target.read_bytes() == b"a\nmore\n"


# --- review --------------------------------------------------------------------------------


def test_scripted_review_session(textfix: Runner, tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes("one\u00a0two  \r\nthree\u00a0four\r\nlast".encode())
    # accept, reject, an unknown key (asked again), edit to "_", then end of input (= quit).
    ran = textfix("review", "a.txt", *NORMALIZE, stdin=b"a\nr\nz\ne\n_\n")
    assert ran.code == 0, ran.err
    assert target.read_bytes() == b"one two  \r\nthree_four\r\nlast"
    assert "unknown answer 'z'" in ran.text
    assert "[1/4] a.txt:1:4 normalize.spaces" in ran.text
    assert "wrote a.txt (2 changes accepted)" in ran.err


def test_review_ignore_word_adds_it_to_the_nearest_config(textfix: Runner, tmp_path: Path) -> None:
    """A scripted session: ``i`` on a word writes it into the config's ``words`` (comments and
    other keys kept), the word is not asked about again, and the next check is clean."""
    config = tmp_path / ".textfix.toml"
    config.write_text('# team words\nreplace = { recieve = "receive", teh = "the" }\n')
    target = tmp_path / "a.txt"
    target.write_bytes(b"We recieve it. Then recieve more of teh rest.\n")
    ran = textfix("review", "a.txt", "--select", "typos", stdin=b"i\na\n")
    assert ran.code == 0, ran.err
    assert target.read_bytes() == b"We recieve it. Then recieve more of the rest.\n"
    assert config.read_text() == (
        '# team words\nreplace = { recieve = "receive", teh = "the" }\nwords = ["recieve"]\n'
    )
    assert f"added 'recieve' to words in {config}" in ran.err
    assert textfix("check", "a.txt", "--select", "typos").code == 0


def test_review_ignore_refuses_what_is_not_a_word(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"x  \n")
    # "i" on trailing whitespace is refused and asked again; "r" then rejects it.
    ran = textfix("review", "a.txt", *NORMALIZE, stdin=b"i\nr\n")
    assert ran.code == 0
    assert "'i' ignores a word, and '  ' is not one" in ran.text
    assert (tmp_path / "a.txt").read_bytes() == b"x  \n"
    assert not (tmp_path / ".textfix.toml").exists()


def test_review_ignore_creates_config_at_repo_root(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "b.txt").write_bytes(b"We recieve it.\n")
    ran = textfix("review", "docs/b.txt", "--select", "typos", stdin=b"i\n")
    assert ran.code == 0, ran.err
    assert (tmp_path / ".textfix.toml").read_text().endswith('words = ["recieve"]\n')
    assert textfix("check", "docs/b.txt", "--select", "typos").code == 0


def test_review_ignore_isolated_prints_the_line_to_add(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"We recieve it.\n")
    ran = textfix("review", "b.txt", "--select", "typos", "--isolated", stdin=b"i\n")
    assert ran.code == 0
    assert 'add to your config: words = ["recieve"]' in ran.err
    assert not (tmp_path / ".textfix.toml").exists()


def test_review_needs_files(textfix: Runner) -> None:
    ran = textfix("review", "-")
    assert ran.code == 2 and "review reads its answers from stdin" in ran.err


def test_config_shows_effective_settings_and_sources(textfix: Runner, tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / ".textfix.toml").write_text('select = ["normalize"]\nwords = ["Zelenskyy"]\n')
    ran = textfix("config", "sub", "--variant", "en-GB")
    assert ran.code == 0, ran.err
    lines = ran.text.splitlines()
    config = str((sub / ".textfix.toml").resolve())
    assert f'select = ["normalize"]  # {config}' in lines
    assert 'variant = "en-GB"  # command line' in lines
    assert "min-confidence = 0.8  # default" in lines
    assert f'words = ["Zelenskyy"]  # {config}' in lines


# --- batch ---------------------------------------------------------------------------------


def test_batch_cleans_an_archive(textfix: Runner, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "part.jsonl").write_text(
        json.dumps({"id": "1", "text": "a\u00a0b  "}) + "\n", encoding="utf-8"
    )
    (src / "note.txt").write_bytes(b"x\xc2\xa0y\n")
    args = ("batch", "src", "--out", "out", "-j", "1", *NORMALIZE, "--metadata-field", "meta")
    ran = textfix(*args, "--learn-chrome", "--chrome-min-documents", "2", "--report", "r.html")
    assert ran.code == 0, ran.err
    assert json.loads((tmp_path / "out" / "part.jsonl").read_text())["text"] == "a b"
    assert (tmp_path / "out" / "note.txt").read_bytes() == b"x y\n"
    assert (tmp_path / "r.html").exists()
    assert "documents changed\t2" in ran.text
    textfix(*args)  # other settings: every shard is redone
    again = textfix(*args)
    assert "shards skipped (already done)\t2" in again.text


def test_batch_missing_source_is_a_usage_error(textfix: Runner) -> None:
    ran = textfix("batch", "nowhere", "--out", "out")
    assert ran.code == 2
    assert "nowhere: no such file" in ran.err


# --- diff and rules ------------------------------------------------------------------------


def test_diff_in_a_pipe_is_a_unified_diff(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"keep\r\nx\xc2\xa0y  \r\n")
    ran = textfix("diff", "a.txt", *NORMALIZE)
    assert ran.code == 0
    assert ran.out == b"--- a.txt\n+++ a.txt\n@@ -1,2 +1,2 @@\n keep\r\n-x\xc2\xa0y  \r\n+x y\r\n"
    assert (tmp_path / "a.txt").read_bytes() == b"keep\r\nx\xc2\xa0y  \r\n"


def test_diff_words_labels_rules(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"x\xc2\xa0y\n")
    ran = textfix("diff", "--format", "words", "a.txt", *NORMALIZE)
    assert ran.code == 0
    assert "[1] normalize.spaces" in ran.text
    assert "[-⟨U+00A0⟩-]{+·+}[1]" in ran.text


def test_rules_lists_every_rule(textfix: Runner) -> None:
    ran = textfix("rules")
    assert ran.code == 0
    rows = [line.split("\t") for line in ran.text.splitlines()]
    assert [row[0] for row in rows] == [r.id for r in REGISTRY]
    assert all(len(row) == 5 and " -> " in row[4] for row in rows)
    records = json.loads(textfix("rules", "--format", "json", "--ignore", "normalize").out)
    assert {r["status"] for r in records if r["phase"] == "normalize"} == {"off"}


def test_rules_table_on_request(textfix: Runner) -> None:
    ran = textfix("rules", "--format", "table")
    assert ran.code == 0
    assert "normalize.spaces" in ran.text and "phase" in ran.text


def test_interrupt_exits_130(
    textfix: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_bytes(b"a  \n")

    def interrupted(text: str, settings: object = None) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "fix_text", interrupted)
    ran = textfix("fix", "a.txt")
    assert ran.code == 130 and ran.err.strip() == "textfix: interrupted"
    assert (tmp_path / "a.txt").read_bytes() == b"a  \n"


def test_version_and_help(textfix: Runner) -> None:
    assert textfix("--version").code == 0
    ran = textfix("--help")
    assert ran.code == 0 and "check" in ran.text


@pytest.mark.skipif(os.name != "posix", reason="permission bits")
def test_check_never_writes(textfix: Runner, tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"a  \n")
    target.chmod(0o444)
    assert textfix("check", "a.txt").code == 1
    assert target.read_bytes() == b"a  \n"


# --- ignore-regex, per-path overrides, languages --------------------------------------------


def test_ignore_regex_protects_its_matches(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / ".textfix.toml").write_text('ignore-regex = ["\\\\{\\\\{[^}]*\\\\}\\\\}"]\n')
    (tmp_path / "a.txt").write_bytes("keep {{ a\u00a0b }} fix c\u00a0d\n".encode())
    ran = textfix("fix", "a.txt", *NORMALIZE)
    assert ran.code == 0, ran.err
    assert (tmp_path / "a.txt").read_bytes() == "keep {{ a\u00a0b }} fix c d\n".encode()


def test_invalid_ignore_regex_names_file_and_key(textfix: Runner, tmp_path: Path) -> None:
    config = tmp_path / ".textfix.toml"
    config.write_text('ignore-regex = ["(unclosed"]\n')
    (tmp_path / "a.txt").write_bytes(b"x\n")
    ran = textfix("check", "a.txt")
    assert ran.code == 2
    assert str(config.resolve()) in ran.err
    assert "key 'ignore-regex'" in ran.err and "invalid regular expression" in ran.err


def test_catastrophic_ignore_regex_times_out(
    textfix: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textfix import patterns

    monkeypatch.setattr(patterns, "TIMEOUT", 0.2)
    config = tmp_path / ".textfix.toml"
    config.write_text('ignore-regex = ["(a|aa)+$"]\n')
    original = b"a" * 5000 + b"!  \n"  # trailing spaces: an edit to check against the pattern
    (tmp_path / "a.txt").write_bytes(original)
    started = time.monotonic()
    ran = textfix("fix", "a.txt", *NORMALIZE)
    assert time.monotonic() - started < 10
    assert ran.code == 2
    assert str(config.resolve()) in ran.err and "key 'ignore-regex'" in ran.err
    assert "took longer than 0.2 s" in ran.err
    assert (tmp_path / "a.txt").read_bytes() == original


def test_per_path_overrides(textfix: Runner, tmp_path: Path) -> None:
    (tmp_path / ".textfix.toml").write_text(
        'select = ["normalize"]\n\n'
        '[[overrides]]\npaths = ["docs/**"]\nignore = ["normalize.trailing-whitespace"]\n\n'
        '[[overrides]]\npaths = ["*.raw.txt"]\nselect = ["normalize.final-newline"]\n'
    )
    (tmp_path / "docs" / "deep").mkdir(parents=True)
    for name in ("a.txt", "docs/deep/b.txt", "c.raw.txt"):
        (tmp_path / name).write_bytes(b"x  \ny\xc2\xa0z")
    ran = textfix("fix", ".")
    assert ran.code == 0, ran.err
    assert (tmp_path / "a.txt").read_bytes() == b"x\ny z\n"
    assert (tmp_path / "docs/deep/b.txt").read_bytes() == b"x  \ny z\n"
    assert (tmp_path / "c.raw.txt").read_bytes() == b"x  \ny\xc2\xa0z\n"
    shown = textfix("config", "docs/deep/b.txt").text
    assert 'ignore = ["normalize.trailing-whitespace"]  # ' in shown
    assert "(overrides for docs/**)" in shown and "[[overrides]]" in shown
    # The command line still wins over an override.
    (tmp_path / "docs/deep/b.txt").write_bytes(b"x  \n")
    textfix("fix", "docs", "--ignore", "normalize.blank-lines")
    assert (tmp_path / "docs/deep/b.txt").read_bytes() == b"x\n"


@pytest.mark.parametrize(
    "content",
    [
        '[[overrides]]\nignore = ["typos"]\n',
        '[[overrides]]\npaths = ["docs/**"]\nexclude = ["x"]\n',
        '[[overrides]]\npaths = ["docs/**"]\ncolour = "red"\n',
        'overrides = "docs"\n',
    ],
)
def test_bad_overrides_name_the_file(textfix: Runner, tmp_path: Path, content: str) -> None:
    config = tmp_path / ".textfix.toml"
    config.write_text(content)
    (tmp_path / "a.txt").write_bytes(b"x\n")
    ran = textfix("check", "a.txt")
    assert ran.code == 2
    assert str(config.resolve()) in ran.err and "overrides" in ran.err


GERMAN = (
    "Die Bundesregierung hat am Dienstag beschlossen, die Förderung für erneuerbare Energien "
    "deutlich zu erhöhen. Der Minister sagte, das sei ein wichtiger Schritt für das Land.\n\n"
    "Kritiker bemängeln jedoch, dass die Mittel nicht ausreichen würden und die Umsetzung zu "
    "langsam sei. Die Opposition fordert eine Debatte im Bundestag.\n"
)
POLISH = (
    "Rząd przyjął we wtorek projekt ustawy o wsparciu dla odnawialnych źródeł energii. "
    "Minister powiedział, że to ważny krok dla całego kraju i jego gospodarki.\n\n"
    "Krytycy twierdzą jednak, że środki są niewystarczające, a wdrożenie przebiega zbyt wolno. "
    "Opozycja domaga się debaty w Sejmie.\n"
)


@pytest.mark.parametrize("text", [GERMAN, POLISH], ids=["de", "pl"])
def test_typos_never_correct_other_languages(textfix: Runner, tmp_path: Path, text: str) -> None:
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    ran = textfix("check", "article.txt", "--format", "json")
    assert [r for r in json.loads(ran.out) if r["rule"].startswith("typos")] == []
    assert ran.code == 0, ran.text


def test_fix_refuses_to_write_when_protected_text_changes(
    textfix: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = b"see https://example.com/recieve now\n"
    target = tmp_path / "a.txt"
    target.write_bytes(original)

    def breaks_url(text: str, settings: Settings | None = None) -> FixResult:
        # A broken rule that "corrects" a word inside a URL.
        start = text.find("recieve")
        if start == -1:
            return FixResult(text, text, ())
        edit = Edit(Span(start, start + 7), "receive", "typos.context", 0.99, "bad")
        return FixResult(text, apply_edits(text, [edit]), (Step("typos", (edit,)),))

    monkeypatch.setattr(cli, "fix_text", breaks_url)
    ran = textfix("fix", "a.txt")
    assert ran.code == 123
    assert (
        'a.txt: not written: protected text "https://example.com/recieve" on line 1 would '
        "change (typos.context)" in ran.err
    )
    assert target.read_bytes() == original


def test_chrome_may_remove_a_protected_span_with_its_line() -> None:
    from textfix.safety import protected_changes

    text = "Share on https://x.com/a\nBody 3.5 text\n"
    line = Edit(Span(0, 25), "", "chrome.share", 0.99, "share line")
    result = FixResult(text, apply_edits(text, [line]), (Step("chrome", (line,)),))
    assert protected_changes(result) == []
    number = Edit(Span(30, 33), "3,5", "normalize.x", 0.99, "bad")
    result = FixResult(text, apply_edits(text, [number]), (Step("normalize.x", (number,)),))
    assert [v.text for v in protected_changes(result)] == ["3.5"]
