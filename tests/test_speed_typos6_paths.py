"""The typos phase's fast paths of session 6 give exactly what the plain code they replaced gave.

Each test keeps the plain reference (the code as it was before the fast path) and compares the
two on general English, generated text and edge cases, and checks that the comparison reached
the cases that matter (a test that cannot fail proves nothing). No timings here.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from itertools import pairwise

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.typo_cases import slip, word_texts, word_triples
from textfix import Settings, fix_text, lexicon, speedups, spelling
from textfix.document import Document
from textfix.rules import typos

SEED = 20261205

# ---------------------------------------------------------------------------------------------
# Texts for the real-word tests: slips that turn one word into another, and generated text.

REALWORD_TEXTS = [
    "contributing to out shared security, they went too the market and than left.",
    "He said an served dish was form the kitchen. Their was no one their.",
    "Then the trade talks ended. An hour later, the plants were provided with water.",
    "The the committee will meet on Tuesday; its report is due in March, not in April.",
    "We went to there house. Is was late, and the the dog barked at are door.",
    "Out shared security is out goal: the well-known form of the e-mail, and an cat.",
    "I want too go their. Where were you? We where there, then they left form here.",
    "She new the answer. He through the ball. It's a pore result; four the record.",
    "I want too-go home, they want too-be there, and I want-too go home.",
    "THE OUT FORM. Out of the form. our-form out- form, from-out, in out shared home.",
]

# Common words, and words a slip often turns into another (out/our, form/from, than/then).
_WORDS = (  # noqa: SIM905 - a sentence of words reads better than a column
    "the they then than that this out our at it is in on of form from were where there "
    "their three tree free see sea fell feel well will with what when want an and as a to "
    "too two be by my me he her here hear new now no not know hour idea dish trade trader "
    "plant plants provides provided shared security market went left house door cat dog "
    "kitchen served report committee meet answer ball result record pore four through"
).split()


def _generated_texts(count: int) -> list[str]:
    return word_texts(SEED, _WORDS, count, (5, 60), 0.1, 0.13)


# ---------------------------------------------------------------------------------------------
# The real-word chooser: each pair's count and each word's frequency read once.


def _text_triples() -> list[tuple[str, str | None, str | None, float]]:
    """Word triples as the real-word rule meets them in text: many with a neighbour the typed
    word is not attested beside, so that the candidates' lifts are read."""
    return word_triples([*REALWORD_TEXTS, *_generated_texts(200)])


def test_realword_chooser_decides_as_the_plain_ranking() -> None:
    lex = lexicon.preload()
    choose = spelling.realword_chooser(lex)
    assert choose is not None
    decided = ranked = 0
    for typed, prev, nxt, misfit in _text_triples():
        candidates = spelling.realword_candidates(lex, typed)
        fast = choose(typed, prev, nxt, misfit, candidates, typos.REALWORD_MIN_CONFIDENCE)
        plain = typos._find_realword_choice(lex, typed, prev, nxt, misfit, candidates)
        assert fast == plain, (typed, prev, nxt, misfit)
        decided += fast is not None
        ranked += bool(spelling.rank_realword_among(lex, typed, prev, nxt, misfit, candidates))
    assert decided > 5
    assert ranked > 50  # many reached the scores, where the lifts are read


# ---------------------------------------------------------------------------------------------
# Seen forms one edit away: picked out of the frequency dict's keys first.


def _plain_plausible_seen(lex: lexicon.Lexicon, typed: str) -> tuple[str, ...]:
    floor = lex.frequency(typed) + spelling.PLAUSIBLE_MIN_LEAD
    core = lexicon.core_words()
    return tuple(
        sorted(
            other
            for other in lexicon.edits1_set(typed)
            if other not in core and lex.frequency(other) >= floor
        )
    )


def test_plausible_seen_forms_match_the_plain_search() -> None:
    lex = lexicon.preload()
    core = sorted(lexicon.core_words())
    rng = random.Random(SEED)
    long_words = [w for w in rng.sample(core, 3000) if len(w) >= 8][:150]
    typed = []
    for word in long_words:
        at = rng.randrange(len(word))
        typed += [word[:at] + word[at + 1 :], word[:at] + rng.choice("etaoin") + word[at:]]
    seen_forms = [w for w in rng.sample(sorted(lex.frequencies.load()), 20000) if len(w) >= 8]
    typed += [w for w in seen_forms if w not in lexicon.core_words()][:150]
    found = 0
    for word in typed:
        spelling._SEEN_CACHE.clear()
        fast = spelling._plausible_seen(lex, word)
        assert fast == _plain_plausible_seen(lex, word), word
        found += bool(fast)
    assert found > 10


# ---------------------------------------------------------------------------------------------
# Lifts clamped by comparisons instead of min and max.


def _plain_lift(lex: lexicon.Lexicon, first: str, second: str) -> float:
    za, zb = lex.frequency(first), lex.frequency(second)
    if za <= 0.0 or zb <= 0.0:
        return 0.0
    expected = math.log10(lex.bigram_total) + (za - 9.0) + (zb - 9.0)
    count = lex.bigram(first, second)
    limit = spelling.LIFT_LIMIT
    if count:
        return max(-limit, min(limit, math.log10(count) - expected))
    return max(-limit, min(0.0, math.log10(lex.bigram_floor) - expected))


def test_lifts_match_the_plain_clamp() -> None:
    lex = lexicon.preload()
    words = sorted(
        {
            w.lower()
            for t in [*REALWORD_TEXTS, *_generated_texts(40)]
            for w in re.findall(r"[A-Za-z]+", t)
        }
    )
    words += ["zzqxj", "of", "the", "united", "states", "hong", "kong", "los", "angeles"]
    words += ["sri", "lanka", "vice", "versa", "ad", "hoc", "prima", "facie", "per", "cent"]
    limit = spelling.LIFT_LIMIT
    clamped = {"high": 0, "low": 0, "floor": 0, "inside": 0}
    for first in words:
        for second in words:
            fast = spelling._lift(lex, first, second)
            plain = _plain_lift(lex, first, second)
            assert fast == plain and math.copysign(1, fast) == math.copysign(1, plain), (
                first,
                second,
            )
            if fast == limit:
                clamped["high"] += 1
            elif fast == -limit:
                clamped["low"] += 1
            elif fast == 0.0:
                clamped["floor"] += 1
            else:
                clamped["inside"] += 1
    assert all(clamped.values()), clamped  # every branch of the clamp was compared
    for value in (-5.0, -3.0, -2.5, -0.0, 0.0, 0.5, 3.0, 7.0, math.inf, -math.inf):
        for high in (limit, 0.0):
            fast = spelling._clamped(value, high)
            plain = max(-limit, min(high, value))
            assert fast == plain and math.copysign(1, fast) == math.copysign(1, plain)


# ---------------------------------------------------------------------------------------------
# Candidate scores of a ranking, computed in one loop.


def _plain_rank_nonword(
    lex: lexicon.Lexicon,
    typed: str,
    prev: str | None,
    nxt: str | None,
    document: spelling.DocumentModel | None,
) -> list[spelling.Scored]:
    """spelling.rank_nonword as it was (commit 3dd9e11): a call of _candidate_score per
    candidate."""
    options: list[tuple[str, float]] = [(typed, spelling.prior(lex, typed))]
    near, _far = spelling._split_candidates(lex, typed, 2)
    rivals = spelling._rivalled(lex, near)
    for candidate in spelling._shortlist(lex, typed, 2, document):
        score = spelling._candidate_score(
            lex, typed, candidate, candidate in near, prev, nxt, document, rivals=rivals
        )
        options.append((candidate, score))
    if len(typed) >= spelling.PLAUSIBLE_MIN_LENGTH and not near:
        for candidate in spelling._plausible_near(lex, typed):
            score = spelling._plausible_score(lex, typed, candidate, prev, nxt, document)
            options.append((candidate, score))
    return spelling.softmax(options)


def _model(text: str) -> spelling.DocumentModel:
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    return spelling.DocumentModel(Counter(words), Counter(pairwise(words)), len(words))


def _slips(rng: random.Random, count: int) -> tuple[list[str], Iterator[tuple[str, str]]]:
    """``count`` core words, and each with a slip that is not a core word, made as the loop
    reads them (so that the slips and the loop's own draws from ``rng`` interleave)."""
    core = sorted(w for w in lexicon.core_words() if w.isalpha() and len(w) > 3)
    meant = rng.sample(core, count)

    def slipped() -> Iterator[tuple[str, str]]:
        for word in meant:
            typed = slip(rng, word)
            if typed not in lexicon.core_words():
                yield word, typed

    return meant, slipped()


def test_candidate_scores_rank_as_the_plain_ranking() -> None:
    lex = lexicon.preload()
    rng = random.Random(SEED + 1)
    meant, slips = _slips(rng, 250)
    contexts = ["the", "of", "a", "new", "was", "and", None]
    in_document = sides = 0
    for word, typed in slips:
        prev, nxt = rng.choice(contexts), rng.choice(contexts)
        # Articles that write the meant word, its plural, the typed form, its pairs with the
        # neighbours, or none of them.
        other = rng.choice(meant)
        texts = [
            "",
            f"The {word} and the {word}s were {prev} {word} {nxt}.",
            f"{typed} {other} {prev} {other}s {word} {nxt} {typed}",
            f"We wrote {other} and {word[:-1]} and {word} {word} {nxt}",
        ]
        for text in texts:
            document = _model(text) if text else None
            fast = spelling.rank_nonword(typed, prev, nxt, document, lex=lex)
            plain = _plain_rank_nonword(lex, typed, prev, nxt, document)
            assert fast == plain, (typed, prev, nxt, text)
            if document is not None and any(document.words.get(s.word) for s in fast):
                in_document += 1
            if document is not None and any(document.pairs.get((prev or "", s.word)) for s in fast):
                sides += 1
    assert in_document > 50 and sides > 20  # the article's counts and pairs were read


# ---------------------------------------------------------------------------------------------
# The bound that settles a typed form without a ranking, its exact terms inlined.


def _plain_typed_stays_first(
    typed: str,
    prev: str | None,
    nxt: str | None,
    document: spelling.DocumentModel | None,
    bonus: float = 0.0,
    *,
    lex: lexicon.Lexicon,
    max_distance: int = 2,
    groups: Mapping[str, str] | None = None,
) -> bool:
    """spelling.typed_stays_first as it was (commit 3dd9e11): the exact terms of each
    candidate's bound through spelling._bound_with_exact_terms."""
    own = spelling.prior(lex, typed) + bonus
    limit = own - spelling._BOUND_MARGIN
    near, _far = spelling._split_candidates(lex, typed, max_distance)
    shortlist = spelling._shortlist(lex, typed, max_distance, document)
    plausible: tuple[str, ...] = ()
    if len(typed) >= spelling.PLAUSIBLE_MIN_LENGTH and not near:
        plausible = spelling._plausible_seen(lex, typed)
    if groups is not None:
        forms = [typed, *shortlist, *plausible]
        if len({groups.get(form, form) for form in forms}) != len(forms):
            return False
    context_most = (
        spelling.CONTEXT_WEIGHT * spelling.LIFT_LIMIT * ((1 if prev else 0) + (1 if nxt else 0))
    )
    frequency = lex.frequency
    count_near = len(near)
    for at, candidate in enumerate(shortlist):
        one_edit = at < count_near  # the shortlist lists the one-edit candidates first
        bound = spelling.FREQUENCY_WEIGHT * frequency(candidate) + context_most
        if one_edit:
            bound -= spelling.MIN_EDIT_COST
        else:
            bound += spelling._SECOND_EDIT_BEST - 2 * spelling.MIN_EDIT_COST
        bound = spelling._bound_with_exact_terms(bound, lex, typed, candidate, prev, nxt, document)
        if bound < limit:
            continue
        context = spelling.CONTEXT_WEIGHT * (
            spelling.lift(lex, prev, candidate) + spelling.lift(lex, candidate, nxt)
        )
        if bound - context_most + context < limit:
            continue
        score = spelling._candidate_score(
            lex,
            typed,
            candidate,
            one_edit,
            prev,
            nxt,
            document,
            rivals=spelling._rivalled(lex, near),
        )
        if score >= limit:
            return False
    for candidate in plausible:
        bound = (
            spelling.FREQUENCY_WEIGHT
            * (frequency(candidate) - spelling.PLAUSIBLE_CANDIDATE_DISCOUNT)
            - spelling.MIN_EDIT_COST
            + context_most
        )
        bound = spelling._bound_with_exact_terms(bound, lex, typed, candidate, prev, nxt, document)
        if bound < limit:
            continue
        if spelling._plausible_score(lex, typed, candidate, prev, nxt, document) < limit:
            continue
        if candidate in spelling._plausible_near(lex, typed):
            return False  # a real rival, not a slip for a commoner core word
    return True


def test_typed_stays_first_decides_as_the_plain_bound() -> None:
    lex = lexicon.preload()
    rng = random.Random(SEED + 2)
    meant, slips = _slips(rng, 150)
    contexts = ["the", "of", "a", "new", "was", None]
    outcomes = Counter()
    for word, typed in slips:
        prev, nxt = rng.choice(contexts), rng.choice(contexts)
        other = rng.choice(meant)
        for text in ["", f"The {word}s and {prev} {word} {nxt} {other}", f"{typed} {other}s"]:
            document = _model(text) if text else None
            # Bonuses from far below to far above the candidates' scores: the answer turns
            # from False to True somewhere, where the bounds decide.
            for bonus in [b / 4 for b in range(-16, 40)]:
                for groups in (None, lex.gb_to_us):
                    fast = spelling.typed_stays_first(
                        typed, prev, nxt, document, bonus, lex=lex, groups=groups
                    )
                    plain = _plain_typed_stays_first(
                        typed, prev, nxt, document, bonus, lex=lex, groups=groups
                    )
                    assert fast == plain, (typed, prev, nxt, text, bonus)
                    outcomes[fast] += 1
    assert outcomes[True] > 1000 and outcomes[False] > 1000


# ---------------------------------------------------------------------------------------------
# The analysis: hyphenated words found from the text's hyphens, lower case tested once a word.

_PIECES = ["the", "An", "it's", "NATO", "x", "42", " ", " ", "  ", "\t", "-", "--", " - ", "-\n"]
_PIECES += [".", ". ", ", ", "\n", "\r", "\r\n", "\n\n", "\u2014", "caf\u00e9", "\u0130"]


def _plain_counts(analysis: typos.Analysis) -> tuple[frozenset[int], Counter[str]]:
    """The hyphens and the vocabulary as typos.analyse found them before (commit 3dd9e11)."""
    dashed = [
        b.endswith("-") or a.startswith("-")
        for b, a in zip(analysis.befores, analysis.afters, strict=True)
    ]
    vocabulary = Counter(
        lower for lower, text in zip(analysis.lowers, analysis.texts, strict=True) if text.islower()
    )
    return frozenset(i for i, d in enumerate(dashed) if d), vocabulary


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_hyphens_and_vocabulary_match_the_plain_tests(pieces: list[str]) -> None:
    analysis = typos.analyse.__wrapped__(Document("".join(pieces), "en"))
    hyphens, vocabulary = _plain_counts(analysis)
    assert analysis.hyphens == hyphens
    assert analysis.vocabulary == vocabulary
    assert analysis.lowers == [text.lower() for text in analysis.texts]


def test_hyphens_match_the_plain_tests_on_articles() -> None:
    found = 0
    for text in [*REALWORD_TEXTS, *_generated_texts(200)]:
        analysis = typos.analyse.__wrapped__(Document(text, "en"))
        assert analysis.hyphens == _plain_counts(analysis)[0], text
        found += len(analysis.hyphens)
    assert found > 100


# ---------------------------------------------------------------------------------------------
# typos.nonword asks for the protection of its targets at once, after its other tests.

PROTECTED_TEXTS = [
    "Run `pip instal textfx` and then open teh README.rst file.\nThe recieved data is fine.",
    "Write to jhon.smiht@exmaple.com or see https://exmaple.org/teh-page for the detials.",
    "The functoin sys.argv and my_varible hold the vaule; call f(x) wiht care.",
    "Follow @jhonsmiht and #teh_tag online. The reult was good, and the plce was nice.",
    "def recieve(self):\n    return self.vaule\n\nThe funtcion recieves a vaule from teh caller.",
    "Open C:\\Users\\jhon\\docmuents\\repot.txt and /usr/local/bin/texfix, then teh rest.",
    "A normal line wiht a slip.\n" * 6 + "$ sudo apt-get instal pyhton3\nAnd teh end.",
]


def _fresh_outputs(texts: list[str], settings: Settings) -> list[tuple[str, object, object]]:
    """Each text's output, edits and suggestions, with no ranking kept from an earlier run."""
    typos._RANKINGS.clear()
    found: list[tuple[str, object, object]] = []
    for text in texts:
        result = fix_text(text, settings)
        found.append((result.text, result.edits, result.suggestions))
    return found


def test_nonword_targets_protected_as_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    lexicon.preload()
    ctx_settings = Settings(select=("typos",), language="en")

    def outputs() -> list[tuple[str, object, object]]:
        return _fresh_outputs(PROTECTED_TEXTS, ctx_settings)

    fast = outputs()
    # The plain reference: each target's span asked of the whole text's protected spans.
    monkeypatch.setattr(
        Document, "protected_among", lambda self, spans: [self.is_protected(s) for s in spans]
    )
    assert outputs() == fast
    # The texts exercise the protection: without it, more words would change.
    monkeypatch.setattr(Document, "protected_among", lambda self, spans: [False] * len(spans))
    monkeypatch.setattr(Document, "is_protected", lambda self, span: False)
    assert outputs() != fast


# ---------------------------------------------------------------------------------------------
# typos.nonword passes over a word for what it is once per distinct word.

_WORD_PIECES = ["the", "The", "THE", "Teh", "teh", "Smiht", "smiht", "iPhone", "NATO", "Nato"]
_WORD_PIECES += ["Court's", "court's", "I've", "it's", "Recieved", "recieved", "Caf\u00e9"]
_WORD_PIECES += ["\u00c9cole", "x", "X", "Fr", "Gen", "42", "A1", "Wiht", "Xyzzyq", "xyzzyq"]
_GAP_PIECES = [" ", " ", " ", ". ", ", ", "-", " - ", "\n", ".\n", ' "', "'", "/", "*"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_WORD_PIECES), st.sampled_from(_GAP_PIECES)), max_size=30)
)
@example([("the", " "), ("Xyzzyq", " "), ("the", ".")])
@example([("the", " "), ("Smiht", "'"), ("s", " "), ("Court's", " "), ("teh", ".")])
def test_words_passed_over_have_no_form_anywhere(pieces: list[tuple[str, str]]) -> None:
    doc = Document("".join(word + gap for word, gap in pieces), "en")
    analysis = typos.analyse.__wrapped__(doc)
    core = lexicon.core_words()
    for index, text in enumerate(analysis.texts):
        if text in core or typos._may_be_target(text, core, analysis):
            continue
        # The plain loop's tests at this place (commit 3dd9e11).
        skipped = analysis.lowers[index] in core and "'" not in text and "\u2019" not in text
        word = analysis.word(index)
        assert skipped or (
            typos._candidate_form(word, analysis.names) is None
            and typos._unseen_name_form(word, analysis) is None
        ), (text, index, doc.text)


def test_nonword_rule_without_the_word_tests_gives_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lexicon.preload()
    ctx_settings = Settings(select=("typos",), language="en")
    texts = [*PROTECTED_TEXTS, *REALWORD_TEXTS]
    texts += [
        "Teh cat sat. The Smiht family met Smiht. NATO and Nato. Recieved the Caf\u00e9 note.",
        "He said Wiht care: the Xyzzyq arrived, and Xyzzyq left. Fr. Smith's book; Court's view.",
        "I've seen teh iPhone. A1 roads, 42 cars, Gen. Lee, and the recieved letter's tone.",
        "He flew to the Unied States and met the Japanse team, then the Frnech one.",
    ]

    def outputs() -> list[tuple[str, object, object]]:
        return _fresh_outputs(texts, ctx_settings)

    fast = outputs()
    assert sum(len(edits) + len(s) for _t, edits, s in fast) > 10
    monkeypatch.setattr(typos, "_may_be_target", lambda text, core, analysis: True)
    assert outputs() == fast


# ---------------------------------------------------------------------------------------------
# Lexicon.prefixed tests every prefix at once before looking for the stem.


def _plain_prefixed(lex: lexicon.Lexicon, word: str) -> str | None:
    for prefix in lex.prefixes:
        if word.startswith(prefix):
            stem = word[len(prefix) :]
            if len(stem) >= 4 and stem in lex.core:
                return stem
    return None


def test_prefixed_matches_the_plain_loop() -> None:
    lex = lexicon.lexicon()
    rng = random.Random(SEED + 3)
    core = sorted(w for w in lexicon.core_words() if w.isalpha())
    words = rng.sample(core, 2000)
    glued = [prefix + rng.choice(core) for prefix in lex.prefixes for _ in range(20)]
    glued += [prefix + prefix + rng.choice(core) for prefix in lex.prefixes]
    glued += [prefix + "ab" for prefix in lex.prefixes] + ["", "a", *lex.prefixes]
    found = 0
    for word in [*words, *glued]:
        assert lex.prefixed(word) == _plain_prefixed(lex, word), word
        found += lex.prefixed(word) is not None
    assert found > 100


# ---------------------------------------------------------------------------------------------
# channel_cost starts from the rows of the word it costed before, for the letters they share.


def test_channel_cost_from_shared_rows_matches_the_plain_alignment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.test_speed_typos_equivalence import _plain_channel_cost

    # The rows are shared on the plain path (the compiled one computes every row).
    monkeypatch.setattr(speedups, "compiled", None)
    rng = random.Random(SEED + 4)
    core = sorted(w for w in lexicon.core_words() if w.isalpha())
    shared = 0
    for _ in range(300):
        meant = rng.choice(core)
        typed = slip(rng, meant)
        # Words that share beginnings with each other (and one another's prefixes, the word
        # itself twice, the empty word), in spelling order and shuffled.
        start = core.index(meant)
        words = core[max(0, start - 6) : start + 6] + [meant[:k] for k in range(len(meant) + 1)]
        words += [meant, meant + "s", typed, typed + "s", meant[:-1] + "x" + meant[-1:]]
        for order in (sorted(words), rng.sample(words, len(words))):
            spelling.channel_cost.cache_clear()
            for word in order:
                last = spelling._LAST_ROWS
                fast = spelling.channel_cost(typed, word)
                assert fast == _plain_channel_cost(typed, word), (typed, word, last[1])
                shared += last[0] == typed and last[1][:2] == word[:2] != ""
    assert shared > 1000  # the rows of a word before were read


def test_inflected_orders_the_pair_as_sorted_does() -> None:
    def plain(first: str, second: str) -> bool:
        short, long = sorted((first, second), key=len)
        if len(long) == len(short) + 1 and long.startswith(short):
            return long[-1] in "sdr" and (
                len(short) >= spelling.INFLECTION_MIN_STEM or long[-1] == "s"
            )
        return (
            len(short) == len(long) > spelling.INFLECTION_MIN_STEM
            and short[:-1] == long[:-1]
            and short[-1] in "sdr"
            and long[-1] in "sdr"
        )

    words = ["the", "they", "plant", "plants", "planted", "provides", "provided", "trade", "trader"]
    words += ["cat", "cats", "bus", "buses", "ab", "abs", "abd", "abcds", "abcdr", "abcde", "abcd"]
    outcomes = Counter()
    for first in words:
        for second in words:
            fast = spelling._inflected(first, second)
            assert fast == plain(first, second), (first, second)
            outcomes[fast] += 1
    assert outcomes[True] > 5 and outcomes[False] > 5


def _plain_names(analysis: typos.Analysis) -> tuple[Counter[str], Counter[str]]:
    """The name and capital counts as typos.analyse made them before (commit 3dd9e11)."""
    names: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for index, word in enumerate(analysis.texts):
        if word.islower():
            continue
        lower = analysis.lowers[index]
        upper_first = word[0].isupper()
        if upper_first:
            capitalised[lower] += 1
        if (upper_first and not analysis.initial(index)) or (len(word) > 1 and word.isupper()):
            names[typos._base(lower)] += 1
    return names, capitalised


_NAME_PIECES = ["the", "The", "Smith", "NATO", "1ST", "A", "O'Neil", "O\u2019Neil", "Court's"]
_NAME_PIECES += [" ", " ", ". ", "! ", "; ", ", ", "\n", ' "', " (", ".", "-", "\u2026 "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_NAME_PIECES), max_size=40))
def test_name_counts_match_the_plain_loop(pieces: list[str]) -> None:
    analysis = typos.analyse.__wrapped__(Document("".join(pieces), "en"))
    assert (analysis.names, analysis.capitalised) == _plain_names(analysis)


def test_name_counts_match_the_plain_loop_on_articles() -> None:
    seen = 0
    for text in [*PROTECTED_TEXTS, *REALWORD_TEXTS, *_generated_texts(100)]:
        analysis = typos.analyse.__wrapped__(Document(text, "en"))
        assert (analysis.names, analysis.capitalised) == _plain_names(analysis), text
        seen += sum(analysis.names.values())
    assert seen > 50
