"""Split a large JSONL shard so that several workers clean it at once.

A task is normally one shard, so one big archive (a single ``crawl.jsonl.gz``) would keep one
worker busy while the others wait. A shard picked by ``plan_splits`` is cleaned as ``count``
parts instead: the lines are cut into blocks of ``BLOCK_RECORDS`` lines, and part ``i`` cleans
blocks ``i``, ``i + count``, ``i + 2 * count`` ... Interleaved blocks need no index of the file
(a compressed stream cannot seek): every part reads the whole input, which costs decompression
and line splitting only, a few per cent of cleaning, and they share the work evenly whatever
the size of the records.

Each part writes the cleaned lines it owns, gzip-compressed, to
``out/.textfix-parts/<relative>/<key>-<i>of<n>.gz`` (atomically), then a JSON file with its
counters. When every part is done, a join task reads the parts block by block, in turn, into
the output shard (temp file and rename, as for any shard) and writes the completion marker: the
output and the marker are those an unsplit run writes, only the timings differ. A record's
output is always exactly one line when its input is one line, which the part checks.

``key`` hashes the settings fingerprint, the input's path, size and mtime, and the split, so a
rerun after a kill reuses the parts that were finished and redoes the others; parts of any
other key are removed. Every part also hashes the whole input, and the join refuses parts that
saw different bytes.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import heapq
import itertools
import json
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, cast

from textfix import collector, shards
from textfix.batch import (
    COLLECT_EVERY,
    MAX_ERRORS_KEPT,
    PARTS_DIR,
    BatchOptions,
    ProgressSink,
    RecordError,
    Shard,
    ShardProgress,
    ShardResult,
    ShardState,
    ShardStats,
    WorkerConfig,
    _peak_rss_kb,
    crashed_result,
    failed_shard,
    process_shard,
    warm_up,
    write_marker,
)
from textfix.report_html import DocumentSample, samples_from_json

# Lines per block. One line gives parts the most even shares (a 16-line block left one part of
# a 200-record shard 8% more work than the other); the join reads a line at a time anyway.
BLOCK_RECORDS = 1
# Parts are temporary: the fastest gzip level keeps them small on disk at little CPU.
_PART_GZIP_LEVEL = 1
# What a compressed shard is taken to expand to, to compare it with ``split_bytes``.
_COMPRESSION_RATIO = 4
_PART_META_VERSION = 1


@dataclass(frozen=True)
class Part:
    """Part ``index`` of ``count`` of a shard: the blocks of lines numbered ``index`` modulo
    ``count``."""

    shard: Shard
    index: int
    count: int
    key: str
    block: int = BLOCK_RECORDS

    def owns(self, line: int) -> bool:
        return ((line - 1) // self.block) % self.count == self.index

    def name(self) -> str:
        return f"{self.key}-{self.index}of{self.count}"

    def path(self, out: Path) -> Path:
        return parts_folder(out, self.shard.relative) / (self.name() + ".gz")

    def meta_path(self, out: Path) -> Path:
        return parts_folder(out, self.shard.relative) / (self.name() + ".json")


@dataclass(frozen=True)
class PartResult:
    """What a part task did. ``bytes_in`` and ``sha256`` describe the whole input (every part
    reads it all); ``progress_bytes`` is the share of on-disk bytes this part reported as
    progress (the shares of a shard's parts add up to its size)."""

    part: Part
    ok: bool
    stats: ShardStats = field(default_factory=ShardStats)
    errors: tuple[RecordError, ...] = ()
    samples: tuple[DocumentSample, ...] = ()
    sha256: str = ""
    bytes_in: int = 0
    progress_bytes: int = 0
    part_size: int = 0
    peak_rss_kb: int = 0
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "version": _PART_META_VERSION,
            "key": self.part.key,
            "index": self.part.index,
            "count": self.part.count,
            "stats": self.stats.to_json(),
            "errors": [e.to_json() for e in self.errors],
            "samples": [s.to_json() for s in self.samples],
            "sha256": self.sha256,
            "bytes_in": self.bytes_in,
            "progress_bytes": self.progress_bytes,
            "part_size": self.part_size,
            "peak_rss_kb": self.peak_rss_kb,
        }


@dataclass(frozen=True)
class Join:
    """The task that joins a shard's finished parts into its output."""

    shard: Shard
    parts: tuple[PartResult, ...]


Unit = Shard | Part | Join


def parts_root(out: Path) -> Path:
    return out / PARTS_DIR


def parts_folder(out: Path, relative: str) -> Path:
    return parts_root(out) / relative


def estimated_bytes(shard: Shard) -> int:
    """The JSONL bytes a shard holds, guessed from its size on disk."""
    compressed = shards.compression_of(shard.source) != "none"
    return shard.size * (_COMPRESSION_RATIO if compressed else 1)


def plan_splits(todo: Sequence[Shard], options: BatchOptions) -> dict[str, int]:
    """How many parts each shard to split gets (shards cleaned whole are left out).

    Only JSONL is split (a text file is one document), only with more than one worker, and
    only a shard over ``split_bytes``, or over a worker's fair share of the whole run (one big
    file among small ones would keep a worker busy after the others finish), or any shard when
    there are fewer shards than workers. A shard gets at most one part per worker: each part
    reads the whole input, so more parts would cost reading without adding workers.
    """
    workers = options.workers
    if workers < 2 or options.split_bytes is None:
        return {}
    few = len(todo) < workers
    share = sum(estimated_bytes(shard) for shard in todo) / workers
    counts: dict[str, int] = {}
    for shard in todo:
        if shards.kind_of(shard.source) != "jsonl":
            continue
        size = estimated_bytes(shard)
        if not (few or size > options.split_bytes or size > share):
            continue
        count = min(workers, size // options.split_min_part_bytes)
        if count >= 2:
            counts[shard.relative] = count
    return counts


def part_key(shard: Shard, config: WorkerConfig, count: int, block: int) -> str:
    material = [config.fingerprint, shard.relative, shard.size, shard.mtime_ns, count, block]
    return hashlib.sha256(json.dumps(material).encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# The tasks (run on a worker)


def run_unit(unit: Unit, config: WorkerConfig, progress: ShardProgress | None) -> Any:
    """A whole shard, a part, or a join: what every executor runs for cleaning."""
    if isinstance(unit, Join):
        return join_parts(unit, config)
    warm_up(config)
    if isinstance(unit, Part):
        return process_part(unit, config, progress)
    return process_shard(unit, config, progress)


def process_part(part: Part, config: WorkerConfig, progress: ShardProgress | None) -> PartResult:
    """Clean the lines ``part`` owns into its part file and write the part's counters beside it.

    Progress is reported for the owned lines only, each with the on-disk bytes read while
    getting it; every part reads the file the same way, so the shares add up to the file's
    size (part 0 reports what is read after the last line).
    """
    started = time.perf_counter()
    cpu_started = time.process_time()
    shard = part.shard
    state = ShardState(shard, config)
    path = part.path(config.out)
    own_bytes = 0
    try:
        with (
            shards.atomic_file(path) as raw,
            _gzip_writer(raw) as sink,
            shards.open_input(shard.source) as (stream, counter),
            collector.every(COLLECT_EVERY) as done,
        ):
            reported = 0
            for number, line in enumerate(stream, start=1):
                if not part.owns(number):
                    reported = counter.count
                    continue
                record = shards.parse_jsonl_line(number, line, config.text_field)
                data = state.clean(record)
                done()
                if data.count(b"\n") != line.count(b"\n"):
                    raise shards.ShardError(f"line {number}: a record became several lines")
                sink.write(data)
                own_bytes += counter.count - reported
                if progress is not None:
                    progress.add(0 if record.text is None else 1, counter.count - reported)
                reported = counter.count
            while counter.read(1 << 20):
                pass
            if part.index == 0:
                own_bytes += counter.count - reported
                if progress is not None:
                    progress.add(0, counter.count - reported)
            if progress is not None:
                progress.flush()
            bytes_in, sha256 = counter.count, counter.digest.hexdigest()
        state.bytes_in = bytes_in
        stats = state.stats(0, time.perf_counter() - started, time.process_time() - cpu_started)
        result = PartResult(
            part,
            True,
            stats,
            tuple(state.errors),
            tuple(state.samples),
            sha256,
            bytes_in,
            own_bytes,
            path.stat().st_size,
            _peak_rss_kb(),
        )
        shards.write_json_atomic(part.meta_path(config.out), result.to_json())
    except Exception as error:  # as process_shard: this shard fails, the others go on
        with contextlib.suppress(OSError):
            path.unlink()
        return PartResult(
            part, False, peak_rss_kb=_peak_rss_kb(), message=f"{type(error).__name__}: {error}"
        )
    return result


@contextlib.contextmanager
def _gzip_writer(raw: IO[bytes]) -> Any:
    with gzip.GzipFile(
        filename="", fileobj=raw, mode="wb", compresslevel=_PART_GZIP_LEVEL, mtime=0
    ) as stream:
        yield cast(IO[bytes], stream)


def join_parts(join: Join, config: WorkerConfig) -> ShardResult:
    """Write the shard's output from its parts, block by block in turn, then its marker; the
    counters are the parts' summed, errors and report samples merged back into line order."""
    started = time.perf_counter()
    cpu_started = time.process_time()
    shard = join.shard
    parts = sorted(join.parts, key=lambda p: p.part.index)
    output = config.out / shard.relative
    try:
        if len({p.sha256 for p in parts}) != 1:
            raise shards.ShardError("the input changed while its parts were being cleaned")
        with contextlib.ExitStack() as stack:
            readers = [stack.enter_context(gzip.open(p.part.path(config.out), "rb")) for p in parts]
            with shards.open_output(output) as sink:
                _interleave(readers, parts[0].part.block, sink)
        work = sum((p.stats for p in parts), ShardStats())
        join_cpu = time.process_time() - cpu_started
        stats = replace(
            work,
            bytes_in=parts[0].bytes_in,
            bytes_out=output.stat().st_size,
            seconds=work.seconds + time.perf_counter() - started,
            cpu_seconds=work.cpu_seconds + join_cpu,
        )
        errors = tuple(
            itertools.islice(
                heapq.merge(*(p.errors for p in parts), key=lambda e: e.line or 0),
                MAX_ERRORS_KEPT,
            )
        )
        samples = tuple(
            itertools.islice(
                heapq.merge(*(p.samples for p in parts), key=lambda s: s.line),
                config.report_samples,
            )
        )
        write_marker(shard, config, parts[0].sha256, stats, errors, samples)
    except Exception as error:
        remove_parts(config.out, shard.relative)
        return failed_shard(shard, f"{type(error).__name__}: {error}")
    remove_parts(config.out, shard.relative)
    peak = max([_peak_rss_kb(), *(p.peak_rss_kb for p in parts)])
    return ShardResult(
        shard.relative,
        "done",
        stats,
        errors,
        samples,
        peak,
        task_cpu_seconds=tuple(p.stats.cpu_seconds for p in parts),
        join_cpu_seconds=join_cpu,
    )


def _interleave(readers: Sequence[gzip.GzipFile], block: int, sink: IO[bytes]) -> None:
    """Blocks of ``block`` lines from each reader in turn, until one runs out."""
    turn = 0
    while True:
        reader = readers[turn % len(readers)]
        taken = 0
        while taken < block:
            line = reader.readline()
            if not line:
                break
            sink.write(line)
            taken += 1
        if taken < block:
            break
        turn += 1
    if any(reader.read(1) for reader in readers):
        raise shards.ShardError("the parts of the shard do not line up")


def remove_parts(out: Path, relative: str) -> None:
    """Remove a shard's part folder, and the folders above it that it leaves empty."""
    folder = parts_folder(out, relative)
    shutil.rmtree(folder, ignore_errors=True)
    root = parts_root(out)
    for parent in folder.parents:
        if parent == root.parent:
            break
        try:
            parent.rmdir()
        except OSError:
            break


# ---------------------------------------------------------------------------------------------
# The driver (runs in the parent, on the thread that called run_batch)


class CleanDriver:
    """Hands the executor units to run and turns what they return into shard results.

    ``initial()`` gives the first units, largest work first; ``completed`` / ``crashed`` take a
    unit's value (or the exception that lost it) and return the units that became ready (a
    join once every part of its shard is in); ``take_finished`` gives the shards finished since
    the last call. Parts a killed run finished are reused, not run again.
    """

    def __init__(
        self,
        todo: Sequence[Shard],
        config: WorkerConfig,
        options: BatchOptions,
        sink: ProgressSink | None,
    ) -> None:
        self.config = config
        self.todo = tuple(todo)
        self.splits = plan_splits(todo, options)
        self._sink = sink
        self._parts: dict[str, list[Part]] = {}
        self._done: dict[str, dict[int, PartResult]] = {}
        self._finished: list[tuple[Shard, ShardResult]] = []
        self._ready: list[Unit] = []
        self.reused_parts = 0
        for shard in todo:
            count = self.splits.get(shard.relative)
            if count is None:
                continue
            key = part_key(shard, config, count, BLOCK_RECORDS)
            self._parts[shard.relative] = [
                Part(shard, i, count, key, BLOCK_RECORDS) for i in range(count)
            ]
            self._done[shard.relative] = {}
        self._sweep()
        self._reuse()

    def _sweep(self) -> None:
        """Remove part files of another key or of a shard not split this time."""
        root = parts_root(self.config.out)
        if not root.is_dir():
            return
        keep = {
            part.path(self.config.out).parent / part.name()
            for parts in self._parts.values()
            for part in parts
        }
        for file in sorted(root.rglob("*"), reverse=True):
            if file.is_dir():
                with contextlib.suppress(OSError):
                    file.rmdir()
            elif file.with_suffix("") not in keep:
                with contextlib.suppress(OSError):
                    file.unlink()
        with contextlib.suppress(OSError):
            root.rmdir()

    def _reuse(self) -> None:
        for relative, parts in self._parts.items():
            for part in parts:
                result = _load_part(part, self.config.out)
                if result is None:
                    continue
                self._done[relative][part.index] = result
                self.reused_parts += 1
                if self._sink is not None:
                    self._sink.advanced(result.stats.documents, result.progress_bytes)
            if len(self._done[relative]) == len(parts):
                join = self._join_or_fail(parts[0].shard)
                if join is not None:
                    self._ready.append(join)

    def initial(self) -> list[Unit]:
        units: list[tuple[float, str, int, Unit]] = []
        for shard in self.todo:
            parts = self._parts.get(shard.relative)
            if parts is None:
                units.append((-shard.size, shard.relative, 0, shard))
                continue
            for part in parts:
                if part.index not in self._done[shard.relative]:
                    units.append((-shard.size / part.count, shard.relative, part.index, part))
        ready, self._ready = self._ready, []
        return ready + [unit for *_, unit in sorted(units, key=lambda u: u[:3])]

    def completed(self, unit: Unit, value: Any) -> list[Unit]:
        if isinstance(unit, Part):
            return self._part_done(value)
        shard = unit.shard if isinstance(unit, Join) else unit
        self._finished.append((shard, value))
        return []

    def crashed(self, unit: Unit, error: BaseException) -> list[Unit]:
        if isinstance(unit, Part):
            message = f"worker failed: {type(error).__name__}: {error}"
            return self._part_done(PartResult(unit, False, message=message))
        shard = unit.shard if isinstance(unit, Join) else unit
        self._finished.append((shard, crashed_result("clean", shard, error)))
        return []

    def _part_done(self, result: PartResult) -> list[Unit]:
        part = result.part
        done = self._done[part.shard.relative]
        done[part.index] = result
        if len(done) < part.count:
            return []
        join = self._join_or_fail(part.shard)
        return [] if join is None else [join]

    def _join_or_fail(self, shard: Shard) -> Join | None:
        """The join task, or (when a part failed) the shard's failure, recorded at once."""
        results = self._done[shard.relative]
        failed = [results[i] for i in sorted(results) if not results[i].ok]
        if not failed:
            return Join(shard, tuple(results[i] for i in sorted(results)))
        remove_parts(self.config.out, shard.relative)
        self._finished.append((shard, failed_shard(shard, failed[0].message)))
        return None

    def take_finished(self) -> list[tuple[Shard, ShardResult]]:
        finished, self._finished = self._finished, []
        return finished

    def progress_of(self, unit: Unit, value: Any) -> tuple[int, int]:
        """Documents and bytes a finished unit stands for, for executors that report progress
        only when a task ends."""
        if isinstance(unit, Part):
            result = cast(PartResult, value)
            return result.stats.documents, result.progress_bytes
        if isinstance(unit, Join):
            return 0, 0
        stats = getattr(value, "stats", None)
        return (stats.documents if stats is not None else 0), unit.size


def _load_part(part: Part, out: Path) -> PartResult | None:
    """A part a previous run finished with the same key, if its files are whole."""
    try:
        data = json.loads(part.meta_path(out).read_text(encoding="utf-8"))
        if (
            data.get("version") != _PART_META_VERSION
            or data.get("key") != part.key
            or (data.get("index"), data.get("count")) != (part.index, part.count)
            or part.path(out).stat().st_size != data["part_size"]
        ):
            return None
        return PartResult(
            part,
            True,
            ShardStats.from_json(data["stats"]),
            tuple(
                RecordError(e["shard"], e.get("line"), e.get("id"), e["error"])
                for e in data["errors"]
            ),
            samples_from_json(data["samples"]),
            str(data["sha256"]),
            int(data["bytes_in"]),
            int(data["progress_bytes"]),
            int(data["part_size"]),
            int(data["peak_rss_kb"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
