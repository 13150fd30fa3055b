"""Lines made of known chrome phrases: share, follow, cookie, newsletter, comments, related,
read more, navigation, legal and advertising labels, in every shipped language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import Analysis, LineInfo, analyse
from textfix.rules.chrome.common import APPLY, LIKELY, SUGGEST, SURE, quote, remove
from textfix.rules.chrome.phrases import FORMULA_WORDS, Match, formula, matches, normalise

KINDS = frozenset(
    {
        "share",
        "follow",
        "cookie",
        "newsletter",
        "comments",
        "related",
        "readmore",
        "nav",
        "legal",
        "ad",
        "tags",
    }
)
# Kinds whose phrases give away even a sentence ("We use cookies to ...", "Subscribe now to ...").
_STRONG_IN_PROSE = frozenset(
    {"cookie", "legal", "comments", "newsletter", "related", "readmore", "follow", "share", "ad"}
)
# Kinds whose phrases give away a sentence wherever they stand in it ("... sign up for our
# newsletter today!").
_DISTINCTIVE = frozenset({"cookie", "newsletter"})
# Calls to act that open a sentence only in chrome, even inside the body.
_CALLS = frozenset({"cookie", "newsletter", "comments", "follow", "share", "related", "ad"})
_SHORT = 12
_SENTENCE = 30
# A phrase of FORMULA_WORDS words or more is a whole formula ("all comments are moderated",
# "when you buy through links on our site"): opening a sentence or found inside it, it gives
# the sentence away even inside the body, as a cookie or newsletter word does.
# Inside the body a formula is trusted only in a sentence or a short notice, not in a long
# paragraph that may merely quote it.
_FORMULA_LINE = 60
# A link after a label: "Permalink https://example.org/p/1", "Short URL: www.example.org/x".
_URL_TAIL_RE = re.compile(r"\s+(?:https?://|www\.)\S+$")


def _confidence(match: Match, info: LineInfo, zone: str) -> float:
    in_body = zone == "body"
    if zone in ("body", "late") and match.ambiguous:
        return SUGGEST
    if match.mode == "whole":
        return SURE
    if match.mode == "label":
        # "Disclaimer: ..." labels a notice however long it runs; "Kommentar: ..." may head a
        # paragraph of the article.
        limit = _FORMULA_LINE if match.kind == "legal" else _SENTENCE
        return LIKELY if info.words <= limit else SUGGEST
    if match.mode in ("contains", "prefix") and _is_formula(match):
        return APPLY if info.words <= _FORMULA_LINE or not in_body else SUGGEST
    if match.mode == "contains" and info.is_prose and _is_pair(match):
        # Two ordinary words inside a paragraph ("... and more from a PC", "... weitere
        # Informationen erhalten Sie ...") are ordinary language, wherever the paragraph is.
        return SUGGEST
    short = info.words <= _SHORT and not info.is_prose
    if short:
        if _names_newsletter(match, info):
            return APPLY
        if match.mode == "contains" and info.is_short and 2 * _word_count(match) >= info.words:
            # The phrase is most of the line ("Dieses Skript als PDF herunterladen"): a label
            # with a word or two around it, as sure as one that opens the line.
            return LIKELY
        return LIKELY if match.mode == "prefix" else (APPLY if not in_body else SUGGEST)
    # A sentence: inside the body only a sign-up or comment call gives it away ("Subscribe
    # now to ...", "We use cookies ..."); "More information is available from ..." is prose.
    strong = _CALLS if in_body else _STRONG_IN_PROSE
    if match.kind not in strong:
        return SUGGEST
    if match.mode == "prefix" or match.kind in _DISTINCTIVE:
        return APPLY if info.words <= _SENTENCE or not in_body else SUGGEST
    return APPLY if not in_body else SUGGEST


def _names_newsletter(match: Match, info: LineInfo) -> bool:
    """A short heading ending in a newsletter word ("Get the Weekly Newsletter"): a sign-up
    box's, wherever it stands. A call with more after the word ("Get our free newsletter every
    week") may be the article's own, and waits for its zone."""
    return (
        match.mode == "contains"
        and match.kind == "newsletter"
        and info.is_short
        and normalise(info.text).endswith(match.phrase)
    )


def _is_formula(match: Match) -> bool:
    """A phrase of FORMULA_WORDS words or more, not counting single letters (the "e" of
    "e mail")."""
    words = match.phrase.split()
    return sum(1 for word in words if len(word) > 1 or word.isdigit()) >= FORMULA_WORDS


def _word_count(match: Match) -> int:
    return match.phrase.count(" ") + 1


def _is_pair(match: Match) -> bool:
    """A phrase of exactly two words, of a kind that is not distinctive anywhere."""
    return match.kind not in _DISTINCTIVE and match.phrase.count(" ") == 1


def _best(info: LineInfo, analysis: Analysis) -> tuple[float, Match] | None:
    found = _line_matches(info.text)
    if not found:
        return None  # most lines: no phrase, and no formula either (their zone is not needed)
    zone = analysis.zone(info.index)
    if zone == "body" and info.index in analysis.late and not info.is_sentence:
        # Below most of the article's prose a short chrome line is a toolbar or a teaser
        # heading, as it would be in the footer; a sentence there may still be the article's.
        zone = "late"
    best: tuple[float, Match] | None = None
    for match in found:
        if match.kind not in KINDS:
            continue
        score = _confidence(match, info, zone)
        if best is None or score > best[0]:
            best = (score, match)
    if best is None or best[0] < APPLY:
        # A formula further on than the match found first ("Les opinions exprimées ...
        # n'engagent que leurs auteurs"). Without any match there is no formula either.
        extra = formula(info.text)
        if extra is not None and extra.kind in KINDS:
            score = _confidence(extra, info, zone)
            if best is None or score > best[0]:
                best = (score, extra)
    return best


def _line_matches(text: str) -> tuple[Match, ...]:
    """The line's phrase matches; a whole phrase before a lone link labels that link."""
    found = matches(text)
    if "http" not in text and "www." not in text:
        return found  # most lines: no link for the pattern to find
    tail = _URL_TAIL_RE.search(text)
    if tail is None or tail.start() == 0:
        return found
    labels = tuple(
        replace(m, mode="label") for m in matches(text[: tail.start()]) if m.mode == "whole"
    )
    return found + labels


@rule(
    "chrome.boilerplate",
    "chrome",
    "Remove share, follow, cookie, newsletter, comment, related and navigation lines",
    ("Read on.\n\nShare this article\n", "Read on.\n"),
)
def boilerplate(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    headline = analysis.headline
    infos = analysis.infos
    # _best answers None without asking for a line with no phrase and no link to label (most
    # lines): the phrases mapped in C, the others asked.
    found_phrases = map(matches, [info.text for info in infos])
    lines = [
        info
        for info, found in zip(infos, found_phrases, strict=True)
        if found or "http" in info.text or "www." in info.text
    ]
    for info in lines:
        if info.index == headline:
            continue
        found = _best(info, analysis)
        if found is None:
            continue
        confidence, match = found
        yield remove(
            info,
            "chrome.boilerplate",
            confidence,
            f"{match.kind} phrase {quote(match.phrase)} ({match.mode} line)",
        )


RULES = (boilerplate,)
