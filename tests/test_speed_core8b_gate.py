"""The ftfy gate's pair test read from the runs of marked characters, and from the one
pattern for every pair, answers as one search per pair does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.rules import normalize


def _alphabet() -> list[str]:
    gate = normalize._gate()
    if gate is None:
        return ["a"]
    chars = {c for chars in gate.sets for c in sorted(chars)[:3]}
    return sorted(chars | set("a .’“”–é"))


ALPHABET = _alphabet()


def _by_pair_search(line: str, seen: int) -> bool:
    gate = normalize._gate()
    assert gate is not None
    for need, first, second in gate.branches:
        if seen & need == need and (first < 0 or gate.has_pair(line, first, second)):
            return True
    return False


@pytest.mark.skipif(normalize._gate() is None, reason="this ftfy's detector is not read")
@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=20), st.integers(min_value=1, max_value=300))
def test_runs_and_the_one_pattern_answer_as_a_search_per_pair(line: str, repeat: int) -> None:
    gate = normalize._gate()
    assert gate is not None
    # Repeated, some lines have more marked characters side by side than are read in Python.
    for text in (line, line * repeat):
        runs = gate.marked_re.findall(text)
        assert "".join(runs) == "".join(c for c in text if gate.marked_re.match(c))
        seen = gate.seen(set("".join(runs)))
        expected = _by_pair_search(text, seen)
        assert gate.any_branch(text, seen) == expected
        assert gate.branch_in_runs(text, runs, seen) == expected
