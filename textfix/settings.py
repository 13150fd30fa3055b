"""Settings: one frozen object for every knob, and the config files that feed it.

Precedence, lowest first: built-in defaults, then the nearest config file (``.textfix.toml``,
``textfix.toml`` or ``[tool.textfix]`` in ``pyproject.toml``, found by walking up from the file
to the repository root), then the command line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path, PurePosixPath
from typing import Any

from textfix import patterns

DEFAULT_MIN_CONFIDENCE = 0.8
VARIANTS = ("any", "en-US", "en-GB")
CONFIG_NAMES = (".textfix.toml", "textfix.toml", "pyproject.toml")


class ConfigError(ValueError):
    """A config file or value is malformed; the message names the file and key."""


# Keys an ``[[overrides]]`` table may not set: which files to visit is decided before any
# file's overrides are known, and overrides do not nest.
_NOT_PER_PATH = ("exclude", "overrides")


@dataclass(frozen=True)
class Override:
    """Settings for the files under ``paths`` (globs relative to ``base``, the config's folder).

    ``values`` are field names and coerced values; each replaces the value of the main table,
    just as a command-line option replaces a config file's.
    """

    paths: tuple[str, ...]
    base: str
    values: tuple[tuple[str, Any], ...]
    source: str

    def matches(self, path: Path) -> bool:
        try:
            relative = path.resolve().relative_to(Path(self.base).resolve())
        except ValueError:
            return False
        posix = PurePosixPath(relative.as_posix())
        return any(_glob_matches(posix, pattern) for pattern in self.paths)


def _glob_matches(path: PurePosixPath, pattern: str) -> bool:
    """gitignore-like globs: ``docs/**`` is everything under docs, ``*.md`` a name anywhere,
    ``drafts`` a folder (or file) of that name anywhere."""
    pattern = pattern.strip().removeprefix("./")
    if pattern.endswith("/"):
        pattern = pattern.rstrip("/") + "/**"
    anchored = "/" in pattern.rstrip("/")
    if not anchored:
        pattern = "**/" + pattern
    regex = _glob_regex(pattern)
    text = path.as_posix()
    # A pattern that names a folder covers everything inside it.
    return regex.fullmatch(text) is not None or any(
        regex.fullmatch(str(parent.as_posix())) is not None
        for parent in path.parents
        if str(parent) != "."
    )


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            close = pattern.index("]", i + 1)
            body = pattern[i + 1 : close].replace("\\", "\\\\")
            out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = close + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    variant: str = "any"
    language: str | None = None
    words: frozenset[str] = frozenset()
    replace: tuple[tuple[str, str], ...] = ()
    exclude: tuple[str, ...] = ()
    ignore_regex: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError(f"min-confidence must be within [0, 1], got {self.min_confidence}")
        if self.variant not in VARIANTS:
            raise ConfigError(f"variant must be one of {', '.join(VARIANTS)}, got {self.variant!r}")
        for pattern in self.ignore_regex:
            try:
                patterns.compile_pattern(pattern)
            except patterns.PatternError as error:
                raise ConfigError(f"ignore-regex: {error}") from error

    def rule_enabled(self, rule_id: str) -> bool:
        """Whether a rule runs: selected (or nothing selected) and not ignored, by id prefix."""
        if self.select and not any(_prefix_matches(p, rule_id) for p in self.select):
            return False
        return not any(_prefix_matches(p, rule_id) for p in self.ignore)

    def for_path(self, path: Path) -> Settings:
        """These settings with every ``[[overrides]]`` table whose paths match ``path`` applied,
        in file order (a later table wins)."""
        result = self
        for override in self.overrides:
            if override.matches(path):
                sources = dict(result.sources)
                sources.update({name: override.source for name, _ in override.values})
                result = replace(result, **dict(override.values), sources=sources)
        return result

    def source_of(self, name: str) -> str:
        """Where a setting came from: a config file, "command line" or "default"."""
        return self.sources.get(name, "default")

    def merged(self, overrides: Mapping[str, Any], source: str) -> Settings:
        """A copy with ``overrides`` (config-file style keys) applied and their source noted."""
        values = _coerce(overrides, source)
        new_sources = dict(self.sources)
        new_sources.update({name: source for name in values})
        return replace(self, **values, sources=new_sources)


def _prefix_matches(prefix: str, rule_id: str) -> bool:
    return rule_id == prefix or rule_id.startswith(prefix.rstrip(".") + ".")


_KEYS = {f.name.replace("_", "-"): f.name for f in fields(Settings) if f.name != "sources"}


def _coerce(raw: Mapping[str, Any], source: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = _KEYS.get(key) or _KEYS.get(key.replace("_", "-"))
        if name is None:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{source}: unknown key {key!r} (known keys: {known})")
        if name == "overrides":
            values[name] = _coerce_overrides(value, source)
        else:
            values[name] = _coerce_value(name, value, f"{source}: key {key!r}")
    return values


def _coerce_overrides(value: Any, source: str) -> tuple[Override, ...]:
    """``[[overrides]]`` tables: ``paths`` and any per-path key, checked like the main table."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, Mapping) for v in value):
        raise ConfigError(f"{source}: key 'overrides' must be an array of tables ([[overrides]])")
    base = str(Path(source).parent) if source.endswith(".toml") else str(Path.cwd())
    result = []
    for number, table in enumerate(value, start=1):
        where = f"{source}: overrides table {number}"
        paths = table.get("paths")
        if isinstance(paths, str):
            paths = [paths]
        if not paths or not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise ConfigError(f"{where}: key 'paths' must be a non-empty list of globs")
        rest = {k: v for k, v in table.items() if k != "paths"}
        for key in rest:
            if key in _NOT_PER_PATH:
                raise ConfigError(f"{where}: key {key!r} cannot be set per path")
        values = _coerce(rest, where)
        label = f"{source} (overrides for {', '.join(paths)})"
        result.append(Override(tuple(paths), base, tuple(values.items()), label))
    return tuple(result)


def _coerce_value(name: str, value: Any, where: str) -> Any:
    if name in ("select", "ignore", "exclude"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where} must be a list of strings")
        return tuple(value)
    if name == "words":
        if not isinstance(value, (list, tuple, set, frozenset)) or not all(
            isinstance(v, str) for v in value
        ):
            raise ConfigError(f"{where} must be a list of strings")
        return frozenset(value)
    if name == "replace":
        if isinstance(value, Mapping):
            pairs = list(value.items())
        elif isinstance(value, (list, tuple)):
            pairs = list(value)
        else:
            raise ConfigError(f"{where} must be a table of wrong = right")
        if not all(
            isinstance(p, (list, tuple)) and len(p) == 2 and all(isinstance(s, str) for s in p)
            for p in pairs
        ):
            raise ConfigError(f"{where} must map strings to strings")
        return tuple((str(a), str(b)) for a, b in pairs)
    if name == "min_confidence":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where} must be a number between 0 and 1")
        if not 0.0 <= float(value) <= 1.0:
            raise ConfigError(f"{where} must be a number between 0 and 1")
        return float(value)
    if name == "variant":
        if value not in VARIANTS:
            raise ConfigError(f"{where} must be one of {', '.join(VARIANTS)}")
        return value
    if name == "ignore_regex":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where} must be a list of regular expressions")
        for pattern in value:
            try:
                patterns.compile_pattern(pattern)
            except patterns.PatternError as error:
                raise ConfigError(f"{where}: {error}") from error
        return tuple(value)
    if name == "language":
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{where} must be a language code such as 'en'")
        return value
    raise ConfigError(f"{where} is not supported")  # pragma: no cover - keys come from fields


def read_config_file(path: Path) -> dict[str, Any]:
    """The textfix table of one config file; errors name the file, line and column."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: config is not valid UTF-8") from error
    # Imported here: tomllib (and the datetime it pulls in) costs ~6 ms, and most runs find no
    # config file.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {_located(str(error), raw)}") from error
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("textfix", {})
    else:
        table = data.get("tool", {}).get("textfix", data) if "tool" in data else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.textfix] must be a table")
    return table


def _located(message: str, raw: str) -> str:
    """tomllib says "at end of document" for truncated files; name the line and column too."""
    if "(at end of document)" not in message:
        return message
    lines = raw.splitlines() or [""]
    where = f"at end of document, line {len(lines)}, column {len(lines[-1]) + 1}"
    return message.replace("at end of document", where)


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``, stopping at the repository root."""
    directory = start if start.is_dir() else start.parent
    directory = directory.resolve()
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or _has_textfix_table(candidate):
                return candidate
        if (folder / ".git").exists():
            return None
    return None


def _has_textfix_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "[tool.textfix" in text


def load_settings(
    start: Path | None = None,
    *,
    config: Path | None = None,
    isolated: bool = False,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Defaults, then the config file (explicit, or found from ``start``), then overrides."""
    settings = Settings()
    if not isolated:
        path = config if config is not None else (find_config(start) if start else None)
        if path is not None:
            settings = settings.merged(read_config_file(path), str(path))
    if overrides:
        settings = settings.merged(overrides, "command line")
    return settings
