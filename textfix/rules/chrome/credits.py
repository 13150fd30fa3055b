"""Source, credit and byline lines, and dates or times alone on a line."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, filterfalse
from operator import not_

from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import Analysis, LineInfo, analyse
from textfix.rules.chrome.common import (
    APPLY,
    LIKELY,
    SURE,
    agencies,
    date_words,
    has_digit,
    quote,
    remove,
)
from textfix.rules.chrome.phrases import (
    first_words,
    line_words,
    matches,
    normalise,
    phrases_of,
)

_MAX_CREDIT_WORDS = 20
_MAX_BYLINE_WORDS = 10
_NUMERIC_DATE_RE = re.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.\s?\d{1,2}\.)(?!\d)"
)
_TIME_RE = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")
_PAREN_CREDIT_RE = re.compile(r"\((?:[^()]{0,15}):[^()]{1,60}\)\s*$")
# A caption whose last words credit the picture: "... Klemmer. Foto: Agentur/Name",
# "Bridge at night © Name / Agency": the label (one or two words) follows a sentence end, a
# dash, a bar, a slash or the line's start, and a few words of credit close the line.
_TRAILING_CREDIT_RE = re.compile(
    r"(?:^|[.!?,)\]]\s+|\s[|–—/-]\s+|\()([^\W\d_]+(?:\s[^\W\d_]+)?)\s?:\s*(\S[^:]{0,80})$"
)
# A caption closed by a credit phrase after a slash: "Harbour at dawn /public domain".
_SLASH_TAIL_RE = re.compile(r"\s/\s*([^/]{2,40})$")
# "(c)" counts only after a separator ("Hall of the university / (c) Name"): alone it may be
# the third item of an "(a), (b), (c)" list.
_COPYRIGHT_TAIL_RE = re.compile(r"(?:\s\(?©|\s[/|–—-]\s*\([cC]\))\s*(\S[^©]{0,80})$")
_MAX_CREDIT_VALUE_WORDS = 8
# A line opening with a copyright sign, or the word and a sign or year after it ("(c)" alone
# may open the third item of a list).
_COPYRIGHT_START_RE = re.compile(r"\(?(?:©|[Cc]opyright\s*(?:©|\([cC]\)|\d))")
# A caption closed by its credit in brackets: "... (Agency/Name)", "... (Foto: Name, Agency)".
_PAREN_TAIL_RE = re.compile(r"\(([^()]{2,60})\)\s*$")
_SHORT_DOTTED_VALUE = 4
# Words of a short line that name the picture agency: "Name / Agency", "Agency/Name".
_CREDIT_SPLIT_RE = re.compile(r"\s*/\s*|,\s*|\s+-\s+")


@lru_cache(maxsize=4096)
def source_value(text: str) -> str | None:
    """The value of a "Source: X" line, else None (cached: every pass asks of every line)."""
    for match in matches(text):
        if match.kind == "source" and match.mode == "label":
            return text.split(":", 1)[1].strip() or None
    return None


def _agency_parts(text: str) -> int:
    """How many comma- or slash-separated parts of a short line are news agencies."""
    names = agencies()
    parts = [normalise(p) for p in re.split(r"[,/;]|\s+-\s+", text)]
    return sum(1 for p in parts if p in names)


def credit_confidence(
    info: LineInfo, analysis: Analysis, sources: frozenset[str]
) -> tuple[float, str] | None:
    if info.index == analysis.headline:
        return None
    if info.words <= _MAX_CREDIT_WORDS:
        found = _credit_shape(info.text, info.words, info.terminal, info.is_prose)
        if found is not None:
            return found
        # The same text as the value of a "Source:" line elsewhere: a credit repeated in the
        # header.
        if info.text in sources:
            return LIKELY, "repeats the source line"
    if info.is_prose and info.words <= _MAX_CAPTION_WORDS:
        caption = _caption_credit(info.text)
        if caption is not None:
            return APPLY, caption
    return None


# A caption long enough to read as prose: "Crews at work on Tuesday. Photo: Name/Agency".
_MAX_CAPTION_WORDS = 60
# A credit and its label fit in this many characters at the end of a caption.
_CAPTION_TAIL_CHARS = 120


@lru_cache(maxsize=4096)
def _caption_credit(text: str) -> str | None:
    """A sentence or two closed by a labelled picture credit after the last sentence's end
    ("... am Dienstag. Foto: Name/Agentur", "... (Foto: Agentur)", "... © Name"): the caption
    of a picture. A paragraph does not end in a credit label."""
    tail = text[-_CAPTION_TAIL_CHARS:]
    if ":" not in tail and "©" not in tail and "(c)" not in tail.lower():
        return None  # most paragraphs: no label or copyright sign near the end
    match = _TRAILING_CREDIT_RE.search(text)
    if match is not None and _short_value(match.group(2)):
        label = match.group(1)
        if any(m.kind == "credit" and m.mode == "whole" for m in matches(label)):
            return "caption ending in a credit"
    match = _COPYRIGHT_TAIL_RE.search(text)
    if match is not None and _short_value(match.group(1)):
        return "caption ending in a copyright credit"
    if _PAREN_CREDIT_RE.search(text):
        label = text[text.rfind("(") + 1 :].split(":", 1)[0]
        if any(m.kind == "credit" and m.mode == "whole" for m in matches(label)):
            return "caption ending in a credit"
    return None


# What one of _credit_shape's tests needs beyond the words of a credit: a colon or a slash (a
# label, a credit after a slash), a copyright sign, a bracket (a credit or "(c)" in brackets).
_CREDIT_MARK_RE = re.compile(r"[:/©()]")
_COPYRIGHT_WORDS = ("Copyright", "copyright")


@cache
def _credit_words() -> frozenset[str]:
    """The words _credit_shape finds a credit by, one of which a line must have unless a mark
    of ``_CREDIT_MARK_RE`` or a copyright notice's opening gives it away: the first words of
    credit and source phrases (a credit line, a "Source:" label) and the last words of
    agencies' names."""
    return first_words("credit") | first_words("source") | _agency_last_words()


@lru_cache(maxsize=4096)
def _credit_shape(text: str, words: int, terminal: bool, prose: bool) -> tuple[float, str] | None:
    """What the line's text alone says of it as a credit (cached: every pass asks again).

    About one line in a hundred is a credit. Each test after the phrase matches runs only when
    the line has what it needs, found by a substring test in C: a copyright sign or opening, a
    closing bracket at the end, a comma, a separator, an agency's last word.
    """
    # Most lines (a hundred to one) have none of the words, marks and openings that the tests
    # below need: found in C, they spare the tests one by one.
    if (
        _credit_words().isdisjoint(line_words(text))
        and _CREDIT_MARK_RE.search(text) is None
        and not text.startswith(_COPYRIGHT_WORDS)
    ):
        return None
    for match in matches(text):
        if match.kind in ("source", "credit") and match.mode == "label":
            return SURE, f"{match.kind} line"
        if match.kind == "credit" and match.mode == "whole" and not match.ambiguous:
            return LIKELY, "credit line"
    first = text[:1]
    # _COPYRIGHT_START_RE opens with "(", "©" or "[Cc]opyright"; the signs startswith looks
    # for open with "©" or "(".
    if first in "©(" or (first in "Cc" and text[1:9] == "opyright"):
        if text.startswith(("©", "(c)", "(C)")) and words <= 12:
            return SURE, "copyright credit"
        if words <= _MAX_CREDIT_WORDS and _COPYRIGHT_START_RE.match(text):
            # "Copyright © 2019 Name GmbH. All rights reserved.", "© agency/Name via
            # www.example.org": a copyright notice is no sentence of the article, however long
            # its holder's name.
            return LIKELY, "copyright notice"
    # Both bracket patterns end in ")" and spaces (\s*$, the spaces str.rstrip takes).
    closed = text.rstrip().endswith(")")
    # A part of the line that is an agency's name ends in the last word of that name, a word
    # of the line: without one, no agency test can pass.
    agency = not _agency_last_words().isdisjoint(line_words(text))
    if closed and _PAREN_CREDIT_RE.search(text) and not prose:
        label = text[text.rfind("(") + 1 :].split(":", 1)[0]
        if any(m.kind in ("credit", "source") for m in matches(label + ":")):
            return LIKELY, "caption ending in a credit"
    if agency and not terminal and words <= 8 and "," in text and _agency_parts(text):
        return LIKELY, "credit naming a news agency"
    paren = _PAREN_TAIL_RE.search(text) if closed else None
    if agency and paren is not None and not prose and _agency_parts(paren.group(1)):
        return LIKELY, "caption ending in an agency credit"
    if not prose and _may_trail_credit(text):
        found = _trailing_credit(text, agency=agency)
        if found is not None:
            return LIKELY, found
    if agency and not terminal and words <= _MAX_AGENCY_LINE_WORDS and _ends_with_agency(text):
        return LIKELY, "credit ending in a picture agency"
    return None


def _may_trail_credit(text: str) -> bool:
    """Whether ``text`` has a mark one of ``_trailing_credit``'s tests needs: a colon, a slash,
    a comma, a spaced dash or a copyright sign."""
    return ":" in text or "/" in text or "," in text or " - " in text or _may_have_copyright(text)


@cache
def _agency_last_words() -> frozenset[str]:
    """The last word of each news or picture agency's name (names are normalised)."""
    return frozenset(name.split()[-1] for name in agencies() if name)


_MAX_AGENCY_LINE_WORDS = 8


def _ends_with_agency(text: str) -> bool:
    """A name and the agency that holds the picture: "Jane Doe Getty Images", "Photo by Jane
    Doe on Unsplash". A one-word agency counts only in a line opened by a credit word: alone
    it may be a word of a heading ("Forum")."""
    words = list(line_words(text))
    if words and words[-1] in ("com", "de", "org"):
        words = words[:-1]  # "iStock.com"
    names = agencies()
    if len(words) >= 3 and " ".join(words[-2:]) in names:
        return True
    if len(words) < 2 or words[-1] not in names:
        return False
    return any(m.kind == "credit" and not m.ambiguous for m in matches(words[0]))


def _may_have_copyright(text: str) -> bool:
    """Whether ``text`` has what ``_COPYRIGHT_TAIL_RE`` needs: a sign, "(c)" or "(C)"."""
    return "©" in text or "(c)" in text or "(C)" in text


def _short_value(value: str) -> bool:
    """A credit's value: a few words, not a sentence (a full stop only after a name or two)."""
    value = value.strip().rstrip(")")
    words = len(value.split())
    if not value or words > _MAX_CREDIT_VALUE_WORDS or value[-1] in "!?":
        return False
    return value[-1] != "." or words <= _SHORT_DOTTED_VALUE


def _trailing_credit(text: str, *, agency: bool = True) -> str | None:
    """The kind of credit that closes a short caption line, if one does. ``agency`` False: no
    word of the line ends an agency's name (the last test is skipped)."""
    # Each pattern needs a character most lines lack (a colon, a slash, a copyright sign): the
    # substring tests in C spare the regexes trying every position of those lines.
    match = _TRAILING_CREDIT_RE.search(text) if ":" in text else None
    if match is not None and _short_value(match.group(2)):
        label = match.group(1)
        if any(m.kind in ("credit", "source") and m.mode == "whole" for m in matches(label)):
            return "caption ending in a credit"
    match = _SLASH_TAIL_RE.search(text) if "/" in text else None
    if match is not None:
        tail = match.group(1)
        if any(m.kind == "credit" and m.mode == "whole" and not m.ambiguous for m in matches(tail)):
            return "caption ending in a credit"
    match = _COPYRIGHT_TAIL_RE.search(text) if _may_have_copyright(text) else None
    if match is not None and _short_value(match.group(1)):
        return "caption ending in a copyright credit"
    if (
        agency
        and ("/" in text or "," in text or " - " in text)
        and len(text.split()) <= _MAX_CREDIT_VALUE_WORDS
        and not text.rstrip().endswith((".", "!", "?"))
    ):
        parts = [normalise(p) for p in _CREDIT_SPLIT_RE.split(text)]
        if len(parts) >= 2 and any(p in agencies() for p in parts):
            return "credit naming a picture agency"
    return None


def source_values(analysis: Analysis) -> frozenset[str]:
    """The values of the document's "Source: X" lines."""
    texts = [info.text for info in analysis.infos if info.words <= _MAX_CREDIT_WORDS]
    # A source line matches a phrase: source_value is asked only of the texts that match one
    # (a few), picked out in C (the matches are cached), and its empty answers filtered out.
    return frozenset(filter(None, map(source_value, compress(texts, map(matches, texts)))))


@rule(
    "chrome.source",
    "chrome",
    "Remove source and credit lines (Source:, Quelle:, Źródło:, Foto:, ©, agency credits)",
    (
        "Body text of the article goes here.\n\nSource: Reuters\n",
        "Body text of the article goes here.\n",
    ),
)
def source(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    headline = analysis.headline
    infos = analysis.infos
    sources = source_values(analysis)
    for info in infos:
        # credit_confidence, inline: it is asked of every line on every pass.
        if info.index == headline:
            continue
        found = None
        words = info.words
        if words <= _MAX_CREDIT_WORDS:
            found = _credit_shape(info.text, words, info.terminal, info.is_prose)
            if found is None and info.text in sources:
                found = LIKELY, "repeats the source line"
        if found is None and info.is_prose and words <= _MAX_CAPTION_WORDS:
            caption = _caption_credit(info.text)
            if caption is not None:
                found = APPLY, caption
        if found is not None:
            confidence, reason = found
            yield remove(info, "chrome.source", confidence, f"{reason} {quote(info.text)}")


def _names(words: list[str]) -> bool:
    """Two to five capitalised words (and a few particles): a person's name or two."""
    particles = {"and", "und", "i", "y", "et", "e", "von", "van", "de", "der", "da", "di", "&"}
    names = [w for w in words if w not in particles]
    return 1 <= len(names) <= 6 and all(w[:1].isupper() for w in names)


def byline_confidence(info: LineInfo, analysis: Analysis) -> float | None:
    if info.words > _MAX_BYLINE_WORDS or info.is_prose or info.text.endswith((".", "?", "!")):
        return None
    if info.index == analysis.headline:
        return None
    found = _byline_shape(info.text)
    if found is None:
        return None
    if found == "label":
        return LIKELY
    return LIKELY if analysis.zone(info.index) != "body" else APPLY


def looks_like_byline(text: str) -> bool:
    """Whether a line's text is a byline ("By Jane Doe", "Autor: Max Muster")."""
    return _byline_shape(text) is not None


@lru_cache(maxsize=4096)
def _byline_shape(text: str) -> str | None:
    """``label`` ("Autor: ..."), ``named`` (a byline word before names) or None, from the text
    alone (cached: every pass asks again)."""
    # Every byline phrase, matched or looked up word by word below, opens with a byline word:
    # a line with none (most lines) is decided on the words matches cut.
    if first_words("byline").isdisjoint(line_words(text)):
        return None
    for match in matches(text):
        if match.kind != "byline":
            continue
        if match.mode == "label":
            return "label"
        if match.mode == "prefix" or match.mode == "whole":
            rest = text.split()[len(match.phrase.split()) :]
            rest = re.split(r"\s[|•·–-]\s|,", " ".join(rest))[0].split()
            if rest and _names(rest):
                return "named"
    # A one-word label before a name: "By Jane Doe", "Von Max Muster", "Por Ana Gómez", also
    # after a date: "Posted on 3 May 2023 by Sam Writer", "12. März 2024 von Anna Beispiel".
    words = text.split()
    reach = min(len(words) - 1, _MAX_DATE_BEFORE_BYLINE + 1)
    if reach <= 0:
        return None
    bylines = phrases_of("byline")
    for at in range(reach):
        if normalise(words[at]) not in bylines:
            continue
        if at and not _is_dated(" ".join(words[:at])):
            continue
        rest = re.split(r"\s[|•·–-]\s|,", " ".join(words[at + 1 :]))[0].split()
        if rest and (_names(rest) or _names_then_date(rest)):
            return "named"
    return None


def _names_then_date(words: list[str]) -> bool:
    """A name, then a date and nothing else: "Jane Doe on May 3", "Max Muster am 14. Mai 2014"
    (the words after the byline word, up to a comma)."""
    split = next((n for n, word in enumerate(words) if not word[:1].isupper()), len(words))
    if not 1 <= split < len(words) or not _names(words[:split]):
        return False
    if date_words().get(normalise(words[split])) != "word":
        return False  # "am", "on", "le": what joins a date on
    found = _date_words(" ".join(words[split:]))
    return (found.numeric or ("month" in found.named and found.has_number)) and not found.other


_MAX_DATE_BEFORE_BYLINE = 6


@dataclass(frozen=True)
class _DateWords:
    """What makes a short text a date: numeric dates, date words beside a number, the rest."""

    numeric: bool
    named: frozenset[str]  # kinds of date words present: "month", "day"
    has_number: bool
    other: tuple[str, ...]  # words that are neither numbers nor date words


def _date_words(text: str, words: Sequence[str] | None = None) -> _DateWords:
    """What makes ``text`` a date; ``words`` are its words if the caller has them."""
    if words is None:
        words = normalise(text).split()
    known = date_words()
    # Each measure mapped or filtered in C (the kinds of date words are no empty strings).
    return _DateWords(
        numeric=bool(_NUMERIC_DATE_RE.search(text)),
        named=frozenset(filter(None, map(known.get, words))),
        has_number=any(map(str.isdigit, words)),
        other=_other_words(words, known),
    )


def _other_words(words: Iterable[str], known: Container[str]) -> tuple[str, ...]:
    """The words that are neither numbers nor ``known`` date words, in order."""
    return tuple(filterfalse(known.__contains__, filterfalse(str.isdigit, words)))


def _is_dated(text: str) -> bool:
    """A short lead-in that carries a date: "Posted on 3 May 2023", "12.03.2024,"."""
    found = _date_words(text)
    dated = found.numeric or ("month" in found.named and found.has_number)
    return dated and len(found.other) <= 2


@rule(
    "chrome.byline",
    "chrome",
    "Remove bylines (By Jane Doe, Von Max Muster, Autor: ...)",
    (
        "By Jane Doe\n\nThe article starts here and goes on.\n",
        "The article starts here and goes on.\n",
    ),
)
def byline(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    # byline_confidence, inline: the lines it does not reject at once (a paragraph, a long
    # line, a sentence's end).
    lines = [
        info
        for info in analysis.infos
        if info.words <= _MAX_BYLINE_WORDS
        and not info.is_prose
        and not info.text.endswith((".", "?", "!"))
    ]
    headline = analysis.headline
    # _byline_shape answers None for a line with no byline word (most lines), picked out in C.
    texts = [info.text for info in lines]
    named = map(not_, map(first_words("byline").isdisjoint, map(line_words, texts)))
    for info in compress(lines, named):
        found = _byline_shape(info.text)
        if found is None or info.index == headline:
            continue
        if found == "label":
            confidence = LIKELY
        else:
            confidence = LIKELY if analysis.zone(info.index) != "body" else APPLY
        yield remove(info, "chrome.byline", confidence, f"byline {quote(info.text)}")


@lru_cache(maxsize=4096)
def is_dateline(text: str) -> bool:
    """A date or time with nothing else but date words, chrome labels and separators."""
    # A line's words, as matches cut them (most lines asked here were read by matches first).
    words = line_words(text)
    if not words or len(words) > 10:
        return False
    known = date_words()
    # More than two words that are neither numbers nor date words (_DateWords.other) and the
    # line is no dateline, whatever its dates: most lines go here, before the date patterns.
    if len(_other_words(words, known)) > 2:
        return False
    found = _date_words(text, words)
    named = bool(found.named & {"month", "day"})
    # A month needs a day or year beside it ("May" alone is a name or a verb).
    if not (found.numeric or (named and found.has_number) or _TIME_RE.fullmatch(text.strip())):
        return False
    if len(found.other) > 2:
        return False
    # "Updated 12.03.2021", "Stand: 3. Mai": the other words must be byline labels.
    return all(any(m.kind == "byline" for m in matches(w)) for w in found.other)


@rule(
    "chrome.dateline",
    "chrome",
    "Remove dates and times that stand alone on a line",
    (
        "21 April 2022\n\nThe article starts here and goes on.\n",
        "The article starts here and goes on.\n",
    ),
)
def dateline(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    for info in analysis.infos:
        if info.words <= 10 and has_digit(info.text) and is_dateline(info.text):
            confidence = LIKELY if analysis.zone(info.index) != "body" else APPLY
            yield remove(info, "chrome.dateline", confidence, f"date alone {quote(info.text)}")


RULES = (source, byline, dateline)
