"""Benchmark chrome stripping on the chrome-dev set: one command, one table.

Run from the repository root::

    python bench/chrome_bench.py [--data ../shared/data/chrome-dev] [--limit N] [--details N]

Each page is cleaned by every system in ``SYSTEMS``; a ``keep`` snippet counts as kept when it
still occurs in the output, a ``drop`` snippet as leaked when it survives (both compared after
collapsing whitespace, and only snippets that occur in the input are counted). Precision is
kept / (kept + leaked), recall is the keep rate, F1 their harmonic mean.

``ms/doc`` (CPU time of this process, steadier than wall time on a shared machine) is the whole
chrome phase through the engine (rules, merge, blank-line tidying);
``rules ms/doc`` the chrome rules alone. Pages go through the normalise phase first, untimed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # runnable as a plain script from a source checkout
    sys.path.insert(0, str(REPO))

from textfix import language  # noqa: E402
from textfix.document import Document  # noqa: E402
from textfix.engine import fix_text  # noqa: E402
from textfix.rules import chrome  # noqa: E402
from textfix.rules.base import Context  # noqa: E402
from textfix.rules.chrome import analysis, phrases  # noqa: E402
from textfix.settings import Settings  # noqa: E402

Cleaner = Callable[[str], str]
_WS = re.compile(r"\s+")
_MIN_PAGES_PER_LANGUAGE = 20


def collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class Page:
    id: str
    text: str
    keep: tuple[str, ...]
    drop: tuple[str, ...]
    language: str


@dataclass
class Score:
    keep_total: int = 0
    keep_kept: int = 0
    drop_total: int = 0
    drop_leaked: int = 0
    pages: int = 0
    pages_losing: int = 0
    seconds: float = 0.0
    rules_seconds: float = 0.0
    losses: list[tuple[str, str]] = field(default_factory=list)
    leaks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def keep_rate(self) -> float:
        return self.keep_kept / self.keep_total if self.keep_total else 1.0

    @property
    def leak_rate(self) -> float:
        return self.drop_leaked / self.drop_total if self.drop_total else 0.0

    @property
    def precision(self) -> float:
        found = self.keep_kept + self.drop_leaked
        return self.keep_kept / found if found else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.keep_rate
        return 2 * p * r / (p + r) if p + r else 0.0


_NORMALISE = Settings(select=("normalize",))


def load(data: Path, limit: int | None) -> list[Page]:
    """Pages, already through textfix's normalise phase so that only chrome is measured.

    Snippets that normalisation alters (mojibake repaired, odd spaces) no longer occur in the
    text and are not counted, for every system alike.
    """
    pages = []
    with (data / "snippets.jsonl").open(encoding="utf-8") as handle:
        for raw in handle:
            row = json.loads(raw)
            text = (data / "docs" / f"{row['id']}.txt").read_text(encoding="utf-8")
            text = fix_text(text, _NORMALISE).text
            flat = collapse(text)
            keep = tuple(s for s in map(collapse, row["keep"]) if s and s in flat)
            drop = tuple(s for s in map(collapse, row["drop"]) if s and s in flat)
            # The page's language comes from its article passages, not from its chrome.
            guess = language.detect(" ".join(keep) or text).code or "??"
            pages.append(Page(row["id"], text, keep, drop, guess))
            if limit and len(pages) >= limit:
                break
    return pages


def keep_everything(text: str) -> str:
    return text


_C4_TERMINAL = (".", "!", "?", '"', "'", "”", "»")


def c4_lines(text: str) -> str:
    """The C4 line filter: keep lines of 5+ words ending in terminal punctuation."""
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        lowered = stripped.lower()
        if len(stripped.split()) < 5 or not stripped.endswith(_C4_TERMINAL):
            continue
        if "javascript" in lowered or "cookie" in lowered or "lorem ipsum" in lowered:
            continue
        kept.append(stripped)
    return "\n".join(kept)


_CHROME_SETTINGS = Settings(select=("chrome",))


def textfix_chrome(text: str) -> str:
    return fix_text(text, _CHROME_SETTINGS).text


def _per_text_caches() -> list[Callable[[], None]]:
    """The ``cache_clear`` of every bounded per-text cache the chrome phase reads: lines,
    shapes, phrase matches, rule verdicts, language guesses. Unbounded ``@cache`` tables
    (dictionaries, models) are start-up, not per-document work, and stay."""
    from textfix import document
    from textfix.rules.chrome import common, credits, foreign, menus, repeats, widgets, zones

    modules = (analysis, phrases, common, credits, foreign, menus, repeats, widgets, zones)
    clears = []
    for module in (*modules, language, document):
        for value in vars(module).values():
            params = getattr(value, "cache_parameters", None)
            if params is not None and params()["maxsize"] is not None:
                clears.append(value.cache_clear)
    return clears


def clear_caches() -> None:
    """Forget every per-text cache of the previous page: each page is timed cold."""
    for clear in _CLEARS:
        clear()


def textfix_rules_only(text: str) -> None:
    """The chrome rules alone (shared analysis and every rule), without the engine's merge."""
    doc = Document(text)
    context = Context(_CHROME_SETTINGS)
    for item in chrome.RULES:
        for _edit in item(doc, context):
            pass


_CLEARS = _per_text_caches()

SYSTEMS: tuple[tuple[str, Cleaner, Callable[[str], None] | None], ...] = (
    ("keep everything", keep_everything, None),
    ("C4 line filter", c4_lines, None),
    ("textfix chrome", textfix_chrome, textfix_rules_only),
)


def score(
    pages: Sequence[Page], cleaner: Cleaner, rules: Callable[[str], None] | None = None
) -> dict[str, Score]:
    """Scores overall (key ``all``) and per language."""
    scores: dict[str, Score] = defaultdict(Score)
    for page in pages:
        if rules is not None:
            # Before the full run, with cold per-document caches, so nothing is reused.
            clear_caches()
            started = time.process_time()
            rules(page.text)
            scores["all"].rules_seconds += time.process_time() - started
            clear_caches()
        started = time.process_time()
        output = collapse(cleaner(page.text))
        elapsed = time.process_time() - started
        lost = [s for s in page.keep if s not in output]
        leaked = [s for s in page.drop if s in output]
        for key in ("all", page.language):
            item = scores[key]
            item.pages += 1
            item.seconds += elapsed
            item.keep_total += len(page.keep)
            item.keep_kept += len(page.keep) - len(lost)
            item.drop_total += len(page.drop)
            item.drop_leaked += len(leaked)
            item.pages_losing += bool(lost)
        scores["all"].losses.extend((page.id, s) for s in lost)
        scores["all"].leaks.extend((page.id, s) for s in leaked)
    return scores


def table(results: Sequence[tuple[str, dict[str, Score]]], languages: Sequence[str]) -> str:
    header = ["system", "keep", "leak", "F1", "pages losing", "ms/doc", "rules ms/doc"]
    header += [f"F1 {code}" for code in languages]
    rows = [header]
    for name, scores in results:
        overall = scores["all"]
        row = [
            name,
            f"{overall.keep_rate:.3f}",
            f"{overall.leak_rate:.3f}",
            f"{overall.f1:.3f}",
            f"{overall.pages_losing / overall.pages:.1%}" if overall.pages else "-",
            f"{1000 * overall.seconds / overall.pages:.2f}" if overall.pages else "-",
            f"{1000 * overall.rules_seconds / overall.pages:.2f}" if overall.rules_seconds else "-",
        ]
        row += [f"{scores[code].f1:.3f}" for code in languages]
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [
        "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "chrome-dev")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument(
        "--details", type=int, default=0, help="also list N lost keep and N leaked drop snippets"
    )
    parser.add_argument(
        "--only", default=None, help="run only the systems whose name contains this"
    )
    args = parser.parse_args(argv)
    pages = load(args.data, args.limit)
    counts: dict[str, int] = defaultdict(int)
    for page in pages:
        counts[page.language] += 1
    languages = sorted(
        (c for c, n in counts.items() if n >= _MIN_PAGES_PER_LANGUAGE), key=lambda c: -counts[c]
    )
    systems = [s for s in SYSTEMS if args.only is None or args.only in s[0]]
    # Load the dictionaries before the clock starts: start-up is not per-document cost.
    fix_text("warm up the dictionaries\n", _CHROME_SETTINGS)
    results = [(name, score(pages, cleaner, rules)) for name, cleaner, rules in systems]
    print(f"chrome-dev: {len(pages)} pages ({', '.join(f'{c} {counts[c]}' for c in languages)})")
    print(table(results, languages))
    for name, scores in results:
        overall = scores["all"]
        lost = overall.keep_total - overall.keep_kept
        print(
            f"{name}: lost {lost} of {overall.keep_total} keep snippets, "
            f"leaked {overall.drop_leaked} of {overall.drop_total} drop snippets"
        )
    if args.details:
        for name, scores in results:
            if name != "textfix chrome":
                continue
            print(f"\nlost keep snippets ({len(scores['all'].losses)}):")
            for page_id, snippet in scores["all"].losses[: args.details]:
                print(f"  {page_id}: {snippet[:150]}")
            print(f"\nleaked drop snippets ({len(scores['all'].leaks)}):")
            for page_id, snippet in scores["all"].leaks[: args.details]:
                print(f"  {page_id}: {snippet[:150]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
