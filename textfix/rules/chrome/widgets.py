"""Media widgets ("Video 2/4", "Galerie (12)") with the caption glued under them, and tags
glued onto a title ("POLITICSMinister resigns", a section label run into the headline)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import compress

from textfix.document import Document
from textfix.model import Edit
from textfix.rules.base import Context, rule
from textfix.rules.chrome.analysis import GLUED_TAG_RE, Analysis, LineInfo, analyse
from textfix.rules.chrome.common import (
    APPLY,
    LIKELY,
    SUGGEST,
    SURE,
    has_digit,
    is_counter,
    quote,
    remove,
)
from textfix.rules.chrome.phrases import first_words, line_words, matches, normalise

_MAX_CAPTION_WORDS = 25
_MAX_LABEL_WORDS = 6


def widget_label(info: LineInfo) -> bool:
    """A media word with a counter or a count: "wideo 2/4", "Foto 3 von 12", "Galerie (12)"."""
    if info.words > _MAX_LABEL_WORDS or not has_digit(info.text):
        return False
    return _widget_text(info.text)


@lru_cache(maxsize=4096)
def _widget_text(text: str) -> bool:
    # A media word is a whole media phrase here, whose first word is a word of the line: most
    # lines have none, and are decided without a lookup per head.
    if first_words("media").isdisjoint(line_words(text)):
        return False
    words = text.split()
    for size in range(min(3, len(words)), 0, -1):
        head = normalise(" ".join(words[:size]))
        if not any(m.kind == "media" and m.mode == "whole" for m in matches(head)):
            continue
        rest = " ".join(words[size:])
        if rest and is_counter(rest):
            return True
    # A count before the media word: "12 Fotos", "3 Bilder".
    if len(words) == 2 and words[0].isdigit():
        return any(m.kind == "media" and m.mode == "whole" for m in matches(words[1]))
    return False


def _next(analysis: Analysis, info: LineInfo) -> LineInfo | None:
    """The line right under ``info``, if no blank line separates them."""
    return analysis.by_index.get(info.index + 1)


@rule(
    "chrome.widget",
    "chrome",
    "Remove media-widget labels and counters, and the caption glued under them",
    ("Video 2/4\nMinister speaks at the summit\n", ""),
)
def widget(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    # widget_label, inline: the lines of six words or fewer with a digit, picked out in C
    # (has_digit mapped), then the media words.
    short = [info for info in analysis.infos if info.words <= _MAX_LABEL_WORDS]
    for info in compress(short, map(has_digit, [info.text for info in short])):
        if not _widget_text(info.text):
            continue
        yield remove(info, "chrome.widget", SURE, f"media widget counter {quote(info.text)}")
        caption = _next(analysis, info)
        # A caption is glued to the widget (no blank line) and is not a paragraph.
        if caption is None or caption.is_prose or caption.words > _MAX_CAPTION_WORDS:
            continue
        if caption.text.endswith(".") and caption.words > 12:
            continue
        yield remove(
            caption, "chrome.widget", LIKELY, f"caption glued to the widget {quote(caption.text)}"
        )


def glued_tag(text: str) -> str | None:
    """The tag run into the first word of ``text``, if there is one."""
    match = GLUED_TAG_RE.match(text)
    if match is None:
        return None
    return match.group(1)


@rule(
    "chrome.glued-tag",
    "chrome",
    "Remove title lines with a section tag glued onto their first word (lost markup)",
    ("POLITICSMinister resigns over the budget\n", ""),
)
def glued_tag_line(doc: Document, ctx: Context) -> Iterator[Edit]:
    analysis = analyse(doc)
    headline = analysis.headline
    glued = GLUED_TAG_RE.match
    for info in analysis.infos:
        # glued_tag, inline: the pattern fails at the first character of most lines.
        match = glued(info.text)
        if match is None:
            continue
        if info.is_prose or info.words > _MAX_CAPTION_WORDS or info.index == headline:
            continue
        tag = match.group(1)
        zone = analysis.zone(info.index)
        confidence = APPLY if zone != "body" else SUGGEST
        yield remove(info, "chrome.glued-tag", confidence, f"tag {tag!r} glued onto a title")


RULES = (widget, glued_tag_line)
