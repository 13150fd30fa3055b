"""The optional C module (textfix/_speedups.c) decides exactly as the plain Python paths.

Both paths run here: the compiled one as the build made it, the plain one with
``speedups.compiled`` set to None. The real-word chooser is compared call by call, and the
real-word rule document by document (the C loop decides the lower-case words itself and hands
the others back). The build test fails when a C compiler is present but the module is missing,
so a broken build cannot pass unnoticed as a slow one.
"""

from __future__ import annotations

import os
import random
import shutil
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.speedup_paths import compiled_and_plain, needs_compiled
from tests.typo_cases import CONFUSABLE_WORDS, word_triples
from textfix import lexicon, speedups, spelling
from textfix.engine import fix_text
from textfix.rules import typos
from textfix.settings import Settings

COMPILED = speedups.compiled

SEED = 20261205

_WORDS = CONFUSABLE_WORDS  # the article among them
# What stands between words: spaces, punctuation, hyphens, line breaks.
_GAPS = [" "] * 12 + [", ", ". ", " - ", "-", "\n", "\n\n", "; ", " (", ") ", "'s "]


def _spelt(word: str, rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.1:
        return word.capitalize()
    if shape < 0.13:
        return word.upper()
    if shape < 0.15:
        return "\u01c5" + word  # a title-case letter: neither lower nor upper case
    if shape < 0.17:
        return word + "\u4e2d"  # an uncased letter
    return word


def _texts(count: int, seed: int = SEED) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        words = [_spelt(rng.choice(_WORDS), rng) for _ in range(rng.randint(1, 60))]
        yield "".join(w + rng.choice(_GAPS) for w in words).strip() + "\n"


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(speedups, "compiled", None)
    yield


def _realword_edits(text: str) -> list[tuple[object, ...]]:
    result = fix_text(text, Settings(select=("typos.realword",), language="en"))
    return [(e.span, e.replacement, e.rule, e.confidence, e.reason) for e in result.edits]


def test_the_module_is_built_where_a_compiler_is() -> None:
    if os.environ.get("TEXTFIX_PURE_PYTHON", "") not in ("", "0"):
        pytest.skip("TEXTFIX_PURE_PYTHON asks for the plain paths")
    if not any(shutil.which(name) for name in ("cc", "gcc", "clang")):
        pytest.skip("no C compiler here")
    assert COMPILED is not None, "a C compiler is present but textfix._speedups was not built"


@needs_compiled
def test_the_switch_selects_the_plain_chooser(plain: None) -> None:
    lex = lexicon.preload()
    assert COMPILED is not None
    assert not isinstance(spelling.realword_chooser(lex), COMPILED.Chooser)


@needs_compiled
@pytest.mark.parametrize("min_confidence", [typos.REALWORD_MIN_CONFIDENCE, 0.5, 0.0, 1.0])
def test_compiled_chooser_decides_as_the_python_one(
    monkeypatch: pytest.MonkeyPatch, min_confidence: float
) -> None:
    lex = lexicon.preload()
    fast = spelling.realword_chooser(lex)
    assert COMPILED is not None and isinstance(fast, COMPILED.Chooser)
    monkeypatch.setattr(speedups, "compiled", None)
    slow = spelling.realword_chooser(lex)
    assert slow is not None and not isinstance(slow, COMPILED.Chooser)
    bigrams = lex.bigrams.loaded  # type: ignore[union-attr]
    decided = 0
    for typed, prev, nxt, misfit in word_triples(_texts(150)):
        candidates = spelling.realword_candidates(lex, typed)
        expected = slow(typed, prev, nxt, misfit, candidates, min_confidence)
        assert fast(typed, prev, nxt, misfit, candidates, min_confidence) == expected
        sides = (
            bigrams.get(f"{prev} {typed}") if prev else None,
            bigrams.get(f"{typed} {nxt}") if nxt else None,
        )
        given_sides = fast(typed, prev, nxt, misfit, candidates, min_confidence, sides)
        assert given_sides == slow(typed, prev, nxt, misfit, candidates, min_confidence, sides)
        decided += expected is not None
    assert decided > 5 or min_confidence >= 1.0


@needs_compiled
def test_preload_makes_the_compiled_chooser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chooser indexes the bigram keys when made: preload makes it, so that a batch's
    first document does not pay for it."""
    monkeypatch.setattr(spelling, "_COMPILED_CHOOSERS", {})
    lex = lexicon.preload()
    kept = spelling._COMPILED_CHOOSERS.get(id(lex))
    assert kept is not None and isinstance(kept[3], COMPILED.Chooser)  # type: ignore[union-attr]
    assert spelling.realword_chooser(lex) is kept[3]


@needs_compiled
def test_realword_rule_makes_the_same_edits_with_and_without_the_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lexicon.preload()
    texts = list(_texts(250, SEED + 1))
    fast = [_realword_edits(text) for text in texts]
    monkeypatch.setattr(speedups, "compiled", None)
    slow = [_realword_edits(text) for text in texts]
    assert fast == slow
    assert sum(map(len, fast)) > 20  # the texts give the rule work to do


@needs_compiled
@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25), st.randoms())
def test_realword_rule_same_with_and_without_the_module_anywhere(
    words: list[str], rng: random.Random
) -> None:
    lexicon.preload()
    text = "".join(_spelt(w, rng) + rng.choice(_GAPS) for w in words)
    fast, slow = compiled_and_plain(lambda: _realword_edits(text))
    assert fast == slow


@needs_compiled
def test_the_loop_rejects_columns_that_do_not_match() -> None:
    assert COMPILED is not None
    lex = lexicon.preload()
    choose = spelling.realword_chooser(lex)
    found = spelling.realword_words(lex)
    assert found is not None

    def loop(**given: object) -> object:
        assert COMPILED is not None
        arguments: dict[str, object] = {
            "lowers": ["out", "of"],
            "texts": ["out", "of"],
            "prevs": [None, "out"],
            "nexts": ["of", None],
            "befores": ["", " "],
            "firsts": {0},
            "names": set(),
            "found_of": found,
            "user": set(),
            "core": lexicon.core_words(),
            "hyphens": [],
            "chooser": choose,
            "min_confidence": 0.9,
            "article": "an",
        }
        arguments.update(given)
        return COMPILED.realword_decisions(*arguments.values())

    assert loop() == []  # the columns as the rule passes them
    with pytest.raises(ValueError):
        loop(texts=["out"])
    with pytest.raises(TypeError):
        loop(chooser=len)
    with pytest.raises(TypeError):  # a neighbour that is not a word
        loop(prevs=[None, 3])
    with pytest.raises(TypeError):
        COMPILED.Chooser({}, {}, 1)  # type: ignore[call-arg]


# Characters that the analysis treats apart: letters of several scripts and cases, digits,
# the two apostrophes, hyphens, spaces and tabs, every kind of line end, an underscore (not
# a word character), a title-case letter, an uncased letter, a combining mark and an emoji.
_ANALYSIS_CHARACTERS = "aZéÉß İ9٣'’-- \t\t\n\r\n\r_.,!?\"(\u01c5\u4e2d\u0301😀x"


def _plain_columns(text: str) -> tuple[list[bool], typos.AnalysisFields]:
    return typos._columns(text)


@needs_compiled
@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_ANALYSIS_CHARACTERS, max_size=80))
def test_compiled_columns_equal_the_plain_ones(text: str) -> None:
    assert COMPILED is not None
    assert COMPILED.word_columns(text) == _plain_columns(text)


@needs_compiled
def test_compiled_columns_on_every_dev_text_shape() -> None:
    assert COMPILED is not None
    texts = list(_texts(200, SEED + 2))
    texts += [text.replace("\n", "\r\n") for text in texts[:50]]
    texts += ["", "-", "a", "\n", "don't-stop", "x\r", "Ǆemal ǅ\u0301x  \t y'"]
    for text in texts:
        assert COMPILED.word_columns(text) == _plain_columns(text), text


def _counted(text: str, kernel: object) -> list[list[tuple[str, int]]]:
    """The analysis's three counts of ``text`` by ``kernel``, as lists (key order counts)."""
    written_lower, fields = typos._columns(text)
    args = (fields[0], fields[1], written_lower, fields[7], fields[9])
    if kernel is None:
        counts = typos._counts(*args)
    else:
        assert COMPILED is not None
        counts = COMPILED.word_counts(*args, Counter)
        assert all(type(c) is Counter for c in counts)
    return [list(c.items()) for c in counts]


@needs_compiled
@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_ANALYSIS_CHARACTERS + "'’ǅ", max_size=80))
def test_compiled_counts_equal_the_plain_ones(text: str) -> None:
    assert _counted(text, COMPILED) == _counted(text, None)


@needs_compiled
def test_compiled_counts_on_every_dev_text_shape() -> None:
    texts = list(_texts(200, SEED + 6))
    texts += ["", "A", "NATO's plan. The EU’s", "Ǆemal ǅx: Don't. IT'S\nX-Ray", "I. A: B; C? D!"]
    for text in texts:
        assert _counted(text, COMPILED) == _counted(text, None), text


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="aeiostrnldkcqwxzéß'", min_size=1, max_size=12),
    st.text(alphabet="aeiostrnldkcqwxzéß'", min_size=1, max_size=12),
)
def test_compiled_channel_cost_equals_the_plain_alignment(typed: str, meant: str) -> None:
    fast, plain = compiled_and_plain(
        lambda: spelling.channel_cost(typed, meant), spelling.channel_cost.cache_clear
    )
    assert fast == plain


@needs_compiled
def test_compiled_chooser_reads_zero_counts_as_missing_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The compiled chooser takes a found pair as attested only while every count is nonzero:
    with a zero count in the dict it tests each count, as `if count:` does."""
    from types import SimpleNamespace

    lex = lexicon.preload()
    bigrams = dict(lex.bigrams.loaded)  # type: ignore[union-attr]
    rng = random.Random(SEED + 3)
    for key in rng.sample(sorted(bigrams), len(bigrams) // 3):
        bigrams[key] = 0
    fake = SimpleNamespace(
        bigrams=SimpleNamespace(loaded=bigrams),
        frequencies=lex.frequencies,
        bigram_total=lex.bigram_total,
        bigram_floor=lex.bigram_floor,
    )
    fast = spelling.realword_chooser(fake)  # type: ignore[arg-type]
    monkeypatch.setattr(speedups, "compiled", None)
    slow = spelling.realword_chooser(fake)  # type: ignore[arg-type]
    assert fast is not None and slow is not None and type(fast) is not type(slow)
    differ = 0
    for typed, prev, nxt, misfit in word_triples(_texts(100, SEED + 4)):
        candidates = spelling.realword_candidates(lex, typed)
        expected = slow(typed, prev, nxt, misfit, candidates, typos.REALWORD_MIN_CONFIDENCE)
        assert fast(typed, prev, nxt, misfit, candidates, typos.REALWORD_MIN_CONFIDENCE) == (
            expected
        )
        real = spelling.realword_chooser(lex)
        differ += expected != (
            real(typed, prev, nxt, misfit, candidates, typos.REALWORD_MIN_CONFIDENCE)
            if real is not None
            else None
        )
    assert differ > 0  # the zero counts changed some decisions


def _bare_chooser(bigrams: dict[str, int], *, table: bool) -> object:
    assert COMPILED is not None
    return COMPILED.Chooser(bigrams, {}, lambda *_args: None, *[1.0] * 12, table=table)


# Words of every width of str the pair hash reads (ASCII, Latin-1, two- and four-byte code
# points), and with a space inside, whose pair key can be split two ways.
_PAIR_WORDS = ["a", "of", "the", "b a", "naïve", "żółw", "中文", "😀", ""]


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from(_PAIR_WORDS), st.sampled_from(_PAIR_WORDS)).map(" ".join),
        # 0 and a count too large for a float keep the table from being built.
        st.one_of(st.integers(min_value=1, max_value=10**9), st.sampled_from([0, 10**400])),
        max_size=40,
    ),
    st.lists(st.tuples(st.sampled_from(_PAIR_WORDS), st.sampled_from(_PAIR_WORDS)), max_size=40),
)
def test_compiled_pair_lookup_answers_as_the_dict(
    bigrams: dict[str, int], asked: list[tuple[str, str]]
) -> None:
    """The chooser's table of pair hashes (and the dict behind its filter, without the table)
    gives bigrams.get(f"{a} {b}") for every pair, present or not (the table gives the
    count's float value)."""
    with_table = _bare_chooser(bigrams, table=True)
    without = _bare_chooser(bigrams, table=False)
    for a, b in [*asked, *(tuple(key.split(" ", 1)) for key in bigrams)]:
        expected = bigrams.get(f"{a} {b}")
        assert with_table.pair(a, b) == expected  # type: ignore[attr-defined]
        assert without.pair(a, b) == expected  # type: ignore[attr-defined]


@needs_compiled
def test_compiled_chooser_decides_alike_with_and_without_its_pair_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A chooser built without the table (the dict then answers, as when two keys share a
    hash) decides as the Python chooser, on the real dicts."""
    from functools import partial
    from types import SimpleNamespace

    lex = lexicon.preload()
    fake = SimpleNamespace(
        bigrams=lex.bigrams,
        frequencies=lex.frequencies,
        bigram_total=lex.bigram_total,
        bigram_floor=lex.bigram_floor,
    )
    assert COMPILED is not None
    monkeypatch.setattr(
        speedups, "compiled", SimpleNamespace(Chooser=partial(COMPILED.Chooser, table=False))
    )
    without = spelling.realword_chooser(fake)  # type: ignore[arg-type]
    monkeypatch.setattr(speedups, "compiled", None)
    slow = spelling.realword_chooser(fake)  # type: ignore[arg-type]
    assert isinstance(without, COMPILED.Chooser) and not isinstance(slow, COMPILED.Chooser)
    decided = 0
    for typed, prev, nxt, misfit in word_triples(_texts(120, SEED + 5)):
        candidates = spelling.realword_candidates(lex, typed)
        min_confidence = typos.REALWORD_MIN_CONFIDENCE
        expected = slow(typed, prev, nxt, misfit, candidates, min_confidence)  # type: ignore[misc]
        assert without(typed, prev, nxt, misfit, candidates, min_confidence) == expected
        decided += expected is not None
    assert decided > 5


_LANGUAGE_SAMPLES = [
    "The government said on Monday that it would not raise taxes this year.",
    "Die Regierung sagte am Montag, dass sie die Steuern nicht erhöhen werde.",
    "Le gouvernement a déclaré lundi qu'il n'augmenterait pas les impôts cette année.",
    "El gobierno dijo el lunes que no subiría los impuestos este año.",
    "Rząd poinformował w poniedziałek, że nie podniesie podatków w tym roku.",
    "De regering zei maandag dat ze de belastingen dit jaar niet zou verhogen.",
    "zzq xyv",
    "",
]


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(" ".join(_LANGUAGE_SAMPLES).split()), max_size=60))
def test_compiled_language_scores_equal_the_plain_loop(words: list[str]) -> None:
    from textfix import language

    tokens = [w.lower().strip(".,") for w in words]
    floors = language._header()[1]
    assert COMPILED is not None
    fast = COMPILED.language_scores(tokens, language._memo, language._memo_rows, floors)
    assert fast == language._scores(tokens, floors)


@needs_compiled
def test_language_detection_same_with_and_without_the_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textfix import language

    texts = [*_LANGUAGE_SAMPLES, " ".join(_LANGUAGE_SAMPLES), *_texts(30, SEED + 5)]
    language.clear_cache()
    fast = [language.detect(text) for text in texts]
    monkeypatch.setattr(speedups, "compiled", None)
    language.clear_cache()
    try:
        assert [language.detect(text) for text in texts] == fast
    finally:
        language.clear_cache()
    assert {guess.code for guess in fast} >= {"en", "de", "fr", "es", "pl", "nl"}


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeilmnorstuyzéüß'", min_size=1, max_size=14))
def test_compiled_candidate_groups_equal_the_plain_search(word: str) -> None:
    fast, plain = compiled_and_plain(lambda: lexicon.candidate_groups(word))
    assert fast == plain


@needs_compiled
def test_compiled_candidate_groups_on_slips_of_core_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.typo_cases import slip

    rng = random.Random(SEED + 6)
    words = sorted(w for w in lexicon.core_words() if len(w) > 2)
    typed = [slip(rng, rng.choice(words)) for _ in range(150)] + ["a", "of", "zzzzzzzzzz"]
    fast = [lexicon.candidate_groups(word) for word in typed]
    monkeypatch.setattr(speedups, "compiled", None)
    assert [lexicon.candidate_groups(word) for word in typed] == fast
    assert sum(len(groups[1]) for groups in fast) > 100
