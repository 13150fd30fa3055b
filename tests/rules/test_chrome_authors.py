"""Author boxes (chrome.author-bio): a name, a verb and a job title under the article go; the
same shape above most of the article's prose, or a sentence about something else, stays."""

from __future__ import annotations

import pytest

from tests.rules.chrome_lines import assert_line_stays, clean
from tests.rules.test_chrome_closing import BODY, HEADLINE

RULE = "chrome.author-bio"

MUST_REMOVE = [
    ("en", "Sam Writer is a senior reporter for The Example Times. @samwriter"),
    ("en", "Jo is the co-founder of Example Labs and writes about city transport."),
    ("de", "Max Muster ist Redakteur im Ressort Politik und schreibt über Verkehr."),
    ("de", "Erika Beispiel war lange Korrespondentin in Wien und lebt heute in Berlin."),
    # A blog's box in the first person, as the last paragraph.
    ("en", "Hi, I'm Jane, a food writer and mother of two who loves baking bread at home."),
    (
        "de",
        "Ich bin Lotte, Gärtnerin und Mutter von zwei Kindern, und schreibe hier übers Gärtnern.",
    ),
]
# Between the first and the second paragraph: news, not a box.
MUST_KEEP_EARLY = [
    ("en", "Ann Lee is a professor of urban planning who has studied night transport for years."),
    ("de", "Jana Roth ist Autorin einer Studie über Nachtarbeit, die im Frühjahr erschien."),
]
# Under the article, but no name and title.
MUST_KEEP_LATE = [
    ("en", "The service is a lifeline for writers and nurses who work late, the mayor said."),
    ("de", "Die Stadt ist ein Vorbild für andere Gemeinden, sagte der Redakteur des Berichts."),
    # A first-person sentence that introduces no one.
    ("en", "I am told, by a spokesman for the city, that the night buses finally run again."),
    ("de", "Ich bin müde, sagte die Fahrerin, aber die neuen Linien sind jede Nacht voll."),
]
# A self-introduction above the article's last paragraph: an interview or the post itself.
MUST_KEEP_INTRO_EARLY = [
    ("en", "Hi, I'm Jane, a night nurse who has taken the late bus home for twenty years."),
    ("de", "Ich bin Lotte, Krankenschwester, und fahre seit zwanzig Jahren nachts mit dem Bus."),
]


def _under(lang: str, line: str) -> str:
    return "\n\n".join([HEADLINE[lang], *BODY[lang], line]) + "\n"


@pytest.mark.parametrize(("lang", "line"), MUST_REMOVE)
def test_author_box_under_the_article_goes(lang: str, line: str) -> None:
    out = clean(RULE, _under(lang, line))
    assert line not in out
    for paragraph in BODY[lang]:
        assert paragraph in out


@pytest.mark.parametrize(("lang", "line"), MUST_KEEP_EARLY)
def test_name_and_title_high_in_the_article_stay(lang: str, line: str) -> None:
    assert_line_stays(RULE, lang, line)


@pytest.mark.parametrize(("lang", "line"), MUST_KEEP_LATE)
def test_sentence_without_a_name_stays(lang: str, line: str) -> None:
    text = _under(lang, line)
    assert clean(RULE, text) == text


@pytest.mark.parametrize(("lang", "line"), MUST_KEEP_INTRO_EARLY)
def test_self_introduction_above_the_last_paragraph_stays(lang: str, line: str) -> None:
    assert_line_stays(RULE, lang, line)
