"""The Dask executor runs the same per-shard function: outputs byte-identical to jobs=1."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from textfix import Settings
from textfix.batch import BatchOptions, run_batch

distributed = pytest.importorskip("distributed")

NBSP = "\u00a0"


def _files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(("textfix-", ".")) and ".textfix" not in str(p)
    }


def test_dask_outputs_are_byte_identical_to_one_job(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "b").mkdir(parents=True)
    for i in range(3):
        lines = [
            json.dumps(
                {
                    "id": f"{i}-{j}",
                    "url": f"https://news.example.org/{i}/{j}",
                    "text": f"Menu | Home\nDoc{NBSP}{j} of shard {i}.  \nShare this\n",
                }
            )
            for j in range(5)
        ]
        (src / f"s{i}.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    (src / "b" / "page.txt").write_text(f"A{NBSP}page\n", encoding="utf-8")
    # Learned chrome too: the lines learnt must not depend on the order shards finish in.
    settings = Settings(select=("normalize", "chrome.learned"))
    serial = run_batch(
        [str(src)], tmp_path / "serial", BatchOptions(settings=settings, jobs=1, learn_chrome=True)
    )
    assert serial.stats.edits["chrome.learned"] == 30
    # In-process workers keep the test fast; the code path (scatter, submit, gather) is the same.
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        options = BatchOptions(
            settings=settings,
            executor="dask",
            scheduler=cluster.scheduler_address,
            learn_chrome=True,
        )
        dasked = run_batch([str(src)], tmp_path / "dask", options)
    assert dasked.shards_done == 4 and not dasked.failed
    assert dasked.stats.documents == serial.stats.documents == 16
    assert _files(tmp_path / "dask") == _files(tmp_path / "serial")


def test_dask_split_shard_is_byte_identical_to_one_job(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    lines = [
        json.dumps({"id": str(j), "text": f"Doc{NBSP}{j} here.  " if j % 3 else f"Clean {j}."})
        for j in range(120)
    ]
    lines[17] = "{broken"
    (src / "one.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    settings = Settings(select=("normalize",))
    serial = run_batch(
        [str(src)], tmp_path / "serial", BatchOptions(settings=settings, jobs=1, report_samples=4)
    )
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        options = BatchOptions(
            settings=settings,
            jobs=2,
            executor="dask",
            scheduler=cluster.scheduler_address,
            report_samples=4,
            split_bytes=0,
            split_min_part_bytes=1,
        )
        dasked = run_batch([str(src)], tmp_path / "dask", options)
    assert dasked.shards_done == 1 and dasked.stats.errors == serial.stats.errors == 1
    assert dasked.stats.edits == serial.stats.edits and dasked.samples == serial.samples
    assert _files(tmp_path / "dask") == _files(tmp_path / "serial")
    errors = "textfix-errors.jsonl"
    assert (tmp_path / "dask" / errors).read_bytes() == (tmp_path / "serial" / errors).read_bytes()
    assert not (tmp_path / "dask" / ".textfix-parts").exists()


def test_the_cluster_textfix_starts_runs_no_sampling_profiler() -> None:
    """A LocalCluster started for a run (no --scheduler) has no dashboard to read the workers'
    10 ms stack samples, which cost two workers on two cores a tenth of their CPU."""
    from contextlib import ExitStack

    import dask

    from textfix.dask_executor import _client

    with ExitStack() as stack:
        client = _client(BatchOptions(settings=Settings(), jobs=1, executor="dask"), stack)
        found = client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
        assert list(found.values()) == [False]
    assert dask.config.get("distributed.worker.profile.enabled") is True  # the caller's own
