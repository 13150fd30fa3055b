"""The typos phase's fast paths give exactly what the plain versions they replaced gave.

Each test keeps a plain reference (the straightforward code the fast path replaced) and compares
the two on general English, generated slips and edge cases: the speed work must not change a
single output. No timings here (those are in bench/spell_bench.py).
"""

from __future__ import annotations

import gc
import random
import re
import string
from collections.abc import Iterator

import pytest
from rapidfuzz import process
from rapidfuzz.distance import OSA

from textfix import Settings, fix_text, lexicon, spelling
from textfix.document import Document
from textfix.rules import typos

SEED = 20261204
TEXTS = [
    "The committee met on Tuesday. It agreed to publish the report in March.",
    "A well-known writer spoke about the e-mail and the pre-war years - and left.",
    "Dr. Smith's book, 'The Long Road', sold well; the U.S. edition did not.\nNew line here",
    "  Leading spaces\tand tabs\t\there.  Trailing. \n\n\nALL CAPS LINE\nMixedCase wordsHere",
    "an hour, an idea, an served dish, an x-ray - the Court's ruling\u2019s effect",
    "Numbers 12 and 3.5, e-mail@example.com and https://example.org/a-b stay.",
    "",
    "\n",
    "word",
    "-dash at start and end-",
]


def _slips(words: list[str], count: int) -> list[str]:
    rng = random.Random(SEED)
    found = []
    for _ in range(count):
        letters = list(rng.choice(words))
        for _ in range(rng.randint(0, 3)):
            at = rng.randrange(len(letters) + 1)
            kind = rng.random()
            if kind < 0.3 and len(letters) > 1:
                del letters[min(at, len(letters) - 1)]
            elif kind < 0.6:
                letters.insert(at, rng.choice(string.ascii_lowercase))
            elif kind < 0.8:
                letters[min(at, len(letters) - 1)] = rng.choice(string.ascii_lowercase)
            elif at + 1 < len(letters):
                letters[at], letters[at + 1] = letters[at + 1], letters[at]
        found.append("".join(letters))
    return found


@pytest.fixture(scope="module")
def core_sample() -> list[str]:
    core = lexicon.core_words()
    words = sorted(core.load() if isinstance(core, lexicon.CoreWords) else core)
    return random.Random(SEED).sample(words, 400)


def test_edits1_set_is_the_set_of_edits1(core_sample: list[str]) -> None:
    words = [*core_sample, "", "a", "aa", "ab", "aab", "abba", "o'clock", "na\u00efve", "x-ray"]
    for word in words:
        assert lexicon.edits1_set(word) == set(lexicon.edits1(word)), word


def _plain_candidates(word: str, max_distance: int) -> tuple[tuple[str, int], ...]:
    index = lexicon.candidate_index()
    found: set[str] = set()
    for key in lexicon._deletes(word[: lexicon.PREFIX_LENGTH], max_distance):
        hit = index.get(key)
        if hit:
            found.update(hit.split(" "))
    hits = process.extract(
        word, sorted(found), scorer=OSA.distance, score_cutoff=max_distance, limit=None
    )
    return tuple((other, int(distance)) for other, distance, _index in hits)


def test_candidates_in_the_order_of_a_sorted_extract(core_sample: list[str]) -> None:
    for word in _slips(core_sample, 150):
        for distance in (1, 2):
            assert lexicon._candidates(word, distance) == _plain_candidates(word, distance)


def test_frequency_dict_reads_the_table_values(core_sample: list[str]) -> None:
    lex = lexicon.lexicon()
    assert lex.frequencies is not None
    loaded = lex.frequencies.load()
    for word in [*core_sample, *_slips(core_sample, 100), "zzqxj"]:
        raw = lex.forms.get(word)
        assert loaded.get(word, 0.0) == (0.0 if raw is None else float(raw))
        assert lex.frequency(word) == (0.0 if raw is None else float(raw))


def _plain_channel_cost(typed: str, meant: str) -> float:
    if typed == meant:
        return 0.0
    if typed == meant + "s" or meant == typed + "s":
        return spelling.COST_FINAL_S
    n, m = len(meant), len(typed)
    prev2: list[float] = []
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + spelling._insert_cost(typed, j - 1)
    for i in range(1, n + 1):
        row = [prev[0] + spelling._delete_cost(meant, i - 1)] + [0.0] * m
        for j in range(1, m + 1):
            best = min(
                prev[j] + spelling._delete_cost(meant, i - 1),
                row[j - 1] + spelling._insert_cost(typed, j - 1),
                prev[j - 1] + spelling._sub_cost(meant[i - 1], typed[j - 1]),
            )
            if (
                i > 1
                and j > 1
                and meant[i - 1] == typed[j - 2]
                and meant[i - 2] == typed[j - 1]
                and meant[i - 1] != meant[i - 2]
            ):
                best = min(best, prev2[j - 2] + spelling.COST_TRANSPOSE)
            row[j] = best
        prev2, prev = prev, row
    cost = prev[m]
    if typed[:1] != meant[:1]:
        cost += spelling.COST_FIRST_LETTER
    return cost


def test_channel_cost_matches_the_plain_alignment(core_sample: list[str]) -> None:
    rng = random.Random(SEED)
    typed_forms = _slips(core_sample, 300)
    pairs = [(typed, rng.choice(core_sample)) for typed in typed_forms]
    pairs += list(zip(typed_forms, core_sample, strict=False))
    pairs += [("", "a"), ("a", ""), ("aa", "a"), ("teh", "the"), ("thhe", "the"), ("abba", "baab")]
    for typed, meant in pairs:
        assert spelling.channel_cost.__wrapped__(typed, meant) == _plain_channel_cost(
            typed, meant
        ), (typed, meant)


_SENTENCE_END = re.compile(r"[.!?\u2026:;]")
_JOINING_GAP = re.compile(r"[ \t]+")


def _plain_words(doc: Document) -> Iterator[typos.Word]:
    """A record per word, built one word at a time (the analysis before it held columns)."""
    for line in doc.lines:
        parts = typos._WORD_SPLIT(line.text)
        count = len(parts) // 2
        words = parts[1::2]
        gaps = parts[0::2]
        gaps[-1] = "."
        lowers = [word.lower() for word in words]
        joined = [gap == " " or _JOINING_GAP.fullmatch(gap) is not None for gap in gaps]
        position = line.span.start
        for i in range(count):
            before, after = gaps[i], gaps[i + 1]
            position += len(before)
            end = position + len(words[i])
            yield typos.Word(
                words[i],
                position,
                end,
                line.index,
                lowers[i - 1] if i and joined[i] else None,
                lowers[i + 1] if joined[i + 1] else None,
                i == 0 or (before != " " and _SENTENCE_END.search(before) is not None),
                before.endswith("-") or after.startswith("-"),
                after.startswith("."),
            )
            position = end


def test_analysis_columns_give_the_plain_records() -> None:
    for text in TEXTS:
        doc = Document(text, "en")
        analysis = typos._analyse(doc)
        plain = list(_plain_words(doc))
        assert list(analysis.words) == plain
        assert analysis.vocabulary == {
            w.text: sum(1 for p in plain if p.text == w.text) for w in plain if w.text.islower()
        }
        assert set(analysis.hyphens) == {i for i, w in enumerate(plain) if w.hyphenated}


def _plain_rank_realword(
    lex: lexicon.Lexicon, typed: str, prev: str | None, nxt: str | None, misfit: float
) -> list[spelling.Scored]:
    gain_needed = (
        spelling.REALWORD_MIN_GAIN if prev and nxt else spelling.REALWORD_MIN_GAIN_ONE_SIDE
    )
    options: list[tuple[str, float]] = []
    own: float | None = None
    for other in spelling.realword_candidates(lex, typed):
        attested = (prev and spelling.pair_count(lex, prev, other)) or (
            nxt and spelling.pair_count(lex, other, nxt)
        )
        if not attested:
            continue
        if own is None:
            own = spelling._context(lex, prev, typed, nxt) - misfit
        fit = spelling._context(lex, prev, other, nxt)
        if fit - own < gain_needed:
            continue
        score = spelling.FREQUENCY_WEIGHT * lex.frequency(other) + fit
        both = (
            prev
            and nxt
            and spelling.pair_count(lex, prev, other)
            and spelling.pair_count(lex, other, nxt)
        )
        score -= spelling.channel_cost(typed, other) + (
            spelling.REALWORD_PRIOR_BOTH if both else spelling.REALWORD_PRIOR
        )
        if spelling._inflected(typed, other):
            score -= spelling.INFLECTION_PENALTY
        options.append((other, score))
    if not options or own is None:
        return []
    options.append((typed, spelling.FREQUENCY_WEIGHT * lex.frequency(typed) + own))
    return spelling.softmax(options)


def test_rank_realword_matches_the_plain_ranking() -> None:
    lex = lexicon.lexicon()
    words = (  # noqa: SIM905 - a sentence of words reads better than a column
        "the they then than that this out our at it is in on of form from were where "
        "their there three tree free see sea fell feel well will with what when want "
        "an and as a to too two be by my me he her here hear new now no not know"
    ).split()
    rng = random.Random(SEED)
    seen_some = False
    for _ in range(600):
        typed = rng.choice(words)
        prev = rng.choice([None, *words])
        nxt = rng.choice([None, *words])
        misfit = rng.choice([0.0, 0.0, typos.ARTICLE_MISFIT])
        fast = spelling.rank_realword(typed, prev, nxt, lex=lex, misfit=misfit)
        assert fast == _plain_rank_realword(lex, typed, prev, nxt, misfit)
        seen_some = seen_some or bool(fast)
    assert seen_some  # the comparison reached the scoring, not only the empty answers


def test_typo_rules_leave_the_collector_as_they_found_it() -> None:
    settings = Settings(select=("typos",), language="en")
    assert gc.isenabled()
    fix_text("They recieved a warm wellcome and went to out house.", settings)
    assert gc.isenabled()
    gc.disable()
    try:
        fix_text("They recieved a warm wellcome and went to out house.", settings)
        assert not gc.isenabled()
    finally:
        gc.enable()
