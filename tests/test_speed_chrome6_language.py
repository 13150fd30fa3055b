"""Words with apostrophes ("don't", "l’homme") are cut by the byte table too: language._tokens
gives the regex's words, lower-cased, for any text and limit."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import language

_PIECES = st.sampled_from(
    [*"aZé ß'’‘“-\x01.,;\n\t1ÿµ²", "don't", "l’homme", "rock'n'roll", "Σσς", "İ", "x’", "’s"]
)
_TEXTS = st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=60).map("".join))


def _plain_tokens(text: str, limit: int | None = None) -> list[str]:
    """``language._tokens`` as it was: the regex reads every text with an apostrophe."""
    if not text.isascii():
        text = language.spaced(text)
    if limit is not None and len(text) > 16 * limit:
        head = text[: 16 * limit]
        if "'" not in head:
            fast = language._latin1_words(head)
            if fast is not None and len(fast) > limit:
                return fast[:limit]
    elif "'" not in text:
        fast = language._latin1_words(text)
        if fast is not None:
            return fast if limit is None else fast[:limit]
    if limit is None or (len(text) + 1) // 2 <= limit:
        words = language._WORD_RE.findall(text)
    else:
        words = language._WORD_RE.findall(text, 0, 16 * limit)
        if len(words) > limit:
            words = words[:limit]
        else:
            words = [m.group() for m in itertools.islice(language._WORD_RE.finditer(text), limit)]
    return list(map(str.lower, words))


@settings(max_examples=1500, deadline=None)
@given(_TEXTS, st.sampled_from([None, 1, 2, 3, 5, 60]))
def test_tokens_as_the_regex(text: str, limit: int | None) -> None:
    assert language._tokens(text, limit) == _plain_tokens(text, limit)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=50, max_size=200).map("".join), st.sampled_from([2, 3, 5]))
def test_long_texts_cut_at_their_head(text: str, limit: int) -> None:
    assert language._tokens(text, limit) == _plain_tokens(text, limit)


def test_apostrophes_joining_letters_take_the_table() -> None:
    assert language._latin1_apostrophe_words("Don't say l’Homme") == ["don't", "say", "l’homme"]
    assert language._latin1_apostrophe_words("‘quoted’ word") is None  # not Latin-1 once spaced
    assert language._latin1_apostrophe_words("'quoted' word") == ["quoted", "word"]
    assert language._tokens("'quoted' word, don’t") == ["quoted", "word", "don’t"]
    # A typographic apostrophe alone sends a text there too (_latin1_words cannot read it).
    assert language._has_apostrophe("it’s") and language._has_apostrophe("it's")
    assert not language._has_apostrophe("its “quoted” ‘one")
    for text in (
        "a'''b",
        "a’'’b",
        "a''b",
        "a'’b",
        "a’’b",
        "a’'b",
        "a' b",
        "a ’b",
        "'a",
        "a’",
        "a\x01b",
    ):
        assert language._tokens(text) == _plain_tokens(text)
        assert language._tokens(text, 1) == _plain_tokens(text, 1)
