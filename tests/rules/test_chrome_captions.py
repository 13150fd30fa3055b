"""Captions long enough to read as prose go when a labelled picture credit closes them
("... on Tuesday. Photo: Name/Agency", "... (Foto: Name)", "... © Agency"); a paragraph that
mentions a photo, or quotes someone after a colon, stays."""

from __future__ import annotations

import pytest

from tests.rules.chrome_lines import assert_line_goes, assert_line_stays

MUST_REMOVE = [
    ("en", "Crews cleared the fallen trees from the coast road on Tuesday. Photo: Jane Doe/Agency"),
    (
        "en",
        "Volunteers handed out blankets at the school, open all night. © Sam Writer",
    ),
    ("de", "Helfer räumen am Dienstag umgestürzte Bäume von der Küstenstraße. Foto: Max Muster"),
    (
        "de",
        "Die Feuerwehr war mit vielen Fahrzeugen im Einsatz, auch nachts. (Foto: Privat)",
    ),
]
MUST_KEEP = [
    ("en", "The mayor showed a photo of the damage and said: the road will be rebuilt by May."),
    (
        "en",
        "Residents shared pictures of the flooded streets, and the council asked for more.",
    ),
    (
        "de",
        "Der Bürgermeister zeigte ein Foto der Schäden und sagte: Die Straße wird erneuert.",
    ),
    ("de", "Auf dem Foto ist die überflutete Straße zu sehen, die bis zum Abend gesperrt blieb."),
]


RULE = "chrome.source"


@pytest.mark.parametrize(("lang", "line"), MUST_REMOVE)
def test_caption_closed_by_a_credit_goes(lang: str, line: str) -> None:
    assert_line_goes(RULE, lang, line)


@pytest.mark.parametrize(("lang", "line"), MUST_KEEP)
def test_paragraph_mentioning_a_photo_stays(lang: str, line: str) -> None:
    assert_line_stays(RULE, lang, line)


COPYRIGHT_REMOVE = [
    "Copyright © 2019 Example Media GmbH, Hafenstraße 1, 12345 Musterstadt. All rights reserved.",
    "© Agentur/Max Muster via www.example.org, www.example.org",
    "Copyright 2018 - Verein für Beispiele e.V.",
]
COPYRIGHT_KEEP = [
    "Copyright law changed in 2019, and the council had to ask for permission to use the maps.",
    "(c) Die Stadt muss die neuen Linien bis zum Sommer ausschreiben und die Kosten offenlegen.",
]


@pytest.mark.parametrize("line", COPYRIGHT_REMOVE)
def test_copyright_notice_goes(line: str) -> None:
    assert_line_goes(RULE, "en", line)


@pytest.mark.parametrize("line", COPYRIGHT_KEEP)
def test_sentence_about_copyright_or_a_list_item_stays(line: str) -> None:
    assert_line_stays(RULE, "en", line)


AGENCY_REMOVE = [
    "Jane Doe Getty Images",
    "Photo by Jane Doe on Unsplash",
    "Foto: Max Muster / iStock.com",
    "(© Agentur/Max Muster)",
]
AGENCY_KEEP = [
    "Willkommen im Forum",
    "Neue Bilder aus dem Forum",
    "Reporters at work for AP",
]


@pytest.mark.parametrize("line", AGENCY_REMOVE)
def test_credit_ending_in_a_picture_agency_goes(line: str) -> None:
    assert_line_goes(RULE, "en", line)


@pytest.mark.parametrize("line", AGENCY_KEEP)
def test_heading_ending_in_an_agency_like_word_stays(line: str) -> None:
    assert_line_stays(RULE, "en", line)
