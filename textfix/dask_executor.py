"""Run the per-shard function on a Dask cluster (the optional ``textfix[dask]`` extra).

Imported only when ``executor="dask"``. Each task is the very function ``jobs=1`` runs, so the
outputs are byte-identical; the worker config is scattered once to every worker, and each worker
process loads the dictionaries once (``batch.warm_up`` remembers it did).

On a real cluster: install the same textfix version (with ``[dask]``) on every worker, put the
inputs and ``out`` on a filesystem every worker sees at the same path (workers read the inputs
and write the outputs and markers themselves; only small results travel back), start workers
with one thread each (``dask worker ADDRESS --nthreads 1 --nworkers N``: the rules are pure
Python) and pass ``scheduler="tcp://host:8786"``.

With Ray or Spark instead, drive the same per-shard function::

    from textfix.batch import prepare_batch, process_shard, finish_batch
    plan = prepare_batch(sources, out, options)        # plans, sweeps, learns chrome if asked

    # Ray
    task = ray.remote(lambda shard, config: process_shard(shard, config))
    config = ray.put(plan.config)
    results = ray.get([task.remote(shard, config) for shard in plan.todo])

    # Spark
    config = spark.sparkContext.broadcast(plan.config)
    results = (spark.sparkContext.parallelize(plan.todo, len(plan.todo))
               .map(lambda shard: process_shard(shard, config.value)).collect())

    summary = finish_batch(plan, results)                # stats and errors files, summary

That cleans each shard whole. To spread a big shard over several workers as ``run_driver``
does, drive ``batch_split.CleanDriver(plan.todo, plan.config, options, None)`` instead: run
``batch_split.run_unit(unit, config, None)`` for each unit from ``initial()``, hand each value
to ``completed(unit, value)``, run the units it returns (a shard's join), and collect
``take_finished()``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from textfix.batch import (
    BatchError,
    Shard,
    Task,
    WorkerConfig,
    crashed_result,
    run_task,
    submission_order,
)

if TYPE_CHECKING:
    from textfix.batch import BatchOptions, ProgressSink
    from textfix.batch_split import CleanDriver, Unit


def _distributed() -> Any:
    """dask.distributed, imported by name: it is optional, and untyped for mypy."""
    try:
        return importlib.import_module("distributed")
    except ImportError as error:
        raise BatchError(
            "the dask executor needs dask and distributed: pip install 'textfix[dask]'"
        ) from error


def _client(options: BatchOptions, stack: ExitStack) -> Any:
    distributed = _distributed()
    if options.scheduler:
        return stack.enter_context(distributed.Client(options.scheduler))
    # One single-threaded worker process per job: the rules are pure Python, so threads would
    # only fight over the GIL, and a process per worker keeps the memory figure per worker.
    # Without the dashboard, the workers' sampling profiler (a stack walk every 10 ms) has no
    # reader: switched off, it leaves its CPU time to the cleaning.
    with importlib.import_module("dask").config.set({"distributed.worker.profile.enabled": False}):
        cluster = stack.enter_context(
            distributed.LocalCluster(
                n_workers=options.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
        )
    return stack.enter_context(distributed.Client(cluster))


def _connect(
    client: Any, options: BatchOptions, config: WorkerConfig, stack: ExitStack
) -> tuple[Any, Any]:
    """The client (the caller's, or one opened for this run) and the config sent once to every
    worker, so a task carries a reference instead of the settings."""
    if client is None:
        client = _client(options, stack)
    return client, client.scatter(config, broadcast=True)


def _call(task: Task, shard: Shard, config: WorkerConfig) -> Any:
    return run_task(task, shard, config, None)


def _call_unit(unit: Unit, config: WorkerConfig) -> Any:
    from textfix.batch_split import run_unit

    return run_unit(unit, config, None)


def run_driver(
    driver: CleanDriver,
    config: WorkerConfig,
    options: BatchOptions,
    sink: ProgressSink | None,
    client: Any = None,
) -> Iterator[tuple[Shard, Any]]:
    """Cleaning with split shards: parts and whole shards as tasks, a shard's join submitted
    once its parts are in (it runs on a worker: workers, not the client, see the files)."""
    as_completed = _distributed().as_completed
    with ExitStack() as stack:
        client, shared = _connect(client, options, config, stack)
        futures = {
            client.submit(_call_unit, unit, shared, pure=False): unit for unit in driver.initial()
        }
        yield from driver.take_finished()
        running = as_completed(list(futures))
        for future in running:
            unit = futures.pop(future)
            try:
                value = future.result()
            except Exception as error:
                ready = driver.crashed(unit, error)
            else:
                ready = driver.completed(unit, value)
                if sink is not None:
                    sink.advanced(*driver.progress_of(unit, value))
            for new in ready:
                submitted = client.submit(_call_unit, new, shared, pure=False)
                futures[submitted] = new
                running.add(submitted)
            yield from driver.take_finished()


def run(
    task: Task,
    todo: Sequence[Shard],
    config: WorkerConfig,
    options: BatchOptions,
    sink: ProgressSink | None,
    client: Any = None,
) -> Iterator[tuple[Shard, Any]]:
    """Results as shards finish; progress advances a whole shard at a time.

    ``client`` lets a caller (or a test) bring its own ``distributed.Client``.
    """
    as_completed = _distributed().as_completed
    with ExitStack() as stack:
        client, shared = _connect(client, options, config, stack)
        futures = {
            client.submit(_call, task, shard, shared, pure=False): shard
            for shard in submission_order(task, todo)
        }
        for future in as_completed(futures):
            shard = futures[future]
            try:
                value = future.result()
            except Exception as error:  # a worker died or the task could not be shipped
                value = crashed_result(task, shard, error)
            if sink is not None:
                stats = getattr(value, "stats", None)
                documents = stats.documents if stats is not None else 0
                sink.advanced(documents, shard.size)
            yield shard, value
