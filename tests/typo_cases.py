"""Generated cases the typos speed tests share: slips of words, texts of common words, and the
word triples the real-word rule meets in them (not a test module: pytest does not collect it)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence

from textfix import lexicon
from textfix.rules import typos

# Common words and words a slip often turns into another.
CONFUSABLE_WORDS = (  # noqa: SIM905 - a sentence of words reads better than a column
    "the they then than that this out our at it is in on of form from were where there "
    "their three tree free see sea fell feel well will with what when want an and as a to "
    "too two be by my me he her here hear new now no not know hour idea dish trade trader "
    "plant plants provides provided shared security market went left house door cat dog "
    "said says year years city team game games home work works people live life wife "
    "first fist last lost most must best bet sale sole role rule ride side wide"
).split()

# The gaps between generated words: mostly one space, and the marks that part a phrase.
GAPS = [" "] * 12 + [", ", ". ", "; ", " - ", "-", "\n", "\n\n", ' "', "'s ", " (", ") "]


def slip(rng: random.Random, word: str) -> str:
    """``word`` with one or two slips: a letter dropped, added, changed or two swapped."""
    letters = list(word)
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(len(letters))
        kind = rng.random()
        if kind < 0.3 and len(letters) > 2:
            del letters[at]
        elif kind < 0.6:
            letters.insert(at, rng.choice("etaoinshrdlu"))
        elif kind < 0.85:
            letters[at] = rng.choice("etaoinshrdlu")
        elif at + 1 < len(letters):
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
    return "".join(letters)


def word_texts(
    seed: int,
    words: Sequence[str],
    count: int,
    lengths: tuple[int, int],
    capitalised: float,
    upper: float,
) -> list[str]:
    """``count`` texts of ``words`` joined by GAPS, each of ``lengths`` words at least and
    most. A word is capitalised when its draw falls below ``capitalised``, and upper-cased when
    it falls between that and ``upper``."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        pieces = []
        for _ in range(rng.randint(*lengths)):
            word = rng.choice(words)
            shape = rng.random()
            if shape < capitalised:
                word = word.capitalize()
            elif shape < upper:
                word = word.upper()
            pieces += [word, rng.choice(GAPS)]
        texts.append("".join(pieces))
    return texts


def word_triples(texts: Iterable[str]) -> list[tuple[str, str | None, str | None, float]]:
    """Each word of ``texts`` (lower-cased) with both neighbours, with only the next and with
    only the previous, and the misfit the rule gives "an": the chooser's arguments."""
    found = []
    for text in texts:
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
        for i, word in enumerate(words):
            prev = words[i - 1] if i else None
            nxt = words[i + 1] if i + 1 < len(words) else None
            found.append((word, prev, nxt, typos.ARTICLE_MISFIT if word == "an" else 0.0))
            found.append((word, None, nxt, 0.0))
            found.append((word, prev, None, 0.0))
    return found


def slip_cases(
    count: int,
    seed: int,
    *,
    shortest: int = 4,
    contexts: Sequence[str | None] = ("the", "of", "a", "new", "was", "and", None),
) -> list[tuple[str, str | None, str | None, str]]:
    """(typed, prev, nxt, article): slips of core words of ``shortest`` letters or more, with
    neighbours, and an article around each: one that writes the meant word, its plural, its
    pairs, the slip; one that writes other words; one with the slip among other words; none."""
    rng = random.Random(seed)
    core = sorted(w for w in lexicon.core_words() if w.isalpha() and len(w) >= shortest)
    cases = []
    for word in rng.sample(core, count):
        typed = slip(rng, word)
        if typed in lexicon.core_words():
            continue
        prev, nxt = rng.choice(contexts), rng.choice(contexts)
        other = rng.choice(core)
        for text in (
            f"The {word} and the {word}s were {prev} {word} {nxt}.",
            f"{typed} {other} {prev} {other}s {word[:-1]} {nxt} {typed}",
            f"We wrote {other} and {rng.choice(core)} today, {prev} {typed} {nxt}.",
            "",
        ):
            cases.append((typed, prev, nxt, text))
    return cases
