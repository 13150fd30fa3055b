"""collector: the cyclic collector paused for rule groups and for long batch loops."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from textfix import collector


@pytest.fixture
def collections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Each explicit gc.collect() call, recorded instead of run."""
    calls: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: calls.append(generation) or 0)
    yield calls


def test_paused_restores_the_state_it_found() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause leaves it as the outer one set it
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_every_collects_once_per_so_many_documents(collections: list[int]) -> None:
    with collector.every(3) as done:
        assert not gc.isenabled()
        for _ in range(7):
            done()
    assert collections == [1, 1]  # after the 3rd and the 6th document, young collections
    assert gc.isenabled()


def test_every_tenth_collection_is_a_full_one(collections: list[int]) -> None:
    with collector.every(2) as done:
        for _ in range(2 * 2 * collector.FULL_EVERY):
            done()
    full = collector.FULL_EVERY
    assert collections == ([1] * (full - 1) + [2]) * 2


def test_freeze_loaded_leaves_live_objects_out_of_later_collections() -> None:
    kept = [[n] for n in range(1000)]
    try:
        collector.freeze_loaded()
        assert gc.get_freeze_count() >= len(kept)
        assert not any(item is kept for item in gc.get_objects())
    finally:
        gc.unfreeze()


def test_every_reenables_the_collector_after_an_error(collections: list[int]) -> None:
    with pytest.raises(RuntimeError), collector.every(2) as done:
        done()
        raise RuntimeError("a shard failed")
    assert gc.isenabled()
    assert collections == []


def test_cyclic_garbage_made_while_paused_is_freed_by_the_periodic_collection() -> None:
    class Node:
        partner: object = None

    freed = 0

    def count(_: object) -> None:
        nonlocal freed
        freed += 1

    with collector.every(2) as done:
        refs = []
        for _ in range(2):
            a, b = Node(), Node()
            a.partner, b.partner = b, a  # a cycle: only the collector frees it
            refs.append(weakref.ref(a, count))
            del a, b
        assert all(ref() is not None for ref in refs)  # paused: the cycles are still there
        done()
        done()  # the second document: a collection of the young objects
        assert all(ref() is None for ref in refs)
    assert freed == 2
