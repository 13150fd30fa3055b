"""Shard files: compression, streaming records in and out, and atomic writes.

A shard is one input file: a text file (one document) or JSONL (one record per line), either
optionally compressed with gzip (``.gz``) or Zstandard (``.zst``). Everything here streams, so
memory stays flat whatever the shard's size, and every output is written to a temp file in its
final folder, fsynced and renamed, so a crash or Ctrl-C never leaves a half-written output.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import importlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, cast

from textfix import io as textio

Compression = Literal["none", "gz", "zst"]
Kind = Literal["text", "jsonl"]

JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text")
# A temp file carries this marker in its name, so a later run can sweep those left by a kill -9.
TEMP_MARKER = ".textfix-tmp-"
_BOM = b"\xef\xbb\xbf"
# zlib's own default: level 9 costs about three times the CPU for a few per cent of size, and
# compression was the largest cost of a batch run that changes nothing.
_GZIP_LEVEL = 6
_ZSTD_LEVEL = 3


class ShardError(Exception):
    """A whole shard cannot be read or written (not one bad record: those are logged)."""


def compression_of(path: Path) -> Compression:
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return "gz"
    if suffix == ".zst":
        return "zst"
    return "none"


def kind_of(path: Path) -> Kind:
    """JSONL when the name (without its compression suffix) ends in .jsonl/.ndjson."""
    name = path.name.lower()
    if compression_of(path) != "none":
        name = name.rsplit(".", 1)[0]
    return "jsonl" if name.endswith(JSONL_SUFFIXES) else "text"


def is_shard_name(path: Path) -> bool:
    """Whether a file found while walking a folder is one textfix should clean."""
    name = path.name.lower()
    if compression_of(path) != "none":
        name = name.rsplit(".", 1)[0]
    return name.endswith(JSONL_SUFFIXES + TEXT_SUFFIXES) and TEMP_MARKER not in path.name


class CountingReader(io.RawIOBase):
    """Counts and hashes the on-disk bytes as they are read: progress is reported against file
    sizes, and the completion marker gets the input's hash without a second read."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.count += size
        self.digest.update(data)
        return size

    def close(self) -> None:
        self._raw.close()
        super().close()


def _zstd() -> Any:
    """The zstandard module, imported only when a .zst shard is met. It is optional, so it is
    imported by name: mypy must pass where it is not installed."""
    try:
        zstandard = importlib.import_module("zstandard")
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ShardError(
            "reading or writing .zst needs the zstandard package (pip install 'textfix[zstd]')"
        ) from error
    return zstandard


@contextlib.contextmanager
def open_input(path: Path) -> Iterator[tuple[IO[bytes], CountingReader]]:
    """A decompressed binary stream of ``path`` and the counter of its on-disk bytes."""
    counter = CountingReader(path.open("rb"))
    compression = compression_of(path)
    stream: IO[bytes]
    try:
        if compression == "gz":
            stream = cast(IO[bytes], gzip.GzipFile(fileobj=counter, mode="rb"))
        elif compression == "zst":
            reader = _zstd().ZstdDecompressor().stream_reader(counter, read_across_frames=True)
            stream = io.BufferedReader(reader, buffer_size=1 << 20)
        else:
            stream = io.BufferedReader(counter, buffer_size=1 << 20)
        try:
            yield stream, counter
        finally:
            stream.close()
    finally:
        counter.close()


@contextlib.contextmanager
def open_output(path: Path) -> Iterator[IO[bytes]]:
    """A compressing binary stream that becomes ``path`` atomically when the block succeeds.

    gzip headers are written with mtime 0 and no file name, so the same input and settings give
    byte-identical output whichever machine or executor ran them.
    """
    with atomic_file(path) as raw:
        compression = compression_of(path)
        if compression == "gz":
            with gzip.GzipFile(
                filename="", fileobj=raw, mode="wb", compresslevel=_GZIP_LEVEL, mtime=0
            ) as stream:
                yield cast(IO[bytes], stream)
        elif compression == "zst":
            writer = _zstd().ZstdCompressor(level=_ZSTD_LEVEL).stream_writer(raw, closefd=False)
            with writer as stream:
                yield stream
        else:
            yield raw


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """Write ``path`` via a temp file in the same folder, fsync, then ``os.replace``.

    Not ``textfix.io.write_atomic``: that one replaces an existing file from bytes in memory,
    keeping its owner and mode; a shard output is a new file written as a stream.

    On any exception (KeyboardInterrupt included) the temp file is removed and ``path`` is left
    as it was, so readers only ever see a complete old or a complete new file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{path.name}{TEMP_MARKER}", dir=path.parent, suffix=".part"
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as raw:
            yield raw
            raw.flush()
            os.fsync(raw.fileno())
        # mkstemp makes the file private (0600); a new output gets the usual mode instead.
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    _fsync_dir(path.parent)


@functools.cache
def _umask() -> int:
    # The umask can only be read by setting it; done once, and set straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable; not every platform lets a folder be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse
        pass
    finally:
        os.close(fd)


def write_json_atomic(path: Path, value: Any) -> None:
    data = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    with atomic_file(path) as raw:
        raw.write(data.encode("utf-8"))


def sweep_temp_files(folder: Path) -> int:
    """Remove temp files a killed run left under ``folder``; returns how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    for temp in folder.rglob(f"*{TEMP_MARKER}*"):
        if temp.is_file():
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
                removed += 1
    return removed


@dataclass(frozen=True)
class Record:
    """One document read from a shard.

    ``line`` is 1-based (always 1 for a text file). ``payload`` is the parsed JSON object for a
    JSONL record (None for a text file). ``raw`` is the record's exact bytes, line ending
    included, so a record that fails or does not change is written back untouched. ``text`` is
    None when the record could not be read; ``problem`` then says why.
    """

    line: int
    raw: bytes
    text: str | None
    payload: dict[str, Any] | None = None
    problem: str | None = None
    bom: bool = False
    encoding: textio.Encoding | None = None


def read_text_document(stream: IO[bytes], name: str) -> Record:
    """A whole text file as one record, decoded as ``textfix.io`` decodes any file.

    UTF-8 and BOM-marked UTF-16/32 are read; the encoding and BOM are remembered so the output
    is written back the same way, and line endings are never translated.
    """
    raw = stream.read()
    try:
        text, encoding = textio.decode(raw, name)
    except textio.InputError as error:
        return Record(1, raw, None, problem=str(error))
    return Record(1, raw, text, encoding=encoding)


def read_jsonl_records(stream: IO[bytes], text_field: str) -> Iterator[Record]:
    """JSONL records one line at a time; blank lines come back with ``text=None`` and no problem."""
    for number, raw in enumerate(stream, start=1):
        yield parse_jsonl_line(number, raw, text_field)


def parse_jsonl_line(number: int, raw: bytes, text_field: str) -> Record:
    """One JSONL line (``number`` is 1-based; a BOM is only taken off the first line).

    Separate from reading, so a task that cleans every n-th block of lines of a shard can skip
    the others without parsing them.
    """
    line = raw[len(_BOM) :] if number == 1 and raw.startswith(_BOM) else raw
    bom = line is not raw
    if not line.strip():
        return Record(number, raw, None, bom=bom)
    try:
        payload = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return Record(number, raw, None, problem=f"invalid JSON: {error}", bom=bom)
    if not isinstance(payload, dict):
        return Record(number, raw, None, problem="record is not a JSON object", bom=bom)
    value = payload.get(text_field)
    if not isinstance(value, str):
        problem = (
            f"no field {text_field!r}" if value is None else f"field {text_field!r} is not a string"
        )
        return Record(number, raw, None, payload, problem=problem, bom=bom)
    return Record(number, raw, value, payload, bom=bom)


def encode_text_document(record: Record, text: str, name: str) -> bytes:
    """The cleaned text in the input's own encoding; OutputError if it cannot hold a character."""
    encoding = record.encoding or textio.Encoding()
    return encoding.encode(text, name)


def encode_jsonl_record(record: Record, text_field: str, text: str, extra: dict[str, Any]) -> bytes:
    """The record with its text replaced, every other field kept.

    Key order and values are kept; the line's style is followed where it can be seen: an
    ASCII-only line stays ASCII-escaped, a compact line stays compact, its line ending is kept.
    """
    assert record.payload is not None
    payload = dict(record.payload)
    payload[text_field] = text
    payload.update(extra)
    line = record.raw
    ending = b"\r\n" if line.endswith(b"\r\n") else b"\n" if line.endswith(b"\n") else b""
    compact = b'": ' not in line and b'", ' not in line
    separators = (",", ":") if compact else (", ", ": ")
    encoded: bytes
    try:
        dumped = json.dumps(payload, ensure_ascii=line.isascii(), separators=separators)
        encoded = dumped.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (from a "\\ud800" escape) cannot be UTF-8: keep it escaped.
        encoded = json.dumps(payload, ensure_ascii=True, separators=separators).encode("ascii")
    return (_BOM if record.bom else b"") + encoded + ending


def record_id(record: Record, id_field: str | None) -> str | None:
    """The record's own id, when it has one, for the errors file and the report."""
    if record.payload is None or not id_field:
        return None
    value = record.payload.get(id_field)
    return None if value is None else str(value)
