"""The typos phase's fast paths of session 6 give exactly what the plain code they replaced gave.

Each test keeps the plain reference (the code as it was before the fast path) and compares the
two on general English, generated text and edge cases, and checks that the comparison reached
the cases that matter (a test that cannot fail proves nothing). No timings here.
"""

from __future__ import annotations

import math
import random
import re

from textfix import lexicon, spelling
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
_GAPS = [" "] * 12 + [", ", ". ", "; ", " - ", "-", "\n", "\n\n", ' "', "'s ", " (", ") "]


def _generated_texts(count: int) -> list[str]:
    rng = random.Random(SEED)
    texts = []
    for _ in range(count):
        pieces = []
        for _ in range(rng.randint(5, 60)):
            word = rng.choice(_WORDS)
            shape = rng.random()
            if shape < 0.1:
                word = word.capitalize()
            elif shape < 0.13:
                word = word.upper()
            pieces += [word, rng.choice(_GAPS)]
        texts.append("".join(pieces))
    return texts


# ---------------------------------------------------------------------------------------------
# The real-word chooser: each pair's count and each word's frequency read once.


def _text_triples() -> list[tuple[str, str | None, str | None, float]]:
    """Word triples as the real-word rule meets them in text: many with a neighbour the typed
    word is not attested beside, so that the candidates' lifts are read."""
    found = []
    for text in [*REALWORD_TEXTS, *_generated_texts(200)]:
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
        for i, word in enumerate(words):
            prev = words[i - 1] if i else None
            nxt = words[i + 1] if i + 1 < len(words) else None
            found.append((word, prev, nxt, typos.ARTICLE_MISFIT if word == "an" else 0.0))
            found.append((word, None, nxt, 0.0))
            found.append((word, prev, None, 0.0))
    return found


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
