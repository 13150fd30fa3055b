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
    by_rule = {e.span.start: e.rule for e in applied}
    title = previous.title
    byline = previous.byline
    date = previous.date
    source = previous.source
    if title is None and analysis.headline is not None:
        title = analysis.by_index[analysis.headline].text
    for info in analysis.infos:
        if info.index not in removed:
            continue
        rule = by_rule.get(info.line.full.start, "")
        if source is None:
            source = source_value(info.text)
        if byline is None and rule == "chrome.byline":
            byline = _byline_name(info.text)
        if date is None and rule == "chrome.dateline" and is_dateline(info.text):
            date = info.text
    if source is None:
        credit = next(
            (
                i.text
                for i in analysis.infos
                if i.index in removed and by_rule.get(i.line.full.start) == "chrome.source"
            ),
            None,
        )
        source = credit
    language = previous.language or analysis.language
    return Metadata(title, byline, date, source, language)
