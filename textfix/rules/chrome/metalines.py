"""Meta lines: a post's date, author, comment count and toolbar joined on one line by
separators ("12. März 2024 | Max Muster | 3 Kommentare", "Pingback von ... | 11.09.2011",
"SHARE / TWEET / 82 COMMENTS").

Each part alone would go as a date, a byline or a chrome phrase; joined, no whole-line rule
knows the line. When at least half of its parts are such chrome and the line is no paragraph,
the line goes. So does a short line of toolbar words side by side without separators
("Weiterempfehlen Drucken", "Impressum & Datenschutz"), when every word is a chrome phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import LineInfo, analyse
from textfix.rules.chrome.common import EXAMPLE_PARAGRAPH, remove_lines_where
from textfix.rules.chrome.credits import is_dateline, looks_like_byline
from textfix.rules.chrome.phrases import book, line_words, matches

# Separators between the parts of a meta line: a bar, a middle dot, a bullet, a slash or a dash
# between spaces (a bar also without them).
_SEPARATOR_RE = re.compile(r"\s+[|·•—–/]\s+|\s*\|\s*")
_PART_STRIP = " »«›‹>"
# Media words ("Video") are content labels as often as chrome.
_NOT_CHROME_KINDS = frozenset({"media"})
_MAX_WORDS = 30
# Labels that name what follows them ("Quelle", "Foto", "Von"): chrome before a name, not
# toolbar words.
_LABEL_KINDS = frozenset({"source", "credit", "byline"})
_TOOLBAR_WORDS = (2, 4)
# The marks _SEPARATOR_RE needs, found by one search in C.
_SEPARATOR_MARK_RE = re.compile("[|/·•—–]")


def _chrome_part(part: str) -> bool:
    part = part.strip(_PART_STRIP)
    if not part:
        return True
    if is_dateline(part) or looks_like_byline(part):
        return True
    return any(
        m.mode != "contains" and not m.ambiguous and m.kind not in _NOT_CHROME_KINDS
        for m in matches(part)
    )


def _toolbar_words(text: str) -> bool:
    """A few toolbar words side by side, no separator between them ("Weiterempfehlen Drucken",
    "Impressum & Datenschutz"): every word a chrome phrase alone, one at least sure."""
    words = line_words(text)
    if not _TOOLBAR_WORDS[0] <= len(words) <= _TOOLBAR_WORDS[1]:
        return False
    # Most short lines have a word that is no such phrase: one set test in C says so.
    if not _toolbar_kind_words().issuperset(words):
        return False
    phrases = book()
    sure = False
    for word in words:
        kinds = phrases.lookup((word,)) - _NOT_CHROME_KINDS - _LABEL_KINDS
        if not kinds:
            return False
        sure = sure or any((kind, word) not in phrases.ambiguous for kind in kinds)
    return sure


@cache
def _toolbar_kind_words() -> frozenset[str]:
    """The single words that are a phrase of a kind ``_toolbar_words`` counts (not a media
    word, not a label): a line with another word is no toolbar."""
    leave = _NOT_CHROME_KINDS | _LABEL_KINDS
    return frozenset(
        key for key, kinds in book().kinds.items() if " " not in key and not kinds <= leave
    )


def is_meta_line(info: LineInfo) -> bool:
    """Two parts or more between separators, at least half of them chrome; not a paragraph."""
    if info.is_prose or info.words > _MAX_WORDS:
        return False
    text = info.text
    # The marks _SEPARATOR_RE needs, one substring test each (a generator over them cost more).
    if not ("|" in text or "/" in text or "·" in text or "•" in text or "—" in text or "–" in text):
        # most lines, decided without a regex
        return info.is_short and info.words >= _TOOLBAR_WORDS[0] and _toolbar_words(text)
    if "|" not in text and _SEPARATOR_RE.search(text) is None:
        return False
    parts = [p for p in _SEPARATOR_RE.split(info.text) if p.strip(_PART_STRIP)]
    if len(parts) < 2:
        return False
    return 2 * sum(_chrome_part(p) for p in parts) >= len(parts)


@rule(
    "chrome.meta-line",
    "chrome",
    "Remove lines that join a date, a byline, a comment count or toolbar words with separators",
    ("12 March 2024 | By Sam Writer | 3 comments\n\n" + EXAMPLE_PARAGRAPH, EXAMPLE_PARAGRAPH),
)
def meta_line(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    # is_meta_line is asked only of the lines it does not reject at once: not a paragraph nor
    # a long line, and a short line of two words or more or a line with a separator mark.
    least = _TOOLBAR_WORDS[0]
    marked = _SEPARATOR_MARK_RE.search
    lines = [
        info
        for info in analysis.infos
        if not info.is_prose
        and info.words <= _MAX_WORDS
        and ((info.is_short and info.words >= least) or marked(info.text))
    ]
    yield from remove_lines_where(analysis, is_meta_line, "chrome.meta-line", "meta line", lines)


RULES = (meta_line,)
