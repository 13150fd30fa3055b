"""The ftfy gate read with one regex per line gives the answers of its plain definition: each
set's characters hashed from the line, and one search per branch's pair."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from textfix.rules import normalize


def _plain_may_change(line: str) -> bool:
    """_ftfy_may_change as it was first written."""
    if line.isascii():
        return "\x1b" in line
    if normalize._ALWAYS_RE.search(line) or not unicodedata.is_normalized("NFC", line):
        return True
    gate = normalize._gate()
    if gate is None or not gate.ligatures.isdisjoint(line):
        return True
    seen = 0
    for char in gate.chars.intersection(line):
        seen |= gate.masks[char]
    if not seen:
        return False
    for need, first, second in gate.branches:
        if seen & need != need:
            continue
        if first < 0 or gate.has_pair(line, first, second):
            return True
    return False


def _alphabet() -> list[str]:
    gate = normalize._gate()
    if gate is None:
        return ["a"]
    # Some characters of every set, the ligatures, the characters that always go to ftfy, a
    # combining mark and plain letters.
    chars = {c for chars in gate.sets for c in sorted(chars)[:4]} | set(sorted(gate.ligatures)[:3])
    return sorted(chars | set("aZ .\n\x1b\x85\u0301éü’“”–\u00a0\ud800"))


ALPHABET = _alphabet()


@pytest.mark.skipif(normalize._gate() is None, reason="this ftfy's detector is not read")
@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=14) | st.text(max_size=30))
@example("doesnÃ¢â‚¬â„¢t")
@example("ﬁnal")
@example("e\u0301")
@example("Ð¡Ð¾Ð±Ð°ÐºÐ°")
def test_the_gate_answers_as_its_plain_definition(line: str) -> None:
    assert normalize._ftfy_may_change(line) == _plain_may_change(line)


def test_every_set_pair_found_by_the_one_search() -> None:
    gate = normalize._gate()
    if gate is None:
        pytest.skip("this ftfy's detector is not read")
    for need, first, second in gate.branches:
        if first < 0:
            continue
        a, b = min(gate.sets[first]), min(gate.sets[second])
        assert gate.any_branch(f"x{a}{b}y", need) == gate.has_pair(f"x{a}{b}y", first, second)
        assert gate.any_branch(f"x{a}{b}y", need)
