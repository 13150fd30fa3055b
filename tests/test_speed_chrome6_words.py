"""Rules that read a line's words take them from phrases.line_words (cached, cut once for
matches) instead of normalising the line again: the same words, for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.rules.chrome import credits, phrases

_WORDY = st.lists(
    st.sampled_from([*"aZ9 _-'’:|/.,ßİΣς\xa0\u2028\t²½ÿ–—“”", "Straße", "ǅ"]), max_size=30
).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.one_of(st.text(max_size=60), _WORDY))
def test_line_words_are_the_normalised_words(text: str) -> None:
    assert list(phrases.line_words.__wrapped__(text)) == phrases.normalise.__wrapped__(text).split()


def _plain_is_dateline(text: str) -> bool:
    """``credits.is_dateline`` as it was: the words normalised again."""
    words = phrases.normalise(text).split()
    if not words or len(words) > 10:
        return False
    known = credits.date_words()
    if sum(1 for w in words if not w.isdigit() and w not in known) > 2:
        return False
    found = credits._date_words(text)
    named = bool(found.named & {"month", "day"})
    if not (
        found.numeric or (named and found.has_number) or credits._TIME_RE.fullmatch(text.strip())
    ):
        return False
    if len(found.other) > 2:
        return False
    return all(any(m.kind == "byline" for m in phrases.matches(w)) for w in found.other)


_DATES = st.lists(
    st.sampled_from(
        [
            "12.03.2024",
            "3",
            "May",
            "Mai",
            "2023",
            "um",
            "10:30",
            "Uhr",
            "Updated",
            "Stand:",
            "by",
            "|",
            "Jane",
            "Monday",
            "14.",
            "März",
            "x",
        ]
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_DATES, st.text(max_size=30)))
def test_is_dateline_as_before(text: str) -> None:
    assert credits.is_dateline.__wrapped__(text) == _plain_is_dateline(text)
    assert credits._date_words(text, phrases.line_words(text)) == credits._date_words(text)
