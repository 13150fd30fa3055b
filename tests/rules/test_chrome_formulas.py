"""Formulas (chrome.boilerplate): a chrome phrase of four words or more found inside a sentence
("... comments are moderated ...", "When you buy through links on our site ...") gives the
sentence away even between two paragraphs of the article; a sentence that only shares a short
phrase with the lists ("more from", "weitere Informationen") stays."""

from __future__ import annotations

import pytest

from tests.rules.chrome_lines import assert_line_goes, assert_line_stays

RULE = "chrome.boilerplate"

MUST_REMOVE = [
    (
        "en",
        "Please note that all comments are moderated and may take a while to appear below.",
    ),
    (
        "en",
        "The Daily Example is supported by its audience. When you buy through links on our "
        "site, we may earn an affiliate commission.",
    ),
    ("en", "This site uses Akismet to reduce spam. Learn how your comment data is processed."),
    ("en", "For the latest stories on the go, get the River Town Daily app."),
    (
        "de",
        "Für Links auf dieser Seite erhalten wir gegebenenfalls eine Provision vom Händler.",
    ),
    ("de", "Sie müssen angemeldet sein, um Kommentare zu schreiben."),
    (
        "de",
        "Trotz sorgfältiger inhaltlicher Kontrolle übernehmen wir keine Haftung für die Inhalte "
        "externer Links.",
    ),
    ("de", "Dieser Eintrag wurde veröffentlicht in Allgemein und verschlagwortet mit Stadt."),
    # A formula after a shorter match (a byline label here) still counts.
    (
        "de",
        "Erstellt am 6. Mai 2014 und abgelegt unter Allgemein. Kommentare und Pings sind "
        "derzeit nicht erlaubt.",
    ),
    # A legal label heads its notice however long it runs.
    (
        "en",
        "Disclaimer: The answers below were not written or paid for by the companies whose "
        "products they mention, and those companies have not reviewed or approved them. It is "
        "not their duty to make sure that every question is answered.",
    ),
    # A short line that is mostly a chrome phrase.
    ("de", "Dieses Dokument als PDF herunterladen"),
    # A short heading naming a newsletter is the sign-up box's, even inside the body.
    ("en", "GET THE RIVER TOWN NEWSLETTER"),
    ("de", "Unser Wochen Newsletter"),
]
MUST_KEEP = [
    # Formulas that also run in news prose are not in the lists.
    ("en", "The company said on Tuesday that it would release new apps for iOS and Android."),
    ("de", "Wer die Daten sehen will, muss sich registrieren: Dafür müssen Sie angemeldet sein."),
    (
        "en",
        "With the new tool, readers can quickly move files, apps and more from an old laptop "
        "to a new one, the company said on Tuesday.",
    ),
    (
        "en",
        "The council said the ferry would carry more from the islands once the pier is rebuilt.",
    ),
    (
        "en",
        "Residents who want to comment on the plans can write to the council until Friday.",
    ),
    (
        "de",
        "Weitere Informationen erhalten die Anwohner bei einer Versammlung am Freitag im Rathaus.",
    ),
    (
        "de",
        "Die Stadt will die Linie verlängern, wenn die Zahl der Fahrgäste weiter steigt.",
    ),
]


@pytest.mark.parametrize(("lang", "line"), MUST_REMOVE)
def test_formula_in_a_sentence_goes(lang: str, line: str) -> None:
    assert_line_goes(RULE, lang, line)


@pytest.mark.parametrize(("lang", "line"), MUST_KEEP)
def test_sentence_without_a_formula_stays(lang: str, line: str) -> None:
    assert_line_stays(RULE, lang, line)
