"""The one place that locates and reads the shipped ``dictionaries/`` folder.

In a wheel the folder is installed as ``textfix/_dictionaries``; in a source checkout or an
editable install it is the ``dictionaries/`` folder beside the package.
"""

from __future__ import annotations

import array
import contextlib
import marshal
import mmap
import os
import struct
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

_PACKAGE_DIR = Path(__file__).resolve().parent


class DictionaryError(RuntimeError):
    """A shipped dictionary is missing or malformed."""


@cache
def root() -> Path:
    """The dictionaries folder, wherever this copy of textfix was installed from."""
    for candidate in (_PACKAGE_DIR / "_dictionaries", _PACKAGE_DIR.parent / "dictionaries"):
        if (candidate / "README.md").is_file():
            return candidate
    raise DictionaryError(
        "textfix cannot find its dictionaries/ folder; reinstall the package "
        f"(looked in {_PACKAGE_DIR / '_dictionaries'} and {_PACKAGE_DIR.parent / 'dictionaries'})"
    )


def path(relative: str) -> Path:
    """The path of a shipped dictionary file, e.g. ``path('chrome/en.txt')``."""
    return root() / relative


def read_text(relative: str) -> str:
    """A dictionary file as text; ``.gz`` files are decompressed."""
    file = path(relative)
    try:
        if file.suffix == ".gz":
            import gzip  # only a cache rebuild reads the compressed sources

            return gzip.decompress(file.read_bytes()).decode("utf-8")
        return file.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise DictionaryError(f"missing dictionary file {file}") from error


def entries(relative: str) -> Iterator[str]:
    """Non-blank lines of a list file, with ``#`` comments removed."""
    for line in read_text(relative).splitlines():
        content = line.split("#", 1)[0].strip() if not line.startswith("\\#") else line[1:]
        if content:
            yield content


def digest(relative: str) -> str:
    """A short content hash of a dictionary file, for cache keys.

    Hashing the sources (megabytes) on every start cost more than opening every compiled
    table, so a hash is remembered in the cache dir beside the file's size, modification time
    and inode, and read again only when one of them changes (as git and ccache trust stat data).
    """
    file = path(relative)
    info = file.stat()
    stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
    memo = _digests()
    known = memo.get(str(file))
    if known is not None and known[:3] == stamp:
        return known[3]
    import hashlib  # loads OpenSSL (~5 ms): only paid when a file is hashed, not on a warm cache

    value = hashlib.sha256(file.read_bytes()).hexdigest()[:16]
    # A file changed again within the same clock tick would keep its stamp: a hash is only
    # remembered once the file has been left alone for a while (git's "racy" rule).
    if time.time_ns() - info.st_mtime_ns > _SETTLED_NS:
        memo[str(file)] = (*stamp, value)
        store_cached(_DIGESTS, marshal.dumps(memo))
    return value


_DIGESTS = "digests.marshal"
_SETTLED_NS = 2_000_000_000


@cache
def _digests() -> dict[str, tuple[int, int, int, str]]:
    folder = cache_dir()
    if folder is None:
        return {}
    try:
        memo = marshal.loads((folder / _DIGESTS).read_bytes())
    except Exception:
        return {}  # missing or damaged: every hash is computed (and remembered) again
    if isinstance(memo, dict) and all(
        isinstance(row, tuple) and len(row) == 4 and isinstance(row[3], str)
        for row in memo.values()
    ):
        return memo
    return {}


def available(relative: str) -> bool:
    return path(relative).exists()


def listing(relative_dir: str, suffix: str = "") -> list[str]:
    """Names of files in a dictionaries subfolder, sorted."""
    folder = path(relative_dir)
    if not folder.is_dir():
        return []
    return sorted(f"{relative_dir}/{p.name}" for p in folder.iterdir() if p.name.endswith(suffix))


# ---------------------------------------------------------------------------------------------
# Compiled forms of the dictionaries, cached on disk
#
# Built once per dictionary version and kept in the user cache dir, keyed on the source files'
# hash and the build parameters (in the file name and, for tables, again in the header), written
# to a temporary file and moved into place, and rebuilt whenever a cached copy fails to load.

T = TypeVar("T")

_TABLE_MAGIC = b"textfix-table\x00"
_TABLE_FORMAT = 2
_TABLE_END = b"\x00end-of-table"
_HEADER = struct.Struct("<14sHBIIQ")  # magic, format, byte order, buckets, entries, data size
_crc32 = zlib.crc32


def cache_dir() -> Path | None:
    """``$TEXTFIX_CACHE_DIR``, else the platform's user cache dir; None when there is neither."""
    override = os.environ.get("TEXTFIX_CACHE_DIR")
    if override:
        return Path(override)
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("textfix"))
    except Exception:  # pragma: no cover - a missing platformdirs only costs speed
        return None


def source_key(*relatives: str) -> str:
    """The content hashes of some dictionary files, for a cache key."""
    return "-".join(digest(name) for name in relatives)


def store_cached(file_name: str, data: bytes, stale_glob: str | None = None) -> Path | None:
    """Write ``data`` to ``file_name`` in the cache dir atomically; None when it cannot.

    ``stale_glob`` names the older builds of the same thing, removed once the new one is in.
    """
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file = folder / file_name
        import tempfile  # only a cache write needs it (with random and shutil)

        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{file_name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, file)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        if stale_glob:
            for stale in folder.glob(stale_glob):
                if stale != file:
                    with contextlib.suppress(OSError):  # e.g. still mapped on Windows
                        stale.unlink()
        return file
    except OSError:
        # A read-only or full disk only costs speed: the value is rebuilt next time.
        return None


def cached_value(
    name: str,
    key: str,
    kind: type[T],
    build: Callable[[], T],
    valid: Callable[[T], bool] | None = None,
) -> T:
    """A marshal-able value from the disk cache when it loads, has type ``kind`` and passes
    ``valid``, else built, stored and returned."""
    folder = cache_dir()
    file_name = f"{name}-{key}.marshal"
    if folder is not None:
        try:
            cached = marshal.loads((folder / file_name).read_bytes())
            if isinstance(cached, kind) and (valid is None or valid(cached)):
                return cached
        except Exception:
            pass  # missing, truncated, from another Python or malformed: rebuilt below
    built = build()
    store_cached(file_name, marshal.dumps(cast(Any, built)), f"{name}-*.marshal")
    return built


class Table:
    """A read-only str -> str table in one flat buffer, looked up without loading it.

    The keys are hashed (CRC-32) into buckets; each bucket is a run of ``\\nkey\\tvalue``
    records, so a lookup is one bounded substring search. On disk the buffer is memory-mapped:
    opening costs microseconds whatever the size, and only the pages a lookup touches are read.
    Keys and values must not contain tabs or line breaks.
    """

    __slots__ = ("_buckets", "_buffer", "_data", "_end", "_entries", "_offsets")

    def __init__(self, buffer: bytes | mmap.mmap, key: str) -> None:
        """Check ``buffer`` against the format and ``key``; ValueError when it does not match."""
        wanted = key.encode("utf-8")
        magic, form, order, buckets, entries, size = _HEADER.unpack_from(buffer, 0)
        start = _HEADER.size
        stored_key = bytes(buffer[start : start + len(wanted) + 1])
        start += len(wanted) + 1
        offsets_size = 4 * (buckets + 1)
        data = start + offsets_size
        if (
            magic != _TABLE_MAGIC
            or form != _TABLE_FORMAT
            or order != (sys.byteorder == "little")
            or stored_key != wanted + b"\n"
            or buckets < 1
            or len(buffer) != data + size + len(_TABLE_END)
            or bytes(buffer[data + size :]) != _TABLE_END
            or int.from_bytes(buffer[data - 4 : data], sys.byteorder) != size - 1
        ):
            raise ValueError("not a table of this format and key")
        self._buffer = buffer
        self._offsets = memoryview(buffer)[start:data].cast("I")
        self._data = data
        self._buckets = buckets
        self._entries = int(entries)
        self._end = data + size

    @staticmethod
    def build(items: Iterable[tuple[str, str]], key: str) -> bytes:
        """The bytes of a table holding ``items`` (sorted, so a build is reproducible)."""
        pairs = sorted(items)
        buckets = max(1, len(pairs) // 2)
        grouped: list[list[bytes]] = [[] for _ in range(buckets)]
        for word, value in pairs:
            needle = f"\n{word}\t".encode("utf-8", "surrogatepass")
            grouped[_crc32(needle) % buckets].append(needle + value.encode())
        offsets = array.array("I", [0])
        chunks: list[bytes] = []
        size = 0
        for records in grouped:
            chunk = b"".join(records)
            chunks.append(chunk)
            size += len(chunk)
            offsets.append(size)
        chunks.append(b"\n")  # every value ends at a line break, the last one included
        size += 1
        header = _HEADER.pack(
            _TABLE_MAGIC, _TABLE_FORMAT, sys.byteorder == "little", buckets, len(pairs), size
        )
        return b"".join(
            [header, key.encode("utf-8") + b"\n", offsets.tobytes(), *chunks, _TABLE_END]
        )

    def get(self, word: str) -> str | None:
        needle = f"\n{word}\t".encode("utf-8", "surrogatepass")
        offsets = self._offsets
        bucket = _crc32(needle) % self._buckets
        base = self._data
        buffer = self._buffer
        at = buffer.find(needle, base + offsets[bucket], base + offsets[bucket + 1])
        if at < 0:
            return None
        start = at + len(needle)
        return buffer[start : buffer.find(b"\n", start)].decode()

    def layout(self) -> tuple[bytes | mmap.mmap, int, int]:
        """The buffer, where its records start and how many buckets it has: what a reader in C
        (textfix/_speedups.c's candidate_groups) needs to look keys up as :meth:`get` does."""
        return self._buffer, self._data, self._buckets

    def __len__(self) -> int:
        return self._entries

    def items(self) -> Iterator[tuple[str, str]]:
        """Every entry, bucket by bucket (a full scan: for tests and tools, not lookups)."""
        body = bytes(self._buffer[self._data : self._end - 1]).decode("utf-8")
        for record in body.split("\n")[1:]:
            word, _, value = record.partition("\t")
            yield word, value


def cached_table(name: str, key: str, build: Callable[[], Iterable[tuple[str, str]]]) -> Table:
    """The table ``name`` for ``key``: memory-mapped from the disk cache when it is sound, else
    built from ``build()``'s items, stored, and mapped (or held in memory without a cache)."""
    folder = cache_dir()
    file_name = f"{name}-{key}.table"
    if folder is not None:
        table = _map_table(folder / file_name, key)
        if table is not None:
            return table
    data = Table.build(build(), key)
    stored = store_cached(file_name, data, f"{name}-*.table")
    if stored is not None:
        table = _map_table(stored, key)
        if table is not None:
            return table
    return Table(data, key)


def _map_table(file: Path, key: str) -> Table | None:
    try:
        with file.open("rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None  # missing, or empty (mmap refuses a zero-length file)
    try:
        return Table(mapped, key)
    except Exception:
        mapped.close()
        return None
