"""Phase 3: correct typos in context, leaving names, acronyms and other languages alone.

All typo rules see the same text. Each word is first looked up in the curated core set (the
fast path); only words outside it, and real words that fit their neighbours badly, reach the
noisy-channel model in :mod:`textfix.spelling`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, islice, pairwise, repeat
from operator import is_not, ne, not_
from typing import Any, NamedTuple, TypeVar

from textfix import language, lexicon, speedups, spelling
from textfix.document import Document
from textfix.model import Edit, Span
from textfix.rules.base import Context, Rule, rule
from textfix.tokens import WORD_RE

K = TypeVar("K")
V = TypeVar("V")

_APOSTROPHES = "'\u2019"
_HAS_APOSTROPHE = re.compile(f"[{_APOSTROPHES}]")
_SENTENCE_END = re.compile(r"[.!?\u2026:;]")
# Between two words of one phrase there is only space (and a quote or bracket may open).
_JOINING_GAP = re.compile(r"[ \t]+")
_ASCII_WORD = re.compile(r"[a-z]+")
_WORD_SPLIT = re.compile(f"({WORD_RE.pattern})").split
# Line ends as Document.lines cuts them.
_LINE_END = re.compile(r"\r\n|\r|\n")
# Two-letter slips ("te", "fo", "Te") are common; a short capitalised form before a full stop
# is an abbreviation.
MIN_LENGTH = 2
MIN_CAPITALISED_LENGTH = 2
ABBREVIATION_LENGTH = 3
# Capitalised words at a sentence start are often names: they need this much more evidence.
CAPITALISED_PRIOR = 1.4
# A capitalised word mid-sentence is a name unless nobody has ever written it (it is in no word
# list, not even among the rare forms) and the article writes it only once: then it may be a
# slip in a title or a proper adjective ("Unied States", "Japanse"), with this much more
# evidence still needed than at a sentence start.
NAME_PRIOR = 0.5
NAME_MIN_LENGTH = 4
# Only words long enough to carry evidence are corrected beside a hyphen ("e-mail", "pre-war").
HYPHEN_MIN_LENGTH = 5
# An uncommon word the article uses more than once is meant, not a slip.
REPEATED_ZIPF = 4.5
# A capitalised unknown word this frequent in the word list, and less than SEEN_NAME_GAP
# rarer than its best candidate, is taken for a name and only suggested (_seen_name).
SEEN_NAME_ZIPF = 2.5
SEEN_NAME_GAP = 3.5
# A lower-case word between two capitalised words that real text writes this often (once in
# a hundred thousand words: "von", "da", "bin") is taken for a particle of a name; slips that
# common are rare ("teh" is written about once in a million words).
NAME_PARTICLE_ZIPF = 3.5
# Particles are short, and a name holds two of them at most ("von der", "de la").
NAME_PARTICLE_LENGTH = 3
NAME_PARTICLE_RUN = 2
NAME_PARTICLE_MAX_ZIPF = 6.0
REALWORD_MIN_CONFIDENCE = 0.85
# "an" before a word spelt with a consonant is an agreement English almost never breaks (the
# silent h of "an hour" and letters read by name, as in "an MBA" or "an x-ray", aside): log10
# odds against "an" being meant there.
ARTICLE_MISFIT = 2.0
_ARTICLE = "an"
# A dot after a word with more of the line after it (a quotation or a bracket may open it): an
# abbreviation's dot, or a sentence's end.
_ABBREVIATION_DOT = re.compile(r"\. +[\"'(\[\u201c\u2018\u00ab]*[^\W\d_]")
# What joins the pieces of a file name, a path, a type or a masked word (see _glued).
_GLUE_BEFORE = "./*"
_GLUE_AFTER = "/*"
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
_CONSONANT_START = re.compile(r"[b-df-gj-np-tv-z][a-z]+")
SUGGEST_FLOOR = 0.3
# An unknown word the text writes, letter for letter, in this many different places (beside
# other words) is meant: a name, a term, a unit, a word of another language. Slips are rarely
# repeated exactly, so its fix is only suggested (once, at its first use), with at most this
# confidence. A quotation printed twice (in the lead and in the body) repeats its slip with
# its neighbours: that counts as one place.
REPEATED_UNKNOWN = 3
SUGGESTION_CONFIDENCE = 0.5
MAX_ROUNDS = 5
ALTERNATIVE_SHARE = 1 / 3
MAX_CONFIDENCE = 0.99


class Word(NamedTuple):
    """One word of the document and what the rules need to know about its place.

    A named tuple rather than a frozen dataclass: one is built for every word of every
    document, and tuple construction is several times cheaper.
    """

    text: str
    start: int
    end: int
    line: int
    prev: str | None  # the neighbouring word in the same phrase, lower case
    next: str | None
    initial: bool  # first word of a sentence, line or quotation
    hyphenated: bool
    dotted: bool  # followed by a full stop, as abbreviations are ("Fr.", "Gen.")

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Analysis:
    """The document's words, held by column: one list per field, built with C-level list
    operations per line rather than a record per word. Most words of a clean text are read
    by one rule as one string and never again; :meth:`word` builds the full record for the few
    a rule looks at closely."""

    texts: list[str]  # each word as written
    lowers: list[str]
    prevs: list[str | None]  # the neighbouring word in the same phrase, lower case
    nexts: list[str | None]
    starts: list[int]
    ends: list[int]
    line_of: list[int]  # the line index of each word
    befores: list[str]  # the gap before each word (the line's start: its leading gap)
    afters: list[str]  # the gap after each word (the line's end: ".")
    firsts: frozenset[int]  # the words that open a line
    hyphens: frozenset[int]  # the words with a hyphen before or after them
    vocabulary: Counter[str]  # lower-case forms written in lower case
    names: Counter[str]  # lower-case forms seen capitalised mid-sentence or in capitals
    capitalised: Counter[str]  # lower-case forms seen with a capital anywhere

    def initial(self, index: int) -> bool:
        """First word of a sentence, line or quotation."""
        return _opens(self.befores, self.firsts, index)

    def hyphenated(self, index: int) -> bool:
        return index in self.hyphens

    def word(self, index: int) -> Word:
        return Word(
            self.texts[index],
            self.starts[index],
            self.ends[index],
            self.line_of[index],
            self.prevs[index],
            self.nexts[index],
            self.initial(index),
            self.hyphenated(index),
            self.afters[index].startswith("."),
        )

    @property
    def words(self) -> tuple[Word, ...]:
        """Every word's record (for tests and tools: the rules read the columns)."""
        return tuple(map(self.word, range(len(self.texts))))


def _is_english(doc: Document) -> bool:
    if doc.language == "en":
        return True
    # A one-line text is too short for the detector: its share of known English words decides,
    # unless the caller named the language.
    return doc.language_hint is None and language.short_text_in(
        doc.text, "en", lexicon.core_words()
    )


# The rules of one pass share the analysis of its document; the next pass starts a new one. A
# long document's analysis holds a tuple per word, so only the latest two are kept.
@lru_cache(maxsize=2)
def analyse(doc: Document) -> Analysis:
    compiled = speedups.compiled
    columns: tuple[list[bool], AnalysisFields] = (
        compiled.word_columns if compiled is not None else _columns
    )(doc.text)
    written_lower, fields = columns
    texts, lowers, befores, firsts = fields[0], fields[1], fields[7], fields[9]
    counts: tuple[Counter[str], Counter[str], Counter[str]] = (
        compiled.word_counts(texts, lowers, written_lower, befores, firsts, Counter)
        if compiled is not None
        else _counts(texts, lowers, written_lower, befores, firsts)
    )
    return Analysis(*fields, *counts)


def _counts(
    texts: list[str],
    lowers: list[str],
    written_lower: list[bool],
    befores: list[str],
    firsts: frozenset[int],
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """The analysis's vocabulary, names and capitalised counts, the plain way
    (textfix/_speedups.c's word_counts counts the same, key by key in the same order)."""
    vocabulary = Counter(compress(lowers, written_lower))
    name_forms: list[str] = []
    capital_forms: list[str] = []
    for index in compress(range(len(texts)), map(not_, written_lower)):
        word = texts[index]
        lower = lowers[index]
        upper_first = word[0].isupper()
        if upper_first:
            capital_forms.append(lower)
        if (upper_first and not _opens(befores, firsts, index)) or (
            len(word) > 1 and word.isupper()
        ):
            name_forms.append(_base(lower))
    return vocabulary, Counter(name_forms), Counter(capital_forms)


def _opens(befores: list[str], firsts: frozenset[int], index: int) -> bool:
    """Whether the word at ``index`` is the first of a sentence, line or quotation."""
    if index in firsts:
        return True
    before = befores[index]
    return before != " " and _SENTENCE_END.search(before) is not None


# The fields of an Analysis that its text alone decides, in order (texts, lowers, prevs, nexts,
# starts, ends, line_of, befores, afters, firsts, hyphens).
AnalysisFields = tuple[
    list[str],
    list[str],
    list[str | None],
    list[str | None],
    list[int],
    list[int],
    list[int],
    list[str],
    list[str],
    frozenset[int],
    frozenset[int],
]


def _columns(text: str) -> tuple[list[bool], AnalysisFields]:
    """Whether each word is written in lower case, and the analysis's fields, the plain way
    (textfix/_speedups.c's word_columns computes the same in one pass)."""
    # The hot loop of the phase (every word of every document): the whole text is split into
    # gaps and words by one C call, and every column is built with list operations over all
    # the words at once (a page has hundreds of short lines, and work per line cost more than
    # the words); only the gaps with a line break in them, and the words with a capital (for
    # the name counts), are visited one by one. WORD_RE never matches a line break, so the
    # words are those of the lines, split one line at a time, and each gap with a break in it
    # is the end of one line and the start of a later one.
    # [gap, word, gap, word, ..., gap]
    parts = _WORD_SPLIT(text)
    count = len(parts) // 2
    texts: list[str] = parts[1::2]
    gaps: list[str] = parts[0::2]
    lowers = list(map(str.lower, texts))
    written_lower = list(map(str.islower, texts))
    # Offsets: word i runs from offsets[2i + 1] to offsets[2i + 2].
    offsets = list(accumulate(map(len, parts), initial=0))
    starts = offsets[1:-1:2]
    ends = offsets[2::2]
    # befores[i]: the gap before word i within its line (a line's first word: the line's
    # leading gap); afters[i]: the gap after it (a line's last word: "." for the line's end).
    befores = gaps[:count]
    afters = gaps[1:]
    if count:
        afters[-1] = "."
    firsts = [0] if count else []
    line_of: list[int] = []
    line = 0
    done = 0  # words whose line is known
    carriage = "\r" in text
    # The gaps with a line break in them, in order: found from the text's few breaks.
    breaking: Iterable[int] = _gaps_holding(text, offsets, "\n")
    if carriage:
        breaking = (i for i, gap in enumerate(gaps) if "\n" in gap or "\r" in gap)
    for at in breaking:
        gap = gaps[at]
        line_of += repeat(line, at - done)
        done = at
        if carriage:
            line += gap.count("\n") + gap.count("\r") - gap.count("\r\n")
            lead = _LINE_END.split(gap)[-1]
        else:
            line += gap.count("\n")
            lead = gap.rpartition("\n")[2]
        if at >= count:
            pass  # the gap after the last word
        elif at == 0:
            befores[0] = lead
        else:
            firsts.append(at)
            befores[at] = lead
            afters[at - 1] = "."
    line_of += repeat(line, count - done)
    joining = _JOINING_GAP.fullmatch
    # Word i and word i + 1 are one phrase when only space stands between them (which never
    # holds a line break): each word's neighbours are first taken as the words beside it, and
    # only the gaps other than one space (a few in a clean text) are tested, each one that
    # is no such space parting the two words it stands between.
    prevs: list[str | None] = [None, *lowers[:-1]]
    nexts: list[str | None] = [*lowers[1:], None]
    inner = gaps[1:count]  # inner[i]: the gap after word i, within the text's words
    for at in compress(range(len(inner)), map(ne, inner, repeat(" "))):
        if joining(inner[at]) is None:
            prevs[at + 1] = None
            nexts[at] = None
    if not count:
        prevs = []
        nexts = []
    hyphens: set[int] = set()
    if "-" in text:
        # A word is hyphenated when the gap before it (within its line) ends with a hyphen or
        # the gap after it starts with one: only the gaps with a hyphen in them can, so only
        # those are tested, rather than by two method calls per word.
        for slot in _gaps_holding(text, offsets, "-"):
            if slot < count and befores[slot].endswith("-"):
                hyphens.add(slot)
            if 0 < slot <= count and afters[slot - 1].startswith("-"):
                hyphens.add(slot - 1)
    fields = (texts, lowers, prevs, nexts, starts, ends, line_of, befores, afters)
    return written_lower, (*fields, frozenset(firsts), frozenset(hyphens))


def _gaps_holding(text: str, offsets: list[int], mark: str) -> list[int]:
    """The gaps of analyse's split of ``text`` that hold ``mark``, in order, found from the
    text's few marks (offsets[2k] is where gap k starts) rather than by a method call per
    gap. A mark inside a word (none of "\n" and "-" is) is passed over."""
    found: list[int] = []
    at = text.find(mark)
    while at >= 0:
        part = bisect_right(offsets, at) - 1
        if part % 2 == 0:  # a gap; part 2k is gap k, between words k - 1 and k
            found.append(part // 2)
            # The rest of this gap is no other gap.
            at = text.find(mark, offsets[part + 1])
        else:
            at = text.find(mark, at + 1)
    return found


def _document_model(
    analysis: Analysis, fixed: Mapping[int, str], base: tuple[list[str], Counter[tuple[str, str]]]
) -> spelling.DocumentModel:
    """The article's word and word-pair counts, as it reads with the fixes found so far.

    Built only once an unknown word needs it; counting the fixes keeps a second run, which
    sees them as ordinary words, from deciding differently. ``base`` holds the lower-case words
    and pair counts as written (:func:`_written_pairs`); only the pairs a fix touches change.
    (When ``base`` counts only the pairs the rankings read, a pair a fix takes away may go
    below 0 here: a pair no ranking reads.)
    """
    written, written_pairs = base
    size = sum(analysis.vocabulary.values())
    if not fixed:
        # The counts as written, shared, not copied: the model is only read (most articles
        # have no fix, and a long one's pair counts are thousands of entries).
        return spelling.DocumentModel(analysis.vocabulary, written_pairs, size)
    vocabulary = Counter(analysis.vocabulary)
    texts = analysis.texts
    prevs = analysis.prevs
    for index, replacement in fixed.items():
        original = texts[index]
        if original.islower():
            vocabulary[original] -= 1
            vocabulary[replacement] += 1
    pairs = Counter(written_pairs)
    touched = {i for index in fixed for i in (index, index + 1) if 0 < i < len(texts)}
    for i in touched:
        if prevs[i] is not None:
            pairs[(written[i - 1], written[i])] -= 1
            pairs[(fixed.get(i - 1, written[i - 1]), fixed.get(i, written[i]))] += 1
    return spelling.DocumentModel(vocabulary, pairs, size)


def _written_pairs(
    analysis: Analysis, among: AbstractSet[str] | None = None
) -> tuple[list[str], Counter[tuple[str, str]]]:
    """The article's lower-case words and its word pairs (within a phrase) as written; with
    ``among``, only the pairs with a word in it (see :func:`_paired_words`)."""
    lowers = analysis.lowers
    compiled = speedups.compiled
    if compiled is not None:
        # The same counts made in C (textfix/_speedups.c), without a tuple and a test per
        # word through the iterator chain below.
        counted: Counter[tuple[str, str]] = compiled.written_pairs(
            lowers, analysis.prevs, Counter, among
        )
        return lowers, counted
    # The first word opens a line, so it never has a previous word: pair i - 1 with i from 1.
    within = map(is_not, analysis.prevs[1:], repeat(None))
    if among is None:
        return lowers, Counter(compress(pairwise(lowers), within))
    pairs = Counter(
        pair for pair in compress(pairwise(lowers), within) if pair[0] in among or pair[1] in among
    )
    return lowers, pairs


def _paired_words(reads: Mapping[str, set[str]]) -> set[str]:
    """The words of the article whose pairs the rankings may read: the union of ``reads``,
    each target's candidates among the words the article writes (_read_among of each with
    spelling.with_siblings of its words: a superset will do).

    A ranking reads the count of a pair of its candidate and a neighbour; a pair the article
    writes holds two words it writes, and one a fix makes holds the fix, which
    _document_model counts itself. So the counts of the pairs with neither word among these
    are never read, and most articles' rankings read no pair at all."""
    return set().union(*reads.values())


def _read_among(lex: lexicon.Lexicon, lower: str, around: set[str]) -> set[str]:
    """The candidates of ``lower`` (spelling.ranked_candidates) among ``around``."""
    read: set[str] = set()
    for group in spelling.ranked_candidates(lex, lower):
        read.update(around.intersection(group))
    return read


def _base(lower: str) -> str:
    """The word without a possessive or contraction ending."""
    for mark in _APOSTROPHES:
        if mark in lower:
            return lower.split(mark, 1)[0]
    return lower


class _LineLanguage:
    """Each line's language, computed only for lines where a rule wants to change something."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.cache: dict[int, bool] = {}

    def foreign(self, index: int, at: int | None = None) -> bool:
        """Whether line ``index`` is in another language. ``at``: an offset on that line, when
        the caller knows one: the line of a text without "\r" is then cut out around it, and
        not every line of the text made (Document.lines) for the one or two asked about."""
        if index not in self.cache:
            whole = self.doc.text
            # Document.lines cuts a text without "\r" at its "\n"s only.
            if at is None or "\r" in whole:
                text = self.doc.lines[index].text
            else:
                end = whole.find("\n", at)
                text = whole[whole.rfind("\n", 0, at) + 1 : end if end >= 0 else len(whole)]
            guess = language.detect(text)
            # Short lines carry little evidence; only a clear verdict marks a line foreign.
            self.cache[index] = (
                guess.code not in (None, "en") and guess.words >= 3 and guess.confidence >= 0.5
            )
        return self.cache[index]


def _user_words(ctx: Context) -> frozenset[str]:
    return frozenset(w.lower() for w in ctx.settings.words)


def _possessive_stem(text: str) -> str | None:
    """What the non-word rules check of ``text``: a possessive's stem ("Court's" -> "Court"),
    the text itself when it has no apostrophe, None for a contraction ("I've")."""
    for mark in _APOSTROPHES:
        if mark in text:
            base, _, suffix = text.partition(mark)
            return base if suffix.lower() == "s" else None
    return text


def _candidate_form(word: Word, names: Counter[str]) -> tuple[str, Span] | None:
    """The lower-case form and span to check, or None when the word is not ours to touch."""
    text = _possessive_stem(word.text)
    if text is None:
        return None  # contractions ("I've") are left alone
    span = word.span
    if len(text) < len(word.text):
        span = Span(span.start, span.start + len(text))
    if len(text) < MIN_LENGTH or not text.isalpha():
        return None
    if text[0].isupper() and (
        len(text) < MIN_CAPITALISED_LENGTH or (word.dotted and len(text) <= ABBREVIATION_LENGTH)
    ):
        return None  # "Fr", "Gen." and the like are abbreviations
    if text.isupper() or not text[1:].islower():
        return None  # acronyms, CamelCase and mixed case are names or code
    if text[0].isupper() and not word.initial:
        return None  # a capitalised word mid-sentence is a name
    lower = text.lower()
    if not _ASCII_WORD.fullmatch(lower) or lower in names:
        return None
    if word.hyphenated and len(lower) < HYPHEN_MIN_LENGTH:
        return None
    return lower, span


def _may_be_target(text: str, core: AbstractSet[str], analysis: Analysis) -> bool:
    """False when typos.nonword passes over the word wherever it stands: a core word with a
    capital and no apostrophe, or a word that _candidate_form and _unseen_name_form both
    refuse for what it is (those of their tests that do not read its place)."""
    # A core word with a capital ("The") fails both, which check its lower-case form against
    # the core; only a possessive ("Court's") is checked on its stem.
    if text.lower() in core and _APOSTROPHES[0] not in text and _APOSTROPHES[1] not in text:
        return False
    return not (_never_candidate(text, analysis.names) and _never_unseen_name(text, analysis))


def _possible_targets(outside: set[str], core: AbstractSet[str], analysis: Analysis) -> set[str]:
    """The words of ``outside`` (words outside the core) that _may_be_target accepts.

    Its tests on the word's form alone are kept across documents (_target_forms): a batch
    writes the same capitalised words, numbers and names again. A word they refuse wherever
    it stands is in a set, and the few others keep the keys their tests on the article
    read."""
    refused, forms = _target_forms(core)
    rest = outside.difference(refused)
    new = rest.difference(forms)
    if new:
        _check_forms(new, core, refused, forms)
        rest.difference_update(refused)
    names, capitalised, vocabulary = analysis.names, analysis.capitalised, analysis.vocabulary
    found = set()
    for text in rest:
        named, unseen = forms[text]
        # not (_never_candidate and _never_unseen_name), with their tests on the article.
        if (named is not None and named not in names) or (
            unseen is not None and capitalised.get(unseen, 0) == 1 and not vocabulary.get(unseen, 0)
        ):
            found.add(text)
    return found


def _target_forms(
    core: AbstractSet[str],
) -> tuple[set[str], dict[str, tuple[str | None, str | None]]]:
    """The words _possible_targets has checked with ``core``: those refused wherever they
    stand, and the others' keys (_form_keys). Emptied when either grows past its size."""
    entry = _TARGET_FORMS.get(id(core))
    if entry is None or entry[0] is not core:
        _TARGET_FORMS.clear()
        entry = _TARGET_FORMS[id(core)] = (core, set(), {})
    _core, refused, forms = entry
    if len(refused) >= _TARGET_FORMS_SIZE:
        refused.clear()
    if len(forms) >= _TARGET_FORMS_SIZE:
        forms.clear()
    return refused, forms


def _check_forms(
    texts: set[str],
    core: AbstractSet[str],
    refused: set[str],
    forms: dict[str, tuple[str | None, str | None]],
) -> None:
    """Sort words not seen before into ``refused`` and ``forms`` (see _target_forms).

    Most are a core word with a capital ("The") or a number (all digits: no letter for either
    form's tests), which _may_be_target refuses at once: those are picked out in C, and a
    capitalised core word with an apostrophe is asked about all the same."""
    listed = list(texts)
    known = list(compress(listed, map(core.__contains__, map(str.lower, listed))))
    first = set(known).difference(compress(known, map(_HAS_APOSTROPHE.search, known)))
    first.update(filter(str.isdigit, listed))
    refused.update(first)
    for text in texts.difference(first):
        keys = _form_keys(text, core)
        if keys is None:
            refused.add(text)
        else:
            forms[text] = keys


def _form_keys(text: str, core: AbstractSet[str]) -> tuple[str | None, str | None] | None:
    """What _may_be_target reads of the article for ``text``: None when it refuses the word
    on its form alone, else the key _never_candidate looks up in the names and the one
    _never_unseen_name looks up in the counts (None for a test the form fails already)."""
    if text.lower() in core and _APOSTROPHES[0] not in text and _APOSTROPHES[1] not in text:
        return None
    named = _candidate_key(text)
    unseen = _unseen_name_key(text)
    if named is None and unseen is None:
        return None
    return named, unseen


# The words typos.nonword has checked on their form, by id(core) (the core is kept with them
# to guard the id): refused wherever they stand, and the others' keys (_target_forms).
_TARGET_FORMS: dict[
    int, tuple[AbstractSet[str], set[str], dict[str, tuple[str | None, str | None]]]
] = {}
# Each holds at most this many words (a few MB together when full): a batch worker's
# memory levels off under its limit, while the names and numbers a run repeats stay known.
_TARGET_FORMS_SIZE = 1 << 14


def _never_candidate(text: str, names: Counter[str]) -> bool:
    """Whether _candidate_form refuses the word at every place: its tests that read only the
    word, in its order, and then whether the article writes it as a name."""
    key = _candidate_key(text)
    return key is None or key in names


def _candidate_key(text: str) -> str | None:
    """The lower-case form _candidate_form checks, or None when its tests that read only the
    word refuse it (in its order)."""
    stem = _possessive_stem(text)
    if stem is None:
        return None
    text = stem
    if len(text) < MIN_LENGTH or not text.isalpha():
        return None
    if text[0].isupper() and len(text) < MIN_CAPITALISED_LENGTH:
        return None
    if text.isupper() or not text[1:].islower():
        return None
    lower = text.lower()
    return lower if _ASCII_WORD.fullmatch(lower) else None


def _never_unseen_name(text: str, analysis: Analysis) -> bool:
    """Whether _unseen_name_form refuses the word at every place (as _never_candidate)."""
    key = _unseen_name_key(text)
    return key is None or analysis.capitalised[key] != 1 or bool(analysis.vocabulary[key])


def _unseen_name_key(text: str) -> str | None:
    """The lower-case form _unseen_name_form looks up in the article's counts, or None when
    its tests that read only the word refuse it."""
    if (
        len(text) < NAME_MIN_LENGTH
        or not text[0].isupper()
        or not text[1:].islower()
        or not _ASCII_WORD.fullmatch(text[1:])
    ):
        return None
    lower = text.lower()
    return lower if lower[0].isascii() else None


def _unseen_name_form(word: Word, analysis: Analysis) -> tuple[str, Span] | None:
    """A capitalised word mid-sentence that may be a slip rather than a name; the caller still
    checks that no word list has it."""
    text = word.text
    if (
        word.initial
        or word.hyphenated
        or word.dotted
        or len(text) < NAME_MIN_LENGTH
        or not text[0].isupper()
        or not text[1:].islower()
        or not _ASCII_WORD.fullmatch(text[1:])
    ):
        return None
    lower = text.lower()
    if analysis.capitalised[lower] != 1 or analysis.vocabulary[lower] or not lower[0].isascii():
        return None
    return lower, word.span


def _glued(analysis: Analysis, index: int) -> bool:
    """Whether the word is one piece of a longer token: joined to the word before it by a slash
    or an asterisk, or by a dot when it starts in lower case ("README.rst", "video/ogg",
    "YY.mm"; "end.Teh" is a sentence glued to the last), or to the word after it by a slash or
    an asterisk ("sh*t"), with no space between. File names, paths, types and masked words are
    not prose."""
    if index not in analysis.firsts:
        before = analysis.befores[index]
        if (
            before
            and before[-1] in _GLUE_BEFORE
            and not any(c.isspace() for c in before)
            and (before[-1] != "." or analysis.texts[index][:1].islower())
        ):
            return True
    after = analysis.afters[index]
    following = index + 1
    return (
        bool(after)
        and after[0] in _GLUE_AFTER
        and not any(c.isspace() for c in after)
        and following < len(analysis.texts)
        and analysis.line_of[following] == analysis.line_of[index]
    )


def _ordinal_suffix(analysis: Analysis, index: int, lower: str) -> bool:
    """Whether the word is an ordinal's ending set apart from its number ("2 nd", "3 rd")."""
    return (
        lower in _ORDINAL_ENDINGS
        and index > 0
        and analysis.befores[index] == " "
        and analysis.texts[index - 1].isdigit()
    )


def _contexts(analysis: Analysis, words: set[str]) -> dict[str, int]:
    """How many different pairs of neighbouring words (whatever stands between them) each of
    ``words`` is written between, in any case. A use at the very start or end of the text
    has one neighbour only and adds no pair of its own (a long text is fixed in pieces, and
    where a piece is cut must not make a second place)."""
    lowers = analysis.lowers
    last = len(lowers) - 1
    seen: dict[str, set[tuple[str, str]]] = {word: set() for word in words}
    for index in compress(range(1, last), map(words.__contains__, lowers[1:last])):
        seen[lowers[index]].add((lowers[index - 1], lowers[index + 1]))
    return {word: max(1, len(pairs)) for word, pairs in seen.items()}


class _Contexts(dict[str, int]):
    """:func:`_contexts` of ``words``, counted at the first look: only a word whose ranking
    proposes a change reads its count, and most unknown words of clean text stay."""

    def __init__(self, analysis: Analysis, words: set[str]) -> None:
        super().__init__()
        self._analysis = analysis
        self._words = words

    def __missing__(self, word: str) -> int:
        if not self:
            self.update(_contexts(self._analysis, self._words))
            if word in self:
                return self[word]
        raise KeyError(word)


def _regular_form(lex: lexicon.Lexicon, lower: str, variant: str) -> bool:
    """Whether ``lower``, missing from the core list, is a regular form of a core word that
    real text uses: a plural ("lockdowns"), or, when both spellings are accepted, the other
    national spelling ("tunneled")."""
    # Kept per lexicon: names and terms recur across the articles of a batch, and a seen
    # word is tried against every spelling swap (some twenty regular expressions).
    known = _kept_for(_REGULAR_FORMS, lex)
    key = (lower, variant)
    found = known.get(key)
    if found is None:
        found = lex.plural_of(lower) is not None or (
            variant == "any" and lex.other_spelling(lower) is not None
        )
        if len(known) >= _REGULAR_FORMS_SIZE:
            _forget_older_half(known)
        known[key] = found
    return found


_REGULAR_FORMS: dict[int, tuple[lexicon.Lexicon, dict[tuple[str, str], bool]]] = {}
_REGULAR_FORMS_SIZE = 1 << 12


def _alternatives(
    ranked: list[spelling.Scored], best: spelling.Scored, typed: str
) -> tuple[str, ...]:
    return tuple(
        s.word
        for s in ranked[1:4]
        if s.word != typed and s.probability >= best.probability * ALTERNATIVE_SHARE
    )


@rule(
    "typos.nonword",
    "typos",
    "Correct misspelt words from edit similarity, word and bigram frequencies and the article",
    ("They recieved a warm wellcome.", "They received a warm welcome."),
)
def fix_nonwords(doc: Document, ctx: Context) -> Iterator[Edit]:
    if not _is_english(doc):
        return
    core = lexicon.core_words()
    user = _user_words(ctx)
    analysis = analyse(doc)
    targets: list[tuple[int, str, Span]] = []
    unseen: set[int] = set()  # capitalised mid-sentence: checked only if no word list has them
    lowers = analysis.lowers
    texts = analysis.texts
    # The fast path: a known lower-case word costs one set lookup per distinct word, and only
    # the positions of the others are visited.
    if isinstance(core, frozenset):
        outside = set(texts).difference(core)  # in C
    else:
        outside = {text for text in set(texts) if text not in core}
    # The tests that read only the word itself, once per distinct word (a page writes its
    # names, numbers and acronyms again and again): only the places of the words that may
    # still be targets are visited.
    outside = _possible_targets(outside, core, analysis)
    for index in compress(range(len(texts)), map(outside.__contains__, texts)):
        word = analysis.word(index)
        form = _candidate_form(word, analysis.names)
        if form is None:
            form = _unseen_name_form(word, analysis)
            if form is None:
                continue
            unseen.add(index)
        lower, span = form
        if lower in core or lower in user:
            continue
        if len(lower) <= ABBREVIATION_LENGTH and _ABBREVIATION_DOT.match(doc.text, span.end):
            continue  # "vs. the rest", "approx. ten": a short word with a dot inside a line
        if _glued(analysis, index) or _ordinal_suffix(analysis, index, lower):
            continue
        targets.append((index, lower, span))
    if not targets:
        return
    lex = lexicon.lexicon()
    targets = [
        t
        for t in targets
        if not (lex.prefixed(t[1]) and lex.frequency(t[1]) > 0)
        and not (t[0] in unseen and (lex.frequency(t[1]) > 0 or lex.prefixed(t[1])))
        and not _regular_form(lex, t[1], ctx.settings.variant)
    ]
    # Protected spans (code, addresses, names of files) last, all at once: a clean text has a
    # few targets, and only their lines are read (Document.protected_among), not the text.
    if targets:
        shielded = doc.protected_among([span for _i, _lower, span in targets])
        targets = [t for t, inside in zip(targets, shielded, strict=True) if not inside]
    if not targets:
        return
    # A fix can give its neighbour the context that decides it ("ta recev" -> "to receive"), so
    # rank again with the fixed neighbours until nothing moves: a second run changes nothing.
    fixed: dict[int, str] = {}
    uses = _Contexts(analysis, {lower for _i, lower, _s in targets})
    # None: the typed form surely ranks first (see _rank), so it stays and nothing is shown.
    ranking: dict[int, list[spelling.Scored] | None] = {}
    written = spelling.with_siblings(lowers)
    # Each target's candidates among the words the article writes: what the first round's
    # rankings read (_ranking_key), and the words whose pairs any ranking reads.
    first_reads = {lower: _read_among(lex, lower, written) for lower in {t[1] for t in targets}}
    base = _written_pairs(analysis, _paired_words(first_reads))
    for _round in range(MAX_ROUNDS):
        moved = False
        model = _document_model(analysis, fixed, base)
        around = written.union(spelling.with_siblings(fixed.values())) if fixed else written
        for index, lower, _span in targets:
            ranked = _rank(
                lex,
                analysis,
                index,
                lower,
                fixed,
                model,
                ctx.settings.variant,
                around,
                first_reads[lower] if around is written else None,
            )
            ranking[index] = ranked
            if ranked is None:
                # As a ranking with the typed form first: not sure of a change.
                if index in fixed:
                    del fixed[index]
                    moved = True
                continue
            best = ranked[0]
            sure = (
                best.probability >= ctx.settings.min_confidence
                and best.word != lower
                and not _only_suggested(lex, analysis, index, lower, best.word, uses)
            )
            if sure and fixed.get(index) != best.word:
                fixed[index] = best.word
                moved = True
            elif not sure and index in fixed:
                del fixed[index]
                moved = True
        if not moved:
            break
    lines = _LineLanguage(doc)
    suggested: set[str] = set()
    for index, lower, span in targets:
        ranked = ranking[index]
        if ranked is None:
            continue
        best = ranked[0]
        if (
            best.word == lower
            or best.probability < SUGGEST_FLOOR
            or lines.foreign(analysis.line_of[index], span.start)
        ):
            continue
        original = doc.text[span.start : span.end]
        confidence = min(best.probability, MAX_CONFIDENCE)
        reason = f"{original!r} is not a known word; {best.word!r} fits best"
        notes = _only_suggested(lex, analysis, index, lower, best.word, uses)
        if notes:
            if uses[lower] >= REPEATED_UNKNOWN:
                if lower in suggested:
                    continue  # a word written in many places is suggested once
                suggested.add(lower)
            confidence = min(confidence, SUGGESTION_CONFIDENCE)
            reason += "".join(f" (but {note}: only a suggestion)" for note in notes)
        yield Edit(
            span,
            spelling.carry_case(original, best.word),
            "typos.nonword",
            round(confidence, 3),
            reason,
            tuple(spelling.carry_case(original, a) for a in _alternatives(ranked, best, lower)),
        )


def _only_suggested(
    lex: lexicon.Lexicon,
    analysis: Analysis,
    index: int,
    lower: str,
    best: str,
    uses: Mapping[str, int],
) -> tuple[str, ...]:
    """Why a fix of the word at ``index`` to ``best`` may only be suggested (empty: it may be
    applied): one policy for the rounds and for the edits."""
    notes = []
    if _seen_name(lex, analysis, index, lower, best):
        notes.append("real text writes it often as it stands, likely a name")
    elif _name_particle(lex, analysis, index, lower):
        notes.append("it stands between two capitalised words, likely part of a name")
    if uses[lower] >= REPEATED_UNKNOWN:
        notes.append(f"the text writes it in {uses[lower]} places")
    return tuple(notes)


def _name_particle(lex: lexicon.Lexicon, analysis: Analysis, index: int, lower: str) -> bool:
    """Whether a lower-case word that real text writes often stands inside a name: in a run
    of short lower-case words between two capitalised words of one phrase ("Otto von
    Bismarck", "Ursula von der Leyen", "Vasco da Gama"). A particle of the name, not a slip."""
    texts = analysis.texts
    if not texts[index].islower() or lex.frequency(lower) < NAME_PARTICLE_ZIPF:
        return False
    first = last = index
    while (
        first > 0 and analysis.prevs[first] is not None and _particle_shaped(lex, texts[first - 1])
    ):
        first -= 1
    while analysis.nexts[last] is not None and _particle_shaped(lex, texts[last + 1]):
        last += 1
    if last - first >= NAME_PARTICLE_RUN:
        return False
    return (
        analysis.prevs[first] is not None
        and analysis.nexts[last] is not None
        and _name_shaped(texts[first - 1])
        and _name_shaped(texts[last + 1])
    )


def _particle_shaped(lex: lexicon.Lexicon, text: str) -> bool:
    # "the" and "and" stand between names too ("Lewis and Clark"), but as words of their own:
    # English function words are far commoner than any particle.
    return (
        len(text) <= NAME_PARTICLE_LENGTH
        and text.islower()
        and lex.frequency(text) < NAME_PARTICLE_MAX_ZIPF
    )


def _name_shaped(text: str) -> bool:
    # A capital and then lower case: "Bismarck", not an acronym or a code ("MLB", "M62").
    return text[:1].isupper() and text[1:].islower()


def _seen_name(lex: lexicon.Lexicon, analysis: Analysis, index: int, lower: str, best: str) -> bool:
    """Whether a capitalised word is, by the word list, more likely a name than a slip for
    ``best``: real text writes it often ("Suri" beside "sure"), and not so much more rarely
    than ``best`` that it looks like that word's common misspelling ("Teh" beside "the"). At
    a sentence start the capital says nothing, so the word list decides; such a word is only
    suggested."""
    if not analysis.texts[index][0].isupper():
        return False
    seen = lex.frequency(lower)
    return seen >= SEEN_NAME_ZIPF and lex.frequency(best) - seen < SEEN_NAME_GAP


def _rank(
    lex: lexicon.Lexicon,
    analysis: Analysis,
    index: int,
    lower: str,
    fixed: dict[int, str],
    model: spelling.DocumentModel,
    variant: str,
    around: set[str],
    read: set[str] | None = None,
) -> list[spelling.Scored] | None:
    """The ranking of the word's candidates, or None when the typed form surely comes first.
    ``around``: the lower-case words ``model`` counts (the article's, and the fixes so far),
    with their -s siblings (spelling.with_siblings); ``read``, when given, the candidates
    among them (_read_among), made before.

    The rule reads nothing of a ranking whose first word is the typed form: no fix, no
    suggestion, no alternatives, and the rounds treat it as not sure. Most unknown words of
    clean text are names and rare words that stay, and a cheap bound settles them
    (spelling.typed_stays_first) without the full ranking. The bound sees the capitalised
    bonus, and requires that no variant spellings pool (so _pool_variants changes nothing).
    """
    word_prev = analysis.prevs[index]
    word_next = analysis.nexts[index]
    prev = fixed.get(index - 1, word_prev) if word_prev is not None else None
    nxt = fixed.get(index + 1, word_next) if word_next is not None else None
    capitalised = analysis.texts[index][0].isupper()
    bonus = 0.0
    if capitalised:
        bonus = CAPITALISED_PRIOR + (0.0 if analysis.initial(index) else NAME_PRIOR)
    rankings = _rankings(lex)
    reads: list[set[str]] = []
    key = _ranking_key(lex, lower, prev, nxt, bonus, model, around, reads, read)
    ranked = rankings.get(key, _UNRANKED)
    if ranked is _UNRANKED:
        ranked = None
        # The candidates whose document terms may not be 0 (None: not known, all of them).
        read = reads[0] if reads else None
        if not spelling.typed_stays_first(
            lower, prev, nxt, model, bonus, lex=lex, groups=lex.gb_to_us, counted=read
        ):
            # spelling.rank_nonword, and for a capitalised word _favour_typed of it: the
            # same scores, ranked and then given the bonus, ranked again.
            options = spelling.nonword_options(lower, prev, nxt, model, lex=lex, counted=read)
            if capitalised:
                options = _with_bonus(spelling.ranked_options(options), lower, bonus)
            # The rule reads a ranking's first word and the alternatives after it; the rest
            # matters only when variant spellings pool (a ranking holds some 26 candidates),
            # and only those few are made.
            ranked = spelling.softmax(options, None if _pools_words(options, lex) else _KEPT)
        if len(rankings) >= _RANKINGS_SIZE:
            _forget_older_half(rankings)
        rankings[key] = ranked
    if ranked is None:
        return None
    return _pool_variants(ranked, lex, variant, analysis.vocabulary, lower)


_RankingKey = tuple[
    str,
    str | None,
    str | None,
    float,
    int,
    int,
    int,
    frozenset[tuple[str, int, int, int, int, int]],
]


def _ranking_key(
    lex: lexicon.Lexicon,
    lower: str,
    prev: str | None,
    nxt: str | None,
    bonus: float,
    model: spelling.DocumentModel,
    around: set[str],
    reads: list[set[str]] | None = None,
    read: set[str] | None = None,
) -> _RankingKey:
    """Everything the ranking of ``lower`` reads (see spelling.ranked_candidates): a later
    round or pass, or another article, that gives the same answers gets the same ranking.
    ``around``: the words the model counts, with their -s siblings (spelling.with_siblings);
    only the candidates among them can read a count that is not 0. When there are none, the
    model adds nothing, and the key leaves it out. Those candidates are also appended to
    ``reads`` (when given): the ranking looks up the document terms of these only."""
    words = model.words
    pairs = model.pairs
    # A missing neighbour pairs with nothing ("" is no word).
    left, right = prev or "", nxt or ""
    if read is None:
        read = _read_among(lex, lower, around)
    counted = frozenset(
        (
            word,
            words.get(word, 0),
            words.get(word + "s", 0),
            words.get(word[:-1], 0) if word.endswith("s") else 0,
            pairs.get((left, word), 0),
            pairs.get((word, right), 0),
        )
        for word in read
    )
    if reads is not None:
        reads.append(read)
    if not counted:
        return (lower, prev, nxt, bonus, 0, 0, 0, counted)
    neighbours = (words.get(prev, 0) if prev else 0, words.get(nxt, 0) if nxt else 0)
    return (lower, prev, nxt, bonus, model.size, *neighbours, counted)


def _rankings(
    lex: lexicon.Lexicon,
) -> dict[_RankingKey, list[spelling.Scored] | None]:
    """The rankings made so far with this lexicon, by what they read (_ranking_key): the
    rounds and passes of the rule rank the same words again, and names and rare words recur
    across a batch."""
    return _kept_for(_RANKINGS, lex)


# What a ranking not made yet reads from the rankings (None, "the typed form stays", is one).
_UNRANKED: list[spelling.Scored] = []
_RANKINGS_SIZE = 1 << 12
# The first word and the alternatives read after it (_alternatives).
_KEPT = 4
_RANKINGS: dict[int, tuple[lexicon.Lexicon, dict[_RankingKey, list[spelling.Scored] | None]]] = {}


def _pools(ranked: list[spelling.Scored], lex: lexicon.Lexicon) -> bool:
    """Whether _pool_variants would merge any of the ranking's words."""
    groups = [lex.gb_to_us.get(item.word, item.word) for item in ranked]
    return len(set(groups)) != len(groups)


def _pools_words(options: list[tuple[str, float]], lex: lexicon.Lexicon) -> bool:
    """:func:`_pools` of the ranking of ``options``."""
    groups = [lex.gb_to_us.get(word, word) for word, _score in options]
    return len(set(groups)) != len(groups)


def _pool_variants(
    ranked: list[spelling.Scored],
    lex: lexicon.Lexicon,
    variant: str,
    used: Counter[str],
    typed: str,
) -> list[spelling.Scored]:
    """Merge the en-GB and en-US spellings of one word: they are one candidate, not rivals.

    The pooled candidate is spelt the way ``variant`` asks, else the way the article already
    spells it, else the way closest to what was typed ("behavoir": the writer meant
    "behavior").
    """
    if not _pools(ranked, lex):
        return ranked
    groups: dict[str, list[spelling.Scored]] = {}
    for item in ranked:
        groups.setdefault(lex.gb_to_us.get(item.word, item.word), []).append(item)
    pooled = []
    for us, members in groups.items():
        gb = lex.us_to_gb.get(us, us)
        if variant == "en-US":
            spelt = us
        elif variant == "en-GB":
            spelt = gb
        elif used.get(us) or used.get(gb):
            spelt = us if used.get(us, 0) >= used.get(gb, 0) else gb
        else:
            spelt = min(members, key=lambda m: spelling.channel_cost(typed, m.word)).word
        total = sum(m.probability for m in members)
        pooled.append(spelling.Scored(spelt, members[0].score, total))
    return sorted(pooled, key=lambda item: -item.probability)


def _favour_typed(ranked: list[spelling.Scored], typed: str, bonus: float) -> list[spelling.Scored]:
    return spelling.softmax(_with_bonus([(s.word, s.score) for s in ranked], typed, bonus))


def _with_bonus(
    ranked: list[tuple[str, float]], typed: str, bonus: float
) -> list[tuple[str, float]]:
    """The options of a ranking (best first) with ``bonus`` added to the typed form's score."""
    return [(word, score + (bonus if word == typed else 0.0)) for word, score in ranked]


@rule(
    "typos.realword",
    "typos",
    "Correct a real word that its neighbours show to be a slip for another",
    ("contributing to out shared security", "contributing to our shared security"),
)
def fix_realwords(doc: Document, ctx: Context) -> Iterator[Edit]:
    if not _is_english(doc):
        return
    core = lexicon.core_words()
    user = _user_words(ctx)
    analysis = analyse(doc)
    if not analysis.texts:
        return
    lines = _LineLanguage(doc)
    lex = lexicon.lexicon()
    variant = ctx.settings.variant
    choices = _realword_choices(lex)
    # Each word's candidates, once known (a word known to have none is not asked again).
    rivals = spelling.realword_cache(lex)
    # The decision in one call once the lexicon's dicts are loaded (None before: the plain path).
    choose = spelling.realword_chooser(lex)
    # The bigram dict's lookup, which the chooser reads (it exists once the dict is loaded).
    bigrams: dict[str, int] | None = getattr(lex.bigrams, "loaded", None)
    pair = bigrams.get if bigrams is not None and choose is not None else None
    vocabulary = analysis.vocabulary
    hyphens = analysis.hyphens
    texts = analysis.texts
    prevs = analysis.prevs
    nexts = analysis.nexts
    # Most words of a clean text are passed over for their spelling alone (not a core word,
    # no common word one slip away, a user's word, an apostrophe in it): those tests are made
    # once per distinct word, each word's candidates are found once, and only the positions
    # of the other words are visited.
    lowers = analysis.lowers
    found_of: Mapping[str, tuple[str, ...]]
    known = spelling.realword_words(lex)
    decided: Iterable[tuple[int, spelling.Scored | None]]
    compiled = speedups.compiled
    if known is not None and compiled is not None and isinstance(choose, compiled.Chooser):
        # In C (textfix/_speedups.c), the same loop over the positions: a word is visited when
        # it has candidates, is not the user's and is all letters; every word but the article
        # (whose test reads the next word's spelling) is decided there as the loop below
        # decides it and listed only when a rival wins; the article is listed with None, for
        # the loop to decide.
        found_of = known
        decided = compiled.realword_decisions(
            lowers,
            texts,
            prevs,
            nexts,
            analysis.befores,
            analysis.firsts,
            analysis.names,
            known,
            user,
            core,
            hyphens,
            choose,
            REALWORD_MIN_CONFIDENCE,
            _ARTICLE,
        )
    else:
        if known is not None:
            # Every core word's candidates are known: the words with some, picked out in C.
            found_of = known
            visited = set(filter(known.__contains__, set(lowers)))
        else:
            found_of = {}
            for lower in set(lowers):
                if lower in core and rivals.get(lower, True):
                    found = spelling.realword_candidates(lex, lower)
                    if found:
                        found_of[lower] = found
            visited = set(found_of)
        # The user's words, possessives and contractions are left alone.
        visited.difference_update(user)
        visited = set(filter(str.isalpha, visited))
        decided = zip(compress(range(len(texts)), map(visited.__contains__, lowers)), repeat(None))
    for index, best in decided:
        lower = lowers[index]
        # A neighbour that is itself unknown (a number, a name, a typo) says nothing about
        # this word: the other side must decide alone.
        prev = prevs[index]
        if prev not in core:
            prev = None
        nxt = nexts[index]
        if nxt not in core:
            nxt = None
        if best is None:
            text = texts[index]
            if not text.islower():
                # A capitalised word opening a sentence is checked like any other, unless the
                # article also writes it capitalised mid-sentence (a name).
                if not (text[1:].islower() and text[0].isupper() and analysis.initial(index)):
                    continue
                if lower in analysis.names:
                    continue
            if index in hyphens or (prev is None and nxt is None):
                continue
            misfit = (
                ARTICLE_MISFIT if lower == _ARTICLE and _consonant_next(analysis, index) else 0.0
            )
            sides = None
            if pair is not None and prev is not None and nxt is not None:
                # The chooser's first test, made here: about half the words a clean text asks
                # about stand beside two neighbours the bigram table attests them with, and
                # are left (no evidence against them) without a decision looked up or kept.
                before = pair(f"{prev} {lower}")
                after = pair(f"{lower} {nxt}")
                if before and after and not misfit:
                    continue
                sides = (before, after)
            # The decision for a word between two neighbours depends on nothing else: most
            # words of a clean text have no rival, and the triples repeat.
            key = (lower, prev, nxt) if not misfit else (lower, prev, f"{nxt} !")
            best = choices.get(key, _UNDECIDED)
            if best is _UNDECIDED:
                found = found_of[lower]
                if choose is not None:
                    best = choose(lower, prev, nxt, misfit, found, REALWORD_MIN_CONFIDENCE, sides)
                else:
                    best = _find_realword_choice(lex, lower, prev, nxt, misfit, found)
                if len(choices) >= _REALWORD_CHOICES_SIZE:
                    _forget_older_half(choices)
                choices[key] = best
            if best is None:
                continue
        if variant == "any" and lex.spelt_otherwise(lower, best.word):
            continue  # both spellings are right ("organisations", "organizations")
        if vocabulary[lower] > 1 and lex.frequency(lower) < REPEATED_ZIPF:
            continue  # the writer used this uncommon word again: it is meant
        word = analysis.word(index)
        if doc.is_protected(word.span) or lines.foreign(word.line):
            continue
        between = " and ".join(repr(w) for w in (prev, nxt) if w is not None)
        yield Edit(
            word.span,
            spelling.carry_case(word.text, best.word),
            "typos.realword",
            round(min(best.probability, MAX_CONFIDENCE), 3),
            f"{lower!r} is unlikely beside {between}; {best.word!r} fits",
        )


def _kept_for(
    store: dict[int, tuple[lexicon.Lexicon, dict[K, V]]], lex: lexicon.Lexicon
) -> dict[K, V]:
    """The cache ``store`` keeps for ``lex`` (made empty for a new lexicon; the lexicon is held
    to guard its id)."""
    entry = store.get(id(lex))
    if entry is None or entry[0] is not lex:
        store.clear()
        entry = store[id(lex)] = (lex, {})
    return entry[1]


def _forget_older_half(cache: dict[Any, Any]) -> None:
    """Make room in a full cache by dropping the half made first (a dict keeps the order of
    insertion): the recent half holds what the articles now being cleaned repeat, which
    emptying the whole cache would throw away."""
    for key in list(islice(cache, len(cache) // 2)):
        del cache[key]


def _realword_choices(
    lex: lexicon.Lexicon,
) -> dict[tuple[str, str | None, str | None], spelling.Scored | None]:
    """The decisions made so far with this lexicon, kept across documents (a batch repeats
    its word triples too)."""
    return _kept_for(_REALWORD_CHOICES, lex)


def _consonant_next(analysis: Analysis, index: int) -> bool:
    """Whether the next word of the phrase is spelt in lower case with a consonant first (not
    a silent h, not a letter read by name before a hyphen)."""
    if analysis.nexts[index] is None or index + 1 >= len(analysis.texts):
        return False
    return (
        not analysis.hyphenated(index + 1)
        and _CONSONANT_START.fullmatch(analysis.texts[index + 1]) is not None
    )


# What a word triple not decided yet reads from the decisions (None is a decision).
_UNDECIDED = spelling.Scored("", 0.0, 0.0)


def _find_realword_choice(
    lex: lexicon.Lexicon,
    typed: str,
    prev: str | None,
    nxt: str | None,
    misfit: float = 0.0,
    candidates: tuple[str, ...] | None = None,
) -> spelling.Scored | None:
    """``candidates``: spelling.realword_candidates(lex, typed), when the caller has them."""
    if candidates is None:
        candidates = spelling.realword_candidates(lex, typed)
    if not candidates:
        return None  # no common word is one slip away
    if (
        not misfit
        and prev is not None
        and nxt is not None
        and spelling.pair_count(lex, prev, typed)
        and spelling.pair_count(lex, typed, nxt)
    ):
        return None  # attested with both neighbours: no evidence against the typed word
    ranked = spelling.rank_realword_among(lex, typed, prev, nxt, misfit, candidates)
    if not ranked:
        return None
    best = ranked[0]
    if best.word == typed or best.probability < REALWORD_MIN_CONFIDENCE:
        return None
    return best


_REALWORD_CHOICES_SIZE = 1 << 15
_REALWORD_CHOICES: dict[
    int,
    tuple[
        lexicon.Lexicon,
        dict[tuple[str, str | None, str | None], spelling.Scored | None],
    ],
] = {}


@rule(
    "typos.variant",
    "typos",
    "With --variant en-US or en-GB, respell the other variant (the default 'any' accepts both)",
    ("the colour of the neighborhood", "the colour of the neighborhood"),
)
def fix_variants(doc: Document, ctx: Context) -> Iterator[Edit]:
    variant = ctx.settings.variant
    if variant == "any" or not _is_english(doc):
        return
    table = lexicon.variants()
    if variant == "en-GB":
        table = {us: gb for gb, us in table.items()}
    user = _user_words(ctx)
    analysis = analyse(doc)
    for index, lower in enumerate(analysis.lowers):
        target = table.get(lower)
        if target is None or lower in user:
            continue
        word = analysis.word(index)
        if not (word.text.islower() or (word.initial and word.text[1:].islower())):
            continue
        yield Edit(
            word.span,
            spelling.carry_case(word.text, target),
            "typos.variant",
            0.9,
            f"{variant} spelling of {word.text!r}",
        )


@rule(
    "typos.replace",
    "typos",
    "Apply the user's forced replacements (replace = {wrong = right}); none by default",
    ("a wrong word", "a wrong word"),
)
def force_replacements(doc: Document, ctx: Context) -> Iterator[Edit]:
    pairs = ctx.settings.replace
    if not pairs:
        return
    table = {wrong.lower(): right for wrong, right in pairs}
    pattern = re.compile(
        r"(?<![\w'])(" + "|".join(re.escape(w) for w, _ in pairs) + r")(?![\w'])", re.IGNORECASE
    )
    for match in pattern.finditer(doc.text):
        found = match.group()
        right = table[found.lower()]
        replacement = right if found == found.lower() else spelling.carry_case(found, right)
        if replacement == found:
            continue
        yield Edit(
            Span(match.start(), match.end()),
            replacement,
            "typos.replace",
            1.0,
            f"forced replacement {found!r} -> {right!r}",
        )


RULES: tuple[Rule, ...] = (force_replacements, fix_variants, fix_nonwords, fix_realwords)
