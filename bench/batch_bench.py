"""Benchmark batch throughput on a generated archive: one command, one table.

Run from the repository root::

    python bench/batch_bench.py [--size-mb 50] [--shards 8] [--configs serial-1,process-2,...]

It writes an archive of gzipped JSONL shards of synthetic article-like records, built from the
seed article in ``../shared/examples`` and the pages in ``../shared/data/chrome-dev/docs``
(with per-site header and footer chrome, odd spaces, invisible characters and letter swaps
mixed in), then cleans it with the default rules under each configuration:

- ``serial-1``: ``jobs=1``, in one process (the baseline);
- ``process-2``: ``jobs=2`` on the process pool;
- ``dask-1`` / ``dask-2``: a Dask LocalCluster with one or two single-threaded worker processes;
- ``io-1`` (not run unless asked): ``jobs=1`` with a fixer that changes nothing, the ceiling of
  the batch machinery itself (decompress, parse, serialise, compress, markers);
- ``nosplit-2`` (not run unless asked): ``jobs=2`` on the process pool with shard splitting
  off, as before a shard could be cleaned by several workers.

``--single-shard`` writes the archive as one shard and runs ``serial-1,nosplit-2,process-2``:
one big ``crawl.jsonl.gz``, cleaned by one worker (whole shards) or by both (split into parts).

Each configuration runs in its own child process, so memory figures do not leak between them.
MB/s is decompressed text per wall-clock second (start-up and dictionary loading included);
"cores used" is the workers' CPU time over wall time (below ``jobs`` when the machine is busy
with other work, which caps any speed-up), and MB/CPU-s the throughput per CPU-second of
cleaning. "CPU s/MB" counts the user+sys time of every process of the run (start-up, parent,
dictionary loading, pool workers); "in shards" is the wall time spent inside shards summed over
shards, over the run's wall time: how many workers were cleaning at once, which shows whether
they wait for each other or for the parent. "by CPU" is the speed-up the CPU times give when
each worker has a core of its own and the work splits evenly: serial CPU s/MB over this run's
CPU s/MB per worker; on a shared machine it is the figure that says what the code does. Peak RSS
is the largest resident set of any process that cleaned a shard. "by task CPU" is the speed-up
the CPU times of the tasks give: the serial run's task CPU over this run's makespan when its
tasks (whole shards, or the parts of split ones) are dealt largest first to ``jobs`` workers,
plus the longest join; unlike "by CPU" it shows a worker left idle. Outputs are compared
with the serial run byte for byte. The archive is cached in ``--workdir`` and reused when the
parameters match.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gzip
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # runnable as a plain script from a source checkout
    sys.path.insert(0, str(REPO))

SHARED = REPO.parent / "shared"
SEED_NAME = "examples/000_5d31827953726566.txt"
DOCS_NAME = "data/chrome-dev/docs"
CONFIGS = ("serial-1", "process-2", "dask-1", "dask-2")
SINGLE_SHARD_CONFIGS = "serial-1,nosplit-2,process-2"
TARGET_MB_PER_CORE = 1.0
TARGET_SPEEDUP = 1.8
TARGET_RSS_MB = 300.0

_HEADERS = (
    "Home | News | Sport | Culture | Contact",
    "Skip to main content",
    "Subscribe to our newsletter",
    "Menü",
    "Sign in",
)
_FOOTERS = (
    "Share on Facebook",
    "Tweet",
    "© {site} All rights reserved.",
    "Cookies help us deliver our services.",
    "Related articles",
)


# ---------------------------------------------------------------------------------------------
# The archive


def _seed_texts(shared: Path) -> list[str]:
    texts = []
    seed = shared / SEED_NAME
    if seed.is_file():
        texts.append(seed.read_text(encoding="utf-8"))
    texts.extend(p.read_text(encoding="utf-8") for p in sorted((shared / DOCS_NAME).glob("*.txt")))
    if not texts:
        raise SystemExit(f"no seed texts found under {shared}; pass --shared")
    return texts


def _mutate(text: str, rng: random.Random) -> str:
    """Scraper damage the normalise and typo rules should repair."""
    words = text.split(" ")
    for _ in range(max(1, len(words) // 150)):
        i = rng.randrange(len(words))
        word = words[i]
        if len(word) > 4 and word.isalpha():
            j = rng.randrange(1, len(word) - 2)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    for _ in range(max(1, len(words) // 80)):
        i = rng.randrange(len(words))
        words[i] = words[i] + rng.choice(("\u00a0", "\u200b", "  "))
    lines = " ".join(words).split("\n")
    for _ in range(max(1, len(lines) // 10)):
        i = rng.randrange(len(lines))
        lines[i] += " "
    return "\n".join(lines)


def _documents(rng: random.Random, sites: int, shared: Path) -> Iterator[dict[str, Any]]:
    texts = _seed_texts(shared)
    chrome = []
    for s in range(sites):
        site = f"site{s:02d}.example"
        head = rng.sample(_HEADERS, 3)
        foot = [line.format(site=site) for line in rng.sample(_FOOTERS, 3)]
        chrome.append((site, head, foot))
    number = 0
    while True:
        base = texts[number % len(texts)]
        site, head, foot = chrome[rng.randrange(sites)]
        body = _mutate(base, rng)
        yield {
            "id": f"doc-{number:08d}",
            "url": f"https://www.{site}/articles/{number}",
            "fetched": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "text": "\n".join([*head, body, *foot]) + "\n",
        }
        number += 1


def make_archive(
    folder: Path, size_mb: float, shards: int, shared: Path = SHARED, seed: int = 7
) -> dict[str, Any]:
    """Write ``shards`` gzipped JSONL shards totalling ``size_mb`` MB of JSONL; reuse a cache."""
    params = {"size_mb": size_mb, "shards": shards, "seed": seed, "version": 1}
    manifest = folder / "manifest.json"
    if manifest.is_file():
        cached = json.loads(manifest.read_text(encoding="utf-8"))
        if cached.get("params") == params:
            return dict(cached)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.jsonl.gz"):
        old.unlink()
    rng = random.Random(seed)
    target = int(size_mb * 1_000_000)
    written = documents = 0
    with contextlib.ExitStack() as stack:
        outs = [
            stack.enter_context(gzip.open(folder / f"part-{i:05d}.jsonl.gz", "wb", compresslevel=6))
            for i in range(shards)
        ]
        for record in _documents(rng, 24, shared):
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            outs[documents % shards].write(line)
            written += len(line)
            documents += 1
            if written >= target:
                break
    on_disk = sum(p.stat().st_size for p in folder.glob("part-*.jsonl.gz"))
    info = {"params": params, "documents": documents, "jsonl_bytes": written, "gz_bytes": on_disk}
    manifest.write_text(json.dumps(info), encoding="utf-8")
    return info


# ---------------------------------------------------------------------------------------------
# One configuration, in a child process


@dataclass(frozen=True)
class Measure:
    config: str
    jobs: int
    seconds: float
    documents: int
    text_bytes: int
    peak_rss_mb: float
    errors: int
    digest: str
    cpu_seconds: float = 0.0
    # Every process of the run, start-up, parent and dictionary loading included (rusage).
    total_cpu_seconds: float = 0.0
    # Wall seconds spent inside shards, summed over shards: over ``seconds``, how many workers
    # were cleaning at once (2 when two workers never wait for each other or for the parent).
    shard_seconds: float = 0.0
    # CPU seconds of every task (shards, parts, joins), and the makespan of those tasks on
    # ``jobs`` workers: what the run would take with a core per worker and nothing else running.
    task_cpu_seconds: float = 0.0
    task_makespan: float = 0.0


def _unchanged(text: str, settings: Any, context: Any) -> Any:
    from textfix.model import FixResult

    return FixResult(text, text, ())


def makespan(tasks: Sequence[float], joins: Sequence[float], workers: int) -> float:
    """Tasks dealt largest first to the least loaded of ``workers``, then the longest join."""
    loads = [0.0] * max(1, workers)
    for task in sorted(tasks, reverse=True):
        loads[loads.index(min(loads))] += task
    return max(loads) + max(joins, default=0.0)


def run_one(config: str, archive: Path, out: Path, select: Sequence[str]) -> Measure:
    from textfix import Settings
    from textfix.batch import BatchOptions, fix_document, run_batch

    executor, jobs = config.rsplit("-", 1)
    options = BatchOptions(
        settings=Settings(select=tuple(select)),
        jobs=int(jobs),
        executor="dask" if executor == "dask" else "process",
        force=True,
        split_bytes=None if executor == "nosplit" else BatchOptions.split_bytes,
    )
    started = time.perf_counter()
    fixer = _unchanged if executor == "io" else fix_document
    summary = run_batch([str(archive / "part-*.jsonl.gz")], out, options, fixer=fixer)
    seconds = time.perf_counter() - started
    digest = hashlib.sha256()
    for shard in sorted(archive.glob("part-*.jsonl.gz")):
        digest.update((out / shard.name).read_bytes())
    return Measure(
        config,
        int(jobs),
        seconds,
        summary.stats.documents,
        summary.stats.text_bytes,
        summary.peak_rss_kb / 1024,
        summary.stats.errors + summary.shards_failed,
        digest.hexdigest()[:16],
        summary.stats.cpu_seconds,
        shard_seconds=sum(shard.stats.seconds for shard in summary.shards),
        task_cpu_seconds=sum(shard.stats.cpu_seconds for shard in summary.shards),
        task_makespan=makespan(
            [cpu for shard in summary.shards for cpu in shard.task_cpu_seconds],
            [shard.join_cpu_seconds for shard in summary.shards],
            int(jobs),
        ),
    )


def _child(config: str, archive: Path, out: Path, select: Sequence[str]) -> Measure | str:
    command = [sys.executable, __file__, "--run-one", config, "--archive", str(archive)]
    command += ["--out", str(out), "--select", ",".join(select)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return " / ".join(tail) or f"exit code {done.returncode}"
    # The child's own workers are waited for before it exits, so their CPU time is in here.
    used = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    measure = Measure(**json.loads(done.stdout.strip().splitlines()[-1]))
    return dataclasses.replace(measure, total_cpu_seconds=used)


# ---------------------------------------------------------------------------------------------
# The table


def table(results: Sequence[Measure | tuple[str, str]], cores: int) -> str:
    rows: list[tuple[str, ...]] = [
        (
            "config",
            "jobs",
            "seconds",
            "MB/s",
            "MB/s/core",
            "docs/s",
            "cores used",
            "MB/CPU-s",
            "CPU s/MB",
            "in shards",
            "speed-up",
            "by CPU",
            "by task CPU",
            "peak RSS/worker MB",
            "errors",
            "same as serial",
        )
    ]
    baseline: dict[str, float] = {}
    cpu_baseline: dict[str, float] = {}
    serial = next((r for r in results if isinstance(r, Measure) and r.config == "serial-1"), None)
    reference = serial.digest if serial else None
    for result in results:
        if not isinstance(result, Measure):
            rows.append((result[0], *[""] * 14, f"FAILED: {result[1]}"))
            continue
        mb_s = result.text_bytes / 1e6 / result.seconds
        family = result.config.rsplit("-", 1)[0]
        cpu_per_mb = result.total_cpu_seconds / (result.text_bytes / 1e6)
        if result.jobs == 1:
            baseline[family] = mb_s
            cpu_baseline[family] = cpu_per_mb
        base = baseline.get(family) or baseline.get("serial")
        speedup = f"{mb_s / base:.2f}x" if base else "-"
        cpu_base = cpu_baseline.get(family) or cpu_baseline.get("serial")
        by_cpu = (
            f"{cpu_base / (cpu_per_mb / result.jobs):.2f}x"
            if cpu_base and result.total_cpu_seconds
            else "-"
        )
        rows.append(
            (
                result.config,
                str(result.jobs),
                f"{result.seconds:.1f}",
                f"{mb_s:.2f}",
                f"{mb_s / min(result.jobs, cores):.2f}",
                f"{result.documents / result.seconds:.0f}",
                f"{result.cpu_seconds / result.seconds:.2f}",
                f"{result.text_bytes / 1e6 / result.cpu_seconds:.2f}"
                if result.cpu_seconds
                else "-",
                f"{cpu_per_mb:.2f}" if result.total_cpu_seconds else "-",
                f"{result.shard_seconds / result.seconds:.2f}",
                speedup,
                by_cpu,
                f"{serial.task_cpu_seconds / result.task_makespan:.2f}x"
                if serial and result.task_makespan and family != "io"
                else "-",
                f"{result.peak_rss_mb:.0f}",
                str(result.errors),
                "-"
                if family == "io" or reference is None
                else "yes"
                if result.digest == reference
                else "NO",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdicts(results: Sequence[Measure | tuple[str, str]]) -> list[str]:
    measured = {r.config: r for r in results if isinstance(r, Measure)}
    lines = []
    serial = measured.get("serial-1")
    if serial:
        rate = serial.text_bytes / 1e6 / serial.seconds
        ok = "met" if rate >= TARGET_MB_PER_CORE else "NOT met"
        lines.append(f"target >= {TARGET_MB_PER_CORE} MB/s per core: {rate:.2f} MB/s ({ok})")
    for family in ("nosplit", "process", "dask"):
        one = measured.get(f"{family}-1") or (serial if family != "dask" else None)
        two = measured.get(f"{family}-2")
        if one and two:
            speedup = (two.text_bytes / two.seconds) / (one.text_bytes / one.seconds)
            ok = "met" if speedup >= TARGET_SPEEDUP else "NOT met"
            lines.append(
                f"target >= {TARGET_SPEEDUP}x with 2 {family} workers: {speedup:.2f}x ({ok})"
            )
            if one.total_cpu_seconds and two.total_cpu_seconds:
                per_worker = two.total_cpu_seconds / two.text_bytes / two.jobs
                by_cpu = (one.total_cpu_seconds / one.text_bytes) / per_worker
                ok = "met" if by_cpu >= TARGET_SPEEDUP else "NOT met"
                lines.append(
                    f"  the same by CPU time (each worker on a core of its own): {by_cpu:.2f}x "
                    f"({ok}); workers cleaning at once: {two.shard_seconds / two.seconds:.2f}"
                )
            if one.task_cpu_seconds and two.task_makespan:
                by_tasks = one.task_cpu_seconds / two.task_makespan
                ok = "met" if by_tasks >= TARGET_SPEEDUP else "NOT met"
                lines.append(
                    f"  the same by task CPU (tasks dealt to {two.jobs} workers): "
                    f"{by_tasks:.2f}x ({ok})"
                )
    if serial and serial.cpu_seconds:
        rate = serial.text_bytes / 1e6 / serial.cpu_seconds
        ok = "met" if rate >= TARGET_MB_PER_CORE else "NOT met"
        lines.append(
            f"  the same per CPU-second (what a core does when it is not shared): {rate:.2f} ({ok})"
        )
    if measured:
        peak = max(r.peak_rss_mb for r in measured.values())
        ok = "met" if peak <= TARGET_RSS_MB else "NOT met"
        lines.append(f"target <= {TARGET_RSS_MB:.0f} MB per worker: {peak:.0f} MB ({ok})")
    return lines


def _code_version() -> str:
    """The commit benchmarked, and whether the work tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "textfix", "dictionaries"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return head + (" + uncommitted changes" if dirty else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=50.0, help="archive size (JSONL MB)")
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--configs", default=None, help=f"default: {','.join(CONFIGS)}")
    parser.add_argument(
        "--single-shard",
        action="store_true",
        help="one shard, cleaned with jobs=1, jobs=2 whole (nosplit-2) and jobs=2 split",
    )
    parser.add_argument("--select", default="", help="rule prefixes, comma-separated (all)")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "textfix-bench"
    )
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared/ data folder")
    parser.add_argument("--run-one", help=argparse.SUPPRESS)
    parser.add_argument("--archive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.single_shard:
        args.shards = 1
    if args.configs is None:
        args.configs = SINGLE_SHARD_CONFIGS if args.single_shard else ",".join(CONFIGS)
    select = [s for s in args.select.split(",") if s]
    if args.run_one:
        measure = run_one(args.run_one, args.archive, args.out, select)
        print(json.dumps(asdict(measure)))
        return 0

    cores = os.cpu_count() or 1
    archive = args.workdir / f"archive-{args.size_mb:g}mb-{args.shards}"
    started = time.perf_counter()
    info = make_archive(archive, args.size_mb, args.shards, args.shared)
    print(
        f"archive: {info['documents']} documents, {info['jsonl_bytes'] / 1e6:.1f} MB JSONL "
        f"({info['gz_bytes'] / 1e6:.1f} MB gzipped) in {args.shards} shards, "
        f"ready in {time.perf_counter() - started:.1f}s; {cores} cores; "
        f"rules: {','.join(select) or 'default'}; code: {_code_version()}",
        flush=True,
    )
    load_before = os.getloadavg()[0]
    results: list[Measure | tuple[str, str]] = []
    for config in [c for c in args.configs.split(",") if c]:
        if config.startswith("dask"):
            try:
                import distributed  # noqa: F401
            except ImportError:
                results.append((config, "dask not installed (pip install 'textfix[dask]')"))
                continue
        out = args.workdir / f"out-{config}"
        shutil.rmtree(out, ignore_errors=True)
        outcome = _child(config, archive, out, select)
        results.append(outcome if isinstance(outcome, Measure) else (config, outcome))
        # One line as each configuration ends, so a long run shows something before the table.
        if isinstance(outcome, Measure):
            rate = outcome.text_bytes / 1e6 / outcome.seconds
            print(
                f"  {config}: {outcome.seconds:.1f}s, {rate:.2f} MB/s, "
                f"peak {outcome.peak_rss_mb:.0f} MB, load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        else:
            print(f"  {config}: FAILED: {outcome}", flush=True)
    print()
    print(table(results, cores))
    print()
    for line in verdicts(results):
        print(line)
    # Other work on the machine skews every figure, scaling most: say how busy it was.
    print(f"load average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    return 1 if any(not isinstance(r, Measure) for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
