"""Title, byline, date and source of an article, read from the lines chrome rules looked at."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from textfix.document import Document
from textfix.model import Edit, Metadata
from textfix.rules.chrome.analysis import analyse
from textfix.rules.chrome.credits import is_dateline, source_value
from textfix.rules.layout import removed_lines


def _byline_name(text: str) -> str:
    """ "By Jane Doe" -> "Jane Doe"; "Autor: Max Muster" -> "Max Muster"."""
    if ":" in text[:30]:
        return text.split(":", 1)[1].strip()
    words = text.split()
    return " ".join(words[1:]) if len(words) > 1 else text


# The rules whose removed lines fill a field of the metadata.
_NAMED_BY = frozenset({"chrome.byline", "chrome.dateline", "chrome.source"})


def extract_metadata(
    doc: Document,
    applied: Sequence[Edit],
    previous: Metadata,
    removed: AbstractSet[int] | None = None,
) -> Metadata:
    """Fill what ``previous`` lacks from this pass: a later pass never overwrites a field.

    ``removed``: the indices of the lines ``applied`` removes, when the caller has them.
    """
    analysis = analyse(doc)
    if removed is None:
        removed = removed_lines(doc, applied)
    title = previous.title
    byline = previous.byline
    date = previous.date
    source = previous.source
    if title is None and analysis.headline is not None:
        title = analysis.by_index[analysis.headline].text
    lines = [info for info in analysis.infos if info.index in removed]
    if source is None:
        # The first removed line that is a "Source: X" line gives its value (source_value's
        # answers are cached: the source rule asked them), found in C.
        source = next(filter(None, map(source_value, [info.text for info in lines])), None)
    # Only the lines the byline, dateline and source rules removed are read again: most pages
    # have a few or none.
    named = {e.span.start: e.rule for e in applied if e.rule in _NAMED_BY}
    for info in lines if named else ():
        rule = named.get(info.line.full.start)
        if rule is None:
            continue
        if byline is None and rule == "chrome.byline":
            byline = _byline_name(info.text)
        if date is None and rule == "chrome.dateline" and is_dateline(info.text):
            date = info.text
        if source is None and rule == "chrome.source":
            source = info.text  # a credit line when no "Source:" line was removed
    language = previous.language or analysis.language
    return Metadata(title, byline, date, source, language)
