"""Real-word errors, unseen capitalised slips and the channel model: must-fix and must-not-touch.

Every sentence here is written for the test from general English; none comes from a dev set.
"""

from __future__ import annotations

import pytest

from textfix import Settings, fix_text
from textfix.lexicon import lexicon
from textfix.spelling import (
    _inflected,
    channel_cost,
    correct_word,
    rank_realword,
    realword_candidates,
    sound_key,
)

TYPOS = Settings(select=("typos",), language="en")


def typos(text: str) -> str:
    return fix_text(text, TYPOS).text


@pytest.fixture(scope="module", autouse=True)
def _loaded() -> None:
    lexicon()


# --- real-word errors: a valid word typed for another ------------------------------------------

REALWORD_FIXES = [
    (
        "The results were better thun expected by most analysts.",
        "The results were better than expected by most analysts.",
    ),
    (
        "Officials said they hae been working on the plan for months.",
        "Officials said they have been working on the plan for months.",
    ),
    (
        "The minister said the talks have ben difficult so far.",
        "The minister said the talks have been difficult so far.",
    ),
    (
        "It was one of tue most important decisions of the year.",
        "It was one of the most important decisions of the year.",
    ),
    (
        "We will meet at the station ans then walk to the museum.",
        "We will meet at the station and then walk to the museum.",
    ),
    (
        "She said the report wad published last week.",
        "She said the report was published last week.",
    ),
    (
        "He asked fir more time to prepare the report.",
        "He asked for more time to prepare the report.",
    ),
    ("This is the bets way to learn a language.", "This is the best way to learn a language."),
    # at a sentence start, with the capital carried over
    ("Thee results were clear to everyone.", "The results were clear to everyone."),
    ("Mire importantly, the committee agreed.", "More importantly, the committee agreed."),
]


@pytest.mark.parametrize(("noisy", "clean"), REALWORD_FIXES)
def test_realword_fixed(noisy: str, clean: str) -> None:
    assert typos(noisy) == clean


REALWORD_UNTOUCHED = [
    # rare words that are one slip from a common one, in contexts that suit them
    "The boat moved to and fro in the harbour.",
    "We heard the hiss of the snake in the grass.",
    "A doe and her fawn crossed the road.",
    "The trader sold his shares before the crash.",
    "Prices vary from one region to another.",
    "The concerts were recorded live in London.",
    "Turn off the lights when you leave.",
    "She ate an apple and a pear.",
    "They were planted in rows along the river.",
    "He owed the bank a lot of money.",
    "The film was shot in black and white.",
    "She tied the boat to the post.",
    "The firm had its best year since 2008.",
    "Then they left the room.",
    # singular and plural, present and past: word pairs cannot judge agreement
    "The shallow waters and the reefs are home to many fish.",
    "The report provides information only about last year.",
    # names at a sentence start are words too, and stay as written
    "Eve said she would come to the meeting.",
    "Hope said she was sure of it.",
    "Will Smith starred in the film.",
    # possessives and contractions are never real-word candidates
    "He holds a master's degree, and we'll see if it's enough.",
]


@pytest.mark.parametrize("text", REALWORD_UNTOUCHED)
def test_realword_untouched(text: str) -> None:
    assert typos(text) == text


def test_realword_needs_context_evidence() -> None:
    # "his" never follows "the" nor precedes "of" in the bigram table: "hiss" stands.
    ranked = rank_realword("hiss", "the", "of")
    assert not ranked or ranked[0].word == "hiss"
    ranked = rank_realword("thun", "better", "expected")
    assert ranked[0].word == "than"
    assert ranked[0].probability > 0.85


def test_realword_candidates_cover_rare_words_outside_the_bigram_table() -> None:
    assert "have" in realword_candidates(lexicon(), "hae")
    assert "than" in realword_candidates(lexicon(), "thun")


def test_inflections_recognised() -> None:
    assert _inflected("plant", "plants")
    assert _inflected("provides", "provided")
    assert _inflected("trade", "trader")
    assert not _inflected("the", "they")
    assert not _inflected("form", "from")


# --- capitalised slips mid-sentence --------------------------------------------------------------

CAPITALISED_FIXES = [
    ("The Natoinal Gallery opened a new wing.", "The National Gallery opened a new wing."),
]


@pytest.mark.parametrize(("noisy", "clean"), CAPITALISED_FIXES)
def test_unseen_capitalised_slip_fixed(noisy: str, clean: str) -> None:
    assert typos(noisy) == clean


CAPITALISED_UNTOUCHED = [
    "The talks between Stoltenbreg and Morawiecki were tense.",
    "He spoke with Mr Okonkwo and Ms Nadeau about the project.",
    "The village of Wiejska lies near the border.",
    "The company Acme Widgets announced a merger with Globex.",
    # a name the article writes twice is a name, however unusual
    "They met Brenner in Vienna. Later Brenner said the talks went well.",
    "Then Natoinal arrived. Natoinal said nothing.",
]


@pytest.mark.parametrize("text", CAPITALISED_UNTOUCHED)
def test_names_untouched(text: str) -> None:
    assert typos(text) == text


# --- the channel model ---------------------------------------------------------------------------


def test_sound_key_groups_spellings_by_ear() -> None:
    assert sound_key("semetary") == sound_key("cemetery")
    assert sound_key("bycicle") == sound_key("bicycle")
    assert sound_key("compair") == sound_key("compare")
    assert sound_key("house") != sound_key("horse")


def test_keyboard_slips_cheaper_than_arbitrary_letters() -> None:
    assert channel_cost("tge", "the") < channel_cost("tpe", "the")  # g is beside h
    assert channel_cost("thhe", "the") < channel_cost("thxe", "the")  # a doubled letter
    assert channel_cost("teh", "the") < channel_cost("tqe", "the")  # swapped neighbours


ISOLATED = [
    ("bycicle", "bicycle"),
    ("compair", "compare"),
    ("recieve", "receive"),
    ("goverment", "government"),
]


@pytest.mark.parametrize(("typed", "meant"), ISOLATED)
def test_isolated_misspellings(typed: str, meant: str) -> None:
    assert correct_word(typed) == meant


def test_variant_spelt_as_typed() -> None:
    # With no variant asked for and none used in the article, the closer spelling wins.
    assert typos("Their behavoir changed.") == "Their behavior changed."
    assert typos("Their behaviuor changed.") == "Their behaviour changed."
