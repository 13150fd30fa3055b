"""Typo rules: what must be fixed, and everything that must be left alone.

The lexicon loads once per process (``functools.cache``), so the tables share it.
"""

from __future__ import annotations

import pytest

from textfix import Settings, fix_text
from textfix.lexicon import core_words, lexicon
from textfix.spelling import DocumentModel, carry_case, channel_cost, correct_word, rank_nonword

TYPOS = Settings(select=("typos",), language="en")
SENTENCE = "The committee said on Tuesday that the {} was discussed at length in the report."


def typos(text: str, **overrides: object) -> str:
    settings = TYPOS if not overrides else Settings(select=("typos",), **overrides)  # type: ignore[arg-type]
    return fix_text(text, settings).text


@pytest.fixture(scope="module", autouse=True)
def _loaded() -> None:
    lexicon()


# --- non-word errors ---------------------------------------------------------------------------

NONWORD_FIXES = [
    (
        "We see large and unusaul movements of troops.",
        "We see large and unusual movements of troops.",
    ),
    ("He has proposed increasng the budget.", "He has proposed increasing the budget."),
    (
        "They talked about strenthening the alliance.",
        "They talked about strengthening the alliance.",
    ),
    ("Each memebr state agreed to the plan.", "Each member state agreed to the plan."),
    ("How do peole look at art?", "How do people look at art?"),
    ("The goverment announced new measures.", "The government announced new measures."),
    ("We recieved the letter yesterday.", "We received the letter yesterday."),
    ("It was definately the best option.", "It was definitely the best option."),
    ("These are cleer signs of support.", "These are clear signs of support."),
    # long words outside the curated core, seen in real text
    ("The rainforset is shrinking every year.", "The rainforest is shrinking every year."),
    ("They watched the livestraem of the match.", "They watched the livestream of the match."),
    ("The team rested during the offseasn.", "The team rested during the offseason."),
    # the article's plural is evidence for the singular too; the channel picks the form
    (
        "Several studies were replications, and future repication work is planned.",
        "Several studies were replications, and future replication work is planned.",
    ),
]


@pytest.mark.parametrize(("noisy", "clean"), NONWORD_FIXES)
def test_nonword_fixed(noisy: str, clean: str) -> None:
    assert typos(noisy) == clean


def test_capitalised_word_the_word_list_knows_is_only_suggested() -> None:
    # At a sentence start the capital says nothing: a form real text writes often, not far
    # rarer than its candidate, is a name; a common misspelling of a far commoner word is not.
    text = "Suri said that the plan was good."
    result = fix_text(text, TYPOS)
    assert result.text == text
    assert [edit.replacement for edit in result.suggestions] == ["Sure"]
    assert typos("Teh plan was good.") == "The plan was good."


@pytest.mark.parametrize(
    "text",
    [
        "The talks with Ursula von der Leyen went on late into the night.",
        "In 1884 Chancellor Otto von Bismarck hosted the conference.",
        "The book on Jean le Rond d'Alembert came out last year.",
    ],
)
def test_particle_inside_a_name_is_only_suggested(text: str) -> None:
    # A short lower-case word real text writes often, between capitalised words of a name.
    result = fix_text(text, TYPOS)
    assert result.text == text


@pytest.mark.parametrize(
    ("noisy", "clean"),
    [
        # Between acronyms and codes, or through English function words, it is no particle.
        (
            "He played in MLB fr the Pittsburgh Pirates.",
            "He played in MLB for the Pittsburgh Pirates.",
        ),
        ("The A59 and te M62 provide connections.", "The A59 and the M62 provide connections."),
        # A rare slip between two names is still a slip.
        ("It runs from Paris adn London.", "It runs from Paris and London."),
    ],
)
def test_slip_between_capitalised_words_is_fixed(noisy: str, clean: str) -> None:
    assert typos(noisy) == clean


@pytest.mark.parametrize(
    "text",
    [
        "The docs are in README.rst and the code in main.py.",
        'Add a source with type="video/ogg" to the player.',
        "The release is named after the date as YY.mm in the branch.",
        "It takes longer to run from 1 st to 2 nd base than to 3 rd base.",
        "The dog sh*t on the lawn again.",
        'The state of having been trained (cf. "to be acquainted with") is meant.',
    ],
)
def test_pieces_of_longer_tokens_untouched(text: str) -> None:
    # File names, paths, types, masked words and ordinal endings are not prose.
    assert typos(text) == text


@pytest.mark.parametrize(
    ("noisy", "clean"),
    [
        # A sentence glued to the last one after its full stop is still prose.
        ("It ended there.Teh next day was calm.", "It ended there.The next day was calm."),
        # An ending after a word, not a number, is no ordinal.
        ("The cat nd the dog.", "The cat and the dog."),
    ],
)
def test_glued_sentence_and_stray_ending_still_fixed(noisy: str, clean: str) -> None:
    assert typos(noisy) == clean


def test_case_carries_over() -> None:
    assert typos("Increasng numbers of people came.") == "Increasing numbers of people came."
    assert carry_case("Increasng", "increasing") == "Increasing"
    assert carry_case("increasng", "increasing") == "increasing"


def test_document_vocabulary_and_pairs_decide() -> None:
    typed = "unlawfl"
    alone = rank_nonword(typed)
    document = DocumentModel({"unlawful": 1, "and": 3}, {("unlawful", "and"): 1}, 60)
    helped = rank_nonword(typed, None, "and", document)
    assert helped[0].word == "unlawful"
    assert helped[0].probability > next(s.probability for s in alone if s.word == "unlawful")


def test_possessive_stem_fixed_and_suffix_kept() -> None:
    assert typos("The goverment's plan was late.") == "The government's plan was late."


# --- real-word errors ---------------------------------------------------------------------------

REALWORD_FIXES = [
    (
        "Poland is a committed ally contributing to out shared security in many ways.",
        "Poland is a committed ally contributing to our shared security in many ways.",
    ),
    # "an" before a consonant is evidence against it
    ("Salt an pepper were on the table.", "Salt and pepper were on the table."),
    ("It has a theatre an four new screens.", "It has a theatre and four new screens."),
]


@pytest.mark.parametrize(("noisy", "clean"), REALWORD_FIXES)
def test_realword_fixed(noisy: str, clean: str) -> None:
    assert typos(noisy) == clean


# --- must not touch -----------------------------------------------------------------------------

UNTOUCHED = [
    # names: capitalised mid-sentence, or known capitalised elsewhere in the document
    "NATO Secretary General Jens Weltenbreg met President Andrzej Duda in Riga.",
    "The talks between Mitsotakis and Duda were tense.",
    "Weltenbreg said the talks went well. Weltenbreg added nothing.",
    "He met Wootch in Brussels. Later wootch was seen in the town.",
    # acronyms and all caps
    "The EU and NATO agreed, and the OSCE and UNHCR observed.",
    "He works for NASA and the FBI.",
    # words with digits, URLs, e-mails, handles, tags, file names, code
    "The model X5 and the 4G network use 2fa tokens.",
    "See https://exmaple.com/pagge and www.exmaple.org for details.",
    "Write to jhon.smiht@exmaple.com today.",
    "Follow @jhonsmiht and #strenthening for news.",
    "Open the file reprot_final.txt or config.yaml first.",
    "Run `pritn(x)` in the shell.",
    # valid prefixed and hyphenated forms
    "We call on Russia to deescalate, and the build-up near Ukraine continues.",
    "They held a pre-war co-operation meeting.",
    # British and American spellings (variant "any")
    "The neighbouring countries raised defence spending and the colour of the flag.",
    "The neighboring countries raised defense spending and the color of the flag.",
    # "an" before a silent h or a letter read by name
    "It took an hour and an honest man, an MBA and an x-ray.",
    "She is an FBI agent and an NHS nurse.",
    # long words outside the curated core, written right
    "Transmedia storytelling, rainforests and the offseason were discussed.",
    # possessives and contractions
    "NATO's readiness and the forces' morale matter, I've heard, and we'll see.",
    # grammatical oddities that are not typos
    "Poland is a leading example when comes to defence spending.",
    "The NATO is ready to hold all kinds of attacks, NATO chief said.",
    "I've assured Mr Secretary General that we treat it seriously.",
    # abbreviations
    "He met Fr. Brennan and Gen. Okafor. Sr. Agnes was there too.",
    # short abbreviations with a dot inside a line
    "The final was Leeds vs. Hull, and approx. ten thousand came.",
    # regular plurals of known words that the word list lacks, seen in real text
    "Their hashtags trended while the blockchains stalled.",
    # the other national spelling of a known word, with the default variant
    "The archeology department reopened on Monday.",
]


def test_seen_misspelling_is_never_a_candidate() -> None:
    # "definately" is a frequent seen form one edit away, but itself a slip for a core word.
    assert "definately" not in {s.word for s in rank_nonword("definatelly")}
    assert rank_nonword("definatelly")[0].word == "definitely"


@pytest.mark.parametrize("text", UNTOUCHED)
def test_untouched(text: str) -> None:
    assert typos(text) == text


FOREIGN = [
    "Weltenbreg: sojusznicy NATO potępiają to, że reżim eksportuje niewinnych ludzi na granicę",
    "Die Regierung hat heute die neuen Maßnahmen vorgestellt und erklärt.",
    "Le gouvernement a présenté aujourd'hui les nouvelles mesures de sécurité.",
]


@pytest.mark.parametrize("text", FOREIGN)
def test_foreign_text_untouched(text: str) -> None:
    assert fix_text(text, Settings(select=("typos",))).text == text


SHORT_FOREIGN = [
    "Die Welt ist nicht genug",
    "Nie wiem, co robić dalej",
    "El perro come pan",
    "Le chat est sur la table",
    "Il gatto è nero",
    "De kat is zwart",
    "O gato é preto",
    "Jag är här nu",
]


@pytest.mark.parametrize("text", SHORT_FOREIGN)
def test_short_foreign_line_untouched(text: str) -> None:
    assert fix_text(text, Settings(select=("typos",))).text == text


def test_short_english_line_is_corrected_without_a_language_hint() -> None:
    # Too short for the detector to be sure; its known English words decide.
    for text, clean in [
        ("Granite, basalt, limestone, sandstne", "Granite, basalt, limestone, sandstone"),
        ("Museums, galleries, historic monumets", "Museums, galleries, historic monuments"),
    ]:
        assert fix_text(text, Settings(select=("typos",))).text == clean


def test_foreign_line_inside_english_article_untouched() -> None:
    english = "The minister said the new measures would take effect next month. " * 3
    foreign = "Il governo ha presentato oggi le nuove misure di sicurezza per la città."
    text = f"{english}\n{foreign}\n"
    assert typos(text).splitlines()[1] == foreign


# --- settings -----------------------------------------------------------------------------------


def test_user_words_accepted() -> None:
    text = "The frobnicator uses increasng power."
    assert typos(text, words=frozenset({"increasng"}), language="en") == text


def test_forced_replacements() -> None:
    out = typos("Teh cat sat on teh mat.", replace=(("teh", "the"),), language="en")
    assert out == "The cat sat on the mat."


@pytest.mark.parametrize(
    ("variant", "text", "expected"),
    [
        (
            "en-US",
            "The colour of the neighbourhood centre.",
            "The color of the neighborhood center.",
        ),
        (
            "en-GB",
            "The color of the neighborhood center.",
            "The colour of the neighbourhood centre.",
        ),
        ("any", "The colour of the neighborhood center.", "The colour of the neighborhood center."),
    ],
)
def test_variant(variant: str, text: str, expected: str) -> None:
    assert typos(text, variant=variant, language="en") == expected


def test_low_confidence_is_a_suggestion_not_an_edit() -> None:
    result = fix_text("He said thise people left.", TYPOS)
    assert result.text == "He said thise people left."
    (suggestion,) = result.suggestions
    assert suggestion.rule == "typos.nonword"
    assert {suggestion.replacement, *suggestion.alternatives} >= {"these", "those"}


def test_an_unknown_word_written_in_three_places_is_only_suggested_once() -> None:
    once = "They recieved the letter on Monday."
    assert typos(once) == "They received the letter on Monday."
    twice = "They recieved the letter on Monday. We recieved ours later."
    assert typos(twice) == twice.replace("recieved", "received")
    thrice = twice + " All recieved replies."
    result = fix_text(thrice, TYPOS)
    assert result.text == thrice  # a slip is rarely repeated letter for letter
    (suggestion,) = result.suggestions
    assert suggestion.replacement == "received"
    assert suggestion.confidence <= 0.5
    assert "3 places" in suggestion.reason


def test_a_slip_copied_with_its_neighbours_counts_once() -> None:
    # A quotation printed in the lead and again in the body repeats its slip word for word.
    quote = "it was unusaul and cruel"
    text = f"Critics said {quote}. The minister added: {quote}."
    assert typos(text) == text.replace("unusaul", "unusual")


@pytest.mark.parametrize(
    ("plural", "stem"),
    [("hashtags", "hashtag"), ("blockchains", "blockchain"), ("duchesses", "duchess")],
)
def test_regular_plural_of_a_known_word(plural: str, stem: str) -> None:
    assert lexicon().plural_of(plural) == stem


@pytest.mark.parametrize(
    "typed",
    # far rarer than the stem (learners' errors), against the rules of the plural, unseen
    ["withs", "thats", "familys", "crosss", "optimals", "houseses"],
)
def test_not_a_regular_plural(typed: str) -> None:
    assert lexicon().plural_of(typed) is None


@pytest.mark.parametrize(
    ("word", "other", "same"),
    [
        ("organise", "organize", True),
        ("colour", "color", True),
        ("travelled", "traveled", True),
        ("centre", "center", True),
        ("form", "from", False),
        ("lose", "loose", False),
    ],
)
def test_spelt_otherwise(word: str, other: str, same: bool) -> None:
    assert lexicon().spelt_otherwise(word, other) is same


def test_min_confidence_moves_the_bar() -> None:
    text = "We see large and unusaul movements of troops."
    strict = fix_text(text, Settings(select=("typos",), language="en", min_confidence=1.0))
    assert strict.text == text
    assert strict.suggestions and strict.suggestions[0].replacement == "unusual"


def test_only_english_is_corrected() -> None:
    text = "We see large and unusaul movements of troops."
    assert fix_text(text, Settings(select=("typos",), language="de")).text == text


# --- model pieces -------------------------------------------------------------------------------


def test_known_word_is_a_set_lookup() -> None:
    assert "increasing" in core_words()
    assert "increasng" not in core_words()


@pytest.mark.parametrize(
    ("typed", "cheap", "dear"),
    [
        ("strenthening", "strengthening", "straightening"),
        ("increasng", "increasing", "uncreasing"),
        ("memebr", "member", "ember"),
    ],
)
def test_channel_prefers_common_slips(typed: str, cheap: str, dear: str) -> None:
    assert channel_cost(typed, cheap) < channel_cost(typed, dear)


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("speling", "spelling"),
        ("korrect", "correct"),
        ("acess", "access"),
        ("Begining", "Beginning"),
    ],
)
def test_correct_word(wrong: str, right: str) -> None:
    assert correct_word(wrong) == right


def test_correct_word_leaves_known_words() -> None:
    assert correct_word("house") == "house"


@pytest.mark.parametrize(
    ("variant", "expected"),
    [("en-US", "Their behavior was odd."), ("en-GB", "Their behaviour was odd.")],
)
def test_nonword_fix_follows_variant(variant: str, expected: str) -> None:
    assert typos("Their behavoir was odd.", variant=variant, language="en") == expected


@pytest.mark.parametrize(
    "text",
    ["He said ta recev it.", "HE:Fk hethe:hethe rh", "The goverment's plan was late."],
)
def test_second_run_changes_nothing(text: str) -> None:
    once = typos(text)
    assert typos(once) == once
