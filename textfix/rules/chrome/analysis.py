"""What every chrome rule needs to know about a document's lines, computed once per text.

The analysis is shared, not a rule: each rule reads the signals it needs from it and decides on
its own, so rules stay independent (any of them can be selected or ignored alone).

The body zone is found the way Pasternack and Roth extract article text: every line gets a score
(prose lines count for their length, menu-like lines against it) and the body is the span with
the highest total (a maximum subarray). Lines before it are the header zone, lines after it the
footer zone.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import compress, count
from operator import attrgetter, itemgetter

from textfix import language
from textfix.document import Document, Line
from textfix.language import SEPARATOR_MARKS, LanguageGuess, spaced
from textfix.rules.chrome import phrases

# An upper-case tag run into a capitalised word, markup lost between them: "POLITICSMinister".
GLUED_TAG_RE = re.compile(r"^([A-ZÀ-ÞĀ-ŽА-Я]{2,})([A-ZÀ-ÞĀ-ŽА-Я][a-zß-ÿā-žа-я]{2,})")
_GLUED_TAG_RE = GLUED_TAG_RE
_SENTENCE_ENDS = frozenset(".!?…")
# Closing quotes and brackets after a sentence's end; “ and ‘ close German quotations („…“).
_CLOSERS = "\"'”’“‘»)]"
# A line ending in a closing quote is a quotation: sentence-shaped even without a full stop.
_QUOTES = frozenset('"”»')
_NON_LETTERS_RE = re.compile(r"[\W\d_]+")
_WORD_START_RE = re.compile(r"(?<![\w'’-])[^\W\d_]")
_CLAUSE_RE = re.compile(r"[,;:] |[.!?] \S")
# Scripts written without spaces between words (CJK, kana, Hangul, Thai): a word is about two
# characters there. Ranges, not a regex: compiling a character class this wide took ~5 ms of
# every start-up.
_NO_SPACE_RANGES = (
    (0x0E00, 0x0E7F),
    (0x3040, 0x30FF),
    (0x3400, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
)
_NO_SPACE_FIRST = chr(_NO_SPACE_RANGES[0][0])

PROSE_WORDS = 10
SHORT_WORDS = 6
# Headings that close an article: what follows them is comments, related links or sharing.
END_KINDS = frozenset({"related", "comments", "share", "follow", "newsletter", "tags"})
# The share of the body's prose that must come before such a heading for it to end the body.
_END_AFTER = 0.5
# Below this share of the body's prose, a closing heading (or two chrome lines in a row) ends
# the article for good: the prose after it is teasers, comments or an author box, not body.
_CLOSED_AFTER = 0.7
# Prose words a body needs before lines are judged by their position around it.
_SUBSTANTIAL_WORDS = 30
# How many of the longest prose lines vote on the article's language.
_LANGUAGE_VOTERS = 15
# How many lines above the body a headline may stand when the page title does not name it.
_HEADLINE_REACH = 12
# Prose lines shorter than this are checked for their language before they count as body.
_FOREIGN_CHECK_WORDS = 40
# A line where this share of the words are frequent words of the article's language is in it.
_KNOWN_SHARE = 0.45
# A number and a word right after it: a quantity and its unit or thing ("200 g", "2 tbsp").
_QUANTITY_RE = re.compile(r"^\d+(?:[.,/]\d+)?\s?[^\W\d_]")
_TITLE_SEPARATORS_RE = re.compile(r"\s+[|–—·•»:/-]\s+|\s*[|•·»]\s*")


@dataclass(frozen=True)
class LineInfo:
    """Shape of one non-blank line.

    ``is_prose``, ``is_short`` and ``is_sentence`` are measured once, when the line is
    described: every rule reads them for every line, on every pass.
    """

    line: Line
    index: int
    text: str
    words: int
    letters_words: int
    terminal: bool
    clauses: int
    lower_ratio: float
    key: str
    # Sentence-shaped and long enough to be a paragraph of the article.
    is_prose: bool
    # A few words, not a sentence: a menu entry, a label, a heading.
    is_short: bool
    # Ends like a sentence and has a few words: a list item or a short paragraph.
    is_sentence: bool
    # Set on the lines of a paragraph hard-wrapped over several lines, when it is prose.
    wrapped_prose: bool = False
    # Words of three letters or more on average (only measured on lines long enough for prose).
    wordy: bool = True


def _is_prose(
    words: int, letters: int, terminal: bool, clauses: int, lower: float, wordy: bool
) -> bool:
    if letters * 2 < words or not wordy:
        return False  # numbers, codes, tables, initials
    if words >= 20 and lower >= 0.3:
        return True
    return words >= PROSE_WORDS and (terminal or clauses >= 2) and lower >= 0.35


def _continues(previous: LineInfo, line: LineInfo) -> bool:
    """Whether ``line`` continues a paragraph that a hard line break split after ``previous``."""
    if previous.index + 1 != line.index or previous.terminal or previous.text.endswith(":"):
        return False
    first = line.text[:1]
    return first.isalpha() and first.islower()


# A line's first character (or "" for an empty text), for join_wrapped.
_HEAD = itemgetter(slice(0, 1))
# A line's fields, read by map in C.
_TEXT = attrgetter("text")
_INDEX = attrgetter("index")
_KEY = attrgetter("key")
_WORDS = attrgetter("words")


def join_wrapped(infos: list[LineInfo]) -> list[LineInfo]:
    """Mark the lines of hard-wrapped prose paragraphs as prose, judged on the whole paragraph."""
    result = list(infos)
    # The lines that continue the one above: a continuation opens lower case, which few lines
    # do; those are picked out in C and _continues is asked of them alone. (Marking lines as
    # prose changes nothing it reads.)
    lower = map(str.islower, map(_HEAD, map(_TEXT, infos)))
    next(lower, None)
    links = [n for n in compress(count(1), lower) if _continues(infos[n - 1], infos[n])]
    at = 0
    while at < len(links):
        # A paragraph: the line above the first link, through the last of consecutive links.
        first = links[at]
        while at + 1 < len(links) and links[at + 1] == links[at] + 1:
            at += 1
        start, end = first - 1, links[at] + 1
        at += 1
        members = result[start:end]
        joined = describe_text(" ".join(m.text for m in members), members[0].line)
        strict = joined.words >= PROSE_WORDS and (joined.terminal or joined.clauses >= 2)
        wordy = joined.letters_words * 2 >= joined.words and joined.wordy
        if strict and wordy and joined.lower_ratio >= 0.35:
            for position in range(start, end):
                result[position] = _as_wrapped_prose(result[position])
    return result


def _as_wrapped_prose(info: LineInfo) -> LineInfo:
    """``replace(info, wrapped_prose=True, is_prose=True, is_short=False)``, made as _line_info
    makes a LineInfo (the same object: its fields in their order), without replace's
    fourteen-field __init__."""
    values = info.__dict__.copy()
    values["is_prose"] = True
    values["is_short"] = False
    values["wrapped_prose"] = True
    made = _new(LineInfo)
    _set(made, "__dict__", values)
    return made


def _word_count(text: str, letter_words: int) -> int:
    spaced = len(text.split())
    if spaced * 6 < len(text) and _no_space_script(text[:40]):
        return max(spaced, len(text) // 2)
    return max(spaced, letter_words) if letter_words <= spaced * 2 else spaced


def _no_space_script(head: str) -> bool:
    """Whether ``head`` has a character of a script written without spaces."""
    if not head or head.isascii():
        return False
    try:
        head.encode("latin-1")  # a copy for Latin-1 text: cheaper than max() comparing chars
        return False
    except UnicodeEncodeError:
        pass
    if max(head) < _NO_SPACE_FIRST:  # the common case, decided in C
        return False
    # Only characters from the first range up can be in one; typographic quotes and dashes
    # bring most lines here, and they are few: the ranges are tried on them alone.
    high = [ch for ch in head if ch >= _NO_SPACE_FIRST]
    return any(lo <= ord(ch) <= hi for ch in high for lo, hi in _NO_SPACE_RANGES)


def normal_key(text: str) -> str:
    """What two lines must share to count as the same line: case and spacing folded."""
    return " ".join(text.casefold().split())


def describe(line: Line) -> LineInfo:
    return describe_text(line.text.strip(), line)


def describe_text(text: str, line: Line) -> LineInfo:
    return _line_info(line, text, _shape(text))


_new = object.__new__
_set = object.__setattr__


def _line_info(line: Line, text: str, shape: _Shape) -> LineInfo:
    """``LineInfo(line=line, index=line.index, text=text, ...)`` with the measures of ``shape``.

    The same object the dataclass __init__ makes (same fields, equal, same hash and repr),
    without its fourteen frozen-attribute assignments: every line of every pass gets one, and
    building them was a tenth of the chrome phase.
    """
    info = _new(LineInfo)
    _set(info, "__dict__", _line_info_fields(line, line.index, text, shape))
    return info


def _line_info_fields(
    line: Line | None, index: int | None, text: str, shape: _Shape
) -> dict[str, object]:
    """The ``__dict__`` of a LineInfo, in field order."""
    words, letters, terminal, clauses, wordy, lower_ratio, key, prose, short, sentence = shape
    return {
        "line": line,
        "index": index,
        "text": text,
        "words": words,
        "letters_words": letters,
        "terminal": terminal,
        "clauses": clauses,
        "lower_ratio": lower_ratio,
        "key": key,
        "is_prose": prose,
        "is_short": short,
        "is_sentence": sentence,
        "wrapped_prose": False,
        "wordy": wordy,
    }


_Shape = tuple[int, int, bool, int, bool, float, str, bool, bool, bool]
# Latin-1 characters that are not letters (in the sense of [^\W\d_]: alphanumeric but not a
# decimal digit), deleted from a line's bytes to count its letters in C.
_NOT_LETTER_BYTES = bytes(
    code for code in range(256) if not (chr(code).isalnum() and not chr(code).isdecimal())
)


_NOT_LETTER_MARKS = SEPARATOR_MARKS + "’"


def _letter_count(text: str) -> int:
    """How many letters ``text`` has: ``len(_NON_LETTERS_RE.sub("", text))``, faster."""
    try:
        return len(text.encode("latin-1").translate(None, _NOT_LETTER_BYTES))
    except UnicodeEncodeError:
        pass
    try:  # typographic quotes, dashes and apostrophes are no letters
        data = spaced(text, _NOT_LETTER_MARKS).encode("latin-1")
        return len(data.translate(None, _NOT_LETTER_BYTES))
    except UnicodeEncodeError:  # Polish, Czech, Cyrillic...: the regex counts them
        return len(_NON_LETTERS_RE.sub("", text))


@lru_cache(maxsize=16384)
def _shape(text: str) -> _Shape:
    """What describe_text measures of the text alone (cached: passes see the same lines).

    A text whose characters are all Latin-1 once typographic marks are set aside (most lines
    of most pages) is measured on its bytes: letters, capitals and word starts counted in C on
    one byte string of character classes (as _word_starts counts them), clauses on another (as
    _clause_count does), where the regexes make a pass per measure; such a text is in no
    script written without spaces. Both ways share one function: a helper's call cost about as
    much as its work on a short line, and every new line of every page is measured here.
    """
    parts = text.split()
    spaced_words = len(parts)
    # The text's bytes, when it is Latin-1 (its key may be folded by _CASEFOLD_LATIN1).
    latin1: bytes | None
    data: bytes | None
    try:
        latin1 = data = text.encode("latin-1")
    except UnicodeEncodeError:
        latin1 = None
        # "’" reads as the apostrophe, the other marks as a character that _START_CLASSES
        # makes a space and _CLAUSE_CLASSES no space (as _word_starts and _clause_count read
        # them): one text for both tables.
        try:
            data = spaced(text.replace("’", "'"), SEPARATOR_MARKS, "\x00").encode("latin-1")
        except UnicodeEncodeError:
            data = None
    if data is None:
        words, letters, upper, clauses, wordy = _measured_by_regexes(text, spaced_words)
        terminal = _is_terminal(text)
    else:
        # _is_terminal(text), written out (every new line asks).
        if text[-1:] in _QUOTES:
            terminal = True
        else:
            end = text.rstrip(_CLOSERS)
            terminal = bool(end) and end[-1] in _SENTENCE_ENDS
        classes = data.translate(_START_CLASSES)
        first = classes[:1]
        upper = classes.count(b" U") + (first == b"U")
        letters = upper + classes.count(b" L") + (first == b"L")
        words = max(spaced_words, letters) if letters <= spaced_words * 2 else spaced_words
        if words >= PROSE_WORDS:
            clauses = _clauses(data.translate(_CLAUSE_CLASSES), text)
            # _letter_count(text): the letters are the bytes classed upper or lower case.
            wordy = classes.count(b"U") + classes.count(b"L") >= 3 * letters
        else:
            clauses = 0
            wordy = True
    # Scripts without case (CJK, Arabic, Hebrew, Thai) count as lower case: no word there is
    # capitalised like a title or a menu entry.
    ratio = (letters - upper) / letters if letters else 0.0
    # normal_key(text): no character turns into a space or out of one when case folded. A
    # Latin-1 text's fold is its bytes' by a table, several times cheaper than casefold on
    # text that is not ASCII, but for the two characters that fold to something else.
    joined = " ".join(parts)
    if (
        latin1 is not None
        and not latin1.isascii()
        and b"\xdf" not in latin1
        and b"\xb5" not in latin1
    ):
        key = joined.encode("latin-1").translate(_CASEFOLD_LATIN1).decode("latin-1")
    else:
        key = joined.casefold()
    return (
        words,
        letters,
        terminal,
        clauses,
        wordy,
        ratio,
        key,
        _is_prose(words, letters, terminal, clauses, ratio, wordy),
        words <= SHORT_WORDS and not (terminal and words >= 4),
        terminal and letters >= 4 and ratio >= 0.3,
    )


# Latin-1 byte -> the byte of its case fold (itself for "ß" and "µ", whose folds are "ss" and
# a Greek letter: _shape leaves a text holding them to str.casefold).
_CASEFOLD_LATIN1 = bytes(
    ord(folded) if len(folded) == 1 and ord(folded) < 256 else code
    for code, folded in enumerate(chr(code).casefold() for code in range(256))
)


# Latin-1 byte -> its part in _CLAUSE_RE: "C" a clause mark ([,;:]), "E" a sentence end
# ([.!?]), " " the space, "W" other whitespace (\s), "x" any other character (\S).
_CLAUSE_CLASSES = bytes(
    ord(
        "C"
        if ch in ",;:"
        else "E"
        if ch in ".!?"
        else " "
        if ch == " "
        else "W"
        if re.match(r"\s", ch)
        else "x"
    )
    for ch in map(chr, range(256))
)


def _clause_count(text: str) -> int:
    r"""``len(_CLAUSE_RE.findall(text))``, counted in C on the text's byte classes.

    The matches are the "C " pairs and the "E x" triples: none overlaps another unless a
    sentence end's \S is itself a mark ("E C", "E E"), where findall's left-to-right choice
    counts, and the regex is asked. Typographic marks (no spaces) stand in as a letter.
    """
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        marked = text
        for mark in _NOT_LETTER_MARKS:
            if mark in marked:
                marked = marked.replace(mark, "a")
        try:
            data = marked.encode("latin-1")
        except UnicodeEncodeError:
            return len(_CLAUSE_RE.findall(text))
    return _clauses(data.translate(_CLAUSE_CLASSES), text)


def _clauses(classes: bytes, text: str) -> int:
    """_clause_count from ``text``'s byte classes by _CLAUSE_CLASSES."""
    if b"E C" in classes or b"E E" in classes:
        return len(_CLAUSE_RE.findall(text))
    return classes.count(b"C ") + classes.count(b"E x")


def _measured_by_regexes(text: str, spaced_words: int) -> tuple[int, int, int, int, bool]:
    """_shape's words, letters, capitals, clauses and wordiness, measure by measure (the
    regexes where a byte table cannot read the text); ``spaced_words``: its words by split."""
    # First letters of words: how many words, and how many start lowercase (prose has many such
    # words, menus and headlines in title case few).
    letters, upper = _word_starts(text)
    # _word_count, with the split already made.
    if spaced_words * 6 < len(text) and _no_space_script(text[:40]):
        words = max(spaced_words, len(text) // 2)
    elif letters <= spaced_words * 2:
        words = max(spaced_words, letters)
    else:
        words = spaced_words
    # Clauses and word lengths only matter for lines long enough to be prose.
    if words >= PROSE_WORDS:
        clauses = len(_CLAUSE_RE.findall(text))
        return words, letters, upper, clauses, _letter_count(text) >= 3 * letters
    return words, letters, upper, 0, True


# Latin-1 byte -> its part in _WORD_START_RE: "U" an upper-case letter, "L" another letter
# ([^\W\d_]), "J" another character a word start may not follow ([\w'-]), " " the rest.
_START_CLASSES = bytes(
    ord(
        ("U" if ch.isupper() else "L")
        if ch.isalnum() and not ch.isdecimal()
        else ("J" if ch.isalnum() or ch in "_'-" else " ")
    )
    for ch in map(chr, range(256))
)


def _word_starts(text: str) -> tuple[int, int]:
    """How many matches ``_WORD_START_RE`` finds in ``text``, and how many are upper case.

    A start is a letter after a space-class character or at the text's start. Latin-1 text
    (once "’" reads as "'", the same class) is classed by one byte table and the pairs
    counted in C, three times cheaper than the regex with its look-behind at every position.
    """
    try:
        data = text.replace("’", "'").encode("latin-1").translate(_START_CLASSES)
    except UnicodeEncodeError:
        try:  # typographic quotes and dashes are of the space class
            data = spaced(text.replace("’", "'")).encode("latin-1").translate(_START_CLASSES)
        except UnicodeEncodeError:
            starts = _WORD_START_RE.findall(text)
            return len(starts), sum(map(str.isupper, starts))
    first = data[:1]
    upper = data.count(b" U") + (first == b"U")
    return upper + data.count(b" L") + (first == b"L"), upper


def _is_terminal(text: str) -> bool:
    """Ends like a sentence: . ! ? or … possibly followed by closing quotes or brackets."""
    if text[-1:] in _QUOTES:
        return True
    end = text.rstrip(_CLOSERS)
    return bool(end) and end[-1] in _SENTENCE_ENDS


def line_score(info: LineInfo, in_run: bool, foreign: bool = False) -> float:
    """A line's vote for being inside the article body."""
    if foreign:
        # A sentence in another language than the article: a translated teaser or a notice.
        return -4.0
    if info.is_prose:
        return float(min(info.words, 80))
    if info.is_sentence:
        return info.words / 2
    # Runs of short lines are menus and link lists; an isolated one is likely a subheading.
    return -3.0 if in_run else -1.5


@dataclass(frozen=True)
class Analysis:
    doc: Document
    infos: tuple[LineInfo, ...]

    @cached_property
    def by_index(self) -> dict[int, LineInfo]:
        return {info.index: info for info in self.infos}

    @cached_property
    def language(self) -> str | None:
        """The article's language, from its prose lines (menus may be in another).

        Lines vote by their length, so a long footer notice in English does not outvote a
        German article of many shorter paragraphs.
        """
        prose = [i for i in self.infos if i.is_prose]
        if not prose:
            return self.doc.language
        votes: Counter[str] = Counter()
        # Longest first, the lines of a length in their order (a reversed sort is stable).
        voters = sorted(prose, key=_WORDS, reverse=True)[:_LANGUAGE_VOTERS]
        weights = [min(info.words, 60) for info in voters]
        remaining = sum(weights)
        for info, weight in zip(voters, weights, strict=True):
            guess = language.detect(info.text, max_words=60)
            remaining -= weight
            if guess.code is not None:
                votes[guess.code] += weight
            ranked = votes.most_common(2)
            # Stop once the leader cannot be caught: the shorter voters left weigh too little.
            if ranked and ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else 0) > remaining:
                break
        return votes.most_common(1)[0][0] if votes else self.doc.language

    @cached_property
    def sure_chrome(self) -> frozenset[int]:
        """Lines that are a known chrome phrase as a whole ("Share", "Kommentare (3)").

        They go whatever their position, so the body is found as if they were already gone:
        they score nothing and do not break or lengthen runs, and a second pass, without them,
        finds the same body.
        """
        sure = []
        for info in self.infos:
            if info.words > SHORT_WORDS:
                continue
            found = phrases.matches(info.text)
            # Whole-line matches come first, and only with each other.
            if found and found[0].mode == "whole" and not all(m.ambiguous for m in found):
                sure.append(info.index)
        return frozenset(sure)

    @cached_property
    def run_groups(self) -> tuple[tuple[int, ...], ...]:
        """Runs of consecutive short lines (no blank line between), as line indices."""
        groups: list[tuple[int, ...]] = []
        run: list[int] = []
        last = -2
        sure = self.sure_chrome
        for info in self.infos:
            adjacent = info.index == last + 1
            last = info.index
            if info.index in sure and adjacent:
                continue
            if info.is_short and run and adjacent:
                run.append(info.index)
                continue
            if run:
                groups.append(tuple(run))
            run = [info.index] if info.is_short and info.index not in sure else []
        if run:
            groups.append(tuple(run))
        return tuple(groups)

    @cached_property
    def quantity_lists(self) -> frozenset[int]:
        """Lines of runs where most lines open with a quantity ("200 g flour", "2 tbsp oil"):
        ingredient and specification lists, content wherever they stand, not menus."""
        listed: set[int] = set()
        for group in self.run_groups:
            if len(group) < 3:
                continue
            quantities = sum(1 for i in group if _QUANTITY_RE.match(self.by_index[i].text))
            if quantities * 2 >= len(group):
                listed.update(group)
        return frozenset(listed)

    @cached_property
    def runs(self) -> dict[int, int]:
        """For each short line, the length of the run of short lines it belongs to."""
        return {i: len(group) for group in self.run_groups for i in group}

    @cached_property
    def body(self) -> tuple[int, int] | None:
        """First and last line index of the article body (inclusive), or None without prose."""
        span = self.best_span
        if span is None:
            return None
        first, last = span
        inside = self.between(first, last)
        total = sum(i.words for i in inside if i.is_prose)
        seen = 0
        last_prose = first
        closing = self.closing
        for info in inside:
            if closing is not None and info.index >= closing:
                return first, last_prose
            if info.is_prose:
                seen += info.words
                last_prose = info.index
                continue
            kind = end_marker(info)
            if kind is None:
                continue
            # A closing heading ends the body only below most of its prose: share buttons and
            # "read also" boxes also stand under the lead paragraph.
            if seen >= _END_AFTER * total and seen > 0:
                return first, last_prose
        return first, last

    @cached_property
    def closing(self) -> int | None:
        """The line after which the article is over: a closing heading ("Comments", "Related",
        "Share this") or two chrome-phrase lines in a row, one of a closing kind, below most of
        the body's prose."""
        span = self.best_span
        if span is None:
            return None
        inside = self.between(*span)
        total = sum(i.words for i in inside if i.is_prose)
        seen = 0
        for position, info in enumerate(inside):
            if info.is_prose:
                seen += info.words
                continue
            if seen == 0 or seen < _CLOSED_AFTER * total:
                continue
            if end_marker(info) is not None:
                return info.index
            after = inside[position + 1] if position + 1 < len(inside) else None
            if after is None or after.is_prose:
                continue
            # Two chrome lines in a row, one of them a closing kind ("Print" and "Email"): a
            # toolbar under the article. Navigation next to a media label alone is no end.
            kinds, after_kinds = _chrome_kinds(info), _chrome_kinds(after)
            if kinds and after_kinds and (kinds | after_kinds) & END_KINDS:
                return info.index
        return None

    @cached_property
    def late(self) -> frozenset[int]:
        """Body lines below most of its prose (the last 30%): where teasers and toolbars stand."""
        _, total = self.prose_above
        return frozenset(
            info.index
            for info, seen in self.prose_above[0]
            if not info.is_prose and seen and seen >= _CLOSED_AFTER * total
        )

    @cached_property
    def prose_above(self) -> tuple[tuple[tuple[LineInfo, int], ...], int]:
        """Each body line with the prose words of the body above it, and the body's total."""
        body = self.body
        if body is None:
            return (), 0
        inside = self.between(*body)
        total = sum(i.words for i in inside if i.is_prose)
        seen = 0
        lines = []
        for info in inside:
            lines.append((info, seen))
            if info.is_prose:
                seen += info.words
        return tuple(lines), total

    @cached_property
    def best_span(self) -> tuple[int, int] | None:
        """The run of lines with the highest body score, before closing headings cut it."""
        span = _max_subarray(self._scores())
        if span is None:
            return None
        return self.infos[span[0]].index, self.infos[span[1]].index

    def _scores(self) -> list[float]:
        """``[self._score(info) for info in self.infos]``, in one loop: line_score's tests
        inline, and a line's run looked up only for the short lines whose score reads it."""
        sure = self.sure_chrome
        runs = self.runs
        in_language = self.in_language
        scores: list[float] = []
        append = scores.append
        for info in self.infos:
            if info.index in sure:
                append(0.0)
            elif info.is_prose:
                if info.words < _FOREIGN_CHECK_WORDS and in_language(info) is False:
                    append(-4.0)  # line_score of a foreign line
                else:
                    append(float(min(info.words, 80)))
            elif info.is_sentence:
                append(info.words / 2)
            else:
                append(-3.0 if runs.get(info.index, 0) >= 3 else -1.5)
        return scores

    def between(self, first: int, last: int) -> list[LineInfo]:
        """``[i for i in self.infos if first <= i.index <= last]``, cut out by bisection."""
        indices = self._indices
        return list(self.infos[bisect_left(indices, first) : bisect_right(indices, last)])

    @cached_property
    def zone_positions(self) -> tuple[int, int, int] | None:
        """Where the zones begin among ``infos``: positions ``(lead, body, footer)`` such that
        ``zone(info.index)`` of the info at position ``p`` is ``header`` below ``lead``,
        ``lead`` below ``body``, ``body`` below ``footer`` and ``footer`` from there; None when
        it is ``none`` for every line.

        Rules that look at the lines outside the body (or inside it) walk those positions, not
        every line asking its zone: a zone asked of every line by every rule was a twentieth
        of the rules' work.
        """
        body = self.body
        start = self.start
        if body is None or start is None:
            return None
        # Line indices grow with position, and start <= body[0] <= body[1] (start is the
        # headline only when it stands above the body), so each zone is one run of positions.
        indices = self._indices
        return (
            bisect_left(indices, start),
            bisect_left(indices, body[0]),
            bisect_right(indices, body[1]),
        )

    @cached_property
    def _indices(self) -> list[int]:
        """Each line's index, in order (infos are in the order of the lines)."""
        return list(map(_INDEX, self.infos))

    def _score(self, info: LineInfo) -> float:
        if info.index in self.sure_chrome:
            return 0.0
        foreign = (
            info.is_prose and info.words < _FOREIGN_CHECK_WORDS and self.in_language(info) is False
        )
        return line_score(info, self.runs.get(info.index, 0) >= 3, foreign)

    @cached_property
    def substantial(self) -> bool:
        """Whether the body is an article (two paragraphs or more) rather than a stray line.

        Position-based rules act only then: around a single sentence, "above" and "below" mean
        little, and a later phase rewriting that sentence would move the zones.
        """
        # Judged before a closing heading cuts the body short, so removing that heading does
        # not change the verdict on a second pass.
        span = self.best_span
        if span is None:
            return False
        prose = [i for i in self.between(*span) if i.is_prose]
        words = sum(i.words for i in prose)
        # Paragraphs, not lines: the lines of one hard-wrapped paragraph count once.
        blocks = sum(
            1 for n, info in enumerate(prose) if n == 0 or prose[n - 1].index + 1 != info.index
        )
        return (blocks >= 2 and words >= _SUBSTANTIAL_WORDS) or words >= 3 * _SUBSTANTIAL_WORDS

    @cached_property
    def start(self) -> int | None:
        """Where the article starts: its headline if found, else the first line of the body."""
        body = self.body
        if body is None:
            return None
        headline = self.headline
        return headline if headline is not None and headline < body[0] else body[0]

    def zone(self, index: int) -> str:
        """``header``, ``lead`` (headline to body), ``body`` or ``footer``; ``none`` without body.

        The lead holds the headline, bylines, dates and teasers above the first paragraph: only
        rules that recognise a line for what it is remove lines there.
        """
        bounds = self._zone_bounds
        if bounds is None:
            return "none"
        if index < bounds[0]:
            return "header"
        if index < bounds[1]:
            return "lead"
        if index > bounds[2]:
            return "footer"
        return "body"

    @cached_property
    def _zone_bounds(self) -> tuple[int, int, int] | None:
        """(start, first body line, last body line) for ``zone``, which rules ask of every
        line."""
        body = self.body
        start = self.start
        if body is None or start is None:
            return None
        return start, body[0], body[1]

    @cached_property
    def counts(self) -> Counter[str]:
        return Counter(map(_KEY, self.infos))

    def line_language(self, info: LineInfo) -> LanguageGuess:
        return _line_language(info.text)

    def in_language(self, info: LineInfo) -> bool | None:
        """Whether a line is in the article's language; None when either is unknown.

        Kept per line text (the answer reads nothing else of the line): the body scores and
        several rules ask it of the same lines, and each answer reads the line's words against
        the language's frequent words and may detect the line's language."""
        answers = self._language_answers
        text = info.text
        if text in answers:
            return answers[text]
        found = answers[text] = self._in_language(info)
        return found

    @cached_property
    def _language_answers(self) -> dict[str, bool | None]:
        return {}

    def _in_language(self, info: LineInfo) -> bool | None:
        if self.language is None or info.letters_words < 3:
            return None
        if language.known_share(info.text, self.language) >= _KNOWN_SHARE:
            return True
        guess = self.line_language(info)
        if guess.code is None or guess.confidence < 0.5:
            return None
        return guess.code == self.language

    @cached_property
    def title_parts(self) -> frozenset[str]:
        """The first line (a page title) and its parts between separators, as keys."""
        if not self.infos:
            return frozenset()
        text = self.infos[0].text
        parts = {normal_key(p) for p in _TITLE_SEPARATORS_RE.split(text)}
        parts.add(self.infos[0].key)
        return frozenset(p for p in parts if len(p.split()) >= 2)

    @cached_property
    def headline(self) -> int | None:
        """Index of the article's headline: kept by every position-based rule.

        It is the first line above the body that repeats the page title (or part of it), else
        the first headline-shaped line in the article's language shortly above the body.
        """
        body = self.body
        limit = body[0] if body is not None else (self.infos[-1].index + 1 if self.infos else 0)
        # The lines above the limit, cut out by bisection (infos are in the order of the lines).
        before = self.infos[: bisect_left(self._indices, limit)]
        candidates = [i for i in before if self._headline_shaped(i)]
        titled = [
            i
            for i in candidates[1:]
            if i.key in self.title_parts and self.in_language(i) is not False
        ]
        if titled:
            return titled[0].index
        above = list(map(_INDEX, before[-_HEADLINE_REACH:]))
        first = self.infos[0].index if self.infos else -1
        above_keys = Counter(map(_KEY, before))
        for info in candidates:
            # The first line is the page title: the headline itself once a pass removed the
            # chrome above it, so it may stand far above the body and repeat in the footer's
            # teasers (but a line repeated above the body is a banner).
            if above_keys[info.key] > 1:
                continue
            if info.index != first and (info.index not in above or self.counts[info.key] > 1):
                continue
            if self.in_language(info) is not False:
                return info.index
        return None

    def _headline_shaped(self, info: LineInfo) -> bool:
        if not 3 <= info.letters_words <= 30 or info.is_prose:
            return False
        # A banner ("Site | Section") is not a headline, nor is a sentence or a menu entry.
        if info.text.endswith(".") or " | " in info.text or self.runs.get(info.index, 0) >= 3:
            return False
        if _GLUED_TAG_RE.match(info.text):
            return False
        found = phrases.matches(info.text)
        if any(m.mode in ("whole", "label", "prefix") for m in found):
            return False
        # "By Jane Doe", "Von Max Muster": a one-word byline label before a short name.
        # The line's words as matches cut them (cached: matches just read them).
        first = phrases.line_words(info.text)[:1]
        return not (info.words <= 5 and "byline" in phrases.book().lookup(first))


def _max_subarray(scores: list[float]) -> tuple[int, int] | None:
    """Positions of the run of lines with the highest total score (Kadane)."""
    best = 0.0
    best_span: tuple[int, int] | None = None
    total = 0.0
    start = 0
    for position, score in enumerate(scores):
        if total <= 0:
            total = 0.0
            start = position
        total += score
        if total > best:
            best = total
            best_span = (start, position)
    if best_span is None or best < PROSE_WORDS:
        return None
    return best_span


def end_marker(info: LineInfo) -> str | None:
    """The kind of a short closing heading: "Related articles", "Comments (3)", "Share this"."""
    if info.is_prose or info.words > 8:
        return None
    for match in phrases.matches(info.text):
        if match.kind in END_KINDS and match.mode in ("whole", "prefix"):
            return match.kind
    return None


def _chrome_kinds(info: LineInfo) -> frozenset[str]:
    """The kinds of chrome phrase a short line is, or starts with."""
    if info.words > 8:
        return frozenset()
    return frozenset(
        m.kind for m in phrases.matches(info.text) if m.mode != "contains" and not m.ambiguous
    )


def is_end_marker(info: LineInfo) -> bool:
    return end_marker(info) is not None


@lru_cache(maxsize=4096)
def _line_language(text: str) -> LanguageGuess:
    return language.detect(text)


@lru_cache(maxsize=16)
def _analyse(doc: Document) -> Analysis:
    lines, texts = doc.content_columns()
    infos: list[LineInfo] = []
    append = infos.append
    new, set_ = _new, _set
    # Each line's fields are a copy of its text's (cached: passes and pages see the same
    # lines) with the line and its index filled in: one copy in C where _line_info built the
    # dict of fourteen fields from the shape.
    for line, fields in zip(lines, map(_fields, texts), strict=True):
        values = fields.copy()
        values["line"] = line
        values["index"] = line.index
        info = new(LineInfo)
        set_(info, "__dict__", values)
        append(info)
    return Analysis(doc, tuple(join_wrapped(infos)))


# Half the entries of 16,384 hold about as many repeats (a site's menus and footers recur in
# its next pages, not a thousand pages later) for about 7 MB less in a batch worker, which must
# stay under 300 MB.
@lru_cache(maxsize=8192)
def _fields(text: str) -> dict[str, object]:
    """The ``__dict__`` of ``describe_text(text, line)`` with ``line`` and ``index`` left as
    None (in their places: the keys keep the dataclass's field order). Only ever copied."""
    return _line_info_fields(None, None, text, _shape.__wrapped__(text))


def analyse(doc: Document) -> Analysis:
    """The shared analysis of ``doc`` (cached: every chrome rule asks for the same text)."""
    return _analyse(doc)
