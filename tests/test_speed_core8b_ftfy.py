"""What ftfy makes of a line, told without it (normalize._ftfy_without_it), is what ftfy makes
of it whenever it is told."""

from __future__ import annotations

import ftfy
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from textfix.rules import normalize


def _alphabet() -> list[str]:
    gate = normalize._gate()
    if gate is None:
        return ["a"]
    chars = {c for chars in gate.sets for c in sorted(chars)[:4]} | set(sorted(gate.ligatures)[:2])
    # Letters and combining marks that NFC composes, beside the marks ftfy reads.
    return sorted(chars | set("aeouAZ .’“”–éüÃâ€™\u0301\u0308\u0327\u00a0\x85\x1b"))


@pytest.mark.skipif(normalize._gate() is None, reason="this ftfy's detector is not read")
@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=_alphabet(), max_size=14) | st.text(max_size=20))
@example("Würde")
@example("cafÃ© au lait")
@example("Ã\u0301")
@example("ﬁnal")
def test_a_line_told_without_ftfy_is_as_ftfy_makes_it(line: str) -> None:
    known = normalize._ftfy_without_it(line)
    if known is not None:
        assert known == ftfy.fix_text(line, normalize._ftfy_config())


def test_lines_ftfy_repairs_are_told_by_ftfy() -> None:
    for line in ("cafÃ© au lait", "ﬁnal ﬂow", "C1\x85control", "colour \x1b[31mred"):
        assert normalize._ftfy_without_it(line) is None
    if normalize._gate() is not None:
        assert normalize._ftfy_without_it("Wu\u0308rde") == "Würde"


def test_an_ftfy_release_whose_fix_order_was_not_read_is_always_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ftfy, "__version__", "7.0.0")
    data = normalize._read_gate()
    if not data:
        pytest.skip("this ftfy's detector is not read")
    assert data[4] == ("", 0)
    sets, branches, ligatures, masks, badness = data
    gate = normalize._Gate(masks, sets, branches, ligatures, frozenset(masks), badness)
    monkeypatch.setattr(normalize, "_gate", lambda: gate)
    assert normalize._ftfy_without_it("Wu\u0308rde") is None
    assert normalize._ftfy_line("Wu\u0308rde") == "Würde"
