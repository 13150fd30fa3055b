"""The cyclic garbage collector, paused while rules run."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic collector while rules build many small objects that hold no cycles.

    Every few hundred allocations trigger a collection, and the older generations' scans walk
    every object alive (the dictionaries, the caches, the analyses kept for the next pass):
    measured, that doubled the cost of the typos analysis on a long document and took about a
    tenth of the chrome and typos phases. Paused, it runs once when the rules are done.
    Nested uses leave it as the outermost found it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Of the periodic collections, one in this many is a full one.
FULL_EVERY = 10


@contextmanager
def every(calls: int) -> Iterator[Callable[[], None]]:
    """Pause the collector for a long loop, and collect once every ``calls`` calls of the
    function it gives (one call per document).

    Left to itself, the collector runs after every few rule groups and walks every object the
    caches made since, about a tenth of a batch's time; collecting by documents instead costs
    a few collections per thousand documents, and cyclic garbage still goes. Most of them are
    young collections: a document's cycles are made and dropped while it is cleaned, so they
    are among the objects made since the last collection, and only every ``FULL_EVERY``-th
    collection walks the caches that outlive the documents (a full one took 0.1 s in a warm
    worker, half a millisecond a document at one every 200).
    """
    count = 0

    def done() -> None:
        nonlocal count
        count += 1
        if count % calls == 0:
            gc.collect(2 if count % (calls * FULL_EVERY) == 0 else 1)

    with paused():
        yield done


def freeze_loaded() -> None:
    """Leave what is alive now (modules, loaded dictionaries, rule tables) out of every later
    collection: a worker calls this once it has loaded what it keeps to its end, so that the
    collections walk only what the documents make."""
    gc.collect()
    gc.freeze()
