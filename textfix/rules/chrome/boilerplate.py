"""Lines made of known chrome phrases: share, follow, cookie, newsletter, comments, related,
read more, navigation, legal and advertising labels, in every shipped language."""

from __future__ import annotations

from collections.abc import Iterator

from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import Analysis, LineInfo, analyse
from textfix.rules.chrome.common import APPLY, LIKELY, SUGGEST, SURE, quote, remove
from textfix.rules.chrome.phrases import Match, matches

KINDS = frozenset(
    {"share", "follow", "cookie", "newsletter", "comments", "related", "readmore", "nav",
     "legal", "ad", "tags"}
)
# Kinds whose single words can also head a section of an article ("Events", "Archive",
# "Topics"): alone on a line inside the body they are only suggested.
_AMBIGUOUS_IN_BODY = frozenset({"nav", "tags"})
# Kinds whose phrases give away even a long line ("We use cookies to ...").
_STRONG_IN_PROSE = frozenset({"cookie", "legal", "comments", "newsletter"})
_SHORT = 12


def _confidence(match: Match, info: LineInfo, zone: str) -> float:
    in_body = zone == "body"
    if match.mode == "whole":
        if in_body and match.kind in _AMBIGUOUS_IN_BODY and " " not in match.phrase:
            return SUGGEST
        return SURE
    if match.mode == "label":
        if info.words > 30:
            return SUGGEST
        if in_body and match.kind in _AMBIGUOUS_IN_BODY:
            return SUGGEST
        return LIKELY
    if match.mode == "prefix":
        if info.words <= _SHORT and not info.is_prose:
            return LIKELY if not in_body or match.kind not in _AMBIGUOUS_IN_BODY else SUGGEST
        if match.kind in _STRONG_IN_PROSE:
            return APPLY if not in_body else SUGGEST
        return SUGGEST
    # contains
    if info.words <= _SHORT and not info.is_prose:
        return APPLY if not in_body else SUGGEST
    if match.kind in _STRONG_IN_PROSE and not in_body:
        return APPLY
    return SUGGEST


def _best(info: LineInfo, analysis: Analysis) -> tuple[float, Match] | None:
    zone = analysis.zone(info.index)
    best: tuple[float, Match] | None = None
    for match in matches(info.text):
        if match.kind not in KINDS:
            continue
        score = _confidence(match, info, zone)
        if best is None or score > best[0]:
            best = (score, match)
    return best


@rule(
    "chrome.boilerplate",
    "chrome",
    "Remove share, follow, cookie, newsletter, comment, related and navigation lines",
    ("Read on.\n\nShare this article\n", "Read on.\n"),
)
def boilerplate(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    for info in analysis.infos:
        if info.index == analysis.headline:
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
