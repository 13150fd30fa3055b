"""Which language a text or a line is in, from word frequencies kept as data.

A small naive-Bayes model over the most frequent words of each language in
``dictionaries/languages/``. It is accurate on paragraphs and usable on headline-length lines,
which is what chrome stripping and the typo guard need; it never needs the network.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import cast

from textfix import dictionaries, speedups
from textfix.dictionaries import Table

_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# Below the least frequent listed word: a word outside a language's list is rare in it.
_UNLISTED_PENALTY = 1.0


@dataclass(frozen=True)
class LanguageGuess:
    code: str | None
    confidence: float
    words: int


@dataclass(frozen=True)
class _Profile:
    code: str
    log_freq: dict[str, float]
    floor: float


Rows = tuple[tuple[int, float], ...]

_MODEL_VERSION = 1
# Keys of the model table that are not words (a word never contains NUL).
_CODES_KEY = "\x00codes"
_FLOORS_KEY = "\x00floors"
# Words looked up once stay in memory: a batch run soon asks only about words it has seen. The
# bound keeps a run over endless distinct tokens from growing without limit; most entries are
# words no profile lists (an empty tuple and a zero mask, shared), ~150 bytes each. At 2**15 a
# batch of web pages filled it every ~150 documents and looked its frequent words up again.
_MEMO_LIMIT = 1 << 16
_memo: dict[str, Rows] = {}
# Bit i set: the profile at position i lists the word (what known_share asks).
_masks: dict[str, int] = {}


def _profiles() -> tuple[_Profile, ...]:
    profiles = []
    for name in _profile_files():
        code = name.rsplit("/", 1)[-1].removesuffix(".tsv")
        table: dict[str, float] = {}
        for line in dictionaries.entries(name):
            word, _, zipf = line.partition("\t")
            table[word] = float(zipf)
        floor = min(table.values()) - _UNLISTED_PENALTY
        profiles.append(_Profile(code, table, floor))
    return tuple(profiles)


@cache
def _profile_files() -> tuple[str, ...]:
    return tuple(dictionaries.listing("languages", ".tsv"))


def _model_items() -> Iterator[tuple[str, str]]:
    """All profiles merged: each word maps to the profiles that list it and how far above the
    profile's floor it stands, so scoring a word costs one lookup and a few additions."""
    profiles = _profiles()
    boosts: dict[str, list[str]] = {}
    for position, profile in enumerate(profiles):
        for word, zipf in profile.log_freq.items():
            # repr: the float read back is the one computed here, bit for bit.
            boosts.setdefault(word, []).append(f"{position}:{zipf - profile.floor!r}")
    yield _CODES_KEY, " ".join(p.code for p in profiles)
    yield _FLOORS_KEY, " ".join(repr(p.floor) for p in profiles)
    for word, rows in boosts.items():
        yield word, " ".join(rows)


@cache
def _table() -> Table:
    # Parsing the profiles cost more than the rest of a one-article run, and even unmarshalling
    # the merged model tens of milliseconds; a memory-mapped table (keyed on the profiles' names
    # and hashes, rebuilt when it fails to load) opens in microseconds and is read a word at a
    # time. One hash over all the profiles keeps the file name short.
    sources = "\n".join(f"{name}:{dictionaries.digest(name)}" for name in _profile_files())
    # Two zlib checksums (64 bits) of hashes already made: hashlib would load OpenSSL (~5 ms) on
    # every run just for this key.
    encoded = sources.encode()
    digest = f"{zlib.crc32(encoded):08x}{zlib.adler32(encoded):08x}"
    key = f"v{_MODEL_VERSION}-p{_UNLISTED_PENALTY}-{digest}"
    table = dictionaries.cached_table("languages", key, _model_items)
    if table.get(_CODES_KEY) is None or table.get(_FLOORS_KEY) is None:
        raise dictionaries.DictionaryError("the language model has no list of languages")
    return table


@cache
def _header() -> tuple[tuple[str, ...], tuple[float, ...]]:
    table = _table()
    codes = tuple((table.get(_CODES_KEY) or "").split(" "))
    floors = tuple(float(f) for f in (table.get(_FLOORS_KEY) or "").split(" "))
    return codes, floors


def _rows(word: str) -> Rows:
    """The profiles that list ``word``, with its boost in each; empty when none does."""
    return _rows_and_mask(word)[0]


def _rows_and_mask(word: str) -> tuple[Rows, int]:
    """:func:`_rows` and their mask (bit i: the profile at position i lists ``word``)."""
    raw = _table().get(word)
    if raw is None:
        return (), 0
    # "position:boost position:boost": the numbers cut out and converted by map in C, not a
    # call per row (a run looks a few thousand new words up in every few documents).
    fields = raw.replace(":", " ").split(" ")
    positions = list(map(int, fields[::2]))
    rows = tuple(zip(positions, map(float, fields[1::2]), strict=True))
    return rows, sum(map((1).__lshift__, positions))


def _memo_rows(word: str) -> Rows:
    """:func:`_rows`, kept (with the word's mask) for the words of a run.

    Sparse: a word is listed by few profiles, and adding its boosts to those alone costs less
    than adding a dense vector over every profile (measured: 2% of a whole batch run).
    """
    rows = _memo.get(word)
    if rows is None:
        rows, mask = _rows_and_mask(word)
        if len(_memo) >= _MEMO_LIMIT:
            _memo.clear()
            _masks.clear()
        _memo[word] = rows
        _masks[word] = mask
    return rows


def _mask(word: str) -> int:
    mask = _masks.get(word)
    if mask is None:
        _memo_rows(word)
        mask = _masks[word]
    return mask


def languages() -> tuple[str, ...]:
    return _header()[0]


def _latin1_words(text: str, errors: str = "strict") -> list[str] | None:
    """The lower-cased words of a Latin-1 ``text`` without apostrophes; None for other text.

    Without an apostrophe a word is a run of letters; in Latin-1 text (English, German, French,
    Spanish...) the runs are cut and lower-cased by one byte table, in C: several times cheaper
    than the regex. (Latin-1 letters lower-case to Latin-1 letters, one for one and whatever
    stands around them.)
    """
    try:
        data = text.encode("latin-1", errors)
    except UnicodeEncodeError:
        return None
    return data.translate(_LATIN1_WORDS).decode("latin-1").split()


def _has_apostrophe(text: str) -> bool:
    """Whether ``text`` has an apostrophe a word may hold ("'" or "’")."""
    return "'" in text or "’" in text


def _latin1_apostrophe_words(text: str, errors: str = "strict") -> list[str] | None:
    """``_tokens`` of a Latin-1 ``text`` with apostrophes ("'" or "’": "don't", "l’homme",
    'the ‘best’ one'); None for other text (the regex reads it).

    The typographic apostrophe is not Latin-1: it stands in the bytes as \x01 (a text holding
    \x01 itself is left to the regex). The byte table lower-cases letters, keeps both marks and
    makes the rest spaces. A mark joins two letters into one word, as in the regex; beside a
    space or another mark, or at either end, it joins nothing and becomes a space. The runs
    left are the regex's words.
    """
    if "\x01" in text:
        return None
    marked = text.replace("’", "\x01") if "’" in text else text
    try:
        data = marked.encode("latin-1", errors)
    except UnicodeEncodeError:
        return None
    cut = _STRAY_MARK_RE.sub(b" ", data.translate(_LATIN1_APOSTROPHE_WORDS))
    words = cut.decode("latin-1")
    if "\x01" in words:
        words = words.replace("\x01", "’")
    return words.split()


def _fast_words(text: str) -> list[str] | None:
    """The regex's words of ``text``, lower-cased, cut by a byte table; None for a text with
    letters (or digits) outside Latin-1, which the regex reads.

    Other characters outside Latin-1 (emoji, arrows, symbols: one anywhere in an article's
    longest lines sent the whole text to the regex) separate words as a space does: encoded
    as "?", which the table makes a space, they leave every word as it was.
    """
    words = _latin1_apostrophe_words(text) if _has_apostrophe(text) else _latin1_words(text)
    if words is None and _NON_LATIN1_WORD_CHAR_RE.search(text) is None:
        if _has_apostrophe(text):
            return _latin1_apostrophe_words(text, "replace")
        return _latin1_words(text, "replace")
    return words


# A character outside Latin-1 that the regex reads as part of a word (\w).
_NON_LATIN1_WORD_CHAR_RE = re.compile(r"[^\x00-\xff\W]")


# Latin-1 byte -> itself lower-cased if it is a letter (as ``[^\W\d_]`` reads one), else a space.
_LATIN1_WORDS = bytes(
    ord(chr(code).lower()) if chr(code).isalnum() and not chr(code).isdecimal() else 0x20
    for code in range(256)
)


# _LATIN1_WORDS, the apostrophe and its stand-in \x01 kept.
_LATIN1_APOSTROPHE_WORDS = bytes(
    code if code in (0x27, 0x01) else byte for code, byte in enumerate(_LATIN1_WORDS)
)
# A mark with no letter before it (a space, a mark or the start) or none after it: it joins
# no two letters. Found in one pass over the bytes (the lookarounds read them as they were,
# before any mark is replaced); a pass per pair of neighbours cost several times more.
_STRAY_MARK_RE = re.compile(rb"['\x01](?:(?<![^ '\x01]['\x01])|(?![^ '\x01]))")


# Typographic marks outside Latin-1 that are neither letters nor the apostrophe a word may hold:
# a space in their place leaves every word as it was, and the text is Latin-1 more often.
SEPARATOR_MARKS = "“”„‚‘–—…•‹›€™"


def spaced(text: str, marks: str = SEPARATOR_MARKS, by: str = " ") -> str:
    """``text`` with each of ``marks`` it holds replaced by a space (or by ``by``, one
    character: so of the same length): a text whose only characters outside Latin-1 are such
    marks can take a byte-table path."""
    for mark in marks:
        if mark in text:
            text = text.replace(mark, by)
    return text


# Characters a head of a long text is given per word asked for: a word and its space take about
# six on average, and a head holding a word more than asked for is read instead of the text.
_HEAD_CHARS_PER_WORD = 8


def _tokens(text: str, limit: int | None = None) -> list[str]:
    """The lower-cased words of ``text``, the first ``limit`` of them when given."""
    if limit is not None and len(text) > _HEAD_CHARS_PER_WORD * limit:
        # A long text asked about its first words (a paragraph voting on the article's
        # language, an article's longest lines): a head with a word more than the limit holds
        # them whole, cut as the whole text would cut them, and the byte table is much cheaper
        # than the regex over them. (spaced keeps each character's place: the head of the
        # spaced text is the spaced head.)
        head = text[: _HEAD_CHARS_PER_WORD * limit]
        fast = _fast_words(head if head.isascii() else spaced(head))
        if fast is not None and len(fast) > limit:
            return fast[:limit]
    else:
        fast = []
    if not text.isascii():
        text = spaced(text)
    # (A head with letters outside Latin-1 leaves the whole text to the regex.)
    if fast is not None:
        fast = _fast_words(text)
        if fast is not None:
            return fast if limit is None else fast[:limit]
    # A word takes at least one character and a separator: a short text cannot have more than
    # the limit, and findall is cheaper than a stoppable scan.
    if limit is None or (len(text) + 1) // 2 <= limit:
        words = _WORD_RE.findall(text)
    else:
        # findall over the head first: when it finds more words than the limit, the first ones
        # ended before the next began, inside the head, and are the whole text's (a stoppable
        # scan builds a match object per word, five times the cost).
        words = _WORD_RE.findall(text, 0, 16 * limit)
        if len(words) > limit:
            words = words[:limit]
        else:
            words = [m.group() for m in itertools.islice(_WORD_RE.finditer(text), limit)]
    # Word by word: a word's end bounds the context of a final sigma as the space between
    # joined words did, and lower() on a short word is cheap where one lower() over a long
    # text with a "’" in it (two bytes a character) took most of the time.
    return list(map(str.lower, words))


@lru_cache(maxsize=8192)
def known_share(text: str, code: str) -> float:
    """The share of ``text``'s words that are among the frequent words of language ``code``.

    A cheap first look: a line where most words are frequent words of the article's language is
    in that language, and the full guess can be skipped.
    """
    tokens = _tokens(text)
    if not tokens:
        return 0.0
    try:
        position = _header()[0].index(code)
    except ValueError:
        return 0.0  # a language with no profile
    # The masks tested by map in C, not by a Python loop over the words: each test gives 0 or
    # the language's bit, and their sum is that bit times the words it lists.
    listed = sum(map((1 << position).__and__, _masks_of(tokens))) >> position
    return listed / len(tokens)


def _masks_of(tokens: list[str]) -> list[int]:
    """Each token's mask (the profiles that list it), fetched by map in C when all are known."""
    found = list(map(_masks.get, tokens))
    if None not in found:
        return cast("list[int]", found)
    return [
        _mask(token) if mask is None else mask for token, mask in zip(tokens, found, strict=True)
    ]


# Guesses are cached for texts up to this length: several rules ask about the same line or
# article, while a longer text is a chunk of a huge input that is asked about once, and 2048 of
# those would keep hundreds of megabytes alive.
_CACHED_TEXT_CHARS = 32_768


def detect(text: str, *, max_words: int = 400) -> LanguageGuess:
    """The most likely language of ``text``; ``code`` is None when there is no evidence."""
    if len(text) <= _CACHED_TEXT_CHARS:
        return _cached_detect(text, max_words)
    return _detect(text, max_words)


def clear_cache() -> None:
    """Forget every cached guess (tests that rebuild the language model call this)."""
    _cached_detect.cache_clear()
    known_share.cache_clear()


def _detect(text: str, max_words: int) -> LanguageGuess:
    # Only the first ``max_words`` words count: stop scanning there (a document's prose is long).
    tokens = _tokens(text, max_words)
    if not tokens:
        return LanguageGuess(None, 0.0, 0)
    codes, floors = _header()
    compiled = speedups.compiled
    if compiled is not None:
        # The same loop in C (textfix/_speedups.c).
        scores, evidence = compiled.language_scores(tokens, _memo, _memo_rows, floors)
    else:
        scores, evidence = _scores(tokens, floors)
    if evidence == 0:
        return LanguageGuess(None, 0.0, len(tokens))
    best, best_score, runner_up = _leaders(scores, codes)
    # Margin in log10 units per word, squashed to (0, 1): a clear lead on a few words is enough.
    margin = best_score - runner_up
    confidence = 1.0 - math.exp(-margin / 2.0)
    return LanguageGuess(best, round(confidence, 4), len(tokens))


_cached_detect = lru_cache(maxsize=2048)(_detect)


def _scores(tokens: list[str], floors: tuple[float, ...]) -> tuple[list[float], int]:
    """Each profile's score of ``tokens``, and how many of them some profile lists."""
    # Every word scores each profile's floor; listed words add their lead over that floor.
    scores = [floor * len(tokens) for floor in floors]
    evidence = 0
    memo = _memo
    for token in tokens:
        rows = memo.get(token)
        if rows is None:
            rows = _memo_rows(token)
        if not rows:
            continue
        evidence += 1
        for position, boost in rows:
            scores[position] += boost
    return scores, evidence


def _leaders(scores: list[float], codes: tuple[str, ...]) -> tuple[str, float, float]:
    """The best code, its score and the runner-up's score (the best's less 10 when alone):
    ``sorted(zip(scores, codes), reverse=True)``'s first code and first two scores.

    The scores are sorted alone (floats compare in C, pairs compared as tuples cost several
    times more); among equal best scores the pairs' order puts the highest code first.
    """
    ordered = sorted(scores)
    best_score = ordered[-1]
    runner_up = ordered[-2] if len(ordered) > 1 else best_score - 10.0
    if runner_up == best_score:
        best = max(code for score, code in zip(scores, codes, strict=True) if score == best_score)
    else:
        best = codes[scores.index(best_score)]
    return best, best_score, runner_up


# A text this short gives the detector too few words to be sure of anything: a one-line document
# ("Demographic variables.") comes out with no language or a wrong one.
SHORT_TEXT_WORDS = 8
# Below this the detector's verdict on a short text is a guess.
SURE_CONFIDENCE = 0.5
# Share of the words that must be known words of the language for a short text to be taken as
# written in it. Word lists borrow heavily ("la", "son", "chat" are English words too), so the
# share must also beat the detector's own pick on its frequent words.
KNOWN_SHARE = 0.6


def short_text_in(text: str, code: str, known: AbstractSet[str]) -> bool:
    """Whether a short ``text`` the detector is unsure of is in language ``code``, judged by the
    share of its words in ``known`` (that language's full word list).

    Only for texts of at most :data:`SHORT_TEXT_WORDS` words where :func:`detect` finds no
    language or an unsure one; its share of known words must reach :data:`KNOWN_SHARE` and
    exceed the share of the detector's pick among that language's frequent words, so a short
    line in another language, whose words the word list may well hold, is not taken for it.
    """
    tokens = _tokens(text, SHORT_TEXT_WORDS + 1)
    if not tokens or len(tokens) > SHORT_TEXT_WORDS:
        return False
    guess = detect(text)
    if guess.code == code:
        return True
    if guess.code is not None and guess.confidence >= SURE_CONFIDENCE:
        return False
    share = sum(token in known for token in tokens) / len(tokens)
    if share < KNOWN_SHARE:
        return False
    return guess.code is None or share > known_share(text, guess.code)
