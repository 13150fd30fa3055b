"""The non-word rule's article model of session 11: the compiled word-pair counts
(typos._written_pairs) against the plain iterator chain, the model of an article without
fixes (shared counts) against copies, and the shortlist that skips the rarer two-edit words
when the article counts none of the candidates."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.speedup_paths import compiled_and_plain, needs_compiled
from tests.typo_cases import CONFUSABLE_WORDS
from textfix import Settings, fix_text, lexicon, speedups, spelling
from textfix.document import Document
from textfix.rules import typos

COMPILED = speedups.compiled

# The spelling dev set, when this checkout sits beside it (its noisy sentences, as articles).
DEV = Path(__file__).resolve().parents[2] / "shared/data/spell-dev/sentences.jsonl"
_GAPS = [" ", " ", " ", ", ", ". ", "\n", "\n\n", " - ", "; ", "'s ", " (", ") "]


def _dev_texts(count: int) -> list[str]:
    if not DEV.exists():
        return []
    sentences = []
    with DEV.open(encoding="utf-8") as lines:
        for line in lines:
            sentences.append(str(json.loads(line).get("noisy", "")))
            if len(sentences) >= count * 20:
                break
    return [" ".join(sentences[at : at + 20]) for at in range(0, len(sentences), 20)]


def _made_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        words = [rng.choice(CONFUSABLE_WORDS) for _ in range(rng.randint(0, 80))]
        words = [w.capitalize() if rng.random() < 0.1 else w for w in words]
        texts.append("".join(w + rng.choice(_GAPS) for w in words))
    return texts


def _pairs_both(text: str) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    analysis = typos.analyse(Document(text))
    return compiled_and_plain(lambda: typos._written_pairs(analysis)[1])


def _same_counter(fast: Counter[tuple[str, str]], plain: Counter[tuple[str, str]]) -> None:
    assert type(fast) is Counter
    assert fast == plain
    assert list(fast.items()) == list(plain.items())  # the order the pairs first come in


@needs_compiled
def test_compiled_pairs_of_texts() -> None:
    for text in ["", "one", "one two", "a. b c\n\nd e e e e", *_made_texts(200, 11)]:
        _same_counter(*_pairs_both(text))
    for text in _dev_texts(200):
        _same_counter(*_pairs_both(text))


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "The", "cat", "cats", "a", "A", "é"]), max_size=40))
def test_compiled_pairs_of_any_words(words: list[str]) -> None:
    rng = random.Random(len(words))
    text = "".join(w + rng.choice(_GAPS) for w in words)
    _same_counter(*_pairs_both(text))


@needs_compiled
def test_compiled_pairs_check_their_arguments() -> None:
    assert COMPILED is not None
    with pytest.raises(TypeError):
        COMPILED.written_pairs(("a", "b"), [None, "a"], Counter, None)
    with pytest.raises(TypeError):
        COMPILED.written_pairs(["a", "b"], [None, "a"], list, None)
    with pytest.raises(TypeError):
        COMPILED.written_pairs(["a", "b"], [None, "a"], Counter, ["a"])
    # Columns of different lengths: the pairs of the shorter.
    pairs = COMPILED.written_pairs(["a", "b", "c"], [None, "a"], Counter, None)
    assert pairs == Counter({("a", "b"): 1})


def test_model_without_fixes_reads_the_counts_as_written() -> None:
    for text in _made_texts(50, 12):
        analysis = typos.analyse(Document(text))
        base = typos._written_pairs(analysis)
        model = typos._document_model(analysis, {}, base)
        assert model.words == Counter(analysis.vocabulary)
        assert model.pairs == Counter(base[1])
        assert model.size == sum(analysis.vocabulary.values())
        # A fix takes copies: the counts as written stay as they were.
        if len(analysis.texts) > 2:
            before = (Counter(analysis.vocabulary), Counter(base[1]))
            typos._document_model(analysis, {1: "replaced"}, base)
            assert (analysis.vocabulary, base[1]) == before


def test_shortlist_without_counted_candidates() -> None:
    """An empty ``counted`` gives the shortlist the model gives (none of the rarer two-edit
    words is written), and any ``counted`` from typos._ranking_key does too."""
    lex = lexicon.lexicon()
    rng = random.Random(13)
    for text in _made_texts(40, 13):
        analysis = typos.analyse(Document(text))
        model = typos._document_model(analysis, {}, typos._written_pairs(analysis))
        around = spelling.with_siblings(analysis.lowers)
        for typed in (
            "teh",
            "recieve",
            "wich",
            "thier",
            "abotu",
            rng.choice(analysis.lowers or ["x"]),
        ):
            reads: list[set[str]] = []
            typos._ranking_key(lex, typed, None, None, 0.0, model, around, reads)
            counted = reads[0]
            expected = spelling._shortlist(lex, typed, 2, model)
            assert spelling._shortlist(lex, typed, 2, model, counted) == expected
            if not counted:
                assert spelling._shortlist(lex, typed, 2, model, frozenset()) == expected


def _among_both(text: str, among: set[str]) -> tuple[Counter[tuple[str, str]], ...]:
    analysis = typos.analyse(Document(text))
    fast, plain = compiled_and_plain(lambda: typos._written_pairs(analysis, among)[1])
    full = typos._written_pairs(analysis)[1]
    return fast, plain, full


@needs_compiled
def test_compiled_pairs_among_words() -> None:
    rng = random.Random(14)
    for text in [*_made_texts(100, 14), *_dev_texts(50)]:
        words = sorted(set(typos.analyse(Document(text)).lowers))
        for among in (set(), set(rng.sample(words, min(3, len(words)))), set(words)):
            fast, plain, full = _among_both(text, among)
            _same_counter(fast, plain)
            assert fast == Counter(
                {p: n for p, n in full.items() if p[0] in among or p[1] in among}
            )


def _rankings(texts: list[str]) -> list[object]:
    """Every ranking typos.nonword makes for ``texts`` (none kept from before), with the
    edits."""
    made: list[object] = []
    rank = typos._rank

    def recorded(*args: object) -> object:
        ranked = rank(*args)  # type: ignore[arg-type]
        made.append((args[3], None if ranked is None else [tuple(vars_of(s)) for s in ranked]))
        return ranked

    def vars_of(scored: spelling.Scored) -> tuple[str, str, str]:
        return scored.word, scored.score.hex(), scored.probability.hex()

    settings = Settings(select=("typos",), language="en")
    typos._rank = recorded  # type: ignore[assignment]
    try:
        for text in texts:
            typos._RANKINGS.clear()
            fixed = fix_text(text, settings)
            made.append([(e.span, e.replacement, e.confidence) for e in fixed.edits])
    finally:
        typos._rank = rank  # type: ignore[assignment]
    return made


def test_rankings_read_no_pair_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pair counts of the words _paired_words picks give every ranking what all the
    pairs give, with the fixes of the rounds (dev sentences with slips, and made ones)."""
    lexicon.preload()
    texts = [*_dev_texts(40), *_made_texts(40, 15)]
    texts += ["Teh cat sat on teh mat. Teh dog and teh cat.", "I recieved teh letter recieved."]
    kept = _rankings(texts)
    monkeypatch.setattr(typos, "_paired_words", lambda reads: None)
    assert _rankings(texts) == kept
    assert sum(1 for item in kept if isinstance(item, tuple) and item[1] is not None) > 20


def test_read_among_and_paired_words() -> None:
    lex = lexicon.lexicon()
    candidates = set().union(*spelling.ranked_candidates(lex, "teh"))
    around = {"the", "tea", "ten", "zzzq", "cat"}
    assert typos._read_among(lex, "teh", around) == around & candidates
    assert typos._read_among(lex, "teh", set()) == set()
    assert typos._paired_words({"a": {"x"}, "b": {"y", "x"}, "c": set()}) == {"x", "y"}
    assert typos._paired_words({}) == set()
