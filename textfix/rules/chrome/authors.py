"""Author boxes: the sentence about the writer under (or over) an article ("Jane Doe is a
senior writer for The Example.", "Max Muster ist Redakteur im Ressort Politik.").

A line goes when it opens with a name (one to three capitalised words), then a verb such as
"is" or "ist", then a job title of the press or of academia within a few words, and stands
where author boxes stand: outside the body, or in the body's second half.

A blog's box speaks in the first person ("Hi, I'm Jane, food writer and mother of two ...",
"Ich bin Steffi, ..."): such a self-introduction goes only below the body or as the body's last
paragraph, where the box stands; higher up it may be an interview or the post itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from textfix import dictionaries
from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import Analysis, LineInfo, analyse
from textfix.rules.chrome.common import APPLY, EXAMPLE_STORY, quote, remove
from textfix.rules.chrome.phrases import normalise

# The verbs that join a name to a job title, in every shipped language.
_VERBS = frozenset(
    {"is", "was", "ist", "war", "leitet", "est", "es", "era", "jest", "był", "była", "è", "é"}
)
# One of those verbs as the second to fourth word.
_VERB_NEAR_START_RE = re.compile(
    r"^\S+(?:\s+\S+){0,2}\s+(?:" + "|".join(sorted(_VERBS)) + r")\s", re.IGNORECASE
)
# Words that open a sentence about something else than a named person.
_NOT_NAMES = frozenset(
    {
        "the", "a", "an", "this", "that", "he", "she", "it", "they", "there", "what", "who",
        "der", "die", "das", "ein", "eine", "dieser", "diese", "dieses", "er", "sie", "es",
        "wer", "was", "le", "la", "les", "un", "une", "il", "elle", "ce", "c", "el", "los",
        "las", "lo", "o", "os", "gli", "to", "ten", "ta",
    }
)  # fmt: skip
# "Hi, I'm Jane, ...", "Ich bin Steffi – ...", "Je m'appelle Marie, ...": a greeting, a verb
# of introduction, a capitalised name of one or two words, then a comma or a dash. Bare "soy",
# "sou", "sono" also mean "they are" or open other sentences: only after a greeting.
_INTRO_VERBS = (
    r"ich bin|ich hei(?:ß|ss)e|mein name ist|i'm|i’m|i am|my name is|je suis|je m['’]appelle"
    r"|me llamo|mi nombre es|mi chiamo|meu nome é|me chamo|jestem|mam na imię|nazywam się"
)
_GREETING = r"(?:hallo|hi|hey|hello|servus|moin|hej|salut|bonjour|hola|ciao|olá|oi|cześć)"
_SELF_INTRO_RE = re.compile(
    rf"^(?:{_GREETING}[\s,!.:]+(?:{_INTRO_VERBS}|soy|sou|sono)|(?:{_INTRO_VERBS}))\s+"
    r"(?-i:[A-ZÀ-ÞĀ-Ž][\w'’-]+)(?:\s+(?-i:[A-ZÀ-ÞĀ-Ž][\w'’-]+))?\s*[,–—-]",
    re.IGNORECASE,
)
_MIN_INTRO_WORDS = 8
_MAX_NAME = 3
# How many words after the verb the job title may stand ("is a senior staff writer").
_ROLE_REACH = 6
_MIN_WORDS = 5
_MAX_WORDS = 80
# Inside the body, a box stands below half of the article's prose.
_LATE_SHARE = 0.5


@cache
def roles() -> frozenset[str]:
    return frozenset(normalise(word) for word in dictionaries.entries("chrome/roles.txt"))


def is_author_bio(info: LineInfo) -> bool:
    """Name, verb, job title: "Jane Doe is a senior writer for ...", not a paragraph of news
    that happens to mention a title further on."""
    if not _MIN_WORDS <= info.words <= _MAX_WORDS:
        return False
    return _author_bio_text(info.text)


@lru_cache(maxsize=4096)
def _author_bio_text(text: str) -> bool:
    """``is_author_bio`` of a line long enough, from its text alone (cached: every pass asks)."""
    if _VERB_NEAR_START_RE.match(text) is None:
        return False  # most lines, decided by one regex in C
    tokens = text.split(None, _MAX_NAME + _ROLE_REACH + 1)
    verb = next(
        (n for n in range(1, min(_MAX_NAME, len(tokens) - 1) + 1) if tokens[n] in _VERBS), None
    )
    if verb is None:
        return False
    name = tokens[:verb]
    if not all(word[:1].isupper() for word in name):
        return False
    if normalise(name[0]) in _NOT_NAMES:
        return False
    after = normalise(" ".join(tokens[verb + 1 : verb + 1 + _ROLE_REACH])).split()
    known = roles()
    # "co-founder", "UK-based editor": the title may be the last part of a compound.
    return any(word in known for word in after)


def is_self_introduction(info: LineInfo) -> bool:
    """A writer introducing themselves: "Hi, I'm Jane, food writer and ...", "Ich bin Max, ..."."""
    return (
        _MIN_INTRO_WORDS <= info.words <= _MAX_WORDS and _SELF_INTRO_RE.match(info.text) is not None
    )


def _late_body(analysis: Analysis) -> frozenset[int]:
    """Body lines below half of the body's prose."""
    lines, total = analysis.prose_above
    return frozenset(info.index for info, seen in lines if seen > _LATE_SHARE * total)


@rule(
    "chrome.author-bio",
    "chrome",
    "Remove author boxes: a name, 'is', a job title ('Jane Doe is a senior writer for ...')",
    (
        EXAMPLE_STORY + "\nSam Writer is a senior reporter for The Example Times.\n",
        EXAMPLE_STORY,
    ),
)
def author_bio(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    if not analysis.substantial:
        return
    late: frozenset[int] | None = None
    body = analysis.body
    headline = analysis.headline
    for info in analysis.infos:
        # Neither test takes a line of fewer than _MIN_WORDS words or more than _MAX_WORDS
        # (a self-introduction needs more still): such lines are not asked.
        if not _MIN_WORDS <= info.words <= _MAX_WORDS or info.index == headline:
            continue
        if not is_author_bio(info):
            # A self-introduction goes only where a blog's box stands: below the body, or as
            # its last paragraph.
            if body is not None and info.index >= body[1] and is_self_introduction(info):
                yield remove(info, "chrome.author-bio", APPLY, f"author box {quote(info.text)}")
            continue
        if analysis.zone(info.index) == "body":
            late = _late_body(analysis) if late is None else late
            if info.index not in late:
                continue
        yield remove(info, "chrome.author-bio", APPLY, f"author box {quote(info.text)}")


RULES = (author_bio,)
