"""The article's tail: what follows a block of chrome lines near the end of the body.

The body is found by its prose, so an author box, a site's self-description or a teaser of
another article under the last paragraph counts as body: it is prose too. What gives it away
is the block above it: share buttons, tags, a byline or a "Related" heading, chrome that
other rules recognise for what it is. When such a block (two chrome lines or more) stands
below nearly all of the body's prose and only a little prose follows it, that prose is not
the article's. A block of subheadings or list items does not count: only recognised chrome
lines do, so a closing section of the article under its own heading stays.
"""

from __future__ import annotations

from collections.abc import Iterator

from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import Analysis, LineInfo, analyse
from textfix.rules.chrome.common import APPLY, remove
from textfix.rules.chrome.credits import is_dateline, looks_like_byline
from textfix.rules.chrome.phrases import matches
from textfix.rules.chrome.widgets import widget_label

# Kinds of phrase that make a short line chrome wherever it stands.
_KINDS = frozenset(
    {
        "share",
        "follow",
        "related",
        "comments",
        "newsletter",
        "tags",
        "nav",
        "readmore",
        "legal",
        "ad",
        "cookie",
    }
)
_MAX_CHROME_WORDS = 8
# Recognised chrome lines a block needs before it ends the article.
_MIN_CHROME = 2
# The most prose the tail may hold, as a share of the body's prose words: an article whose
# last sections stand under a toolbar is longer than a bio or a teaser or two.
_TAIL_SHARE = 0.2
# Blocks above this share of the body's prose are toolbars under the lead: they decide nothing.
_DECIDES_AFTER = 0.5
_STORY = (
    "The storm hit the coast on Monday night, and thousands of people in the region lost "
    "power for several hours.\n\n"
    "Crews worked through the night, and most homes had power again by the afternoon, the "
    "utility said in a statement on Tuesday morning.\n\n"
    "Schools in the worst-hit towns stayed closed for the day, and the council asked people "
    "to keep off the roads until the fallen trees had been cleared away.\n"
)
_BIO = "Sam Writer has covered the weather and the climate for the paper since 2015.\n"


def is_chrome_line(analysis: Analysis, info: LineInfo) -> bool:
    """A short line that a rule recognises as chrome: a known phrase, a byline, a date alone,
    a media widget."""
    if info.is_prose or info.words > _MAX_CHROME_WORDS:
        return False
    if info.index in analysis.sure_chrome:
        return True
    for match in matches(info.text):
        if match.kind in _KINDS and match.mode != "contains" and not match.ambiguous:
            return True
    return looks_like_byline(info.text) or is_dateline(info.text) or widget_label(info)


def tail_lines(analysis: Analysis) -> tuple[LineInfo, ...]:
    """The body's lines from the first chrome line of the block that ends it, if any.

    The first block of two chrome lines below half of the body's prose decides: the article
    ends there if little prose follows, and nowhere otherwise. Were a later block to decide
    when this one does not, every pass would cut a little more of an article with toolbars
    between its last paragraphs.
    """
    body = analysis.body
    if body is None or not analysis.substantial:
        return ()
    inside = analysis.between(*body)
    total = sum(i.words for i in inside if i.is_prose)
    seen = 0
    block: list[LineInfo] = []
    for position, info in enumerate(inside):
        if not info.is_prose:
            block.append(info)
            continue
        # Only a block below half of the prose decides: the blocks above it are not read.
        chrome = (
            [b for b in block if is_chrome_line(analysis, b)]
            if block and seen >= _DECIDES_AFTER * total
            else []
        )
        block = []
        if len(chrome) >= _MIN_CHROME:
            rest = inside[position:]
            if sum(i.words for i in rest if i.is_prose) > _TAIL_SHARE * total:
                return ()
            # From the block's first chrome line: the lines above it may still be the
            # article's (a note, a credit, the last list item).
            first = next(n for n, b in enumerate(inside) if b.index == chrome[0].index)
            return tuple(inside[first:])
        seen += info.words
    return ()


@rule(
    "chrome.article-tail",
    "chrome",
    "Remove the little prose under a block of chrome lines at the end of the body (author "
    "boxes, teasers)",
    (_STORY + "\nAdvertisement\nBy Sam Writer\n\n" + _BIO, _STORY),
)
def article_tail(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    for info in tail_lines(analysis):
        if info.index == analysis.headline:
            continue
        reason = "prose under a chrome block" if info.is_prose else "line in a chrome block"
        yield remove(info, "chrome.article-tail", APPLY, f"{reason} at the end of the body")


RULES = (article_tail,)
