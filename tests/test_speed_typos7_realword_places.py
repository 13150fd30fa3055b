"""The real-word rule's word tests of session 7, made once per distinct word, pass over and
visit exactly the places the tests made at each place did.

The plain reference is the rule as it was (typos.fix_realwords before session 7); both run on
generated text with capitals, apostrophes, hyphens, user words and slips, with the lexicon's
tables loaded and without them. No timings here.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

import pytest

from tests.typo_cases import word_texts
from textfix import Settings, lexicon, spelling
from textfix.document import Document
from textfix.model import Edit
from textfix.rules import typos
from textfix.rules.base import Context

SEED = 20261207

_WORDS = (  # noqa: SIM905 - a sentence of words reads better than a column
    "the they then than that this out our at it is in on of form from were where there "
    "their three tree free see sea fell feel well will with what when want an and as a to "
    "too two be by my me he her here hear new now no not know hour idea dish trade trader "
    "plant plants provides provided shared security market went left house door cat dog "
    "it's don't we're dog's zxq qwv 1990 x"
).split()


def _texts(count: int) -> list[str]:
    return word_texts(SEED, _WORDS, count, (3, 80), 0.15, 0.18)


def _plain_fix_realwords(doc: Document, ctx: Context) -> Iterator[Edit]:
    """typos.fix_realwords as it was before session 7 (the word tests made at each place)."""
    if not typos._is_english(doc):
        return
    core = lexicon.core_words()
    user = typos._user_words(ctx)
    analysis = typos.analyse(doc)
    if not analysis.texts:
        return
    lines = typos._LineLanguage(doc)
    lex = lexicon.lexicon()
    variant = ctx.settings.variant
    choices = typos._realword_choices(lex)
    # Each word's candidates, once known: most words have no common word one slip away, and
    # a word known to have none is passed over before any other test.
    rivals = spelling.realword_cache(lex)
    # The decision in one call once the lexicon's dicts are loaded (None before: the plain path).
    choose = spelling.realword_chooser(lex)
    vocabulary = analysis.vocabulary
    hyphens = analysis.hyphens
    texts = analysis.texts
    prevs = analysis.prevs
    nexts = analysis.nexts
    # Most words of a clean text are passed over by the tests below for their spelling alone
    # (not a core word, or no common word one slip away): those are picked out once per
    # distinct word, and only the positions of the others are visited. A word's candidates
    # not known yet count as some (the loop asks for them), as the loop's own test does.
    known = spelling.realword_words(lex)
    if known is not None:
        # Every core word's candidates are known: the words with some, picked out in C.
        visited = set(filter(known.__contains__, set(analysis.lowers)))
    else:
        visited = {
            lower for lower in set(analysis.lowers) if lower in core and rivals.get(lower, True)
        }
    for index in compress(range(len(texts)), map(visited.__contains__, analysis.lowers)):
        lower = texts[index]
        prev = prevs[index]
        nxt = nexts[index]
        if prev is None and nxt is None:
            continue
        if not lower.islower():
            # A capitalised word opening a sentence is checked like any other, unless the
            # article also writes it capitalised mid-sentence (a name).
            if not (lower[1:].islower() and lower[0].isupper() and analysis.initial(index)):
                continue
            lower = lower.lower()
            if lower in analysis.names:
                continue
        if lower not in core:
            continue
        found = rivals.get(lower)
        if found is not None and not found:
            continue
        if lower in user or index in hyphens or not lower.isalpha():
            continue  # possessives and contractions are left alone
        # A neighbour that is itself unknown (a number, a name, a typo) says nothing about
        # this word: the other side must decide alone.
        if prev not in core:
            prev = None
        if nxt not in core:
            nxt = None
        if prev is None and nxt is None:
            continue
        if found is None:
            found = spelling.realword_candidates(lex, lower)
        if not found:
            continue
        misfit = (
            typos.ARTICLE_MISFIT
            if lower == "an" and typos._consonant_next(analysis, index)
            else 0.0
        )
        # The decision for a word between two neighbours depends on nothing else: most words
        # of a clean text have no rival, and the triples repeat.
        key = (lower, prev, nxt) if not misfit else (lower, prev, f"{nxt} !")
        best = choices.get(key, typos._UNDECIDED)
        if best is typos._UNDECIDED:
            if choose is not None:
                best = choose(lower, prev, nxt, misfit, found, typos.REALWORD_MIN_CONFIDENCE)
            else:
                best = typos._find_realword_choice(lex, lower, prev, nxt, misfit, found)
            if len(choices) >= typos._REALWORD_CHOICES_SIZE:
                typos._forget_older_half(choices)
            choices[key] = best
        if best is None:
            continue
        if variant == "any" and lex.spelt_otherwise(lower, best.word):
            continue  # both spellings are right ("organisations", "organizations")
        if vocabulary[lower] > 1 and lex.frequency(lower) < typos.REPEATED_ZIPF:
            continue  # the writer used this uncommon word again: it is meant
        word = analysis.word(index)
        if doc.is_protected(word.span) or lines.foreign(word.line):
            continue
        between = " and ".join(repr(w) for w in (prev, nxt) if w is not None)
        yield Edit(
            word.span,
            spelling.carry_case(word.text, best.word),
            "typos.realword",
            round(min(best.probability, typos.MAX_CONFIDENCE), 3),
            f"{lower!r} is unlikely beside {between}; {best.word!r} fits",
        )


def _edits(check: object, texts: list[str], settings: Settings) -> list[list[Edit]]:
    found = []
    for text in texts:
        typos._REALWORD_CHOICES.clear()
        found.append(list(check(Document(text, language_hint="en"), Context(settings))))  # type: ignore[operator]
    return found


@pytest.mark.parametrize("user", [frozenset(), frozenset({"form", "there", "Out"})])
def test_word_tests_once_per_word_give_the_plain_edits(user: frozenset[str]) -> None:
    lexicon.preload()
    settings = Settings(select=("typos",), language="en", words=user)
    texts = _texts(600)
    fast = _edits(typos.fix_realwords.check, texts, settings)
    assert fast == _edits(_plain_fix_realwords, texts, settings)
    assert sum(map(len, fast)) > 20  # the comparison reached the edits


def test_word_tests_give_the_plain_edits_before_the_tables_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lexicon.preload()
    monkeypatch.setattr(spelling, "realword_chooser", lambda lex: None)
    monkeypatch.setattr(spelling, "realword_words", lambda lex: None)
    settings = Settings(select=("typos",), language="en", words=frozenset({"form"}))
    texts = _texts(300)
    fast = _edits(typos.fix_realwords.check, texts, settings)
    assert fast == _edits(_plain_fix_realwords, texts, settings)
    assert sum(map(len, fast)) > 10
