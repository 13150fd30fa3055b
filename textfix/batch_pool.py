"""Run the per-shard function on a local process pool, one worker process per job.

Imported only when more than one job has more than one shard to clean, as ``dask_executor`` is
for ``executor="dask"``. Each worker gets the config once (the pool's initializer), loads the
dictionaries once, then cleans whole shards: a task is one shard, and what travels back is its
``ShardResult`` (counts, errors, report samples), never the text, which the worker writes
itself. A big shard can instead be split (``batch_split``): ``run_driver`` then runs its parts
as tasks, and a join task once they are all in. Progress comes back in small batched
messages on a queue the parent drains.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TYPE_CHECKING, Any

from textfix.batch import (
    ProgressSink,
    Shard,
    ShardProgress,
    Task,
    WorkerConfig,
    crashed_result,
    run_task,
    submission_order,
    warm_up,
)

if TYPE_CHECKING:
    from textfix.batch_split import CleanDriver, Unit

_POOL_STATE: dict[str, Any] = {}


def _pool_init(config: WorkerConfig, messages: Any, task: Task) -> None:
    _POOL_STATE["config"] = config
    _POOL_STATE["messages"] = messages
    if task == "clean":
        warm_up(config)


def _pool_call(task: Task, shard: Shard) -> Any:
    config: WorkerConfig = _POOL_STATE["config"]
    messages = _POOL_STATE["messages"]
    progress = ShardProgress(lambda d, b: messages.put((d, b)))
    return run_task(task, shard, config, progress)


def _pool_unit(unit: Unit) -> Any:
    from textfix.batch_split import run_unit

    config: WorkerConfig = _POOL_STATE["config"]
    messages = _POOL_STATE["messages"]
    progress = ShardProgress(lambda d, b: messages.put((d, b)))
    return run_unit(unit, config, progress)


def run_driver(
    driver: CleanDriver, config: WorkerConfig, jobs: int, sink: ProgressSink | None
) -> Iterator[tuple[Shard, Any]]:
    """Cleaning with split shards: parts and whole shards as tasks, each shard's join
    submitted once its parts are in, results as shards finish."""
    units = driver.initial()
    with _worker_pool(config, "clean", max(1, min(jobs, len(units)))) as (pool, messages):
        futures: dict[Future[Any], Unit] = {pool.submit(_pool_unit, u): u for u in units}
        pending: set[Future[Any]] = set(futures)
        yield from driver.take_finished()
        while pending:
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            _drain(messages, sink)
            for future in done:
                unit = futures.pop(future)
                try:
                    value = future.result()
                except Exception as error:  # a worker died (killed, out of memory)
                    ready = driver.crashed(unit, error)
                else:
                    ready = driver.completed(unit, value)
                for new in ready:
                    submitted = pool.submit(_pool_unit, new)
                    futures[submitted] = new
                    pending.add(submitted)
                yield from driver.take_finished()
        _drain(messages, sink)


def run(
    task: Task,
    todo: Sequence[Shard],
    config: WorkerConfig,
    jobs: int,
    sink: ProgressSink | None,
) -> Iterator[tuple[Shard, Any]]:
    with _worker_pool(config, task, min(jobs, len(todo))) as (pool, messages):
        futures: dict[Future[Any], Shard] = {
            pool.submit(_pool_call, task, shard): shard for shard in submission_order(task, todo)
        }
        pending: set[Future[Any]] = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            _drain(messages, sink)
            for future in done:
                shard = futures[future]
                try:
                    value = future.result()
                except Exception as error:  # a worker died (killed, out of memory)
                    value = crashed_result(task, shard, error)
                yield shard, value
        _drain(messages, sink)


@contextlib.contextmanager
def _worker_pool(
    config: WorkerConfig, task: Task, workers: int
) -> Iterator[tuple[ProcessPoolExecutor, Any]]:
    """A pool whose workers load the config once, and the queue they report progress on.

    On any exception, Ctrl-C included, the workers are interrupted before the pool shuts down:
    shutdown() forgets the worker processes, and a worker left running would keep writing.
    """
    # spawn: no inherited locks or threads, the same behaviour on Linux, macOS and Windows.
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_pool_init,
        initargs=(config, messages, task),
    )
    try:
        yield pool, messages
    except BaseException:
        _interrupt_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        messages.close()


def _interrupt_workers(pool: ProcessPoolExecutor) -> None:
    """Ctrl-C reaches workers through the terminal, but ``kill -INT`` of the parent does not:
    pass it on, so each worker drops its temp file and stops instead of finishing its shard.
    The pool keeps its processes in a private attribute; without it, shutdown simply waits."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if process.pid is not None and process.is_alive():
                os.kill(process.pid, signal.SIGINT)


def _drain(messages: Any, sink: ProgressSink | None) -> None:
    while True:
        try:
            documents, bytes_read = messages.get_nowait()
        except queue.Empty:
            return
        if sink is not None:
            sink.advanced(documents, bytes_read)
