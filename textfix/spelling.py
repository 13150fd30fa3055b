"""The noisy-channel spelling model: how likely a typed form is, given the word meant.

Scores are in log10 units so that they add up with Zipf frequencies (log10 per billion words):
``score(c) = zipf(c) - channel(typed, c) + context(c) + document(c)``, and the typed form itself
competes with ``prior(typed)``. A softmax over the options gives the confidence of the winner.

The channel mixes two ways to miss a word: typing slips (a neighbouring key, a vowel, a doubled
or dropped letter, swapped neighbours are cheap; an arbitrary letter is not; a second slip in one
word costs extra) and spelling by ear (a two-edit candidate that sounds like the typed form, by
a rough phonetic key, pays no such extra). Real-word errors (:func:`rank_realword`) use the same
channel with a strong prior for the word as typed: a candidate must be attested beside the
neighbours and fit them clearly better.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any, Protocol

from textfix import speedups
from textfix.lexicon import (
    SEEN_INDEX_MIN_LENGTH,
    Lexicon,
    candidate_groups,
    candidates_by_frequency,
    edits1_set,
    lexicon,
    seen_one_edit,
)

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_POSITIONS = {ch: (r, c + 0.5 * r) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}
_VOWELS = frozenset("aeiouy")

# Channel costs (-log10 probability of the slip), from the kinds of slips typists make most:
# dropped doubles, swapped neighbours and neighbouring keys are common; arbitrary letters are not.
COST_TRANSPOSE = 1.2
COST_DOUBLE = 1.0  # a doubled letter typed once, or a single letter typed twice
COST_DELETE = 1.2
COST_INSERT_NEAR = 1.9  # an extra letter next to a neighbouring key
COST_INSERT = 3.0
COST_SUB_NEAR = 1.8  # a neighbouring key, or one vowel for another
COST_SUB = 3.0
COST_SUB_SOUND = 1.2  # letters that spell the same sound: ecstacy, juise
_SAME_SOUND = frozenset(
    pair[i] + pair[1 - i]
    for pair in ("cs", "ck", "sz", "iy", "gj", "kq", "mn", "td", "bp", "fv")
    for i in (0, 1)
)
# How much a Zipf unit of frequency counts against a unit of channel cost.
FREQUENCY_WEIGHT = 1.0
COST_FIRST_LETTER = 0.8  # the first letter is rarely wrong
COST_FINAL_S = 1.5  # a plural -s added or dropped is among the commonest slips
# A word form seen in web text but not curated is often itself a frequent slip ("untill").
PLAUSIBLE_DISCOUNT = 1.5
# Prior of a form nobody has seen: a rare word, a name or jargon (Zipf 1 = 1 per 100M words).
# Short unseen forms are often abbreviations or foreign words; long ones are almost never valid.
UNSEEN_PRIOR = 0.6  # at six letters
UNSEEN_PRIOR_SLOPE = 0.3  # per letter shorter (+) or longer (-)
UNSEEN_PRIOR_RANGE = (-1.0, 1.6)
# Prefix + known word ("deescalate") is valid but rarer than the stem.
PREFIXED_DISCOUNT = 1.5
# A cache language model (Kuhn and De Mori): the article's own word frequencies are mixed into
# the general ones, so a rare word the author wrote elsewhere becomes a strong candidate while
# a common one gains little.
DOCUMENT_WEIGHT = 0.1
# Most typing slips are one edit (Damerau 1964: about 80% of misspellings), so a two-edit
# candidate pays extra unless it sounds the same as the typed form: misspellings made by ear
# ("semetary", "bycicle") often differ in two letters.
SECOND_EDIT_PENALTY = 1.0
# Spelling by ear is a second way to miss a word (a cognitive error, beside the typing slip):
# a two-edit candidate that sounds like the typed form pays no second-edit penalty and gains
# a little. The sound key is only the consonant skeleton, though, and matches any change of
# vowels: where a common word (RIVAL_MIN_ZIPF) is one edit away, a plain slip is likelier
# ("baises" for "biases", not "basis"; "voley" for "volley", not "valley"), and a two-edit
# candidate that merely sounds alike still pays three quarters of the penalty. The former
# bonus of 0.5 in every case let common two-edit words beat the one-edit slip.
SOUND_BONUS = 0.25
RIVALLED_SOUND_BONUS = -0.75
RIVAL_MIN_ZIPF = 3.0
# How much the neighbours' word-pair evidence counts. The bigram table keeps only frequent
# pairs, so a common candidate has attested pairs where a rare one has none: full weight
# would favour common words beyond the evidence.
CONTEXT_WEIGHT = 0.7
PAIR_CHANCE = 0.02  # a typical P(next | word) in general text
LIFT_LIMIT = 3.0
TEMPERATURE = 0.85
# Two-edit candidates scored per word; rarer ones cannot beat a common one-edit or two-edit word.
SHORTLIST = 25
# The curated core misses many long derived and technical words ("transmedia") that the wider
# list of forms seen in real text holds. A long unknown word with no core word one edit away is
# therefore also matched against that list, one edit away only: at eight letters and more, a
# single slip rarely lands on another seen form by chance. The list also holds names and
# frequent misspellings, so such a candidate pays a discount and must be far more frequent
# than the form as typed; a form one edit from a commoner core word is taken for a misspelling
# of that word ("untill") and never offered.
PLAUSIBLE_MIN_LENGTH = 8
PLAUSIBLE_CANDIDATE_DISCOUNT = 0.5
PLAUSIBLE_MIN_LEAD = 1.0


_ADJACENT = frozenset(
    a + b
    for a, (ra, ca) in _POSITIONS.items()
    for b, (rb, cb) in _POSITIONS.items()
    if a != b and abs(ra - rb) <= 1 and abs(ca - cb) <= 1.0
)


def adjacent_keys(a: str, b: str) -> bool:
    """Whether two letters are neighbouring keys on a QWERTY keyboard."""
    return a + b in _ADJACENT


def _sub_cost(meant: str, typed: str) -> float:
    if meant == typed:
        return 0.0
    if (meant in _VOWELS and typed in _VOWELS) or adjacent_keys(meant, typed):
        return COST_SUB_NEAR
    if meant + typed in _SAME_SOUND:
        return COST_SUB_SOUND
    return COST_SUB


def _insert_cost(typed: str, j: int) -> float:
    """Cost of the extra ``typed[j]``."""
    ch = typed[j]
    before = typed[j - 1] if j > 0 else ""
    after = typed[j + 1] if j + 1 < len(typed) else ""
    if ch in (before, after):
        return COST_DOUBLE
    if adjacent_keys(ch, before) or adjacent_keys(ch, after):
        return COST_INSERT_NEAR
    return COST_INSERT


@lru_cache(maxsize=1 << 16)
def channel_cost(typed: str, meant: str) -> float:
    """-log10 P(typed | meant): a weighted optimal-string-alignment distance."""
    if typed == meant:
        return 0.0
    if typed == meant + "s" or meant == typed + "s":
        return COST_FINAL_S
    # The unknown words of a page send hundreds of candidates here, each typed form dozens:
    # the costs that depend on the typed form only (its inserts, and each letter's
    # substitution costs against it) are computed once per typed form, and the minimum is
    # taken by comparisons (the same values as min(), without the call).
    m = len(typed)
    inserts, by_letter = _typed_costs(typed)
    compiled = speedups.compiled
    if compiled is not None:
        # The same alignment in C (textfix/_speedups.c), every row computed.
        cost: float = compiled.alignment_cost(
            typed, meant, inserts, by_letter, _sub_row, COST_DELETE, COST_DOUBLE, COST_TRANSPOSE
        )
        if typed[:1] != meant[:1]:
            cost += COST_FIRST_LETTER
        return cost
    # rows[k]: the alignment's row after the first k letters of the meant word. Row k reads
    # the meant word up to letter k + 1 only (a letter's delete cost looks at the next one), so
    # the previous word of the same typed form lends its rows up to one before the letters
    # they share (the candidates of a ranking are costed in spelling order, see
    # _candidate_scores).
    # The rows stored are never changed: a new list of them is made each time (so a thread
    # computing beside this one keeps its own).
    global _LAST_ROWS
    last_typed, last_meant, last_rows = _LAST_ROWS
    start = 0
    if last_typed == typed:
        shared = 0
        for a, b in zip(last_meant, meant, strict=False):
            if a != b:
                break
            shared += 1
        start = shared - 1 if shared > 1 else 0
        rows = last_rows[: start + 1]
    else:
        first = [0.0] * (m + 1)
        for j in range(1, m + 1):
            first[j] = first[j - 1] + inserts[j - 1]
        rows = [first]
    prev = rows[start]
    prev2: list[float] = rows[start - 1] if start else []
    before = meant[start - 1] if start else ""
    n = len(meant)
    for i in range(start, n):
        meant_ch = meant[i]
        # Leaving the letter out costs less when it is one of a doubled pair (tested here, not
        # by a call per row): ``before`` is the letter before this one, "" for the first.
        if meant_ch == before or (i + 1 < n and meant[i + 1] == meant_ch):
            delete = COST_DOUBLE
        else:
            delete = COST_DELETE
        subs = by_letter.get(meant_ch)
        if subs is None:
            subs = by_letter[meant_ch] = _sub_row(meant_ch, typed)
        left = prev[0] + delete
        row = [left]
        # A transposition needs the letter before (never one of a doubled pair) right after
        # this one in the typed form: most rows have none, and skip the test per cell.
        if before and before != meant_ch and meant_ch + before in typed:
            for j in range(1, m + 1):
                best = prev[j] + delete
                cost = left + inserts[j - 1]
                if cost < best:
                    best = cost
                cost = prev[j - 1] + subs[j - 1]
                if cost < best:
                    best = cost
                if j > 1 and typed[j - 1] == before and meant_ch == typed[j - 2]:
                    cost = prev2[j - 2] + COST_TRANSPOSE
                    if cost < best:
                        best = cost
                row.append(best)
                left = best
        else:
            # prev[j] above, prev[j - 1] diagonal: zip stops at the typed form's length.
            for insert, sub, up, diagonal in zip(inserts, subs, prev[1:], prev, strict=False):
                best = up + delete
                cost = left + insert
                if cost < best:
                    best = cost
                cost = diagonal + sub
                if cost < best:
                    best = cost
                row.append(best)
                left = best
        rows.append(row)
        prev2, prev = prev, row
        before = meant_ch
    _LAST_ROWS = (typed, meant, rows)
    cost = prev[m]
    if typed[:1] != meant[:1]:
        cost += COST_FIRST_LETTER
    return cost


def _typed_costs(typed: str) -> tuple[list[float], dict[str, list[float]]]:
    """The typed form's insert costs, and the substitution costs of each meant letter against
    its letters (filled as letters come up), kept per typed form."""
    found = _TYPED_COSTS.get(typed)
    if found is None:
        if len(_TYPED_COSTS) >= _TYPED_COSTS_SIZE:
            _TYPED_COSTS.clear()
        found = _TYPED_COSTS[typed] = ([_insert_cost(typed, j) for j in range(len(typed))], {})
    return found


def _sub_row(meant_ch: str, typed: str) -> list[float]:
    sub_costs = _SUB_COSTS
    row = []
    for typed_ch in typed:
        pair = meant_ch + typed_ch
        sub = sub_costs.get(pair)
        if sub is None:
            sub = sub_costs[pair] = _sub_cost(meant_ch, typed_ch)
        row.append(sub)
    return row


# The typed form, meant word and alignment rows of the last channel_cost computed.
_LAST_ROWS: tuple[str, str, list[list[float]]] = ("", "", [])
# _sub_cost by meant letter + typed letter, filled as pairs come up.
_SUB_COSTS: dict[str, float] = {}
_TYPED_COSTS: dict[str, tuple[list[float], dict[str, list[float]]]] = {}
_TYPED_COSTS_SIZE = 4096


_SOUND_RULES = (
    ("ph", "f"),
    ("ck", "k"),
    ("ch", "k"),
    ("sch", "sk"),
    ("gh", "g"),
    ("wh", "w"),
    ("x", "ks"),
    ("q", "k"),
    ("z", "s"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")
_LATER_VOWELS = re.compile(r"(?<=.)[aeiouy]+")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 14)
def sound_key(word: str) -> str:
    """A rough phonetic key: spellings that sound alike share it ("cemetery", "semetary")."""
    compiled = speedups.compiled
    if compiled is not None:
        # The same steps in C (textfix/_speedups.c): a ranking keys some thirty candidates,
        # and three regular expressions and ten replacements a word cost more than the rest
        # of its score.
        key: str = compiled.sound_key(word)
        return key
    key = _SOFT_C.sub("s", word)
    for written, sound in _SOUND_RULES:
        key = key.replace(written, sound)
    key = key.replace("c", "k")
    if key[:1] in "aeiouy":
        key = "a" + key[1:]
    key = _LATER_VOWELS.sub("", key)
    return _REPEATS.sub(r"\1", key)


def lift(lex: Lexicon, first: str | None, second: str | None) -> float:
    """log10 P(second | first) / P(second): how much more often the pair occurs than by chance.

    The bigram table keeps only pairs above a count, so a missing pair says "at most that
    count": evidence against a pair of common words, none about rare ones.
    """
    if not first or not second:
        return 0.0
    cache = _lift_cache(lex)
    key = (first, second)
    value = cache.get(key)
    if value is None:
        value = _lift(lex, first, second)
        if len(cache) >= _LIFT_CACHE_SIZE:
            cache.clear()
        cache[key] = value
    return value


# lift by (first, second), one dict per lexicon (kept with it to guard the id): typos.nonword's
# rounds and passes score the same pairs again, and the real-word rule the same neighbours.
# Plain floats as values: no tuple per entry for the cyclic collector to walk.
_LIFT_CACHES: dict[int, tuple[Lexicon, dict[tuple[str, str], float]]] = {}
_LIFT_CACHE_SIZE = 1 << 16


def _lift(lex: Lexicon, first: str, second: str) -> float:
    held = lex.frequencies
    frequencies = held.loaded if held is not None else None
    if frequencies is not None:
        # lex.frequency's own lookup once the frequencies are a dict, without its calls.
        za, zb = frequencies.get(first, 0.0), frequencies.get(second, 0.0)
    else:
        za, zb = lex.frequency(first), lex.frequency(second)
    if za <= 0.0 or zb <= 0.0:
        return 0.0
    expected = math.log10(lex.bigram_total) + (za - 9.0) + (zb - 9.0)
    loaded = getattr(lex.bigrams, "loaded", None)
    # lex.bigram's own lookup once the table is a dict, without its two calls.
    count = (
        (loaded.get(f"{first} {second}") or 0) if loaded is not None else lex.bigram(first, second)
    )
    if count:
        return _clamped(math.log10(count) - expected, LIFT_LIMIT)
    return _clamped(math.log10(lex.bigram_floor) - expected, 0.0)


def _clamped(value: float, high: float) -> float:
    """``max(-LIFT_LIMIT, min(high, value))`` by comparisons, as min and max compare (each
    keeps its first argument unless the second is strictly beyond it): the same float,
    without two builtin calls, for every lift."""
    value = value if value < high else high
    return value if value > -LIFT_LIMIT else -LIFT_LIMIT


def prior(lex: Lexicon, word: str) -> float:
    """How likely ``word`` is meant as typed, when it is not a core word."""
    low, high = UNSEEN_PRIOR_RANGE
    unseen = min(high, max(low, UNSEEN_PRIOR + UNSEEN_PRIOR_SLOPE * (6 - len(word))))
    best = FREQUENCY_WEIGHT * unseen
    seen = lex.frequency(word)
    if seen:
        best = max(best, FREQUENCY_WEIGHT * (seen - PLAUSIBLE_DISCOUNT))
    stem = lex.prefixed(word)
    if stem:
        best = max(best, FREQUENCY_WEIGHT * (lex.frequency(stem) - PREFIXED_DISCOUNT))
    return best


@dataclass(frozen=True)
class DocumentModel:
    """The article's own word and word-pair counts (lower case), for a cache language model."""

    words: Mapping[str, int]
    pairs: Mapping[tuple[str, str], int]
    size: int


# Slots: rankings and real-word decisions are kept in caches, and an instance without a
# __dict__ is smaller and one object fewer for the cyclic collector to walk.
@dataclass(frozen=True, slots=True)
class Scored:
    word: str
    score: float
    probability: float


def softmax(options: Sequence[tuple[str, float]], keep: int | None = None) -> list[Scored]:
    """Options ranked best first, each with its share of the probability; only the first
    ``keep`` of them when given (the shares are of all the options all the same: a caller
    that reads the best few saves making the rest)."""
    if not options:
        return []
    top = max(score for _w, score in options)
    weights = [(w, s, 10 ** ((s - top) / TEMPERATURE)) for w, s in options]
    total = sum(weight for _w, _s, weight in weights)
    ranked = sorted(weights, key=_negated_score)
    if keep is not None:
        del ranked[keep:]
    return [Scored(w, s, weight / total) for w, s, weight in ranked]


def _negated_score(item: tuple[str, float, float]) -> float:
    return -item[1]


def ranked_options(options: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """``options`` in the order :func:`softmax` ranks them (best first, ties as they came)."""
    return sorted(options, key=_negated_option_score)


def _negated_option_score(item: tuple[str, float]) -> float:
    return -item[1]


def rank_nonword(
    typed: str,
    prev: str | None = None,
    nxt: str | None = None,
    document: DocumentModel | None = None,
    *,
    max_distance: int = 2,
    lex: Lexicon | None = None,
    counted: AbstractSet[str] | None = None,
) -> list[Scored]:
    """The typed form and its candidates, ranked; ``typed`` is lower case and not a core word.

    ``counted`` (when given): the candidates whose document terms may not be 0, a superset of
    those the article writes, with an -s sibling, or beside the neighbours (see
    :func:`with_siblings`); the others' terms are not looked up.
    """
    return softmax(
        nonword_options(
            typed, prev, nxt, document, max_distance=max_distance, lex=lex, counted=counted
        )
    )


def nonword_options(
    typed: str,
    prev: str | None = None,
    nxt: str | None = None,
    document: DocumentModel | None = None,
    *,
    max_distance: int = 2,
    lex: Lexicon | None = None,
    counted: AbstractSet[str] | None = None,
) -> list[tuple[str, float]]:
    """The options :func:`rank_nonword` ranks: the typed form and its candidates, each with
    its score, in the order the ranking's ties keep."""
    lex = lex or lexicon()
    options: list[tuple[str, float]] = [(typed, prior(lex, typed))]
    near, _far = _split_candidates(lex, typed, max_distance)
    rivals = _rivalled(lex, near)
    shortlist = _shortlist(lex, typed, max_distance, document, counted)
    options += zip(
        shortlist,
        _candidate_scores(lex, typed, shortlist, len(near), prev, nxt, document, rivals, counted),
        strict=True,
    )
    if len(typed) >= PLAUSIBLE_MIN_LENGTH and not near:
        for candidate in _plausible_near(lex, typed):
            score = _plausible_score(lex, typed, candidate, prev, nxt, document)
            options.append((candidate, score))
    return options


def _candidate_score(
    lex: Lexicon,
    typed: str,
    candidate: str,
    one_edit: bool,
    prev: str | None,
    nxt: str | None,
    document: DocumentModel | None,
    *,
    rivals: bool = False,
) -> float:
    """A core candidate's score (``one_edit``: it is among the one-edit candidates;
    ``rivals``: some candidate is one edit away)."""
    score = FREQUENCY_WEIGHT * lex.frequency(candidate) - channel_cost(typed, candidate)
    if not one_edit:
        if sound_key(candidate) == sound_key(typed):
            score += RIVALLED_SOUND_BONUS if rivals else SOUND_BONUS
        else:
            score -= SECOND_EDIT_PENALTY
    score += CONTEXT_WEIGHT * (lift(lex, prev, candidate) + lift(lex, candidate, nxt))
    if document is not None:
        score += _document_boost(lex, candidate, document, typed)
        score += _pair_boost(document, prev, candidate) + _pair_boost(document, candidate, nxt)
    return score


def _candidate_scores(
    lex: Lexicon,
    typed: str,
    candidates: Sequence[str],
    one_edit: int,
    prev: str | None,
    nxt: str | None,
    document: DocumentModel | None,
    rivals: bool,
    counted: AbstractSet[str] | None = None,
) -> list[float]:
    """:func:`_candidate_score` of each of ``candidates`` (the first ``one_edit`` of them one
    edit away, the rest two), computed by the same operations in the same order, with the
    calls it makes per candidate (frequency, lift and its cache, the document's boosts)
    inlined: a ranking scores some thirty candidates, and the calls cost more than the
    arithmetic. The typed form's sound key is read once."""
    held = lex.frequencies
    # lex.frequency's own lookup once the frequencies are a dict.
    loaded = held.loaded if held is not None else None
    cache = _lift_cache(lex)
    # The channel costs in spelling order first, so that each alignment starts from the rows
    # of the word before it that their shared letters allow (see channel_cost); the loop
    # below reads them from its cache.
    for candidate in sorted(candidates):
        channel_cost(typed, candidate)
    typed_sound = sound_key(typed) if len(candidates) > one_edit else ""
    sounding = RIVALLED_SOUND_BONUS if rivals else SOUND_BONUS
    words: Mapping[str, int] = document.words if document is not None else {}
    pairs: Mapping[tuple[str, str], int] = document.pairs if document is not None else {}
    compiled = speedups.compiled
    if compiled is not None and loaded is not None:
        # The loop below made in C (textfix/_speedups.c), operation by operation: it calls
        # back for the channel costs, the sound keys, the lifts the cache lacks and the
        # document terms of the counted candidates.
        terms = None
        if document is not None:

            def terms(candidate: str) -> tuple[float, float]:
                return _document_terms(lex, document, words, pairs, typed, prev, candidate, nxt)

        found: list[float] = compiled.candidate_scores(
            typed,
            candidates,
            one_edit,
            prev or None,
            nxt or None,
            loaded,
            lex,
            cache,
            _stored_lift,
            channel_cost,
            sound_key,
            typed_sound,
            sounding,
            counted,
            terms,
            (FREQUENCY_WEIGHT, SECOND_EDIT_PENALTY, CONTEXT_WEIGHT),
        )
        return found

    def cached_lift(first: str, second: str) -> float:
        value = cache.get((first, second))
        if value is None:
            value = _lift(lex, first, second)
            if len(cache) >= _LIFT_CACHE_SIZE:
                cache.clear()
            cache[(first, second)] = value
        return value

    scores = []
    for at, candidate in enumerate(candidates):
        seen = loaded.get(candidate, 0.0) if loaded is not None else lex.frequency(candidate)
        score = FREQUENCY_WEIGHT * seen - channel_cost(typed, candidate)
        if at >= one_edit:
            if sound_key(candidate) == typed_sound:
                score += sounding
            else:
                score -= SECOND_EDIT_PENALTY
        # lift(lex, prev, candidate) and lift(lex, candidate, nxt), through the same cache.
        before = cached_lift(prev, candidate) if prev else 0.0
        after = cached_lift(candidate, nxt) if nxt else 0.0
        score += CONTEXT_WEIGHT * (before + after)
        # A candidate outside ``counted`` has document terms of 0.0 (see rank_nonword).
        if document is not None and (counted is None or candidate in counted):
            boost, sides = _document_terms(lex, document, words, pairs, typed, prev, candidate, nxt)
            score += boost
            score += sides
        scores.append(score)
    return scores


def _stored_lift(lex: Lexicon, first: str, second: str) -> float:
    """The lift the cache lacks, stored in it (as _candidate_scores's cached_lift does)."""
    cache = _lift_cache(lex)
    value = _lift(lex, first, second)
    if len(cache) >= _LIFT_CACHE_SIZE:
        cache.clear()
    cache[(first, second)] = value
    return value


def _document_terms(
    lex: Lexicon,
    document: DocumentModel,
    words: Mapping[str, int],
    pairs: Mapping[tuple[str, str], int],
    typed: str,
    prev: str | None,
    candidate: str,
    nxt: str | None,
) -> tuple[float, float]:
    """A candidate's document boost and its two pair boosts summed, as :func:`_candidate_score`
    adds them (``words`` and ``pairs`` are the document's). _document_boost is 0.0 unless the
    article writes the word or a sibling, and _pair_boost unless it writes the pair: most
    candidates read three counts and make no call."""
    count = words.get(candidate, 0)
    for sibling in (candidate + "s", candidate[:-1] if candidate.endswith("s") else ""):
        if sibling and sibling != typed:
            count += words.get(sibling, 0)
    boost = _document_boost(lex, candidate, document, typed) if count else 0.0
    left = (
        _pair_boost(document, prev, candidate) if prev and pairs.get((prev, candidate), 0) else 0.0
    )
    right = _pair_boost(document, candidate, nxt) if nxt and pairs.get((candidate, nxt), 0) else 0.0
    return boost, left + right


def _lift_cache(lex: Lexicon) -> dict[tuple[str, str], float]:
    """:func:`lift`'s cache for this lexicon."""
    entry = _LIFT_CACHES.get(id(lex))
    if entry is None or entry[0] is not lex:
        if len(_LIFT_CACHES) >= 4:
            _LIFT_CACHES.clear()
        entry = _LIFT_CACHES[id(lex)] = (lex, {})
    return entry[1]


def _rivalled(lex: Lexicon, near: Sequence[str]) -> bool:
    """Whether a common word is one edit from the typed form (see RIVALLED_SOUND_BONUS)."""
    frequency = lex.frequency
    return any(frequency(word) >= RIVAL_MIN_ZIPF for word in near)


def _plausible_score(
    lex: Lexicon,
    typed: str,
    candidate: str,
    prev: str | None,
    nxt: str | None,
    document: DocumentModel | None,
) -> float:
    """The score of a seen form outside the core (see :func:`_plausible_near`)."""
    score = (
        FREQUENCY_WEIGHT * (lex.frequency(candidate) - PLAUSIBLE_CANDIDATE_DISCOUNT)
        - channel_cost(typed, candidate)
        + CONTEXT_WEIGHT * (lift(lex, prev, candidate) + lift(lex, candidate, nxt))
    )
    if document is not None:
        score += _document_boost(lex, candidate, document, typed)
        score += _pair_boost(document, prev, candidate)
        score += _pair_boost(document, candidate, nxt)
    return score


# The cheapest slip (a doubled letter typed once): the weighted alignment pays at least this
# per edit of the plain optimal-string-alignment distance, whatever the letters.
MIN_EDIT_COST = min(
    COST_TRANSPOSE,
    COST_DOUBLE,
    COST_DELETE,
    COST_INSERT_NEAR,
    COST_INSERT,
    COST_SUB_NEAR,
    COST_SUB,
    COST_SUB_SOUND,
    COST_FINAL_S,
)
# What a two-edit candidate gains at most from sounding like the typed form (or loses less).
_SECOND_EDIT_BEST = max(SOUND_BONUS, RIVALLED_SOUND_BONUS, -SECOND_EDIT_PENALTY)
# Scores are sums of a few floats, added in another order by the bound than by the ranking:
# the typed form must lead every bound by more than their rounding.
_BOUND_MARGIN = 1e-9


def typed_stays_first(
    typed: str,
    prev: str | None,
    nxt: str | None,
    document: DocumentModel | None,
    bonus: float = 0.0,
    *,
    lex: Lexicon,
    max_distance: int = 2,
    groups: Mapping[str, str] | None = None,
    counted: AbstractSet[str] | None = None,
) -> bool:
    """Whether :func:`rank_nonword` surely puts the typed form first, strictly ahead of every
    candidate, with ``bonus`` added to the typed form's own score (as typos does for a
    capitalised word). False when not sure: the caller then ranks in full.

    Most unknown words of clean text are names and rare words that stay as typed, and for
    them the ranking's costly parts (the weighted channel, the context, the seen forms
    outside the core) only confirm it. Each candidate is first bounded cheaply: the channel
    costs at least :data:`MIN_EDIT_COST` per edit of the plain distance (plus the first-letter
    cost when the first letters differ), each side's lift at most :data:`LIFT_LIMIT`, a
    two-edit candidate's sound bonus at most :data:`SOUND_BONUS`; the document terms are read
    exactly (a few dict lookups). Only a candidate whose bound reaches the typed form's score
    has its lifts read, and then its exact score computed. A seen form outside the core is
    bounded before the test that it is no slip for a commoner core word.

    ``groups`` (en-GB -> en-US spellings): when given, the typed form and the candidates
    must each be alone in their group, so that pooling variants (typos._pool_variants)
    leaves the ranking as it is.

    ``counted``: as for :func:`rank_nonword`. With it, once a two-edit candidate the article
    does not count is bounded below the typed form, every later one is too (they come in
    order of frequency, none more frequent, and their document terms are 0.0): only the
    counted ones among them are looked at.
    """
    own = prior(lex, typed) + bonus
    limit = own - _BOUND_MARGIN
    near, _far = _split_candidates(lex, typed, max_distance)
    shortlist = _shortlist(lex, typed, max_distance, document, counted)
    plausible: tuple[str, ...] = ()
    if len(typed) >= PLAUSIBLE_MIN_LENGTH and not near:
        plausible = _plausible_seen(lex, typed)
    if groups is not None:
        forms = [typed, *shortlist, *plausible]
        # groups.get(form, form) of each, called in C.
        if len(set(map(groups.get, forms, forms))) != len(forms):
            return False
    context_most = CONTEXT_WEIGHT * LIFT_LIMIT * ((1 if prev else 0) + (1 if nxt else 0))
    frequency = lex.frequency
    count_near = len(near)
    held = lex.frequencies
    # lex.frequency's own lookup once the frequencies are a dict.
    loaded = held.loaded if held is not None else None
    first = typed[:1]
    words: Mapping[str, int] = document.words if document is not None else {}
    pairs: Mapping[tuple[str, str], int] = document.pairs if document is not None else {}
    # Only the counted two-edit candidates are left to look at (see above).
    sparse = False
    still: AbstractSet[str] = counted if counted is not None else frozenset()
    for at, candidate in enumerate(shortlist):
        if sparse and candidate not in still:
            continue
        one_edit = at < count_near  # the shortlist lists the one-edit candidates first
        seen = loaded.get(candidate, 0.0) if loaded is not None else frequency(candidate)
        bound = FREQUENCY_WEIGHT * seen + context_most
        if one_edit:
            bound -= MIN_EDIT_COST
        else:
            bound += _SECOND_EDIT_BEST - 2 * MIN_EDIT_COST
            if bound < limit and counted is not None and not sparse:
                # This bound, without the first-letter cost and the document terms, holds
                # for every later candidate the article does not count.
                sparse = True
        # _bound_with_exact_terms, inlined: its document terms are 0.0 unless the article
        # writes the candidate (or a sibling) or its pairs, as in _candidate_scores.
        if candidate[:1] != first:
            bound -= COST_FIRST_LETTER
        if document is not None and (counted is None or candidate in counted):
            boost, sides = _document_terms(lex, document, words, pairs, typed, prev, candidate, nxt)
            bound += boost
            bound += sides
        if bound < limit:
            continue
        context = CONTEXT_WEIGHT * (lift(lex, prev, candidate) + lift(lex, candidate, nxt))
        if bound - context_most + context < limit:
            continue
        score = _candidate_score(
            lex, typed, candidate, one_edit, prev, nxt, document, rivals=_rivalled(lex, near)
        )
        if score >= limit:
            return False
    for candidate in plausible:
        bound = (
            FREQUENCY_WEIGHT * (frequency(candidate) - PLAUSIBLE_CANDIDATE_DISCOUNT)
            - MIN_EDIT_COST
            + context_most
        )
        bound = _bound_with_exact_terms(bound, lex, typed, candidate, prev, nxt, document)
        if bound < limit:
            continue
        if _plausible_score(lex, typed, candidate, prev, nxt, document) < limit:
            continue
        if candidate in _plausible_near(lex, typed):
            return False  # a real rival, not a slip for a commoner core word
    return True


def _bound_with_exact_terms(
    bound: float,
    lex: Lexicon,
    typed: str,
    candidate: str,
    prev: str | None,
    nxt: str | None,
    document: DocumentModel | None,
) -> float:
    """``bound`` with the terms :func:`typed_stays_first` reads exactly for any candidate: the
    first-letter cost and the document's boosts (added in the order the score adds them)."""
    if candidate[:1] != typed[:1]:
        bound -= COST_FIRST_LETTER
    if document is not None:
        bound += _document_boost(lex, candidate, document, typed)
        bound += _pair_boost(document, prev, candidate) + _pair_boost(document, candidate, nxt)
    return bound


def _plausible_near(lex: Lexicon, typed: str) -> tuple[str, ...]:
    """Seen forms outside the core one edit from ``typed``, far more frequent than it."""
    key = (id(lex), typed)
    entry = _PLAUSIBLE_CACHE.get(key)
    if entry is not None and entry[0] is lex:
        return entry[1]
    found = tuple(other for other in _plausible_seen(lex, typed) if not _misspelling(lex, other))
    if len(_PLAUSIBLE_CACHE) >= _SPLIT_CACHE_SIZE:
        _PLAUSIBLE_CACHE.clear()
    _PLAUSIBLE_CACHE[key] = (lex, found)
    return found


def _plausible_seen(lex: Lexicon, typed: str) -> tuple[str, ...]:
    """:func:`_plausible_near` before the test for slips of commoner core words (which asks
    for each form's own candidates): sorted, a superset of its answer."""
    key = (id(lex), typed)
    entry = _SEEN_CACHE.get(key)
    if entry is not None and entry[0] is lex:
        return entry[1]
    floor = lex.frequency(typed) + PLAUSIBLE_MIN_LEAD
    held = lex.frequencies
    loaded = held.loaded if held is not None else None
    if floor > 0.0 and len(typed) > SEEN_INDEX_MIN_LENGTH and _LETTERS_ONLY.fullmatch(typed):
        # The floor is above 0, so an unseen form never passes: only the seen forms one edit
        # away can, and the index of seen forms lists them (a few table lookups, instead of
        # the few hundred one-edit strings looked up in the frequencies one by one).
        frequency = lex.frequency
        seen = {
            other for other in _outside_core(lex, seen_one_edit(typed)) if frequency(other) >= floor
        }
    elif loaded is not None and floor > 0.0:
        # As above, for a word the index cannot answer: the seen ones are picked out in C (a
        # set intersection with the dict's keys looks each edit up once), and only they are
        # compared with it and taken out of the core (the same values frequency() gives).
        edits = edits1_set(typed)
        seen = {
            other for other in _outside_core(lex, loaded.keys() & edits) if loaded[other] >= floor
        }
    else:
        frequency = lex.frequency
        seen = {
            other for other in _outside_core(lex, edits1_set(typed)) if frequency(other) >= floor
        }
    found = tuple(sorted(seen))
    if len(_SEEN_CACHE) >= _SPLIT_CACHE_SIZE:
        _SEEN_CACHE.clear()
    _SEEN_CACHE[key] = (lex, found)
    return found


def _misspelling(lex: Lexicon, form: str) -> bool:
    """Whether a seen form is one edit from a commoner core word: a slip for it, likely."""
    own = lex.frequency(form)
    return any(lex.frequency(word) > own for word, _d in lex.candidates(form, 1))


# The rounds and passes of typos.nonword ask again about the same long unknown words.
_PLAUSIBLE_CACHE: dict[tuple[int, str], tuple[Lexicon, tuple[str, ...]]] = {}
_SEEN_CACHE: dict[tuple[int, str], tuple[Lexicon, tuple[str, ...]]] = {}


def _shortlist(
    lex: Lexicon,
    typed: str,
    max_distance: int,
    document: DocumentModel | None,
    counted: AbstractSet[str] | None = None,
) -> list[str]:
    """Candidates worth scoring: every one-edit word, the commonest two-edit words, and any
    two-edit word the article itself uses (the weighted channel is the costly part).
    ``counted``: as for :func:`rank_nonword`; when it is empty, the article uses none of the
    candidates, and the rarer two-edit words are not looked up."""
    near, far = _split_candidates(lex, typed, max_distance)
    kept = list(far[:SHORTLIST])
    if document is not None and (counted is None or counted):
        # The words the article uses (a count the fixes took to 0 does not count), in C.
        kept += filter(document.words.get, far[SHORTLIST:])
    return list(near) + kept


# (lexicon, near, far) by (id(lexicon), typed, max_distance): the rounds and passes of
# typos.nonword rank the same unknown words again. The lexicon is kept to guard the id.
_SPLIT_CACHE: dict[tuple[int, str, int], tuple[Lexicon, tuple[str, ...], tuple[str, ...]]] = {}
_SPLIT_CACHE_SIZE = 4096


def _split_candidates(
    lex: Lexicon, typed: str, max_distance: int
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One-edit candidates, and two-edit ones from the commonest down."""
    key = (id(lex), typed, max_distance)
    entry = _SPLIT_CACHE.get(key)
    if entry is not None and entry[0] is lex:
        return entry[1], entry[2]
    # The standard lexicon's frequencies are the word list's, which the candidate index
    # ranks its words by: the C module sorts the far ones by those ranks, with no lookup.
    split = candidates_by_frequency(typed, max_distance) if lex is lexicon() else None
    if split is not None:
        near, far = split
    else:
        groups = candidate_groups(typed, max_distance)
        near = tuple(chain.from_iterable(groups[:2]))
        # In order of distance, then spelling: the sort below keeps that order among equals.
        two_edits = list(chain.from_iterable(groups[2:]))
        try:
            far = tuple(sorted(two_edits, key=_frequency_key(lex), reverse=True))
        except KeyError:
            far = tuple(sorted(two_edits, key=lex.frequency, reverse=True))
    if len(_SPLIT_CACHE) >= _SPLIT_CACHE_SIZE:
        _SPLIT_CACHE.clear()
    _SPLIT_CACHE[key] = (lex, near, far)
    return near, far


def ranked_candidates(
    lex: Lexicon, typed: str, max_distance: int = 2
) -> tuple[tuple[str, ...], ...]:
    """Every word :func:`typed_stays_first` and :func:`rank_nonword` may score for ``typed``,
    in groups: the one-edit and two-edit candidates, and the seen forms outside the core.

    Of the document model, the ranking reads only these words' counts (with those of their -s
    siblings, which :func:`_document_boost` adds), their pairs with the neighbours, the
    neighbours' counts and the model's size; a word the article never writes adds nothing.
    """
    near, far = _split_candidates(lex, typed, max_distance)
    if len(typed) >= PLAUSIBLE_MIN_LENGTH and not near:
        return near, far, _plausible_seen(lex, typed)
    return near, far


def with_siblings(words: Iterable[str]) -> set[str]:
    """``words`` with the forms whose -s sibling each is: a candidate whose document boost
    reads one of ``words`` (its own count, or its sibling's) is among these."""
    compiled = speedups.compiled
    if compiled is not None:
        # The same set made in C (textfix/_speedups.c): an article's few hundred words and
        # their siblings, without a comprehension step per word.
        siblings: set[str] = compiled.with_siblings(words)
        return siblings
    found = set(words)
    found.update([word[:-1] for word in found if word.endswith("s")] + [w + "s" for w in found])
    return found


def _frequency_key(lex: Lexicon) -> Callable[[str], float]:
    """A sort key with lex.frequency's values: the loaded frequency dict's own lookup when
    there is one (called in C, no method call per word), else lex.frequency. Candidates are
    core words, and every core word is in the frequency table; a word that were not would
    raise KeyError, and the caller sorts again with lex.frequency."""
    held = lex.frequencies
    loaded = held.loaded if held is not None else None
    return lex.frequency if loaded is None else loaded.__getitem__


def _document_boost(
    lex: Lexicon, word: str, document: DocumentModel, typed: str | None = None
) -> float:
    """How much the article's own use of ``word`` raises its log frequency.

    Counted over the word and its -s form together: an article that writes "replications"
    has the singular in mind as much, and which one a slip meant is for the channel and the
    neighbours to say, not for the cache. The form as typed is no evidence for its sibling.
    """
    words = document.words
    count = words.get(word, 0)
    for sibling in (word + "s", word[:-1] if word.endswith("s") else ""):
        if sibling and sibling != typed:
            count += words.get(sibling, 0)
    if not count:
        return 0.0
    general = 10 ** (lex.frequency(word) - 9.0)
    mixed = DOCUMENT_WEIGHT * count / max(document.size, 1) + (1 - DOCUMENT_WEIGHT) * general
    return math.log10(mixed / general)


def _pair_boost(document: DocumentModel, first: str | None, second: str | None) -> float:
    """The article's own word pairs as a cache bigram model: "inhumane and" seen before."""
    if not first or not second:
        return 0.0
    together = document.pairs.get((first, second), 0)
    if not together:
        return 0.0
    # P(pair | first word) in the article, mixed with a chance-level general estimate.
    share = together / max(document.words.get(first, 0), together)
    return math.log10(1 + DOCUMENT_WEIGHT * share / PAIR_CHANCE)


def correct_word(word: str) -> str:
    """The most likely intended spelling of one isolated word (case carried over)."""
    lower = word.lower()
    lex = lexicon()
    if not lower.isalpha() or lower in lex.core:
        return word
    ranked = rank_nonword(lower, lex=lex)
    return carry_case(word, ranked[0].word) if ranked else word


def carry_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the capitalisation pattern of ``original``."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# ---------------------------------------------------------------------------------------------
# Real-word errors: a valid word typed for another ("contributing to out shared security").

# log10 of the prior odds against a given real word being a slip for another (about 1 word in
# 100 is mistyped, and only some slips land on another word).
REALWORD_PRIOR = 1.2
# ... less when both neighbours attest the candidate (the pairs are in the bigram table): two
# independent witnesses.
REALWORD_PRIOR_BOTH = 0.6
# The candidate's fit with its neighbours (summed lifts) must beat the typed word's by this much:
# word frequency alone never turns a rare valid word into a common one.
REALWORD_MIN_GAIN = 0.5
# With one neighbour only (a sentence edge), the one side must say more.
REALWORD_MIN_GAIN_ONE_SIDE = 1.0
# Singular and plural, present and past, a verb and its doer ("trade", "trader") all fit most
# contexts; word pairs cannot judge agreement, so such pairs need more evidence.
INFLECTION_PENALTY = 2.0
_INFLECTION_ENDINGS = frozenset("sdr")
INFLECTION_MIN_STEM = 4
# Real-word candidates: common words one edit away. The lexicon lists them for words in the
# bigram table; shorter rare words outside it ("hae", "thun") get them on demand.
REALWORD_CANDIDATE_ZIPF = 3.0
ON_DEMAND_MAX_LENGTH = 8
# A candidate much rarer than the typed word cannot overcome the typed word's frequency and the
# prior against a slip, whatever its neighbours say; not looking its pairs up saves most of the
# real-word rule's time ("the" has a dozen rare neighbours).
REALWORD_MAX_RARER = 1.0
ON_DEMAND_MAX_ZIPF = 4.0


def realword_candidates(lex: Lexicon, typed: str) -> tuple[str, ...]:
    """Common core words one edit from ``typed``: what a real-word slip may have been meant as.

    Cached per word: the real-word rule asks about nearly every word of an article. A core
    word's answer is read from the precomputed table once a process has asked for many (see
    :func:`realword_table`).
    """
    cache = _realword_cache(lex)
    result = cache.get(typed)
    if result is None:
        table = _realword_table_for(lex)
        if table is not None and typed in lex.core_set():
            result = table.get(typed, ())
        else:
            result = _realword_candidates(lex, typed)
        if len(cache) >= _REALWORD_CACHE_SIZE:
            cache.clear()
        cache[typed] = result
    return result


def _realword_candidates(lex: Lexicon, typed: str) -> tuple[str, ...]:
    own = lex.frequency(typed)
    result = tuple(
        other
        for other in lex.confusables(typed)
        if lex.frequency(other) >= own - REALWORD_MAX_RARER
    )
    if not result and len(typed) <= ON_DEMAND_MAX_LENGTH and own < ON_DEMAND_MAX_ZIPF:
        # For a core word, frequency() and zipf[] read the same table entry.
        result = tuple(
            sorted(
                other
                for other in _in_core(lex, edits1_set(typed))
                if lex.frequency(other) >= REALWORD_CANDIDATE_ZIPF
            )
        )
    return result


# Answers computed one at a time before a process loads the precomputed table: a one-page
# article asks for a few hundred (cheaper than the load); a long run pays the load once.
REALWORD_TABLE_AFTER = 2_000
_LETTERS_ONLY = re.compile(r"[a-z]+")


def _realword_table_for(lex: Lexicon) -> dict[str, tuple[str, ...]] | None:
    """The precomputed table once loaded for this lexicon, else None (counting the answers
    computed without it, and loading it after :data:`REALWORD_TABLE_AFTER`)."""
    entry = _REALWORD_TABLES.get(id(lex))
    if entry is not None and entry[0] is lex:
        return entry[1]
    global _computed_without_table
    _computed_without_table += 1
    if _computed_without_table > REALWORD_TABLE_AFTER:
        return realword_table(lex)
    return None


def realword_words(lex: Lexicon) -> Mapping[str, tuple[str, ...]] | None:
    """The core words that have real-word candidates (with them), once the precomputed table
    is loaded for this lexicon; None before."""
    entry = _REALWORD_TABLES.get(id(lex))
    return entry[1] if entry is not None and entry[0] is lex else None


def realword_table(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    """:func:`realword_candidates` of every core word that has some, computed once per
    dictionary version and cached on disk (marshal, keyed on the dictionaries' hash and the
    parameters that decide the answers, written atomically): the real-word rule asks about
    every distinct word of every article, and a fresh word cost a table search per
    confusable, or a few hundred one-edit strings for a short rare word."""
    entry = _REALWORD_TABLES.get(id(lex))
    if entry is not None and entry[0] is lex:
        return entry[1]
    from textfix import dictionaries
    from textfix import lexicon as lexicon_module

    key = (
        f"{lexicon_module._source_key()}-r{REALWORD_MAX_RARER}-c{REALWORD_CANDIDATE_ZIPF}"
        f"-l{ON_DEMAND_MAX_LENGTH}-z{ON_DEMAND_MAX_ZIPF}"
    )
    table = dictionaries.cached_value(
        "en-realword", key, dict, _build_realword_table, valid=_sound_realword_table
    )
    _REALWORD_TABLES.clear()
    _REALWORD_TABLES[id(lex)] = (lex, table)
    return table


def _build_realword_table() -> dict[str, tuple[str, ...]]:
    """:func:`_realword_candidates` for every core word, from the source files (the same
    values the lexicon's tables hold: the frequencies as read, the confusables as built)."""
    from textfix import lexicon as lexicon_module

    core, zipf = lexicon_module._read_words()
    neighbours = lexicon_module._neighbour_items()
    core_set = frozenset(core)
    # The on-demand answers, found from the other side: a short word's candidates are the
    # common core words one edit away, and for words of letters only "one edit away" is
    # symmetric (edits1 inserts and substitutes letters only), so each common word's one-edit
    # forms list it under the core words among them. A word with another character (an
    # apostrophe) is asked directly.
    reverse: dict[str, list[str]] = {}
    for word in core:
        if (
            zipf.get(word, 0.0) >= REALWORD_CANDIDATE_ZIPF
            and len(word) <= ON_DEMAND_MAX_LENGTH + 1
            and _LETTERS_ONLY.fullmatch(word)
        ):
            for form in edits1_set(word).intersection(core_set):
                reverse.setdefault(form, []).append(word)
    table: dict[str, tuple[str, ...]] = {}
    for word in core:
        own = zipf.get(word, 0.0)
        result = tuple(
            other
            for other in neighbours.get(word, ())
            if zipf.get(other, 0.0) >= own - REALWORD_MAX_RARER
        )
        if not result and len(word) <= ON_DEMAND_MAX_LENGTH and own < ON_DEMAND_MAX_ZIPF:
            if _LETTERS_ONLY.fullmatch(word):
                near: Iterable[str] = reverse.get(word, ())
            else:
                near = (
                    other
                    for other in edits1_set(word).intersection(core_set)
                    if zipf.get(other, 0.0) >= REALWORD_CANDIDATE_ZIPF
                )
            result = tuple(sorted(near))
        if result:
            table[word] = result
    lexicon_module._built()
    return table


def _sound_realword_table(value: dict[Any, Any]) -> bool:
    # A spot check: a full one costs as much as the load it guards.
    first = next(iter(value.items()), None)
    return first is None or (isinstance(first[0], str) and isinstance(first[1], tuple))


_REALWORD_TABLES: dict[int, tuple[Lexicon, dict[str, tuple[str, ...]]]] = {}
_computed_without_table = 0


def _in_core(lex: Lexicon, forms: set[str]) -> set[str]:
    """The core words among ``forms``: one set intersection in C once the core set is loaded."""
    core = lex.core_set()
    if isinstance(core, frozenset):
        return forms.intersection(core)
    return {form for form in forms if form in core}


def _outside_core(lex: Lexicon, forms: set[str]) -> set[str]:
    """The forms that are not core words (as :func:`_in_core`, the other way)."""
    core = lex.core_set()
    if isinstance(core, frozenset):
        return forms.difference(core)
    return {form for form in forms if form not in core}


def _realword_cache(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    """:func:`realword_candidates`' answers for this lexicon, by typed word: the real-word rule
    reads it directly, so a word with no rival costs one dict lookup."""
    entry = _REALWORD_CACHES.get(id(lex))
    if entry is None or entry[0] is not lex:
        if len(_REALWORD_CACHES) >= 4:
            _REALWORD_CACHES.clear()
        entry = _REALWORD_CACHES[id(lex)] = (lex, {})
    return entry[1]


def realword_cache(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    """The words whose candidates are known, with them (read-only for callers; a word not in
    it is asked of :func:`realword_candidates`)."""
    return _realword_cache(lex)


def _side(
    lex: Lexicon,
    sides: dict[tuple[str, str, bool], tuple[bool, ...]],
    neighbour: str,
    typed: str,
    candidates: tuple[str, ...],
    before: bool,
) -> tuple[bool, ...]:
    """Whether each candidate is attested beside ``neighbour`` (before it or after it)."""
    key = (neighbour, typed, before)
    found = sides.get(key)
    if found is None:
        loaded = getattr(lex.bigrams, "loaded", None)
        if loaded is not None:
            # pair_count's own lookup, without a call per candidate.
            if before:
                keys = [f"{neighbour} {other}" for other in candidates]
            else:
                keys = [f"{other} {neighbour}" for other in candidates]
            # A missing pair reads None, which bool takes as it took the default 0: the same
            # answers, mapped in C.
            found = tuple(map(bool, map(loaded.get, keys)))
        elif before:
            found = tuple(bool(pair_count(lex, neighbour, other)) for other in candidates)
        else:
            found = tuple(bool(pair_count(lex, other, neighbour)) for other in candidates)
        if len(sides) >= _SIDE_CACHE_SIZE:
            sides.clear()
        sides[key] = found
    return found


def _side_cache(lex: Lexicon) -> dict[tuple[str, str, bool], tuple[bool, ...]]:
    entry = _SIDE_CACHES.get(id(lex))
    if entry is None or entry[0] is not lex:
        if len(_SIDE_CACHES) >= 4:
            _SIDE_CACHES.clear()
        entry = _SIDE_CACHES[id(lex)] = (lex, {})
    return entry[1]


# The candidates' attestation by (neighbour, typed word, neighbour before it), per lexicon.
_SIDE_CACHES: dict[int, tuple[Lexicon, dict[tuple[str, str, bool], tuple[bool, ...]]]] = {}
_SIDE_CACHE_SIZE = 1 << 15


def pair_count(lex: Lexicon, first: str, second: str) -> int:
    """The bigram table's count for the pair (0 when absent), cached."""
    loaded = getattr(lex.bigrams, "loaded", None)
    if loaded is not None:
        # Once the table is a dict in memory, a lookup is as cheap as any cache.
        found: int = loaded.get(f"{first} {second}", 0)
        return found
    table = _pair_cache(lex)
    key = f"{first} {second}"
    count = table.get(key)
    if count is None:
        if len(table) >= _LIFT_CACHE_SIZE:
            table.clear()
        count = table[key] = lex.bigram(first, second)
    return count


def _pair_cache(lex: Lexicon) -> dict[str, int]:
    # One cache per lexicon, kept with it to guard the id.
    entry = _PAIR_CACHES.get(id(lex))
    if entry is None or entry[0] is not lex:
        if len(_PAIR_CACHES) >= 4:
            _PAIR_CACHES.clear()
        entry = _PAIR_CACHES[id(lex)] = (lex, {})
    return entry[1]


_PAIR_CACHES: dict[int, tuple[Lexicon, dict[str, int]]] = {}
_REALWORD_CACHE_SIZE = 1 << 15
_REALWORD_CACHES: dict[int, tuple[Lexicon, dict[str, tuple[str, ...]]]] = {}


def _context(lex: Lexicon, prev: str | None, word: str, nxt: str | None) -> float:
    return lift(lex, prev, word) + lift(lex, word, nxt)


def rank_realword(
    typed: str,
    prev: str | None,
    nxt: str | None,
    *,
    lex: Lexicon | None = None,
    misfit: float = 0.0,
) -> list[Scored]:
    """The typed real word and the words it may be a slip for, ranked; [] when none compete.

    Noisy channel with a strong prior for the typed word: a candidate competes only when its
    neighbours attest it and fit it clearly better than the typed word. ``misfit`` is evidence
    against the typed word beyond word pairs (log10 odds), such as "an" before a consonant.
    """
    lex = lex or lexicon()
    return rank_realword_among(lex, typed, prev, nxt, misfit, realword_candidates(lex, typed))


def rank_realword_among(
    lex: Lexicon,
    typed: str,
    prev: str | None,
    nxt: str | None,
    misfit: float,
    candidates: tuple[str, ...],
) -> list[Scored]:
    """:func:`rank_realword` with the typed word's candidates given: exactly
    ``realword_candidates(lex, typed)``, which the real-word rule has in hand already."""
    if not candidates:
        return []
    # Which candidates the neighbours attest, kept per (neighbour, word) side: the pairs recur
    # across documents far more than the triples do.
    sides = _side_cache(lex)
    left = _side(lex, sides, prev, typed, candidates, True) if prev else None
    right = _side(lex, sides, nxt, typed, candidates, False) if nxt else None
    gain_needed = REALWORD_MIN_GAIN if prev and nxt else REALWORD_MIN_GAIN_ONE_SIDE
    options: list[tuple[str, float]] = []
    own: float | None = None
    for i, other in enumerate(candidates):
        on_left = left is not None and left[i]
        on_right = right is not None and right[i]
        if not (on_left or on_right):
            continue  # the cheap test first: most candidates never occur beside these words
        if own is None:
            own = _context(lex, prev, typed, nxt) - misfit
        # A side where the candidate is not attested (or no neighbour) adds a lift of at most
        # 0 to its fit, so the attested side alone bounds the fit from above: when that
        # already falls short, the other side's lift is never needed.
        if not on_right:
            if lift(lex, prev, other) - own < gain_needed:
                continue
        elif not on_left and lift(lex, other, nxt) - own < gain_needed:
            continue
        fit = _context(lex, prev, other, nxt)
        if fit - own < gain_needed:
            continue
        score = _rival_score(lex.frequency(other), fit, typed, other, on_left and on_right)
        options.append((other, score))
    if not options or own is None:
        return []
    options.append((typed, FREQUENCY_WEIGHT * lex.frequency(typed) + own))
    return softmax(options)


def _rival_score(frequency: float, fit: float, typed: str, other: str, both: bool) -> float:
    """A real-word rival's score: its frequency and fit with the neighbours, less the cost of
    the slip and the prior for what was typed (smaller when both neighbours attest the rival)."""
    score = FREQUENCY_WEIGHT * frequency + fit
    score -= channel_cost(typed, other) + (REALWORD_PRIOR_BOTH if both else REALWORD_PRIOR)
    if _inflected(typed, other):
        score -= INFLECTION_PENALTY
    return score


def _inflected(first: str, second: str) -> bool:
    """Whether the two words differ only in an ending: -s, -d or -r added ("plant", "plants") or
    swapped ("provides", "provided"). "the" and "they" do not: a stem of three letters is too
    short for the difference to be grammar."""
    # sorted((first, second), key=len) by one comparison (a stable sort keeps equal lengths in
    # their order).
    short, long = (second, first) if len(second) < len(first) else (first, second)
    if len(long) == len(short) + 1 and long.startswith(short):
        return long[-1] in _INFLECTION_ENDINGS and (
            len(short) >= INFLECTION_MIN_STEM or long[-1] == "s"
        )
    return (
        len(short) == len(long) > INFLECTION_MIN_STEM
        and short[:-1] == long[:-1]
        and short[-1] in _INFLECTION_ENDINGS
        and long[-1] in _INFLECTION_ENDINGS
    )


# A rival wins with probability p only if its score leads the typed word's by at least
# TEMPERATURE * log10(p / (1 - p)) (the softmax gives it at most w / (w + w_typed)); the bound
# is tested with this much to spare, far beyond the rounding of a few float sums.
_RIVAL_LEAD_MARGIN = 1e-6


class RealwordChooser(Protocol):
    """The function :func:`realword_chooser` gives."""

    def __call__(
        self,
        typed: str,
        prev: str | None,
        nxt: str | None,
        misfit: float,
        candidates: tuple[str, ...],
        min_confidence: float,
        sides: tuple[int | None, int | None] | None = None,
    ) -> Scored | None: ...


def realword_chooser(lex: Lexicon) -> RealwordChooser | None:
    """The real-word rule's decision for one word between its neighbours, as one function:
    ``choose(typed, prev, nxt, misfit, candidates, min_confidence)`` gives the winning
    candidate when it beats the typed word with at least ``min_confidence``, else None.
    ``sides``: the bigram table's counts for (prev, typed) and (typed, nxt) as the bigram
    dict's ``get`` gives them, when the caller has read them already.

    The same decision as the rule's plain path (typos._find_realword_choice: the
    both-neighbours test, :func:`rank_realword_among`, the confidence test), with the lookups
    inlined: a clean text asks this for about every other word, and most of its cost was calls
    (lift, its cache, the side cache) around a few dict lookups. It reads the bigram and
    frequency dicts directly, so it exists only once both are loaded (a long run, or after
    lexicon.preload); before that this returns None and the rule takes the plain path. The
    lifts are computed as :func:`_lift` computes them (the same operations in the same order),
    not read from its cache.
    """
    bigrams = getattr(lex.bigrams, "loaded", None)
    held = lex.frequencies
    frequencies = held.loaded if held is not None else None
    if bigrams is None or frequencies is None:
        return None
    log_total = math.log10(lex.bigram_total)
    log_floor = math.log10(lex.bigram_floor)
    compiled = speedups.compiled
    if compiled is not None:
        # The same decision in C (textfix/_speedups.c), which hands the rare word with a
        # rival that may win back to _realword_verdict. Made once per lexicon and dicts: it
        # indexes the bigram dict's keys when made (the loaded dicts never change).
        kept = _COMPILED_CHOOSERS.get(id(lex))
        if kept is not None and kept[0] is lex and kept[1] is bigrams and kept[2] is frequencies:
            return kept[3]
        chooser: RealwordChooser = compiled.Chooser(
            bigrams,
            frequencies,
            _realword_verdict,
            log_total=log_total,
            log_floor=log_floor,
            lift_limit=LIFT_LIMIT,
            min_gain=REALWORD_MIN_GAIN,
            min_gain_one_side=REALWORD_MIN_GAIN_ONE_SIDE,
            frequency_weight=FREQUENCY_WEIGHT,
            temperature=TEMPERATURE,
            lead_margin=_RIVAL_LEAD_MARGIN,
            min_edit_cost=MIN_EDIT_COST,
            prior=REALWORD_PRIOR,
            prior_both=REALWORD_PRIOR_BOTH,
            cost_first_letter=COST_FIRST_LETTER,
        )
        _COMPILED_CHOOSERS.clear()
        _COMPILED_CHOOSERS[id(lex)] = (lex, bigrams, frequencies, chooser)
        return chooser
    pair = bigrams.get
    zipf = frequencies.get
    log10 = math.log10
    lowest = -LIFT_LIMIT

    def lift_from(za: float, zb: float, count: int | None) -> float:
        # lift (its test for a missing neighbour: a frequency of 0) and _lift with the dicts
        # loaded, from both words' frequencies and the pair's count read already (as pair()
        # gives it: None when the pair is missing, which counts as 0).
        if za <= 0.0 or zb <= 0.0:
            return 0.0
        expected = log_total + (za - 9.0) + (zb - 9.0)
        # As _clamped, inlined.
        if count:
            value = log10(count) - expected
            value = value if value < LIFT_LIMIT else LIFT_LIMIT
        else:
            value = log_floor - expected
            value = value if value < 0.0 else 0.0
        return value if value > lowest else lowest

    def choose(
        typed: str,
        prev: str | None,
        nxt: str | None,
        misfit: float,
        candidates: tuple[str, ...],
        min_confidence: float,
        sides: tuple[int | None, int | None] | None = None,
    ) -> Scored | None:
        if not candidates:
            return None
        if sides is None:
            before_typed = pair(f"{prev} {typed}") if prev else None
            after_typed = pair(f"{typed} {nxt}") if nxt else None
        else:
            before_typed, after_typed = sides
        if not misfit and before_typed and after_typed:
            return None  # attested with both neighbours: no evidence against the typed word
        # Which candidates each neighbour attests (None: no neighbour on that side), with
        # the pairs' counts, which their lifts read below. Built by loops in this frame: a
        # list comprehension here is a closure made and called per side, which cost more than
        # the three or so lookups it makes.
        left: list[int | None] | None = None
        right: list[int | None] | None = None
        if prev:
            left = []
            for other in candidates:
                left.append(pair(f"{prev} {other}"))
        if nxt:
            right = []
            for other in candidates:
                right.append(pair(f"{other} {nxt}"))
        if not (left and any(left)) and not (right and any(right)):
            return None  # no candidate occurs beside these words: nothing competes
        gain_needed = REALWORD_MIN_GAIN if prev and nxt else REALWORD_MIN_GAIN_ONE_SIDE
        # Each word's frequency and each pair's count is read once; a missing neighbour has
        # a lift of 0 with any word, as a frequency of 0 gives.
        z_prev = zipf(prev, 0.0) if prev else 0.0
        z_next = zipf(nxt, 0.0) if nxt else 0.0
        z_typed = 0.0
        # The candidates that pass the fit test, with what their scores read.
        fitting: list[tuple[str, float, float, bool]] = []
        # Whether one of them may win (see _RIVAL_LEAD_MARGIN): most never can, and the
        # channel cost and the softmax are left out for them.
        contender = not 0.0 < min_confidence < 1.0
        needed = 0.0
        own: float | None = None
        for i, other in enumerate(candidates):
            count_left = left[i] if left is not None else None
            count_right = right[i] if right is not None else None
            on_left = bool(count_left)
            on_right = bool(count_right)
            if not (on_left or on_right):
                continue
            if own is None:
                z_typed = zipf(typed, 0.0)
                own = (
                    lift_from(z_prev, z_typed, before_typed)
                    + lift_from(z_typed, z_next, after_typed)
                    - misfit
                )
                if not contender:
                    needed = (
                        FREQUENCY_WEIGHT * z_typed
                        + own
                        + TEMPERATURE * math.log10(min_confidence / (1.0 - min_confidence))
                        - _RIVAL_LEAD_MARGIN
                    )
            z_other = zipf(other, 0.0)
            # As rank_realword_among: the attested side alone bounds the fit from above.
            before = lift_from(z_prev, z_other, count_left)
            if not on_right:
                if before - own < gain_needed:
                    continue
                after = lift_from(z_other, z_next, count_right)
            else:
                after = lift_from(z_other, z_next, count_right)
                if not on_left and after - own < gain_needed:
                    continue
            fit = before + after
            if fit - own < gain_needed:
                continue
            both = on_left and on_right
            fitting.append((other, z_other, fit, both))
            if not contender:
                # At most the score _rival_score gives: a slip costs MIN_EDIT_COST at least
                # (and COST_FIRST_LETTER more when the first letters differ), and the
                # inflection penalty only lowers it.
                floor = MIN_EDIT_COST + (REALWORD_PRIOR_BOTH if both else REALWORD_PRIOR)
                if other[:1] != typed[:1]:
                    floor += COST_FIRST_LETTER
                contender = FREQUENCY_WEIGHT * z_other + fit - floor >= needed
        if not contender or not fitting or own is None:
            return None
        return _realword_verdict(typed, fitting, z_typed, own, min_confidence)

    return choose


# The compiled chooser of the lexicon last asked about, with the dicts it was made from.
_COMPILED_CHOOSERS: dict[
    int, tuple[Lexicon, dict[str, int], dict[str, float], RealwordChooser]
] = {}


def _realword_verdict(
    typed: str,
    fitting: list[tuple[str, float, float, bool]],
    z_typed: float,
    own: float,
    min_confidence: float,
) -> Scored | None:
    """The chooser's last step, for a word with a rival that may win: the candidates that fit
    (each with its frequency, its fit and whether both neighbours attest it) scored against
    the typed word, and the winner when it is not the typed word and is sure enough."""
    options = [
        (other, _rival_score(z_other, fit, typed, other, both))
        for other, z_other, fit, both in fitting
    ]
    options.append((typed, FREQUENCY_WEIGHT * z_typed + own))
    best = softmax(options)[0]
    if best.word == typed or best.probability < min_confidence:
        return None
    return best
