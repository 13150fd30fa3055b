"""Meta lines (chrome.meta-line): dates, bylines, comment counts and toolbar words joined by
separators (or toolbar words alone, side by side) go; a line whose parts are mostly words of
the article, or a paragraph, stays."""

from __future__ import annotations

import pytest

from tests.rules.chrome_lines import assert_line_goes, assert_line_stays

MUST_REMOVE = [
    ("en", "12 March 2024 | By Sam Writer | 3 comments"),
    ("en", "SHARE / TWEET / 82 COMMENTS"),
    ("en", "Home | Blog | Register | Login"),
    ("de", "12. März 2024 · von Max Muster · Hinterlasse einen Kommentar"),
    ("de", "Veröffentlicht am 6. Juli 2024 von Max Muster — Hinterlasse eine Antwort"),
    ("de", "Pingback von Ein anderes Blog - Lesezeichen | 11.09.2021 23:31"),
    # Toolbar words side by side, without separators.
    ("de", "Weiterempfehlen Drucken"),
    ("de", "Impressum & Datenschutz"),
    ("en", "Close menu"),
]
MUST_KEEP = [
    ("en", "Night routes | North loop | River loop"),
    ("en", "Fares / Timetables / Stops"),
    ("de", "Nachtlinien | Nordring | Flussring"),
    ("de", "Teilen und Drucken in der Schule"),
    ("en", "Print edition"),
    (
        "de",
        "Die Linien fahren ab März – siehe auch den Fahrplan, den die Stadt am Freitag "
        "veröffentlicht hat.",
    ),
]


RULE = "chrome.meta-line"


@pytest.mark.parametrize(("lang", "line"), MUST_REMOVE)
def test_meta_line_goes(lang: str, line: str) -> None:
    assert_line_goes(RULE, lang, line)


@pytest.mark.parametrize(("lang", "line"), MUST_KEEP)
def test_line_of_article_words_stays(lang: str, line: str) -> None:
    assert_line_stays(RULE, lang, line)
