"""Batch cleanup of whole archives: plan shards, clean each with a pure per-shard function on a
process pool (or Dask), resume where a previous run stopped, and keep statistics.

The shape follows the pipelines archivists already run (datatrove, Dolma, CCNet, NeMo Curator):
one output shard per input shard under ``out`` with the same relative path and compression, a
completion marker per shard in ``out/.textfix-done/``, ``out/textfix-stats.json`` and
``out/textfix-errors.jsonl``. The library never prints; progress goes to a ``ProgressSink``.
With several workers, a large JSONL shard (or any, when there are fewer shards than workers) is
cleaned as parts on several workers and joined into the same output (``batch_split``).

How the CLI calls it::

    from textfix.batch import BatchOptions, run_batch
    from textfix.report_html import write_report

    options = BatchOptions(settings=settings, jobs=jobs, text_field="text",
                           learn_chrome=learn_chrome, executor="process",
                           report_samples=20 if report else 0)
    summary = run_batch(sources, Path(out), options, progress=rich_sink)  # rich_sink: ProgressSink
    if report:
        write_report(summary, Path(report))
    # print a table from summary.stats / summary.shards, then:
    sys.exit(1 if summary.failed else 0)
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import glob
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Protocol
from urllib.parse import urlsplit

from textfix import __version__, collector, lexicon, shards
from textfix.engine import active_rules, fix_text
from textfix.model import DocumentContext, FixResult
from textfix.report_html import DocumentSample, make_sample, samples_from_json
from textfix.rules.chrome.profiles import MAX_LEARNED_LINE, line_key
from textfix.settings import Settings

DONE_DIR = ".textfix-done"
# Where the parts of a split shard are written before they are joined (see batch_split).
PARTS_DIR = ".textfix-parts"
STATS_NAME = "textfix-stats.json"
ERRORS_NAME = "textfix-errors.jsonl"
MARKER_VERSION = 1
# Errors kept per shard in its marker (the count stays exact): a shard of garbage must not
# produce a marker the size of the shard.
MAX_ERRORS_KEPT = 1000
_PROGRESS_EVERY = 0.25  # seconds between progress messages from a worker
LEARNED_RULE = "chrome.learned"

Executor = Literal["process", "dask"]
Status = Literal["done", "skipped", "failed"]


class BatchError(Exception):
    """The batch cannot start (a source matches nothing, bad options); nothing was written."""


# ---------------------------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class BatchOptions:
    """Every knob of a batch run.

    - ``settings``: the rules and their options, as for ``fix_text``.
    - ``jobs``: worker processes (None: one per available core); 1 runs in this process.
    - ``text_field`` / ``id_field``: the JSONL field cleaned, and the one naming a record in the
      errors file and the report (its line number is always given too).
    - ``learn_chrome``: first learn each source's recurring lines from the archive (the source
      is ``site_field``, else the host of a ``url`` field, else a text file's folder); a line
      counts when it is in ``chrome_min_documents`` documents and ``chrome_min_share`` of them.
    - ``executor`` / ``scheduler``: ``"process"`` or ``"dask"`` (a LocalCluster of ``jobs``
      workers unless a scheduler address is given).
    - ``force``: redo finished shards; ``retry_failed``: redo those with failed records.
    - ``report_samples``: changed documents per shard kept for the HTML report.
    - ``metadata_field``: a JSONL field to store what the chrome rules found (title, byline...).
    - ``split_bytes`` / ``split_min_part_bytes``: with more than one worker, a JSONL shard is
      cleaned as several parts on several workers (then joined, byte-identical) when it holds
      more than ``split_bytes`` of JSONL (estimated for compressed shards) or when there are
      fewer shards than workers; a part gets at least ``split_min_part_bytes``. None: never.
    """

    settings: Settings = field(default_factory=Settings)
    jobs: int | None = None
    text_field: str = "text"
    id_field: str | None = "id"
    site_field: str | None = None
    learn_chrome: bool = False
    chrome_min_documents: int = 3
    chrome_min_share: float = 0.2
    executor: Executor = "process"
    scheduler: str | None = None
    force: bool = False
    retry_failed: bool = False
    report_samples: int = 0
    metadata_field: str | None = None
    split_bytes: int | None = 8 * 1024 * 1024
    split_min_part_bytes: int = 256 * 1024

    def __post_init__(self) -> None:
        if self.jobs is not None and self.jobs < 1:
            raise BatchError(f"jobs must be at least 1, got {self.jobs}")
        if self.executor not in ("process", "dask"):
            raise BatchError(f"executor must be 'process' or 'dask', got {self.executor!r}")
        if not self.text_field:
            raise BatchError("text field must not be empty")
        if not 0.0 < self.chrome_min_share <= 1.0:
            raise BatchError("chrome min share must be within (0, 1]")
        if self.split_bytes is not None and self.split_bytes < 0:
            raise BatchError("split bytes must not be negative")
        if self.split_min_part_bytes < 1:
            raise BatchError("split min part bytes must be at least 1")

    @property
    def workers(self) -> int:
        return self.jobs or available_cores()


def available_cores() -> int:
    """Cores this process may run on (a container or taskset may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1  # pragma: no cover - macOS, Windows


@dataclass(frozen=True)
class Shard:
    """One input file and where its output goes (``relative`` is a POSIX path under ``out``)."""

    source: Path
    relative: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class RecordError:
    """A record (or a whole shard, ``line=None``) that failed; one line of the errors file."""

    shard: str
    line: int | None
    id: str | None
    error: str

    def to_json(self) -> dict[str, Any]:
        return {"shard": self.shard, "line": self.line, "id": self.id, "error": self.error}


@dataclass(frozen=True)
class ShardStats:
    """Counters for one shard or, summed, for a run. ``edits``, ``suggestions_by_rule`` and
    ``documents_by_rule`` (documents a rule changed) map rule ids to counts; ``bytes_in`` is
    on-disk input, ``text_bytes`` the decompressed bytes of the documents read (whole JSONL
    lines, other fields included, or whole text files). ``seconds`` is wall-clock time spent on
    shards, ``cpu_seconds`` the CPU time: on a busy machine their ratio shows how much of a core
    each worker really got."""

    documents: int = 0
    changed: int = 0
    edits: Mapping[str, int] = field(default_factory=dict)
    suggestions: int = 0
    suggestions_by_rule: Mapping[str, int] = field(default_factory=dict)
    documents_by_rule: Mapping[str, int] = field(default_factory=dict)
    errors: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    text_bytes: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    def __add__(self, other: ShardStats) -> ShardStats:
        return ShardStats(
            documents=self.documents + other.documents,
            changed=self.changed + other.changed,
            edits=dict(Counter(self.edits) + Counter(other.edits)),
            suggestions=self.suggestions + other.suggestions,
            suggestions_by_rule=dict(
                Counter(self.suggestions_by_rule) + Counter(other.suggestions_by_rule)
            ),
            documents_by_rule=dict(
                Counter(self.documents_by_rule) + Counter(other.documents_by_rule)
            ),
            errors=self.errors + other.errors,
            bytes_in=self.bytes_in + other.bytes_in,
            bytes_out=self.bytes_out + other.bytes_out,
            text_bytes=self.text_bytes + other.text_bytes,
            seconds=self.seconds + other.seconds,
            cpu_seconds=self.cpu_seconds + other.cpu_seconds,
        )

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["edits"] = dict(sorted(self.edits.items()))
        data["suggestions_by_rule"] = dict(sorted(self.suggestions_by_rule.items()))
        data["documents_by_rule"] = dict(sorted(self.documents_by_rule.items()))
        data["seconds"] = round(self.seconds, 3)
        data["cpu_seconds"] = round(self.cpu_seconds, 3)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ShardStats:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class ShardResult:
    """What happened to one shard. ``peak_rss_kb`` is the worker's peak resident memory.
    ``task_cpu_seconds`` is the CPU time of each task that cleaned it (one, or one per part of a
    split shard) and ``join_cpu_seconds`` that of joining the parts: how evenly the work spread
    over the workers, for benchmarks (not in the stats file or markers)."""

    relative: str
    status: Status
    stats: ShardStats = field(default_factory=ShardStats)
    errors: tuple[RecordError, ...] = ()
    samples: tuple[DocumentSample, ...] = ()
    peak_rss_kb: int = 0
    message: str = ""
    task_cpu_seconds: tuple[float, ...] = ()
    join_cpu_seconds: float = 0.0


@dataclass(frozen=True)
class BatchSummary:
    """The outcome of ``run_batch``: totals over every shard, skipped ones included."""

    out: Path
    stats: ShardStats
    shards: tuple[ShardResult, ...]
    seconds: float
    stats_path: Path
    errors_path: Path
    samples: tuple[DocumentSample, ...] = ()
    learned_sources: int = 0
    temp_files_swept: int = 0

    @property
    def shards_done(self) -> int:
        return sum(1 for s in self.shards if s.status == "done")

    @property
    def shards_skipped(self) -> int:
        return sum(1 for s in self.shards if s.status == "skipped")

    @property
    def shards_failed(self) -> int:
        return sum(1 for s in self.shards if s.status == "failed")

    @property
    def failed(self) -> bool:
        """True when a record or a shard failed: the CLI should exit non-zero."""
        return self.stats.errors > 0 or self.shards_failed > 0

    @property
    def peak_rss_kb(self) -> int:
        return max((s.peak_rss_kb for s in self.shards), default=0)


@dataclass(frozen=True)
class Totals:
    """What ``ProgressSink.started`` receives: the work ahead, skipped shards excluded."""

    shards: int
    bytes: int
    skipped_shards: int
    phase: str = "clean"  # "learn" for the chrome-learning pass, then "clean"


class ProgressSink(Protocol):
    """Where progress goes; the CLI implements it with a Rich bar or plain periodic lines.

    Every call comes from the thread that called ``run_batch``. ``advanced`` receives increments:
    documents finished and on-disk input bytes consumed since the previous call.
    """

    def started(self, totals: Totals) -> None: ...

    def advanced(self, documents: int, bytes_read: int) -> None: ...

    def shard_finished(self, result: ShardResult) -> None: ...


# ---------------------------------------------------------------------------------------------
# Learned chrome: lines that recur across many documents of one source


MAX_COUNTED_IN_SHARD = 500_000  # distinct lines counted per shard in a worker
MAX_COUNTED = 2_000_000  # distinct lines counted over the archive


@dataclass(frozen=True)
class SourceCounts:
    """Per source: documents seen, and in how many of them each short line occurs."""

    documents: Mapping[str, int]
    lines: Mapping[str, Mapping[int, int]]


@dataclass(frozen=True)
class LearnedChrome:
    """Recurring lines per source, as data the chrome rules can consume.

    ``recurring[source][line_key(line)]`` is the number of the source's documents the line occurs
    in; only lines over the thresholds are kept. ``documents[source]`` counts its documents.
    """

    documents: Mapping[str, int]
    recurring: Mapping[str, Mapping[int, int]]
    min_documents: int
    min_share: float

    def fingerprint(self) -> str:
        digest = hashlib.sha256(f"{self.min_documents}:{self.min_share}".encode())
        for source in sorted(self.recurring):
            digest.update(source.encode("utf-8") + b"\0")
            for key, count in sorted(self.recurring[source].items()):
                digest.update(f"{key}:{count},".encode())
        return digest.hexdigest()[:16]


class Fixer(Protocol):
    """The per-document hook: the chrome engineer can pass a fixer that feeds ``context`` into
    the chrome rules; the default strips learned lines itself, then runs ``fix_text``."""

    def __call__(self, text: str, settings: Settings, context: DocumentContext) -> FixResult: ...


def fix_document(text: str, settings: Settings, context: DocumentContext) -> FixResult:
    """The default fixer: the whole rule chain, with the learnt lines of the document's source
    handed to the ``chrome.learned`` rule."""
    return fix_text(text, settings, context)


def document_source(record: shards.Record, relative: str, site_field: str | None) -> str | None:
    """A record's source: ``site_field``, else the host of a ``url`` field; a text file's source
    is the folder it sits in (archives of text files are usually kept one folder per site)."""
    payload = record.payload
    if payload is None:
        parent = Path(relative).parent.as_posix()
        return parent
    if site_field and isinstance(payload.get(site_field), str):
        return str(payload[site_field])
    url = payload.get("url")
    if isinstance(url, str):
        with contextlib.suppress(ValueError):
            host = urlsplit(url).hostname
            if host:
                return host.removeprefix("www.")
    return None


def count_shard(
    shard: Shard, config: WorkerConfig, progress: ShardProgress | None = None
) -> SourceCounts:
    """The learning pass over one shard: document frequency of every short line per source."""
    documents: Counter[str] = Counter()
    lines: dict[str, Counter[int]] = {}
    for record in _records(shard, config.text_field, progress):
        if record.text is None:
            continue
        source = document_source(record, shard.relative, config.site_field)
        if source is None:
            continue
        documents[source] += 1
        keys = {
            line_key(body)
            for body in (raw.strip() for raw in record.text.splitlines())
            if body and len(body) <= MAX_LEARNED_LINE
        }
        lines.setdefault(source, Counter()).update(keys)
        if sum(len(c) for c in lines.values()) > MAX_COUNTED_IN_SHARD:
            _prune(lines, MAX_COUNTED_IN_SHARD // 2)
    return SourceCounts(dict(documents), {s: dict(c) for s, c in lines.items()})


def _prune(lines: dict[str, Counter[int]], target: int) -> None:
    """Drop the rarest lines until at most ``target`` are counted.

    Chrome recurs in a good share of a source's documents, so the lines dropped (seen once,
    then twice ...) are almost never chrome; the counts become lower bounds, as in lossy
    counting. Only huge archives reach the limits, which bound memory to about 100 MB.
    """
    floor = 2
    while sum(len(c) for c in lines.values()) > target:
        for source in list(lines):
            kept = Counter({k: n for k, n in lines[source].items() if n >= floor})
            if kept:
                lines[source] = kept
            else:
                del lines[source]
        floor += 1


def learn_chrome(
    counts: Iterable[SourceCounts], min_documents: int, min_share: float
) -> LearnedChrome:
    """Merge per-shard counts and keep, per source, the lines in at least ``min_documents`` and
    at least ``min_share`` of its documents. Give the counts in plan order: pruning depends on
    the order, and every executor must learn the same lines."""
    documents: Counter[str] = Counter()
    lines: dict[str, Counter[int]] = {}
    for part in counts:
        documents.update(part.documents)
        for source, found in part.lines.items():
            lines.setdefault(source, Counter()).update(found)
        if sum(len(c) for c in lines.values()) > MAX_COUNTED:
            _prune(lines, MAX_COUNTED // 2)
    recurring: dict[str, dict[int, int]] = {}
    for source, found in lines.items():
        floor = max(min_documents, min_share * documents[source])
        kept = {key: count for key, count in found.items() if count >= floor}
        if kept:
            recurring[source] = kept
    return LearnedChrome(dict(documents), recurring, min_documents, min_share)


# ---------------------------------------------------------------------------------------------
# Planning


def plan_shards(
    sources: Sequence[str], out: Path, exclude: Sequence[str] = ()
) -> tuple[Shard, ...]:
    """Every input file, with its path relative to the sources' common folder.

    A folder contributes its text and JSONL files (``.txt``, ``.text``, ``.jsonl``, ``.ndjson``,
    optionally ``.gz``/``.zst``), hidden ones and anything under ``out`` excepted; a file is
    taken whatever its name; a glob is expanded (``**`` recurses). Relative paths are taken from
    the deepest folder common to all sources, so two sources can never map to the same output.
    """
    if not sources:
        raise BatchError("no sources given")
    out_resolved = out.resolve()
    found: dict[Path, Path] = {}  # file -> the base its relative path starts from
    for source in sources:
        matches = _expand(source, out_resolved)
        if not matches:
            raise BatchError(f"{source}: no such file, folder or matching glob")
        for file, base in matches:
            found.setdefault(file, base)
    if not found:
        raise BatchError("the sources contain no text or JSONL files")
    root = Path(os.path.commonpath([str(base) for base in found.values()]))
    planned = []
    for file in sorted(found):
        relative = file.relative_to(root).as_posix()
        if any(Path(relative).match(pattern) for pattern in exclude):
            continue
        if relative in (STATS_NAME, ERRORS_NAME) or relative.startswith(
            (DONE_DIR + "/", PARTS_DIR + "/")
        ):
            raise BatchError(f"{file}: its output would overwrite textfix's own {relative}")
        info = file.stat()
        planned.append(Shard(file, relative, info.st_size, info.st_mtime_ns))
    return tuple(planned)


def _expand(source: str, out: Path) -> list[tuple[Path, Path]]:
    path = Path(source)
    if glob.has_magic(source):
        base = _glob_base(source)
        files = [Path(p) for p in glob.glob(source, recursive=True)]
        result = []
        for file in files:
            if file.is_dir():
                result.extend(_walk(file.resolve(), base, out))
            elif file.is_file() and not _inside(file.resolve(), out):
                result.append((file.resolve(), base))
        return result
    if path.is_dir():
        resolved = path.resolve()
        return _walk(resolved, resolved, out)
    if path.is_file():
        resolved = path.resolve()
        return [(resolved, resolved.parent)]
    return []


def _glob_base(pattern: str) -> Path:
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed).resolve() if fixed else Path.cwd().resolve()


def _walk(folder: Path, base: Path, out: Path) -> list[tuple[Path, Path]]:
    result = []
    for directory, subdirs, files in os.walk(folder):
        here = Path(directory)
        if _inside(here, out):
            subdirs[:] = []
            continue
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            file = here / name
            if not name.startswith(".") and shards.is_shard_name(file):
                result.append((file, base))
    return result


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


# ---------------------------------------------------------------------------------------------
# Fingerprints and markers


def settings_fingerprint(options: BatchOptions, chrome: LearnedChrome | None = None) -> str:
    """Everything that can change an output byte: the settings, the active rules, textfix's
    version, the shipped dictionaries, the record options and the learned chrome."""
    settings = options.settings
    material = {
        "textfix": __version__,
        "settings": settings_values(settings),
        "rules": [rule.id for rule in active_rules(settings)],
        "dictionaries": _tree_digest("dictionaries"),
        "code": _tree_digest("code"),
        "text_field": options.text_field,
        "metadata_field": options.metadata_field,
        "chrome": chrome.fingerprint() if chrome is not None else None,
    }
    encoded = json.dumps(material, sort_keys=True, default=list).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:32]


def settings_values(settings: Settings) -> dict[str, Any]:
    """The settings as plain JSON values (where each came from is left out: it changes nothing)."""
    values: dict[str, Any] = {}
    for item in dataclasses.fields(settings):
        if not item.compare:
            continue
        value = getattr(settings, item.name)
        if isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, tuple):
            value = [list(v) if isinstance(v, tuple) else v for v in value]
        values[item.name] = value
    return values


@functools.cache
def _tree_digest(which: str) -> str:
    """A hash of the shipped dictionaries or of textfix's own code: a rule fixed without a new
    version number still changes outputs, so finished shards must be redone."""
    from textfix import dictionaries

    if which == "code":
        root = Path(__file__).resolve().parent
        files = sorted(root.rglob("*.py"))
    else:
        try:
            root = dictionaries.root()
        except dictionaries.DictionaryError:
            return "none"
        files = sorted(p for p in root.rglob("*") if p.is_file())
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def marker_path(out: Path, relative: str) -> Path:
    return out / DONE_DIR / (relative + ".json")


def _read_marker(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != MARKER_VERSION:
        return None
    return data


def _finished(
    shard: Shard, out: Path, fingerprint: str, options: BatchOptions
) -> ShardResult | None:
    """The recorded result when ``shard`` was finished with these settings, else None.

    Size and mtime match: trusted without reading the input. Same size, other mtime (a copy or
    a ``touch``): the input is hashed and compared, so an untouched archive is never redone.
    """
    if options.force:
        return None
    marker = _read_marker(marker_path(out, shard.relative))
    if marker is None or marker.get("fingerprint") != fingerprint:
        return None
    recorded = marker.get("input", {})
    if recorded.get("size") != shard.size:
        return None
    output = out / shard.relative
    try:
        if output.stat().st_size != marker.get("output", {}).get("size"):
            return None
    except OSError:
        return None
    if recorded.get("mtime_ns") != shard.mtime_ns:
        if recorded.get("sha256") != _sha256(shard.source):
            return None
        # Same bytes, new mtime (a copy or a touch): remember the mtime so the next run need not
        # hash the input again.
        marker["input"]["mtime_ns"] = shard.mtime_ns
        with contextlib.suppress(OSError):
            shards.write_json_atomic(marker_path(out, shard.relative), marker)
    stats = ShardStats.from_json(marker.get("stats", {}))
    if options.retry_failed and stats.errors:
        return None
    errors = tuple(
        RecordError(e["shard"], e.get("line"), e.get("id"), e["error"])
        for e in marker.get("errors", [])
    )
    samples = samples_from_json(marker.get("samples", []))
    return ShardResult(shard.relative, "skipped", stats, errors, samples)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# The per-shard function


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker needs, shipped once per worker (spawn-safe: plain picklable values)."""

    out: Path
    settings: Settings
    fingerprint: str
    text_field: str = "text"
    id_field: str | None = "id"
    site_field: str | None = None
    report_samples: int = 0
    metadata_field: str | None = None
    chrome: LearnedChrome | None = None
    fixer: Fixer = fix_document


class ShardProgress:
    """Batches progress into messages at most every ``_PROGRESS_EVERY`` seconds."""

    def __init__(self, send: Callable[[int, int], None]) -> None:
        self._send = send
        self._documents = 0
        self._bytes = 0
        self._last = time.monotonic()

    def add(self, documents: int, bytes_read: int) -> None:
        self._documents += documents
        self._bytes += bytes_read
        now = time.monotonic()
        if now - self._last >= _PROGRESS_EVERY:
            self.flush()
            self._last = now

    def flush(self) -> None:
        if self._documents or self._bytes:
            self._send(self._documents, self._bytes)
            self._documents = self._bytes = 0


def _records(
    shard: Shard,
    text_field: str,
    progress: ShardProgress | None,
    finished: Callable[[shards.CountingReader], None] | None = None,
) -> Iterator[shards.Record]:
    """Records of a shard, reporting progress as they are read; once the whole file has been
    read, ``finished`` gets the counter (its byte count and hash)."""
    with shards.open_input(shard.source) as (stream, counter):
        reported = 0
        records: Iterable[shards.Record]
        if shards.kind_of(shard.source) == "jsonl":
            records = shards.read_jsonl_records(stream, text_field)
        else:
            records = [shards.read_text_document(stream, shard.relative)]
        for record in records:
            yield record
            if progress is not None:
                progress.add(0 if record.text is None else 1, counter.count - reported)
                reported = counter.count
        # Read to the end so the hash covers the whole file (a compressed stream may stop early).
        while counter.read(1 << 20):
            pass
        if progress is not None:
            progress.add(0, counter.count - reported)
            progress.flush()
        if finished is not None:
            finished(counter)


def process_shard(
    shard: Shard, config: WorkerConfig, progress: ShardProgress | None = None
) -> ShardResult:
    """Clean one shard into ``out/<relative>`` and write its completion marker.

    A record that fails is written back unchanged, logged and counted; the shard goes on. A
    shard that cannot be read or written at all is reported as failed, and leaves neither
    output nor marker. The output appears only complete (temp file, fsync, rename).
    """
    started = time.perf_counter()
    cpu_started = time.process_time()
    output = config.out / shard.relative
    try:
        state = ShardState(shard, config)
        with shards.open_output(output) as sink:
            state.run(sink, progress)
        stats = state.stats(
            output.stat().st_size,
            time.perf_counter() - started,
            time.process_time() - cpu_started,
        )
        write_marker(shard, config, state.sha256, stats, state.errors, state.samples)
    except Exception as error:
        # Unreadable, truncated or corrupt (EOFError, zlib.error, zstd.ZstdError ...) or a full
        # disk: this shard fails, the others go on, the same on every executor.
        message = f"{type(error).__name__}: {error}"
        return ShardResult(
            shard.relative,
            "failed",
            ShardStats(bytes_in=shard.size, seconds=time.perf_counter() - started),
            (RecordError(shard.relative, None, None, message),),
            peak_rss_kb=_peak_rss_kb(),
            message=message,
        )
    return ShardResult(
        shard.relative,
        "done",
        stats,
        tuple(state.errors),
        tuple(state.samples),
        _peak_rss_kb(),
        task_cpu_seconds=(stats.cpu_seconds,),
    )


def write_marker(
    shard: Shard,
    config: WorkerConfig,
    sha256: str,
    stats: ShardStats,
    errors: Sequence[RecordError],
    samples: Sequence[DocumentSample],
) -> None:
    """The completion marker of a shard whose output is in place."""
    marker = {
        "version": MARKER_VERSION,
        "textfix": __version__,
        "fingerprint": config.fingerprint,
        "input": {
            "path": shard.relative,
            "size": shard.size,
            "mtime_ns": shard.mtime_ns,
            "sha256": sha256,
        },
        "output": {"size": stats.bytes_out},
        "stats": stats.to_json(),
        "errors": [e.to_json() for e in errors[:MAX_ERRORS_KEPT]],
        "samples": [s.to_json() for s in samples],
    }
    shards.write_json_atomic(marker_path(config.out, shard.relative), marker)


# Documents between two runs of the cyclic collector while a shard is cleaned. Cleaning makes
# no cyclic garbage (the collections over 1,200 archive documents found none), so the
# collection is a safety net: each one walks the cache entries made since the last, and run
# every 1,000 documents rather than 200 it cost 0.12 ms a document instead of 0.22.
COLLECT_EVERY = 1000


class ShardState:
    """The counters and file hash of one shard being cleaned."""

    def __init__(self, shard: Shard, config: WorkerConfig) -> None:
        self.shard = shard
        self.config = config
        self.documents = 0
        self.changed = 0
        self.edits: Counter[str] = Counter()
        self.suggestions: Counter[str] = Counter()
        self.documents_by_rule: Counter[str] = Counter()
        self.errors: list[RecordError] = []
        self.error_count = 0
        self.samples: list[DocumentSample] = []
        self.text_bytes = 0
        self.bytes_in = 0
        self.sha256 = ""
        self._jsonl = shards.kind_of(shard.source) == "jsonl"
        self.settings = record_settings(config.settings) if self._jsonl else config.settings

    def run(self, sink: IO[bytes], progress: ShardProgress | None) -> None:
        records = _records(self.shard, self.config.text_field, progress, self._read_all)
        with collector.every(COLLECT_EVERY) as done:
            for record in records:
                sink.write(self.clean(record))
                done()

    def _read_all(self, counter: shards.CountingReader) -> None:
        self.bytes_in = counter.count
        self.sha256 = counter.digest.hexdigest()

    def clean(self, record: shards.Record) -> bytes:
        """The bytes to write for ``record``; counts what happened to it."""
        config = self.config
        if record.text is None:
            if record.problem is not None:
                self._fail(record, record.problem)
            return record.raw
        self.documents += 1
        self.text_bytes += len(record.raw)
        try:
            result = config.fixer(record.text, self.settings, self._context(record))
            extra = self._metadata(result)
            if not result.changed and not extra:
                data = record.raw
            elif self._jsonl:
                data = shards.encode_jsonl_record(record, config.text_field, result.text, extra)
            else:
                data = shards.encode_text_document(record, result.text, self.shard.relative)
        except Exception as error:  # one bad record must not stop an archive
            self.documents -= 1
            self._fail(record, f"{type(error).__name__}: {error}")
            return record.raw
        self.suggestions.update(edit.rule for edit in result.suggestions)
        if not result.changed:
            return data
        self.changed += 1
        self.edits.update(edit.rule for edit in result.edits)
        self.documents_by_rule.update({edit.rule for edit in result.edits})
        if len(self.samples) < config.report_samples:
            rid = shards.record_id(record, config.id_field)
            self.samples.append(make_sample(self.shard.relative, record.line, rid, result))
        return data

    def _metadata(self, result: FixResult) -> dict[str, Any]:
        """What chrome stripping learnt (title, byline, date, source, language), kept as a
        field of a JSONL record when ``metadata_field`` is set, rather than lost with the lines."""
        name = self.config.metadata_field
        if not name or not self._jsonl:
            return {}
        found = {k: v for k, v in dataclasses.asdict(result.metadata).items() if v is not None}
        return {name: found} if found else {}

    def _context(self, record: shards.Record) -> DocumentContext:
        chrome = self.config.chrome
        if chrome is None:
            return DocumentContext()
        source = document_source(record, self.shard.relative, self.config.site_field)
        if source is None:
            return DocumentContext()
        return DocumentContext(
            source, chrome.documents.get(source, 0), chrome.recurring.get(source, {})
        )

    def _fail(self, record: shards.Record, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            rid = shards.record_id(record, self.config.id_field)
            self.errors.append(RecordError(self.shard.relative, record.line, rid, message))

    def stats(self, bytes_out: int, seconds: float, cpu_seconds: float) -> ShardStats:
        return ShardStats(
            documents=self.documents,
            changed=self.changed,
            edits=dict(self.edits),
            suggestions=sum(self.suggestions.values()),
            suggestions_by_rule=dict(self.suggestions),
            documents_by_rule=dict(self.documents_by_rule),
            errors=self.error_count,
            bytes_in=self.bytes_in,
            bytes_out=bytes_out,
            text_bytes=self.text_bytes,
            seconds=seconds,
            cpu_seconds=cpu_seconds,
        )


# A JSONL record's text is a field, not a file: it gets no final newline added.
_FILE_ONLY_RULES = ("normalize.final-newline",)


def record_settings(settings: Settings) -> Settings:
    """The settings used for JSONL records: file-only rules switched off."""
    missing = tuple(rule for rule in _FILE_ONLY_RULES if rule not in settings.ignore)
    return dataclasses.replace(settings, ignore=settings.ignore + missing) if missing else settings


def _peak_rss_kb() -> int:
    """This process's peak resident memory in KiB (0 where the platform cannot say)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0
    peak = int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


_WARM: set[str] = set()


def warm_up(config: WorkerConfig) -> None:
    """Load dictionaries and rule data once per worker process, before the first shard.

    With the typo rules on, the whole English lexicon is loaded as dicts (frequencies, real-word
    candidates): about 20 MB more per worker than reading the tables from disk a word at a time,
    and about a tenth faster over an archive.
    """
    if config.fingerprint in _WARM:
        return
    config.fixer("Warm up the rules.\n", config.settings, DocumentContext())
    if any(rule.phase == "typos" for rule in active_rules(config.settings)):
        lexicon.preload()
    collector.freeze_loaded()
    _WARM.add(config.fingerprint)


# ---------------------------------------------------------------------------------------------
# Running: in-process, process pool, or Dask


Task = Literal["clean", "count"]


def run_task(task: Task, shard: Shard, config: WorkerConfig, progress: ShardProgress | None) -> Any:
    if task == "count":
        return count_shard(shard, config, progress)
    warm_up(config)
    return process_shard(shard, config, progress)


def _run_in_process(
    task: Task, todo: Sequence[Shard], config: WorkerConfig, sink: ProgressSink | None
) -> Iterator[tuple[Shard, Any]]:
    progress = ShardProgress(sink.advanced) if sink is not None else None
    for shard in todo:
        yield shard, run_task(task, shard, config, progress)


def submission_order(task: Task, todo: Sequence[Shard]) -> list[Shard]:
    """Cleaning: largest first, so a big shard does not start last and keep one worker busy
    alone. Counting: plan order, so results arrive about in the order they are merged in."""
    if task == "count":
        return list(todo)
    return sorted(todo, key=lambda s: (-s.size, s.relative))


def crashed_result(task: Task, shard: Shard, error: BaseException) -> Any:
    message = f"worker failed: {type(error).__name__}: {error}"
    if task == "count":
        raise BatchError(f"{shard.relative}: {message}") from error
    return failed_shard(shard, message)


def failed_shard(shard: Shard, message: str) -> ShardResult:
    """A shard that produced no output: one error record says why, its bytes count as read."""
    return ShardResult(
        shard.relative,
        "failed",
        ShardStats(bytes_in=shard.size),
        (RecordError(shard.relative, None, None, message),),
        message=message,
    )


def _execute(
    task: Task,
    todo: Sequence[Shard],
    config: WorkerConfig,
    options: BatchOptions,
    sink: ProgressSink | None,
) -> Iterator[tuple[Shard, Any]]:
    if not todo:
        return iter(())
    if options.executor == "dask":
        from textfix import dask_executor

        return dask_executor.run(task, todo, config, options, sink)
    if options.workers == 1 or len(todo) == 1:
        return _run_in_process(task, todo, config, sink)
    from textfix import batch_pool

    return batch_pool.run(task, todo, config, options.workers, sink)


def _execute_clean(
    todo: Sequence[Shard],
    config: WorkerConfig,
    options: BatchOptions,
    sink: ProgressSink | None,
) -> Iterator[tuple[Shard, ShardResult]]:
    """Cleaning: as ``_execute``, except that large JSONL shards may be split into parts that
    several workers clean at once (``batch_split``)."""
    from textfix import batch_split

    driver = batch_split.CleanDriver(todo, config, options, sink)
    if not driver.splits:
        return _execute("clean", todo, config, options, sink)
    if options.executor == "dask":
        from textfix import dask_executor

        return dask_executor.run_driver(driver, config, options, sink)
    from textfix import batch_pool

    return batch_pool.run_driver(driver, config, options.workers, sink)


# ---------------------------------------------------------------------------------------------
# The entry point


@dataclass(frozen=True)
class BatchPlan:
    """A batch ready to run: the shards still to clean, those already finished, and the config
    every worker needs. ``run_batch`` is ``prepare_batch``, ``process_shard`` over ``todo`` on
    some executor, then ``finish_batch``; another scheduler (Ray, Spark) can do the middle."""

    out: Path
    options: BatchOptions
    shards: tuple[Shard, ...]
    todo: tuple[Shard, ...]
    finished: tuple[ShardResult, ...]
    config: WorkerConfig
    started: float
    temp_files_swept: int = 0


def prepare_batch(
    sources: Sequence[str],
    out: Path,
    options: BatchOptions | None = None,
    progress: ProgressSink | None = None,
    *,
    fixer: Fixer = fix_document,
) -> BatchPlan:
    """Plan the shards, sweep temp files a killed run left, learn chrome if asked (this reads the
    whole archive once, on ``options.executor``), and sort finished shards from those to do."""
    options = options or BatchOptions()
    started = time.perf_counter()
    out = Path(out)
    planned = plan_shards(sources, out, options.settings.exclude)
    out.mkdir(parents=True, exist_ok=True)
    swept = shards.sweep_temp_files(out)
    base = WorkerConfig(
        out=out,
        settings=options.settings,
        fingerprint="",
        text_field=options.text_field,
        id_field=options.id_field,
        site_field=options.site_field,
        report_samples=options.report_samples,
        metadata_field=options.metadata_field,
        fixer=fixer,
    )
    chrome = _learn(planned, base, options, progress) if options.learn_chrome else None
    fingerprint = settings_fingerprint(options, chrome)
    config = dataclasses.replace(base, fingerprint=fingerprint, chrome=chrome)
    finished: list[ShardResult] = []
    todo: list[Shard] = []
    for shard in planned:
        result = _finished(shard, out, fingerprint, options)
        if result is None:
            todo.append(shard)
        else:
            finished.append(result)
    return BatchPlan(out, options, planned, tuple(todo), tuple(finished), config, started, swept)


def run_batch(
    sources: Sequence[str],
    out: Path,
    options: BatchOptions | None = None,
    progress: ProgressSink | None = None,
    *,
    fixer: Fixer = fix_document,
) -> BatchSummary:
    """Clean every shard of ``sources`` into ``out``; see the module docstring for an example.

    Finished shards (same input, same settings) are skipped; a rerun after a crash picks up
    where it stopped. Raises BatchError before writing anything if the sources are unusable.
    ``fixer`` is the per-document hook (default: learned-chrome removal, then ``fix_text``).
    """
    plan = prepare_batch(sources, out, options, progress, fixer=fixer)
    if progress is not None:
        todo_bytes = sum(s.size for s in plan.todo)
        progress.started(Totals(len(plan.todo), todo_bytes, len(plan.finished)))
        for result in plan.finished:
            progress.shard_finished(result)
    results: list[ShardResult] = []
    for _shard, result in _execute_clean(plan.todo, plan.config, plan.options, progress):
        results.append(result)
        if progress is not None:
            progress.shard_finished(result)
    return finish_batch(plan, results)


def finish_batch(plan: BatchPlan, results: Iterable[ShardResult]) -> BatchSummary:
    """Sum the shards (finished earlier and now), write the stats and errors files."""
    by_path = {r.relative: r for r in plan.finished}
    by_path.update((r.relative, r) for r in results)
    missing = [s for s in plan.shards if s.relative not in by_path]
    for shard in missing:  # never handed back by the executor: count it as failed, not lost
        by_path[shard.relative] = crashed_result("clean", shard, RuntimeError("no result"))
    ordered = tuple(by_path[s.relative] for s in plan.shards)
    seconds = time.perf_counter() - plan.started
    chrome = plan.config.chrome
    return _finish(
        plan.out,
        ordered,
        plan.options,
        plan.config.fingerprint,
        chrome,
        plan.temp_files_swept,
        seconds,
    )


def _learn(
    planned: Sequence[Shard], config: WorkerConfig, options: BatchOptions, sink: ProgressSink | None
) -> LearnedChrome:
    if sink is not None:
        sink.started(Totals(len(planned), sum(s.size for s in planned), 0, phase="learn"))
    done = _execute("count", planned, config, options, sink)
    counts = _in_plan_order(planned, done)
    return learn_chrome(counts, options.chrome_min_documents, options.chrome_min_share)


def _in_plan_order(
    planned: Sequence[Shard], done: Iterable[tuple[Shard, SourceCounts]]
) -> Iterator[SourceCounts]:
    """Results as they finish, handed on in plan order (holding early finishers only as long as
    an earlier shard is still running), so the merge is the same on every executor."""
    waiting: dict[str, SourceCounts] = {}
    order = iter(planned)
    expected = next(order, None)
    for shard, counts in done:
        waiting[shard.relative] = counts
        while expected is not None and expected.relative in waiting:
            yield waiting.pop(expected.relative)
            expected = next(order, None)


def _finish(
    out: Path,
    results: tuple[ShardResult, ...],
    options: BatchOptions,
    fingerprint: str,
    chrome: LearnedChrome | None,
    swept: int,
    seconds: float,
) -> BatchSummary:
    total = sum((r.stats for r in results), ShardStats())
    errors_path = out / ERRORS_NAME
    with shards.atomic_file(errors_path) as handle:
        for result in results:
            for error in result.errors:
                handle.write(
                    json.dumps(error.to_json(), ensure_ascii=False).encode("utf-8") + b"\n"
                )
    samples = tuple(sample for r in results for sample in r.samples)
    summary = BatchSummary(
        out=out,
        stats=total,
        shards=results,
        seconds=seconds,
        stats_path=out / STATS_NAME,
        errors_path=errors_path,
        samples=samples,
        learned_sources=len(chrome.recurring) if chrome is not None else 0,
        temp_files_swept=swept,
    )
    report = {
        "textfix": __version__,
        "fingerprint": fingerprint,
        "options": {
            "jobs": options.workers,
            "executor": options.executor,
            "text_field": options.text_field,
            "id_field": options.id_field,
            "site_field": options.site_field,
            "learn_chrome": options.learn_chrome,
            "metadata_field": options.metadata_field,
        },
        "settings": settings_values(options.settings),
        "seconds": round(seconds, 3),
        "failed": summary.failed,
        "shards": {
            "total": len(results),
            "done": summary.shards_done,
            "skipped": summary.shards_skipped,
            "failed": summary.shards_failed,
        },
        "totals": total.to_json(),
        "learned_chrome": (
            {
                "sources": len(chrome.recurring),
                "lines": sum(len(v) for v in chrome.recurring.values()),
            }
            if chrome is not None
            else None
        ),
        "peak_rss_kb": summary.peak_rss_kb,
        "per_shard": [
            {"path": r.relative, "status": r.status, "message": r.message, **r.stats.to_json()}
            for r in results
        ],
    }
    shards.write_json_atomic(summary.stats_path, report)
    return summary
