"""The phrase matcher's fast scans find what the plain scans (kept here as the oracle) found."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.rules.chrome import phrases
from textfix.rules.chrome.phrases import Match

_NON_WORD_RE = re.compile(r"[\W_]+")


def _normalise(text: str) -> str:
    return _NON_WORD_RE.sub(" ", text.casefold()).strip()


def _oracle(text: str) -> tuple[Match, ...]:
    """``matches`` as it was before the scans read the phrases' first two words."""
    book = phrases.book()
    found: list[Match] = []
    head = text if len(text) <= 1200 else text[:1200].rsplit(None, 1)[0]
    words = _normalise(head).split()
    if head is not text and len(words) < 40 + 16:
        head = text
        words = _normalise(text).split()
    if not words:
        return ()
    core = phrases._strip_counts(words)
    if len(core or words) <= book.longest and head is text:
        for kind in sorted(book.lookup(core or words)):
            found.append(Match(kind, " ".join(core or words), "whole"))
    separator = re.compile(r"\s*(?::|»|›|\||>>)").search(text, 0, 40)
    if separator is not None and separator.start() > 0 and not found:
        label = _normalise(text[: separator.start()]).split()
        for kind in sorted(book.lookup(label)):
            found.append(Match(kind, " ".join(label), "label"))
    if found:
        return tuple(phrases._flag(book, m) for m in found)
    for size in book.starts.get(words[0], ()):
        if 2 <= size < len(words):
            for kind in sorted(book.lookup(words[:size])):
                found.append(Match(kind, " ".join(words[:size]), "prefix"))
            if found:
                return tuple(phrases._flag(book, m) for m in found)
    seen: set[str] = set()
    for start in range(1, min(len(words), 40)):
        for size in book.starts.get(words[start], ()):
            if start + size > len(words):
                continue
            gram = words[start : start + size]
            for kind in sorted(book.lookup(gram)):
                if (size >= 2 or kind in {"cookie", "newsletter"}) and kind not in seen:
                    seen.add(kind)
                    found.append(Match(kind, " ".join(gram), "contains"))
    if words and words[0] and not found:
        for kind in sorted(book.lookup(words[:1])):
            if kind in {"cookie", "newsletter"}:
                found.append(Match(kind, words[0], "contains"))
    return tuple(phrases._flag(book, m) for m in found)


def _phrase_words() -> list[str]:
    words = sorted({w for key in phrases.book().kinds for w in key.split()})
    return [*words[::7], "cookies", "newsletter", "share", "teilen", "die", "der", "the", "a"]


_PIECES = st.sampled_from(
    [*_phrase_words(), "3", "(12)", ":", "»", "|", ">>", "-", "Ünïcödé", "x_y", "¿", "   "]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=60), st.sampled_from([" ", "  ", ", ", " | "]))
def test_matches_as_the_plain_scans(pieces: list[str], glue: str) -> None:
    text = glue.join(pieces)
    assert phrases.matches.__wrapped__(text) == _oracle(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_matches_and_normalise_on_any_text(text: str) -> None:
    assert phrases.normalise.__wrapped__(text) == _normalise(text)
    assert phrases.matches.__wrapped__(text) == _oracle(text)


def test_every_phrase_matches_as_before() -> None:
    book = phrases.book()
    for key in list(book.kinds)[::3]:
        for text in (key, key.title() + " (3)", "Read " + key, key + ": x", "a b " + key + " c"):
            assert phrases.matches.__wrapped__(text) == _oracle(text), text


def test_long_lines_as_before() -> None:
    long_line = " ".join(["wort"] * 300 + ["we use cookies"])
    assert phrases.matches.__wrapped__(long_line) == _oracle(long_line)
    glued = "x" * 1500 + " share this"
    assert phrases.matches.__wrapped__(glued) == _oracle(glued)


def test_a_phrase_of_several_kinds_matches_them_in_one_order() -> None:
    # The kinds of a phrase are a set: read in hash order, the reason an edit gives ("ad
    # phrase" or "nav phrase") changed from one run to the next.
    book = phrases.book()
    shared = [p for p, kinds in book.kinds.items() if len(kinds) > 1 and len(p.split()) > 1]
    assert shared
    for phrase in shared[:50]:
        for line in (phrase, f"Bitte {phrase} heute", f"{phrase} und mehr dazu hier"):
            found = [m.kind for m in phrases.matches(line) if m.phrase == phrase]
            assert found == sorted(found), (line, found)
