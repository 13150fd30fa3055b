"""Files at the edge: bytes to text and back without losing a byte, and safe in-place writes.

Reading never guesses: UTF-8 (with or without a byte-order mark) and UTF-16/32 with a BOM are
recognised, anything else needs an explicit encoding. Line endings are never translated, so
the text the rules see carries the file's own ``\\r\\n``, ``\\r`` or ``\\n``. Writing goes through
a temp file in the same folder and ``os.replace``, so a reader (or a crash) sees either the old
file or the new one, never half of each.
"""

from __future__ import annotations

import codecs
import contextlib
import fnmatch
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

DEFAULT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".rst")

# Longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_BOMLESS = {"utf-16": "utf-16-le", "utf-32": "utf-32-le", "utf-8-sig": "utf-8"}

# Formats that are valid-looking bytes at the start but never prose. A NUL byte catches most
# other binaries; these catch the ones whose header happens to be NUL-free.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
# How far to look for a NUL byte; git looks at the first 8000 bytes for the same reason.
_BINARY_SNIFF = 8000
BLOCK = 1 << 20  # bytes read (and compared back) at a time when a file is streamed


class InputError(Exception):
    """A file cannot be read as text; the message names the file and says what to do."""


class BinaryFileError(InputError):
    """The file is binary; it is skipped, not an error in the file's text."""


class OutputError(Exception):
    """A file cannot be written; the original is left as it was."""


@dataclass(frozen=True)
class Encoding:
    """How a text was stored: codec name and the byte-order mark (empty when there was none)."""

    codec: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str, name: str) -> bytes:
        """``text`` as bytes in this encoding; a character it cannot hold is an error."""
        try:
            data = self.bom + text.encode(self.codec)
        except UnicodeEncodeError as error:
            raise _unencodable(name, self.codec, error) from error
        return data

    def encoder(self, name: str) -> Callable[[str, bool], bytes]:
        """``encode`` for a text given in parts: ``encoder(part, final)``; the BOM comes first.

        An incremental encoder, so that a stateful codec joins its parts as it would the whole.
        """
        inner = codecs.getincrementalencoder(self.codec)("strict")
        started = False

        def encode(part: str, final: bool = False) -> bytes:
            nonlocal started
            try:
                data = inner.encode(part, final)
            except UnicodeEncodeError as error:
                raise _unencodable(name, self.codec, error) from error
            if not started:
                started = True
                return self.bom + data
            return data

        return encode


def _unencodable(name: str, codec: str, error: UnicodeEncodeError) -> OutputError:
    char = error.object[error.start]
    return OutputError(
        f"{name}: the fixed text has {char!r} (U+{ord(char):04X}), which {codec} "
        "cannot store; the file was not changed"
    )


@dataclass(frozen=True)
class Source:
    """One input as text, with what is needed to write it back byte for byte."""

    name: str
    text: str
    encoding: Encoding
    path: Path | None = None


def codec_name(name: str) -> str:
    """The canonical codec name (``UTF8`` -> ``utf-8``); unknown names are an InputError."""
    try:
        return codecs.lookup(name).name
    except LookupError as error:
        raise InputError(f"unknown encoding {name!r}") from error


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` looks like, or None when it may be text."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    offset = data.find(b"\x00", 0, _BINARY_SNIFF)
    if offset != -1:
        return f"binary file (NUL byte at offset {offset})"
    return None


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, Encoding]:
    """Bytes to text. Without ``encoding`` only UTF-8 and BOM-marked UTF-16/32 are accepted."""
    found = detect(data, name, encoding)
    try:
        text = data[len(found.bom) :].decode(found.codec)
    except UnicodeDecodeError as error:
        offset = len(found.bom) + error.start
        line = data.count(b"\n", 0, offset) + 1
        raise InputError(
            _decode_message(name, offset, line, data[offset : offset + 1], found.codec, encoding)
        ) from error
    _refuse_nul(text, name)
    return text, found


def detect(head: bytes, name: str, encoding: str | None = None) -> Encoding:
    """The encoding of a file that starts with ``head`` (its first ``_BINARY_SNIFF`` bytes or
    more); a binary-looking head is a BinaryFileError."""
    bom, bom_codec = next(((b, c) for b, c in _BOMS if head.startswith(b)), (b"", ""))
    wanted = codec_name(encoding) if encoding else None
    if bom and (wanted is None or _same_family(wanted, bom_codec)):
        return Encoding(bom_codec, bom)
    if wanted is not None:
        # These codecs write a BOM of their own; without one in the file, writing back must
        # not add one, so the byte order is pinned instead.
        return Encoding(_BOMLESS.get(wanted, wanted), b"")
    kind = binary_kind(head)
    if kind is not None:
        raise BinaryFileError(f"{name}: skipped, {_article(kind)}")
    return Encoding("utf-8", b"")


def _refuse_nul(text: str, name: str) -> None:
    # A NUL survives the byte sniff only in wide or explicit encodings; prose never has one.
    if "\x00" in text:
        raise BinaryFileError(f"{name}: skipped, binary file (NUL character)")


def _same_family(wanted: str, bom_codec: str) -> bool:
    """Whether an explicit encoding agrees with the BOM found (``utf-16`` and ``utf-16-le``)."""
    return bom_codec.startswith(wanted.replace("_", "-").removesuffix("-sig"))


def _article(kind: str) -> str:
    return kind if kind.startswith("binary") else f"binary file ({kind})"


def _decode_message(
    name: str, offset: int, line: int, bad: bytes, codec: str, explicit: str | None
) -> str:
    message = f"{name}: not valid {codec}: byte 0x{bad.hex()} at offset {offset} (line {line})"
    if explicit:
        return message
    return message + "; pass --encoding to read it in another encoding (e.g. --encoding cp1252)"


class TextReader:
    """A file's text in parts, read ``block`` bytes at a time: ``decode`` for inputs too large
    to hold as bytes. The same detection, the same errors and messages (the offset and line of
    a bad byte are counted across blocks), from an incremental decoder."""

    def __init__(
        self, stream: BinaryIO, name: str, encoding: str | None = None, block: int | None = None
    ) -> None:
        self.name = name
        self._stream = stream
        self._explicit = encoding
        self._block = block = BLOCK if block is None else block
        head = self._read(max(block, _BINARY_SNIFF))
        while head and len(head) < _BINARY_SNIFF and (more := self._read(block)):
            head += more
        self.encoding = detect(head, name, encoding)
        self._decoder = codecs.getincrementaldecoder(self.encoding.codec)("strict")
        self._head: bytes | None = head[len(self.encoding.bom) :]
        self._offset = len(self.encoding.bom)  # file bytes fed to the decoder so far
        self._lines = 0  # b"\n" bytes among them
        self._done = False

    def _read(self, size: int) -> bytes:
        try:
            return self._stream.read(size)
        except OSError as error:
            raise InputError(f"{self.name}: cannot read: {error.strerror or error}") from error

    def read(self) -> str:
        """The next part of the text; ``""`` only at the end."""
        while not self._done:
            if self._head is not None:
                data, self._head = self._head, None
            else:
                data = self._read(self._block)
            final = not data
            text = self._feed(data, final)
            self._done = final
            if text:
                return text
        return ""

    def _feed(self, data: bytes, final: bool) -> str:
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError as error:
            # ``error.object`` is the bytes the decoder held back from earlier blocks + ``data``.
            held = len(error.object) - len(data)
            offset = self._offset - held + error.start
            line = (
                self._lines
                - error.object.count(b"\n", 0, held)
                + error.object.count(b"\n", 0, error.start)
                + 1
            )
            bad = error.object[error.start : error.start + 1]
            message = _decode_message(
                self.name, offset, line, bad, self.encoding.codec, self._explicit
            )
            raise InputError(message) from error
        self._offset += len(data)
        self._lines += data.count(b"\n")
        _refuse_nul(text, self.name)
        return text


def read_bytes_as(data: bytes, name: str, encoding: str | None = None) -> Source:
    text, found = decode(data, name, encoding)
    return Source(name, text, found)


def open_path(path: Path, name: str | None = None) -> BinaryIO:
    """Open one file for reading; every failure is an InputError that names it."""
    label = name or str(path)
    try:
        return path.open("rb")
    except FileNotFoundError as error:
        raise InputError(f"{label}: no such file") from error
    except IsADirectoryError as error:
        raise InputError(f"{label}: is a directory") from error
    except PermissionError as error:
        raise InputError(f"{label}: permission denied") from error
    except OSError as error:
        raise InputError(f"{label}: cannot read: {error.strerror or error}") from error


def read_path(path: Path, encoding: str | None = None, name: str | None = None) -> Source:
    """Read one file; every failure is an InputError that names it."""
    label = name or str(path)
    with open_path(path, label) as handle:
        try:
            data = handle.read()
        except IsADirectoryError as error:
            raise InputError(f"{label}: is a directory") from error
        except OSError as error:
            raise InputError(f"{label}: cannot read: {error.strerror or error}") from error
    text, found = decode(data, label, encoding)
    return Source(label, text, found, path)


def write_atomic(
    path: Path, data: bytes, *, backup: str | None = None, create: bool = False
) -> None:
    """Replace ``path``'s content with ``data``: same permissions and owner, never half-written.

    ``AtomicWriter`` with the whole content at once; see there.
    """
    with AtomicWriter(path, backup=backup, create=create) as out:
        out.write(data)
        out.commit()


class AtomicWriter:
    """A new content for ``path``, written in parts; ``commit`` puts it in place atomically.

    The parts go to a temp file beside the target; ``commit`` fsyncs it, reads it back
    (compared by hash with what was written, so memory stays flat), gives it the original's
    permissions, owner and extended attributes, then renames it over the original. A symlink
    is followed so the link stays a link. ``backup`` is a suffix: the original is first copied
    to ``path + backup``. Leaving the ``with`` block without ``commit`` (nothing to change, or
    an exception) removes the temp file and leaves the original untouched; a failure is an
    OutputError naming the file. ``create`` allows a file that does not exist yet (otherwise
    a vanished file is an error, not a silent re-creation).
    """

    def __init__(self, path: Path, *, backup: str | None = None, create: bool = False) -> None:
        self.path = path
        self._backup = backup
        self._target = path.resolve()
        try:
            self._info: os.stat_result | None = self._target.stat()
        except FileNotFoundError as error:
            if not create:
                raise OutputError(f"{path}: cannot write: {_why(error)}") from error
            self._info = None  # a new file: the umask decides its mode, as for any file created
        except OSError as error:
            raise OutputError(f"{path}: cannot write: {_why(error)}") from error
        self._temp: str | None = None
        self._handle: BinaryIO | None = None
        import hashlib  # loads OpenSSL: only writes pay for it, not a check

        self._hash = hashlib.sha256()
        import tempfile  # with random and shutil: only writes pay for it, not a check

        with self._failing():
            fd, self._temp = tempfile.mkstemp(
                prefix=f".{self._target.name}.", suffix=".textfix", dir=self._target.parent
            )
            self._handle = os.fdopen(fd, "wb")

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.abort()

    @contextlib.contextmanager
    def _failing(self) -> Iterator[None]:
        """An OSError inside becomes an OutputError naming the file; the temp file goes."""
        try:
            yield
        except OSError as error:
            self.abort()
            raise OutputError(
                f"{self.path}: cannot write: {_why(error)}; the file was not changed"
            ) from error

    def write(self, data: bytes) -> None:
        assert self._handle is not None, "write after commit or abort"
        with self._failing():
            self._handle.write(data)
        self._hash.update(data)

    def commit(self) -> None:
        """Make the written content the file's (see the class docstring)."""
        assert self._handle is not None and self._temp is not None
        temp, target, info = self._temp, self._target, self._info
        with self._failing():
            handle, self._handle = self._handle, None
            with handle:
                handle.flush()
                os.fsync(handle.fileno())
            if info is not None:
                os.chmod(temp, stat.S_IMODE(info.st_mode))
                _copy_owner(temp, info)
                _copy_xattrs(target, temp)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temp, 0o666 & ~umask)
            if _file_hash(temp) != self._hash.digest():
                self.abort()
                raise OutputError(
                    f"{self.path}: the temp file read back differs; the file was not changed"
                )
            if self._backup and info is not None:
                import shutil

                shutil.copy2(target, target.with_name(target.name + self._backup))
            os.replace(temp, target)
            self._temp = None
            _fsync_folder(target.parent)

    def abort(self) -> None:
        """Drop the temp file (if any is left); the original stays as it was."""
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.close()
        temp, self._temp = self._temp, None
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _file_hash(path: str) -> bytes:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
    return digest.digest()


def _why(error: OSError) -> str:
    detail = error.strerror or str(error)
    if error.filename and str(error.filename) not in detail:
        return f"{detail} ({error.filename})"
    return detail


def _copy_owner(temp: str, info: os.stat_result) -> None:
    """Give the temp file the original's owner and group when we may (root, or our own file)."""
    if not hasattr(os, "chown"):  # pragma: no cover - Windows
        return
    current = os.stat(temp)
    if (current.st_uid, current.st_gid) == (info.st_uid, info.st_gid):
        return
    # Not allowed for another user's file unless we are root; the mode is still kept.
    with contextlib.suppress(PermissionError):
        os.chown(temp, info.st_uid, info.st_gid)


def _copy_xattrs(source: Path, temp: str) -> None:
    """Carry extended attributes over (POSIX ACLs live there); best effort, Linux only."""
    if not hasattr(os, "listxattr"):  # pragma: no cover - not Linux
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return
    for name in names:
        with contextlib.suppress(OSError):
            os.setxattr(temp, name, os.getxattr(source, name))


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; some platforms cannot open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platform dependent
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Exclude:
    """Glob patterns over paths relative to ``base`` (a config file's folder, or the working
    folder for ``--exclude``). A pattern matches a file or any folder above it, by relative
    path (``drafts/*``) or by name (``*.min.md``, ``vendor``)."""

    patterns: tuple[str, ...]
    base: Path

    def matches(self, path: Path) -> bool:
        if not self.patterns:
            return False
        try:
            parts = path.resolve().relative_to(self.base.resolve()).parts
        except ValueError:
            parts = path.parts
        for pattern in (p.rstrip("/") for p in self.patterns):
            for depth in range(1, len(parts) + 1):
                if fnmatch.fnmatchcase("/".join(parts[:depth]), pattern) or fnmatch.fnmatchcase(
                    parts[depth - 1], pattern
                ):
                    return True
        return False


def iter_files(
    paths: Iterable[Path],
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
    *,
    excludes: Sequence[Exclude] = (),
    force_exclude: bool = False,
    gitignore: bool = True,
) -> Iterator[Path]:
    """Files named on the command line, and text files found in folders and by globs.

    A named file is taken whatever its suffix (unless ``force_exclude`` and it is excluded);
    inside folders only ``suffixes`` count, hidden files and folders, excluded paths and (in a
    git work tree) git-ignored files are skipped, and symlinked folders are not followed. A
    path that does not exist but holds ``*``, ``?`` or ``[`` is a glob (``**`` recurses). Each
    file is yielded once, in a stable order; a missing path is yielded so the caller reports it.
    """

    def excluded(path: Path) -> bool:
        return any(rule.matches(path) for rule in excludes)

    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = [p for p in _walk(path, suffixes) if not excluded(p)]
            if gitignore:
                ignored = git_ignored(path, found)
                found = [p for p in found if p not in ignored]
        elif not path.exists() and _has_magic(str(path)):
            import glob  # only a pattern the shell did not expand needs it

            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
            found = [p for p in matches if p.is_file() and not excluded(p)] or [path]
        else:
            found = [] if force_exclude and excluded(path) else [path]
        for candidate in found:
            key = candidate.resolve() if candidate.exists() else candidate
            if key in seen:
                continue
            seen.add(key)
            yield candidate


def _walk(folder: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(suffixes):
                yield Path(root, name)


def _has_magic(name: str) -> bool:
    # glob.has_magic's test, without importing glob for every run that names an existing file.
    return any(char in name for char in "*?[")


def git_ignored(folder: Path, files: Sequence[Path]) -> set[Path]:
    """Which of ``files`` git ignores (tracked files never are); empty outside a work tree.

    Asking git itself gets every rule right (nested .gitignore files, negations, the global
    excludes file) where a re-implementation would drift.
    """
    import shutil
    import subprocess  # only folder walks ask git; a one-file check should not pay for it

    if not files or shutil.which("git") is None:
        return set()

    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "-z", "--stdin"],
            input=b"\0".join(os.fsencode(p.resolve()) for p in files),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):  # 128: not a git work tree
        return set()
    ignored = {Path(os.fsdecode(raw)) for raw in done.stdout.split(b"\0") if raw}
    return {p for p in files if p.resolve() in ignored}
