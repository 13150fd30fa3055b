"""The English lexicon behind typo correction: words, frequencies, bigrams, variants, candidates.

Three levels, so clean text stays cheap:
- :func:`core_words` (the curated word set) is all a known word costs: one set lookup;
- :func:`lexicon` (frequencies, bigram counts, real-word neighbours) loads when a rule needs
  context: a word outside the core, or a real word that may be a slip for another;
- :func:`candidate_index` (the symmetric-delete index) loads only for a word outside the core.

Both are built from the plain files in ``dictionaries/en/`` and cached on disk with ``marshal``
(platformdirs user cache dir, keyed on the files' hash and the index parameters, written to a
temporary file and moved into place, rebuilt on any load error). Candidate generation follows
SymSpell (Wolf Garbe's symmetric delete): the index maps every deletion of a word's prefix to the
words, so a lookup only generates deletions of the query; rapidfuzz then checks the distance.
"""

from __future__ import annotations

import marshal
import os
import string
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from textfix import dictionaries

WORDS_FILE = "en/words.tsv.gz"
BIGRAMS_FILE = "en/bigrams.tsv.gz"
VARIANTS_FILE = "en/variants.tsv"
PREFIXES_FILE = "en/prefixes.txt"

MAX_DISTANCE = 2
# Measured: prefix 7 gives 0.5 ms lookups but a 0.3 s index load; prefix 5 loads in 0.07 s with
# 2 ms lookups. An article has a handful of unknown words, so start-up wins.
PREFIX_LENGTH = 5
# Real-word confusions are only looked for among words this common: rarer ones are never the
# intended word often enough to beat the word that was typed.
NEIGHBOUR_MIN_ZIPF = 3.0
_CACHE_VERSION = 6


@dataclass(frozen=True)
class Lexicon:
    """Everything the typo rules consult about English beyond the core set."""

    core: frozenset[str]
    zipf: Mapping[str, float]  # core words only
    plausible: str  # "\nword\tzipf" lines of every other seen form, searched on demand
    bigrams: Mapping[str, int]
    bigram_total: float
    bigram_floor: float
    neighbours: Mapping[str, tuple[str, ...]]
    gb_to_us: Mapping[str, str]
    us_to_gb: Mapping[str, str]
    prefixes: tuple[str, ...]

    def frequency(self, word: str) -> float:
        """Zipf frequency (log10 per billion words); 0.0 for unseen forms."""
        found = self.zipf.get(word)
        if found is not None:
            return found
        return _plausible_frequency(self.plausible, word)

    def bigram(self, first: str, second: str) -> int:
        return self.bigrams.get(f"{first} {second}", 0)

    def candidates(self, word: str, max_distance: int = MAX_DISTANCE) -> list[tuple[str, int]]:
        """Core words within ``max_distance`` (optimal string alignment) of ``word``."""
        return list(_candidates(word, max_distance))

    def confusables(self, word: str) -> tuple[str, ...]:
        """Common core words one edit away: the candidates for a real-word error."""
        return self.neighbours.get(word, ())

    def prefixed(self, word: str) -> str | None:
        """The known stem when ``word`` is a prefix glued to a common word ("deescalate")."""
        for prefix in self.prefixes:
            stem = word[len(prefix) :]
            if word.startswith(prefix) and len(stem) >= 4 and stem in self.core:
                return stem
        return None


@lru_cache(maxsize=4096)
def _candidates(word: str, max_distance: int) -> tuple[tuple[str, int], ...]:
    # Cached: the rounds and passes of typos.nonword ask again about the same unknown words.
    index = candidate_index()
    found: set[str] = set()
    for key in _deletes(word[:PREFIX_LENGTH], max_distance):
        hit = index.get(key)
        if hit:
            found.update(hit.split(" "))
    # rapidfuzz checks the distances in one C loop; the cutoff lets it stop early. Sorted, so
    # the order (and every tie broken by it) is the same in every process, whatever the hash seed.
    hits = process.extract(
        word, sorted(found), scorer=OSA.distance, score_cutoff=max_distance, limit=None
    )
    return tuple((other, int(distance)) for other, distance, _index in hits)


@lru_cache(maxsize=4096)
def _plausible_frequency(blob: str, word: str) -> float:
    # A substring search over one string: 225k forms cost no load time (a dict of them cost
    # 0.15 s at start-up), and a typical article asks about a handful of them.
    at = blob.find(f"\n{word}\t")
    if at < 0:
        return 0.0
    start = at + len(word) + 2
    return float(blob[start : blob.index("\n", start)])


def _deletes(word: str, depth: int) -> set[str]:
    result = {word}
    frontier = {word}
    for _ in range(depth):
        nxt = set()
        for item in frontier:
            if len(item) <= 1:
                continue
            for i in range(len(item)):
                nxt.add(item[:i] + item[i + 1 :])
        result |= nxt
        frontier = nxt
    return result


def edits1(word: str) -> Iterator[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    letters = string.ascii_lowercase
    for i in range(len(word) + 1):
        left, right = word[:i], word[i:]
        if right:
            yield left + right[1:]
            for ch in letters:
                if ch != right[0]:
                    yield left + ch + right[1:]
        if len(right) > 1 and right[0] != right[1]:
            yield left + right[1] + right[0] + right[2:]
        for ch in letters:
            yield left + ch + right


# ---------------------------------------------------------------------------------------------
# Loading and caching


def _read_words() -> tuple[list[str], dict[str, float]]:
    core: list[str] = []
    zipf: dict[str, float] = {}
    for line in dictionaries.entries(WORDS_FILE):
        word, value, kind = line.split("\t")
        zipf[word] = float(value)
        if kind == "c":
            core.append(word)
    return core, zipf


def _read_bigrams() -> tuple[dict[str, int], float]:
    bigrams: dict[str, int] = {}
    total = 1.0
    for line in dictionaries.read_text(BIGRAMS_FILE).splitlines():
        if line.startswith("#"):
            if "corpus size" in line:
                total = float(line.rsplit(" ", 1)[-1])
            continue
        pair, _, count = line.partition("\t")
        bigrams[pair] = int(count)
    return bigrams, total


def _read_variants() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in dictionaries.entries(VARIANTS_FILE):
        gb, _, us = line.partition("\t")
        pairs[gb] = us
    return pairs


def _build_index(core: list[str]) -> dict[str, str]:
    buckets: dict[str, list[str]] = {}
    for word in core:
        for key in _deletes(word[:PREFIX_LENGTH], MAX_DISTANCE):
            buckets.setdefault(key, []).append(word)
    return {key: " ".join(words) for key, words in buckets.items()}


def _build_neighbours(
    core: list[str], zipf: Mapping[str, float], bigrams: Mapping[str, int]
) -> dict[str, tuple[str, ...]]:
    # Only words that occur in the bigram table can have context evidence, on either side.
    in_bigrams: set[str] = set()
    for pair in bigrams:
        in_bigrams.update(pair.split(" "))
    common = {w for w in core if zipf.get(w, 0.0) >= NEIGHBOUR_MIN_ZIPF and w in in_bigrams}
    result: dict[str, tuple[str, ...]] = {}
    for word in core:
        if word not in in_bigrams:
            continue
        near = sorted({o for o in edits1(word) if o in common and o != word})
        if near:
            result[word] = tuple(near)
    return result


def _source_key() -> str:
    files = (WORDS_FILE, BIGRAMS_FILE, VARIANTS_FILE, PREFIXES_FILE)
    digest = "-".join(dictionaries.digest(name) for name in files)
    return f"v{_CACHE_VERSION}-d{MAX_DISTANCE}-p{PREFIX_LENGTH}-n{NEIGHBOUR_MIN_ZIPF}-{digest}"


def _cache_dir() -> Path | None:
    override = os.environ.get("TEXTFIX_CACHE_DIR")
    if override:
        return Path(override)
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("textfix"))
    except Exception:  # pragma: no cover - a missing platformdirs only costs speed
        return None


def _load_cached(name: str) -> Any:
    folder = _cache_dir()
    if folder is None:
        return None
    file = folder / f"{name}-{_source_key()}.marshal"
    try:
        return marshal.loads(file.read_bytes())
    except Exception:
        # Missing, truncated or from another Python: rebuild.
        return None


def _store_cached(name: str, value: Any) -> None:
    folder = _cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file = folder / f"{name}-{_source_key()}.marshal"
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(marshal.dumps(value))
            os.replace(temp, file)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        # Older builds of the same cache are dead weight once a new one is in place.
        for stale in folder.glob(f"{name}-*.marshal"):
            if stale != file:
                stale.unlink(missing_ok=True)
    except OSError:
        # A read-only or full disk only costs speed: the lexicon is rebuilt next time.
        return


@cache
def variants() -> dict[str, str]:
    """en-GB -> en-US spelling pairs (a small file, read without the full lexicon)."""
    return _read_variants()


T = TypeVar("T")


def _cached_or_built(name: str, kind: type[T], build: Callable[[], T]) -> T:
    """The disk cache's copy of ``name`` when it is sound, else a fresh build, then stored."""
    cached = _load_cached(name)
    if isinstance(cached, kind):
        return cached
    built = build()
    _store_cached(name, built)
    return built


@cache
def core_words() -> frozenset[str]:
    """The curated word set: the only thing a known word costs."""
    return _cached_or_built("core", frozenset, lambda: frozenset(_read_words()[0]))


@cache
def candidate_index() -> dict[str, str]:
    """The symmetric-delete index: loaded only when a word outside the core needs candidates."""
    return _cached_or_built("index", dict, lambda: _build_index(_read_words()[0]))


@cache
def lexicon() -> Lexicon:
    """The full lexicon, built once per process (and once per dictionary version on disk)."""
    cached = _load_cached("lexicon")
    if isinstance(cached, tuple) and len(cached) == 6:
        zipf, plausible, bigrams, total, neighbours, gb_to_us = cached
    else:
        core_list, all_zipf = _read_words()
        core_set = set(core_list)
        zipf = {w: z for w, z in all_zipf.items() if w in core_set}
        rest = "".join(f"\n{w}\t{z}" for w, z in all_zipf.items() if w not in core_set)
        plausible = rest + "\n"
        bigrams, total = _read_bigrams()
        gb_to_us = variants()
        neighbours = _build_neighbours(core_list, zipf, bigrams)
        cached = (zipf, plausible, bigrams, total, neighbours, gb_to_us)
        _store_cached("lexicon", cached)
    prefixes = tuple(sorted(dictionaries.entries(PREFIXES_FILE), key=len, reverse=True))
    return Lexicon(
        core=core_words(),
        zipf=zipf,
        plausible=plausible,
        bigrams=bigrams,
        bigram_total=total,
        # The table keeps pairs above a count; an absent pair occurred at most about half that.
        bigram_floor=max(1.0, min(bigrams.values(), default=2) / 2),
        neighbours=neighbours,
        gb_to_us=gb_to_us,
        us_to_gb={us: gb for gb, us in gb_to_us.items()},
        prefixes=prefixes,
    )
