"""Add a word to a config file's ``words`` list without disturbing anything else in the file.

Config files are written by people: comments, key order, quoting and line endings are theirs.
So the file is not re-serialised; the word is inserted as text (into the ``words`` array, or as
a new ``words = [...]`` line at the end of the textfix table), and the result is parsed again
and must equal the old document with exactly that word added. Anything else (a layout this
module does not understand) is refused with a ConfigError that says what to add by hand. The
file is replaced atomically.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from textfix import io
from textfix.settings import ConfigError, find_config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

NEW_CONFIG = ".textfix.toml"
_HEADER_RE = re.compile(r"^[ \t]*\[", re.MULTILINE)
_TEXTFIX_HEADER_RE = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*textfix[ \t]*\][ \t]*(?:#.*)?$")
_WORDS_KEY_RE = re.compile(r"^[ \t]*(?:words|\"words\"|'words')[ \t]*=[ \t]*", re.MULTILINE)


def target_for(path: Path, explicit: Path | None = None) -> Path:
    """The config a review of ``path`` adds words to: ``--config``, else the nearest config
    file, else a new ``.textfix.toml`` at the repository root (or beside the file)."""
    if explicit is not None:
        return explicit
    found = find_config(path)
    if found is not None:
        return found
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate / NEW_CONFIG
    return folder / NEW_CONFIG


def add_word(config: Path, word: str) -> bool:
    """Append ``word`` to the ``words`` list of ``config`` (created if missing).

    Returns False when the word was already listed. ConfigError when the file cannot be read,
    parsed, safely edited or written; the file is then left as it was.
    """
    if not config.exists():
        _create(config, word)
        return True
    try:
        raw = config.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{config}: cannot read config to add {word!r}: {error}") from error
    try:
        before = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{config}: invalid TOML: {error}") from error
    table = _table(before, config)
    words = table.get("words", [])
    if not isinstance(words, list):
        raise ConfigError(f"{config}: key 'words' must be a list of strings")
    if word in words:
        return False
    try:
        edited = _insert(raw, config, word, "words" in table)
        after = _plain(tomllib.loads(edited))
    except ConfigError:
        raise
    except (ValueError, tomllib.TOMLDecodeError):
        after = None
    if after != _with_word(before, config, word):
        raise ConfigError(
            f"{config}: cannot add {word!r} to 'words' safely (unusual layout); "
            f"add it by hand: words = [{_quoted(word)}]"
        )
    try:
        io.write_atomic(config, edited.encode("utf-8"))
    except io.OutputError as error:
        raise ConfigError(str(error)) from error
    return True


def _create(config: Path, word: str) -> None:
    text = f"# textfix settings; see `textfix config`.\nwords = [{_quoted(word)}]\n"
    try:
        # "x": never clobber a config another process has just created.
        with open(config, "x", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        raise ConfigError(f"{config}: cannot create config: {error.strerror or error}") from error


def _is_pyproject(config: Path) -> bool:
    return config.name == "pyproject.toml"


def _table(data: dict[str, Any], config: Path) -> dict[str, Any]:
    if _is_pyproject(config) or "tool" in data:
        table = data.get("tool", {}).get("textfix")
        if table is None and not _is_pyproject(config):
            return data
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{config}: no [tool.textfix] table to add words to")
    return table


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """A deep copy through JSON (dates become strings), for comparing two parses."""
    copy: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return copy


def _with_word(data: dict[str, Any], config: Path, word: str) -> dict[str, Any]:
    """What the file must parse to after the edit: the same document, one word longer."""
    copy = _plain(data)
    table = _table(copy, config)
    table["words"] = [*table.get("words", []), word]
    return copy


def _quoted(word: str) -> str:
    return json.dumps(word, ensure_ascii=False)


def _region(raw: str, config: Path) -> tuple[int, int]:
    """Where the textfix table's keys live in the file: [start, end)."""
    if _is_pyproject(config) or _TEXTFIX_HEADER_RE.search(raw.replace("\r", "")) is not None:
        for match in re.finditer(r"^.*$", raw, re.MULTILINE):
            if _TEXTFIX_HEADER_RE.match(match.group().rstrip("\r")):
                start = match.end() + 1
                following = _HEADER_RE.search(raw, start)
                return start, following.start() if following else len(raw)
        raise ConfigError(f"{config}: no [tool.textfix] header to add words under; add it by hand")
    following = _HEADER_RE.search(raw)
    return 0, following.start() if following else len(raw)


def _insert(raw: str, config: Path, word: str, has_words: bool) -> str:
    newline = "\r\n" if "\r\n" in raw else "\n"
    start, end = _region(raw, config)
    if not has_words:
        # A new line at the end of the table's keys, after its last non-blank line.
        body = raw[start:end]
        cut = start + len(body.rstrip(" \t\r\n"))
        line_end = raw.find("\n", cut)
        at = len(raw) if line_end == -1 else line_end + 1
        prefix = "" if at == 0 or raw[at - 1] == "\n" else newline
        return raw[:at] + prefix + f"words = [{_quoted(word)}]" + newline + raw[at:]
    key = _WORDS_KEY_RE.search(raw, start, end)
    if key is None or raw[key.end() : key.end() + 1] != "[":
        raise ConfigError(
            f"{config}: cannot find the words array to extend; "
            f"add it by hand: words = [{_quoted(word)}]"
        )
    return _append_to_array(raw, key.end(), word, newline)


def _append_to_array(raw: str, opening: int, word: str, newline: str) -> str:
    """Insert ``word`` as the last element of the array whose ``[`` is at ``opening``."""
    last_end = None  # end of the last element
    comma_after = None  # a comma after the last element
    i = opening + 1
    while i < len(raw):
        char = raw[i]
        if char == "]":
            break
        if char == "#":
            i = raw.find("\n", i)
            if i == -1:
                break
            continue
        if char in "\"'":
            i = _string_end(raw, i)
            last_end, comma_after = i, None
            continue
        if char == ",":
            comma_after = i
        elif not char.isspace():
            raise ValueError("not a list of strings")  # caught as a failed verification
        i += 1
    else:
        return raw
    closing = i
    item = _quoted(word)
    if last_end is None:
        return raw[: opening + 1] + item + raw[opening + 1 :]
    multiline = "\n" in raw[opening:closing]
    if multiline:
        line_start = raw.rfind("\n", 0, last_end) + 1
        indent = re.match(r"[ \t]*", raw[line_start:]).group()  # type: ignore[union-attr]
        if comma_after is not None:
            return raw[: comma_after + 1] + newline + indent + item + "," + raw[comma_after + 1 :]
        return raw[:last_end] + "," + newline + indent + item + raw[last_end:]
    if comma_after is not None:
        return raw[: comma_after + 1] + " " + item + raw[comma_after + 1 :]
    return raw[:last_end] + ", " + item + raw[last_end:]


def _string_end(raw: str, start: int) -> int:
    """The index just past the TOML string starting at ``start``."""
    quote = raw[start]
    if raw.startswith(quote * 3, start):
        close = raw.find(quote * 3, start + 3)
        if close == -1:
            raise ValueError("unterminated string")
        end = close + 3
        while raw.startswith(quote, end):  # up to two quotes may end the content
            end += 1
        return end
    i = start + 1
    while i < len(raw):
        if quote == '"' and raw[i] == "\\":
            i += 2
            continue
        if raw[i] == quote:
            return i + 1
        if raw[i] == "\n":
            break
        i += 1
    raise ValueError("unterminated string")
