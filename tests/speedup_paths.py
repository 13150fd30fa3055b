"""Running one call on both paths: with the compiled module, then with the plain Python code."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest

from textfix import speedups

T = TypeVar("T")

# For the tests that compare the two paths: nothing to compare where the module is not built.
needs_compiled = pytest.mark.skipif(speedups.compiled is None, reason="the C module is not built")


def compiled_and_plain(
    call: Callable[[], T], reset: Callable[[], None] | None = None
) -> tuple[T, T]:
    """``call()`` as the build made it, then with ``speedups.compiled`` set to None (restored
    after). ``reset`` empties the caches the call fills: before each run, and after."""
    compiled = speedups.compiled
    if reset is not None:
        reset()
    fast = call()
    speedups.compiled = None
    try:
        if reset is not None:
            reset()
        plain = call()
    finally:
        speedups.compiled = compiled
        if reset is not None:
            reset()
    return fast, plain
