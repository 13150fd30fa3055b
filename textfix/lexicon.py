"""The English lexicon behind typo correction: words, frequencies, bigrams, variants, candidates.

Three levels, so clean text stays cheap:
- :func:`core_words` (the curated word set) is all a known word costs: one set lookup;
- :func:`lexicon` (frequencies, bigram counts, real-word neighbours) opens when a rule needs
  context: a word outside the core, or a real word that may be a slip for another;
- :func:`candidate_index` (the symmetric-delete index) opens only for a word outside the core.

All are built from the plain files in ``dictionaries/en/`` and cached on disk (platformdirs user
cache dir or ``$TEXTFIX_CACHE_DIR``, keyed on the files' hash and the build parameters, written
to a temporary file and moved into place, rebuilt on any load error): the core set with
``marshal``, everything looked up a word at a time (frequencies, bigrams, neighbours, the index)
as memory-mapped tables (:class:`textfix.dictionaries.Table`), so opening them costs
microseconds and a process reads only the pages its words touch. Candidate generation follows
SymSpell (Wolf Garbe's symmetric delete): the index maps every deletion of a word's prefix to the
words, so a lookup only generates deletions of the query; rapidfuzz then checks the distance.
"""

from __future__ import annotations

import contextlib
import re
import string
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import repeat
from typing import Any, Generic, TypeVar

from textfix import dictionaries, speedups
from textfix.dictionaries import Table

WORDS_FILE = "en/words.tsv.gz"
BIGRAMS_FILE = "en/bigrams.tsv.gz"
VARIANTS_FILE = "en/variants.tsv"
PREFIXES_FILE = "en/prefixes.txt"

MAX_DISTANCE = 2
# The index keys a word by the deletions of its first PREFIX_LENGTH letters. Any prefix length
# finds the same candidates: every core word within the distance of a word longer than the
# distance (each edit shortens the longest common subsequence of the two prefixes by one letter
# at most, so the prefixes share a deletion), and for shorter words the same buckets, their
# words being no longer than any prefix. A longer prefix makes buckets of fewer words: with 6
# letters instead of 5 an unknown word's lookup reads about 330 words instead of 1,140 (the
# strings of the words and rapidfuzz's pass over them were most of its cost), for an index of
# 21 MB instead of 14 MB on disk, memory-mapped (with 7 letters: 180 words, 32 MB).
PREFIX_LENGTH = 6
# Real-word confusions are only looked for among words this common: rarer ones are never the
# intended word often enough to beat the word that was typed.
NEIGHBOUR_MIN_ZIPF = 3.0
_CACHE_VERSION = 7

V = TypeVar("V")


class TableMapping(Mapping[str, V], Generic[V]):
    """A read-only mapping over a :class:`Table`, values parsed on access.

    ``keys`` (when given) answers membership without touching the table: the real-word rule
    asks it of nearly every word of a clean text. ``load`` (when given) builds the whole mapping
    as a dict: after ``load_after`` lookups in a process the mapping swaps the table for it,
    since a dict answers a missing key a hundred times faster than the table's substring search
    and a long document or a batch asks hundreds of thousands of times, while a one-page
    article never pays for the load.
    """

    __slots__ = ("_asked", "_keys", "_load", "_load_after", "_loaded", "_parse", "_table")

    def __init__(
        self,
        table: Table,
        parse: Callable[[str], V],
        keys: frozenset[str] | None = None,
        load: Callable[[], dict[str, V]] | None = None,
        load_after: int = 0,
    ) -> None:
        self._table = table
        self._parse = parse
        self._keys = keys
        self._load = load
        self._load_after = load_after
        self._asked = 0
        self._loaded: dict[str, V] | None = None

    @property
    def loaded(self) -> dict[str, V] | None:
        return self._loaded

    def load(self) -> None:
        """Swap the table for the whole mapping now (when a loader was given)."""
        if self._loaded is None and self._load is not None:
            self._loaded = self._load()

    def _lookup(self, key: str) -> V | None:
        loaded = self._loaded
        if loaded is not None:
            return loaded.get(key)
        if self._load is not None:
            self._asked += 1
            if self._asked > self._load_after:
                self._loaded = self._load()
                return self._loaded.get(key)
        raw = self._table.get(key)
        return None if raw is None else self._parse(raw)

    def __getitem__(self, key: str) -> V:
        value = self._lookup(key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: str, default: V | None = None) -> V | None:  # type: ignore[override]
        value = self._lookup(key)
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        if self._keys is not None:
            return key in self._keys
        return isinstance(key, str) and self._lookup(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (word for word, _value in self._table.items())

    def __len__(self) -> int:
        return len(self._table)


class _CoreZipf(Mapping[str, float]):
    """Zipf frequencies of the core words only (the frequency table also holds other forms)."""

    __slots__ = ("_core", "_forms")

    def __init__(self, core: AbstractSet[str], forms: Table) -> None:
        self._core = core
        self._forms = forms

    def __getitem__(self, key: str) -> float:
        raw = self._forms.get(key) if key in self._core else None
        if raw is None:
            raise KeyError(key)
        return float(raw)

    def __contains__(self, key: object) -> bool:
        return key in self._core

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._core))

    def __len__(self) -> int:
        return len(self._core)


def _words(raw: str) -> tuple[str, ...]:
    return tuple(raw.split(" "))


@dataclass(frozen=True)
class Lexicon:
    """Everything the typo rules consult about English beyond the core set."""

    core: AbstractSet[str]
    zipf: Mapping[str, float]  # core words only
    forms: Table  # every seen form (core or not) -> its Zipf frequency
    bigrams: Mapping[str, int]
    bigram_total: float
    bigram_floor: float
    neighbours: Mapping[str, tuple[str, ...]]
    gb_to_us: Mapping[str, str]
    us_to_gb: Mapping[str, str]
    prefixes: tuple[str, ...]
    # The forms' frequencies as a dict once a long run has asked enough (see FormFrequencies).
    frequencies: FormFrequencies | None = None

    def frequency(self, word: str) -> float:
        """Zipf frequency (log10 per billion words); 0.0 for unseen forms."""
        held = self.frequencies
        if held is None:
            return _frequency(self.forms, word)
        loaded = held.loaded
        if loaded is not None:
            return loaded.get(word, 0.0)
        return _held_frequency(held, word)

    def core_set(self) -> AbstractSet[str]:
        """The core set: the plain frozenset once it is loaded (membership answered in C, not
        through :class:`CoreWords`), else the view."""
        core = self.core
        if isinstance(core, CoreWords):
            return core.loaded or core
        return core

    def bigram(self, first: str, second: str) -> int:
        return self.bigrams.get(f"{first} {second}", 0) or 0

    def candidates(self, word: str, max_distance: int = MAX_DISTANCE) -> list[tuple[str, int]]:
        """Core words within ``max_distance`` (optimal string alignment) of ``word``."""
        return list(_candidates(word, max_distance))

    def confusables(self, word: str) -> tuple[str, ...]:
        """Common core words one edit away: the candidates for a real-word error."""
        neighbours = self.neighbours
        # Membership first: the table's keys are held as a set, and most words have no entry
        # (a table search each, otherwise).
        if word not in neighbours:
            return ()
        return neighbours.get(word, ()) or ()

    def prefixed(self, word: str) -> str | None:
        """The known stem when ``word`` is a prefix glued to a common word ("deescalate")."""
        # Most words start with no prefix at all: one C-level test of them all first.
        if not word.startswith(self.prefixes):
            return None
        for prefix in self.prefixes:
            if word.startswith(prefix):
                stem = word[len(prefix) :]
                if len(stem) >= 4 and stem in self.core:
                    return stem
        return None

    def plural_of(self, word: str) -> str | None:
        """The known noun when ``word`` is its regular plural, seen in real text and about as
        common as a plural of it would be ("lockdowns", "duchesses"); None otherwise.

        The core list holds few plurals of newer or rarer nouns, while a word made by a slip
        rarely looks like one: "withs" or "thats" are far rarer than their stems (learners'
        errors), and "familys" or "crosss" break the spelling rules of the plural.
        """
        seen = self.frequency(word)
        if seen <= 0.0:
            return None
        if word.endswith("es") and word[:-2].endswith(_SIBILANT_ENDINGS):
            stem = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            stem = word[:-1]
            if stem.endswith("y") and stem[-2:-1] not in _VOWELS:
                return None  # a consonant and y make -ies
        else:
            return None
        if len(stem) < PLURAL_MIN_STEM or stem not in self.core:
            return None
        return stem if self.frequency(stem) - seen <= PLURAL_MAX_RARER else None

    def other_spelling(self, word: str) -> str | None:
        """The known word that ``word`` spells the other national way, when ``word`` is seen in
        real text ("tunneled" for "tunnelled", "archeologist"): with the variant "any", both
        spellings are right."""
        known = self.us_to_gb.get(word) or self.gb_to_us.get(word)
        if known is not None:
            return known
        if self.frequency(word) <= 0.0 or _ANY_SPELLING_SWAP.search(word) is None:
            return None  # unseen, or no swap applies (most names): every sub leaves it as it is
        for pattern, replacement in _SPELLING_SWAPS:
            other = pattern.sub(replacement, word, count=1)
            if other != word and other in self.core:
                return other
        return None

    def spelt_otherwise(self, word: str, other: str) -> bool:
        """Whether ``other`` is ``word`` in the other national spelling."""
        if self.us_to_gb.get(word) == other or self.gb_to_us.get(word) == other:
            return True
        return any(p.sub(r, word, count=1) == other for p, r in _SPELLING_SWAPS)


# A plural is taken as meant when its stem is a core word of this many letters at least and the
# plural is at most this much rarer (Zipf) than the stem.
PLURAL_MIN_STEM = 5
PLURAL_MAX_RARER = 2.2
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")
_VOWELS = frozenset("aeiou")

# The regular differences between British and American spelling, each way round.
_SPELLING_SWAPS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(?<=[aeiou])l(ed|ing|er|ers)$", r"ll\1"),  # traveled, traveling
        (r"(?<=[aeiou])ll(ed|ing|er|ers)$", r"l\1"),  # travelled, travelling
        (r"(?<=\w\w)is(e|es|ed|ing|ation|ations)$", r"iz\1"),  # organise, organisation
        (r"(?<=\w\w)iz(e|es|ed|ing|ation|ations)$", r"is\1"),
        (r"(?<=\w\w)ys(e|es|ed|ing)$", r"yz\1"),  # analyse
        (r"(?<=\w\w)yz(e|es|ed|ing)$", r"ys\1"),
        (r"(?<=\w\w\w)our(s|ed|ing|ful|able|ite|ites)?$", r"or\1"),  # colour, favourite
        (r"(?<=\w\w\w)or(s|ed|ing|ful|able|ite|ites)?$", r"our\1"),
        (r"(?<=\w\w)([tb])re(s|d)?$", r"\1er\2"),  # centre, fibre
        (r"(?<=\w\w)([tb])er(s|ed)?$", r"\1re\2"),
        (r"(?<=\w\w\w)ogue(s)?$", r"og\1"),  # catalogue
        (r"(?<=\w\w\w)og(s)?$", r"ogue\1"),
        (r"(?<=\w\w)ence(s)?$", r"ense\1"),  # defence, licence
        (r"(?<=\w\w)ense(s)?$", r"ence\1"),
        (r"(?<=\w\w)ae(?=\w\w)", "e"),  # archaeology, anaemia
        (r"(?<=\w\w)oe(?=\w\w)", "e"),  # manoeuvre
        (r"(?<=\w\w)e(?=\w\w)", "ae"),  # archeology
    )
)
# Whether any of the swaps applies to a word: one search instead of a sub per swap.
_ANY_SPELLING_SWAP = re.compile("|".join(f"(?:{p.pattern})" for p, _r in _SPELLING_SWAPS))


class FormFrequencies:
    """The frequency table's lookups, counted, and the table as a dict once they are many.

    A lookup the cache below cannot answer costs a table search (about 1.5 us); an unknown
    word's candidates and edits ask thousands of forms nobody has seen. Loading the dict
    (marshal, ~0.3 s and ~30 MB) pays off only over a long run, and a batch worker must stay
    under 300 MB: so only :func:`preload` loads it, unless :data:`FORMS_DICT_AFTER` names a
    number of table searches after which a process may. Same values either way: both are
    ``float`` of the table's text.
    """

    __slots__ = ("_searched", "forms", "loaded")

    def __init__(self, forms: Table) -> None:
        self.forms = forms
        self._searched = 0
        self.loaded: dict[str, float] | None = None

    def load(self) -> dict[str, float]:
        if self.loaded is None:
            forms = self.forms
            self.loaded = dictionaries.cached_value(
                "en-forms-hot",
                _source_key(),
                dict,
                lambda: _hot_first({word: float(raw) for word, raw in forms.items()}),
                valid=_sound_forms,
            )
        return self.loaded

    def search(self, word: str) -> float:
        self._searched += 1
        if FORMS_DICT_AFTER is not None and self._searched > FORMS_DICT_AFTER:
            return self.load().get(word, 0.0)
        raw = self.forms.get(word)
        return 0.0 if raw is None else float(raw)


# None: the table is searched (through the cache) however long the run; on 1,980 chrome-dev
# pages the dict saved about 2% of the whole pipeline's time and cost about 30 MB.
FORMS_DICT_AFTER: int | None = None


def _sound_forms(value: dict[Any, Any]) -> bool:
    # A spot check: a full one costs as much as the load it guards.
    first = next(iter(value.items()), None)
    return first is None or (isinstance(first[0], str) and isinstance(first[1], float))


@lru_cache(maxsize=1 << 14)
def _held_frequency(held: FormFrequencies, word: str) -> float:
    # Cached: the ranking asks about the same candidates and neighbours again and again, and a
    # table lookup costs about a microsecond against a tenth of one for a hit here.
    return held.search(word)


@lru_cache(maxsize=1 << 14)
def _frequency(forms: Table, word: str) -> float:
    # As _held_frequency, for a lexicon built without a FormFrequencies.
    raw = forms.get(word)
    return 0.0 if raw is None else float(raw)


@lru_cache(maxsize=256)
def _candidates(word: str, max_distance: int) -> tuple[tuple[str, int], ...]:
    # Cached, but few: the rounds and passes of typos.nonword ask again about the same unknown
    # words through spelling's own cache of their split candidates (which reads
    # candidate_groups), and this one answered 2 of 2,240 asks in a 1,500-document run while
    # holding some 10 MB at 4,096 entries.
    return tuple(
        pair
        for distance, words in enumerate(candidate_groups(word, max_distance))
        for pair in zip(words, repeat(distance))
    )


def candidate_groups(word: str, max_distance: int = MAX_DISTANCE) -> tuple[tuple[str, ...], ...]:
    """The core words within ``max_distance`` (optimal string alignment) of ``word``, by
    distance: group d holds those d edits away, in spelling order (:meth:`Lexicon.candidates`
    lists the same words as pairs). Not cached: its callers keep what they make of it."""
    compiled = speedups.compiled
    if compiled is not None:
        # The same groups, read, measured and sorted in C (textfix/_speedups.c) from the
        # index's bytes: only the hits become strings, not the thousand or so words read.
        buffer, data, count = candidate_index().layout()
        found: tuple[tuple[str, ...], ...] = compiled.candidate_groups(
            buffer, data, count, word, PREFIX_LENGTH, max_distance, False
        )
        return found
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    index = candidate_index()
    # Each bucket lists its words shortest first, with where each length starts: only the
    # words within max_distance of the word's length are read (each edit changes the length by
    # one at most, so no other word can be that close), about half of them.
    shortest = len(word) - max_distance
    longest = len(word) + max_distance
    keys = _deletes(word[:PREFIX_LENGTH], max_distance)
    buckets = [
        piece
        for hit in map(index.get, keys)
        if hit and (piece := _length_window(hit, shortest, longest))
    ]
    # A word sits in several buckets: one split of them all. The duplicates are not taken
    # out here: hashing the thousand or so fresh strings cost more than rapidfuzz spends on
    # the fifth of them that repeat, and a repeated word is a repeated hit with the same
    # distance, which the dict below drops.
    words = " ".join(buckets).split(" ") if buckets else []
    # rapidfuzz checks the distances in one C loop; the cutoff lets it stop early. The hits
    # are then put in order of distance, then spelling (the order extract gives for a sorted
    # list, ties going to the earlier choice), so the same in every process whatever the hash
    # seed, without sorting the words looked at: each distance's hits, told apart by one
    # unpacking loop (cheaper than two itemgetter maps), are made distinct and sorted as
    # plain strings.
    hits = process.extract(word, words, scorer=OSA.distance, score_cutoff=max_distance, limit=None)
    groups: list[list[str]] = [[] for _ in range(max_distance + 1)]
    for hit, distance, _at in hits:
        groups[distance].append(hit)
    return tuple([tuple(sorted(set(group))) for group in groups])


def candidates_by_frequency(
    word: str, max_distance: int = MAX_DISTANCE
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The candidate groups as the ranking reads them (see spelling._split_candidates): the
    words one edit away at most, in spelling order, and the farther ones from the commonest
    down by the core words' frequencies in the word list (ties in the order of the groups),
    all made in C with the ranks the index stores, rather than by a lookup per word in the
    frequency table. None without the C module."""
    compiled = speedups.compiled
    if compiled is None:
        return None
    buffer, data, count = candidate_index().layout()
    split: tuple[tuple[str, ...], tuple[str, ...]] = compiled.candidate_groups(
        buffer, data, count, word, PREFIX_LENGTH, max_distance, True
    )
    return split


def _length_window(bucket: str, shortest: int, longest: int) -> str:
    """The words of an index bucket (see :func:`_bucket_value`) from ``shortest`` to
    ``longest`` letters long, space-separated ("" when none)."""
    head, _, words = bucket.partition("|")
    first, _, marks = head.partition(";")
    starts = marks.partition(";")[0].split(",")
    low = int(first)
    # starts[k]: where the words of at least low + k letters begin; the last one is one past
    # the end (as if each word, the last included, were followed by a space).
    last = len(starts) - 1
    begin = shortest - low
    end = longest + 1 - low
    if end <= 0 or begin >= last:
        return ""
    start = int(starts[begin]) if begin > 0 else 0
    stop = int(starts[end]) if end < last else len(words) + 1
    return words[start : stop - 1] if stop > start else ""


# Seen forms outside the core, of letters a-z and this long at least, are indexed by halves
# (see :func:`seen_one_edit`): the typos rules ask for those one edit from an unknown word one
# letter longer at least.
SEEN_INDEX_MIN_LENGTH = 7
_LETTERS_ONLY = re.compile(r"[a-z]+")


def _halves(length: int) -> tuple[int, int]:
    """How many first and last letters of a form of ``length`` letters its two index keys hold:
    together one letter fewer than the form, so that one edit (which changes at most two
    neighbouring letters) leaves one of them whole. The end gets the odd letter: endings
    ("-ing", "-ers") are shared by more forms than beginnings."""
    head = (length - 1) // 2
    return head, length - 1 - head


def _seen_keys(word: str, length: int) -> tuple[str, str]:
    """The index keys that a form of ``length`` letters one edit from ``word`` (or ``word``
    itself, when it is that long) is listed under, one of them at least."""
    head, tail = _halves(length)
    return f"{length}<{word[:head]}", f"{length}>{word[len(word) - tail :]}"


def seen_one_edit(word: str) -> set[str]:
    """The seen forms outside the core, of letters a-z only, one edit (an optimal string
    alignment distance of 1) from ``word``, a word of letters a-z at least
    SEEN_INDEX_MIN_LENGTH + 1 long: those of :func:`edits1_set` the frequency table holds,
    less the core words, found from a few index buckets instead of a few hundred strings.

    A form one edit from ``word`` is at most one letter longer or shorter, and keeps either
    its first or its last letters as ``word`` has them (:func:`_halves`): it is listed under
    one of the keys looked up here."""
    index = seen_form_index()
    size = len(word)
    keys = [key for length in (size - 1, size, size + 1) for key in _seen_keys(word, length)]
    compiled = speedups.compiled
    if compiled is not None and size <= _SEEN_COMPILED_LONGEST:
        # The same words, read and measured in C (textfix/_speedups.c) from the index's
        # bytes: only the hits become strings.
        buffer, data, count = index.layout()
        near: set[str] = compiled.seen_one_edit(buffer, data, count, keys, word)
        return near
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    pieces = [hit for hit in map(index.get, keys) if hit]
    if not pieces:
        return set()
    found = " ".join(pieces).split(" ")
    hits = process.extract(word, found, scorer=OSA.distance, score_cutoff=1, limit=None)
    # Distance 0 is the word itself, which edits1_set leaves out.
    return {other for other, distance, _index in hits if distance == 1}


# The compiled seen_one_edit measures words of up to 64 letters (one machine word of bits).
_SEEN_COMPILED_LONGEST = 64


@cache
def seen_form_index() -> Table:
    """The index of :func:`seen_one_edit`: each seen form outside the core (letters a-z, at
    least SEEN_INDEX_MIN_LENGTH long) under its two keys (:func:`_seen_keys`)."""
    table = _cached_table("seen-halves", _seen_index_items)
    _built()
    return table


def _seen_index_items() -> Iterator[tuple[str, str]]:
    core_list, zipf = _read_words()
    core = set(core_list)
    buckets: dict[str, list[str]] = {}
    for form in zipf:
        if (
            len(form) >= SEEN_INDEX_MIN_LENGTH
            and form not in core
            and _LETTERS_ONLY.fullmatch(form)
        ):
            for key in _seen_keys(form, len(form)):
                buckets.setdefault(key, []).append(form)
    return ((key, " ".join(forms)) for key, forms in buckets.items())


def _bucket_value(words: list[str], ranks: Mapping[str, int] | None = None) -> str:
    """An index bucket as stored: "low;starts|words", the words shortest first (in their
    order otherwise) and starts[k] the offset of the first word of at least low + k letters,
    from low to one past the longest (see :func:`_length_window`).

    With ``ranks`` (each word's rank by frequency, see :func:`_frequency_ranks`), the head
    also holds them, in the words' order: "low;starts;W" and then W characters per word, each
    character from "0" on standing for 6 bits of the rank, most significant first (none of
    them is a "|", a tab or a line break)."""
    ordered = sorted(words, key=len)
    low, high = len(ordered[0]), len(ordered[-1])
    starts: list[int] = []
    offset = 0
    at = 0
    for length in range(low, high + 2):
        while at < len(ordered) and len(ordered[at]) < length:
            offset += len(ordered[at]) + 1
            at += 1
        starts.append(offset)
    head = f"{low};{','.join(map(str, starts))}"
    if ranks is not None:
        width = max(1, (max(map(ranks.__getitem__, ordered)).bit_length() + 5) // 6)
        codes = "".join(
            chr(ord("0") + ((ranks[word] >> (6 * (width - 1 - i))) & 0x3F))
            for word in ordered
            for i in range(width)
        )
        head += f";{width}{codes}"
    return f"{head}|{' '.join(ordered)}"


def _frequency_ranks(core: list[str], zipf: Mapping[str, float]) -> dict[str, int]:
    """Each core word's rank by its frequency in the word list, 0 for the commonest, equal
    frequencies equal ranks: an order of the core words that sorting by Lexicon.frequency
    gives too (it reads the same values)."""
    values = sorted({zipf[word] for word in core}, reverse=True)
    rank_of = {value: rank for rank, value in enumerate(values)}
    return {word: rank_of[zipf[word]] for word in core}


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


def edits1_set(word: str) -> set[str]:
    """The set of :func:`edits1`'s strings, built a position at a time by list comprehensions
    (the rules ask for a few hundred strings per unknown word, and a generator's yields cost
    more than the strings)."""
    letters = _LETTERS
    found: set[str] = set()
    update = found.update
    for i in range(len(word) + 1):
        left, right = word[:i], word[i:]
        update([left + ch + right for ch in letters])
        if right:
            rest = right[1:]
            found.add(left + rest)
            # Every letter, the typed one included: that gives back the word itself, which no
            # other edit does, so it is taken out once at the end.
            update([left + ch + rest for ch in letters])
            if rest and right[0] != rest[0]:
                found.add(left + rest[0] + right[0] + rest[1:])
    found.discard(word)
    return found


_LETTERS = tuple(string.ascii_lowercase)


# ---------------------------------------------------------------------------------------------
# Building (once per dictionary version) and caching


@lru_cache(maxsize=1)
def _read_words() -> tuple[list[str], dict[str, float]]:
    # Kept for the rest of a build (every table starts from it), dropped by _built().
    core: list[str] = []
    zipf: dict[str, float] = {}
    for line in dictionaries.entries(WORDS_FILE):
        word, value, kind = line.split("\t")
        zipf[word] = float(value)
        if kind == "c":
            core.append(word)
    return core, zipf


@lru_cache(maxsize=1)
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


def _build_index(core: list[str]) -> dict[str, list[str]]:
    buckets: dict[str, list[str]] = {}
    for word in core:
        for key in _deletes(word[:PREFIX_LENGTH], MAX_DISTANCE):
            buckets.setdefault(key, []).append(word)
    return buckets


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


@lru_cache(maxsize=1)
def _neighbour_items() -> dict[str, tuple[str, ...]]:
    core_list, all_zipf = _read_words()
    core_set = set(core_list)
    zipf = {w: z for w, z in all_zipf.items() if w in core_set}
    return _build_neighbours(core_list, zipf, _read_bigrams()[0])


def _built() -> None:
    # A build reads the sources once for all its tables; afterwards only the tables are needed.
    _read_words.cache_clear()
    _read_bigrams.cache_clear()
    _neighbour_items.cache_clear()


@cache
def _source_key() -> str:
    # Cached: hashing the sources costs milliseconds, and every cached part is keyed on it.
    files = (WORDS_FILE, BIGRAMS_FILE, VARIANTS_FILE, PREFIXES_FILE)
    digest = dictionaries.source_key(*files)
    return f"v{_CACHE_VERSION}-d{MAX_DISTANCE}-p{PREFIX_LENGTH}-n{NEIGHBOUR_MIN_ZIPF}-{digest}"


def _cached_table(name: str, build: Callable[[], Iterator[tuple[str, str]]]) -> Table:
    def building() -> Iterator[tuple[str, str]]:
        _drop_legacy_caches()
        return build()

    return dictionaries.cached_table(f"en-{name}", _source_key(), building)


def _drop_legacy_caches() -> None:
    # The marshal files of cache versions up to 6 (about 22 MB), the unordered frequency and
    # bigram dicts of versions before _hot_first (about 55 MB) and the candidate index without
    # frequency ranks (about 21 MB) are never read again.
    folder = dictionaries.cache_dir()
    if folder is None:
        return
    with contextlib.suppress(OSError):
        for pattern in (
            "core-v*.marshal",
            "index-v*.marshal",
            "lexicon-v*.marshal",
            "en-forms-dict-*.marshal",
            "en-bigram-dict-*.marshal",
            "en-index-bylength-*.table",
        ):
            for stale in folder.glob(pattern):
                stale.unlink(missing_ok=True)


@cache
def variants() -> dict[str, str]:
    """en-GB -> en-US spelling pairs (a small file, read without the full lexicon)."""
    return _read_variants()


class CoreWords(AbstractSet[str]):
    """The core set as :func:`core_words` hands it out before the process has asked much.

    Loading the set itself (tens of thousands of strings) costs more than a one-page article
    spends looking its words up one at a time in the memory-mapped table, so a process starts
    with the table and loads the set once it has asked :data:`SET_AFTER` questions; from then on
    :func:`core_words` returns the plain frozenset, as fast as membership gets.
    """

    __slots__ = ("_answers", "_asked", "_loaded", "_table")

    def __init__(self, table: Table) -> None:
        self._table = table
        self._asked = 0
        self._loaded: frozenset[str] | None = None
        # A page asks about a third of its words again (each pass and rule asks anew): a dict
        # hit costs a tenth of a table lookup. Bounded: the set replaces it after SET_AFTER.
        self._answers: dict[str, bool] = {}

    @property
    def loaded(self) -> frozenset[str] | None:
        return self._loaded

    def load(self) -> frozenset[str]:
        if self._loaded is None:
            self._loaded = dictionaries.cached_value(
                "en-core", _source_key(), frozenset, lambda: frozenset(_read_words()[0])
            )
            _built()
        return self._loaded

    def __contains__(self, word: object) -> bool:
        if self._loaded is not None:
            return word in self._loaded
        self._asked += 1
        if self._asked > SET_AFTER:
            self._answers = {}
            return word in self.load()
        if not isinstance(word, str):
            return False
        known = self._answers.get(word)
        if known is None:
            known = self._answers[word] = self._table.get(word) is not None
        return known

    def __iter__(self) -> Iterator[str]:
        return iter(self.load())

    def __len__(self) -> int:
        return len(self._table)


# About ten pages of checks: a table lookup costs about a microsecond, loading the set ~15 ms.
SET_AFTER = 20_000


@cache
def _core_view() -> CoreWords:
    table = _cached_table("core", lambda: ((word, "") for word in _read_words()[0]))
    _built()
    return CoreWords(table)


def core_words() -> AbstractSet[str]:
    """The curated word set: the only thing a known word costs (see :class:`CoreWords`)."""
    view = _core_view()
    return view.loaded or view


@cache
def candidate_index() -> Table:
    """The symmetric-delete index (deletion -> its core words, shortest first, with where each
    length starts and their ranks by frequency: :func:`_bucket_value`): opened only when a
    word outside the core needs candidates. (Named apart from the indexes of earlier
    versions, without the ranks; another process may still read those from the same cache
    folder.)"""
    table = _cached_table("index-ranked", _index_items)
    _built()
    return table


def _index_items() -> Iterator[tuple[str, str]]:
    core, zipf = _read_words()
    ranks = _frequency_ranks(core, zipf)
    return ((key, _bucket_value(words, ranks)) for key, words in _build_index(core).items())


def _summary() -> tuple[float, float, frozenset[str]]:
    bigrams, total = _read_bigrams()
    # The table keeps pairs above a count; an absent pair occurred at most about half that.
    floor = max(1.0, min(bigrams.values(), default=2) / 2)
    return total, floor, frozenset(_neighbour_items())


def _sound_summary(value: tuple[Any, ...]) -> bool:
    return (
        len(value) == 3
        and all(isinstance(number, float) for number in value[:2])
        and isinstance(value[2], frozenset)
    )


# A missing pair costs ~10 us in the table and loading the dict (marshal, ~4 MB) ~0.2 s and
# ~30 MB: about twenty thousand lookups pay for it, a one-page article asks a few thousand.
BIGRAMS_DICT_AFTER = 30_000


def _bigram_dict(table: Table) -> dict[str, int]:
    return dictionaries.cached_value(
        "en-bigrams-hot",
        _source_key(),
        dict,
        lambda: _hot_first({pair: int(count) for pair, count in table.items()}),
        valid=_sound_bigrams,
    )


def _hot_first(values: dict[str, V]) -> dict[str, V]:
    """``values`` in the order of their values, highest first (ties as they came).

    The same dict to every lookup, laid out for the cache: a dict keeps its entries, and
    marshal its keys' strings, in the order they were put in, so the common words and pairs
    that most lookups ask about end up side by side in a few pages of memory instead of
    scattered through tens of megabytes (a lookup of a common word costs about a third as
    much). Building one drops the caches earlier versions left (:func:`_drop_legacy_caches`).
    """
    _drop_legacy_caches()
    return dict(sorted(values.items(), key=_negated_value))


def _negated_value(item: tuple[str, Any]) -> Any:
    return -item[1]


def _sound_bigrams(value: dict[Any, Any]) -> bool:
    # A spot check: a full one costs as much as the load it guards.
    first = next(iter(value.items()), None)
    return first is None or (isinstance(first[0], str) and isinstance(first[1], int))


def preload() -> Lexicon:
    """The lexicon with everything a long run ends up loading (the core set, the bigram and
    frequency dicts, the candidate indexes, the real-word candidates and chooser) loaded now:
    for batch workers and benchmarks that want the steady state from the start."""
    _core_view().load()
    lex = lexicon()
    bigrams = lex.bigrams
    if isinstance(bigrams, TableMapping):
        bigrams.load()
    if lex.frequencies is not None:
        lex.frequencies.load()
    candidate_index()
    seen_form_index()
    # The candidate search's modules, which candidate_groups imports on first use (so that a
    # one-page run that meets no unknown word does not load them): about 8 ms.
    import rapidfuzz.distance.OSA
    import rapidfuzz.process  # noqa: F401

    # The real-word candidates live with the model that reads them (imported here: spelling
    # imports this module).
    from textfix import spelling

    spelling.realword_table(lex)
    # And the real-word chooser that reads the loaded dicts (its C form indexes the bigram
    # keys when made: some 25 ms, which the first document would otherwise pay).
    spelling.realword_chooser(lex)
    return lex


@cache
def lexicon() -> Lexicon:
    """The full lexicon, opened once per process (and built once per dictionary version)."""
    forms = _cached_table("forms", lambda: ((w, repr(z)) for w, z in _read_words()[1].items()))
    bigrams = _cached_table("bigrams", lambda: ((p, str(c)) for p, c in _read_bigrams()[0].items()))
    neighbours = _cached_table(
        "neighbours", lambda: ((w, " ".join(near)) for w, near in _neighbour_items().items())
    )
    summary = dictionaries.cached_value(
        "en-summary", _source_key(), tuple, _summary, valid=_sound_summary
    )
    _built()
    total, floor, neighbour_keys = summary
    core = core_words()
    gb_to_us = variants()
    prefixes = tuple(sorted(dictionaries.entries(PREFIXES_FILE), key=len, reverse=True))
    return Lexicon(
        core=core,
        zipf=_CoreZipf(core, forms),
        forms=forms,
        bigrams=TableMapping(
            bigrams, int, load=lambda: _bigram_dict(bigrams), load_after=BIGRAMS_DICT_AFTER
        ),
        bigram_total=total,
        bigram_floor=floor,
        neighbours=TableMapping(neighbours, _words, neighbour_keys),
        gb_to_us=gb_to_us,
        us_to_gb={us: gb for gb, us in gb_to_us.items()},
        prefixes=prefixes,
        frequencies=FormFrequencies(forms),
    )
