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
    "Line one.\r\nLine two - here\r\rThird\rline\n\n  - dash\n",
    "\n\nStarts after blank lines\nand-ends-\n-here, then. Stops\n",
    "\r\n\r\n  Windows lines -\r\n- with dashes\r\nand an end",
    "one\n\n\ntwo  three\t four\n\n",
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
            found.update(hit.partition("|")[2].split(" "))
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


def _delete_cost(meant: str, i: int) -> float:
    """Cost of leaving out ``meant[i]`` (channel_cost reads it in place, row by row)."""
    ch = meant[i]
    if (i > 0 and meant[i - 1] == ch) or (i + 1 < len(meant) and meant[i + 1] == ch):
        return spelling.COST_DOUBLE
    return spelling.COST_DELETE


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
        row = [prev[0] + _delete_cost(meant, i - 1)] + [0.0] * m
        for j in range(1, m + 1):
            best = min(
                prev[j] + _delete_cost(meant, i - 1),
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
        analysis = typos.analyse.__wrapped__(doc)
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


# --- typed_stays_first: the bound that skips the full ranking -----------------------------------

_CONTEXT_WORDS = ("the", "of", "and", "a", "in", "to", "said", "new", "was", "for", None, None)


def _full_ranking(
    lex: lexicon.Lexicon,
    typed: str,
    prev: str | None,
    nxt: str | None,
    document: spelling.DocumentModel | None,
    bonus: float,
) -> list[spelling.Scored]:
    """What typos._rank computed before the bound: the ranking, favoured and pooled."""
    ranked = spelling.rank_nonword(typed, prev, nxt, document, lex=lex)
    if bonus:
        ranked = typos._favour_typed(ranked, typed, bonus)
    from collections import Counter

    return typos._pool_variants(ranked, lex, "any", Counter(), typed)


def _unknown_forms(core_sample: list[str]) -> list[str]:
    """Slips of core words, made-up names and rare forms: lower case, not core words."""
    core = lexicon.core_words()
    rng = random.Random(SEED + 1)
    made_up = [
        "".join(rng.choice("bcdfghklmnprstvwz") + rng.choice("aeiou") for _ in range(n))
        for n in (2, 3, 3, 4, 4, 5)
        for _ in range(25)
    ]
    forms = [*_slips(core_sample, 400), *made_up, "teh", "recieved", "wellcome", "behavoir"]
    forms += ["colur", "neighbor", "colour", "rainforset", "livestraem", "offseasn", "xq"]
    return [f for f in dict.fromkeys(forms) if f.isalpha() and f.islower() and f not in core]


def _document_for(
    rng: random.Random, lex: lexicon.Lexicon, typed: str, prev: str | None, nxt: str | None
) -> spelling.DocumentModel | None:
    """None, an empty article, or one that uses some of the typed form's candidates (with its
    neighbours, so the cache bigram terms count too)."""
    kind = rng.random()
    if kind < 0.3:
        return None
    near, far = spelling._split_candidates(lex, typed, 2)
    used = rng.sample([*near, *far], min(len(near) + len(far), rng.randint(0, 3)))
    words = {w: rng.randint(1, 4) for w in [*used, *(w for w in (prev, nxt) if w)]}
    pairs: dict[tuple[str, str], int] = {}
    for word in used:
        if prev and rng.random() < 0.5:
            pairs[(prev, word)] = 1
        if nxt and rng.random() < 0.5:
            pairs[(word, nxt)] = 1
    return spelling.DocumentModel(words, pairs, rng.choice([1, 20, 300]))


def test_typed_stays_first_only_when_the_full_ranking_keeps_it(core_sample: list[str]) -> None:
    lex = lexicon.preload()
    rng = random.Random(SEED + 2)
    kept = settled = 0
    for typed in _unknown_forms(core_sample):
        for _ in range(3):
            prev, nxt = rng.choice(_CONTEXT_WORDS), rng.choice(_CONTEXT_WORDS)
            document = _document_for(rng, lex, typed, prev, nxt)
            bonus = rng.choice([0.0, typos.CAPITALISED_PRIOR, typos.CAPITALISED_PRIOR + 0.5])
            fast = spelling.typed_stays_first(
                typed, prev, nxt, document, bonus, lex=lex, groups=lex.gb_to_us
            )
            first = _full_ranking(lex, typed, prev, nxt, document, bonus)[0].word == typed
            assert first or not fast, (typed, prev, nxt, bonus)
            kept += first
            settled += fast
    # Not vacuous: most forms kept as typed are settled by the bound.
    assert settled > 0.8 * kept > 100


def test_typed_stays_first_at_the_edge_of_the_bound(core_sample: list[str]) -> None:
    """The typed form's bonus set so that it leads the best candidate's exact score by a hair,
    ties it, or trails it: the bound says yes exactly when it leads (candidates near the bound
    are scored exactly, so it loses nothing there)."""
    lex = lexicon.preload()
    rng = random.Random(SEED + 3)
    checked = 0
    for typed in _unknown_forms(core_sample)[:250]:
        prev, nxt = rng.choice(_CONTEXT_WORDS), rng.choice(_CONTEXT_WORDS)
        document = _document_for(rng, lex, typed, prev, nxt)
        ranked = spelling.rank_nonword(typed, prev, nxt, document, lex=lex)
        rivals = [s.score for s in ranked if s.word != typed]
        forms = [s.word for s in ranked]
        if not rivals or len({lex.gb_to_us.get(f, f) for f in forms}) != len(forms):
            continue
        own = spelling.prior(lex, typed)
        gap = max(rivals) - own
        for lead, expected in ((1e-6, True), (1e-3, True), (0.0, False), (-1e-6, False)):
            bonus = gap + lead
            fast = spelling.typed_stays_first(
                typed, prev, nxt, document, bonus, lex=lex, groups=lex.gb_to_us
            )
            assert fast is expected, (typed, prev, nxt, lead)
            if fast:
                assert _full_ranking(lex, typed, prev, nxt, document, bonus)[0].word == typed
        checked += 1
    assert checked > 100


def test_typed_stays_first_refuses_pooled_variants() -> None:
    lex = lexicon.preload()
    # "colur" is one edit from both "colour" and "color": pooled, they may outrank the form.
    assert spelling.typed_stays_first("colur", None, None, None, 50.0, lex=lex)
    assert not spelling.typed_stays_first(
        "colur", None, None, None, 50.0, lex=lex, groups=lex.gb_to_us
    )


NONWORD_TEXTS = [
    "They recieved a warm wellcome from the comittee on Tuesday.",
    "Mr Xavrinsky met Olbrecht and the Unied States envoy in Japanse talks.",
    "Behavoir and colur matter; the neighbor's rainforset and livestraem were discussed.",
    "Quorvath said the goverment's plan was definately late. Zembla agreed. Teh end.",
    "Frobnicating the gizmometer, Brandlehurst and the Vantorix team shipped it.",
    "The offseasn ta recev the replications and future repication work is planned.",
]


def test_nonword_rule_gives_the_same_edits_without_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = [
        Settings(select=("typos",), language="en"),
        Settings(select=("typos",), language="en", variant="en-GB"),
        Settings(select=("typos",), language="en", variant="en-US"),
    ]

    def outputs() -> list[tuple[str, object, object]]:
        found = []
        for text in NONWORD_TEXTS:
            for setting in settings:
                result = fix_text(text, setting)
                found.append((result.text, result.edits, result.suggestions))
        return found

    with_bound = outputs()
    monkeypatch.setattr(spelling, "typed_stays_first", lambda *args, **kwargs: False)
    assert outputs() == with_bound


def test_confusables_read_the_table_as_before(core_sample: list[str]) -> None:
    lex = lexicon.lexicon()
    for word in [*core_sample, *_slips(core_sample, 200), "the", "an", "form", ""]:
        assert lex.confusables(word) == (lex.neighbours.get(word, ()) or ()), word


def test_lift_reads_the_frequencies_as_before(core_sample: list[str]) -> None:
    lex = lexicon.preload()
    rng = random.Random(SEED + 4)
    words = [*core_sample[:100], *_slips(core_sample, 50), "the", "of"]
    for _ in range(2000):
        first, second = rng.choice(words), rng.choice(words)
        za, zb = lex.frequency(first), lex.frequency(second)
        if za <= 0.0 or zb <= 0.0:
            expected = 0.0
        else:
            value = spelling.math.log10(lex.bigram_total) + (za - 9.0) + (zb - 9.0)
            count = lex.bigram(first, second)
            top = spelling.LIFT_LIMIT if count else 0.0
            found = spelling.math.log10(count if count else lex.bigram_floor) - value
            expected = max(-spelling.LIFT_LIMIT, min(top, found))
        assert spelling._lift(lex, first, second) == expected, (first, second)


def test_channel_cost_on_small_alphabets_matches_the_plain_alignment() -> None:
    """Short strings over three letters: transpositions, doubled letters and repeats in every
    arrangement, where the per-row transposition test and the per-typed-form costs matter."""
    rng = random.Random(SEED + 5)
    for _ in range(3000):
        typed = "".join(rng.choice("abe") for _ in range(rng.randint(0, 6)))
        meant = "".join(rng.choice("abe") for _ in range(rng.randint(0, 6)))
        assert spelling.channel_cost.__wrapped__(typed, meant) == _plain_channel_cost(
            typed, meant
        ), (typed, meant)


def test_realword_table_holds_every_core_words_candidates(core_sample: list[str]) -> None:
    """The precomputed real-word candidates are what the plain computation gives, for the
    sample, the words with an apostrophe (whose one-edit forms are not symmetric) and short
    rare words (the ones answered from the common words' side)."""
    lex = lexicon.preload()
    table = spelling.realword_table(lex)
    core = sorted(lexicon.core_words())
    rng = random.Random(SEED + 6)
    words = [
        *core_sample,
        *[w for w in core if "'" in w or "\u2019" in w][:300],
        *rng.sample([w for w in core if len(w) <= spelling.ON_DEMAND_MAX_LENGTH], 1500),
        "the",
        "an",
        "form",
        "manes",
    ]
    for word in words:
        assert table.get(word, ()) == spelling._realword_candidates(lex, word), word
    assert set(table) <= set(core)


def _realword_triples() -> list[tuple[str, str | None, str | None, float]]:
    words = (  # noqa: SIM905 - a sentence of words reads better than a column
        "the they then than that this out our at it is in on of form from were where "
        "their there three tree free see sea fell feel well will with what when want "
        "an and as a to too two be by my me he her here hear new now no not know "
        "hour idea dish trade trader plant plants provides provided hae thun"
    ).split()
    rng = random.Random(SEED + 7)
    return [
        (
            rng.choice(words),
            rng.choice([None, *words]),
            rng.choice([None, *words]),
            rng.choice([0.0, 0.0, typos.ARTICLE_MISFIT]),
        )
        for _ in range(3000)
    ]


def test_realword_chooser_decides_as_the_plain_path() -> None:
    lex = lexicon.preload()
    choose = spelling.realword_chooser(lex)
    assert choose is not None
    decided = 0
    for typed, prev, nxt, misfit in _realword_triples():
        candidates = spelling.realword_candidates(lex, typed)
        fast = choose(typed, prev, nxt, misfit, candidates, typos.REALWORD_MIN_CONFIDENCE)
        plain = typos._find_realword_choice(lex, typed, prev, nxt, misfit, candidates)
        assert fast == plain, (typed, prev, nxt, misfit)
        decided += fast is not None
    assert decided  # the comparison reached the winners, not only the empty answers


REALWORD_TEXTS = [
    "contributing to out shared security, they went too the market and than left.",
    "He said an served dish was form the kitchen. Their was no one their.",
    "Then the trade talks ended. An hour later, the plants were provided with water.",
    "The the committee will meet on Tuesday; its report is due in March, not in April.",
    *TEXTS,
]


def test_realword_rule_gives_the_same_edits_on_the_plain_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lexicon.preload()
    settings = Settings(select=("typos",), language="en")

    def outputs() -> list[tuple[str, object, object]]:
        typos._REALWORD_CHOICES.clear()
        found = []
        for text in REALWORD_TEXTS:
            result = fix_text(text, settings)
            found.append((result.text, result.edits, result.suggestions))
        return found

    fast = outputs()
    assert any(edit.rule == "typos.realword" for _text, edits, _s in fast for edit in edits)
    monkeypatch.setattr(spelling, "realword_chooser", lambda lex: None)
    monkeypatch.setattr(spelling, "realword_words", lambda lex: None)
    assert outputs() == fast


def test_analysis_of_the_whole_text_gives_the_lines_records() -> None:
    """Random texts of words, spaces, dashes, stops and every kind of line end: the analysis
    splits the whole text at once and must give what splitting it line by line gives."""
    rng = random.Random(SEED + 8)
    pieces = ["the", "An", "it's", "NATO", "x", " ", " ", "\t", "-", ".", ",", "\n", "\r", "\r\n"]
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        doc = Document(text, "en")
        analysis = typos.analyse.__wrapped__(doc)
        assert list(analysis.words) == list(_plain_words(doc)), repr(text)
        assert set(analysis.firsts) == {
            i for i, w in enumerate(analysis.words) if i == 0 or w.line != analysis.line_of[i - 1]
        }


def test_index_buckets_hold_the_plain_buckets_by_length() -> None:
    """Each stored bucket holds the plain bucket's words, shortest first, and every length
    window reads exactly the words of those lengths."""
    core = sorted(lexicon.core_words())
    plain = lexicon._build_index(random.Random(SEED + 9).sample(core, 3000))
    for key, words in list(plain.items())[:3000]:
        value = lexicon._bucket_value(words)
        assert sorted(value.partition("|")[2].split(" ")) == sorted(words)
        lengths = {len(w) for w in words}
        for shortest in range(min(lengths) - 3, max(lengths) + 3):
            for longest in range(shortest - 1, shortest + 5):
                window = lexicon._length_window(value, shortest, longest)
                want = sorted(w for w in words if shortest <= len(w) <= longest)
                assert sorted(window.split(" ") if window else []) == want, (key, shortest)


def _documents_sharing_slips(words: list[str]) -> list[str]:
    """The same slips in articles that do and do not write the meant word (or its plural, or
    other words near the slip) elsewhere: the rankings a kept ranking may not answer for."""
    rng = random.Random(SEED)
    chosen = [w for w in words if w.isalpha() and len(w) > 3][:40]
    texts = []
    for word, slip in zip(chosen, _slips(chosen, len(chosen)), strict=True):
        other = rng.choice(chosen)
        texts += [
            f"We saw the {slip} near the river.",
            f"We saw the {slip} near the river. The {word} was old.",
            f"The {word}s were there. We saw the {slip} near the river.",
            f"We saw the {slip} near the {other}, and the {other} saw the {slip} too.",
        ]
    return texts


def test_kept_rankings_change_nothing(
    monkeypatch: pytest.MonkeyPatch, core_sample: list[str]
) -> None:
    # Rankings are kept by what they read (typos._ranking_key), across rounds, passes and
    # articles: cleaning texts in one order with them kept must give what each text gives
    # when every ranking is made afresh.
    texts = [*NONWORD_TEXTS, *_documents_sharing_slips(core_sample)]
    settings = Settings(select=("typos",), language="en")

    def outputs(order: list[str]) -> dict[str, tuple[str, object, object]]:
        found = {}
        for text in order:
            result = fix_text(text, settings)
            found[text] = (result.text, result.edits, result.suggestions)
        return found

    typos._RANKINGS.clear()
    kept = outputs(texts)
    kept_reversed = outputs(texts[::-1])
    monkeypatch.setattr(typos, "_ranking_key", lambda *args: object())
    fresh = outputs(texts)
    assert kept == fresh
    assert kept_reversed == fresh
