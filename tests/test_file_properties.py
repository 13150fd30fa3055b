"""Properties through the file path: what is on disk after ``textfix fix FILE``.

Arbitrary Unicode with mixed line endings, in UTF-8 (with and without a BOM) and UTF-16: a
file with nothing to fix is left byte for byte (same bytes, not rewritten); a fixed file holds
exactly the library's text in the file's own encoding and BOM; and whatever happens (even a
safety check refusing to write), the file is never anything else.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_cli import run_main
from tests.test_properties import article
from textfix import Settings, fix_text, io, large
from textfix.safety import protected_changes

ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
]
pieces = st.one_of(
    st.sampled_from(["\r\n", "\r", "\n", "\n\n\n", " ", "  \r\n", "\u00a0", "\t", "\u200b"]),
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    st.sampled_from(["https://example.com/a_b", "`code  `", "café", "Zürich", "3.5%", "—"]),
)
mixed = st.lists(pieces, max_size=60).map("".join)
FILE_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _fix_file(data: bytes, *args: str) -> tuple[int, bytes, bool]:
    """Run ``textfix fix`` on a file holding ``data``: exit code, bytes after, rewritten?"""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "a.txt")
        path.write_bytes(data)
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
        inode = path.stat().st_ino
        ran = run_main("fix", str(path), "--isolated", "-q", *args)
        after = path.stat()
        rewritten = after.st_ino != inode or after.st_mtime_ns != 1_000_000_000
        return ran.code, path.read_bytes(), rewritten


@FILE_SETTINGS
@given(text=mixed, encoding=st.sampled_from(ENCODINGS))
def test_normalize_through_a_file_is_byte_exact(text: str, encoding: tuple[str, bytes]) -> None:
    codec, bom = encoding
    data = bom + text.encode(codec)
    code, after, rewritten = _fix_file(data, "--select", "normalize")
    fixed = fix_text(text, Settings(select=("normalize",)))
    assert code == 0
    if fixed.changed:
        assert after == bom + fixed.text.encode(codec)
    else:
        assert after == data and not rewritten


@FILE_SETTINGS
@given(text=st.one_of(mixed, article), encoding=st.sampled_from(ENCODINGS))
def test_every_rule_through_a_file_never_corrupts(text: str, encoding: tuple[str, bytes]) -> None:
    """All rules: the file ends as the original or as the fixed text, nothing in between."""
    codec, bom = encoding
    data = bom + text.encode(codec)
    code, after, rewritten = _fix_file(data)
    fixed = fix_text(text)
    assert after in (data, bom + fixed.text.encode(codec))
    if after == data:
        assert not rewritten
    assert code in (0, 123)  # 123: a safety check refused to write (reported, file kept)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mixed, article))
def test_protected_spans_survive_every_rule(text: str) -> None:
    assert protected_changes(fix_text(text)) == []


@FILE_SETTINGS
@given(text=mixed, encoding=st.sampled_from(ENCODINGS), chunk=st.integers(5, 60))
def test_a_streamed_file_holds_the_whole_text_result(
    text: str, encoding: tuple[str, bytes], chunk: int
) -> None:
    """With thresholds so small that every input is large, ``fix FILE`` streams it in blocks
    and pieces, and the file then holds exactly ``fix_large``'s text of the whole input."""
    codec, bom = encoding
    saved = large.LARGE, large.CHUNK, large.MAX_CHUNK, io.BLOCK
    large.LARGE, large.CHUNK, large.MAX_CHUNK, io.BLOCK = 0, chunk, 2 * chunk, 5
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "f.txt")
            path.write_bytes(bom + text.encode(codec))
            ran = run_main("fix", "--isolated", "--select", "normalize", str(path))
            wanted = large.fix_large(text, Settings(select=("normalize",))).text
            assert ran.code == 0, ran.err
            assert path.read_bytes() == bom + wanted.encode(codec)
            assert os.listdir(folder) == ["f.txt"]
    finally:
        large.LARGE, large.CHUNK, large.MAX_CHUNK, io.BLOCK = saved
