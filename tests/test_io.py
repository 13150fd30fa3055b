"""Reading and writing files without losing a byte."""

from __future__ import annotations

import codecs
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from textfix import io

ROUND_TRIP = [
    pytest.param(b"plain ascii\n", "utf-8", b"", id="utf-8"),
    pytest.param("caf\u00e9 \u2014 na\u00efve\r\n".encode(), "utf-8", b"", id="utf-8-crlf"),
    pytest.param(codecs.BOM_UTF8 + b"bom\n", "utf-8", codecs.BOM_UTF8, id="utf-8-bom"),
    pytest.param(
        codecs.BOM_UTF16_LE + "z\u00df\r\n".encode("utf-16-le"),
        "utf-16-le",
        codecs.BOM_UTF16_LE,
        id="utf-16-le",
    ),
    pytest.param(
        codecs.BOM_UTF16_BE + "z\u00df\n".encode("utf-16-be"),
        "utf-16-be",
        codecs.BOM_UTF16_BE,
        id="utf-16-be",
    ),
    pytest.param(
        codecs.BOM_UTF32_LE + "x\n".encode("utf-32-le"),
        "utf-32-le",
        codecs.BOM_UTF32_LE,
        id="utf-32-le",
    ),
    pytest.param(b"mixed\r\nendings\rand\nno final", "utf-8", b"", id="mixed-endings"),
    pytest.param(b"", "utf-8", b"", id="empty"),
]


@pytest.mark.parametrize(("data", "codec", "bom"), ROUND_TRIP)
def test_decode_detects_and_round_trips(data: bytes, codec: str, bom: bytes) -> None:
    text, found = io.decode(data, "f.txt")
    assert found == io.Encoding(codec, bom)
    assert "\ufeff" not in text
    assert found.encode(text, "f.txt") == data


def test_line_endings_are_not_translated() -> None:
    text, _ = io.decode(b"a\r\nb\rc\n", "f.txt")
    assert text == "a\r\nb\rc\n"


def test_invalid_utf8_names_file_and_offers_encoding() -> None:
    with pytest.raises(io.InputError) as info:
        io.decode(b"line one\ncaf\xe9\n", "notes/latin.txt")
    message = str(info.value)
    assert message.startswith("notes/latin.txt: not valid utf-8")
    assert "0xe9" in message and "line 2" in message and "--encoding" in message
    assert not isinstance(info.value, io.BinaryFileError)


def test_explicit_encoding_reads_and_writes_back() -> None:
    data = "caf\u00e9\n".encode("cp1252")
    text, found = io.decode(data, "f.txt", "cp1252")
    assert text == "caf\u00e9\n"
    assert found.encode(text, "f.txt") == data


def test_explicit_encoding_agrees_with_bom() -> None:
    data = codecs.BOM_UTF16_LE + "hi\n".encode("utf-16-le")
    text, found = io.decode(data, "f.txt", "utf-16")
    assert text == "hi\n"
    assert found.bom == codecs.BOM_UTF16_LE


@pytest.mark.parametrize("name", ["utf-16", "utf-8-sig"])
def test_explicit_bom_codec_without_bom_writes_no_bom(name: str) -> None:
    data = "hi\n".encode("utf-16-le" if name == "utf-16" else "utf-8")
    text, found = io.decode(data, "f.txt", name)
    assert text == "hi\n"
    assert found.encode(text, "f.txt") == data


def test_unknown_encoding_is_an_input_error() -> None:
    with pytest.raises(io.InputError, match="unknown encoding"):
        io.decode(b"x", "f.txt", "no-such-codec")


def test_unencodable_text_is_an_output_error() -> None:
    with pytest.raises(io.OutputError, match=r"f\.txt.*U\+2019.*not changed"):
        io.Encoding("latin-1").encode("don\u2019t", "f.txt")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"text with a \x00 NUL byte", "NUL byte at offset 12"),
    ],
)
def test_binary_files_are_recognised(data: bytes, kind: str) -> None:
    with pytest.raises(io.BinaryFileError) as info:
        io.decode(data, "x.txt")
    assert str(info.value).startswith("x.txt: skipped, binary file")
    assert kind in str(info.value)


def test_nul_character_in_explicit_encoding_is_binary() -> None:
    with pytest.raises(io.BinaryFileError):
        io.decode(b"a\x00b", "x.txt", "latin-1")


def test_read_path_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(io.InputError, match=r"missing\.txt: no such file"):
        io.read_path(tmp_path / "missing.txt")
    with pytest.raises(io.InputError, match="is a directory"):
        io.read_path(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("x\n")
    secret.chmod(0)
    try:
        with pytest.raises(io.InputError, match=r"secret\.txt: permission denied"):
            io.read_path(secret)
    finally:
        secret.chmod(0o600)


def test_write_atomic_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old\r\n")
    target.chmod(0o640)
    io.write_atomic(target, b"new\r\n")
    assert target.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_write_atomic_backup(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old\n")
    io.write_atomic(target, b"new\n", backup=".orig")
    assert target.read_bytes() == b"new\n"
    assert (tmp_path / "a.txt.orig").read_bytes() == b"old\n"


def test_write_atomic_follows_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    io.write_atomic(link, b"new\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_write_failure_leaves_original_and_no_temp_file(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "a.txt"
    target.write_bytes(b"original\n")
    folder.chmod(0o555)
    try:
        with pytest.raises(io.OutputError) as info:
            io.write_atomic(target, b"changed\n")
        assert str(info.value).startswith(f"{target}: cannot write")
        assert "not changed" in str(info.value)
        assert target.read_bytes() == b"original\n"
        assert [p.name for p in folder.iterdir()] == ["a.txt"]
    finally:
        folder.chmod(0o755)


def test_permission_denied_creating_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The read-only-folder case, reproducible when the tests run as root.
    target = tmp_path / "a.txt"
    target.write_bytes(b"original\n")

    def denied(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(io.OutputError, match=r"a\.txt: cannot write: Permission denied"):
        io.write_atomic(target, b"changed\n")
    assert target.read_bytes() == b"original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_failure_during_replace_removes_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"original\n")

    def disk_full(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(io.OutputError, match="No space left on device"):
        io.write_atomic(target, b"changed\n")
    assert target.read_bytes() == b"original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_write_to_missing_file_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(io.OutputError, match=r"gone\.txt"):
        io.write_atomic(tmp_path / "gone.txt", b"x")
    assert list(tmp_path.iterdir()) == []


def test_iter_files_walks_folders_for_text_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "c.py").write_text("c")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.rst").write_text("d")
    found = [p.relative_to(tmp_path).as_posix() for p in io.iter_files([tmp_path])]
    assert found == ["a.txt", "b.md", "sub/d.rst"]


def test_iter_files_keeps_named_files_once(tmp_path: Path) -> None:
    named = tmp_path / "notes.log"
    named.write_text("x")
    found = list(io.iter_files([named, tmp_path, named, tmp_path / "missing.txt"]))
    assert found == [named, tmp_path / "missing.txt"]


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_killed_mid_write_leaves_the_original(tmp_path: Path) -> None:
    """Fault injection: the writer is killed after writing the temp file, before the rename."""
    target = tmp_path / "a.txt"
    target.write_bytes(b"original\n")
    ready = tmp_path / "ready"
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from textfix import io\n"
        "def stall(fd):\n"
        f"    Path({str(ready)!r}).write_text('x')\n"
        "    time.sleep(60)\n"
        "io.os.fsync = stall\n"
        f"io.write_atomic(Path({str(target)!r}), b'changed\\n' * 100000)\n"
    )
    _kill_when_ready(script, ready, seconds=20, stage="reached fsync")
    assert target.read_bytes() == b"original\n"
    # Only a recognisable temp file can be left by a killed writer; never a half-written target.
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("a.txt", "ready")]
    assert all(name.startswith(".a.txt.") and name.endswith(".textfix") for name in leftovers)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_write_atomic_keeps_owner(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old\n")
    os.chown(target, 4321, 4321)
    io.write_atomic(target, b"new\n")
    info = target.stat()
    assert (info.st_uid, info.st_gid, target.read_bytes()) == (4321, 4321, b"new\n")


def test_write_atomic_keeps_extended_attributes(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"old\n")
    try:
        os.setxattr(target, "user.textfix-test", b"kept")
    except (AttributeError, OSError):
        pytest.skip("no user extended attributes on this file system")
    io.write_atomic(target, b"new\n")
    assert os.getxattr(target, "user.textfix-test") == b"kept"


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_cli_killed_halfway_through_writing_leaves_the_original(tmp_path: Path) -> None:
    """Fault injection through the command: ``textfix fix`` is killed after half of the new
    text reached the temp file. The original is intact, and the only possible leftover is a
    hidden ``.NAME.*.textfix`` file that a later run over the folder does not take as input."""
    target = tmp_path / "big.txt"
    original = "word\u00a0word  \n".encode() * 50_000
    target.write_bytes(original)
    ready = tmp_path / "ready"
    script = (
        "import os, shutil, sys, tempfile, time\n"
        "from pathlib import Path\n"
        "from textfix import cli, io\n"
        # The same run on a copy elsewhere first: a dictionary cache the run builds is written
        # through os.fdopen too, and must not be the write that gets stalled and killed.
        "warm = Path(tempfile.mkdtemp()) / 'big.txt'\n"
        f"shutil.copyfile({str(target)!r}, warm)\n"
        "cli.main(['fix', '--isolated', '--select', 'normalize', str(warm)])\n"
        "shutil.rmtree(warm.parent)\n"
        "real = os.fdopen\n"
        "class Slow:\n"
        "    def __init__(self, handle): self.handle = handle\n"
        "    def __enter__(self): return self\n"
        "    def __exit__(self, *exc): self.handle.close()\n"
        "    def write(self, data):\n"
        "        self.handle.write(data[: len(data) // 2]); self.handle.flush()\n"
        f"        Path({str(ready)!r}).write_text('x')\n"
        "        time.sleep(60)\n"
        "    def __getattr__(self, name): return getattr(self.handle, name)\n"
        "io.os.fdopen = lambda fd, mode: Slow(real(fd, mode))\n"
        f"sys.exit(cli.main(['fix', '--isolated', '--select', 'normalize', {str(target)!r}]))\n"
    )
    _kill_when_ready(script, ready, seconds=60, stage="started writing")
    assert target.read_bytes() == original
    ready.unlink()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "big.txt"]
    assert leftovers
    assert all(n.startswith(".big.txt.") and n.endswith(".textfix") for n in leftovers)
    assert 0 < (tmp_path / leftovers[0]).stat().st_size < len(original)  # truly half-written
    # A later run over the folder sees big.txt alone.
    assert [p.name for p in io.iter_files([tmp_path])] == ["big.txt"]


def _kill_when_ready(script: str, ready: Path, *, seconds: float, stage: str) -> None:
    """Run ``script`` in a child process and SIGKILL it once it has created ``ready``."""
    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen(
        [sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(root)}
    )
    try:
        deadline = time.monotonic() + seconds
        while not ready.exists():
            assert child.poll() is None, "the writer exited early"
            assert time.monotonic() < deadline, f"the writer never {stage}"
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
