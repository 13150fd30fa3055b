"""Settings: one frozen object for every knob, and the config files that feed it.

Precedence, lowest first: built-in defaults, then the nearest config file (``.textfix.toml``,
``textfix.toml`` or ``[tool.textfix]`` in ``pyproject.toml``, found by walking up from the file
to the repository root), then the command line.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_MIN_CONFIDENCE = 0.8
VARIANTS = ("any", "en-US", "en-GB")
CONFIG_NAMES = (".textfix.toml", "textfix.toml", "pyproject.toml")


class ConfigError(ValueError):
    """A config file or value is malformed; the message names the file and key."""


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
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError(f"min-confidence must be within [0, 1], got {self.min_confidence}")
        if self.variant not in VARIANTS:
            raise ConfigError(f"variant must be one of {', '.join(VARIANTS)}, got {self.variant!r}")

    def rule_enabled(self, rule_id: str) -> bool:
        """Whether a rule runs: selected (or nothing selected) and not ignored, by id prefix."""
        if self.select and not any(_prefix_matches(p, rule_id) for p in self.select):
            return False
        return not any(_prefix_matches(p, rule_id) for p in self.ignore)

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
        values[name] = _coerce_value(name, value, f"{source}: key {key!r}")
    return values


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
