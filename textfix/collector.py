"""The cyclic garbage collector, paused while rules run."""

from __future__ import annotations

import gc
from collections.abc import Iterator
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
