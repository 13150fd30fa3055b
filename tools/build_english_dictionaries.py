"""Regenerate dictionaries/en/*: the English word list, bigram model and spelling variants.

Dev-time only (needs ``wordfreq`` and ``symspellpy``); the shipped files are plain data so textfix
does not need wordfreq at run time. Run: ``python tools/build_english_dictionaries.py``.

Sources, all general-purpose:
- symspellpy's ``frequency_dictionary_en_82_765.txt`` (Google Books n-grams intersected with
  SCOWL; MIT): the curated core of valid words;
- symspellpy's ``frequency_bigramdictionary_en_243_342.txt`` (MIT): bigram counts;
- wordfreq's large English list (CC-BY-SA 4.0): Zipf frequencies of 320k forms, which also holds
  names, jargon and frequent misspellings, so its words are only "plausible", not "core";
- en-GB/en-US pairs generated from spelling rules (-our/-or, -ise/-ize, -tre/-ter, -ence/-ense,
  -lled/-led, -ogue/-og) and kept only when both forms are common in wordfreq.
"""

from __future__ import annotations

import gzip
import math
import re
import statistics
import string
from collections.abc import Iterable, Iterator
from pathlib import Path

import symspellpy
import wordfreq

OUT = Path(__file__).resolve().parent.parent / "dictionaries" / "en"
SYMSPELL_DIR = Path(symspellpy.__file__).resolve().parent
WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Forms rarer than this in wordfreq are mostly noise (Zipf 1 = once per 100 million words).
MIN_ZIPF = 1.0
# A plausible form this common is promoted to the core unless it looks like a slip of a much more
# common core word (as "teh" or "untill" do).
PROMOTE_ZIPF = 3.5
SLIP_MARGIN = 1.5
# Both spellings of a variant pair must be this common, so rare look-alikes are not paired.
VARIANT_ZIPF = 2.0

IRREGULAR_VARIANTS = (
    ("ageing", "aging"),
    ("judgement", "judgment"),
    ("acknowledgement", "acknowledgment"),
    ("sceptic", "skeptic"),
    ("sceptical", "skeptical"),
    ("scepticism", "skepticism"),
    ("mould", "mold"),
    ("moulds", "molds"),
    ("mouldy", "moldy"),
    ("smoulder", "smolder"),
    ("moustache", "mustache"),
    ("pyjamas", "pajamas"),
    ("plough", "plow"),
    ("aluminium", "aluminum"),
    ("grey", "gray"),
    ("greys", "grays"),
    ("enrolment", "enrollment"),
    ("fulfil", "fulfill"),
    ("fulfilment", "fulfillment"),
    ("skilful", "skillful"),
    ("wilful", "willful"),
    ("instalment", "installment"),
    ("jewellery", "jewelry"),
    ("manoeuvre", "maneuver"),
    ("manoeuvres", "maneuvers"),
    ("anaemia", "anemia"),
    ("anaesthetic", "anesthetic"),
    ("paediatric", "pediatric"),
    ("paediatrician", "pediatrician"),
    ("oestrogen", "estrogen"),
    ("foetus", "fetus"),
    ("haemorrhage", "hemorrhage"),
    ("leukaemia", "leukemia"),
    ("encyclopaedia", "encyclopedia"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("cheque", "check"),
    ("tyre", "tire"),
    ("tyres", "tires"),
    ("kerb", "curb"),
    ("storey", "story"),
    ("doughnut", "donut"),
    ("draught", "draft"),
)
# Rule-made pairs that are different words, not spellings of one word.
NOT_PAIRS = frozenset(
    {
        ("chartres", "charters"),
        ("fabre", "faber"),
        ("tigre", "tiger"),
        ("timbre", "timber"),
        ("prologue", "prolog"),
        ("jewellery", "jewelery"),
        ("dialogue", "dialog"),
        ("dialogues", "dialogs"),
    }
)
# The GB form of these pairs is also a different US word, so en-US mode must not rewrite it
# (a "check" is not always a cheque).
AMBIGUOUS_US = frozenset(
    {"check", "tire", "tires", "curb", "story", "draft", "program", "programs"}
)

PREFIXES = (
    "anti",
    "auto",
    "bi",
    "co",
    "counter",
    "cross",
    "de",
    "dis",
    "extra",
    "hyper",
    "inter",
    "intra",
    "macro",
    "mega",
    "micro",
    "mid",
    "mini",
    "mis",
    "multi",
    "neo",
    "non",
    "over",
    "post",
    "pre",
    "pro",
    "pseudo",
    "re",
    "semi",
    "sub",
    "super",
    "trans",
    "tri",
    "ultra",
    "un",
    "under",
    "up",
)


def symspell_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    path = SYMSPELL_DIR / "frequency_dictionary_en_82_765.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        word, count = line.split()
        if WORD_RE.fullmatch(word):
            counts[word] = int(count)
    return counts


def plausible_forms() -> dict[str, float]:
    result: dict[str, float] = {}
    for word, _freq in wordfreq.get_frequency_dict("en", wordlist="large").items():
        if not WORD_RE.fullmatch(word):
            continue
        zipf = wordfreq.zipf_frequency(word, "en", wordlist="large")
        if zipf >= MIN_ZIPF:
            result[word] = zipf
    return result


def edits1(word: str) -> Iterator[str]:
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]
            for ch in letters:
                yield left + ch + right[1:]
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]
        for ch in letters:
            yield left + ch + right


def looks_like_slip(word: str, zipf: dict[str, float], core: set[str]) -> bool:
    own = zipf.get(word, 0.0)
    return any(
        other in core and zipf.get(other, 0.0) >= own + SLIP_MARGIN for other in edits1(word)
    )


def vowel_groups(text: str) -> int:
    return len(re.findall(r"[aeiouy]+", text))


def gb_to_us(word: str) -> str | None:
    """The en-US spelling a rule gives for an en-GB looking form, or None."""
    rules: tuple[tuple[str, str], ...] = (
        (
            r"^([a-z]{3,})our(s|ed|ing|ite|ites|able|ably|ful|less|hood|hoods|er|ers|ism|ists?)?$",
            r"\1or\2",
        ),
        (
            r"^((?:[a-z]*[aeiouy][^aeiouy]+){2,})is(e|es|ed|ing|er|ers|ation|ations|ational)$",
            r"\1iz\2",
        ),
        (r"^([a-z]{2,})ys(e|ed|ing|er|ers)$", r"\1yz\2"),
        (r"^([a-z]{2,}(?:t|b|g|br|ch))re(s)?$", r"\1er\2"),
        (r"^([a-z]{2,})ence$", r"\1ense"),
        (r"^([a-z]{3,})ogue(s)?$", r"\1og\2"),
    )
    for pattern, replacement in rules:
        if re.match(pattern, word):
            return re.sub(pattern, replacement, word)
    match = re.match(r"^([a-z]+?)ll(ed|ing|er|ers|ery)$", word)
    # Only unstressed final syllables double the l in en-GB only: "travelled", not "filled".
    stem = match.group(1) if match else ""
    if match and (vowel_groups(stem) >= 2 or len(stem) >= 3) and stem[-1] in "aeiou":
        return f"{match.group(1)}l{match.group(2)}"
    return None


def variant_pairs(zipf: dict[str, float], curated: set[str]) -> list[tuple[str, str]]:
    pairs = []
    for word, value in zipf.items():
        # The en-GB form must be a curated word, so names ("Alexandre") do not pair up.
        if value < VARIANT_ZIPF or word not in curated:
            continue
        us = gb_to_us(word)
        if us and us != word and zipf.get(us, 0.0) >= VARIANT_ZIPF:
            pairs.append((word, us))
    pairs.extend((gb, us) for gb, us in IRREGULAR_VARIANTS if gb in zipf and us in zipf)
    return sorted(set(pairs) - NOT_PAIRS)


def bigram_model(zipf: dict[str, float]) -> tuple[list[str], float]:
    """Bigram rows ``w1 w2<TAB>count`` and the corpus size that puts them on the Zipf scale."""
    path = SYMSPELL_DIR / "frequency_bigramdictionary_en_243_342.txt"
    rows = []
    left: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        first, second, count = line.split()
        if not (WORD_RE.fullmatch(first) and WORD_RE.fullmatch(second)):
            continue
        rows.append(f"{first} {second}\t{count}")
        left[first] = left.get(first, 0) + int(count)
    # Corpus size estimated from the most frequent left words, whose rows are nearly complete.
    common = sorted((w for w in left if w in zipf), key=lambda w: -zipf[w])[:200]
    total = statistics.median(left[w] / 10 ** (zipf[w] - 9) for w in common)
    return rows, total


def write_gz(name: str, header: str, lines: Iterable[str]) -> None:
    body = header + "\n".join(lines) + "\n"
    # mtime=0 keeps the files byte-identical across rebuilds.
    (OUT / name).write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    counts = symspell_counts()
    zipf = plausible_forms()
    for word, count in counts.items():
        # Google Books counts of ~5e11 tokens: count per billion words, on the Zipf scale.
        zipf.setdefault(word, round(math.log10(count) - math.log10(541.8), 2))
    pairs = variant_pairs(zipf, set(counts))
    core = set(counts) | {w for pair in pairs for w in pair}
    promoted = {
        w
        for w, z in zipf.items()
        if z >= PROMOTE_ZIPF and w not in core and not looks_like_slip(w, zipf, core)
    }
    core |= promoted
    rows = [
        f"{w}\t{zipf[w]:.2f}\t{'c' if w in core else 'p'}"
        for w in sorted(zipf, key=lambda w: (-zipf[w], w))
    ]
    write_gz(
        "words.tsv.gz",
        "# word<TAB>zipf<TAB>c (core: curated valid word) or p (plausible: seen, unverified)\n",
        rows,
    )
    bigrams, total = bigram_model(zipf)
    write_gz(
        "bigrams.tsv.gz",
        f"# first second<TAB>count; corpus size {total:.6g}\n",
        bigrams,
    )
    lines = [f"{gb}\t{us}" for gb, us in pairs if us not in AMBIGUOUS_US]
    (OUT / "variants.tsv").write_text(
        "# en-GB<TAB>en-US spelling pairs, generated by tools/build_english_dictionaries.py\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    (OUT / "prefixes.txt").write_text(
        "# Prefixes that join a known word without a hyphen (de+escalate, co+operate)\n"
        + "\n".join(PREFIXES)
        + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(rows)} words ({len(core)} core, {len(promoted)} promoted), "
        f"{len(bigrams)} bigrams, {len(lines)} variant pairs"
    )


if __name__ == "__main__":
    main()
