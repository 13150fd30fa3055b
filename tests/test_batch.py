"""Batch runs: mirroring, JSONL records, resuming, failures, crashes, stats, learned chrome."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from textfix import Settings, batch, shards
from textfix.batch import BatchError, BatchOptions, ShardResult, Totals, run_batch
from textfix.model import DocumentContext, FixResult

FAST = Settings(select=("normalize",))
NBSP = "\u00a0"


def _options(**kwargs: Any) -> BatchOptions:
    values: dict[str, Any] = {"settings": FAST, "jobs": 1}
    values.update(kwargs)
    return BatchOptions(**values)


def _jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def _archive(root: Path) -> Path:
    src = root / "src"
    (src / "site" / "2024").mkdir(parents=True)
    (src / "notes.txt").write_text(f"Plain{NBSP}text.  \n", encoding="utf-8")
    records = [
        {"id": "r1", "url": "https://www.example.org/a", "text": f"One{NBSP}two.", "lang": "en"},
        {"id": "r2", "url": "https://www.example.org/b", "text": "Clean already.", "n": 2.5},
    ]
    (src / "site" / "2024" / "part-0.jsonl.gz").write_bytes(gzip.compress(_jsonl(records)))
    (src / "site" / "part-1.jsonl").write_bytes(_jsonl(records[::-1]))
    (src / "site" / "ignored.csv").write_text("a,b\n", encoding="utf-8")
    return src


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file()
        and not p.relative_to(out).as_posix().startswith(batch.DONE_DIR)
        and p.name not in (batch.STATS_NAME, batch.ERRORS_NAME)
    }


def _read_jsonl_gz(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]


def test_outputs_mirror_inputs_and_originals_stay_untouched(tmp_path: Path) -> None:
    src = _archive(tmp_path)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in src.rglob("*") if p.is_file()}
    summary = run_batch([str(src)], tmp_path / "out", _options())
    out = tmp_path / "out"
    assert set(_outputs(out)) == {"notes.txt", "site/2024/part-0.jsonl.gz", "site/part-1.jsonl"}
    assert (out / "notes.txt").read_text(encoding="utf-8") == "Plain text.\n"
    assert after_equal(before)
    assert summary.shards_done == 3 and not summary.failed
    assert summary.stats.documents == 5 and summary.stats.changed == 3


def after_equal(before: dict[Path, tuple[bytes, int]]) -> bool:
    return all((p.read_bytes(), p.stat().st_mtime_ns) == v for p, v in before.items())


def test_several_sources_and_globs_share_one_root(tmp_path: Path) -> None:
    src = _archive(tmp_path)
    out = tmp_path / "out"
    run_batch([str(src / "site"), str(src / "notes.txt")], out, _options())
    assert set(_outputs(out)) == {"notes.txt", "site/2024/part-0.jsonl.gz", "site/part-1.jsonl"}
    out2 = tmp_path / "out2"
    run_batch([str(src / "**" / "*.jsonl*")], out2, _options())
    assert set(_outputs(out2)) == {"site/2024/part-0.jsonl.gz", "site/part-1.jsonl"}
    with pytest.raises(BatchError, match="no such file"):
        run_batch([str(src / "missing")], tmp_path / "out3", _options())
    inner = src / "cleaned"  # an output folder inside the sources is never read as input
    run_batch([str(src)], inner, _options())
    assert run_batch([str(src)], inner, _options()).shards_skipped == 3


def test_jsonl_fields_are_kept_and_unchanged_records_are_byte_identical(tmp_path: Path) -> None:
    src = _archive(tmp_path)
    out = tmp_path / "out"
    run_batch([str(src)], out, _options(text_field="text"))
    records = _read_jsonl_gz(out / "site" / "2024" / "part-0.jsonl.gz")
    assert records == [
        {"id": "r1", "url": "https://www.example.org/a", "text": "One two.", "lang": "en"},
        {"id": "r2", "url": "https://www.example.org/b", "text": "Clean already.", "n": 2.5},
    ]
    original = (src / "site" / "part-1.jsonl").read_bytes().splitlines(keepends=True)
    cleaned = (out / "site" / "part-1.jsonl").read_bytes().splitlines(keepends=True)
    assert cleaned[0] == original[0]  # "Clean already." is written back untouched


def test_other_text_field(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(_jsonl([{"body": f"x{NBSP}y", "text": f"a{NBSP}b"}]))
    run_batch([str(tmp_path / "a.jsonl")], tmp_path / "out", _options(text_field="body"))
    line = json.loads((tmp_path / "out" / "a.jsonl").read_bytes())
    assert line == {"body": "x y", "text": f"a{NBSP}b"}


@dataclass
class Sink:
    totals: list[Totals] = field(default_factory=list)
    documents: int = 0
    bytes_read: int = 0
    finished: list[ShardResult] = field(default_factory=list)

    def started(self, totals: Totals) -> None:
        self.totals.append(totals)

    def advanced(self, documents: int, bytes_read: int) -> None:
        self.documents += documents
        self.bytes_read += bytes_read

    def shard_finished(self, result: ShardResult) -> None:
        self.finished.append(result)


def test_rerun_skips_finished_shards_and_redoes_changed_ones(tmp_path: Path) -> None:
    src = _archive(tmp_path)
    out = tmp_path / "out"
    first = Sink()
    run_batch([str(src)], out, _options(), first)
    assert first.totals[0].shards == 3 and first.documents == 5
    assert first.bytes_read == first.totals[0].bytes

    again = Sink()
    summary = run_batch([str(src)], out, _options(), again)
    assert summary.shards_skipped == 3 and again.totals[0].shards == 0
    assert summary.stats.documents == 5  # totals still cover the whole archive

    os.utime(src / "notes.txt")  # touched, same bytes: hashed, still finished
    assert run_batch([str(src)], out, _options()).shards_skipped == 3

    (src / "notes.txt").write_text(f"New{NBSP}text\n", encoding="utf-8")
    summary = run_batch([str(src)], out, _options())
    assert [s.relative for s in summary.shards if s.status == "done"] == ["notes.txt"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "New text\n"

    (out / "site" / "part-1.jsonl").unlink()  # a lost output is made again
    summary = run_batch([str(src)], out, _options())
    assert [s.relative for s in summary.shards if s.status == "done"] == ["site/part-1.jsonl"]

    other = Settings(select=("normalize",), ignore=("normalize.spaces",))
    assert run_batch([str(src)], out, _options(settings=other)).shards_done == 3
    assert run_batch([str(src)], out, _options(settings=other, force=True)).shards_done == 3


def test_failing_record_is_logged_counted_and_written_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch.fix_text

    def flaky(
        text: str, settings: Settings | None = None, context: DocumentContext | None = None
    ) -> FixResult:
        if "BOOM" in text:
            raise RuntimeError("rule crashed")
        return real(text, settings, context)

    monkeypatch.setattr(batch, "fix_text", flaky)
    records = [
        {"id": "a", "text": f"x{NBSP}1"},
        {"id": "b", "text": f"BOOM{NBSP}2"},
        {"id": "c", "text": f"x{NBSP}3"},
    ]
    raw = _jsonl(records) + b"{broken\n"
    (tmp_path / "in.jsonl").write_bytes(raw)
    out = tmp_path / "out"
    summary = run_batch([str(tmp_path / "in.jsonl")], out, _options())
    assert summary.failed and summary.stats.errors == 2 and summary.stats.changed == 2
    lines = (out / "in.jsonl").read_bytes().splitlines(keepends=True)
    assert lines[1] == raw.splitlines(keepends=True)[1] and lines[3] == b"{broken\n"
    assert json.loads(lines[2])["text"] == "x 3"
    errors = [json.loads(x) for x in (out / batch.ERRORS_NAME).read_text().splitlines()]
    assert errors[0] == {
        "shard": "in.jsonl",
        "line": 2,
        "id": "b",
        "error": "RuntimeError: rule crashed",
    }
    assert errors[1]["line"] == 4 and errors[1]["error"].startswith("invalid JSON")
    # The errors are remembered: a rerun that skips the shard still reports them.
    monkeypatch.setattr(batch, "fix_text", real)
    rerun = run_batch([str(tmp_path / "in.jsonl")], out, _options())
    assert rerun.shards_skipped == 1 and rerun.stats.errors == 2 and rerun.failed
    retried = run_batch([str(tmp_path / "in.jsonl")], out, _options(retry_failed=True))
    assert retried.shards_done == 1 and retried.stats.errors == 1


def test_crash_mid_write_leaves_no_partial_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch.fix_text

    def interrupted(
        text: str, settings: Settings | None = None, context: DocumentContext | None = None
    ) -> FixResult:
        if "third" in text:
            raise KeyboardInterrupt  # what Ctrl-C raises in the middle of a shard
        return real(text, settings, context)

    (tmp_path / "in.jsonl.gz").write_bytes(
        gzip.compress(_jsonl([{"text": f"first{NBSP}"}, {"text": "second"}, {"text": "third"}]))
    )
    out = tmp_path / "out"
    monkeypatch.setattr(batch, "fix_text", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_batch([str(tmp_path / "in.jsonl.gz")], out, _options())
    left = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert left == []
    # A kill -9 leaves a temp file; the next run sweeps it and finishes the shard.
    (out / f".in.jsonl.gz{shards.TEMP_MARKER}dead.part").write_bytes(b"partial")
    monkeypatch.setattr(batch, "fix_text", real)
    summary = run_batch([str(tmp_path / "in.jsonl.gz")], out, _options())
    assert summary.temp_files_swept == 1 and summary.shards_done == 1
    assert len(_read_jsonl_gz(out / "in.jsonl.gz")) == 3


def test_corrupt_shard_fails_alone(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl.gz").write_bytes(gzip.compress(_jsonl([{"text": "x"}]))[:-12])
    (tmp_path / "good.jsonl").write_bytes(_jsonl([{"text": f"a{NBSP}b"}]))
    out = tmp_path / "out"
    summary = run_batch([str(tmp_path)], out, _options())
    status = {s.relative: s.status for s in summary.shards}
    assert status == {"bad.jsonl.gz": "failed", "good.jsonl": "done"}
    assert summary.failed and not (out / "bad.jsonl.gz").exists()
    assert not batch.marker_path(out, "bad.jsonl.gz").exists()
    errors = (out / batch.ERRORS_NAME).read_text()
    assert '"shard": "bad.jsonl.gz", "line": null' in errors


def test_stats_file(tmp_path: Path) -> None:
    src = _archive(tmp_path)
    out = tmp_path / "out"
    summary = run_batch([str(src)], out, _options())
    stats = json.loads((out / batch.STATS_NAME).read_text(encoding="utf-8"))
    totals = stats["totals"]
    assert totals["documents"] == 5 and totals["changed"] == 3 and totals["errors"] == 0
    assert totals["edits"]["normalize.spaces"] == 3
    assert totals["documents_by_rule"]["normalize.spaces"] == 3
    files = [p for p in src.rglob("*") if p.is_file() and p.suffix != ".csv"]
    assert totals["bytes_in"] == sum(p.stat().st_size for p in files)
    assert totals["bytes_out"] == sum(len(v) for v in _outputs(out).values())
    assert totals["suggestions"] == 0 and totals["seconds"] >= 0
    assert stats["shards"] == {"total": 3, "done": 3, "skipped": 0, "failed": 0}
    assert stats["failed"] is False and stats["fingerprint"]
    assert [s["path"] for s in stats["per_shard"]] == [s.relative for s in summary.shards]


def test_process_pool_output_is_byte_identical_to_one_job(tmp_path: Path) -> None:
    src = _archive(tmp_path)
    run_batch([str(src)], tmp_path / "one", _options(jobs=1))
    sink = Sink()
    pooled = run_batch([str(src)], tmp_path / "two", _options(jobs=2), sink)
    assert pooled.shards_done == 3 and pooled.peak_rss_kb > 0
    # Progress from the workers arrives through a queue, all of it, in the caller's thread.
    assert sink.documents == 5 and sink.bytes_read == sink.totals[0].bytes
    assert len(sink.finished) == 3
    assert _outputs(tmp_path / "one") == _outputs(tmp_path / "two")


def test_learned_chrome_removes_lines_recurring_across_a_source(tmp_path: Path) -> None:
    records = [
        {
            "id": str(i),
            "url": f"https://news.example.com/{i}",
            "text": f"Headline {i}\nShare on Facebook\nStory {i} goes here, unique.\n"
            "Subscribe to our newsletter\n",
        }
        for i in range(6)
    ]
    records.append({"id": "x", "url": "https://other.org/1", "text": "Share on Facebook\nMine."})
    (tmp_path / "a.jsonl").write_bytes(_jsonl(records))
    options = _options(
        settings=Settings(select=("normalize", batch.LEARNED_RULE)),
        learn_chrome=True,
        chrome_min_documents=3,
        chrome_min_share=0.5,
    )
    summary = run_batch([str(tmp_path / "a.jsonl")], tmp_path / "out", options)
    cleaned = [json.loads(x) for x in (tmp_path / "out" / "a.jsonl").read_bytes().splitlines()]
    assert cleaned[0]["text"] == "Headline 0\nStory 0 goes here, unique.\n"
    assert cleaned[-1]["text"] == "Share on Facebook\nMine."  # another source: untouched
    assert summary.stats.edits[batch.LEARNED_RULE] == 12 and summary.learned_sources == 1
    plain = run_batch([str(tmp_path / "a.jsonl")], tmp_path / "plain", _options())
    assert batch.LEARNED_RULE not in plain.stats.edits


def test_document_source() -> None:
    def record(payload: dict[str, Any]) -> shards.Record:
        return shards.Record(1, b"", "t", payload)

    assert batch.document_source(record({"url": "https://www.A.org/x"}), "s", None) == "a.org"
    assert batch.document_source(record({"site": "s1", "url": "http://b"}), "s", "site") == "s1"
    assert batch.document_source(record({}), "s", None) is None
    text = shards.Record(1, b"", "t")
    assert batch.document_source(text, "sites/a.org/1.txt", None) == "sites/a.org"


def test_another_scheduler_can_drive_the_per_shard_function(tmp_path: Path) -> None:
    # The Ray/Spark recipe: prepare, map process_shard over plan.todo anywhere, finish.
    src = _archive(tmp_path)
    plan = batch.prepare_batch([str(src)], tmp_path / "out", _options())
    results = [batch.process_shard(shard, plan.config) for shard in plan.todo]
    summary = batch.finish_batch(plan, results)
    run_batch([str(src)], tmp_path / "ref", _options())
    assert summary.shards_done == 3 and summary.stats.documents == 5
    assert _outputs(tmp_path / "out") == _outputs(tmp_path / "ref")
    assert json.loads((tmp_path / "out" / batch.STATS_NAME).read_text())["shards"]["done"] == 3


def test_metadata_field_keeps_what_the_rules_learnt(tmp_path: Path) -> None:
    text = "The committee met on Tuesday and agreed the budget for the next year.\n"
    (tmp_path / "a.jsonl").write_bytes(_jsonl([{"id": 1, "text": text}]))
    options = _options(metadata_field="textfix")
    run_batch([str(tmp_path / "a.jsonl")], tmp_path / "out", options)
    record = json.loads((tmp_path / "out" / "a.jsonl").read_bytes())
    assert record["text"] == text and record["textfix"]["language"] == "en"
    plain = run_batch([str(tmp_path / "a.jsonl")], tmp_path / "out", _options())
    assert plain.shards_done == 1  # another output: the marker does not match


def test_learning_keeps_frequent_lines_when_memory_bounds_prune(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(batch, "MAX_COUNTED", 10)
    chrome_key, rare = batch.line_key("Share  this "), [batch.line_key(f"x{i}") for i in range(30)]
    parts = [
        batch.SourceCounts({"a.org": 4}, {"a.org": {chrome_key: 4, **dict.fromkeys(rare, 1)}})
        for _ in range(3)
    ]
    learned = batch.learn_chrome(parts, min_documents=3, min_share=0.5)
    assert learned.recurring == {"a.org": {chrome_key: 12}}
    assert learned.documents == {"a.org": 12}
    assert batch.line_key("Share this") == chrome_key  # whitespace does not matter


def test_zstandard_shards_round_trip(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    data = _jsonl([{"id": i, "text": f"Doc{NBSP}{i}"} for i in range(3)])
    (tmp_path / "a.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    summary = run_batch([str(tmp_path / "a.jsonl.zst")], tmp_path / "out", _options())
    assert summary.stats.changed == 3
    cleaned = zstandard.ZstdDecompressor().stream_reader(
        (tmp_path / "out" / "a.jsonl.zst").open("rb")
    )
    texts = [json.loads(line)["text"] for line in cleaned.read().splitlines()]
    assert texts == ["Doc 0", "Doc 1", "Doc 2"]


_INTERRUPTED_RUN = """
import sys, time
from pathlib import Path
from textfix import Settings, fix_text
from textfix.batch import BatchOptions, run_batch

def slow(text, settings, context):
    time.sleep(0.05)
    return fix_text(text, settings)

class Sink:
    said = False
    def started(self, totals): pass
    def shard_finished(self, result): pass
    def advanced(self, documents, bytes_read):
        if documents and not self.said:
            print("working", flush=True)
            self.said = True

if __name__ == "__main__":
    options = BatchOptions(settings=Settings(select=("normalize",)), jobs=2)
    run_batch([sys.argv[1]], Path(sys.argv[2]), options, Sink(), fixer=slow)
"""


def test_interrupt_stops_pool_workers_and_leaves_no_partial_output(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(2):
        records = [{"text": f"doc{NBSP}{j}"} for j in range(400)]
        (src / f"s{i}.jsonl.gz").write_bytes(gzip.compress(_jsonl(records)))
    script = tmp_path / "run.py"
    script.write_text(_INTERRUPTED_RUN, encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    child = subprocess.Popen(
        [sys.executable, str(script), str(src), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        # A shell may start background jobs with SIGINT ignored; the child must get it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "working\n"
    child.send_signal(signal.SIGINT)
    started = time.monotonic()
    assert child.wait(timeout=30) != 0
    assert time.monotonic() - started < 10  # workers stopped, not left to finish their shards
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_corrupt_compressed_data_fails_the_shard_only(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(_jsonl([{"text": f"x{NBSP}{i}"} for i in range(50)])))
    data[30:40] = b"\x00" * 10  # damaged deflate data: zlib.error, not OSError
    (tmp_path / "bad.jsonl.gz").write_bytes(bytes(data))
    (tmp_path / "good.txt").write_text("fine\n", encoding="utf-8")
    summary = run_batch([str(tmp_path)], tmp_path / "out", _options())
    assert {s.relative: s.status for s in summary.shards} == {
        "bad.jsonl.gz": "failed",
        "good.txt": "done",
    }


# ---------------------------------------------------------------------------------------------
# Split shards: one big shard cleaned by several workers


SPLIT = {"split_bytes": 0, "split_min_part_bytes": 1}


def _big_shard(path: Path, count: int = 150) -> None:
    """Records that change, records that do not, and every kind of bad line, with a BOM first,
    CRLF endings on some lines and no final newline."""
    lines = []
    for i in range(count):
        if i % 37 == 5:
            lines.append(b"{not json\n")
        elif i % 41 == 7:
            lines.append(b'{"id": "nt", "body": "no text field"}\n')
        elif i % 29 == 3:
            lines.append(b"\n")
        else:
            text = f"Doc{NBSP}{i} here.  " if i % 3 else f"Clean {i}."
            ending = "\r\n" if i % 11 == 0 else "\n"
            lines.append((json.dumps({"id": f"r{i}", "text": text}) + ending).encode("utf-8"))
    data = b"\xef\xbb\xbf" + b"".join(lines).rstrip(b"\n")
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


def _timeless(value: Any) -> Any:
    """A stats or marker document without the timings and memory figures."""
    if isinstance(value, dict):
        skip = {"seconds", "cpu_seconds", "peak_rss_kb", "jobs", "mtime_ns"}
        return {k: _timeless(v) for k, v in value.items() if k not in skip}
    if isinstance(value, list):
        return [_timeless(v) for v in value]
    return value


def _run_record(out: Path) -> dict[str, Any]:
    markers = {
        p.relative_to(out).as_posix(): _timeless(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted((out / batch.DONE_DIR).rglob("*.json"))
    }
    stats = _timeless(json.loads((out / batch.STATS_NAME).read_text(encoding="utf-8")))
    return {
        "outputs": _outputs(out),
        "errors": (out / batch.ERRORS_NAME).read_bytes(),
        "markers": markers,
        "stats": {k: stats[k] for k in ("totals", "per_shard", "failed", "shards")},
    }


def test_plan_splits_only_large_jsonl_or_when_workers_would_idle(tmp_path: Path) -> None:
    from textfix.batch_split import plan_splits

    def shard(name: str, size: int) -> batch.Shard:
        return batch.Shard(tmp_path / name, name, size, 0)

    big, small = shard("big.jsonl.gz", 3_000_000), shard("small.jsonl", 100_000)
    text = shard("page.txt", 50_000_000)
    options = _options(jobs=4)
    # Large (12 MB of JSONL estimated) is split, even with other shards to do; text never is.
    assert plan_splits([big, small, text, shard("x.jsonl", 1), shard("y.jsonl", 1)], options) == {
        "big.jsonl.gz": 4
    }
    assert plan_splits([small], options) == {}  # 100 kB: parts would be too small
    # Under split_bytes, but most of the run: the other workers would wait for it.
    mid, tiny = shard("mid.jsonl", 4_000_000), shard("tiny.jsonl", 100_000)
    assert plan_splits([mid, tiny, tiny, tiny], _options(jobs=2)) == {"mid.jsonl": 2}
    assert plan_splits([mid, mid, mid, tiny], _options(jobs=2)) == {}
    # Fewer shards than workers: a small one is split too, into parts of a minimum size.
    assert plan_splits([small], _options(jobs=4, split_min_part_bytes=40_000)) == {"small.jsonl": 2}
    assert plan_splits([big], _options(jobs=1)) == {}
    assert plan_splits([big], _options(jobs=4, split_bytes=None)) == {}


@pytest.mark.parametrize(("name", "block"), [("big.jsonl.gz", 1), ("big.jsonl", 7)])
def test_split_shard_on_the_pool_is_identical_to_one_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, block: int
) -> None:
    from textfix import batch_split

    monkeypatch.setattr(batch_split, "BLOCK_RECORDS", block)  # parts carry it to the workers
    src = tmp_path / "src"
    src.mkdir()
    _big_shard(src / name)
    (src / "small.txt").write_text(f"A{NBSP}page\n", encoding="utf-8")
    run_batch([str(src)], tmp_path / "one", _options(jobs=1, report_samples=5))
    sink = Sink()
    split = run_batch(
        [str(src)], tmp_path / "two", _options(jobs=2, report_samples=5, **SPLIT), sink
    )
    one = run_batch([str(src)], tmp_path / "one", _options(jobs=1, report_samples=5, force=True))
    assert split.shards_done == 2 and split.stats.errors == one.stats.errors > 0
    assert _run_record(tmp_path / "two") == _run_record(tmp_path / "one")
    assert split.samples == one.samples and len(split.samples) == 6
    assert split.stats.edits == one.stats.edits and split.stats.text_bytes == one.stats.text_bytes
    # Progress: every document once, and exactly the bytes of the files.
    assert sink.documents == one.stats.documents and sink.bytes_read == sink.totals[0].bytes
    assert not (tmp_path / "two" / batch.PARTS_DIR).exists()
    # The marker is the same as an unsplit run's: a rerun without splitting skips the shard.
    assert run_batch([str(src)], tmp_path / "two", _options(jobs=1)).shards_skipped == 2


def test_split_keeps_learned_chrome(tmp_path: Path) -> None:
    records = [
        {
            "id": str(i),
            "url": f"https://news.example.com/{i}",
            "text": f"Headline {i}\nShare on Facebook\nStory{NBSP}{i} goes here.\n",
        }
        for i in range(80)
    ]
    (tmp_path / "a.jsonl").write_bytes(_jsonl(records))
    settings = Settings(select=("normalize", batch.LEARNED_RULE))
    options = {"settings": settings, "learn_chrome": True, "report_samples": 3}
    one = run_batch([str(tmp_path / "a.jsonl")], tmp_path / "one", _options(jobs=1, **options))
    two = run_batch(
        [str(tmp_path / "a.jsonl")], tmp_path / "two", _options(jobs=2, **options, **SPLIT)
    )
    assert one.stats.edits[batch.LEARNED_RULE] == 80
    assert _run_record(tmp_path / "two") == _run_record(tmp_path / "one")
    assert two.samples == one.samples


def test_split_reuses_finished_parts_after_a_kill(tmp_path: Path) -> None:
    from textfix import batch_split

    src = tmp_path / "big.jsonl.gz"
    _big_shard(src)
    out = tmp_path / "out"
    options = _options(jobs=2, **SPLIT)
    plan = batch.prepare_batch([str(src)], out, options)
    driver = batch_split.CleanDriver(plan.todo, plan.config, options, None)
    units = driver.initial()
    assert [type(u).__name__ for u in units] == ["Part", "Part"]
    # Part 0 finished, then the run was killed while part 1 was being written.
    first = batch_split.run_unit(units[0], plan.config, None)
    assert first.ok and first.part_size > 0
    temp = units[1].path(out).with_name("." + units[1].path(out).name + shards.TEMP_MARKER + "x")
    temp.write_bytes(b"half")
    (batch_split.parts_folder(out, "big.jsonl.gz") / "0123456789abcdef-0of3.gz").write_bytes(b"old")
    assert not (out / "big.jsonl.gz").exists()

    # Mark part 0's output, to see that the rerun joins it instead of cleaning its lines again.
    part0 = units[0].path(out)
    marked = gzip.decompress(part0.read_bytes()).replace(b"Doc 2 here.", b"Doc 2 reused.")
    part0.write_bytes(gzip.compress(marked))
    meta = json.loads(units[0].meta_path(out).read_text(encoding="utf-8"))
    meta["part_size"] = part0.stat().st_size
    units[0].meta_path(out).write_text(json.dumps(meta), encoding="utf-8")

    sink = Sink()
    summary = run_batch([str(src)], out, options, sink)
    assert summary.shards_done == 1 and summary.temp_files_swept == 1
    assert sink.documents == summary.stats.documents and sink.bytes_read == sink.totals[0].bytes
    assert not (out / batch.PARTS_DIR).exists()
    one = run_batch([str(src)], tmp_path / "one", _options(jobs=1))
    output = gzip.decompress((out / "big.jsonl.gz").read_bytes())
    assert b"Doc 2 reused." in output
    (out / "big.jsonl.gz").write_bytes(gzip.compress(output.replace(b"2 reused.", b"2 here.")))
    expected = gzip.decompress((tmp_path / "one" / "big.jsonl.gz").read_bytes())
    assert gzip.decompress((out / "big.jsonl.gz").read_bytes()) == expected
    timeless = {"seconds": 0.0, "cpu_seconds": 0.0, "bytes_out": 0}
    assert replace(summary.stats, **timeless) == replace(one.stats, **timeless)
    assert summary.shards[0].errors == one.shards[0].errors


def test_split_shard_that_cannot_be_read_fails_alone(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(_jsonl([{"text": f"x{NBSP}{i}"} for i in range(500)])))
    data[60:70] = b"\x00" * 10
    (tmp_path / "bad.jsonl.gz").write_bytes(bytes(data))
    summary = run_batch(
        [str(tmp_path / "bad.jsonl.gz")], tmp_path / "out", _options(jobs=2, **SPLIT)
    )
    (result,) = summary.shards
    assert result.status == "failed" and summary.failed and result.errors[0].line is None
    out = tmp_path / "out"
    assert not (out / "bad.jsonl.gz").exists() and not (out / batch.PARTS_DIR).exists()


def test_interrupted_split_shard_leaves_no_output_and_a_rerun_finishes_it(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    records = [{"id": str(j), "text": f"doc{NBSP}{j}"} for j in range(800)]
    (src / "one.jsonl.gz").write_bytes(gzip.compress(_jsonl(records)))
    script = tmp_path / "run.py"
    split = "jobs=2, split_bytes=0, split_min_part_bytes=1"
    script.write_text(_INTERRUPTED_RUN.replace("jobs=2", split), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    child = subprocess.Popen(
        [sys.executable, str(script), str(src), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "working\n"
    child.send_signal(signal.SIGINT)
    assert child.wait(timeout=30) != 0
    left = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    # Nothing but finished parts in the hidden parts folder (none, if the kill came first).
    assert all(p.startswith(batch.PARTS_DIR + "/one.jsonl.gz/") for p in left), left
    assert all(shards.TEMP_MARKER not in p for p in left), left
    summary = run_batch([str(src)], out, _options(jobs=2, **SPLIT))
    assert summary.shards_done == 1 and summary.stats.documents == 800
    run_batch([str(src)], tmp_path / "one", _options(jobs=1))
    assert _outputs(out) == _outputs(tmp_path / "one")
    assert not (out / batch.PARTS_DIR).exists()


def test_join_interleaves_blocks_and_refuses_parts_that_do_not_line_up(tmp_path: Path) -> None:
    from textfix import batch_split

    def readers(*parts: bytes) -> list[gzip.GzipFile]:
        return [gzip.GzipFile(fileobj=io.BytesIO(gzip.compress(p))) for p in parts]

    sink = io.BytesIO()
    batch_split._interleave(readers(b"1\n2\n5\n6\n", b"3\n4\n7"), 2, sink)
    assert sink.getvalue() == b"1\n2\n3\n4\n5\n6\n7"
    with pytest.raises(shards.ShardError):
        batch_split._interleave(readers(b"1\n", b"2\n3\n"), 1, io.BytesIO())
