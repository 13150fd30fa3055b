"""The language guesser: paragraphs, headline-length lines, and no evidence at all."""

from __future__ import annotations

import pytest

from textfix import language

SENTENCES = [
    ("en", "The council voted on Tuesday to extend the night bus service to the north."),
    ("de", "Der Stadtrat hat am Dienstag beschlossen, den Nachtbus zu verlängern."),
    ("pl", "Rada miasta zdecydowała we wtorek, że nocne autobusy pojadą dalej."),
    ("es", "El ayuntamiento decidió el martes ampliar el servicio de autobuses nocturnos."),
    ("fr", "Le conseil municipal a décidé mardi de prolonger le service de bus de nuit."),
    ("pt", "A câmara decidiu na terça-feira alargar o serviço de autocarros noturnos."),
    ("it", "Il consiglio comunale ha deciso martedì di estendere il servizio degli autobus."),
    ("ru", "Городской совет во вторник решил продлить работу ночных автобусов."),
]


@pytest.mark.parametrize(("code", "text"), SENTENCES)
def test_sentences(code: str, text: str) -> None:
    guess = language.detect(text)
    assert guess.code == code
    assert guess.confidence > 0.5


def test_headline_length_line() -> None:
    guess = language.detect("Minister: rząd nie zgadza się na to, że ceny rosną tak szybko")
    assert guess.code == "pl"


def test_no_words_no_guess() -> None:
    assert language.detect("12:30 // 2021").code is None
    assert language.detect("").words == 0


def test_known_share() -> None:
    assert language.known_share("the council voted on the plan", "en") == 1.0
    assert language.known_share("der Stadtrat hat beschlossen", "en") < 0.5
    assert language.known_share("anything", "xx") == 0.0


def test_languages_cover_the_chrome_languages() -> None:
    assert {"en", "de", "pl", "es", "fr", "pt", "it", "ru"} <= set(language.languages())


ENGLISH_WORDS = frozenset(
    ["granite", "basalt", "limestone", "museums", "galleries", "historic", "monuments", "and"]
)


@pytest.mark.parametrize(
    "text", ["Granite, basalt, limestone", "Museums, galleries, historic monuments"]
)
def test_short_english_text_is_english_by_its_known_words(text: str) -> None:
    assert language.short_text_in(text, "en", ENGLISH_WORDS)


@pytest.mark.parametrize(
    "text",
    [
        "Die Welt ist nicht genug",  # de
        "Nie wiem, co robić",  # pl
        "El perro come pan",  # es
        "Le chat est sur la table",  # fr
        "Il gatto è nero",  # it
        "De kat is zwart",  # nl
        "O gato é preto",  # pt
        "Jag är här",  # sv
    ],
)
def test_short_foreign_line_is_not_english_even_with_borrowed_words(text: str) -> None:
    # Every word "known": the detector's sure verdict or its own frequent words still win.
    words = frozenset(language._tokens(text))
    assert not language.short_text_in(text, "en", words)


def test_long_text_is_left_to_the_detector() -> None:
    text = "Die Welt ist nicht genug und das ist auch gut so für uns alle hier"
    assert not language.short_text_in(text, "en", frozenset(language._tokens(text)))
