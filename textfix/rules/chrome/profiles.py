"""Site profiles: lines learnt to recur across many articles of one site, kept as TOML data.

A profile (``dictionaries/sites/<name>.toml``, or one that ``textfix learn`` writes)::

    site = "news.example.org"
    min_matches = 3            # optional; how many of its lines a page must contain
    lines = ["Example News | Home", "Subscribe to our newsletter", "..."]

A page is taken to come from the site when it contains ``min_matches`` of the profile's lines
(so no URL is needed), and those lines go. The safeguard: a learnt line that is prose inside
the article body stays, so a standard disclaimer that a site repeats inside every article is not
lost unless it stands in a chrome zone.
"""

from __future__ import annotations

import math
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from textfix import dictionaries
from textfix.document import Document
from textfix.model import DocumentContext, Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import Analysis, LineInfo, analyse, normal_key
from textfix.rules.chrome.common import LIKELY, quote, remove
from textfix.settings import ConfigError

DEFAULT_MIN_MATCHES = 3


class ProfileError(ConfigError):
    """A site profile is malformed; the message names the file (a config error: exit 2)."""


@dataclass(frozen=True)
class SiteProfile:
    site: str
    lines: frozenset[str]
    min_matches: int = DEFAULT_MIN_MATCHES


def parse_profile(text: str, source: str) -> SiteProfile:
    """A profile from TOML text; ``source`` names the file in errors."""
    # Imported here: tomllib costs ~6 ms and most runs have no site profile to read.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{source}: invalid TOML: {error}") from error
    site = data.get("site")
    lines = data.get("lines")
    min_matches = data.get("min_matches", DEFAULT_MIN_MATCHES)
    if not isinstance(site, str) or not site:
        raise ProfileError(f"{source}: 'site' must be a non-empty string")
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise ProfileError(f"{source}: 'lines' must be a list of strings")
    if isinstance(min_matches, bool) or not isinstance(min_matches, int) or min_matches < 1:
        raise ProfileError(f"{source}: 'min_matches' must be a positive integer")
    keys = frozenset(normal_key(line) for line in lines if line.strip())
    return SiteProfile(site, keys, min_matches)


def dump_profile(site: str, lines: Iterable[str], min_matches: int = DEFAULT_MIN_MATCHES) -> str:
    """The TOML text of a profile, in the shipped format (for ``textfix learn``)."""
    quoted = ",\n".join(f"  {_toml_string(line)}" for line in sorted(set(lines)))
    return (
        f"site = {_toml_string(site)}\nmin_matches = {min_matches}\nlines = [\n{quoted},\n]\n"
        if quoted
        else f"site = {_toml_string(site)}\nmin_matches = {min_matches}\nlines = []\n"
    )


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escaped) + '"'


@cache
def shipped_profiles() -> tuple[SiteProfile, ...]:
    return tuple(
        parse_profile(dictionaries.read_text(name), name)
        for name in dictionaries.listing("sites", ".toml")
    )


def user_profiles_dir() -> Path:
    """Where ``textfix learn`` saves profiles: ``$TEXTFIX_CONFIG_DIR/sites`` or the user's
    config folder (``~/.config/textfix/sites`` on Linux)."""
    override = os.environ.get("TEXTFIX_CONFIG_DIR")
    if override:
        return Path(override) / "sites"
    # The rule asks on every pass of every document; platformdirs reads the environment
    # (XDG_CONFIG_HOME, then HOME) each time: asked again only when those change.
    return _config_sites(os.environ.get("XDG_CONFIG_HOME"), os.environ.get("HOME"))


@lru_cache(maxsize=4)
def _config_sites(xdg_config_home: str | None, home: str | None) -> Path:
    """``user_config_dir/sites`` for the environment these values come from."""
    import platformdirs

    return Path(platformdirs.user_config_dir("textfix")) / "sites"


def user_profiles() -> tuple[SiteProfile, ...]:
    """The profiles saved in the user's config; re-read only when the folder's files change."""
    folder = user_profiles_dir()
    # Most runs have no such folder, where glob finds nothing (it asks is_dir first): one stat
    # says so, the glob machinery cost more than the rest of the rule.
    if not os.path.isdir(folder):
        return ()
    try:
        files = tuple(
            sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*.toml") if p.is_file())
        )
    except OSError:
        return ()
    return _read_user_profiles(str(folder), files)


@lru_cache(maxsize=4)
def _read_user_profiles(folder: str, files: tuple[tuple[str, int], ...]) -> tuple[SiteProfile, ...]:
    profiles = []
    for name, _mtime in files:
        path = Path(folder) / name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ProfileError(f"{path}: cannot read site profile: {error}") from error
        profiles.append(parse_profile(text, str(path)))
    return tuple(profiles)


def learn_lines(
    texts: Iterable[str], *, min_share: float = 0.5, min_documents: int = 3
) -> tuple[list[str], int]:
    """The lines that recur across the articles of one site, and how many articles were read.

    A line is learnt when it stands in at least ``min_documents`` articles and ``min_share`` of
    them. The safeguard: a line that is prose inside the body of any article (a standard
    disclaimer, a recurring quote) is never learnt, so profiles only ever hold chrome.
    """
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    blocked: set[str] = set()
    documents = 0
    for text in texts:
        documents += 1
        analysis = analyse(Document(text))
        keys: set[str] = set()
        for info in analysis.infos:
            body = info.text.strip()
            if not body or len(body) > MAX_LEARNED_LINE:
                continue
            key = normal_key(body)
            keys.add(key)
            shown.setdefault(key, body)
            if not learned_line_allowed(analysis, info):
                blocked.add(key)
        counts.update(keys)
    needed = max(min_documents, math.ceil(min_share * documents))
    learnt = sorted(shown[k] for k, n in counts.items() if n >= needed and k not in blocked)
    return learnt, documents


def learned_line_allowed(analysis: Analysis, info: LineInfo) -> bool:
    """The safeguard for learnt chrome: never a prose line inside the article body."""
    return not (info.is_prose and analysis.zone(info.index) in ("body", "lead"))


def line_key(line: str) -> int:
    """A stable 64-bit key of a line with its whitespace collapsed (the same in every process),
    so a batch run can count lines across millions of documents in bounded memory."""
    # Imported here: hashlib loads OpenSSL (~5 ms), and only batch runs with learnt lines get here.
    import hashlib

    normal = " ".join(line.split())
    return int.from_bytes(hashlib.blake2b(normal.encode("utf-8"), digest_size=8).digest(), "big")


# Longer lines are prose, not chrome: they are neither counted when learning nor removed.
MAX_LEARNED_LINE = 200


def learned_edits(doc: Document, context: DocumentContext) -> Iterator[Edit]:
    """Lines a batch run learnt to recur across the document's source, with the safeguard."""
    if not context.recurring:
        return
    analysis = analyse(doc)
    hits = []
    for info in analysis.infos:
        body = info.text.strip()
        if not body or len(body) > MAX_LEARNED_LINE:
            continue
        count = context.recurring.get(line_key(body), 0)
        if count and learned_line_allowed(analysis, info):
            hits.append((info, count))
    # A document made only of recurring lines is more likely a stub than pure chrome: keep it.
    if len(hits) >= sum(1 for info in analysis.infos if info.text.strip()):
        return
    for info, count in hits:
        reason = (
            f"line recurs in {count} of {context.source_documents} documents from {context.source}"
        )
        yield remove(info, "chrome.learned", LIKELY, reason)


def profile_edits(doc: Document, profiles: Iterable[SiteProfile]) -> Iterator[Edit]:
    """Edits removing the lines of every profile the page matches."""
    analysis = analyse(doc)
    for profile in profiles:
        hits = [info for info in analysis.infos if info.key in profile.lines]
        if len({info.key for info in hits}) < profile.min_matches:
            continue
        for info in hits:
            if learned_line_allowed(analysis, info):
                yield remove(
                    info,
                    "chrome.site-profile",
                    LIKELY,
                    f"line learnt for {profile.site} {quote(info.text)}",
                )


@rule(
    "chrome.site-profile",
    "chrome",
    "Remove lines that a site profile learnt to recur across the site's articles",
    ("Example News | Home\n", "Example News | Home\n"),
)
def site_profile(doc: Document, ctx: Context) -> Iterator[Edit]:
    return profile_edits(doc, (*shipped_profiles(), *user_profiles()))


@rule(
    "chrome.learned",
    "chrome",
    "Remove lines a batch run learnt to recur across many documents of the same source",
    ("Share on Facebook\n", "Share on Facebook\n"),
)
def learned(doc: Document, ctx: Context) -> Iterator[Edit]:
    return learned_edits(doc, ctx.document)


RULES = (site_profile, learned)
