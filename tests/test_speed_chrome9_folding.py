"""Latin-1 case folding by byte tables, a line's shape in one function, the words of a long
text's head and the known share by one sum give what the plain ways give."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_speed_chrome7a_shapes import _plain_shape
from textfix import language
from textfix.rules.chrome import analysis, phrases

_WORD_RE = re.compile(r"[^\W_]+")
_LATIN1 = [chr(code) for code in range(256)]


def test_casefold_table_is_casefold_but_for_two_letters() -> None:
    for code, char in enumerate(_LATIN1):
        folded = chr(analysis._CASEFOLD_LATIN1[code])
        if char in "ßµ":
            assert char.casefold() != char and folded == char
        else:
            assert folded == char.casefold(), repr(char)


def test_folded_alnum_table_is_the_fold_then_the_alnum_table() -> None:
    for code, char in enumerate(_LATIN1):
        if char in "ßµ":
            continue
        expected = " " if not char.casefold().isalnum() else char.casefold()
        assert chr(phrases._LATIN1_FOLDED_ALNUM[code]) == expected, repr(char)


def _plain_words(text: str) -> list[str]:
    """``phrases._words`` as it was: the text case folded first."""
    return _WORD_RE.findall(language.spaced(text.casefold(), language.SEPARATOR_MARKS + "’"))


def test_every_latin1_character_in_a_line_as_the_plain_ways() -> None:
    for char in _LATIN1:
        for text in (
            f"Ab{char}cd efg {char}Hij, klm.",
            f"{char}{char} Ünd “so” weiter – {char}. Ein Satz, der lang genug ist für Prosa hier",
            f"x {char}’s l’{char} … Straße µm {char}",
            f"{char}\x00 Zwölf Äpfel, {char}: ja. Nein! Ob?",
        ):
            assert analysis._shape.__wrapped__(text) == _plain_shape(text), repr(text)
            assert phrases._words(text) == _plain_words(text), repr(text)


_PIECES = ["Été", "ÉTÉ", "straße", "STRASSE", "µm", "Ünd", "l’été", "“Çà”", "–", "…", "\x00", "x"]
_PIECES += [".", ",", ":", "!", "Ÿ", "ÿ", "Œuvre", "Żółć", "Ω", "42", "don't", "ª", "º", "þ"]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_PIECES), st.sampled_from([" ", "", "  ", "\xa0", "\t"])),
        min_size=1,
        max_size=30,
    ).map(lambda parts: "".join(p + g for p, g in parts).strip() or "x")
)
def test_shape_and_words_of_mixed_lines_as_the_plain_ways(text: str) -> None:
    assert analysis._shape.__wrapped__(text) == _plain_shape(text)
    assert phrases._words(text) == _plain_words(text)


def _plain_tokens(text: str, limit: int | None) -> list[str]:
    """``language._tokens`` by the regex over the whole text."""
    words = [w.lower() for w in language._WORD_RE.findall(language.spaced(text))]
    return words if limit is None else words[:limit]


def test_tokens_of_long_texts_read_from_a_head_as_the_whole_text() -> None:
    # Words of every length around the head's share of characters per word, cut anywhere.
    pieces = ["a", "den", "Häuser", "l’homme", "don't", "Überraschungsmoment", "–", "x’", "’y"]
    pieces += ["Donaudampfschifffahrtsgesellschaftskapitän", "“so”", "Ω", "12", "a\u2009b"]
    for first, second in itertools.product(pieces, repeat=2):
        for count in (3, 10, 61, 70, 130, 400, 450, 900):
            text = " ".join([first, second] * count)
            for limit in (None, 1, 5, 60, 61, 400):
                assert language._tokens(text, limit) == _plain_tokens(text, limit), (
                    first,
                    second,
                    count,
                    limit,
                )


def test_known_share_counts_the_words_the_language_lists() -> None:
    codes = language.languages()
    texts = ["the cat sat on the mat", "der Hund und die Katze", "xyzzy qwv", "", "la la la"]
    for text, code in itertools.product(texts, (*codes[:5], "en", "de", "xx")):
        tokens = language._tokens(text)
        if not tokens or code not in codes:
            expected = 0.0
        else:
            bit = 1 << codes.index(code)
            expected = sum(1 for token in tokens if language._mask(token) & bit) / len(tokens)
        assert language.known_share.__wrapped__(text, code) == expected


def test_spaced_by_another_character() -> None:
    assert language.spaced("a“b”c", "“”", "\x00") == "a\x00b\x00c"
    assert language.spaced("a“b”c") == "a b c"
