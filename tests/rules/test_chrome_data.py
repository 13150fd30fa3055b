"""Chrome dictionaries: well-formed, known kinds, every language, nothing site-specific."""

from __future__ import annotations

import pytest

from textfix import dictionaries
from textfix.rules.chrome.common import agencies, date_words
from textfix.rules.chrome.phrases import book, matches

KINDS = {
    "source",
    "credit",
    "byline",
    "media",
    "related",
    "readmore",
    "share",
    "follow",
    "cookie",
    "newsletter",
    "comments",
    "nav",
    "legal",
    "ad",
    "tags",
}
LANGUAGES = ("en", "de", "pl", "es", "fr", "pt", "it", "ru", "nl", "hu")


@pytest.mark.parametrize("code", LANGUAGES)
def test_phrase_file_per_language(code: str) -> None:
    entries = list(dictionaries.entries(f"chrome/{code}.txt"))
    kinds = {entry.split(":", 1)[0].strip() for entry in entries}
    assert kinds <= KINDS
    # Every signal the issue names has phrases in every language.
    assert {"source", "media", "related", "share", "follow", "cookie", "newsletter"} <= kinds
    assert {"comments", "readmore"} <= kinds
    assert len(entries) == len(set(entries)), "duplicate entries"


def test_entries_are_phrases_not_passages() -> None:
    # Chrome phrases are labels and short calls; a long entry would be a copied passage.
    for name in dictionaries.listing("chrome", ".txt"):
        for entry in dictionaries.entries(name):
            assert len(entry.split()) <= 16, (name, entry)


def test_book_and_tables_load() -> None:
    assert book().kinds
    assert "reuters" in agencies()
    assert date_words()["april"] == "month"


def test_match_modes() -> None:
    assert [m.mode for m in matches("Kommentare (3)")] == ["whole"]
    assert [m.mode for m in matches("Quelle: dpa")] == ["label"]
    assert [m.mode for m in matches("Folgen Sie uns auf Instagram")] == ["prefix"]
    assert "contains" in {m.mode for m in matches("Please accept our cookies to continue")}
    assert matches("The council voted on Tuesday.") == ()
