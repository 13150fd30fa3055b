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


@contextmanager
def every(calls: int) -> Iterator[Callable[[], None]]:
    """Pause the collector for a long loop, and collect once every ``calls`` calls of the
    function it gives (one call per document).

    Left to itself, the collector runs after every few rule groups and walks every object the
    caches made since, about a tenth of a batch's time; collecting by documents instead costs
    a few full collections per thousand documents, and cyclic garbage still goes.
    """
    count = 0

    def done() -> None:
        nonlocal count
        count += 1
        if count % calls == 0:
            gc.collect()

    with paused():
        yield done
