"""Counted comment headings: "11 responses to “Title”", "142 Antworten zu ...", "71 Kommentare".

The phrase lists know "Kommentare (3)" as a whole line; a count before the noun followed by the
article's title ("11 responses to “Storm hits the coast”") is the same heading, the title
quoted after it. A number followed by a comment noun of any shipped language opens such a
line; a sentence ("3 comments were removed.") ends like one and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import LineInfo, analyse
from textfix.rules.chrome.common import EXAMPLE_PARAGRAPH, LIKELY, quote, remove
from textfix.rules.chrome.phrases import book, line_words

_MAX_WORDS = 16
_QUOTE_RE = re.compile('["“„«‘»]')


def comment_count_heading(info: LineInfo) -> bool:
    """A count and a comment noun opening a short line that is not a sentence."""
    if not info.text[:1].isdigit() or info.words > _MAX_WORDS:
        return False  # most lines, decided on their first character
    # A title quoted after the count may end like a sentence: only what precedes it counts.
    head = _QUOTE_RE.split(info.text, maxsplit=1)[0].rstrip()
    if head.endswith((".", "!", "?")):
        return False
    words = line_words(info.text)
    if len(words) < 2 or not words[0].isdigit():
        return False
    return "comments" in book().lookup(words[1:2])


@rule(
    "chrome.comment-count",
    "chrome",
    "Remove counted comment headings (11 responses to ..., 142 Antworten zu ...)",
    (
        EXAMPLE_PARAGRAPH + "\n11 responses to “Storm hits the coast”\n",
        EXAMPLE_PARAGRAPH,
    ),
)
def comment_count(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    headline = analysis.headline
    for info in analysis.infos:
        # comment_count_heading rejects a line not opening with a digit at once.
        if info.text[:1].isdigit() and info.index != headline and comment_count_heading(info):
            yield remove(info, "chrome.comment-count", LIKELY, f"comment count {quote(info.text)}")


RULES = (comment_count,)
