"""The pre-check that keeps ftfy (and its import) away from lines it would leave unchanged.

It must be sound: whenever it says a line is safe, ftfy returns that line unchanged, so the
output is the same as when every non-ASCII line went through ftfy.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.rules import normalize

SAFE = [
    "plain ASCII only",
    "“Curly quotes” and it’s a dash – or — an ellipsis…",
    "Kowalski: sojusznicy potępiają łamanie zasad, Źródło: agencja",
    "Grüße aus Köln, Übermorgen ist schön",
    "naïve café, Łódź, Ελλάδα, Москва, 東京, 👩\u200d💻",
    "10\u00a0km and 5\u202f000 people",
]

CHANGED = [
    "The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows.",
    "cafÃ© au lait",
    "ﬁnal ﬂow",
    "e\u0301 decomposed",
    "C1\x85control",
    "colour \x1b[31mred\x1b[0m, naïve",
    "Ð¡Ð¾Ð±Ð°ÐºÐ°",
]


def ftfy_leaves(line: str) -> bool:
    return ftfy.fix_text(line, normalize._ftfy_config()) == line


@pytest.mark.parametrize("line", SAFE)
def test_clean_lines_skip_ftfy(line: str) -> None:
    assert not normalize._ftfy_may_change(line)
    assert ftfy_leaves(line)


@pytest.mark.parametrize("line", CHANGED)
def test_lines_ftfy_repairs_go_to_ftfy(line: str) -> None:
    assert not ftfy_leaves(line)
    assert normalize._ftfy_may_change(line)


def _gate_alphabet() -> list[str]:
    gate = normalize._gate()
    assert gate is not None
    # A slice of every set the detector is made of, beside letters, spaces and common marks.
    chars = {c for chars in gate.sets for c in sorted(chars)[:6]}
    return sorted(chars | set("aeAZ ,.'’–—…“”éüłąÃÂâ€™\u00a0"))


ALPHABET = _gate_alphabet()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=12))
def test_a_line_ruled_safe_is_one_ftfy_leaves(line: str) -> None:
    if not normalize._ftfy_may_change(line):
        assert ftfy_leaves(line)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="aeiouéèüöłąśćžšřñçàß€’“”–— ", min_size=1, max_size=10),
    st.sampled_from(["latin-1", "cp1252", "cp1250", "cp1251", "macroman"]),
)
def test_mojibake_is_never_ruled_safe(word: str, wrong: str) -> None:
    broken = word.encode("utf-8").decode(wrong, errors="ignore")
    if not ftfy_leaves(broken):
        assert normalize._ftfy_may_change(broken)


@pytest.fixture
def fresh_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path))
    normalize._gate.cache_clear()
    yield tmp_path
    normalize._gate.cache_clear()


def test_gate_cache_is_rebuilt_when_corrupt(fresh_gate: Path) -> None:
    first = normalize._gate()
    (file,) = fresh_gate.glob("ftfy-gate-*.marshal")
    sound = file.read_bytes()
    file.write_bytes(sound[:10])
    normalize._gate.cache_clear()
    assert normalize._gate() == first
    assert file.read_bytes() == sound


def test_without_ftfy_every_non_ascii_line_goes_to_ftfy(
    fresh_gate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(normalize.importlib.util, "find_spec", lambda name: None)
    assert normalize._gate() is None
    assert normalize._ftfy_may_change("“quoted”")
    assert not normalize._ftfy_may_change("plain")


def test_a_detector_this_reading_does_not_know_rules_nothing_out(
    fresh_gate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unknown_shape() -> tuple[object, ...]:
        raise ValueError("an ftfy from the future")

    monkeypatch.setattr(normalize, "_analyse_detector", unknown_shape)
    assert normalize._gate() is None
    assert normalize._ftfy_may_change("“quoted”")


def test_clean_text_never_imports_ftfy() -> None:
    code = (
        "import sys\n"
        "from textfix import fix_text\n"
        "fix_text('“Quoted” – it’s fine.\\nGrüße aus Köln.\\n')\n"
        "assert 'ftfy' not in sys.modules\n"
        "fix_text('cafÃ© au lait\\n')\n"
        "assert 'ftfy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


_GATE_LINES = st.sampled_from([*SAFE, *CHANGED, "", "   ", "Ã", "â€", "\u00e9", "x\u0301"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_GATE_LINES, max_size=6), st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_text_the_gate_clears_has_no_line_it_would_send_to_ftfy(
    lines: list[str], ending: str
) -> None:
    # fix_unicode asks the gate about the whole text first and skips the lines when it says no:
    # that is sound only if a text is cleared only when each of its lines would be.
    text = ending.join(lines)
    if not normalize._ftfy_may_change(text):
        assert not any(normalize._ftfy_may_change(line) for line in lines)


def test_the_pair_test_finds_a_pair_only_side_by_side() -> None:
    gate = normalize._gate()
    if gate is None:
        pytest.skip("this ftfy's detector is not read")
    paired = [(need, first, second) for need, first, second in gate.branches if first >= 0]
    assert paired
    _, first, second = paired[0]
    a, b = min(gate.sets[first]), min(gate.sets[second])
    assert gate.has_pair(f"x{a}{b}y", first, second)
    assert not gate.has_pair(f"x{a} {b}y", first, second)
    assert not gate.has_pair(f"x{b}y{a}", first, second) or (a in gate.sets[second])
