"""Typo-correction benchmark: textfix's typos phase beside symspellpy's plain lookup.

Run from the repository root: ``python bench/spell_bench.py [--data DIR] [--limit N] [--why]``.
Scores follow ``spell-dev/README.md`` (case counts, so lower-casing "NATO" is an error):
fix rate, broken rate (all words, proper nouns, acronyms), errors after, precision, real-word fix
rate, words per second, and top-1 accuracy on Norvig's isolated misspellings. Speed rows time the
typos phase on the clean sentences as one document and a cold ``fix_text`` of the seed article
in a fresh interpreter (warm disk cache).

The varied-text row (``--varied`` runs only it) is the honest one: clean English text that does
not repeat, cleaned in a fresh interpreter, one document at a time. The documents are the
English chrome-dev pages' keep snippets (one document per page) and the spell-dev clean sentences
(one document per source text); they are shuffled with a fixed seed and dealt into runs of
distinct documents, so no per-document cache and no cache filled by an earlier run on the same
text answers. Each run is timed in CPU seconds; the row gives the median run's words/s. The
process is first warmed on the seed article, which is not in the timed texts, and the lexicon's
core set, bigram and frequency dicts and real-word candidate table are loaded as a long run loads
them (``lexicon.preload``: the steady state, not start-up), and then frozen out of the cyclic
collector's walks, as a batch worker's warm-up does.

CPU timings on a shared machine are noisy; ``--varied-docs N`` cleans the first N varied
documents once, untimed, after the same warm-up, for an instruction count that is not:
``valgrind --tool=callgrind --callgrind-out-file=/dev/null python bench/spell_bench.py
--varied-docs 70`` minus the same with ``--varied-docs 0`` (the warm-up and loading).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textfix import Settings, collector, fix_text, lexicon  # noqa: E402
from textfix.spelling import correct_word  # noqa: E402

WORD_RE = re.compile(r"\w+(?:['\u2019]\w+)*")
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "spell-dev"
CHROME_SNIPPETS = ROOT.parent / "shared" / "data" / "chrome-dev" / "snippets.jsonl"
VARIED_RUNS = 7
SEED = ROOT.parent / "shared" / "examples" / "000_5d31827953726566.txt"
SEED_CLEAN = SEED.with_name(SEED.stem + ".expected.txt")


@dataclass
class Score:
    name: str
    words: int = 0
    corrupted: int = 0
    fixed: int = 0
    realword: int = 0
    realword_fixed: int = 0
    clean: int = 0
    broken: int = 0
    proper: int = 0
    proper_broken: int = 0
    acronyms: int = 0
    acronyms_broken: int = 0
    changed: int = 0
    changed_right: int = 0
    wrong_after: int = 0
    wrong_before: int = 0
    seconds: float = 0.0
    norvig: float = 0.0
    examples: dict[str, list[str]] = field(default_factory=dict)

    def note(self, kind: str, text: str) -> None:
        self.examples.setdefault(kind, []).append(text)


def is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and word.isupper()


def score_sentence(score: Score, record: dict[str, object], output: str) -> None:
    noisy = WORD_RE.findall(str(record["noisy"]))
    clean = WORD_RE.findall(str(record["clean"]))
    out = WORD_RE.findall(output)
    if len(out) != len(clean):
        # A correction that splits or joins words: score every word of the sentence as wrong.
        out = [""] * len(clean)
    errors = {int(e["word"]): e for e in record["errors"]}  # type: ignore[attr-defined]
    proper = set(record["proper_nouns"])  # type: ignore[call-overload]
    for i, (n, c, o) in enumerate(zip(noisy, clean, out, strict=True)):
        score.words += 1
        score.wrong_before += n != c
        score.wrong_after += o != c
        if o != n:
            score.changed += 1
            score.changed_right += o == c
        if i in errors:
            score.corrupted += 1
            score.fixed += o == c
            if errors[i]["kind"] == "realword":
                score.realword += 1
                score.realword_fixed += o == c
            if o != c:
                score.note("missed", f"{n}->{o} (want {c})")
        else:
            score.clean += 1
            broke = o != n
            score.broken += broke
            if broke:
                score.note("broken", f"{n}->{o}")
            if i in proper:
                score.proper += 1
                score.proper_broken += broke
            if is_acronym(n):
                score.acronyms += 1
                score.acronyms_broken += broke


def run(
    name: str,
    records: list[dict[str, object]],
    correct: Callable[[str], str],
    norvig: list[tuple[str, str]],
    word_fix: Callable[[str], str],
) -> Score:
    score = Score(name)
    started = time.perf_counter()
    outputs = [correct(str(r["noisy"])) for r in records]
    score.seconds = time.perf_counter() - started
    for record, output in zip(records, outputs, strict=True):
        score_sentence(score, record, output)
    right = sum(word_fix(wrong).lower() == want.lower() for want, wrong in norvig)
    score.norvig = right / max(len(norvig), 1)
    return score


def load_norvig(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if ":" not in line:
            continue
        right, wrongs = line.split(":", 1)
        pairs.extend((right.strip(), wrong) for wrong in wrongs.split())
    return pairs


def textfix_sentence(text: str) -> str:
    return fix_text(text, Settings(select=("typos",))).text


def why_missed(records: list[dict[str, object]]) -> Counter[str]:
    """Each missed correction by cause: a wrong fix; a suggestion (right, right among the
    alternatives, or wrong) that ``fix`` does not apply; a word no rule looked at (names,
    capitalised words, foreign-looking lines); or a word the model kept as typed."""
    causes: Counter[str] = Counter()
    for record in records:
        noisy_text = str(record["noisy"])
        result = fix_text(noisy_text, Settings(select=("typos",)))
        noisy = WORD_RE.findall(noisy_text)
        clean = WORD_RE.findall(str(record["clean"]))
        out = WORD_RE.findall(result.text)
        if len(out) != len(clean):
            causes["split or joined words"] += len(record["errors"])  # type: ignore[arg-type]
            continue
        suggested = {edit.before(result.text): edit for edit in result.suggestions}
        for error in record["errors"]:  # type: ignore[attr-defined]
            i = int(error["word"])
            kind = str(error["kind"])
            typed, want, got = noisy[i], clean[i], out[i]
            if got == want:
                continue
            if got != typed:
                cause = "wrong fix"
            elif typed in suggested:
                edit = suggested[typed]
                if edit.replacement == want:
                    cause = "suggested, right (below the bar or ambiguous)"
                elif want in edit.alternatives:
                    cause = "suggested, right among the alternatives"
                else:
                    cause = "suggested, wrong"
            elif typed[:1].isupper() and i > 0:
                cause = "capitalised mid-sentence (treated as a name)"
            else:
                cause = "kept as typed"
            causes[f"{kind}: {cause}"] += 1
    return causes


def symspell_peer() -> tuple[Callable[[str], str], Callable[[str], str]]:
    """symspellpy's plain lookup: top suggestion within distance 2, on every word."""
    from importlib.resources import files

    from symspellpy import SymSpell, Verbosity

    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    path = files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    sym.load_dictionary(str(path), term_index=0, count_index=1)

    def word(token: str) -> str:
        found = sym.lookup(token, Verbosity.TOP, max_edit_distance=2, transfer_casing=True)
        return found[0].term if found else token

    def sentence(text: str) -> str:
        return WORD_RE.sub(lambda m: word(m.group()), text)

    return sentence, word


def web_bodies() -> list[str]:
    """The article text of chrome-dev's English pages (normalised, chrome stripped): published
    web text, with the few slips real writers make and many names, terms, units and foreign
    words that a corrector must leave alone."""
    docs = CHROME_SNIPPETS.parent / "docs"
    strip = Settings(select=("normalize", "chrome"))
    bodies = []
    for page in sorted(docs.glob("*.txt")):
        result = fix_text(page.read_text(encoding="utf-8"), strip)
        if result.metadata.language == "en":
            bodies.append(result.text)
    return bodies


def web_changes(
    bodies: list[str], peer: Callable[[str], str] | None
) -> list[tuple[str, int, Counter[str]]]:
    """(system, words, changed words) on the web bodies: words the typos phase rewrote (for
    textfix, the applied edits; suggestions are not changes)."""
    settings = Settings(select=("typos",), language="en")
    words = sum(len(WORD_RE.findall(body)) for body in bodies)
    ours: Counter[str] = Counter()
    for body in bodies:
        for step in fix_text(body, settings).steps:
            for edit in step.edits:
                ours[f"{edit.before(body)} -> {edit.replacement}"] += 1
    rows = [("textfix", words, ours)]
    if peer is not None:
        theirs: Counter[str] = Counter()
        for body in bodies:
            before, after = WORD_RE.findall(body), WORD_RE.findall(peer(body))
            for a, b in zip(before, after, strict=False):
                if a != b:
                    theirs[f"{a} -> {b}"] += 1
        rows.append(("symspellpy", words, theirs))
    return rows


def print_web(rows: list[tuple[str, int, Counter[str]]], show: int) -> None:
    if not rows:
        return
    print(f"published web text ({rows[0][1]:,} words of chrome-dev's English pages): words changed")
    for name, words, changed in rows:
        total = sum(changed.values())
        print(f"  {name:11s} {total:6d}  ({1000 * total / max(words, 1):.2f} per 1,000 words)")
        if show:
            print("    " + "; ".join(f"{k} x{v}" for k, v in changed.most_common(show)))


def phase_speed(text: str) -> tuple[int, float]:
    """Words per second (CPU time) of the typos phase on clean text, warm lexicon."""
    settings = Settings(select=("typos",), language="en")
    fix_text(text, settings)  # load the lexicon first: start-up is measured separately
    runs = []
    for run in range(3):
        # A distinct text each run, so no per-document cache can answer from the last run.
        variant = f"{text}\n\nRun {run}."
        started = time.process_time()
        fix_text(variant, settings)
        runs.append(time.process_time() - started)
    return len(WORD_RE.findall(text)), statistics.median(runs)


def varied_documents(sentences: Path) -> list[str]:
    """Clean English text that does not repeat: the keep snippets of each English chrome-dev
    page, and the clean spell-dev sentences of each source text, one document each."""
    from textfix import language

    documents: list[str] = []
    if CHROME_SNIPPETS.exists():
        for line in CHROME_SNIPPETS.read_text(encoding="utf-8").splitlines():
            keep = json.loads(line)["keep"] if line.strip() else []
            text = "\n\n".join(keep)
            if keep and language.detect(text).code == "en":
                documents.append(text)
    if sentences.exists():
        sources: dict[str, list[str]] = {}
        for line in sentences.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                source = str(record["id"]).rsplit(":", 1)[0]
                sources.setdefault(source, []).append(str(record["clean"]))
        documents.extend("\n\n".join(lines) for lines in sources.values())
    return documents


def varied_speed(sentences: Path, runs: int = VARIED_RUNS) -> dict[str, float]:
    """Words per second (CPU time) of the typos phase on varied clean English text: the median
    of ``runs`` runs, each over its own distinct documents, cleaned one at a time."""
    import random

    documents = varied_documents(sentences)
    random.Random(0).shuffle(documents)
    settings = _warmed()
    speeds = []
    total_words = 0
    for run in range(runs):
        batch = documents[run::runs]
        words = sum(len(WORD_RE.findall(text)) for text in batch)
        started = time.process_time()
        for text in batch:
            fix_text(text, settings)
        speeds.append(words / (time.process_time() - started))
        total_words += words
    return {
        "median": statistics.median(speeds),
        "min": min(speeds),
        "max": max(speeds),
        "documents": len(documents),
        "words": total_words,
    }


def _warmed() -> Settings:
    """The typos-phase settings, with the process warmed on text that is not timed and the
    lexicon's sets and dicts loaded as a long run loads them: the steady state of a batch, not
    the start-up. As in a batch worker (batch.warm_up), what the warm-up loaded is then kept
    out of the cyclic collector's walks."""
    settings = Settings(select=("typos",), language="en")
    if SEED_CLEAN.exists():
        fix_text(SEED_CLEAN.read_text(encoding="utf-8"), settings)
    lexicon.preload()
    collector.freeze_loaded()
    return settings


def clean_varied(sentences: Path, count: int) -> None:
    """Clean the first ``count`` varied documents (in the timed rows' shuffled order) once,
    untimed, after the same warm-up: for instruction counts (see the module docstring)."""
    import random

    documents = varied_documents(sentences)
    random.Random(0).shuffle(documents)
    settings = _warmed()
    for text in documents[:count]:
        fix_text(text, settings)


def varied_speed_fresh(sentences: Path) -> dict[str, float]:
    """:func:`varied_speed` in a fresh interpreter: no cache filled by this benchmark's other
    rows (which clean the same sentences) can answer."""
    done = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--varied-child",
            "--data",
            str(sentences.parent),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.splitlines()[-1]))


def print_varied(found: dict[str, float]) -> None:
    print(
        f"typos phase on varied clean English text ({int(found['documents'])} documents, "
        f"{int(found['words'])} words, {VARIED_RUNS} runs of distinct documents): "
        f"{found['median']:,.0f} words/s median (min {found['min']:,.0f}, max {found['max']:,.0f})"
    )


def startup_seconds() -> float | None:
    """Median wall time of a fresh interpreter cleaning the seed article (warm disk cache)."""
    if not SEED.exists():
        return None
    code = (
        "import sys; from textfix import fix_text; "
        "fix_text(open(sys.argv[1], encoding='utf-8').read())"
    )
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(SEED)], cwd=ROOT, check=True)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def peak_memory_mb(sentences: Path) -> float | None:
    """Peak resident memory (MB) of a fresh interpreter running the typos phase three times on
    the clean sentences as one document (the lexicon's tables all loaded by then)."""
    code = (
        "import json, sys; from textfix import Settings, fix_text; "
        "rows = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if l.strip()]; "
        "text = '\\n\\n'.join(r['clean'] for r in rows); "
        "settings = Settings(select=('typos',), language='en'); "
        "[fix_text(f'{text} {i}', settings) for i in range(3)]; "
        "status = open('/proc/self/status').read(); "
        "print(status.split('VmHWM:')[1].split()[0])"
    )
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent at fork, and this
    # benchmark's own process (with symspellpy loaded) is bigger than the child.
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(sentences)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        return int(done.stdout.split()[-1]) / 1024  # kilobytes on Linux
    except (OSError, subprocess.CalledProcessError, ValueError, IndexError):
        return None  # no /proc (not Linux): no row


def pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.2f}%" if whole else "n/a"


def table(scores: list[Score]) -> str:
    rows = [
        ("fix rate", lambda s: pct(s.fixed, s.corrupted)),
        ("broken (all words)", lambda s: pct(s.broken, s.clean)),
        ("broken (proper nouns)", lambda s: pct(s.proper_broken, s.proper)),
        ("broken (acronyms)", lambda s: pct(s.acronyms_broken, s.acronyms)),
        ("errors after", lambda s: pct(s.wrong_after, s.words)),
        ("precision", lambda s: pct(s.changed_right, s.changed)),
        ("real-word fix rate", lambda s: pct(s.realword_fixed, s.realword)),
        ("words/s (sentences)", lambda s: f"{s.words / s.seconds:,.0f}" if s.seconds else "n/a"),
        ("norvig top-1", lambda s: f"{100.0 * s.norvig:.1f}%"),
    ]
    width = max(len(label) for label, _ in rows)
    header = f"{'metric':<{width}}  " + "  ".join(f"{s.name:>14}" for s in scores)
    lines = [header, "-" * len(header)]
    for label, render in rows:
        lines.append(f"{label:<{width}}  " + "  ".join(f"{render(s):>14}" for s in scores))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="spell-dev folder")
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    parser.add_argument("--no-peer", action="store_true", help="skip symspellpy")
    parser.add_argument("--show", type=int, default=0, help="print N broken and missed words")
    parser.add_argument("--why", action="store_true", help="count missed corrections by cause")
    parser.add_argument("--varied", action="store_true", help="only the varied-text speed row")
    parser.add_argument("--varied-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--varied-docs",
        type=int,
        default=None,
        metavar="N",
        help="clean the first N varied documents once, untimed (for callgrind)",
    )
    args = parser.parse_args(argv)
    sentences_file = args.data / "sentences.jsonl"
    if args.varied_docs is not None:
        clean_varied(sentences_file, args.varied_docs)
        return 0
    if args.varied_child:
        print(json.dumps(varied_speed(sentences_file)))
        return 0
    if args.varied:
        print_varied(varied_speed_fresh(sentences_file))
        return 0
    lines = (args.data / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    if args.limit:
        records = records[: args.limit]
    norvig = load_norvig(args.data / "norvig-testset1.txt")
    fix_text("warm up", Settings(select=("typos",)))
    correct_word("warmup")
    scores = [run("textfix", records, textfix_sentence, norvig, correct_word)]
    if not args.no_peer:
        sentence, word = symspell_peer()
        scores.append(run("symspellpy", records, sentence, norvig, word))
    first = scores[0]
    print(
        f"spell-dev: {len(records)} sentences, {first.words} words, "
        f"{first.corrupted} corrupted ({first.realword} real-word); "
        f"errors before {pct(first.wrong_before, first.words)}"
    )
    print(table(scores))
    if CHROME_SNIPPETS.exists():
        peer = None if args.no_peer else symspell_peer()[0]
        print_web(web_changes(web_bodies(), peer), args.show)
    print_varied(varied_speed_fresh(sentences_file))
    texts = {"spell-dev clean sentences": "\n\n".join(str(r["clean"]) for r in records)}
    if SEED_CLEAN.exists():
        texts["seed article, cleaned, x100"] = SEED_CLEAN.read_text(encoding="utf-8") * 100
    for label, text in texts.items():
        words, seconds = phase_speed(text)
        print(f"typos phase on {label}: {words / seconds:,.0f} words/s ({words} words)")
    startup = startup_seconds()
    if startup is not None:
        print(f"fresh process, fix_text on the seed article: {startup:.2f} s (median of 3)")
    memory = peak_memory_mb(args.data / "sentences.jsonl")
    if memory is not None:
        print(f"peak RSS, typos phase x3 on the clean sentences: {memory:.0f} MB")
    if args.show:
        for kind in ("broken", "missed"):
            items = first.examples.get(kind, [])
            print(f"\n{kind} ({len(items)}): " + "; ".join(items[: args.show]))
    if args.why:
        print("\nwhy corrections were missed:")
        for cause, count in why_missed(records).most_common():
            print(f"{count:6d}  {cause}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
