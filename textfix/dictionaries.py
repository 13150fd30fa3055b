"""The one place that locates and reads the shipped ``dictionaries/`` folder.

In a wheel the folder is installed as ``textfix/_dictionaries``; in a source checkout or an
editable install it is the ``dictionaries/`` folder beside the package.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

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
    """A short content hash of a dictionary file, for cache keys."""
    return hashlib.sha256(path(relative).read_bytes()).hexdigest()[:16]


def available(relative: str) -> bool:
    return path(relative).exists()


def listing(relative_dir: str, suffix: str = "") -> list[str]:
    """Names of files in a dictionaries subfolder, sorted."""
    folder = path(relative_dir)
    if not folder.is_dir():
        return []
    return sorted(f"{relative_dir}/{p.name}" for p in folder.iterdir() if p.name.endswith(suffix))
