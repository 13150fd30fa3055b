"""Check that a speed change leaves every output as it was: fix_text over the dev sets, before
and after, compared document by document.

Run from the repository root::

    python bench/identical_outputs.py --against COMMIT --paths textfix/engine.py textfix/tokens.py

It copies the work tree (``textfix/`` and ``dictionaries/``) twice to a temporary folder, puts
the ``--paths`` back as they were at ``COMMIT`` in one copy, and cleans the same texts with both:
the seed article, the 990 chrome-dev pages (default rules) and every spell-dev sentence (default
rules, and the typos phase alone, as ``spell_bench`` runs it). Taking only the named paths from
``COMMIT`` keeps other people's uncommitted work the same on both sides, so only the named
files' changes are compared; without ``--paths`` every file of ``textfix/``, ``dictionaries/``
and ``pyproject.toml`` that differs from ``COMMIT`` is taken (and a tree that does not differ
is an error, not a pass). The output text must be byte-identical; suggestions, metadata and
edits per rule are compared too. Exit code 1 on any difference.

When the C module's sources are among them, each copy's C module is rebuilt from its own
source (else the reference's Python would call the work tree's module).

``--write FILE`` only records the current tree's outputs (a digest per document) in FILE, and
``--compare FILE`` compares the current tree with such a record.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = SHARED / "examples/000_5d31827953726566.txt"
PAGES = SHARED / "data/chrome-dev/docs"
SENTENCES = SHARED / "data/spell-dev/sentences.jsonl"
_COPIED = ("textfix", "dictionaries", "pyproject.toml")


def _cases(limit: int | None) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(name, text, select) for every text cleaned."""
    yield "seed", SEED.read_text(encoding="utf-8"), ()
    pages = sorted(PAGES.glob("*.txt"))[:limit]
    for page in pages:
        yield f"chrome-dev/{page.stem}", page.read_text(encoding="utf-8"), ()
    with SENTENCES.open(encoding="utf-8") as handle:
        lines = handle.readlines()[:limit]
    for line in lines:
        record = json.loads(line)
        yield f"spell-dev/{record['id']}", record["noisy"], ()
        yield f"spell-dev-typos/{record['id']}", record["noisy"], ("typos",)


def _digest(value: Any) -> str:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def outputs(limit: int | None) -> dict[str, dict[str, str]]:
    """A digest per document of its output text, suggestions, metadata and edits per rule."""
    sys.path.insert(0, str(Path.cwd()))
    from dataclasses import asdict

    from textfix import Settings, fix_text

    found: dict[str, dict[str, str]] = {}
    for name, text, select in _cases(limit):
        result = fix_text(text, Settings(select=select))
        suggestions = [
            (e.span.start, e.span.end, e.replacement, e.rule, e.alternatives)
            for e in result.suggestions
        ]
        found[name] = {
            "text": _digest(result.text),
            "suggestions": _digest(suggestions),
            "metadata": _digest(asdict(result.metadata)),
            "edits": _digest(sorted(Counter(e.rule for e in result.edits).items())),
        }
    return found


def compare(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> int:
    differ: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, {}), after.get(name, {})
        for field in ("text", "suggestions", "metadata", "edits"):
            if old.get(field) != new.get(field):
                differ[field] += 1
                examples.setdefault(field, []).append(name)
    print(f"{len(after)} outputs compared with {len(before)}")
    for field in ("text", "suggestions", "metadata", "edits"):
        some = ", ".join(examples.get(field, [])[:5])
        print(
            f"  {field:12s} {'identical' if not differ[field] else f'{differ[field]} differ'}"
            + (f" (e.g. {some})" if some else "")
        )
    return 1 if differ or set(before) != set(after) else 0


def _snapshot(tree: Path) -> None:
    """Copy the work tree's code and data, so that others' edits during the run change
    neither side."""
    for name in _COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, tree / name)


def _outputs_in(tree: Path, limit: int | None) -> dict[str, Any]:
    record = tree / "outputs.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--write", str(record)]
    if limit is not None:
        command += ["--limit", str(limit)]
    subprocess.run(command, cwd=tree, check=True)
    return dict(json.loads(record.read_text(encoding="utf-8")))


def changed_paths(commit: str) -> list[str]:
    """The copied files that differ between ``commit`` and the work tree: changed, added (also
    untracked) or deleted since."""

    def git(*args: str) -> list[str]:
        done = subprocess.run(
            ["git", "-C", str(REPO), *args, "--", *_COPIED],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.split()

    listed = git("diff", "--name-only", commit)
    untracked = git("ls-files", "--others", "--exclude-standard")
    return sorted(set(listed) | set(untracked))


def _against(commit: str, paths: Sequence[str], limit: int | None) -> int:
    """Outputs of the work tree against a copy of it with ``paths`` as they were at ``commit``
    (every file that differs from ``commit`` when none are named)."""
    if not paths:
        paths = changed_paths(commit)
        if not paths:
            print(f"nothing differs from {commit}: no comparison to make", file=sys.stderr)
            return 2
    print(f"comparing with {commit}: {', '.join(paths)}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="textfix-identical-") as folder:
        now, then = Path(folder) / "now", Path(folder) / "then"
        _snapshot(now)
        shutil.copytree(now, then)
        for path in paths:
            old = subprocess.run(
                ["git", "-C", str(REPO), "show", f"{commit}:{path}"],
                capture_output=True,
                check=False,
            )
            target = then / path
            if old.returncode != 0:  # a file added since: not in the reference
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(old.stdout)
        if any(path.startswith(_SPEEDUPS_SOURCES) for path in paths):
            _rebuild_speedups(then)
            _rebuild_speedups(now)
        return compare(_outputs_in(then, limit), _outputs_in(now, limit))


# The C module's source and the files it includes.
_SPEEDUPS_SOURCE = "textfix/_speedups.c"
_SPEEDUPS_SOURCES = (_SPEEDUPS_SOURCE, "textfix/_speedups_src/")


def _rebuild_speedups(tree: Path) -> None:
    """Give a copy the C module of its own source: the copies carry the work tree's module
    (built in place, not tracked, perhaps before the latest edit), which the reference's
    Python would otherwise call. Without a compiler (or a source) the copy runs its plain
    Python paths."""
    for built in (tree / "textfix").glob("_speedups*.so"):
        built.unlink()
    if not (tree / _SPEEDUPS_SOURCE).exists():
        return
    sys.path.insert(0, str(REPO))
    try:
        from hatch_build import _compile

        with tempfile.TemporaryDirectory(prefix="textfix-speedups-") as work:
            module = _compile(tree, Path(work))
            shutil.copyfile(module, tree / "textfix" / module.name)
    except Exception as error:  # no compiler, no setuptools: the plain paths are the spec
        print(f"reference C module not built ({error}): plain Python paths", file=sys.stderr)
    finally:
        sys.path.remove(str(REPO))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", help="the commit to compare with")
    parser.add_argument(
        "--paths",
        nargs="*",
        default=[],
        help="files to take from --against (default: every file that differs from it)",
    )
    parser.add_argument("--write", type=Path, help="record the current outputs in this file")
    parser.add_argument("--compare", type=Path, help="compare with outputs recorded by --write")
    parser.add_argument("--limit", type=int, help="only the first N pages and sentences")
    args = parser.parse_args(argv)
    if args.write:
        args.write.write_text(json.dumps(outputs(args.limit)), encoding="utf-8")
        return 0
    if args.against:
        return _against(args.against, args.paths, args.limit)
    if not args.compare:
        parser.error("give --against COMMIT --paths ..., --compare FILE or --write FILE")
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    return compare(before, outputs(args.limit))


if __name__ == "__main__":
    sys.exit(main())
